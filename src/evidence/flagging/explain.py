"""Explaining the lexicon on typed text (`evidence lexicon test`): pseudo-segments, then each match
and each suppressed match with its reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .lexicon import Lexicon

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


def explain(text: str, lex: Lexicon) -> list[str]:
    """One line per flag (rule, kind, match, confidence, pinyin) and per suppressed match (reason);
    empty when nothing matches."""
    from . import matcher

    doc = matcher.run(segments_from_text(text), lex)
    lines = []
    for span in doc.spans["flags"]:
        h = span._.flag
        pinyin = " ".join(t._.pinyin for t in doc[h.start_char:h.end_char])
        lines.append(f"{h.category:16s} \"{h.text}\"  rule {h.rule_id} ({h.kind}, {h.match}"
                     f"{', ' + h.detail if h.detail else ''}; confidence {h.confidence:.2f}; [{pinyin}])")
    for sup in doc._.suppressed:
        lines.append(f"not flagged: {sup.hit.category} \"{sup.hit.text}\" ({sup.hit.rule_id}): {sup.reason}")
    return lines
