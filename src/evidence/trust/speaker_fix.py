"""Corrections of who said what, kept in the hash-chained log like review decisions.

`swap` exchanges a call's two parties; `set_segment` names one segment's party. Either way the
call's flags are recomputed (identity refusal and which flags count as violations depend on the
speaker) and a "speaker" log entry records the change, the new speakers' digest and the new flags.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import db as database
from ..db.models import Recording, Segment
from ..errors import NotFound
from ..i18n import _
from . import chain

SWAPPED = {"collector": "debtor", "debtor": "collector", "unknown": "unknown"}
PARTIES = ("collector", "debtor")


def speakers_digest(rec: Recording) -> str:
    """Digest of every segment's party, in order."""
    return chain.sha(chain.canonical([[s.idx, s.speaker] for s in rec.segments]))


def _apply(ref: str, change: dict, edit) -> Recording:
    from ..flagging import current_lexicon, redo_machine_flags
    from ..recordings import lookup

    lex = current_lexicon()
    with database.session() as s, s.begin():
        rec = lookup(s, ref, select(Recording).options(
            selectinload(Recording.segments).selectinload(Segment.words), selectinload(Recording.flags)))
        edit(rec)
        rec.speaker_method = "user"
        redo_machine_flags(s, rec, lex)
        chain.append(s, "speaker", {"sha256": rec.sha256, **change, "speakers": speakers_digest(rec),
                                    "flags": chain.flags_content(rec), "lexicon": lex.version},
                     subject=rec.sha256)
        s.expunge_all()
        return rec


def swap(ref: str) -> Recording:
    """Exchange collector and debtor throughout one recording."""
    def edit(rec: Recording) -> None:
        for seg in rec.segments:
            seg.speaker = SWAPPED.get(seg.speaker, "unknown")
    return _apply(ref, {"change": "swap"}, edit)


def set_segment(ref: str, segment: int, speaker: str) -> Recording:
    """Name the party of one segment (its number as `evidence show` prints it: from 1, the same
    numbers `evidence correct` takes)."""
    def edit(rec: Recording) -> None:
        for seg in rec.segments:
            if seg.idx == segment - 1:
                seg.speaker = speaker
                return
        raise NotFound(_("no segment {segment} in recording {ref}; see the numbers in `evidence show {ref}`")
                       .format(segment=segment, ref=ref))
    return _apply(ref, {"change": "set", "segment": segment, "speaker": speaker}, edit)


def confirm_profile() -> int:
    """Mark the user's voice profile as confirmed; returns how many calls it was built from."""
    from ..asr import attribution

    with database.session() as s, s.begin():
        profile = attribution.load_profile(s)
        if profile is None:
            raise NotFound(_("no voice profile yet: file some calls first (evidence ingest)"))
        attribution.save_profile(s, type(profile)(profile.embedding, profile.n_calls, True))
        chain.append(s, "speaker", {"change": "confirm_profile", "calls": profile.n_calls})
        return profile.n_calls
