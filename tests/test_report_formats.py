"""Report formats against a small database: golden files, clips, manifest, headless Chromium."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from evidence.ingest import audio

from conftest import run_cli
from reportdb import fill, normalise

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("EVIDENCE_UPDATE_GOLDEN") == "1"


@pytest.mark.parametrize("fmt,ext", [("terminal", "txt"), ("markdown", "md"), ("csv", "csv"),
                                     ("json", "json")])
def test_format_matches_golden(fmt, ext, evidence_home):
    fill()
    proc = run_cli("report", "--month", "2026-10", "--format", fmt, check=True)
    got = normalise(proc.stdout)
    golden = GOLDEN / f"report-2026-10.{ext}"
    if UPDATE:
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


def test_call_level_rules(evidence_home):
    fill()
    data = json.loads(run_cli("report", "--month", "2026-10", "--format", "json", check=True).stdout)
    flags = {r["call_start"]: r["call_flags"] for r in data["recordings"]}
    assert flags["2026-10-03T23:15:00"] == ["night_call"]
    assert all(flags[f"2026-10-04T{h}:00:00"] == ["frequency"] for h in ("09", "10", "11", "12"))


def test_caller_filter_and_range(evidence_home):
    fill()
    data = json.loads(run_cli("report", "--from", "2026-10-04", "--to", "2026-10-04", "--format", "json",
                              check=True).stdout)
    assert len(data["recordings"]) == 4
    data = json.loads(run_cli("report", "--month", "2026-10", "--caller", "13900000000", "--format", "json",
                              check=True).stdout)
    assert data["recordings"] == []


def test_packet_clips_play_and_match_manifest(evidence_home, tmp_path):
    fill()
    out = tmp_path / "packet"
    run_cli("report", "--month", "2026-10", "--out", str(out), check=True)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"report.html", "report.md", "report.json", "flags.csv"} <= set(manifest["files"])
    clips = [name for name in manifest["files"] if name.startswith("clips/")]
    assert len(clips) == 2
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    for name in clips:
        decoded = audio.decode(out / name)  # plays back
        assert 2.0 < decoded.duration < 8.0 and (out / name).stat().st_size < 2 * 1024 * 1024
    assert len(manifest["originals"]) == 5
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("<audio") == 2 and "clips/" in html


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_html_renders_in_headless_chromium(evidence_home, tmp_path):
    fill()
    page = tmp_path / "report.html"
    run_cli("report", "--month", "2026-10", "--format", "html", "--output", str(page), check=True)
    html = page.read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # self-contained
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'chrome'}", "--enable-logging=stderr", "--v=0",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "催收通话证据报告" in proc.stdout and "<svg" in proc.stdout
    console_errors = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln and "ERROR" in ln.upper()]
    assert not console_errors, console_errors
