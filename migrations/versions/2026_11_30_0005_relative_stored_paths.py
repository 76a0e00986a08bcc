"""stored_path relative to the data folder (store/ab/<sha256>.ext), so a copied or moved data folder
works on its own and `forget` on a copy never touches the original

Each converted recording gets a `relocate` log entry holding its new row digest, but only when the
row still matched its last logged digest: a row edited before the upgrade stays reported by verify.

Revision ID: 0005_relative_paths
Revises: 0004_speakers
Create Date: 2026-11-30
"""
import datetime as dt
import hashlib
import json
from pathlib import PurePath

import sqlalchemy as sa
from alembic import op

revision = "0005_relative_paths"
down_revision = "0004_speakers"
branch_labels = None
depends_on = None

GENESIS = "0" * 64

recordings = sa.table(
    "recordings", sa.column("id", sa.Integer), sa.column("sha256", sa.String), sa.column("stored_path", sa.Text),
    sa.column("size", sa.Integer), sa.column("format", sa.String), sa.column("codec", sa.String),
    sa.column("duration", sa.Float), sa.column("caller", sa.String), sa.column("contact", sa.Text),
    sa.column("call_start", sa.DateTime), sa.column("time_source", sa.String), sa.column("status", sa.String))
log_entries = sa.table(
    "log_entries", sa.column("seq", sa.Integer), sa.column("at", sa.DateTime), sa.column("action", sa.String),
    sa.column("subject", sa.String), sa.column("content", sa.Text), sa.column("content_sha256", sa.String),
    sa.column("prev_sha256", sa.String), sa.column("entry_sha256", sa.String))


# The chain's hashing as of this revision (evidence/chain.py); frozen here, as migrations must be.
def _canonical(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest(row, stored_path: str) -> str:
    return _sha(_canonical([row.sha256, stored_path, row.size, row.format, row.codec, row.duration, row.caller,
                            row.contact, row.call_start, row.time_source, row.status]))


def _relative(stored: str) -> str:
    return "/".join(("store", *PurePath(stored).parts[-2:]))


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(recordings).where(recordings.c.stored_path.like("/%"))
                        .order_by(recordings.c.id)).all()
    for row in rows:
        new_path = _relative(row.stored_path)
        conn.execute(recordings.update().where(recordings.c.id == row.id).values(stored_path=new_path))
        logged = conn.execute(sa.select(log_entries.c.content).where(
            log_entries.c.subject == row.sha256, log_entries.c.action.in_(("ingest", "relocate")))
            .order_by(log_entries.c.seq.desc()).limit(1)).scalar()
        if logged is None or json.loads(logged).get("recording") != _digest(row, row.stored_path):
            continue
        last = conn.execute(sa.select(log_entries.c.seq, log_entries.c.entry_sha256)
                            .order_by(log_entries.c.seq.desc()).limit(1)).first()
        seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
        at = dt.datetime.now().replace(microsecond=0)
        body = _canonical({"sha256": row.sha256, "recording": _digest(row, new_path),
                           "reason": "stored path made relative to the data folder"})
        content_sha = _sha(body)
        entry_sha = _sha(_canonical([seq, at.isoformat(), "relocate", row.sha256, content_sha, prev]))
        conn.execute(log_entries.insert().values(seq=seq, at=at, action="relocate", subject=row.sha256,
                                                 content=body, content_sha256=content_sha, prev_sha256=prev,
                                                 entry_sha256=entry_sha))


def downgrade() -> None:
    pass  # relative paths stay readable; the relocate entries are part of the chain
