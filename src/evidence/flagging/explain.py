"""Explaining the lexicon on typed text (`evidence lexicon test`): pseudo-segments, then each match
and each suppressed match with its reason."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..categories import label
from ..i18n import _

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
    turn: int | None = None  # segments with the same turn are one person's words (hits.turns_of)


def segments_from_text(text: str) -> list[TypedSegment]:
    """One segment per sentence (split at 。！？!? and newlines), one word per character; the
    sentences of a line are one turn, said by one person."""
    out, t, turn = [], 0.0, 0
    for sentence in (p for p in re.split(r"(?<=[。！？!?\n])", text) if p):
        if sentence.strip():
            words = []
            for ch in sentence:
                words.append(TypedWord(t, t + SECONDS_PER_CHAR, ch))
                t += SECONDS_PER_CHAR
            out.append(TypedSegment(words[0].start, words[-1].end, sentence, words=tuple(words), turn=turn))
            t += 0.5
        if sentence.endswith("\n"):
            turn += 1
    return out


def explain(text: str, lex: Lexicon) -> list[str]:
    """One line per flag (rule, kind, match, confidence, pinyin) and per suppressed match (reason);
    empty when nothing matches."""
    from . import matcher
    from .hits import MODEL_KIND
    from .rule_kinds import kind_label

    doc = matcher.run(segments_from_text(text), lex)
    lines = []
    for h in matcher.hits_of(doc):
        pinyin = " ".join(t._.pinyin for t in doc[h.start_char:h.end_char])
        how = kind_label(h.kind) if h.kind == MODEL_KIND else f"{h.kind}, {h.match}"
        how += f", {h.detail}" if h.detail else ""
        lines.append(_("{category} “{text}”  rule {rule} ({how}; confidence {confidence:.2f}; [{pinyin}])").format(
            category=label(h.category), text=h.text, rule=h.rule_id, how=how, confidence=h.confidence,
            pinyin=pinyin))
    for sup in doc._.suppressed:
        lines.append(_("not flagged: {category} “{text}” ({rule}): {reason}").format(
            category=label(sup.hit.category), text=sup.hit.text, rule=sup.hit.rule_id, reason=sup.reason.localised()))
    if doc._.third_party_call:
        lines.append(_("the call is made to a third party: {markers}").format(
            markers=", ".join(f"“{h.text}” ({h.rule_id})" for h in doc._.context)))
    return lines
