"""Every test gets its own data folder (EVIDENCE_HOME in tmp_path); models stay shared.

Tests read messages in English (EVIDENCE_LANG=en), so they check what is said, not the wording of
a translation; tests/test_i18n.py checks the Chinese, which is what users get by default."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
CALLS = DATA / "calls"


@pytest.fixture(scope="session")
def compiled_cache_dir(tmp_path_factory) -> Path:
    """One cache of compiled lexicons for the whole run (not the user's ~/.cache)."""
    return tmp_path_factory.mktemp("compiled-cache")


@pytest.fixture(autouse=True)
def evidence_home(tmp_path, monkeypatch, compiled_cache_dir) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("EVIDENCE_HOME", str(home))
    monkeypatch.setenv("EVIDENCE_CACHE", str(compiled_cache_dir))
    monkeypatch.setenv("EVIDENCE_LANG", "en")
    return home


@pytest.fixture(scope="session")
def labels() -> dict[str, dict]:
    return {c["file"]: c for c in json.loads((CALLS / "labels.json").read_text(encoding="utf-8"))}


def call_file(pattern: str) -> Path:
    matches = [p for p in CALLS.iterdir() if pattern in p.name and p.suffix != ".json"]
    assert len(matches) == 1, (pattern, matches)
    return matches[0]


def run_cli(*args: str, env: dict | None = None, check: bool = False) -> subprocess.CompletedProcess:
    """Run the real `evidence` command in a child process."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "evidence.cli", *args], env=full_env,
                          capture_output=True, text=True, timeout=600)
    if check and proc.returncode != 0:
        raise AssertionError(f"evidence {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def copy_home(source: Path, target: Path) -> None:
    """Copy a data folder as a user would after closing the program: the database's write-ahead
    log folded into it first, then the folder without the log files, which SQLite removes when the
    last connection closes (a copy that listed them could find them gone mid-copy)."""
    conn = sqlite3.connect(source / "evidence.sqlite3")
    try:
        busy = conn.execute("pragma wal_checkpoint(TRUNCATE)").fetchone()[0]
    finally:
        conn.close()
    assert busy == 0, "a connection to the template database is still open"
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.sqlite3-wal", "*.sqlite3-shm"))
