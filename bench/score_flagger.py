#!/usr/bin/env python3
"""Accuracy of the flagger: ingest a labelled corpus into a fresh data folder, write the JSON
report, score it with ../shared/tools/score.py.

Usage: python bench/score_flagger.py [CORPUS_DIR ...] [--keep DIR] [--reflag-only DIR]
Defaults to ../shared/corpus/dev and bench/holdout (our own rendered calls, never tuned on).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "tools" / "score.py"


def evidence(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "EVIDENCE_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "evidence.cli", *args], env=env, check=True,
                          capture_output=True, text=True)


def keyword_baseline(home: Path, export: Path) -> None:
    """The comparison point: exact keyword matching of every phrase in the lexicon on the same
    transcripts, flagging the whole segment, with no sound-alikes, rules or exemptions."""
    os.environ["EVIDENCE_HOME"] = str(home)
    from evidence import db as database
    from evidence import recordings
    from evidence.flagging import current_lexicon

    database._engine_for.cache_clear()
    words = [(r.category, p) for r in current_lexicon().rules if r.kind == "phrase" for p in r.patterns]
    out = []
    for rec in recordings.all_recordings(include_failed=False):
        full = recordings.find(str(rec.id))
        flags = [{"category": cat, "start": seg.start, "end": seg.end}
                 for seg in full.segments for cat in {c for c, p in words if p in seg.text}]
        out.append({"sha256": rec.sha256, "flags": flags})
    export.write_text(json.dumps({"recordings": out}), encoding="utf-8")


def score(corpus: Path, home: Path, reuse: bool) -> dict:
    if not reuse:
        evidence(home, "ingest", "--quiet", str(corpus))
    else:
        evidence(home, "reflag")
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    months = sorted({lab["when"][:7] for lab in labels})
    merged = {"recordings": []}
    for month in months:
        out = home / f"report-{month}.json"
        evidence(home, "report", "--month", month, "--format", "json", "--output", str(out))
        merged["recordings"] += json.loads(out.read_text(encoding="utf-8"))["recordings"]
    export = home / f"export-{corpus.name}.json"
    export.write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
    verbose = subprocess.run([sys.executable, str(SCORE), str(corpus / "labels.json"), str(export), "-v"],
                             capture_output=True, text=True)
    print(f"== {corpus}")
    print(verbose.stdout + verbose.stderr)
    result = subprocess.run([sys.executable, str(SCORE), str(corpus / "labels.json"), str(export), "--json"],
                            capture_output=True, text=True, check=True)
    baseline = home / f"baseline-{corpus.name}.json"
    keyword_baseline(home, baseline)
    base = subprocess.run([sys.executable, str(SCORE), str(corpus / "labels.json"), str(baseline)],
                          capture_output=True, text=True, check=True)
    print("exact keyword baseline on the same transcripts:", base.stdout.strip().splitlines()[-1], "\n")
    return json.loads(result.stdout)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpora", nargs="*", type=Path)
    ap.add_argument("--keep", type=Path, help="data folders go here (reuse with --reflag-only)")
    ap.add_argument("--reflag-only", action="store_true", help="reuse transcripts in --keep, re-match only")
    args = ap.parse_args()
    corpora = args.corpora or [ROOT.parent / "shared" / "corpus" / "dev", ROOT / "bench" / "holdout"]
    base = args.keep or Path(tempfile.mkdtemp(prefix="evidence-score-"))
    ok = True
    for corpus in corpora:
        home = base / corpus.name
        s = score(corpus, home, reuse=args.reflag_only and home.exists())
        for row in s["per_category"].values():
            if row["tp"] + row["fn"] and (row["precision"] < 0.9 or row["recall"] < 0.9):
                ok = False
        ok = ok and s["lookalike_fp"] == 0 and s["median_flag_seconds"] <= 3.0
    print("targets met (P and R >= 0.9 per category, no look-alike flags, median <= 3 s):", ok)


if __name__ == "__main__":
    main()
