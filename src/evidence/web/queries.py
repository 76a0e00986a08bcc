"""What the pages show, read from the database on every request (so recordings filed by
`evidence watch` appear without a restart) inside `database.read_only()`: no write lock is taken."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import db as database
from ..categories import IDS as CATEGORIES
from ..db.models import Flag, Recording, Segment
from ..reports.periods import is_night
from ..trust import review

COLLECTOR_SPEAKERS = {"collector", "c", "caller", "agent", "催收方"}
DEBTOR_SPEAKERS = {"debtor", "d", "self", "me", "user", "我方"}


@dataclass(frozen=True)
class CallRow:
    id: int
    sha256: str
    original_name: str
    status: str
    error: str | None
    call_start: dt.datetime | None
    night: bool
    caller: str | None
    contact: str | None
    duration: float | None
    counts: dict[str, int]
    flags: int
    reviewed: int


@dataclass(frozen=True)
class FlagItem:
    id: int
    category: str
    start: float
    end: float
    text: str
    kind: str
    match: str
    rule: str
    confidence: float
    review: str
    note: str | None
    debtor: bool = False  # the debtor's own words: context, not a violation


@dataclass(frozen=True)
class WordItem:
    text: str
    start: float
    end: float
    flag_ids: tuple[int, ...]
    categories: tuple[str, ...]


@dataclass(frozen=True)
class LineItem:
    no: int
    start: float
    end: float
    text: str
    speaker: str | None  # 'collector' | 'debtor' | None
    machine_text: str | None  # the recogniser's text, when a person corrected the line
    words: tuple[WordItem, ...]
    flag_ids: tuple[int, ...]


@dataclass(frozen=True)
class CallPage:
    call: CallRow
    lines: tuple[LineItem, ...]
    flags: tuple[FlagItem, ...]
    time_source: str | None
    extra: dict = field(default_factory=dict)


def _speaker(seg: Segment) -> str | None:
    value = getattr(seg, "speaker", None)
    if not value:
        return None
    value = str(value).strip().lower()
    if value in COLLECTOR_SPEAKERS:
        return "collector"
    if value in DEBTOR_SPEAKERS:
        return "debtor"
    return None


def _row(rec: Recording, decisions: dict) -> CallRow:
    counts = Counter(f.category for f in rec.flags)
    reviewed = sum(1 for f in rec.flags if review.flag_fingerprint(rec, f) in decisions)
    return CallRow(id=rec.id, sha256=rec.sha256, original_name=rec.original_name, status=rec.status,
                   error=rec.error, call_start=rec.call_start,
                   night=bool(rec.call_start and is_night(rec.call_start)), caller=rec.caller,
                   contact=rec.contact, duration=rec.duration,
                   counts={c: counts.get(c, 0) for c in CATEGORIES}, flags=len(rec.flags), reviewed=reviewed)


def calls(month: str | None = None, number: str | None = None, category: str | None = None) -> list[CallRow]:
    """Every recording, newest first, filtered by month (YYYY-MM), number (any part) and category."""
    with database.read_only(), database.session() as s:
        query = select(Recording).options(selectinload(Recording.flags)).order_by(
            Recording.call_start.desc(), Recording.id.desc())
        if month:
            from ..reports.periods import month as parse_month

            period = parse_month(month)
            query = query.where(Recording.call_start >= period.start, Recording.call_start < period.end)
        if number:
            digits = "".join(ch for ch in number if ch.isdigit())
            if digits:
                query = query.where(Recording.caller.contains(digits))
        if category:
            query = query.where(Recording.flags.any(Flag.category == category))
        decisions = review.states(s)
        return [_row(rec, decisions) for rec in s.scalars(query).all()]


def months() -> list[str]:
    """The months that have calls, newest first."""
    with database.read_only(), database.session() as s:
        starts = s.scalars(select(Recording.call_start).where(Recording.call_start.is_not(None))).all()
    return sorted({f"{d:%Y-%m}" for d in starts}, reverse=True)


def call_page(recording_id: int) -> CallPage | None:
    """One call with its transcript lines, words and flags; None when there is no such recording."""
    with database.read_only(), database.session() as s:
        rec = s.get(Recording, recording_id, options=[
            selectinload(Recording.segments).selectinload(Segment.words), selectinload(Recording.flags)])
        if rec is None:
            return None
        decisions = review.states(s)
        flags = []
        for f in sorted(rec.flags, key=lambda f: (f.start, f.id)):
            decision = decisions.get(review.flag_fingerprint(rec, f))
            flags.append(FlagItem(id=f.id, category=f.category, start=f.start, end=f.end, text=f.text,
                                  kind=f.kind, match=f.match, rule=f.rule_id, confidence=f.confidence,
                                  review=decision.decision if decision else "unreviewed",
                                  note=decision.note if decision else None,
                                  debtor=getattr(f, "speaker", None) == "debtor"))
        lines = []
        for seg in rec.segments:
            overlapping = [f for f in flags if f.end > seg.start and f.start < seg.end]
            words = []
            for w in seg.words:
                on = [f for f in overlapping if f.end > w.start and f.start < w.end
                      and _inside(w.start, w.end, f.start, f.end)]
                words.append(WordItem(text=w.text, start=w.start, end=w.end, flag_ids=tuple(f.id for f in on),
                                      categories=tuple(dict.fromkeys(f.category for f in on))))
            if not seg.words:
                words.append(WordItem(text=seg.text, start=seg.start, end=seg.end,
                                      flag_ids=tuple(f.id for f in overlapping),
                                      categories=tuple(dict.fromkeys(f.category for f in overlapping))))
            lines.append(LineItem(no=seg.idx, start=seg.start, end=seg.end, text=seg.text, speaker=_speaker(seg),
                                  machine_text=getattr(seg, "machine_text", None), words=tuple(words),
                                  flag_ids=tuple(f.id for f in overlapping)))
        return CallPage(call=_row(rec, decisions), lines=tuple(lines), flags=tuple(flags),
                        time_source=rec.time_source)


def _inside(w_start: float, w_end: float, f_start: float, f_end: float) -> bool:
    """A word belongs to a flag when most of it lies inside the flag's span."""
    overlap = min(w_end, f_end) - max(w_start, f_start)
    return overlap >= 0.5 * max(w_end - w_start, 1e-6)


def stored_audio(recording_id: int) -> tuple[str, str] | None:
    """(stored path, original name) of a recording, looked up by its id; None when unknown."""
    with database.read_only(), database.session() as s:
        row = s.execute(select(Recording.stored_path, Recording.original_name)
                        .where(Recording.id == recording_id, Recording.status == "done")).first()
    if row is None or not row[0]:
        return None
    return row[0], row[1]
