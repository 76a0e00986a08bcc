#!/usr/bin/env python3
"""Watcher latency: from a file settling to its log line, beyond the time spent filing it.

Starts `evidence watch` on a temporary folder, drops recordings one at a time, and for each takes
(log line time - time the file was complete) - settle time - the filing time the watcher reports.
Target: under 3 s.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTLE = 1.0


def main() -> None:
    calls = sorted(p for p in (ROOT / "tests" / "data" / "calls").iterdir() if p.suffix != ".json")
    tmp = Path(tempfile.mkdtemp(prefix="evidence-watch-"))
    inbox = tmp / "inbox"
    inbox.mkdir()
    env = {**os.environ, "EVIDENCE_HOME": str(tmp / "home"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "evidence.cli", "watch", str(inbox), "--settle", str(SETTLE)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert "watching" in proc.stdout.readline()
    overheads = []
    try:
        for path in calls:
            shutil.copyfile(path, inbox / path.name)
            complete = time.monotonic()
            line = proc.stdout.readline()
            logged = time.monotonic()
            took = float(re.search(r"\[(\d+\.\d+)s\]", line).group(1)) if "[" in line else 0.0
            overhead = logged - complete - SETTLE - took
            overheads.append(overhead)
            print(f"{path.name[:40]:40s} filing {took:5.2f}s, overhead beyond settle+filing {overhead:5.2f}s")
    finally:
        proc.terminate()
        proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    overheads.sort()
    print(f"overhead: median {overheads[len(overheads) // 2]:.2f}s, max {overheads[-1]:.2f}s (target < 3 s)")


if __name__ == "__main__":
    main()
