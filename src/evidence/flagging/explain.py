"""Turning typed text into pseudo-segments, for `evidence lexicon test`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SECONDS_PER_CHAR = 0.25


@dataclass(frozen=True)
class TypedWord:
    start: float
    end: float
    text: str
    probability: float = 1.0


@dataclass(frozen=True)
class TypedSegment:
    start: float
    end: float
    text: str
    avg_logprob: float = -0.2
    no_speech_prob: float = 0.0
    words: tuple[TypedWord, ...] = field(default_factory=tuple)


def segments_from_text(text: str) -> list[TypedSegment]:
    """One segment per sentence (split at 。！？!? and newlines), one word per character."""
    out, t = [], 0.0
    for sentence in (p for p in re.split(r"(?<=[。！？!?\n])", text) if p.strip()):
        words = []
        for ch in sentence:
            words.append(TypedWord(t, t + SECONDS_PER_CHAR, ch))
            t += SECONDS_PER_CHAR
        out.append(TypedSegment(words[0].start, words[-1].end, sentence, words=tuple(words)))
        t += 0.5
    return out
