#!/usr/bin/env python3
"""Train the words-say-who model (src/evidence/asr/role_words.py) and measure it on calls.

Training rows: models/speaker-roles/train/typed/<set>.tsv (the turns of a set's call scripts, c or d)
and train/heard/<set>-<rendering>.tsv (what Whisper heard in that rendering, each segment given the
role of the scripted turn it overlaps most). `collect` writes those files from a rendered corpus's
scripts, labels.json and the JSON report of a data folder that ingested it.

Measured by leave-one-set-out: a model trained on the other sets reads each held-out rendering's
segments as the pipeline split them (the report's speaker per segment); for each call with two
voices it says whether the margin (role_words.margin) names the collector voice rightly, next to
the voices the pipeline named, and how many calls the override (speaker_roles.WORDS_OVERRIDE) would
fix or break.

Needs scikit-learn (a training tool only). Usage:
  python bench/train_speaker_roles.py collect SET SCRIPTS.json [--heard NAME LABELS.json EXPORT.json ...]
  python bench/train_speaker_roles.py train [--c 2.0] [--out models/speaker-roles]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
TRAIN = ROOT / "models" / "speaker-roles" / "train"
HEADER = ("# role\ttext\t(role: c = the collector, d = the other party; typed: the call script; heard: what "
          "Whisper heard in its rendering, by overlap with the scripted turns)\n")


def segment_roles(labels: list[dict], export: dict):
    """(call id, text, true role, the pipeline's speaker) per report segment."""
    recs = {r["sha256"]: r for r in export["recordings"]}
    for call in labels:
        rec = recs.get(call["sha256"])
        for seg in rec["transcript"] if rec else ():
            best, most = None, 0.0
            for t in call["turns"]:
                o = min(seg["end"], t["end"]) - max(seg["start"], t["start"])
                if o > most:
                    best, most = t, o
            if best and seg["text"].strip():
                yield call["id"], " ".join(seg["text"].split()), best["who"], seg.get("speaker")


def write_tsv(path: Path, rows: list[tuple[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(f"{r}\t{t}\n" for r, t in rows), encoding="utf-8")


def collect(args) -> None:
    scripts = json.loads(Path(args.scripts).read_text(encoding="utf-8"))
    write_tsv(TRAIN / "typed" / f"{args.set}.tsv", [(t["who"], t["text"]) for c in scripts for t in c["turns"]])
    for name, labels, export in zip(*[iter(args.heard or [])] * 3, strict=True):
        rows = segment_roles(json.loads(Path(labels).read_text(encoding="utf-8")),
                             json.loads(Path(export).read_text(encoding="utf-8")))
        write_tsv(TRAIN / "heard" / f"{args.set}-{name}.tsv", [(role, text) for _, text, role, _ in rows])


def load(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Rows by set (h21-one.tsv and h21.tsv are both set h21)."""
    by_set: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for f in sorted(folder.glob("*/*.tsv")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                role, text = line.split("\t", 1)
                by_set[f.stem.split("-")[0]].append((role, text))
    return by_set


def fit(rows: list[tuple[str, str]], c: float):
    from sklearn.linear_model import LogisticRegression
    from train_second_opinion import MIN_DF, vocabulary

    from evidence.flagging.second_opinion import ngram_matrix

    texts = [t for _, t in rows]
    grams, idf = vocabulary(texts)
    vocab = {g: i for i, g in enumerate(grams)}
    m = LogisticRegression(C=c, max_iter=3000).fit(ngram_matrix(texts, vocab, idf), [r == "c" for r, _ in rows])
    return grams, idf, m.coef_[0].astype(np.float32), float(m.intercept_[0]), MIN_DF


def save(out: Path, model, c: float, sets: list[str], extra: dict) -> None:
    grams, idf, coef, intercept, min_df = model
    out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out / "weights.npz", idf=idf, coef=coef, intercept=np.float32(intercept))
    meta = {"c": c, "min_df": min_df, "trained_on_sets": sets, **extra, "vocabulary": grams}
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


def train(args) -> None:
    from evidence.asr import role_words, speaker_roles

    by_set = load(args.train)
    sets = sorted(by_set)
    print(f"{sum(map(len, by_set.values()))} turns and segments from {len(sets)} sets", file=sys.stderr)
    fixed = broke = right = calls = 0
    for s in sets if args.evaluate else ():
        exports = json.loads(Path(args.evaluate).read_text(encoding="utf-8")).get(s, [])
        if not exports:
            continue
        model = fit([r for o, rows in by_set.items() if o != s for r in rows], args.c)
        save(args.tmp, model, args.c, [o for o in sets if o != s], {})
        held_out = role_words.RoleModel(args.tmp)
        for labels, export in exports:
            per_call: dict[str, list] = defaultdict(list)
            for cid, text, role, spk in segment_roles(json.loads(Path(labels).read_text(encoding="utf-8")),
                                                      json.loads(Path(export).read_text(encoding="utf-8"))):
                per_call[cid].append((text, role, spk))
            for cid, segs in per_call.items():
                a = [x for x in segs if x[2] == "collector"]
                b = [x for x in segs if x[2] == "debtor"]
                if not a or not b:
                    continue
                ok = np.mean([r == "c" for _, r, _ in a]) > np.mean([r == "c" for _, r, _ in b])
                m = role_words.margin(([t for t, _, _ in a], [t for t, _, _ in b]), held_out)
                flip = m <= -speaker_roles.WORDS_OVERRIDE
                calls += 1
                right += ok
                fixed += flip and not ok
                broke += flip and ok
                if flip:
                    print(f"{s} {cid} ({Path(export).parent.name}): margin {m:+.1f}, "
                          f"{'fixed' if not ok else 'BROKEN'}", file=sys.stderr)
    if calls:
        print(f"leave-one-set-out over {calls} two-voice calls: the pipeline named {right} rightly; "
              f"the override would fix {fixed} and break {broke}")
    model = fit([r for rows in by_set.values() for r in rows], args.c)
    save(args.out, model, args.c, sets, {"leave_one_set_out": {"calls": calls, "right": int(right),
                                                                "fixed": int(fixed), "broken": int(broke)}})
    print(f"wrote {args.out}: {len(model[0])} n-grams")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("collect")
    c.add_argument("set")
    c.add_argument("scripts")
    c.add_argument("--heard", nargs="+", help="NAME LABELS EXPORT, repeated")
    t = sub.add_parser("train")
    t.add_argument("--c", type=float, default=2.0)
    t.add_argument("--train", type=Path, default=TRAIN)
    t.add_argument("--out", type=Path, default=ROOT / "models" / "speaker-roles")
    t.add_argument("--evaluate", help="JSON {set: [[labels, export], ...]}: measure leave-one-set-out on calls")
    t.add_argument("--tmp", type=Path, default=Path("/tmp/evidence-speaker-roles"))
    a = ap.parse_args()
    collect(a) if a.cmd == "collect" else train(a)


if __name__ == "__main__":
    main()
