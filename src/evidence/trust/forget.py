"""Removing a recording on request: its stored original, clips and derived rows go; the log keeps
one entry with the recording's hash and the reason, so the chain stays whole and verifiable."""

from __future__ import annotations

import os
import re

from sqlalchemy import delete

from .. import db as database
from .. import paths, recordings
from ..db.models import Review
from ..ingest import store
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
        chain.append(s, "forget", {"sha256": sha256, "reason": _without_numbers(reason)}, subject=sha256)
    # Files after the commit: if this is interrupted the rows are gone and a rerun finds nothing
    # to forget, so remove files whatever happens to match.
    original = p.original(stored)
    for path in [original] if original else []:
        # Only ever a file inside this data folder: a database copied with old absolute paths must
        # not reach into the folder it was copied from.
        if path.exists() and path.resolve().is_relative_to(p.home.resolve()):
            os.chmod(path, 0o600)
            path.unlink()
    for leftover in store.leftovers(p.store, sha256):  # copies an interrupted ingest left
        os.chmod(leftover, 0o600)
        leftover.unlink()
    for clip in recording_clips(p.clips, sha256):
        clip.unlink()
    database.checkpoint()
    return sha256


def _without_numbers(reason: str) -> str:
    """The reason as kept in the log, with phone-number-like digit runs masked: the log outlives
    the recording, and the point of forgetting is that its number goes."""
    return re.sub(r"\+?\d[\d \-]{5,}\d", "[number removed]", reason)
