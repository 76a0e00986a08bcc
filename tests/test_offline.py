"""Nothing leaves the machine: the real commands, traced at the system-call level with a fresh HOME.

A Python-level socket patch misses what native libraries do (onnxruntime's telemetry looked up
mobile.events.data.microsoft.com from C++), so the real process runs under `strace -f -e
trace=network` and every inet connect/sendto is a failure; nothing may appear under HOME either.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CALLS

STRACE = shutil.which("strace")
needs_strace = pytest.mark.skipif(STRACE is None, reason="strace is not installed (apt-get install strace); "
                                                         "the system-call level no-network check cannot run")
INET_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(.*AF_INET6?\b")


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "fresh-home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ORT_", "HF_", "XDG_")) and k not in ("DO_NOT_TRACK", "DISABLE_TELEMETRY")}
    env["HOME"] = str(home)
    return env


def _traced(tmp_path: Path, name: str, *args: str) -> tuple[list[str], Path]:
    trace = tmp_path / f"{name}.strace"
    return [STRACE, "-f", "-qq", "-e", "trace=network", "-o", str(trace), sys.executable, "-m", "evidence.cli",
            *args], trace


def _inet_calls(trace: Path) -> list[str]:
    return [line for line in trace.read_text(errors="replace").splitlines() if INET_CALL.search(line)]


def _home_files(env: dict[str, str]) -> list[str]:
    home = Path(env["HOME"])
    return sorted(str(p.relative_to(home)) for p in home.rglob("*"))


@needs_strace
@pytest.mark.model
def test_ingest_report_verify_make_no_inet_traffic_and_leave_nothing_in_home(tmp_path):
    env = _env(tmp_path)
    for name, args in [("ingest", ("ingest", "-q", str(next(CALLS.glob("13700001112*"))))),
                       ("report", ("report", "--month", "2026-11", "--out", str(tmp_path / "packet"))),
                       ("verify", ("verify",))]:
        cmd, trace = _traced(tmp_path, name, *args)
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert _inet_calls(trace) == [], f"{name} used the network"
    assert _home_files(env) == [], "files written under HOME (telemetry?)"


@needs_strace
@pytest.mark.model
def test_watch_makes_no_inet_traffic_and_leaves_nothing_in_home(tmp_path):
    env = _env(tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(next(CALLS.glob("13700001112*")), inbox / "13700001112_20261109090000.ogg")
    cmd, trace = _traced(tmp_path, "watch", "watch", str(inbox), "--settle", "0.5", "--poll", "0.2")
    out = tmp_path / "watch.out"
    with out.open("w") as fh:
        proc = subprocess.Popen(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 300
        while "filed " not in out.read_text() and time.time() < deadline and proc.poll() is None:
            time.sleep(0.5)
        assert "filed " in out.read_text(), out.read_text()
    finally:
        # SIGTERM to evidence itself (strace's child), so it stops the way a user's Ctrl+C does
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
        pids = children.read_text().split() if children.exists() else []
        for pid in pids:
            os.kill(int(pid), signal.SIGTERM)
        if not pids:
            proc.terminate()
        proc.wait(timeout=60)
    assert _inet_calls(trace) == [], "watch used the network"
    assert _home_files(env) == [], "files written under HOME (telemetry?)"


def test_telemetry_switches_are_set_before_any_dependency_loads():
    code = ("import os, sys; import evidence; "
            "print(os.environ.get('ORT_DISABLE_TELEMETRY'), os.environ.get('HF_HUB_OFFLINE'), "
            "os.environ.get('HF_HUB_DISABLE_TELEMETRY'), os.environ.get('DO_NOT_TRACK'), "
            "'onnxruntime' in sys.modules)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORT_", "HF_")) and k != "DO_NOT_TRACK"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["1", "1", "1", "1", "False"]
