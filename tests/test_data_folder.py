"""A data folder is self-contained: copied or moved, it works on its own and never touches another."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CALLS, copy_home, run_cli

pytestmark = pytest.mark.model  # the fixtures file recordings with the real model

ROOT = Path(__file__).resolve().parent.parent
BEFORE_RELATIVE_PATHS = "132e9eb"  # main before stored paths became relative


def sql(home: Path, statement: str, *args) -> list[tuple]:
    with sqlite3.connect(home / "evidence.sqlite3") as conn:
        return conn.execute(statement, args).fetchall()


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("orig") / "home"
    run_cli("ingest", "-q", str(next(CALLS.glob("13700001112*"))), env={"EVIDENCE_HOME": str(home)}, check=True)
    return home


def test_stored_path_is_relative_to_the_data_folder(original):
    (stored,) = sql(original, "select stored_path from recordings")[0]
    assert not stored.startswith("/") and stored.startswith("store/")
    assert (original / stored).is_file()


def test_forget_on_a_copy_never_touches_the_original(original, tmp_path):
    copy = tmp_path / "copy"
    copy_home(original, copy)
    sha, stored = sql(copy, "select sha256, stored_path from recordings")[0]
    run_cli("forget", sha, "--reason", "copy", "--yes", env={"EVIDENCE_HOME": str(copy)}, check=True)
    assert not (copy / stored).exists()
    assert (original / stored).is_file()
    assert run_cli("verify", env={"EVIDENCE_HOME": str(original)}).returncode == 0


def test_moved_folder_verifies_and_writes_a_packet_from_its_own_files(original, tmp_path):
    moved = tmp_path / "moved"
    copy_home(original, moved)
    (stored,) = sql(moved, "select stored_path from recordings")[0]
    os.chmod(original / stored, 0o600)
    (original / stored).rename(original / (stored + ".away"))  # the old folder's copy is not there
    try:
        env = {"EVIDENCE_HOME": str(moved)}
        proc = run_cli("verify", env=env)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        run_cli("report", "--month", "2026-11", "--out", str(tmp_path / "packet"), env=env, check=True)
        assert list((tmp_path / "packet" / "clips").iterdir())
    finally:
        (original / (stored + ".away")).rename(original / stored)


@pytest.mark.model
def test_folder_filed_with_absolute_paths_then_moved_is_migrated_and_verifies(tmp_path):
    old_code = tmp_path / "old"
    old_code.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", BEFORE_RELATIVE_PATHS, "src", "migrations",
                              "lexicons"], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old_code)], input=archive, check=True)
    first = tmp_path / "first"
    env = {**os.environ, "EVIDENCE_HOME": str(first), "PYTHONPATH": str(old_code / "src"),
           "EVIDENCE_MODELS": os.environ.get("EVIDENCE_MODELS", str(ROOT / "models"))}
    subprocess.run([sys.executable, "-m", "evidence.cli", "ingest", "-q", str(next(CALLS.glob("13700001112*")))],
                   env=env, check=True, capture_output=True, timeout=600)
    assert sql(first, "select stored_path from recordings")[0][0].startswith(str(first))
    moved = tmp_path / "moved"
    first.rename(moved)
    proc = run_cli("verify", env={"EVIDENCE_HOME": str(moved)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (stored,) = sql(moved, "select stored_path from recordings")[0]
    assert stored.startswith("store/") and (moved / stored).is_file()
    assert [a for (a,) in sql(moved, "select action from log_entries order by seq")] == ["ingest", "relocate"]
    # a row edited before the upgrade is not laundered by the relocation
    sql(moved, "update recordings set caller='13900000000'")
    assert "metadata row differs" in run_cli("verify", env={"EVIDENCE_HOME": str(moved)}).stdout
