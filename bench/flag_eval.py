#!/usr/bin/env python3
"""Fast accuracy loop for the flagger: re-match stored transcripts in-process (no CLI, no report)
and score them the way ../shared/tools/score.py does, split by corpus part; plus text-level
scores on phrase files (label TAB sentence).

Usage:
  python bench/flag_eval.py [--data DIR] [--corpus DIR ...] [--phrases TSV ...] [-v]
  python bench/flag_eval.py --ablate frames,near,context,second_opinion   # switch components off

--data holds one data folder per corpus (as written by score_flagger.py --keep): DIR/dev,
DIR/dev-voices. The official figure is still bench/score_flagger.py (CLI reflag + report + score.py).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path

from evidence.flagging import current_lexicon, matcher
from evidence.flagging.explain import TypedSegment, TypedWord, segments_from_text

CATS = ("threat", "insult", "third_party", "identity_refusal")
ROOT = Path(__file__).resolve().parent.parent
SHARED = next((p for p in (ROOT.parent / "shared", Path("/work/shared")) if p.is_dir()), ROOT)


def transcripts(db: Path) -> dict[str, list[TypedSegment]]:
    """sha256 -> segments with words, read straight from a data folder's database."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out: dict[str, list[TypedSegment]] = {}
    recs = con.execute("select id, sha256 from recordings where status='done'").fetchall()
    for rid, sha in recs:
        segs = []
        for sid, start, end, text, lp, ns in con.execute(
                "select id, start, end, text, avg_logprob, no_speech_prob from segments "
                "where recording_id=? order by idx", (rid,)):
            words = tuple(TypedWord(s, e, t, p) for s, e, t, p in con.execute(
                "select start, end, text, probability from words where segment_id=? order by idx", (sid,)))
            segs.append(TypedSegment(start, end, text, lp, ns, words))
        out[sha] = segs
    return out


def score_calls(labels: list[dict], flags_by_sha: dict[str, list[dict]], slack: float = 1.5,
                verbose: bool = False, tag: str = "") -> dict:
    tp = dict.fromkeys(CATS, 0)
    fn = dict.fromkeys(CATS, 0)
    fp = dict.fromkeys(CATS, 0)
    lawful_fp = lawful_turns = 0
    for lab in labels:
        flags = flags_by_sha.get(lab["sha256"], [])
        used: set[int] = set()
        for t in lab["turns"]:
            lo, hi = t["start"] - slack, t["end"] + slack
            if t.get("label") in CATS:
                hit = [i for i, f in enumerate(flags) if f["category"] == t["label"]
                       and lo <= (f["start"] + f["end"]) / 2 <= hi]
                if hit:
                    tp[t["label"]] += 1
                    used.update(hit)
                else:
                    fn[t["label"]] += 1
                    if verbose:
                        print(f"  MISS {tag}{lab['id']} {t['label']}: {t['text']}")
            if t.get("lawful"):
                lawful_turns += 1
        for i, f in enumerate(flags):
            if i in used:
                continue
            c = (f["start"] + f["end"]) / 2
            if any((t.get("label") == f["category"] or f["category"] in t.get("also", []))
                   and t["start"] - slack <= c <= t["end"] + slack for t in lab["turns"]):
                continue
            fp[f["category"]] += 1
            if any(t.get("lawful") and t["start"] - slack <= c <= t["end"] + slack for t in lab["turns"]):
                lawful_fp += 1
            if verbose:
                print(f"  FP   {tag}{lab['id']} {f['category']} [{f['rule']}] {f['text']}")
    return summarise(tp, fp, fn, lawful_fp, lawful_turns)


def summarise(tp, fp, fn, lawful_fp, lawful_n) -> dict:
    rows = {}
    for c in CATS:
        p = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 1.0
        r = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 1.0
        rows[c] = (round(p, 2), round(r, 2), tp[c], fp[c], fn[c])
    TP, FP, FN = sum(tp.values()), sum(fp.values()), sum(fn.values())
    P = TP / (TP + FP) if TP + FP else 0.0
    R = TP / (TP + FN) if TP + FN else 0.0
    F1 = 2 * P * R / (P + R) if P + R else 0.0
    return {"cats": rows, "P": round(P, 3), "R": round(R, 3), "F1": round(F1, 3),
            "lawful": f"{lawful_fp}/{lawful_n}"}


def show(name: str, s: dict) -> None:
    cats = "  ".join(f"{c[:5]} P{v[0]:.2f} R{v[1]:.2f}" for c, v in s["cats"].items())
    print(f"{name:14s} F1 {s['F1']:.3f} P {s['P']:.3f} R {s['R']:.3f} lawful {s['lawful']:6s} | {cats}")


def run_corpus(corpus: Path, data: Path, verbose: bool) -> None:
    labels = json.loads((corpus / "labels.json").read_text(encoding="utf-8"))
    segs = transcripts(data / "evidence.sqlite3")
    lex = current_lexicon()
    flags = {}
    for sha, ss in segs.items():
        flags[sha] = [{"category": h.category, "start": h.start, "end": h.end, "text": h.text,
                       "rule": h.rule_id} for h in matcher.find_flags(ss, lex)]
    labels = [lab for lab in labels if lab["sha256"] in segs]  # only what was transcribed

    def num(lab: dict) -> int:
        digits = "".join(c for c in lab["id"] if c.isdigit())
        return int(digits or 0)

    parts = {"01-10": [lab for lab in labels if num(lab) <= 10],
             "11-30": [lab for lab in labels if num(lab) > 10], f"all({len(labels)})": labels}
    for pname, labs in parts.items():
        s = score_calls(labs, flags, verbose=verbose and pname.startswith("all"), tag=corpus.name[-6:] + ":")
        show(f"{corpus.name} {pname}", s)


def run_phrases(path: Path, verbose: bool) -> None:
    lex = current_lexicon()
    tp = dict.fromkeys(CATS, 0)
    fp = dict.fromkeys(CATS, 0)
    fn = dict.fromkeys(CATS, 0)
    lawful_fp = lawful_n = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or "\t" not in line:
            continue
        label, text = line.split("\t")[:2]
        ok = {x.strip() for x in label.split(",")}
        main = label.split(",")[0].strip()
        got = {h.category for h in matcher.find_flags(segments_from_text(text), lex)}
        if main == "lawful":
            lawful_n += 1
            if got:
                lawful_fp += 1
                if verbose:
                    print(f"  LAWFUL-FP {sorted(got)}: {text}")
            continue
        if main in got:
            tp[main] += 1
        else:
            fn[main] += 1
            if verbose:
                print(f"  MISS {main}: {text}")
        for c in got - ok:
            fp[c] += 1
            if verbose:
                print(f"  FP {c}: {text}")
    show(path.stem[:14], summarise(tp, fp, fn, lawful_fp, lawful_n))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=ROOT.parent / "flagger-data")
    ap.add_argument("--corpus", type=Path, nargs="*",
                    default=[SHARED / "corpus" / "dev", SHARED / "corpus" / "dev-voices"])
    ap.add_argument("--phrases", type=Path, nargs="*",
                    default=[SHARED / "corpus" / "phrases" / "phrases.tsv"])
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--ablate", default="", help="comma-separated: frames,near,context,second_opinion (switch off)")
    args = ap.parse_args()
    for name in filter(None, args.ablate.split(",")):
        matcher.FEATURES[name] = False
    for corpus in args.corpus:
        if (args.data / corpus.name / "evidence.sqlite3").exists():
            run_corpus(corpus, args.data / corpus.name, args.v)
    for p in args.phrases:
        if p.exists():
            run_phrases(p, args.v)


if __name__ == "__main__":
    main()
