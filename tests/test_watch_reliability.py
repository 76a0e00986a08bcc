"""The watcher against slow writers, renames and growth: each recording filed once, whole."""

from __future__ import annotations

import importlib.util
import sqlite3
import time
from pathlib import Path

import pytest

from evidence.ingest.watch import Watcher, WatchOptions

from conftest import CALLS, run_cli

ROOT = Path(__file__).resolve().parent.parent
MP3 = CALLS / "4006668888_20261106150000.mp3"


def rows(home: Path, statement: str) -> list[tuple]:
    with sqlite3.connect(home / "evidence.sqlite3") as conn:
        return conn.execute(statement).fetchall()


def test_settled_file_renamed_before_it_is_taken_does_not_crash_the_watcher(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bad = inbox / "13800000000_20261101100000.mp3"
    bad.write_text("不是录音" * 100, encoding="utf-8")
    w = Watcher(WatchOptions(folder=inbox, settle=0), log=lambda _line: None)
    w.notice(bad)
    w._settled()  # first sight
    ready = w._settled()
    assert [p for p, _ in ready] == [bad]
    bad.rename(inbox / "renamed.mp3")  # while another file was being transcribed
    for path, seen in ready:
        w.process(path, seen)  # FileNotFoundError in _reject before the fix
    assert (inbox / "renamed.mp3").exists() and not (inbox / "rejected").exists()


def test_m4a_still_being_written_waits_instead_of_being_rejected(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    m4a = next(p for p in CALLS.iterdir() if p.suffix == ".m4a")
    target = inbox / m4a.name
    target.write_bytes(m4a.read_bytes()[:8192])
    lines: list[str] = []
    w = Watcher(WatchOptions(folder=inbox, settle=0, unfinished_wait=60), log=lines.append)
    w.notice(target)
    w._settled()
    (path, seen), = w._settled()
    assert w.process(path, seen) is None
    assert target.exists() and not (inbox / "rejected").exists(), lines
    assert "waiting" in lines[-1] and "not complete yet" in lines[-1]


def test_text_file_named_like_audio_is_still_rejected_at_once(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bad = inbox / "x.m4a"
    bad.write_text("不是录音" * 100, encoding="utf-8")
    w = Watcher(WatchOptions(folder=inbox, settle=0, unfinished_wait=60), log=lambda _line: None)
    w.notice(bad)
    w._settled()
    (path, seen), = w._settled()
    result = w.process(path, seen)
    assert result is not None and result.status == "failed"
    assert (inbox / "rejected" / "x.m4a").exists()


def test_unfinished_file_is_given_up_on_after_the_wait(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    m4a = next(p for p in CALLS.iterdir() if p.suffix == ".m4a")
    target = inbox / m4a.name
    target.write_bytes(m4a.read_bytes()[:8192])
    w = Watcher(WatchOptions(folder=inbox, settle=0, unfinished_wait=0.5), log=lambda _line: None)
    w.notice(target)
    w._settled()
    time.sleep(0.6)
    (path, seen), = w._settled()
    result = w.process(path, seen)
    assert result is not None and result.status == "failed"
    assert (inbox / "rejected" / m4a.name).exists()


@pytest.mark.model
def test_filed_file_that_grows_replaces_its_partial_record(tmp_path, evidence_home):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    target = inbox / MP3.name
    data = MP3.read_bytes()
    target.write_bytes(data[:len(data) // 2])
    lines: list[str] = []
    w = Watcher(WatchOptions(folder=inbox, settle=0), log=lines.append)
    first = w.process(target)  # no settle state: taken as it is, a truncated partial recording
    assert first.status == "filed" and first.note and "truncated" in first.note
    with target.open("ab") as fh:
        fh.write(data[len(data) // 2:])
    second = w.process(target)
    assert second.status == "filed" and second.replaced == first.sha256 and second.note is None, lines
    done = rows(evidence_home, "select sha256 from recordings where status='done'")
    assert done == [(second.sha256,)]
    actions = [a for (a,) in rows(evidence_home, "select action from log_entries order by seq")]
    assert actions == ["ingest", "supersede", "ingest"]
    assert len(list((evidence_home / "store").rglob("*.mp3"))) == 1  # the partial copy is gone
    assert "replaces the partial recording" in lines[-1]
    proc = run_cli("verify")
    assert proc.returncode == 0, proc.stdout


@pytest.mark.model
def test_slow_writer_bench_files_each_recording_once_and_whole():
    spec = importlib.util.spec_from_file_location("slow_writer", ROOT / "bench" / "slow_writer.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.run(chunk=8192, pause=3.5)
    assert result["ok"], "\n".join(result["log"])


def test_watch_cli_has_the_wait_option():
    assert "--wait-unfinished" in run_cli("watch", "--help", check=True).stdout


