#!/usr/bin/env python3
"""Text-level precision and recall of the matcher on labelled phrasebooks (issue 11).

Each sentence goes through the matcher in-process as `evidence lexicon test` does (one turn per
sentence, no recognition errors). A TSV line is `label<TAB>sentence`, where label is one of
threat, insult, third_party, identity_refusal, lawful, optionally followed by an acceptable
second label after a comma (`third_party,threat`); `#` lines are comments.

Scoring, as ../shared/tools/score.py does for calls: the first label is required, so a sentence
whose first label is c and which is not flagged c is a miss for c. A flag of c is correct when c
is any of the sentence's labels (a flag on the second label counts for precision, not recall) and
a false positive otherwise. A lawful sentence with any
flag counts once as a flagged lawful sentence.

Usage: python bench/score_phrases.py [TSV ...] [-v] [--json]
Defaults to tests/phrasebook/phrasebook.tsv and ../shared/corpus/phrases/phrases.tsv (if present).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHRASEBOOK = ROOT / "tests" / "phrasebook" / "phrasebook.tsv"
# ../shared from the main checkout; ../../shared from a worktree under /work/wt
SHARED_PHRASES = [base / "shared" / "corpus" / "phrases" / "phrases.tsv" for base in (ROOT.parent, ROOT.parent.parent)]
CATS = ("threat", "insult", "third_party", "identity_refusal")
LABELS = (*CATS, "lawful")


def flag_categories(sentence: str) -> set[str]:
    """Categories the shipped lexicon flags in one sentence, as `evidence lexicon test` finds them.

    The only place this script touches the evidence API, so the restructure (issue 9), which
    moves these modules from evidence.* into evidence.flagging.*, changes only `_api`.
    """
    find_flags, segments_from_text, current_lexicon = _api()
    return {hit.category for hit in find_flags(segments_from_text(sentence), current_lexicon())}


@cache
def _api():
    import importlib

    def first(name: str, modules: tuple[str, ...]):
        for mod in modules:
            try:
                return getattr(importlib.import_module(mod), name)
            except (ImportError, AttributeError):
                continue
        raise ImportError(f"evidence: {name} not found in {', '.join(modules)}")

    return (first("find_flags", ("evidence.flagging.matcher", "evidence.matcher")),
            first("segments_from_text", ("evidence.flagging.explain", "evidence.lexicon_try",
                                         "evidence.flagging.lexicon_try")),
            first("current_lexicon", ("evidence.flagging", "evidence.flagging.lexicon",
                                      "evidence.flagging.current")))


@dataclass(frozen=True)
class Phrase:
    line: int
    labels: tuple[str, ...]
    text: str


def load_tsv(path: Path) -> list[Phrase]:
    """Read a phrasebook TSV; raises ValueError naming the line for a malformed one."""
    out = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 2 or not parts[1].strip():
            raise ValueError(f"{path}:{n}: expected label<TAB>sentence")
        labels = tuple(x.strip() for x in parts[0].split(","))
        if not labels or any(x not in LABELS for x in labels) or ("lawful" in labels and len(labels) > 1):
            raise ValueError(f"{path}:{n}: bad label {parts[0]!r}")
        out.append(Phrase(n, labels, parts[1].strip()))
    return out


def score(phrases: list[Phrase]) -> dict:
    """Run every sentence through the matcher and count per-category TP/FP/FN."""
    flag_categories("预热")  # load spaCy and compile the lexicon outside the timing
    tp = dict.fromkeys(CATS, 0)
    also = dict.fromkeys(CATS, 0)
    fp = dict.fromkeys(CATS, 0)
    fn = dict.fromkeys(CATS, 0)
    misses, false_flags = [], []
    lawful_flagged = lawful = 0
    t0 = time.perf_counter()
    results = [(p, flag_categories(p.text)) for p in phrases]
    seconds = time.perf_counter() - t0
    for p, flags in results:
        primary = p.labels[0]
        if primary in CATS:
            if primary in flags:
                tp[primary] += 1
            else:
                fn[primary] += 1
                misses.append({"line": p.line, "label": ",".join(p.labels), "text": p.text,
                               "flagged": sorted(flags)})
        for c in flags - {primary}:
            if c in p.labels:
                also[c] += 1
            else:
                fp[c] += 1
                false_flags.append({"line": p.line, "label": ",".join(p.labels), "flag": c, "text": p.text})
        if primary == "lawful":
            lawful += 1
            lawful_flagged += bool(flags)
    per = {}
    for c in CATS:
        good = tp[c] + also[c]
        prec = good / (good + fp[c]) if good + fp[c] else 0.0
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        per[c] = {"tp": tp[c], "also": also[c], "fp": fp[c], "fn": fn[c],
                  "precision": round(prec, 3), "recall": round(rec, 3)}
    TP, FP, FN, ALSO = sum(tp.values()), sum(fp.values()), sum(fn.values()), sum(also.values())
    P = (TP + ALSO) / (TP + ALSO + FP) if TP + ALSO + FP else 0.0
    R = TP / (TP + FN) if TP + FN else 0.0
    chars = sum(len(p.text) for p in phrases)
    return {"sentences": len(phrases), "per_category": per, "precision": round(P, 3), "recall": round(R, 3),
            "f1": round(2 * P * R / (P + R), 3) if P + R else 0.0,
            "lawful": lawful, "lawful_flagged": lawful_flagged,
            "sentences_per_second": round(len(phrases) / seconds, 1) if seconds else None,
            "chars_per_second": round(chars / seconds) if seconds else None,
            "misses": misses, "false_flags": false_flags}


def print_summary(path: Path, s: dict, verbose: bool) -> None:
    print(f"== {path} ({s['sentences']} sentences)")
    for c in CATS:
        r = s["per_category"][c]
        print(f"{c:17s} P={r['precision']:.2f} R={r['recall']:.2f} "
              f"(tp {r['tp']}, on a second label {r['also']}, fp {r['fp']}, fn {r['fn']})")
    print(f"overall           P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f}")
    print(f"lawful sentences flagged: {s['lawful_flagged']} of {s['lawful']}")
    print(f"throughput: {s['sentences_per_second']} sentences/s, {s['chars_per_second']:,} chars/s")
    if verbose:
        for m in s["misses"]:
            print(f"MISS  {m['label']:24s} {m['text']}  (flagged: {', '.join(m['flagged']) or '-'})")
        for f in s["false_flags"]:
            print(f"FLAG  {f['flag']:16s} on {f['label']:16s} {f['text']}")
    print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("tsv", nargs="*", type=Path)
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false flags")
    ap.add_argument("--json", action="store_true", help="print one JSON object keyed by file")
    args = ap.parse_args()
    paths = args.tsv or [PHRASEBOOK, *[p for p in SHARED_PHRASES if p.is_file()][:1]]
    if not paths:
        sys.exit("no phrasebook found")
    out = {}
    for path in paths:
        s = score(load_tsv(path))
        out[str(path)] = s
        if not args.json:
            print_summary(path, s, args.verbose)
    if args.json:
        if not args.verbose:
            for s in out.values():
                s.pop("misses"), s.pop("false_flags")
        print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
