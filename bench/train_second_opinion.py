#!/usr/bin/env python3
"""Train the second opinion (src/evidence/flagging/second_opinion.py) and choose its thresholds.

Training sentences: tests/phrasebook/phrasebook.tsv and models/second-opinion/train/*.tsv, each
file one writer. ../shared/corpus/phrases is never trained on (it stays a measurement).

Thresholds are chosen by leave-one-writer-out: for each writer, a model trained on the others
judges that writer's sentences next to the shipped lexicon; the (add, keep) pair with the best mean
change in F1 over the writers is kept. Then one model is trained on all writers and written to
models/second-opinion/ (weights.npz, meta.json). The per-writer figures are printed.

Needs scikit-learn (a training tool only: `pip install scikit-learn`); the program itself reads the
weights with numpy.

Usage: python bench/train_second_opinion.py [--out DIR] [--train DIR] [--c 1.0]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from score_phrases import CATS, PHRASEBOOK, flag_categories, load_tsv  # noqa: E402

from evidence.flagging import matcher  # noqa: E402
from evidence.flagging import second_opinion as so  # noqa: E402

matcher.FEATURES["second_opinion"] = False  # the lexicon alone, which the model is added to

TRAIN = ROOT / "models" / "second-opinion" / "train"
ADD_GRID = (0.8, 0.85, 0.9, 0.95, 1.01)
# a flag is taken back only where the model is sure (a missed threat is lost evidence): keep <= 0.2
KEEP_GRID = (0.0, 0.1, 0.2)
MIN_DF = 2


def vocabulary(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """N-grams in at least MIN_DF sentences, and their smoothed idf."""
    df: Counter[str] = Counter()
    for t in texts:
        df.update(set(so.char_ngrams(t)))
    grams = sorted(g for g, n in df.items() if n >= MIN_DF)
    n = len(texts)
    idf = np.array([np.log((1 + n) / (1 + df[g])) + 1 for g in grams], dtype=np.float32)
    return grams, idf


def fit(texts: list[str], labels: list[tuple[str, ...]], emb: np.ndarray, c: float):
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    grams, idf = vocabulary(texts)
    vocab = {g: i for i, g in enumerate(grams)}
    x = hstack([csr_matrix(so.ngram_matrix(texts, vocab, idf)), csr_matrix(emb)]).tocsr()
    coef, intercept = [], []
    for cat in CATS:
        y = np.array([cat in lab for lab in labels])
        m = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)
        coef.append(m.coef_[0])
        intercept.append(m.intercept_[0])
    return grams, idf, np.array(coef, dtype=np.float32), np.array(intercept, dtype=np.float32)


def scores(model, texts: list[str], emb: np.ndarray) -> np.ndarray:
    grams, idf, coef, intercept = model
    x = np.hstack([so.ngram_matrix(texts, {g: i for i, g in enumerate(grams)}, idf), emb])
    return 1 / (1 + np.exp(-(x @ coef.T + intercept)))


def f1(rows: list[tuple[tuple[str, ...], set[str]]]) -> float:
    """Micro F1 as bench/score_phrases.py counts it (first label required)."""
    tp = fp = fn = 0
    for labels, flags in rows:
        first = labels[0]
        if first in CATS:
            tp += first in flags
            fn += first not in flags
        fp += len({c for c in flags - {first} if c not in labels})
    return 2 * tp / max(1, 2 * tp + fp + fn)


def combine(lexicon: set[str], p: np.ndarray, add: float, keep: float) -> set[str]:
    return {c for c in lexicon if p[CATS.index(c)] >= keep} | {c for i, c in enumerate(CATS) if p[i] >= add}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "second-opinion")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--train", type=Path, default=TRAIN, help="folder of writers' TSV files")
    args = ap.parse_args()
    files = [PHRASEBOOK, *sorted(args.train.glob("*.tsv"))]
    writers = {f.stem: load_tsv(f) for f in files}
    texts = [p.text for ps in writers.values() for p in ps]
    labels = [p.labels for ps in writers.values() for p in ps]
    owner = [w for w, ps in writers.items() for _ in ps]
    print(f"{len(texts)} sentences from {len(writers)} writers; embedding and matching…", file=sys.stderr)
    emb = so.embed(texts)
    lexicon = [flag_categories(t) for t in texts]

    grid = {(a, k): [] for a in ADD_GRID for k in KEEP_GRID}
    for w in writers:
        tr = [i for i, o in enumerate(owner) if o != w]
        te = [i for i, o in enumerate(owner) if o == w]
        model = fit([texts[i] for i in tr], [labels[i] for i in tr], emb[tr], args.c)
        p = scores(model, [texts[i] for i in te], emb[te])
        base = f1([(labels[i], lexicon[i]) for i in te])
        for (a, k), deltas in grid.items():
            deltas.append(f1([(labels[i], combine(lexicon[i], p[j], a, k)) for j, i in enumerate(te)]) - base)
        best = max(grid, key=lambda ak: grid[ak][-1])
        print(f"{w}: lexicon F1 {base:.3f}; best here add {best[0]} keep {best[1]}: {base + grid[best][-1]:.3f}",
              file=sys.stderr)
    (add, keep), deltas = max(grid.items(), key=lambda kv: (round(float(np.mean(kv[1])), 4), -kv[0][1]))
    print(f"chosen: add {add}, keep {keep}; mean F1 change per held-out writer {np.mean(deltas):+.3f} "
          f"(min {min(deltas):+.3f}, max {max(deltas):+.3f})")

    grams, idf, coef, intercept = fit(texts, labels, emb, args.c)
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "weights.npz", idf=idf, coef=coef, intercept=intercept)
    meta = {"categories": list(CATS), "add": add, "keep": keep, "c": args.c, "min_df": MIN_DF,
            "trained_on": [f.resolve().relative_to(ROOT).as_posix() if f.resolve().is_relative_to(ROOT) else f.name
                           for f in files],
            "leave_one_writer_out_f1_change": {w: round(d, 4) for w, d in zip(writers, deltas, strict=True)},
            "vocabulary": grams}
    (args.out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(grams)} n-grams")


if __name__ == "__main__":
    main()
