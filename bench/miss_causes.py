#!/usr/bin/env python3
"""Why a labelled violation turn was missed on a rendered call: wording, hearing or voices.

For every labelled turn of a scored corpus that no flag of its category covers, this prints the
words spoken, what Whisper heard there (each overlapping transcript line with its speaker), and one
cause:
  wording   the lexicon misses the turn's own text typed in (as `evidence lexicon test`)
  voices    the words were heard well enough to flag, but filed under the debtor
  hearing   the typed text is flagged, what was heard is not
It ends with the counts per cause, so a change can be aimed at the largest.

Input: the corpus's labels.json and the JSON report of the data folder that ingested it
(bench/score_flagger.py CORPUS --keep DIR leaves DIR/<corpus>/export-<corpus>.json).

Usage: python bench/miss_causes.py LABELS EXPORT [--slack 1.5] [--quiet]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from asr_segments import CATS, overlap  # noqa: E402
from score_phrases import flag_categories  # noqa: E402


def covered(turn: dict, flags: list[dict], slack: float) -> bool:
    lo, hi = turn["start"] - slack, turn["end"] + slack
    return any(f["category"] == turn["label"] and lo <= (f["start"] + f["end"]) / 2 <= hi for f in flags)


def heard_lines(turn: dict, transcript: list[dict]) -> list[dict]:
    return [ln for ln in transcript if overlap(ln["start"], ln["end"], turn["start"], turn["end"]) > 0.2]


def cause(turn: dict, lines: list[dict]) -> str:
    if turn["label"] not in flag_categories(turn["text"]):
        return "wording"
    heard = "".join(ln["text"] for ln in lines)
    if heard and turn["label"] in flag_categories(heard):
        return "voices" if any(ln.get("speaker") == "debtor" for ln in lines) else "context"
    return "hearing"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels", type=Path)
    ap.add_argument("export", type=Path)
    ap.add_argument("--slack", type=float, default=1.5)
    ap.add_argument("--quiet", action="store_true", help="counts only")
    args = ap.parse_args()
    recs = {r["sha256"]: r for r in json.loads(args.export.read_text(encoding="utf-8"))["recordings"]}
    counts: Counter[str] = Counter()
    for lab in json.loads(args.labels.read_text(encoding="utf-8")):
        rec = recs.get(lab["sha256"])
        if rec is None:
            continue
        flags = [f for f in rec.get("flags", []) if f.get("category") in CATS]
        for turn in lab["turns"]:
            if turn.get("label") not in CATS or covered(turn, flags, args.slack):
                continue
            lines = heard_lines(turn, rec.get("transcript", []))
            why = cause(turn, lines)
            counts[why] += 1
            if not args.quiet:
                print(f"{why:8s} {lab['id']} {turn['label']}: {turn['text']}")
                for ln in lines:
                    print(f"           {ln.get('speaker', '?'):9s} {ln['start']:6.1f} {ln['text']}")
    total = sum(counts.values())
    print("misses: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()) + f" (of {total})")


if __name__ == "__main__":
    main()
