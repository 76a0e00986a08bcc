"""Removing a recording on request: its stored original, clips and derived rows go; the log keeps
one entry with the recording's hash and the reason, so the chain stays whole and verifiable."""

from __future__ import annotations

import os

from sqlalchemy import delete, select

from . import chain, database, paths
from .db import Recording, Review
from .errors import NotFound


def forget(ref: str, reason: str) -> str:
    """Forget one recording (by SHA-256, at least 8 characters); returns its full SHA-256."""
    ref = ref.strip().lower()
    if len(ref) < 8:
        raise NotFound("give at least 8 characters of the recording's SHA-256 (see `evidence list`)")
    p = paths.resolve()
    with database.session() as s, s.begin():
        rows = s.scalars(select(Recording).where(Recording.sha256.like(f"{ref}%"))).all()
        if not rows:
            raise NotFound(f"no recording matches '{ref}'")
        if len(rows) > 1:
            raise NotFound(f"'{ref}' matches {len(rows)} recordings; give more of the SHA-256")
        rec = rows[0]
        sha256, stored = rec.sha256, rec.stored_path
        s.execute(delete(Review).where(Review.recording_sha256 == sha256))
        s.delete(rec)  # segments, words and flags go with it (cascade)
        s.flush()
        chain.append(s, "forget", {"sha256": sha256, "reason": reason}, subject=sha256)
    # Files after the commit: if this is interrupted the rows are gone and a rerun finds nothing
    # to forget, so remove files whatever happens to match.
    original = p.original(stored)
    for path in [original] if original else []:
        # Only ever a file inside this data folder: a database copied with old absolute paths must
        # not reach into the folder it was copied from.
        if path.exists() and path.resolve().is_relative_to(p.home.resolve()):
            os.chmod(path, 0o600)
            path.unlink()
    for clip in p.clips.glob(f"{sha256}*"):
        clip.unlink()
    return sha256
