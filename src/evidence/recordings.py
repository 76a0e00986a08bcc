"""Looking up filed recordings.

SQLAlchemy and the models load on first use: `evidence list` reads its summaries with sqlite3
alone and starts in about the time it takes to import SQLAlchemy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import db as database
from .errors import NotFound
from .i18n import _

if TYPE_CHECKING:
    from sqlalchemy import Select
    from sqlalchemy.orm import Session

    from .db.models import LogEntry, Recording

MIN_SHA_PREFIX = 6  # characters of a SHA-256 that name a recording (show, forget)


def lookup(session: Session, ref: str, query: Select | None = None) -> Recording:
    """The one reference lookup: a recording by its number (id, as `evidence list` shows) or by a
    prefix of its SHA-256 of at least MIN_SHA_PREFIX characters. Raises NotFound with what to do."""
    from sqlalchemy import select

    from .db.models import Recording

    ref = ref.strip().lower()
    query = query if query is not None else select(Recording)
    if ref.isdigit() and len(ref) < MIN_SHA_PREFIX:
        row = session.scalar(query.where(Recording.id == int(ref)))
        if row is not None:
            return row
        raise NotFound(_("No recording numbered {number}; `evidence list` shows them").format(number=int(ref)))
    if len(ref) < MIN_SHA_PREFIX or any(c not in "0123456789abcdef" for c in ref):
        raise NotFound(_("'{ref}': give a recording number or at least {n} characters of its SHA-256 "
                         "(`evidence list` shows both)").format(ref=ref, n=MIN_SHA_PREFIX))
    rows = session.scalars(query.where(Recording.sha256.like(f"{ref}%"))).all()
    if not rows:
        raise NotFound(_("No recording matches '{ref}'; `evidence list` shows them").format(ref=ref))
    if len(rows) > 1:
        raise NotFound(_("'{ref}' matches {n} recordings; give more of the SHA-256").format(ref=ref, n=len(rows)))
    return rows[0]


def search(ref: str) -> list[Recording]:
    """Recordings a person may mean by REF: its number, the start of its SHA-256, the caller's
    phone number (any way of writing it) or part of the file name. Raises NotFound when none."""
    from sqlalchemy import func, or_, select
    from sqlalchemy.orm import selectinload

    from .db.models import Recording
    from .ingest.callmeta import normalise_number

    text = ref.strip()
    with database.session() as s:
        if text.isdigit() and len(text) < MIN_SHA_PREFIX:
            row = s.get(Recording, int(text))
            if row is not None:
                return [row]
        conditions = [func.lower(Recording.original_name).contains(text.lower())]
        if len(text) >= MIN_SHA_PREFIX and all(c in "0123456789abcdef" for c in text.lower()):
            conditions.append(Recording.sha256.like(f"{text.lower()}%"))
        number = normalise_number(text) if any(c.isdigit() for c in text) else None
        if number:
            conditions.append(Recording.caller.contains(number))
        rows = list(s.scalars(select(Recording).where(or_(*conditions)).options(selectinload(Recording.flags))
                              .order_by(Recording.call_start, Recording.id)).all())
    if rows:
        return rows
    if text.isdigit() and len(text) < MIN_SHA_PREFIX:
        raise NotFound(_("No recording numbered {number}; `evidence list` shows them").format(number=int(text)))
    raise NotFound(_("No recording matches '{ref}' (by number, SHA-256, phone number or file name); "
                     "`evidence list` shows them").format(ref=text))


def months_with_calls() -> list[tuple[str, int]]:
    """Each month (YYYY-MM) that has filed calls, with how many, oldest first."""
    conn = database.connect_current()
    try:
        rows = conn.execute(
            "SELECT strftime('%Y-%m', call_start) AS m, count(*) FROM recordings "
            "WHERE status = 'done' AND call_start IS NOT NULL GROUP BY m ORDER BY m").fetchall()
    finally:
        conn.close()
    return [(m, n) for m, n in rows]


def find(ref: str) -> Recording:
    """A recording (with segments, words and flags loaded) by number or SHA-256 prefix; see lookup."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from .db.models import Recording, Segment

    with database.session() as s:
        return lookup(s, ref, select(Recording).options(
            selectinload(Recording.segments).selectinload(Segment.words),
            selectinload(Recording.flags),
        ))


def all_recordings(include_failed: bool = True) -> list[Recording]:
    """Every filed recording (and failed attempt unless include_failed is False), flags loaded."""
    from sqlalchemy import select
    from sqlalchemy.orm import selectinload

    from .db.models import Recording

    with database.session() as s:
        query = select(Recording).options(selectinload(Recording.flags)).order_by(
            Recording.call_start, Recording.id)
        if not include_failed:
            query = query.where(Recording.status == "done")
        return list(s.scalars(query).all())


def history(rec: Recording) -> tuple[list[LogEntry], dict[int, str]]:
    """A recording's log entries (oldest first) and each flag's review decision by flag id."""
    from sqlalchemy import select

    from .db.models import LogEntry
    from .trust import review

    with database.session() as s:
        decisions = review.states(s)
        entries = list(s.scalars(select(LogEntry).where(LogEntry.subject == rec.sha256)
                                 .order_by(LogEntry.seq)).all())
    states = {f.id: decisions[fp].decision for f in rec.flags
              if (fp := review.flag_fingerprint(rec, f)) in decisions}
    return entries, states


@dataclass(frozen=True)
class RecordingSummary:
    """One line of `evidence list`: what summary_row shows, read without the ORM."""

    id: int
    sha256: str
    original_name: str
    status: str
    error: str | None
    call_start: dt.datetime | None
    caller: str | None
    contact: str | None
    duration: float | None
    flag_count: int


def summaries() -> list[RecordingSummary]:
    """Every recording and failed attempt, oldest call first, with its flag count (plain sqlite3)."""
    conn = database.connect_current()
    try:
        rows = conn.execute(
            "SELECT r.id, r.sha256, r.original_name, r.status, r.error, r.call_start, r.caller, r.contact, "
            "r.duration, "
            "(SELECT count(*) FROM flags f WHERE f.recording_id = r.id AND coalesce(f.speaker, '') != 'debtor') "
            "FROM recordings r ORDER BY r.call_start, r.id").fetchall()
    finally:
        conn.close()
    return [RecordingSummary(i, sha, name, status, error, dt.datetime.fromisoformat(start) if start else None,
                             caller, contact, duration, n)
            for i, sha, name, status, error, start, caller, contact, duration, n in rows]
