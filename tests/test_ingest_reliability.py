"""Ingest under races and damage: a completed record is never replaced; the same bytes repair."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from evidence.ingest import filing as ingest
from evidence.ingest.filing import Overrides, ingest_file

from conftest import CALLS, run_cli

OGG = next(CALLS.glob("13700001112*"))


def rows(home: Path, statement: str, *args) -> list[tuple]:
    with sqlite3.connect(home / "evidence.sqlite3") as conn:
        return conn.execute(statement, args).fetchall()


@pytest.mark.model
def test_concurrent_plain_ingest_never_replaces_a_completed_record(evidence_home, monkeypatch):
    first = ingest_file(OGG, overrides=Overrides(caller="13900000001"))
    assert first.status == "filed"
    # The second run looked before the first had saved (two processes started together).
    monkeypatch.setattr(ingest, "find_by_sha", lambda _sha: None)
    second = ingest_file(OGG)
    assert second.status == "duplicate"
    assert rows(evidence_home, "select id, caller from recordings") == [(first.recording_id, "13900000001")]


@pytest.mark.model
def test_reingesting_the_same_bytes_restores_a_missing_stored_original(evidence_home):
    run_cli("ingest", "-q", str(OGG), check=True)
    (stored,) = rows(evidence_home, "select stored_path from recordings")[0]
    os.chmod(evidence_home / stored, 0o600)
    os.unlink(evidence_home / stored)
    assert "original missing" in run_cli("verify").stdout
    proc = run_cli("ingest", "-q", str(OGG), check=True)
    assert "restored" in proc.stdout, proc.stdout
    assert (evidence_home / stored).read_bytes() == OGG.read_bytes()
    assert run_cli("verify").returncode == 0
    assert rows(evidence_home, "select count(*) from log_entries") == [(1,)]  # nothing new filed


@pytest.mark.model
def test_truncated_recording_is_filed_with_a_note(evidence_home, tmp_path):
    mp3 = CALLS / "4006668888_20261106150000.mp3"
    cut = tmp_path / mp3.name
    cut.write_bytes(mp3.read_bytes()[:30000])
    proc = run_cli("ingest", "-q", str(cut), check=True)
    assert "truncated" in proc.stderr and "14.7 s" in proc.stderr, proc.stderr
    (note,) = rows(evidence_home, "select error from recordings where status='done'")[0]
    assert note and "truncated" in note


@pytest.mark.model
def test_failed_packet_leaves_nothing_behind(evidence_home, tmp_path):
    run_cli("ingest", "-q", str(OGG), check=True)
    (stored,) = rows(evidence_home, "select stored_path from recordings")[0]
    os.chmod(evidence_home / stored, 0o600)
    os.unlink(evidence_home / stored)
    out = tmp_path / "packets" / "2026-11"
    proc = run_cli("report", "--month", "2026-11", "--out", str(out))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "missing" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert not out.exists() and list(out.parent.iterdir()) == []
