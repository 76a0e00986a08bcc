#!/usr/bin/env python3
"""Flags and speakers on the labelled corpus: how many flags land on the debtor's own words and
still count as violations, and what share of flags on the collector's words are attributed to them.

Usage: python bench/speaker_flags.py [SET ...]   (default: dev dev-voices)
Transcripts as in speaker_corpus.py; the speaker stage and the matcher run here as ingest runs them.
Done when (issue 12): 0 violation flags on the debtor's words; >= 95% of flags on the collector's
words attributed to the collector.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import speaker_corpus  # noqa: E402


@dataclass(frozen=True)
class _Seg:  # a transcript segment with its party, as the matcher reads stored rows
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    words: tuple
    speaker: str


def main() -> None:
    from evidence.asr import attribution
    from evidence.flagging import current_lexicon, matcher
    from evidence.ingest import audio

    lex = current_lexicon()
    for name in sys.argv[1:] or ["dev", "dev-voices"]:
        on_debtor = on_debtor_counted = on_collector = on_collector_right = before = 0
        for c in speaker_corpus.load(name):
            att = attribution.attribute(audio.decode(c.path).samples, c.segments)
            segs = [_Seg(p.segment.start, p.segment.end, p.segment.text, p.segment.avg_logprob,
                         p.segment.no_speech_prob, p.segment.words, p.speaker) for p in att.segments]
            before += len(matcher.find_flags(c.segments, lex))
            for hit in matcher.find_flags(segs, lex):
                mid = (hit.start + hit.end) / 2
                who = next((t["who"] for t in c.labels["turns"] if t["start"] - 0.2 <= mid <= t["end"] + 0.2), None)
                speaker = segs[hit.segment].speaker
                if who == "d":
                    on_debtor += 1
                    on_debtor_counted += speaker != "debtor"
                elif who == "c":
                    on_collector += 1
                    on_collector_right += speaker == "collector"
        print(f"{name}: flags without speakers {before}; with speakers: on the collector's words {on_collector} "
              f"({on_collector_right} attributed to the collector, "
              f"{100 * on_collector_right / max(1, on_collector):.1f}%); on the debtor's words {on_debtor} "
              f"({on_debtor_counted} still counted as violations)")


if __name__ == "__main__":
    main()
