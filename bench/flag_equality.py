#!/usr/bin/env python3
"""Does a matcher change find exactly the same flags? Dump every flag (all fields), every
suppressed match with its reason and each call's third-party verdict on fixed material, then
compare two dumps.

Material: the bench/match_speed.py transcript (one recording per 30 segments), every sentence of
tests/phrasebook/phrasebook.tsv and ../shared/corpus/phrases/phrases.tsv (one call each, as
`evidence lexicon test` sees it), and the stored transcripts of every data folder given with
--data (evidence.sqlite3 as bench/flag_eval.py reads it; pass a copy).

Usage (the old matcher from a checkout of the old commit, e.g. `git archive OLD src bench | tar -x -C /tmp/old`):
  PYTHONPATH=/tmp/old/src python bench/flag_equality.py dump old.json --data /tmp/copy/dev ...
  PYTHONPATH=src python bench/flag_equality.py dump new.json --data /tmp/copy/dev ...
  python bench/flag_equality.py compare old.json new.json
The lexicon is read from this checkout's lexicons/zh-CN (or --lexicons) for both.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import astuple
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_PHRASES = [base / "shared" / "corpus" / "phrases" / "phrases.tsv" for base in (ROOT.parent, ROOT.parent.parent)]


def _calls(data: list[Path]) -> dict[str, list]:
    sys.path.insert(0, str(ROOT / "bench"))
    import match_speed
    from flag_eval import transcripts

    from evidence.flagging.explain import segments_from_text

    calls: dict[str, list] = {}
    segs = match_speed.transcript(200_000)
    for i in range(0, len(segs), 30):
        calls[f"speed/{i // 30}"] = segs[i:i + 30]
    for tsv in [ROOT / "tests" / "phrasebook" / "phrasebook.tsv", *SHARED_PHRASES]:
        if not tsv.is_file():
            continue
        for n, line in enumerate(tsv.read_text(encoding="utf-8").splitlines()):
            if line.strip() and not line.startswith("#") and "\t" in line:
                calls[f"{tsv.name}/{n}"] = segments_from_text(line.split("\t", 1)[1])
    for folder in data:
        for sha, s in transcripts(folder / "evidence.sqlite3").items():
            calls[f"{folder.name}/{sha[:12]}"] = s
    return calls


def dump(out: Path, data: list[Path], lexicons: Path) -> None:
    from evidence.flagging import matcher
    from evidence.flagging.lexicon import load

    lex = load(lexicons)
    calls = _calls(data)
    result, cpu = {}, 0.0
    for name, segs in calls.items():
        t0 = time.process_time()
        doc = matcher.run(segs, lex)
        cpu += time.process_time() - t0
        result[name] = {
            "hits": [list(astuple(h)) for h in matcher.hits_of(doc)],
            "spans": [[s.start, s.end, s.label_] for s in doc.spans["flags"]],
            "suppressed": sorted([*astuple(s.hit), s.reason] for s in doc._.suppressed),
            "third_party_call": doc._.third_party_call,
            "context": [list(astuple(h)) for h in doc._.context],
        }
    out.write_text(json.dumps(result, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    flags = sum(len(r["hits"]) for r in result.values())
    print(f"{len(result)} calls, {flags} flags, matcher.run CPU {cpu:.2f} s -> {out}")


def compare(a: Path, b: Path) -> int:
    old = json.loads(a.read_text(encoding="utf-8"))
    new = json.loads(b.read_text(encoding="utf-8"))
    bad = 0
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            bad += 1
            if bad <= 10:
                o, n = old.get(name) or {}, new.get(name) or {}
                for key in sorted(set(o) | set(n)):
                    if o.get(key) != n.get(key):
                        print(f"{name} {key}:\n  old {o.get(key)}\n  new {n.get(key)}")
    flags = sum(len(r["hits"]) for r in old.values())
    print(f"{len(old)} calls, {flags} flags: {'identical' if not bad else f'{bad} calls differ'}")
    return 1 if bad else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--data", type=Path, action="append", default=[])
    d.add_argument("--lexicons", type=Path, default=ROOT / "lexicons" / "zh-CN")
    c = sub.add_parser("compare")
    c.add_argument("a", type=Path)
    c.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.data, args.lexicons)
        return 0
    return compare(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
