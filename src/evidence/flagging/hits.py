"""What a match is: occurrences of lexicon strings in a transcript, and the flags (hits) built from
them with their place in the recording, their confidence and the rule that made them.

Shared by the matcher (matcher.py), the occurrence finder (occurrences.py) and the rule kinds
(rule_kinds.py), which read a doc through MatchText: plain lists, no spaCy objects per character.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .lexicon import Rule


MODEL_KIND = "model"  # the kind of a flag the second opinion added (second_opinion.py)


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
    # a model flag on a turn heard poorly, given because the second hearing's words read the same
    # (second_opinion.revise); the second hearing's own words, where it flags them, stand instead
    confirmed_by_second_hearing: bool = False


class Reason(str):
    """Why a match was not flagged: the English text, and its message and values, so that
    `evidence lexicon test` can say it in the user's language."""

    def __new__(cls, message: str, **values: str) -> Reason:
        found = super().__new__(cls, message.format(**values))
        found.message, found.values = message, values
        return found

    def localised(self) -> str:
        from ..i18n import _

        return _(self.message).format(**self.values)


@dataclass(frozen=True)
class Suppressed:
    hit: Hit
    reason: Reason


@dataclass(slots=True)
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
    seg_turn: tuple[int | None, ...] = ()  # per segment: its turn where the source says (typed text)
    # per segment: what the second hearing heard in it (asr/second_hearing.py), None where nothing
    seg_also_heard: tuple[str | None, ...] = ()


CLAUSE_MARKS = frozenset("，。！？；、,.!?;")


@dataclass
class MatchText:
    """What matching reads from a doc, as plain lists: the tokens' texts, the match text (no
    punctuation), for each match-text position its token and segment, and the tokens' timing."""

    tokens: list[str]
    text: str
    keys: str  # the match text's sound keys
    to_token: list[int]
    timing: Timing
    segment: list[int] = field(default_factory=list)  # per match-text position
    turn: list[int] = field(default_factory=list)  # per match-text position: its turn (turns_of)
    debtor: set[int] = field(default_factory=set)  # segments with words only a debtor says
    # per segment: the categories of the lawful look-alikes there that speak for the whole turn
    # (exemptions.yaml, `whole_turn: true`): the second opinion adds no flag of those to that turn
    lawful_here: dict[int, set[str]] = field(default_factory=dict)
    _starts: list[Occ] | None = None
    _quotes: list[tuple[int, int]] | None = None

    def __post_init__(self):
        if not self.segment:
            seg = self.timing.segment
            self.segment = [seg[t] for t in self.to_token]
        if not self.turn:
            of = turns_of(self.timing)
            self.turn = [of[s] for s in self.segment]

    def quoted(self, lo: int, hi: int) -> bool:
        """Whether match-text positions lo..hi-1 lie inside quotation marks (“打断腿”这三个字):
        words in quotes are mentioned, not said to anyone."""
        if self._quotes is None:
            self._quotes = quoted_regions(self.tokens)
        if not self._quotes or hi <= lo:
            return False
        first, last = self.to_token[lo], self.to_token[hi - 1]
        return any(a < first and last < b for a, b in self._quotes)

    def segment_starts(self) -> list[Occ]:
        """An empty occurrence at the first position of every segment (a frame's '^' slot)."""
        if self._starts is None:
            seg = self.segment
            self._starts = [Occ(p, p, "exact", 0) for p in range(len(seg)) if p == 0 or seg[p] != seg[p - 1]]
        return self._starts


_QUOTE_PAIRS = {"“": "”", "「": "」", "『": "』", "‘": "’"}
_STRAIGHT_QUOTES = frozenset('"＂')


def quoted_regions(tokens: list[str]) -> list[tuple[int, int]]:
    """(opening, closing) token indexes of every pair of quotation marks, innermost pairs too;
    a straight quote opens and closes in turn, an unclosed mark quotes nothing."""
    out, stack, straight = [], [], None
    for k, t in enumerate(tokens):
        if t in _QUOTE_PAIRS:
            stack.append((k, _QUOTE_PAIRS[t]))
        elif stack and t == stack[-1][1]:
            out.append((stack.pop()[0], k))
        elif t in _STRAIGHT_QUOTES:
            if straight is None:
                straight = k
            else:
                out.append((straight, k))
                straight = None
    return out


def speaker_at(timing: Timing, token: int) -> str:
    """Who spoke the token: collector, debtor or unknown (no speaker stage ran)."""
    seg = timing.segment[token]
    return timing.seg_speaker[seg] if seg < len(timing.seg_speaker) else "unknown"


SAME_TURN_GAP = 1.0  # seconds: segments this close, given the same speaker, are one turn


def segment_bounds(timing: Timing) -> tuple[dict[int, float], dict[int, float]]:
    """Each segment's first word's start and last word's end, in seconds (segments with words)."""
    first: dict[int, float] = {}
    last: dict[int, float] = {}
    for t, s in enumerate(timing.segment):
        first.setdefault(s, timing.start[t])
        last[s] = timing.end[t]
    return first, last


def turns_of(timing: Timing, by_speaker: bool = False) -> list[int]:
    """The turn of each segment: segments the source says are one person's turn (typed text, one
    line: seg_turn) are one turn; every other segment is a turn of its own.

    by_speaker: also join consecutive segments of the same known speaker at most SAME_TURN_GAP
    apart, where the recogniser cut one turn (麻烦您跟他讲一声 | 今天之内必须把钱还上). Measured on
    rendered calls it lost more than it found (a merged voice split joins two people's words, a
    debtor's cue then reaches the collector's), so recordings are read segment by segment unless
    EVIDENCE_JOIN_TURNS=on (matcher.FEATURES["turns"])."""
    first, last = segment_bounds(timing)
    speakers, given = timing.seg_speaker, timing.seg_turn
    count = max(len(speakers), len(given), max(timing.segment, default=-1) + 1)
    out, turn = [], -1
    for s in range(count):
        who = speakers[s] if s < len(speakers) else "unknown"
        prev = s - 1
        if s < len(given) and given[s] is not None:
            joined = s > 0 and given[prev] == given[s]
        else:
            joined = (by_speaker and s > 0 and who in ("collector", "debtor") and prev < len(speakers)
                      and speakers[prev] == who and prev in last and s in first
                      and first[s] - last[prev] <= SAME_TURN_GAP)
        if not joined:
            turn += 1
        out.append(turn)
    return out


def same_segment(mt: MatchText, a: int, b: int) -> bool:
    """Whether match-text positions a and b-1 lie in one turn of speech (turns_of)."""
    return mt.turn[a] == mt.turn[b - 1]


def span_of(occs: Sequence[Occ]) -> tuple[int, int]:
    """The first start and the last end of some occurrences."""
    lo, hi = occs[0].start, occs[0].end
    for o in occs:
        if o.start < lo:
            lo = o.start
        if o.end > hi:
            hi = o.end
    return lo, hi


def confidence(mt: MatchText, occs: Sequence[Occ]) -> float:
    timing = mt.timing
    m2t = mt.to_token
    probs, quals = timing.prob, timing.seg_quality
    total, count, quality = 0.0, 0, float("inf")
    for o in occs:
        for k in range(o.start, o.end):
            t = m2t[k]
            total += probs[t]
            count += 1
            q = quals[t]
            if q < quality:
                quality = q
    prob = total / count
    base = 1.0
    for o in occs:
        if o.match == "sound":
            base *= 0.55 + 0.35 * (o.exact_chars / max(1, o.end - o.start))
            if o.near:
                base *= 0.85
    score = base * (0.75 + 0.25 * min(1.0, prob / 0.8)) * quality
    return round(max(0.0, min(1.0, score)), 3)


class Candidate:
    """A flag a rule would give, before suppression and overlaps are settled: where it lies and
    how sure it is; the Hit itself is built only for the flags kept (and those suppressed)."""

    __slots__ = ("rule", "occs", "lo", "hi", "t0", "t1", "confidence", "detail")

    def __init__(self, mt: MatchText, rule: Rule, occs: Sequence[Occ], detail: str = "",
                 span: Sequence[Occ] | None = None):
        where = span or occs
        self.rule = rule
        self.occs = occs
        self.lo, self.hi = lo, hi = span_of(where)
        self.t0 = mt.to_token[lo]
        self.t1 = mt.to_token[hi - 1] + 1
        self.confidence = confidence(mt, occs)
        self.detail = detail

    def hit(self, mt: MatchText, category: str = "") -> Hit:
        """The flag, in category (default: the rule's)."""
        timing = mt.timing
        rule = self.rule
        t0, t1 = self.t0, self.t1
        return Hit(
            category=category or rule.category, rule_id=rule.id, kind=rule.kind,
            match="sound" if any(o.match == "sound" for o in self.occs) else "exact",
            start_char=t0, end_char=t1, start=round(timing.start[t0], 3), end=round(timing.end[t1 - 1], 3),
            segment=timing.segment[t0], confidence=self.confidence, severity=rule.severity,
            basis=rule.basis, text="".join(mt.tokens[t0:t1]), normalized=mt.text[self.lo:self.hi],
            detail=self.detail,
        )


def make_hit(mt: MatchText, rule: Rule, occs: Sequence[Occ], detail: str = "", category: str = "",
             span: Sequence[Occ] | None = None) -> Hit:
    """A flag for rule over the occurrences; span (default: all of them) is where it lies."""
    return Candidate(mt, rule, occs, detail, span).hit(mt, category)


def clause_break(mt: MatchText, a: int, b: int) -> bool:
    """Whether a clause mark (，。？) lies between match-text positions a and b: a sound match never
    runs over one (逾期会产生违约金，建议 is not 进监狱), nor does a wide negator reach over one."""
    if b <= a:
        return False
    m2t, tokens = mt.to_token, mt.tokens
    return any(tokens[k] in CLAUSE_MARKS for k in range(m2t[a] + 1, m2t[b]))
