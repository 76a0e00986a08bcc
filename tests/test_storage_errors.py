"""A damaged database, a busy one, a full disk: one line saying what to do, never a traceback;
and reading never waits for a writer."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import run_cli
from reportdb import fill


def _one_line_error(proc) -> str:
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


def test_corrupt_database_gives_one_line(evidence_home):
    evidence_home.mkdir(parents=True)
    (evidence_home / "evidence.sqlite3").write_bytes(b"this is not a database" * 100)
    line = _one_line_error(run_cli("list"))
    assert "damaged" in line and "backup" in line


@pytest.fixture
def writer(evidence_home):
    """Another process holding the database's write lock."""
    fill()
    run_cli("list", check=True)
    conn = sqlite3.connect(evidence_home / "evidence.sqlite3", isolation_level=None, timeout=1)
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("update recordings set contact = contact")
    yield conn
    conn.execute("ROLLBACK")
    conn.close()


def test_read_only_commands_do_not_wait_for_a_writer(writer, tmp_path):
    # With a 1 s busy timeout, a command that asked for the write lock would fail with "in use";
    # readers must not ask for it at all (they used to wait the whole 60 s, then fail).
    env = {"EVIDENCE_BUSY_TIMEOUT": "1"}
    for args in (["list"], ["report", "--month", "2026-10", "--format", "json"], ["verify"]):
        proc = run_cli(*args, env=env)
        assert "locked" not in proc.stderr and "in use" not in proc.stderr, (args, proc.stderr)
        assert proc.returncode == 0 or args == ["verify"], (args, proc.stderr)


def test_writer_behind_a_lock_gets_one_line(writer):
    proc = run_cli("review", "--flag", "1", "--confirm", env={"EVIDENCE_BUSY_TIMEOUT": "1"})
    line = _one_line_error(proc)
    assert "in use by another evidence command" in line


def test_full_disk_gives_one_line(evidence_home):
    fill()
    line = _one_line_error(run_cli("report", "--month", "2026-10", "--format", "csv", "--output", "/dev/full"))
    assert "disk is full" in line


def test_newline_in_a_file_name_keeps_the_error_on_one_line(tmp_path):
    bad = tmp_path / "a\nb.mp3"
    bad.write_bytes(b"not audio")
    proc = run_cli("ingest", str(bad))
    assert proc.returncode == 1
    failed = [x for x in (proc.stdout + proc.stderr).splitlines() if "not a readable" in x]
    assert failed and all("a\\nb.mp3" in x for x in failed), proc.stdout + proc.stderr
