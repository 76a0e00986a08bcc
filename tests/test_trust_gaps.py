"""What the adversarial test found in `verify`: hidden recordings, review edits, a truncated chain."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from conftest import CALLS, copy_home, run_cli

pytestmark = pytest.mark.model  # the fixtures file recordings with the real model


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """Two recordings filed by the real model once per module, with one review decision."""
    home = tmp_path_factory.mktemp("template") / "home"
    env = {"EVIDENCE_HOME": str(home)}
    run_cli("ingest", "-q", str(next(CALLS.glob("13700001111*"))), str(next(CALLS.glob("13700001112*"))),
            env=env, check=True)
    (fid,) = sql(home, "select id from flags order by id limit 1")[0]
    run_cli("review", "--flag", str(fid), "--confirm", env=env, check=True)
    return home


@pytest.fixture
def filed(template, evidence_home) -> Path:
    copy_home(template, evidence_home)
    return evidence_home


def sql(home: Path, statement: str, *args) -> list[tuple]:
    conn = sqlite3.connect(home / "evidence.sqlite3")
    try:
        with conn:
            return conn.execute(statement, args).fetchall()
    finally:
        conn.close()


def verify() -> tuple[int, str]:
    proc = run_cli("verify")
    return proc.returncode, proc.stdout + proc.stderr


def test_copied_store_verifies(filed):
    code, out = verify()
    assert code == 0, out


def test_recording_deleted_from_the_database_is_reported(filed):
    sha = sql(filed, "select sha256 from recordings where id=1")[0][0]
    sql(filed, "pragma foreign_keys=on")
    with sqlite3.connect(filed / "evidence.sqlite3") as conn:
        conn.execute("pragma foreign_keys=on")
        conn.execute("delete from recordings where id=1")
    code, out = verify()
    assert code == 1 and sha[:12] in out and "missing from the database" in out, out


def test_recording_set_to_failed_is_reported(filed):
    sha = sql(filed, "select sha256 from recordings where id=2")[0][0]
    sql(filed, "update recordings set status='failed' where id=2")
    code, out = verify()
    assert code == 1 and sha[:12] in out and "marked 'failed'" in out, out


def test_forgotten_recording_is_not_reported(filed):
    sha = sql(filed, "select sha256 from recordings where id=1")[0][0]
    run_cli("forget", sha, "--reason", "test", "--yes", check=True)
    code, out = verify()
    assert code == 0, out


def test_flipped_review_decision_is_reported(filed):
    sql(filed, "update reviews set decision='dismissed'")
    code, out = verify()
    assert code == 1 and "review decision" in out and "changed outside the program" in out, out


def test_deleted_review_decision_is_reported(filed):
    sql(filed, "delete from reviews")
    code, out = verify()
    assert code == 1 and "review decision" in out and "deleted" in out, out


def test_added_review_decision_is_reported(filed):
    sql(filed, "insert into reviews (recording_sha256, fingerprint, decision, decided_at) "
               "values ('x', 'y', 'confirmed', '2026-11-01 00:00:00')")
    code, out = verify()
    assert code == 1 and "added outside the program" in out, out


def test_last_log_entry_deleted_is_reported(filed):
    last = sql(filed, "select max(seq) from log_entries")[0][0]
    sql(filed, "delete from log_entries where seq=?", last)
    sql(filed, "delete from reviews")  # hide the review whose entry went, too
    code, out = verify()
    assert code == 1 and f"the log ends at entry {last - 1}" in out and "removed from the end" in out, out


def test_missing_head_file_is_reported(filed):
    os.unlink(filed / "evidence.sqlite3.head")
    code, out = verify()
    assert code == 1 and "chain head file" in out, out


def test_every_report_carries_the_chain_head(filed):
    seq, digest = sql(filed, "select seq, entry_sha256 from log_entries order by seq desc limit 1")[0]
    for fmt in ("csv", "markdown", "html", "json", "terminal"):
        out = run_cli("report", "--month", "2026-11", "--format", fmt, check=True).stdout
        assert digest in out, fmt
    assert (filed / "evidence.sqlite3.head").read_text().split() == [str(seq), digest]
