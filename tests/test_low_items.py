"""The small things the adversarial test found: packet checks, store leftovers, pydub's warning."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import run_cli
from reportdb import fill


@pytest.fixture
def packet(evidence_home, tmp_path):
    fill()
    out = tmp_path / "packet"
    run_cli("report", "--month", "2026-10", "--out", str(out), check=True)
    assert run_cli("verify", "--packet", str(out)).returncode == 0
    return out


def test_packet_without_manifest_sha256_fails(packet):
    (packet / "MANIFEST.sha256").unlink()
    proc = run_cli("verify", "--packet", str(packet))
    assert proc.returncode == 1 and "MANIFEST.sha256: missing" in proc.stdout


def test_packet_with_a_clip_and_its_manifest_lines_removed_fails(packet):
    manifest = json.loads((packet / "manifest.json").read_text(encoding="utf-8"))
    clip = next(n for n in manifest["files"] if n.startswith("clips/"))
    del manifest["files"][clip]
    (packet / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    sums = packet / "MANIFEST.sha256"
    sums.write_text("".join(x + "\n" for x in sums.read_text(encoding="utf-8").splitlines() if clip not in x),
                    encoding="utf-8")
    (packet / clip).unlink()
    proc = run_cli("verify", "--packet", str(packet))
    assert proc.returncode == 1 and f"{clip}: the report links to it" in proc.stdout, proc.stdout


def test_malformed_manifest_is_a_one_line_error(packet):
    (packet / "manifest.json").write_text("{not json", encoding="utf-8")
    proc = run_cli("verify", "--packet", str(packet))
    assert proc.returncode != 0 and "Traceback" not in proc.stderr and "damaged" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_store_leftovers_are_noted_and_forget_removes_them(evidence_home):
    fill()
    store = evidence_home / "store"
    sha = "b" * 64
    (store / "bb").mkdir()
    (store / "bb" / f".incoming-{sha[:16]}-x1").write_bytes(b"half")
    (store / "bb" / f"{sha}.m4a").write_bytes(b"orphan")
    out = run_cli("verify").stdout
    assert f".incoming-{sha[:16]}-x1: a temporary copy" in out and f"{sha}.m4a: in the store, but no filed" in out
    run_cli("forget", sha, "--reason", "test", "--yes", check=True)
    assert list((store / "bb").iterdir()) == []


def test_no_pydub_ffmpeg_warning(tmp_path):
    env = {**os.environ, "PATH": "/usr/bin:/bin" if not shutil.which("ffmpeg", path="/usr/bin:/bin") else ""}
    proc = subprocess.run([sys.executable, "-c", "from evidence.reports import clips; clips._pydub()"],
                          env=env, capture_output=True, text=True, check=True)
    assert "Couldn't find ffmpeg" not in proc.stderr


