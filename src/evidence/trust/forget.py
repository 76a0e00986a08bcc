"""Removing a recording on request: its stored original, clips and derived rows go; the log keeps
one entry with the recording's hash and the reason, so the chain stays whole and verifiable."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import delete

from .. import db as database
from .. import paths, recordings
from ..db.models import Review
from ..reports.clips import recording_clips
from . import chain


def forget(ref: str, reason: str) -> str:
    """Forget one recording (by number or SHA-256 prefix, see recordings.lookup); returns its full
    SHA-256."""
    p = paths.resolve()
    with database.session() as s, s.begin():
        rec = recordings.lookup(s, ref)
        sha256, stored = rec.sha256, rec.stored_path
        s.execute(delete(Review).where(Review.recording_sha256 == sha256))
        s.delete(rec)  # segments, words and flags go with it (cascade)
        s.flush()
        chain.append(s, "forget", {"sha256": sha256, "reason": reason}, subject=sha256)
    # Files after the commit: if this is interrupted the rows are gone and a rerun finds nothing
    # to forget, so remove files whatever happens to match.
    for path in [Path(stored)] if stored else []:
        if path.exists():
            os.chmod(path, 0o600)
            path.unlink()
    for clip in recording_clips(p.clips, sha256):
        clip.unlink()
    return sha256
