"""Opening the database: SQLite with foreign keys, WAL and a busy timeout, upgraded on first use."""

from __future__ import annotations

import contextvars
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .. import paths

if TYPE_CHECKING:  # SQLAlchemy loads on first use: `evidence list` reads with sqlite3 alone
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

BUSY_TIMEOUT_S = 60


def _on_connect(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _on_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cur.close()


_READ_ONLY = contextvars.ContextVar("evidence_read_only", default=False)


def _on_begin(conn) -> None:
    # Take the write lock at the start: two processes (watch and ingest) then queue on the busy
    # timeout instead of failing when both try to upgrade a read lock, and log entries get
    # consecutive sequence numbers. Reads (see read_only) take a plain snapshot instead, so a page
    # being viewed never waits on, or holds up, `evidence watch` filing a recording.
    read_only = conn.get_execution_options().get("evidence_read_only", False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


@contextmanager
def read_only() -> Iterator[None]:
    """Sessions opened inside this block only read: they take no write lock (WAL snapshot)."""
    token = _READ_ONLY.set(True)
    try:
        yield
    finally:
        _READ_ONLY.reset(token)


def _alembic_config(migrations: Path, url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations))
    cfg.set_main_option("sqlalchemy.url", url)
    return cfg


_REVISION = re.compile(r"^revision\s*=\s*[\"']([^\"']+)[\"']", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.M)


def head_revision(migrations: Path) -> str | None:
    """The newest migration's revision id, read from the revision files without importing Alembic:
    the one revision no other file names as its down_revision (None if that is not exactly one)."""
    revisions, parents = set(), set()
    for f in (migrations / "versions").glob("*.py"):
        text = f.read_text(encoding="utf-8")
        if m := _REVISION.search(text):
            revisions.add(m.group(1))
        if d := _DOWN.search(text):
            parents.update(re.findall(r"[\"']([^\"']+)[\"']", d.group(1)))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def stored_revision(database: Path) -> str | None:
    """The revision recorded in the database (plain sqlite3; None if there is none yet)."""
    if not database.exists():
        return None
    conn = sqlite3.connect(f"file:{database}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()
    return rows[0][0] if len(rows) == 1 else None


def connect_current() -> sqlite3.Connection:
    """A plain sqlite3 connection to a database whose schema is current (created or upgraded
    first if it is not): for quick reads that need no ORM, such as `evidence list`."""
    p = paths.resolve().ensure()
    if not is_current(p.database, p.migrations):
        engine()
    return sqlite3.connect(p.database, timeout=BUSY_TIMEOUT_S)


def is_current(database: Path, migrations: Path) -> bool:
    """True when the database is already at the newest migration, so Alembic need not run."""
    head = head_revision(migrations)
    return head is not None and stored_revision(database) == head


def _upgrade(engine: Engine, migrations: Path) -> None:
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(migrations, str(engine.url))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@lru_cache(maxsize=4)
def _engine_for(database: str, migrations: str) -> Engine:
    import fcntl

    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{database}", connect_args={"timeout": BUSY_TIMEOUT_S})
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    # The usual case, a current schema, is checked without Alembic (fast start). Otherwise two
    # commands started together (watch and ingest) must not both create the schema.
    if not is_current(Path(database), Path(migrations)):
        with open(database + ".lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            _upgrade(engine, Path(migrations))
    for suffix in ("", "-wal", "-shm", ".lock"):
        f = Path(database + suffix)
        if f.exists():
            os.chmod(f, 0o600)
    return engine


def engine() -> Engine:
    """The engine for the current data folder, creating and upgrading the database if needed."""
    p = paths.resolve().ensure()
    return _engine_for(str(p.database), str(p.migrations))


def session() -> Session:
    """A session on the current data folder's database (objects stay usable after commit);
    inside `read_only()` it reads without taking the write lock."""
    from sqlalchemy.orm import sessionmaker

    bound = engine()
    if _READ_ONLY.get():
        bound = bound.execution_options(evidence_read_only=True)
    return sessionmaker(bound, expire_on_commit=False)()
