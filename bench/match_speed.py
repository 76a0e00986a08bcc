#!/usr/bin/env python3
"""Matching throughput: characters of transcript per second through the spaCy pipeline, against
a naive baseline (str.count of every exact lexicon phrase) in the same process.

Target: 100,000 characters per second or more (on an idle 2-core machine). The baseline and the
matcher run in turn three times each; each figure is the best run, and the matcher's median run
is given too. Each figure is given by wall time and by CPU time (time.process_time): on a machine
shared with other work the CPU figure is the steadier one. The baseline grows with the lexicon
(one str.count per phrase), so compare its ratio only between runs with the same lexicon.

The second opinion (flagging/second_opinion.py) is a stage after matching: the matcher figure is
taken without it, and its own throughput is given after, on the first 20,000 characters, as a ratio
to the matcher's time for the same text.
"""

from __future__ import annotations

import random
import statistics
import time

from evidence.flagging import current_lexicon, matcher
from evidence.flagging.explain import TypedSegment, TypedWord

SENTENCES = [
    "喂你好，请问是李明吗，我这边是平台的，你的借款已经逾期四十天了。",
    "我现在确实困难，想跟平台协商分期，能不能先还一部分。",
    "少废话，今天下午五点前不还，我们就打电话给你爸妈和你单位领导。",
    "您好，这里是消费金融客服中心，我的工号是八三五二，提醒您按时还款。",
    "你的通信路我们都有，到时候全给你报了，看你躲到哪里去。",
    "我们只会和您本人沟通，不会联系您的家人，请您理解。",
    "你这个老赖，欠钱不还还有脸接电话，真是不要脸。",
    "请你告诉我你的功耗和公司名称，功耗不方便透露，你就说还不还吧。",
]


REPEATS = 3


def transcript(chars: int, seed: int = 1) -> list[TypedSegment]:
    rng = random.Random(seed)
    segments, t, n = [], 0.0, 0
    while n < chars:
        s = rng.choice(SENTENCES)
        words = tuple(TypedWord(t + i * 0.2, t + (i + 1) * 0.2, c, 0.8) for i, c in enumerate(s))
        segments.append(TypedSegment(t, t + len(s) * 0.2, s, -0.3, 0.05, words))
        t += len(s) * 0.2 + 0.5
        n += len(s)
    return segments


def main() -> None:
    lex = current_lexicon()
    matcher.FEATURES["second_opinion"] = False  # measured on its own below
    matcher.find_flags(transcript(2000), lex)  # compile the lexicon, load spaCy
    segs = transcript(200_000)
    chars = sum(len(s.text) for s in segs)
    text = "".join(s.text for s in segs)
    phrases = {p for r in lex.rules for p in (*r.patterns, *r.first, *r.second)}

    # the baseline and the matcher in turn, REPEATS times each: on a shared machine one run can be
    # a third slower than the next, so each is given by its best run (as timeit does) and its median
    naive_runs, full_runs = [], []
    for _rep in range(REPEATS):
        t0, c0 = time.perf_counter(), time.process_time()
        naive = sum(text.count(p) for p in phrases)
        naive_runs.append((time.perf_counter() - t0, time.process_time() - c0))
        t0, c0 = time.perf_counter(), time.process_time()
        # one "recording" per 30 segments, as reflag sees them
        flags = 0
        for i in range(0, len(segs), 30):
            flags += len(matcher.find_flags(segs[i:i + 30], lex))
        full_runs.append((time.perf_counter() - t0, time.process_time() - c0))
    naive_s, naive_cpu = (min(r[k] for r in naive_runs) for k in (0, 1))
    full_s, full_cpu = (min(r[k] for r in full_runs) for k in (0, 1))
    full_median = statistics.median(r[0] for r in full_runs)
    print(f"{chars} characters, {len(phrases)} lexicon phrases; best of {REPEATS} runs each")
    print(f"naive exact str.count baseline: {chars / naive_s:,.0f} chars/s wall, "
          f"{chars / naive_cpu:,.0f} chars/s CPU ({naive} hits)")
    print(f"evidence matcher (exact + sound + rules + suppression, spaCy docs): "
          f"{chars / full_s:,.0f} chars/s wall, {chars / full_cpu:,.0f} chars/s CPU ({flags} flags); "
          f"median run {chars / full_median:,.0f} chars/s wall")
    print(f"matcher / baseline time = {full_s / naive_s:.2f} wall, {full_cpu / naive_cpu:.2f} CPU; "
          f"target >= 100,000 chars/s: {chars / full_s >= 100_000} wall, {chars / full_cpu >= 100_000} CPU")
    second_opinion(lex, segs)


def second_opinion(lex, segs) -> None:
    """The same recordings with and without the second opinion, one after the other."""
    part, n = [], 0
    for s in segs:
        if n >= 20_000:
            break
        part.append(s)
        n += len(s.text)
    matcher.FEATURES["second_opinion"] = True
    matcher.find_flags(part[:30], lex)  # load the sentence encoder
    timed = {}
    for on in (False, True):
        matcher.FEATURES["second_opinion"] = on
        t0 = time.perf_counter()
        for i in range(0, len(part), 30):
            matcher.find_flags(part[i:i + 30], lex)
        timed[on] = time.perf_counter() - t0
    print(f"with the second opinion: {n / timed[True]:,.0f} chars/s wall on {n:,} characters; "
          f"{timed[True] / timed[False]:.2f}x the matcher's time alone")


if __name__ == "__main__":
    main()
