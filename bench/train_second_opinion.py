#!/usr/bin/env python3
"""Train the second opinion (src/evidence/flagging/second_opinion.py) and choose its thresholds.

Training sentences: tests/phrasebook/phrasebook.tsv and models/second-opinion/train/*.tsv, each
file one writer; and models/second-opinion/train/asr/<writer>__<rendering>.tsv, what Whisper heard
in that writer's rendered calls (bench/asr_segments.py), so the model knows recognised speech.
../shared/corpus/phrases is never trained on (it stays a measurement).

Thresholds are chosen by leave-one-writer-out: for each writer, a model trained on the others
judges that writer's sentences (and recognised segments) next to the shipped lexicon; the
(add, keep) pair with the best mean change in F1 over the writers is kept, unless --add/--keep say
otherwise (bench/second_opinion_calls.py measures thresholds on calls, end to end). Then one model
is trained on all writers and written to models/second-opinion/ (weights.npz, meta.json). The
per-writer figures are printed.

Needs scikit-learn (a training tool only: `pip install scikit-learn`); the program itself reads the
weights with numpy.

Usage: python bench/train_second_opinion.py [--out DIR] [--train DIR] [--c 1.0] [--add 0.85] [--keep 0.2]
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


def fit(texts: list[str], labels: list[tuple[str, ...]], emb: np.ndarray, c: float, heard: np.ndarray):
    """One logistic regression per category with the features copied per domain (Daumé's "easy
    adaptation"): [x, x if typed, x if heard] plus a constant per domain. Written text and what
    Whisper heard share what they have in common and keep what differs; the result is one weight
    matrix per domain (typed, heard)."""
    from scipy.sparse import csr_matrix, diags, hstack
    from sklearn.linear_model import LogisticRegression

    grams, idf = vocabulary(texts)
    vocab = {g: i for i, g in enumerate(grams)}
    x = hstack([csr_matrix(so.ngram_matrix(texts, vocab, idf)), csr_matrix(emb)]).tocsr()
    h = np.asarray(heard, dtype=np.float32)
    ones = csr_matrix(np.ones((len(texts), 1), dtype=np.float32))
    x = hstack([x, diags(1 - h) @ hstack([x, ones]), diags(h) @ hstack([x, ones])]).tocsr()
    d = len(grams) + 512
    coef = np.zeros((2, len(CATS), d), dtype=np.float32)
    intercept = np.zeros((2, len(CATS)), dtype=np.float32)
    for k, cat in enumerate(CATS):
        y = np.array([cat in lab for lab in labels])
        m = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(x, y)
        w = m.coef_[0]
        for dom, lo in ((0, d), (1, 2 * d + 1)):
            coef[dom, k] = w[:d] + w[lo:lo + d]
            intercept[dom, k] = m.intercept_[0] + w[lo + d]
    return grams, idf, coef, intercept


def scores(model, texts: list[str], emb: np.ndarray, heard: np.ndarray) -> np.ndarray:
    grams, idf, coef, intercept = model
    x = np.hstack([so.ngram_matrix(texts, {g: i for i, g in enumerate(grams)}, idf), emb])
    dom = np.asarray(heard, dtype=int)
    z = np.einsum("nd,ncd->nc", x, coef[dom]) + intercept[dom]
    return 1 / (1 + np.exp(-z))


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


def load_writers(train: Path) -> tuple[list[Path], dict[str, list]]:
    """The training files, and by writer their sentences with whether Whisper heard them (asr/) or a
    person wrote them; asr/writer02__h2-tv.tsv is writer02's."""
    files = [PHRASEBOOK, *sorted(train.glob("*.tsv")), *sorted(train.glob("asr/*.tsv"))]
    writers: dict[str, list] = {}
    for f in files:
        writers.setdefault(f.stem.split("__")[0], []).extend((p, f.parent.name == "asr") for p in load_tsv(f))
    return files, writers


def flatten(writers: dict[str, list]) -> tuple[list[str], list[tuple[str, ...]], np.ndarray, list[str]]:
    """Texts, their labels, whether each was heard (not typed), and each one's writer."""
    rows = [(p, h, w) for w, ps in writers.items() for p, h in ps]
    return ([p.text for p, _, _ in rows], [p.labels for p, _, _ in rows], np.array([h for _, h, _ in rows]),
            [w for _, _, w in rows])


def save(out: Path, model, add: float, keep: float, c: float, files: list[Path], extra: dict | None = None) -> None:
    grams, idf, coef, intercept = model
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "weights.npz", idf=idf, coef=coef, intercept=intercept)
    meta = {"categories": list(CATS), "domains": ["typed", "heard"], "add": add, "keep": keep, "c": c, "min_df": MIN_DF,
            "trained_on": [f.resolve().relative_to(ROOT).as_posix() if f.resolve().is_relative_to(ROOT) else f.name
                           for f in files], **(extra or {}), "vocabulary": grams}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "models" / "second-opinion")
    ap.add_argument("--c", type=float, default=1.0)
    ap.add_argument("--train", type=Path, default=TRAIN, help="folder of writers' TSV files")
    ap.add_argument("--add", type=float, help="ship this add threshold, not the sentence-level choice "
                    "(when bench/second_opinion_calls.py measured another one better on calls)")
    ap.add_argument("--keep", type=float, help="likewise for the keep threshold")
    ap.add_argument("--held-out", help="comma-separated writers to leave out in turn (default: every writer); "
                    "a quicker run when --add and --keep are given")
    args = ap.parse_args()
    files, writers = load_writers(args.train)
    texts, labels, heard, owner = flatten(writers)
    print(f"{len(texts)} sentences and segments from {len(writers)} writers; embedding and matching…",
          file=sys.stderr)
    emb = so.embed(texts)
    lexicon = [flag_categories(t) for t in texts]

    grid = {(a, k): [] for a in ADD_GRID for k in KEEP_GRID}
    held = [w for w in writers if not args.held_out or w in args.held_out.split(",")]
    for w in held:
        tr = [i for i, o in enumerate(owner) if o != w]
        te = [i for i, o in enumerate(owner) if o == w]
        model = fit([texts[i] for i in tr], [labels[i] for i in tr], emb[tr], args.c, heard[tr])
        p = scores(model, [texts[i] for i in te], emb[te], heard[te])
        base = f1([(labels[i], lexicon[i]) for i in te])
        for (a, k), deltas in grid.items():
            deltas.append(f1([(labels[i], combine(lexicon[i], p[j], a, k)) for j, i in enumerate(te)]) - base)
        best = max(grid, key=lambda ak: grid[ak][-1])
        print(f"{w}: lexicon F1 {base:.3f}; best here add {best[0]} keep {best[1]}: {base + grid[best][-1]:.3f}",
              file=sys.stderr)
    (add, keep), deltas = max(grid.items(), key=lambda kv: (round(float(np.mean(kv[1])), 4), -kv[0][1]))
    print(f"chosen: add {add}, keep {keep}; mean F1 change per held-out writer {np.mean(deltas):+.3f} "
          f"(min {min(deltas):+.3f}, max {max(deltas):+.3f})")
    if args.add is not None or args.keep is not None:
        add, keep = args.add if args.add is not None else add, args.keep if args.keep is not None else keep
        deltas = grid[(add, keep)] if (add, keep) in grid else [float("nan")] * len(held)
        print(f"shipping add {add}, keep {keep} as asked; sentence-level mean F1 change {np.mean(deltas):+.3f}")

    model = fit(texts, labels, emb, args.c, heard)
    save(args.out, model, add, keep, args.c, files,
         {"leave_one_writer_out_f1_change": {w: round(d, 4) for w, d in zip(held, deltas, strict=True)}})
    print(f"wrote {args.out}: {len(model[0])} n-grams")


if __name__ == "__main__":
    main()
