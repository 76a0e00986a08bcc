"""What a match is: occurrences of lexicon strings in a transcript, and the flags (hits) built from
them with their place in the recording, their confidence and the rule that made them.

Shared by the matcher (matcher.py) and the rule kinds (rule_kinds.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .lexicon import Rule


@dataclass(frozen=True)
class Hit:
    category: str
    rule_id: str
    kind: str  # a name in rule_kinds.RULE_KINDS
    match: str  # exact | sound
    start_char: int  # token indices in the doc, end exclusive
    end_char: int
    start: float  # seconds in the recording, from the words' timestamps
    end: float
    segment: int
    confidence: float
    severity: int
    basis: tuple[str, ...]
    text: str  # as transcribed
    normalized: str
    detail: str = ""


@dataclass(frozen=True)
class Suppressed:
    hit: Hit
    reason: str


@dataclass
class Occ:
    """One occurrence of a lexicon string in the match text."""

    start: int  # match-text positions, end exclusive
    end: int
    match: str  # exact | sound
    exact_chars: int  # characters identical to the lexicon string (sound matches)
    near: bool = False  # one syllable off


@dataclass(frozen=True)
class Timing:
    """Per token: segment index, start and end seconds, word probability."""

    segment: list[int]
    start: list[float]
    end: list[float]
    prob: list[float]
    seg_quality: list[float]
    seg_speaker: tuple[str, ...] = ()  # per segment: collector | debtor | unknown


def speaker_at(timing: Timing, token: int) -> str:
    """Who spoke the token: collector, debtor or unknown (no speaker stage ran)."""
    seg = timing.segment[token]
    return timing.seg_speaker[seg] if seg < len(timing.seg_speaker) else "unknown"


def same_segment(doc, a: int, b: int) -> bool:
    """Whether match-text positions a and b-1 lie in one segment (one turn of speech)."""
    timing: Timing = doc.user_data["timing"]
    m2t = doc._.match_to_token
    return timing.segment[m2t[a]] == timing.segment[m2t[b - 1]]


def confidence(doc, occs: Sequence[Occ]) -> float:
    timing: Timing = doc.user_data["timing"]
    m2t = doc._.match_to_token
    tokens = [m2t[k] for o in occs for k in range(o.start, o.end)]
    prob = sum(timing.prob[t] for t in tokens) / len(tokens)
    quality = min(timing.seg_quality[t] for t in tokens)
    base = 1.0
    for o in occs:
        if o.match == "sound":
            base *= 0.55 + 0.35 * (o.exact_chars / max(1, o.end - o.start))
            if o.near:
                base *= 0.85
    score = base * (0.75 + 0.25 * min(1.0, prob / 0.8)) * quality
    return round(max(0.0, min(1.0, score)), 3)


def make_hit(doc, rule: Rule, occs: Sequence[Occ], detail: str = "", category: str = "",
             span: Sequence[Occ] | None = None) -> Hit:
    """A flag for rule over the occurrences; span (default: all of them) is where it lies."""
    timing: Timing = doc.user_data["timing"]
    m2t = doc._.match_to_token
    where = span or occs
    lo = min(o.start for o in where)
    hi = max(o.end for o in where)
    t0, t1 = m2t[lo], m2t[hi - 1] + 1
    return Hit(
        category=category or rule.category, rule_id=rule.id, kind=rule.kind,
        match="sound" if any(o.match == "sound" for o in occs) else "exact",
        start_char=t0, end_char=t1, start=round(timing.start[t0], 3), end=round(timing.end[t1 - 1], 3),
        segment=timing.segment[t0], confidence=confidence(doc, occs), severity=rule.severity,
        basis=rule.basis, text="".join(t.text for t in doc[t0:t1]), normalized=doc._.match_text[lo:hi],
        detail=detail,
    )
