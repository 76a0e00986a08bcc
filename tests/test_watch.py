"""The watcher with real files, real filesystem events and the real model."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import CALLS, call_file

pytestmark = pytest.mark.model  # every test here runs the real Whisper model


class WatchProcess:
    def __init__(self, folder: Path, *extra: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "evidence.cli", "watch", str(folder), "--settle", "1", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=os.environ.copy())
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for("watching")

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 120) -> str:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r}; saw: {self.seen}")

    def stop(self, sig=signal.SIGTERM) -> int:
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=60)


def filed(home: Path) -> list[tuple[str, str]]:
    db = home / "evidence.sqlite3"
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute("select original_name, sha256 from recordings where status='done'").fetchall()


def test_three_dropped_one_bad_gives_two_filed_one_rejected(tmp_path, evidence_home):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    w = WatchProcess(inbox)
    try:
        shutil.copyfile(call_file("13700001112"), inbox / "13700001112_20261109090000.ogg")
        (inbox / "sub").mkdir()
        shutil.copyfile(call_file("13700001111"), inbox / "sub" / "13700001111 2026-11-08 09-00-00.wav")
        (inbox / "13800000000_20261101100000.mp3").write_text("不是录音" * 100, encoding="utf-8")
        lines = [w.wait_for("filed "), w.wait_for("filed ")]
        rejected = w.wait_for("rejected")
    finally:
        assert w.stop() == 0
    assert any("13700001112" in line and "flags: threat" in line for line in lines), lines
    assert "not a readable audio file" in rejected
    assert len(filed(evidence_home)) == 2
    bad = inbox / "rejected" / "13800000000_20261101100000.mp3"
    assert bad.exists() and "not a readable" in Path(str(bad) + ".txt").read_text(encoding="utf-8")
    assert (inbox / "13700001112_20261109090000.ogg").exists()  # filed originals stay put


def test_slow_chunked_copy_is_filed_once_whole(tmp_path, evidence_home):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = call_file("通话录音@")
    data = source.read_bytes()
    w = WatchProcess(inbox)
    try:
        target = inbox / source.name
        with target.open("wb") as out:
            for i in range(0, len(data), len(data) // 6 + 1):
                out.write(data[i:i + len(data) // 6 + 1])
                out.flush()
                time.sleep(0.5)  # slower than a tick, faster than the settle time
        w.wait_for("filed ")
        time.sleep(2)
    finally:
        w.stop()
    rows = filed(evidence_home)
    import hashlib

    assert rows == [(source.name, hashlib.sha256(data).hexdigest())]
    assert not [line for line in w.seen if "rejected" in line]


def test_restart_picks_up_files_added_while_stopped_and_partial_names_wait(tmp_path, evidence_home):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    w = WatchProcess(inbox)
    w.stop()
    shutil.copyfile(call_file("13700001112"), inbox / "13700001112_20261109090000.ogg")
    shutil.copyfile(call_file("13700001111"), inbox / "download.wav.crdownload")
    w = WatchProcess(inbox, "--move-done")
    try:
        w.wait_for("filed ")
        time.sleep(2)
        assert len(filed(evidence_home)) == 1  # the .crdownload waits
        (inbox / "download.wav.crdownload").rename(inbox / "13700001111 2026-11-08 09-00-00.wav")
        w.wait_for("filed ")
    finally:
        w.stop()
    assert len(filed(evidence_home)) == 2
    assert sorted(p.name for p in (inbox / "done").iterdir()) == [
        "13700001111 2026-11-08 09-00-00.wav", "13700001112_20261109090000.ogg"]


def test_sigterm_mid_transcription_then_restart_gives_a_complete_record(tmp_path, evidence_home):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    w = WatchProcess(inbox)
    longest = call_file("通话录音@")
    shutil.copyfile(longest, inbox / longest.name)
    store = evidence_home / "store"
    deadline = time.time() + 60
    while time.time() < deadline and not list(store.rglob("*.m4a")):
        time.sleep(0.05)
    assert w.stop(signal.SIGTERM) == 0
    assert any("stopped" in line for line in w.seen + [w.lines.get_nowait() if not w.lines.empty() else ""])
    assert filed(evidence_home) == []  # nothing half-filed
    w = WatchProcess(inbox)
    try:
        w.wait_for("filed ")
    finally:
        w.stop()
    with sqlite3.connect(evidence_home / "evidence.sqlite3") as conn:
        assert conn.execute("select count(*) from recordings").fetchone() == (1,)
        assert conn.execute("select count(*) from segments").fetchone()[0] >= 3


def test_ingest_and_watch_at_the_same_time(tmp_path, evidence_home):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    w = WatchProcess(inbox)
    try:
        shutil.copyfile(call_file("13700001112"), inbox / "13700001112_20261109090000.ogg")
        other = subprocess.run([sys.executable, "-m", "evidence.cli", "ingest", "-q", str(CALLS)],
                               capture_output=True, text=True, timeout=600)
        assert other.returncode == 0, other.stderr
        w.wait_for("13700001112")
    finally:
        assert w.stop() == 0
    assert len(filed(evidence_home)) == len([p for p in CALLS.iterdir() if p.suffix != ".json"])


@pytest.mark.parametrize("sig", [signal.SIGINT])
def test_ctrl_c_stops_cleanly(tmp_path, evidence_home, sig):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    w = WatchProcess(inbox)
    assert w.stop(sig) == 0


def test_polling_mode_for_synced_folders(tmp_path, evidence_home):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    w = WatchProcess(inbox, "--poll", "0.5")
    try:
        assert "polling every 0.5s" in w.seen[0]
        shutil.copyfile(call_file("13700001112"), inbox / "13700001112_20261109090000.ogg")
        w.wait_for("filed ")
    finally:
        assert w.stop() == 0
    assert len(filed(evidence_home)) == 1
