"""Looking up filed recordings."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from . import db as database
from .db.models import LogEntry, Recording, Segment
from .errors import NotFound

MIN_SHA_PREFIX = 6  # characters of a SHA-256 that name a recording (show, forget)


def lookup(session: Session, ref: str, query: Select | None = None) -> Recording:
    """The one reference lookup: a recording by its number (id, as `evidence list` shows) or by a
    prefix of its SHA-256 of at least MIN_SHA_PREFIX characters. Raises NotFound with what to do."""
    ref = ref.strip().lower()
    query = query if query is not None else select(Recording)
    if ref.isdigit() and len(ref) < MIN_SHA_PREFIX:
        row = session.scalar(query.where(Recording.id == int(ref)))
        if row is not None:
            return row
    if len(ref) < MIN_SHA_PREFIX or any(c not in "0123456789abcdef" for c in ref):
        raise NotFound(f"'{ref}': give a recording number or at least {MIN_SHA_PREFIX} characters of its "
                       "SHA-256 (`evidence list` shows both)")
    rows = session.scalars(query.where(Recording.sha256.like(f"{ref}%"))).all()
    if not rows:
        raise NotFound(f"no recording matches '{ref}'; `evidence list` shows them")
    if len(rows) > 1:
        raise NotFound(f"'{ref}' matches {len(rows)} recordings; give more of the SHA-256")
    return rows[0]


def find(ref: str) -> Recording:
    """A recording (with segments, words and flags loaded) by number or SHA-256 prefix; see lookup."""
    with database.session() as s:
        return lookup(s, ref, select(Recording).options(
            selectinload(Recording.segments).selectinload(Segment.words),
            selectinload(Recording.flags),
        ))


def all_recordings(include_failed: bool = True) -> list[Recording]:
    with database.session() as s:
        query = select(Recording).options(selectinload(Recording.flags)).order_by(
            Recording.call_start, Recording.id)
        if not include_failed:
            query = query.where(Recording.status == "done")
        return list(s.scalars(query).all())


def history(rec: Recording) -> tuple[list[LogEntry], dict[int, str]]:
    """A recording's log entries (oldest first) and each flag's review decision by flag id."""
    from .trust import review

    with database.session() as s:
        decisions = review.states(s)
        entries = list(s.scalars(select(LogEntry).where(LogEntry.subject == rec.sha256)
                                 .order_by(LogEntry.seq)).all())
    states = {f.id: decisions[fp].decision for f in rec.flags
              if (fp := review.flag_fingerprint(rec, f)) in decisions}
    return entries, states
