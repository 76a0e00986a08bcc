"""The tamper-evident log: every ingest, reflag, review, export and deletion appends an entry
holding the SHA-256 of its content and of the previous entry.

Entries hold hashes and decisions only, never names or numbers, so `evidence forget` can remove a
recording's personal data while the chain stays intact. Verification recomputes the row digests the
entries cover, so a row edited behind the program's back is found and named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import NamedTuple

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from ..db.models import Flag, LogEntry, Recording

GENESIS = "0" * 64


def canonical(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def entry_hash(seq: int, at: dt.datetime, action: str, subject: str | None, content_sha256: str,
               prev_sha256: str) -> str:
    return sha(canonical([seq, at.isoformat(), action, subject, content_sha256, prev_sha256]))


def append(session: Session, action: str, content: dict, subject: str | None = None) -> LogEntry:
    """Append an entry in the caller's transaction (after its other writes)."""
    last = session.scalar(select(LogEntry).order_by(LogEntry.seq.desc()).limit(1))
    seq = (last.seq + 1) if last else 1
    prev = last.entry_sha256 if last else GENESIS
    at = dt.datetime.now().replace(microsecond=0)
    body = canonical(content)
    content_sha = sha(body)
    entry = LogEntry(seq=seq, at=at, action=action, subject=subject, content=body,
                     content_sha256=content_sha, prev_sha256=prev,
                     entry_sha256=entry_hash(seq, at, action, subject, content_sha, prev))
    session.add(entry)
    session.flush()
    session.info["chain_head"] = Head(seq, entry.entry_sha256)
    return entry


# ---------------------------------------------------------------- the head file

class Head(NamedTuple):
    seq: int
    sha256: str


def head_file(database: Path) -> Path:
    """The small file beside the database that remembers the log's last entry: deleting entries from
    the end of the chain leaves a valid chain, and only this (and the head printed in every report)
    tells that it was longer."""
    return database.with_name(database.name + ".head")


def write_head_file(database: Path, head: Head) -> None:
    """Replace the head file atomically (write, sync, rename)."""
    target = head_file(database)
    tmp = target.with_name(target.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(f"{head.seq} {head.sha256}\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def read_head_file(database: Path) -> Head | None:
    try:
        seq, digest = head_file(database).read_text(encoding="utf-8").split()
        return Head(int(seq), digest)
    except (FileNotFoundError, ValueError):
        return None


@event.listens_for(Session, "after_commit")
def _remember_head(session: Session) -> None:
    new = session.info.pop("chain_head", None)
    if new is None:
        return
    database = session.get_bind().url.database
    if database and database != ":memory:":
        old = read_head_file(Path(database))
        if old is None or new.seq >= old.seq:
            write_head_file(Path(database), new)


@event.listens_for(Session, "after_rollback")
def _forget_head(session: Session) -> None:
    session.info.pop("chain_head", None)


def head(session: Session) -> LogEntry | None:
    return session.scalar(select(LogEntry).order_by(LogEntry.seq.desc()).limit(1))


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(LogEntry)) or 0


# ---------------------------------------------------------------- row digests


def recording_digest(rec: Recording) -> str:
    return sha(canonical([rec.sha256, rec.stored_path, rec.size, rec.format, rec.codec, rec.duration,
                          rec.caller, rec.contact, rec.call_start, rec.time_source, rec.status]))


def transcript_digest(rec: Recording) -> str:
    # A corrected line adds its machine text; uncorrected lines hash as they always did, so
    # databases filed before corrections existed still verify.
    lines = [[s.idx, s.start, s.end, s.text, s.avg_logprob, s.no_speech_prob,
              [[w.idx, w.start, w.end, w.text, w.probability] for w in s.words]]
             + ([s.machine_text] if s.machine_text is not None else [])
             for s in rec.segments]
    second = rec.second_hearing  # recordings filed before the second hearing hash as they always did
    if second is None:
        return sha(canonical(lines))
    return sha(canonical({"segments": lines, "second_hearing": sha(second.content)}))


def flag_digest(f: Flag) -> str:
    return sha(canonical([f.category, f.rule_id, f.kind, f.match, f.text, f.normalized, f.start, f.end,
                          f.confidence, f.severity, f.legal_basis, f.lexicon_version]))


def flags_content(rec: Recording) -> dict[str, str]:
    return {str(f.id): flag_digest(f) for f in rec.flags}


def ingest_content(rec: Recording) -> dict:
    return {"sha256": rec.sha256, "recording": recording_digest(rec),
            "transcript": transcript_digest(rec), "flags": flags_content(rec)}
