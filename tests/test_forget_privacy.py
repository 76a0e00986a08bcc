"""After `forget`, the caller's number is nowhere: not in the log, the database pages or the -wal."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import CALLS, run_cli

OGG = next(CALLS.glob("13700001112*"))
NUMBER = b"13700001112"


@pytest.mark.model
def test_forget_leaves_no_number_in_log_database_or_wal(evidence_home, tmp_path):
    run_cli("ingest", "-q", str(OGG), check=True)
    run_cli("report", "--month", "2026-11", "--out", str(tmp_path / "packet"), check=True)
    db = evidence_home / "evidence.sqlite3"
    other = sqlite3.connect(db)  # another process with the database open (keeps the -wal alive)
    try:
        other.execute("select count(*) from recordings").fetchall()
        sha = other.execute("select sha256 from recordings").fetchone()[0]
        run_cli("forget", sha, "--reason", "recorded by mistake, 137 0000 1112 is my brother", "--yes", check=True)
        contents = [c for (c,) in other.execute("select content from log_entries")]
        assert not [c for c in contents if "13700001112" in c or "1370000" in c], contents
        assert other.execute("pragma secure_delete").fetchone() in ((0,), (1,))
        for path in (db, db.with_name(db.name + "-wal")):
            if path.exists():
                assert NUMBER not in path.read_bytes(), path.name
                assert OGG.name.encode() not in path.read_bytes(), path.name
    finally:
        other.close()
    assert run_cli("verify").returncode == 0
