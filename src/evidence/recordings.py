"""Looking up filed recordings."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from . import db as database
from .db.models import Recording, Segment
from .errors import NotFound


def find(ref: str) -> Recording:
    """A recording by its number (id) or a prefix of its SHA-256 (at least 4 characters)."""
    ref = ref.strip().lower()
    with database.session() as s:
        query = select(Recording).options(
            selectinload(Recording.segments).selectinload(Segment.words),
            selectinload(Recording.flags),
        )
        if ref.isdigit() and len(ref) < 8:
            row = s.scalar(query.where(Recording.id == int(ref)))
            if row is not None:
                return row
        if len(ref) < 4:
            raise NotFound(f"'{ref}': give a recording number or at least 4 characters of its SHA-256")
        rows = s.scalars(query.where(Recording.sha256.like(f"{ref}%"))).all()
        if not rows:
            raise NotFound(f"no recording matches '{ref}'; `evidence list` shows them")
        if len(rows) > 1:
            raise NotFound(f"'{ref}' matches {len(rows)} recordings; give more of the SHA-256")
        return rows[0]


def all_recordings(include_failed: bool = True) -> list[Recording]:
    with database.session() as s:
        query = select(Recording).options(selectinload(Recording.flags)).order_by(
            Recording.call_start, Recording.id)
        if not include_failed:
            query = query.where(Recording.status == "done")
        return list(s.scalars(query).all())
