"""Ingest end to end with the real default model on real recordings in tests/data/calls."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evidence import recordings
from evidence.ingest.filing import ingest_file

from conftest import CALLS, call_file, run_cli

FORMATS = ["m4a", "mp3", "amr", "3gp", "wav", "ogg", "flac", "aac"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def db_rows(home: Path, sql: str) -> list[tuple]:
    if not (home / "evidence.sqlite3").exists():  # nothing was ever written
        return [(0,)]
    with sqlite3.connect(home / "evidence.sqlite3") as conn:
        return conn.execute(sql).fetchall()


@pytest.mark.model
@pytest.mark.parametrize("ext", FORMATS)
def test_every_format_is_filed_with_transcript_and_store_copy(ext, evidence_home):
    path = next(p for p in CALLS.iterdir() if p.suffix == f".{ext}")
    result = ingest_file(path)
    assert result.status == "filed", result.error
    rec = recordings.find(result.sha256[:8])
    assert rec.sha256 == sha(path)
    assert Path(rec.stored_path).read_bytes() == path.read_bytes()  # byte for byte
    assert rec.duration > 3
    assert rec.segments and all(seg.words for seg in rec.segments)
    text = "".join(seg.text for seg in rec.segments)
    assert any(ch in text for ch in "你们钱还"), text  # Mandarin came out, in Simplified
    w = rec.segments[0].words[0]
    assert 0 <= w.start <= w.end <= rec.duration + 0.5 and 0 <= w.probability <= 1
    assert rec.time_source == "filename"


@pytest.mark.model
def test_cli_ingest_shows_metadata_and_transcript(evidence_home):
    path = call_file("李四@")
    proc = run_cli("ingest", str(path), check=True)
    assert "18022223333" in proc.stdout and "李四" in proc.stdout
    assert "2026-11-04 23:10:00" in proc.stdout and "from the file name" in proc.stdout
    assert "[00:0" in proc.stdout  # transcript lines with their times
    listed = run_cli("list", check=True).stdout
    assert "18022223333" in listed
    shown = run_cli("show", sha(path)[:10], check=True).stdout
    assert sha(path) in shown and "stored" in shown


@pytest.mark.model
def test_same_bytes_under_another_name_add_nothing(tmp_path, evidence_home):
    original = call_file("13700001111")
    copy = tmp_path / "renamed" / "whatever.wav"
    copy.parent.mkdir()
    shutil.copyfile(original, copy)
    assert ingest_file(original).status == "filed"
    again = run_cli("ingest", str(copy), check=True)
    assert "already filed" in again.stdout and "nothing added" in again.stdout
    assert db_rows(evidence_home, "select count(*) from recordings") == [(1,)]
    assert len(list((evidence_home / "store").rglob("*.wav"))) == 1


@pytest.mark.model
def test_caller_and_when_overrides(tmp_path, evidence_home):
    path = tmp_path / "新录音.wav"
    shutil.copyfile(call_file("13700001111"), path)
    run_cli("ingest", str(path), "--caller", "+86 139-1234-5678", "--when", "2026-11-20 23:30", check=True)
    row = db_rows(evidence_home, "select caller, call_start, time_source from recordings")[0]
    assert row[0] == "13912345678" and row[1].startswith("2026-11-20 23:30") and row[2] == "user"


@pytest.mark.model
def test_time_falls_back_to_mtime_and_says_so(tmp_path, evidence_home):
    path = tmp_path / "新录音 3.wav"
    shutil.copyfile(call_file("13700001111"), path)
    os.utime(path, (1_790_000_000, 1_790_000_000))
    result = ingest_file(path)
    assert recordings.find(result.sha256[:8]).time_source == "mtime"


def bad_inputs(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    good = call_file("fx01") if False else call_file("通话录音@")
    empty = folder / "13800000001_20261101100000.m4a"
    empty.write_bytes(b"")
    truncated = folder / "13800000002_20261101100000.m4a"
    truncated.write_bytes(good.read_bytes()[:4000])
    text = folder / "13800000003_20261101100000.mp3"
    text.write_text("这不是录音，只是一段文字。\n" * 50, encoding="utf-8")
    unsupported = folder / "13800000004_20261101100000.wma"
    unsupported.write_bytes(b"0&\xb2u\x8ef\xcf\x11" + b"\0" * 200)
    return {"empty": empty, "truncated": truncated, "text": text, "unsupported": unsupported}


@pytest.mark.parametrize("kind,reason", [
    ("empty", "empty"), ("truncated", "m4a"), ("text", "not a readable audio file"),
    ("unsupported", "unsupported format"),
])
def test_bad_input_is_one_clear_line_and_nothing_is_filed(kind, reason, tmp_path, evidence_home):
    path = bad_inputs(tmp_path / "bad")[kind]
    before = path.read_bytes()
    proc = run_cli("ingest", str(path))
    assert proc.returncode != 0
    err_lines = [line for line in proc.stderr.splitlines()
                 if line.strip() and not line.startswith("Creating the data folder")]
    assert len(err_lines) == 2 and path.name in err_lines[0], proc.stderr  # FAILED line + summary
    assert "Traceback" not in proc.stderr
    assert path.read_bytes() == before  # the user's file is untouched
    assert db_rows(evidence_home, "select count(*) from recordings where status='done'") == [(0,)]
    assert not list((evidence_home / "store").rglob("*.*"))


def test_missing_path(evidence_home):
    proc = run_cli("ingest", "/nowhere/13800138000_20261101100000.m4a")
    assert proc.returncode == 1 and "no such file" in proc.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path, evidence_home):
    path = tmp_path / "13800138000_20261101100000.wav"
    shutil.copyfile(call_file("13700001111"), path)
    path.chmod(0)
    proc = run_cli("ingest", str(path))
    assert proc.returncode == 1 and "permission denied" in proc.stderr


def test_folder_named_like_a_recording(tmp_path, evidence_home):
    folder = tmp_path / "call.mp3"
    folder.mkdir()
    proc = run_cli("ingest", str(folder))
    assert proc.returncode != 0 and "no recordings found" in proc.stderr


@pytest.mark.model
def test_batch_goes_on_past_bad_files_and_summarises(tmp_path, evidence_home):
    bad = bad_inputs(tmp_path / "batch")
    shutil.copyfile(call_file("13700001112"), tmp_path / "batch" / "13700001112_20261109090000.ogg")
    proc = run_cli("ingest", str(tmp_path / "batch"))
    assert proc.returncode == 1
    assert "1 filed, 0 already filed, 3 failed" in proc.stdout  # .wma is not picked up in folders
    failed = db_rows(evidence_home, "select original_name, error from recordings where status='failed'")
    assert {name for name, _ in failed} == {bad["empty"].name, bad["truncated"].name, bad["text"].name}
    assert all(err for _, err in failed)


@pytest.mark.model
def test_ingest_works_without_ffmpeg_on_path(tmp_path, evidence_home):
    bin_dir = tmp_path / "bin"  # PATH holds only this empty folder: no ffmpeg, no ffprobe
    bin_dir.mkdir()
    env = {"PATH": str(bin_dir)}
    assert shutil.which("ffmpeg", path=str(bin_dir)) is None
    for ext in ("m4a", "amr", "mp3"):
        path = next(p for p in CALLS.iterdir() if p.suffix == f".{ext}")
        proc = subprocess.run([sys.executable, "-m", "evidence.cli", "ingest", "-q", str(path)],
                              env={**os.environ, **env}, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    assert db_rows(evidence_home, "select count(*) from recordings where status='done'") == [(3,)]


@pytest.mark.model
def test_killed_mid_ingest_leaves_nothing_half_filed_and_rerun_completes(evidence_home):
    path = call_file("通话录音@")
    proc = subprocess.Popen([sys.executable, "-m", "evidence.cli", "ingest", str(path)],
                            env=os.environ.copy(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    store = evidence_home / "store"
    deadline = time.time() + 120
    while time.time() < deadline and not list(store.rglob("*.m4a")):  # copied, now transcribing
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert db_rows(evidence_home, "select count(*) from recordings where status='done'") == [(0,)]
    assert db_rows(evidence_home, "select count(*) from segments") == [(0,)]
    run_cli("ingest", str(path), check=True)
    assert db_rows(evidence_home, "select count(*) from recordings") == [(1,)]
    n_segments = db_rows(evidence_home, "select count(*) from segments")[0][0]
    assert n_segments >= 3
    stored = list(store.rglob("*.m4a"))
    assert len(stored) == 1 and sha(stored[0]) == sha(path)


@pytest.mark.model
def test_time_from_the_containers_creation_tag(tmp_path, evidence_home):
    import datetime as dt

    import av

    source = call_file("通话录音@")
    target = tmp_path / "新录音.m4a"  # a name without a time
    with av.open(str(source)) as src, av.open(str(target), "w", format="mp4") as out:
        out.metadata["creation_time"] = "2026-11-03T06:30:22.000000Z"
        stream = out.add_stream_from_template(src.streams.audio[0])
        for packet in src.demux(src.streams.audio[0]):
            if packet.dts is not None:
                packet.stream = stream
                out.mux(packet)
    result = ingest_file(target)
    rec = recordings.find(result.sha256[:8])
    expected = dt.datetime(2026, 11, 3, 6, 30, 22, tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)
    assert rec.time_source == "container" and rec.call_start == expected
