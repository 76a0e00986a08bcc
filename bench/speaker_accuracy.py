#!/usr/bin/env python3
"""Share of labelled turns given the right party (collector or debtor), per call and overall.

Usage: python bench/speaker_accuracy.py [SET ...]   (default: dev-voices dev, in ../shared/corpus;
"holdout" is bench/holdout, six calls the cues were not tuned on)

Words and segments come from the transcripts the flagger bench already filed (see speaker_corpus.py);
audio is decoded here. A turn's party is the duration-weighted majority of the parties of the words
whose middle falls inside it (a turn with no word counts as wrong). Reported for each set:
  voices   the two-voice split alone, each call's voices named the better way round (an upper bound)
  cues     the shipped decision: voices named by what each one says (no voice profile)
  profile  a confirmed voice profile of the debtor, built from the other calls' labelled debtor turns
  baseline every word the collector's (what evidence did before)
Targets (issue 12): >= 90% on dev-voices, >= 80% on dev.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import speaker_corpus  # noqa: E402


def turn_accuracy(turns_labelled: list[dict], words: list, parties: list[str]) -> list[bool]:
    """For each labelled turn, whether the majority party of its words is the labelled one."""
    out = []
    for t in turns_labelled:
        want = "collector" if t["who"] == "c" else "debtor"
        votes: dict[str, float] = {}
        for w, p in zip(words, parties, strict=True):
            mid = (w.start + w.end) / 2
            if t["start"] - 0.15 <= mid <= t["end"] + 0.15:
                votes[p] = votes.get(p, 0.0) + (w.end - w.start)
        out.append(bool(votes) and max(votes, key=votes.get) == want)
    return out


def run(name: str) -> dict:
    from evidence.asr import speaker_roles, speakers
    from evidence.flagging import stretch_points
    from evidence.ingest import audio

    calls = speaker_corpus.load(name)
    decoded = {c.id: audio.decode(c.path).samples for c in calls}
    speaker_encoder_warm = speakers.find_voices(decoded[calls[0].id], calls[0].segments)  # noqa: F841
    results = {m: [] for m in ("voices", "cues", "profile", "baseline")}
    seconds = []
    found = {}
    for c in calls:
        t0 = time.perf_counter()
        v = speakers.find_voices(decoded[c.id], c.segments)
        violations = stretch_points([s.text for s in v.stretches])
        roles = speaker_roles.decide(v, violations=violations)
        seconds.append(time.perf_counter() - t0)
        found[c.id] = (v, roles, violations)
    # a debtor profile from the other calls' labelled debtor turns (leave one out)
    debtor_embeds = {}
    for c in calls:
        v, _, _ = found[c.id]
        words = [w for s in v.stretches for w in s.words]
        dparts = [speakers.Stretch(t["start"], t["end"], ()) for t in c.labels["turns"] if t["who"] == "d"]
        e = speakers.embed_stretches(decoded[c.id], dparts)
        debtor_embeds[c.id] = e.mean(axis=0)
    for c in calls:
        v, roles, violations = found[c.id]
        word_voice = [(w, lab) for s, lab in zip(v.stretches, v.labels, strict=True) for w in s.words]
        words = [w for w, _ in word_voice]
        labels = [lab for _, lab in word_voice]
        turns = c.labels["turns"]
        a = turn_accuracy(turns, words, [("collector", "debtor")[x] for x in labels])
        b = turn_accuracy(turns, words, [("debtor", "collector")[x] for x in labels])
        results["voices"].append(a if sum(a) >= sum(b) else b)
        results["cues"].append(turn_accuracy(turns, words, [roles.speaker_of[x] for x in labels]))
        others = np.mean([e for k, e in debtor_embeds.items() if k != c.id], axis=0)
        prof = speaker_roles.decide(v, profile=speaker_roles.Profile(tuple(others / np.linalg.norm(others)), 10, True),
                                    violations=violations)
        results["profile"].append(turn_accuracy(turns, words, [prof.speaker_of[x] for x in labels]))
        results["baseline"].append(turn_accuracy(turns, words, ["collector"] * len(words)))
    return {"calls": calls, "results": results, "seconds": seconds, "found": found}


def main() -> None:
    sets = sys.argv[1:] or ["dev-voices", "dev"]
    for name in sets:
        r = run(name)
        calls, results = r["calls"], r["results"]
        print(f"\n== {name}: {len(calls)} calls, {sum(len(c.labels['turns']) for c in calls)} labelled turns "
              f"(transcripts: {sum(c.source == 'filed' for c in calls)} filed, "
              f"{sum(c.source == 'transcribed' for c in calls)} transcribed here)")
        print("call   turns  voices  cues  profile  baseline  method   sep")
        for i, c in enumerate(calls):
            v, roles, _ = r["found"][c.id]
            cells = [f"{sum(results[m][i])}/{len(results[m][i])}" for m in ("voices", "cues", "profile", "baseline")]
            print(f"{c.id:6} {len(c.labels['turns']):5}  {cells[0]:>6} {cells[1]:>5} {cells[2]:>8} {cells[3]:>9}  "
                  f"{roles.method:7} {v.separation:.3f}")
        for m in ("voices", "cues", "profile", "baseline"):
            flat = [x for call in results[m] for x in call]
            perfect = sum(all(call) for call in results[m])
            print(f"{m:9} {100 * sum(flat) / len(flat):5.1f}% of turns right, {perfect}/{len(calls)} calls perfect")
        s = r["seconds"]
        print(f"seconds per call (embed + cluster + roles, audio decoded beforehand): mean {np.mean(s):.2f}, "
              f"max {np.max(s):.2f}")


if __name__ == "__main__":
    main()
