#!/usr/bin/env python3
"""Leave-one-writer-out for the second opinion on rendered calls, end to end.

For each writer named with --call, a model is trained on every other writer (their sentences and
their recognised calls, bench/train_second_opinion.py) and the writer's own calls are flagged again
by the real program (`evidence reflag`, JSON report, ../shared/tools/score.py) with that model,
with each --add threshold, and with the lexicon alone. The calls must already be transcribed in a
data folder (bench/score_flagger.py CORPUS --keep DIR once; then DIR is reused).

This is the honest figure for calls: the threshold search in train_second_opinion.py reads whole
sentences, not the program's reading windows, speaker turns and exemptions.

Usage:
  python bench/second_opinion_calls.py --call writer02=/work/heldout2/calls:/tmp/h2/calls \\
      --call dev-a,dev-b=../shared/corpus/dev:/tmp/dv/dev --add 0.85 --add 0.9
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import score_flagger  # noqa: E402
import train_second_opinion as tso  # noqa: E402

from evidence.flagging import second_opinion as so  # noqa: E402


def scored(corpus: Path, home: Path, **env: str) -> dict:
    """score_flagger's figures for the data folder, re-flagged under these environment variables."""
    with mock.patch.dict(os.environ, env), contextlib.redirect_stdout(io.StringIO()):
        return score_flagger.score(corpus, home, reuse=True)


def line(name: str, s: dict) -> str:
    return (f"{name:<28} P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f}  "
            f"lawful turns flagged {s['lookalike_fp']} of {s['lawful_turns']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--call", action="append", required=True, metavar="WRITER[,WRITER]=CORPUS:DATA")
    ap.add_argument("--add", action="append", type=float, help="add thresholds to try (default: 0.85)")
    ap.add_argument("--keep", type=float, default=0.2)
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--train", type=Path, default=tso.TRAIN)
    args = ap.parse_args()
    files, writers = tso.load_writers(args.train)
    texts, labels, heard, owner = tso.flatten(writers)
    print(f"embedding {len(texts)} sentences and segments…", file=sys.stderr)
    emb = so.embed(texts)
    totals: dict[str, list[float]] = {}
    for spec in args.call:
        who, sets = spec.split("=", 1)
        left_out = set(who.split(","))
        if not left_out <= set(writers):
            raise SystemExit(f"unknown writer in {who!r}; writers: {', '.join(writers)}")
        tr = [i for i, o in enumerate(owner) if o not in left_out]
        model = tso.fit([texts[i] for i in tr], [labels[i] for i in tr], emb[tr], args.c, heard[tr])
        with tempfile.TemporaryDirectory() as tmp:
            for add in args.add or [0.85]:
                tso.save(Path(tmp) / str(add), model, add, args.keep, args.c, files)
            for pair in sets.split(";"):
                corpus, data = (Path(x) for x in pair.split(":"))
                home = data / corpus.name
                rows = [("lexicon alone", scored(corpus, home, EVIDENCE_SECOND_OPINION="off"))]
                for add in args.add or [0.85]:
                    rows.append((f"second opinion add {add}", scored(
                        corpus, home, EVIDENCE_SECOND_OPINION="on",
                        EVIDENCE_SECOND_OPINION_MODEL=str(Path(tmp) / str(add)))))
                print(f"== {corpus} (model without {who})")
                for name, s in rows:
                    print("  " + line(name, s))
                    totals.setdefault(name, []).append(s["f1"])
    print("mean F1 over the call sets:")
    for name, f1s in totals.items():
        print(f"  {name:<28} {np.mean(f1s):.4f} ({len(f1s)} sets)")


if __name__ == "__main__":
    main()
