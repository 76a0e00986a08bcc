"""Correcting filed evidence without losing what the machine produced.

A person may fix a transcript line the recogniser got wrong (`correct_segment`), the caller, contact
or call time (`set_metadata`), or have the recording transcribed again with another model
(`retranscribe`). Each change, the flags recomputed from it and a log entry are written in one
transaction. The machine's text stays beside a corrected line; a replaced transcript is kept whole
in `superseded_transcripts`, its hash in the log (the log itself holds hashes only, so `forget` can
still remove everything personal).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.orm import Session, selectinload

from .. import db as database
from .. import paths, recordings
from ..db.models import Recording, Segment, SupersededTranscript, Word
from ..errors import BadArgument, NotFound
from ..i18n import _
from . import chain
from .speaker_fix import speakers_digest


@dataclass(frozen=True)
class Correction:
    """What `correct_segment` changed."""

    recording_id: int
    sha256: str
    segment: int  # 1-based, as `evidence show` prints it
    machine_text: str
    old_text: str
    new_text: str
    flags_before: int
    flags_after: int


@dataclass(frozen=True)
class MetadataChange:
    """What `set_metadata` changed: field name → (old, new), as strings."""

    recording_id: int
    sha256: str
    changes: dict[str, tuple[str | None, str | None]]
    flags_after: int


@dataclass(frozen=True)
class Retranscription:
    """What `retranscribe` changed."""

    recording_id: int
    sha256: str
    old_model: str | None
    new_model: str
    segments_before: int
    segments_after: int
    flags_before: int
    flags_after: int
    superseded_sha256: str


def _load(s: Session, ref: str) -> Recording:
    found = recordings.find(ref)
    rec = s.get(Recording, found.id, options=[
        selectinload(Recording.segments).selectinload(Segment.words), selectinload(Recording.flags)])
    if rec is None or rec.status != "done":
        raise NotFound(_("recording {ref} has no transcript (its filing failed); ingest it again")
                       .format(ref=ref))
    return rec


def _reflag(s: Session, rec: Recording, keep_person_flags: bool = True) -> str:
    """Recompute the machine's flags from the current transcript, keeping what a person added
    (unless the transcript itself was replaced); returns the lexicon version."""
    from ..flagging import current_lexicon, flag_rows, redo_machine_flags

    lex = current_lexicon()
    if keep_person_flags:
        redo_machine_flags(s, rec, lex)
    else:
        rec.flags.clear()
        s.flush()
        rec.flags.extend(flag_rows(rec, lex))
    s.flush()
    return lex.version


def _transcript_json(rec: Recording) -> list:
    return [{"idx": seg.idx, "start": seg.start, "end": seg.end, "text": seg.text,
             "machine_text": seg.machine_text, "avg_logprob": seg.avg_logprob,
             "no_speech_prob": seg.no_speech_prob,
             "speaker": seg.speaker, "voice": seg.voice,
             "words": [[w.start, w.end, w.text, w.probability] for w in seg.words]}
            for seg in rec.segments]


def _keep_superseded(s: Session, rec: Recording, reason: str) -> str:
    body = chain.canonical({"reason": reason, "model": rec.model, "segments": _transcript_json(rec)})
    digest = chain.sha(body)
    s.add(SupersededTranscript(recording_id=rec.id, model=rec.model, content=body, content_sha256=digest,
                               replaced_at=dt.datetime.now().replace(microsecond=0)))
    return digest


def _retime(words: list[Word], new_text: str, seg: Segment) -> list[Word]:
    """One word per character of the new text, timed from the old words where characters match
    and spread evenly over the stretch a replaced part covered otherwise."""
    old: list[tuple[str, float, float, float]] = []
    for w in words:
        chars = [c for c in w.text if not c.isspace()] or [""]
        step = (w.end - w.start) / len(chars)
        old += [(c, w.start + k * step, w.start + (k + 1) * step, w.probability) for k, c in enumerate(chars)]
    if not old:
        step = (seg.end - seg.start) / max(1, len(seg.text))
        old = [(c, seg.start + k * step, seg.start + (k + 1) * step, 0.6) for k, c in enumerate(seg.text)]
    new_chars = [c for c in new_text if not c.isspace()]
    timed: list[tuple[str, float, float, float]] = []
    matcher = difflib.SequenceMatcher(a=[o[0] for o in old], b=new_chars, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            timed += [(new_chars[b0 + k], *old[a0 + k][1:]) for k in range(b1 - b0)]
            continue
        if b1 == b0:
            continue
        lo = old[a0][1] if a0 < len(old) else (old[-1][2] if old else seg.start)
        hi = old[a1 - 1][2] if a1 > a0 else lo
        if hi <= lo:  # an insertion: borrow a sliver of time around the point
            hi = lo + 0.05 * (b1 - b0)
        step = (hi - lo) / (b1 - b0)
        # A person wrote these characters: full confidence in the text.
        timed += [(new_chars[b0 + k], lo + k * step, lo + (k + 1) * step, 1.0) for k in range(b1 - b0)]
    return [Word(idx=i, start=round(a, 3), end=round(b, 3), text=c, probability=p)
            for i, (c, a, b, p) in enumerate(timed)]


def correct_segment(ref: str, segment_no: int, text: str) -> Correction:
    """Replace the text of one transcript line of recording `ref` (number or SHA-256 prefix).

    `segment_no` is the 1-based line number `evidence show` prints. The recogniser's text stays in
    `machine_text`, the recording's flags are recomputed from the corrected transcript, and a
    `correct` entry goes into the log in the same transaction. Correcting a line back to the
    machine text clears the correction mark.
    """
    new_text = " ".join(text.split())
    if not new_text:
        raise BadArgument(_("the corrected text is empty; give the words as they were said"))
    with database.session() as s, s.begin():
        rec = _load(s, ref)
        if not 1 <= segment_no <= len(rec.segments):
            raise NotFound(_("recording {ref} has lines 1 to {n}; `evidence show {ref}` prints them")
                           .format(ref=ref, n=len(rec.segments)))
        seg = rec.segments[segment_no - 1]
        old_text = seg.text
        machine = seg.machine_text if seg.machine_text is not None else seg.text
        flags_before = len(rec.flags)
        _keep_superseded(s, rec, "correct")
        new_words = _retime(list(seg.words), new_text, seg)
        seg.words.clear()
        s.flush()
        seg.words.extend(new_words)
        seg.text = new_text
        seg.machine_text = None if new_text == machine else machine
        s.flush()
        s.expire(seg, ["words"])
        version = _reflag(s, rec)
        chain.append(s, "correct", {
            "sha256": rec.sha256, "segment": seg.idx, "machine_text_sha256": chain.sha(machine),
            "old_text_sha256": chain.sha(old_text), "new_text_sha256": chain.sha(new_text),
            "transcript": chain.transcript_digest(rec), "flags": chain.flags_content(rec),
            "lexicon": version}, subject=rec.sha256)
        return Correction(rec.id, rec.sha256, segment_no, machine, old_text, new_text, flags_before,
                          len(rec.flags))


def set_metadata(ref: str, caller: str | None = None, contact: str | None = None,
                 when: dt.datetime | str | None = None) -> MetadataChange:
    """Change the caller number, contact name or call start of recording `ref`.

    `caller` is normalised like a file name's number (+86, spaces and dashes dropped); `when` is a
    datetime or text such as '2026-11-03 14:30'. An empty string clears caller or contact. The time
    source becomes 'user'. Night and frequency findings follow from the new values in every report;
    the flags are recomputed and a `set` entry is logged in the same transaction.
    """
    from ..ingest.callmeta import parse_caller, parse_when

    if caller is None and contact is None and when is None:
        raise BadArgument(_("nothing to change; give --caller, --contact or --when"))
    new_caller = (parse_caller(caller) if caller.strip() else None) if caller is not None else None
    new_when = parse_when(when) if isinstance(when, str) else when
    with database.session() as s, s.begin():
        rec = _load(s, ref)
        changes: dict[str, tuple[str | None, str | None]] = {}
        if caller is not None and new_caller != rec.caller:
            changes["caller"] = (rec.caller, new_caller)
            rec.caller = new_caller
        if contact is not None and (contact.strip() or None) != rec.contact:
            changes["contact"] = (rec.contact, contact.strip() or None)
            rec.contact = contact.strip() or None
        if new_when is not None and new_when != rec.call_start:
            changes["call_start"] = (str(rec.call_start) if rec.call_start else None, str(new_when))
            rec.call_start, rec.time_source = new_when, "user"
        if not changes:
            return MetadataChange(rec.id, rec.sha256, {}, len(rec.flags))
        s.flush()
        version = _reflag(s, rec)
        chain.append(s, "set", {
            "sha256": rec.sha256, "fields": sorted(changes), "recording": chain.recording_digest(rec),
            "flags": chain.flags_content(rec), "lexicon": version}, subject=rec.sha256)
        return MetadataChange(rec.id, rec.sha256, changes, len(rec.flags))


def retranscribe(ref: str, model: str,
                 on_progress: Callable[[float, float], None] | None = None) -> Retranscription:
    """Transcribe recording `ref` again from its stored original with another Whisper `model`
    (a size name or a model folder, as for `evidence ingest --model`).

    The old transcript is kept whole in `superseded_transcripts` (its hash in the log), the new one
    replaces it (manual corrections included: they belonged to the old text), the flags are
    recomputed, and a `retranscribe` entry is logged, all in one transaction. The slow part runs
    before the transaction, so an interruption changes nothing.
    """

    from ..asr.models import resolve_model
    from ..ingest import audio

    found = recordings.find(ref)
    stored = paths.resolve().original(found.stored_path)
    if found.status != "done" or stored is None or not stored.is_file():
        raise NotFound(_("the stored original of recording {ref} is missing; `evidence verify` says more")
                       .format(ref=ref))
    model_dir = resolve_model(model)
    decoded = audio.decode(stored)
    from ..ingest.filing import attach_second_hearing, hear_twice

    segments, second = hear_twice(decoded, model_dir, None, on_progress)
    from ..asr import attribution
    from ..flagging import stretch_points

    att = attribution.attribute(decoded.samples, segments, attribution.current_profile(), stretch_points)
    with database.session() as s, s.begin():
        rec = _load(s, str(found.id))
        before_segments, before_flags, old_model = len(rec.segments), len(rec.flags), rec.model
        digest = _keep_superseded(s, rec, "retranscribe")
        rec.flags.clear()  # before the segments: the database would cascade them away unseen
        s.flush()
        rec.segments.clear()
        s.flush()
        from ..ingest.filing import attach_transcript

        attach_transcript(rec, att)
        attach_second_hearing(rec, second)
        rec.model = model
        s.flush()
        version = _reflag(s, rec, keep_person_flags=False)
        chain.append(s, "retranscribe", {
            "sha256": rec.sha256, "model": model, "superseded_sha256": digest,
            "transcript": chain.transcript_digest(rec), "flags": chain.flags_content(rec),
            "speakers": speakers_digest(rec), "recording": chain.recording_digest(rec),
            "lexicon": version}, subject=rec.sha256)
        return Retranscription(rec.id, rec.sha256, old_model, model, before_segments, len(rec.segments),
                               before_flags, len(rec.flags), digest)
