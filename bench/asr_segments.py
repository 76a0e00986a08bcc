#!/usr/bin/env python3
"""Labelled Whisper segments for training the second opinion on recognised speech.

The second opinion was first trained on sentences as people write them; it reads what Whisper heard
(借了 as 界了, 拖了 as 脱了). This turns a rendered, labelled corpus that went through the real
pipeline into the same TSV the training reads, one line per Whisper segment: the categories of the
labelled turns the segment overlaps (at least OVERLAP of the shorter of the two), or `lawful` (no
category: greetings, the debtor's words, lawful look-alikes).

Input: the corpus's labels.json and the JSON report of a data folder that ingested it
(bench/score_flagger.py CORPUS --keep DIR leaves DIR/<corpus>/export-<corpus>.json).
Output: OUT/<writer>__<name>.tsv, one file per writer, so that bench/train_second_opinion.py leaves
a writer's recognised calls out together with their sentences when it judges that writer.

Usage:
  python bench/asr_segments.py LABELS EXPORT --name h2-tv --writer writer02 --out models/second-opinion/train/asr
  python bench/asr_segments.py ../shared/corpus/dev/labels.json /tmp/dev/dev/export-dev.json --name dev-one \\
      --writer dev-b --writer-of dev01-dev10=dev-a --out models/second-opinion/train/asr
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

CATS = ("threat", "insult", "third_party", "identity_refusal")
OVERLAP = 0.4


def overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def segment_labels(seg: dict, turns: list[dict]) -> list[str]:
    """The categories (label and `also`) of the labelled turns this segment overlaps enough."""
    cats: list[str] = []
    length = max(0.01, seg["end"] - seg["start"])
    for t in turns:
        if overlap(seg["start"], seg["end"], t["start"], t["end"]) >= OVERLAP * min(length, t["end"] - t["start"]):
            for c in [t.get("label"), *t.get("also", [])]:
                if c in CATS and c not in cats:
                    cats.append(c)
    return cats


def writer_of(call_id: str, default: str, ranges: list[tuple[str, str, str]]) -> str:
    for lo, hi, writer in ranges:
        if lo <= call_id <= hi:
            return writer
    return default


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels", type=Path)
    ap.add_argument("export", type=Path)
    ap.add_argument("--name", required=True, help="the rendering, e.g. h2-tv")
    ap.add_argument("--writer", required=True, help="who wrote the calls (as in train/*.tsv)")
    ap.add_argument("--writer-of", action="append", default=[], metavar="FIRST-LAST=WRITER",
                    help="calls FIRST..LAST (ids) were written by WRITER")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    ranges = []
    for spec in args.writer_of:
        span, writer = spec.split("=")
        lo, hi = span.split("-")
        ranges.append((lo, hi, writer))
    labels = {lab["sha256"]: lab for lab in json.loads(args.labels.read_text(encoding="utf-8"))}
    rows: dict[str, list[str]] = {}
    for rec in json.loads(args.export.read_text(encoding="utf-8"))["recordings"]:
        lab = labels.get(rec["sha256"])
        if lab is None:
            continue
        writer = writer_of(lab["id"], args.writer, ranges)
        for seg in rec["transcript"]:
            text = " ".join(seg["text"].split())
            if text:
                cats = ",".join(segment_labels(seg, lab["turns"])) or "lawful"
                rows.setdefault(writer, []).append(f"{cats}\t{text}")
    args.out.mkdir(parents=True, exist_ok=True)
    for writer, lines in sorted(rows.items()):
        path = args.out / f"{writer}__{args.name}.tsv"
        head = f"# label\tsentence\t(Whisper segments: {args.labels.parent.name}, {args.name}; asr_segments.py)\n"
        path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
        print(f"{path}: {len(lines)} segments, {sum(not x.startswith('lawful') for x in lines)} with a category")


if __name__ == "__main__":
    main()
