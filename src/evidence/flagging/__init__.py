"""Flags in the database: computed from a recording's transcript, stored with the lexicon version."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import lru_cache

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from .. import db as database
from .. import paths
from ..db.models import Flag, Recording, Segment
from ..trust import chain
from . import matcher
from .hits import MODEL_KIND
from .lexicon import Lexicon, lexicon_version, load


@lru_cache(maxsize=2)
def _load_cached(folder: str, version: str) -> Lexicon:
    from pathlib import Path

    return load(Path(folder))


def current_lexicon() -> Lexicon:
    """The lexicon in the lexicon folder, reloaded only when its files change."""
    folder = paths.resolve().lexicons
    return _load_cached(str(folder), lexicon_version(folder) if folder.is_dir() else "")


def stretch_points(texts: Sequence[str]) -> list[int]:
    """The lexicon's violations in each stretch of speech, read alone: the speaker stage's clue to
    which voice is the collector (asr.attribution takes it as `words_points`)."""
    return matcher.violation_points(texts, current_lexicon())


def _trusted_speakers(segments: list, hits: list) -> bool:
    """Whether the speaker split can decide which hits are the debtor's own words.

    A debtor rarely says more abusive things than the collector; when most of a call's hits fall
    on the "debtor", the two voices were most likely merged or swapped, and demoting those hits to
    context would hide the collector's words. Then every hit stays a flag (speaker unknown): a
    person can still fix the parties with `evidence speaker`."""
    said = [segments[h.segment].speaker for h in hits if h.kind != MODEL_KIND] if segments else []
    debtor, collector = said.count("debtor"), said.count("collector")
    if not (debtor >= 2 and debtor > collector):
        return True
    # unless the two voices' words say plainly that the split named them rightly: in a polite call,
    # a debtor telling what earlier callers threatened (说要冻结我工资卡) has more hits than the collector
    from ..asr import role_words
    from ..asr.speaker_roles import WORDS_OVERRIDE

    turns = ([s.text for s in segments if s.speaker == "collector"],
             [s.text for s in segments if s.speaker == "debtor"])
    return role_words.margin(turns) >= WORDS_OVERRIDE


COLLECTOR_WORDS = 1.5  # cue points (asr/speaker_roles.py) at which a turn reads as the collector's


def _speaker(segment, trusted: bool, by_user: bool) -> str:
    """Who said a hit: the segment's speaker, or unknown when the split cannot decide it.

    A turn the split gave the debtor but whose words read as the collector's, by the cues or by the
    words model (我们只能找单位，你们做领导的得管管; 你这种老赖我见多了) keeps its flags, speaker
    unknown: a voice split merges short turns, and a lost flag is lost evidence. A person's word
    (`evidence speaker`) always stands."""
    from ..asr.speaker_roles import cue_points

    said = getattr(segment, "speaker", None) or "unknown"
    if by_user:
        return said
    if not trusted or (said == "debtor" and (cue_points(segment.text) >= COLLECTOR_WORDS
                                             or _sounds_like_collector(segment.text))):
        return "unknown"
    return said


COLLECTOR_LOG_ODDS = 1.5  # the words model (asr/role_words.py) at which a turn reads as the collector's


def _sounds_like_collector(text: str) -> bool:
    from ..asr import role_words

    model = role_words.role_model()
    return model is not None and float(model.logits([text])[0]) >= COLLECTOR_LOG_ODDS


def flag_rows(rec: Recording, lex: Lexicon) -> list[Flag]:
    segments = list(rec.segments)
    now = dt.datetime.now().replace(microsecond=0)
    rows = []
    parts = _second_hearing_parts(rec, segments)
    hits = matcher.find_flags(_with_also_heard(segments, parts), lex)
    second = _second_hearing_hits(segments, parts, [h for h in hits if not h.confirmed_by_second_hearing], lex)
    hits = [h for h in hits if not (h.confirmed_by_second_hearing and _near_same(h, [s for s, _seg in second]))]
    by_user = rec.speaker_method == "user"
    trusted = by_user or _trusted_speakers(segments, hits)  # a person's word stands
    for hit in hits:
        rows.append(_row(rec, hit, segments[hit.segment] if segments else None, hit.match, lex, now,
                         _speaker(segments[hit.segment], trusted, by_user) if segments else "unknown"))
    for hit, seg in second:
        rows.append(_row(rec, hit, seg, SECOND_MATCH, lex, now, _speaker(seg, trusted, by_user)))
    return rows


SECOND_MATCH = "second"  # a flag only the second hearing found (asr/second_hearing.py)


def _near_same(hit, others: list) -> bool:
    """Whether one of others has hit's category within the second hearing's NEAR of it: a flag the
    second hearing's own words give is better evidence than the model's reading of the turn."""
    from ..asr.second_hearing import NEAR

    return any(o.category == hit.category and o.start < hit.end + NEAR and hit.start < o.end + NEAR for o in others)


def _row(rec: Recording, hit, seg, match: str, lex: Lexicon, now: dt.datetime, speaker: str) -> Flag:
    return Flag(
        recording_id=rec.id, segment_id=seg.id if seg is not None else None,
        category=hit.category, rule_id=hit.rule_id, kind=hit.kind, match=match,
        text=hit.text, normalized=hit.normalized, start=hit.start, end=hit.end,
        confidence=hit.confidence, severity=hit.severity, legal_basis=",".join(hit.basis),
        lexicon_version=lex.version, created_at=now, speaker=speaker,
    )


def _second_hearing_parts(rec: Recording, segments: list) -> list:
    """The second hearing cut at the transcript's segments (asr/second_hearing.pieces); none when
    there is no second hearing or no transcript."""
    from ..asr import second_hearing

    row = rec.second_hearing
    if row is None or not segments:
        return []
    return [p for p in second_hearing.pieces(segments, second_hearing.from_json(row.content)) if p.text]


class _AlsoHeard:
    """A transcript segment with the words the second hearing heard in it (`also_heard`), which the
    second opinion reads where the transcript's words were heard poorly."""

    __slots__ = ("_segment", "also_heard")

    def __init__(self, segment, also_heard: str | None):
        self._segment = segment
        self.also_heard = also_heard

    def __getattr__(self, name: str):
        return getattr(self._segment, name)


def _with_also_heard(segments: list, parts: list) -> list:
    if not parts:
        return segments
    heard: dict[int, list[str]] = {}
    for p in parts:
        heard.setdefault(p.index, []).append(p.text)
    return [_AlsoHeard(s, "".join(heard[i]) if i in heard else None) for i, s in enumerate(segments)]


def _second_hearing_hits(segments: list, parts: list, hits: list, lex: Lexicon) -> list:
    """(hit, transcript segment) for what the second hearing alone finds in the collector's turns
    or a turn whose speaker is not known; nothing when there is no second hearing or no transcript."""
    from ..asr import second_hearing

    if not parts:
        return []
    found = matcher.find_flags(parts, lex)
    return [(h, segments[parts[h.segment].index]) for h in second_hearing.new_hits(hits, found)
            if parts[h.segment].speaker != "debtor"]


def flag_new_recording(session: Session, rec: Recording) -> None:
    """Called inside the ingest transaction, so a recording is never filed without its flags
    and its log entry."""
    lex = current_lexicon()
    rec.flags.extend(flag_rows(rec, lex))
    session.flush()
    chain.append(session, "ingest", {**chain.ingest_content(rec), "lexicon": lex.version},
                 subject=rec.sha256)


MANUAL_KIND = "manual"  # a flag a person added (trust/manual_flags.py); recomputing keeps it
_REFRESHED = ("segment_id", "kind", "match", "text", "end", "confidence", "severity", "legal_basis",
              "lexicon_version", "speaker")


def replace_flags(session: Session, rec: Recording, rows: list[Flag]) -> None:
    """Make rows the recording's machine flags, keeping the row, and so the number people use
    (`evidence review --flag N`), of every flag that is found again (same fingerprint). A person's
    flags (kind `manual`) are never touched."""
    from ..trust.review import flag_fingerprint

    old: dict[str, Flag] = {}
    for f in rec.flags:
        if f.kind != MANUAL_KIND:
            old.setdefault(flag_fingerprint(rec, f), f)
    fresh = []
    for row in rows:
        kept = old.pop(flag_fingerprint(rec, row), None)
        if kept is None:
            fresh.append(row)
            continue
        for attr in _REFRESHED:
            setattr(kept, attr, getattr(row, attr))
    for gone in old.values():
        rec.flags.remove(gone)
    session.flush()
    rec.flags.extend(fresh)
    session.flush()


def redo_machine_flags(session: Session, rec: Recording, lex: Lexicon) -> list[Flag]:
    """Recompute the machine's flags on `rec` from its transcript (see replace_flags); returns them.

    Every stage that recomputes flags (reflag, speaker fixes, corrections) goes through
    replace_flags, so none of them drops what a person added."""
    rows = flag_rows(rec, lex)
    replace_flags(session, rec, rows)
    return rows


def reflag(on_progress: Callable[[int, int], None] | None = None) -> tuple[int, int, str]:
    """Re-run matching over every stored transcript; returns (recordings, machine flags, lexicon version).

    Flags a person added are kept as they are."""
    lex = current_lexicon()
    total = 0
    with database.session() as s, s.begin():
        recs = s.scalars(select(Recording).where(Recording.status == "done").options(
            selectinload(Recording.segments).selectinload(Segment.words),
            selectinload(Recording.flags))).all()
        for i, rec in enumerate(recs, 1):
            rows = redo_machine_flags(s, rec, lex)
            chain.append(s, "reflag", {"sha256": rec.sha256, "flags": chain.flags_content(rec),
                                       "lexicon": lex.version}, subject=rec.sha256)
            total += len(rows)
            if on_progress:
                on_progress(i, len(recs))
    return len(recs), total, lex.version
