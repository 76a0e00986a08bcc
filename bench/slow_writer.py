#!/usr/bin/env python3
"""Slow copies into a watched folder: each recording must be filed once, and whole.

Sync clients and network shares write a file in bursts with pauses longer than the watcher's
settle time. This starts a real `evidence watch` (default settle, 2 s) on a temporary folder and
writes an MP3 and an M4A into it at the same time, 8 KB at a time with 3.5 s pauses, then checks
the database: exactly one record per file, holding the whole file's SHA-256, and no partial
record filed on the way (no `supersede` entry in the log).

    python bench/slow_writer.py [--chunk 8192] [--pause 3.5] [--json]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALLS = ROOT / "tests" / "data" / "calls"
SOURCES = [CALLS / "4006668888_20261106150000.mp3",
           next(p for p in CALLS.iterdir() if p.suffix == ".m4a")]


def slow_copy(source: Path, target: Path, chunk: int, pause: float) -> None:
    data = source.read_bytes()
    with target.open("wb") as out:
        for start in range(0, len(data), chunk):
            out.write(data[start:start + chunk])
            out.flush()
            os.fsync(out.fileno())
            if start + chunk < len(data):
                time.sleep(pause)


def run(chunk: int, pause: float, timeout: float = 600) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="evidence-slow-"))
    inbox, home = tmp / "inbox", tmp / "home"
    inbox.mkdir()
    env = {**os.environ, "EVIDENCE_HOME": str(home), "PYTHONUNBUFFERED": "1", "EVIDENCE_LANG": "en",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))}
    log = tmp / "watch.log"
    with log.open("w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "evidence.cli", "watch", str(inbox)], env=env,
                                stdout=fh, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 120
        while "watching" not in log.read_text() and time.time() < deadline:
            time.sleep(0.2)
        started = time.time()
        writers = [threading.Thread(target=slow_copy, args=(src, inbox / src.name, chunk, pause)) for src in SOURCES]
        for w in writers:
            w.start()
        for w in writers:
            w.join()
        written = time.time() - started
        deadline = time.time() + timeout
        while log.read_text().count(" filed ") < len(SOURCES) and time.time() < deadline:
            time.sleep(0.5)
        time.sleep(8)  # anything filed late (a second, partial record) would show up now
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    with sqlite3.connect(home / "evidence.sqlite3") as conn:
        rows = conn.execute("select original_name, sha256, status from recordings").fetchall()
        actions = [a for (a,) in conn.execute("select action from log_entries order by seq")]
    files = {}
    for src in SOURCES:
        whole = hashlib.sha256(src.read_bytes()).hexdigest()
        mine = [r for r in rows if r[0] == src.name]
        files[src.name] = {"bytes": src.stat().st_size, "records": len(mine),
                           "whole": [r[1] for r in mine] == [whole] and mine[0][2] == "done"}
    result = {"chunk": chunk, "pause": pause, "writing_s": round(written, 1), "files": files,
              "supersede_entries": actions.count("supersede"), "rejected": sorted(
                  p.name for p in (inbox / "rejected").glob("*") if not p.name.endswith(".txt")),
              "log": log.read_text().splitlines()}
    result["ok"] = (all(f["records"] == 1 and f["whole"] for f in files.values())
                    and result["supersede_entries"] == 0 and not result["rejected"])
    shutil.rmtree(tmp, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chunk", type=int, default=8192)
    parser.add_argument("--pause", type=float, default=3.5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.chunk, args.pause)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        for line in result["log"]:
            print("  watch| " + line)
        for name, f in result["files"].items():
            print(f"{name}: {f['bytes']} bytes, {f['records']} record(s), whole: {f['whole']}")
        print(f"written in {result['writing_s']} s ({args.chunk} B chunks, {args.pause} s pauses); "
              f"supersede entries {result['supersede_entries']}; rejected {result['rejected'] or 'none'}")
        print("OK: each filed once, whole" if result["ok"] else "FAILED")
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
