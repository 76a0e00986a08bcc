"""The rule kinds a lexicon entry can have, in one table.

    RULE_KINDS = {name: RuleKind(label, parse, strings, candidates)}

- parse(entry, ctx) reads the kind's own fields from a YAML entry and returns them as Rule fields;
  ctx.expand() turns word-class names and {CLASS} templates into the strings they stand for.
- strings(rule) lists (part, string) pairs; every string goes into the matcher's tries.
- candidates(mt, rule, parts) turns the occurrences found for each part into candidate hits
  (mt: the doc's hits.MatchText).

Lexicon loading (lexicon.py), matching (matcher.py) and report labels (label, an English msgid)
all read this table; adding a kind is one registration here plus its own three functions.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import permutations
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from ..errors import LexiconError
from ..i18n import N_
from .hits import Candidate, MatchText, Occ, clause_break, same_segment, span_of, speaker_at

if TYPE_CHECKING:
    from .lexicon import Rule

SEGMENT_START = "^"  # a frame slot that is the start of a turn


class ParseContext:
    """What a kind's parser may use: where the entry is, and the word classes."""

    def __init__(self, where: str, expand: Callable[[Any, str, str], tuple[str, ...]]):
        self.where = where
        self._expand = expand

    def strings(self, value: Any, name: str) -> tuple[str, ...]:
        """A non-empty list of strings; class names and {CLASS} templates are expanded."""
        return self._expand(value, self.where, name)

    def number(self, entry: dict, name: str, default: float, lo: float, hi: float) -> float:
        value = entry.get(name, default)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            raise LexiconError(f"{self.where}: '{name}' must be a number from {lo:g} to {hi:g}")
        return value

    def choice(self, entry: dict, name: str, default: str, allowed: tuple[str, ...]) -> str:
        value = entry.get(name, default)
        if value not in allowed:
            raise LexiconError(f"{self.where}: '{name}' must be one of {', '.join(allowed)}")
        return value


Candidates = list[tuple[Candidate, list[Occ]]]  # each with the occurrences that made it, head first


@dataclass(frozen=True)
class RuleKind:
    label: str  # English msgid, shown in reports (translated through i18n)
    parse: Callable[[dict, ParseContext], dict]
    strings: Callable[[Rule], Iterable[tuple[str, str]]]
    candidates: Callable[[MatchText, Rule, dict[str, list[Occ]]], Candidates]


# ---------------------------------------------------------------- phrase


def _phrase_parse(entry: dict, ctx: ParseContext) -> dict:
    return {"patterns": ctx.strings(entry.get("patterns", entry.get("pattern")), "patterns")}


def _phrase_strings(rule: Rule):
    return (("pattern", p) for p in rule.patterns)


def _phrase_candidates(mt: MatchText, rule: Rule, parts: dict[str, list[Occ]]) -> Candidates:
    return [(Candidate(mt, rule, [o]), [o]) for o in parts.get("pattern", []) if one_piece(mt, o)]


def one_piece(mt: MatchText, o: Occ) -> bool:
    """Whether an occurrence lies in one segment: a phrase is said without the pause at which the
    recogniser cuts (联系 | 您的家人 across a cut are two sentences), though a frame's parts may lie
    in two segments of one turn."""
    return mt.segment[o.start] == mt.segment[o.end - 1] if o.end > o.start else True


# ---------------------------------------------------------------- cooccur


def _cooccur_parse(entry: dict, ctx: ParseContext) -> dict:
    return {"first": ctx.strings(entry.get("first"), "first"),
            "second": ctx.strings(entry.get("second"), "second"),
            "within": int(ctx.number(entry, "within", 6, 0, 40)),
            "order": ctx.choice(entry, "order", "forward", ("forward", "any"))}


def _pairs_strings(rule: Rule):
    return [("first", p) for p in rule.first] + [("second", p) for p in rule.second]


def _cooccur_candidates(mt: MatchText, rule: Rule, parts: dict[str, list[Occ]]) -> Candidates:
    out = []
    for a in parts.get("first", []):
        for b in parts.get("second", []):
            first, second = (a, b) if rule.order == "forward" or b.start >= a.end else (b, a)
            gap = second.start - first.end
            if (gap < 0 or gap > rule.within or not same_segment(mt, first.start, second.end)
                    or not (one_piece(mt, first) and one_piece(mt, second))):
                continue
            out.append((Candidate(mt, rule, [first, second]), [first, second]))
    return out


# ---------------------------------------------------------------- qa


def _qa_parse(entry: dict, ctx: ParseContext) -> dict:
    return {"first": ctx.strings(entry.get("question"), "question"),
            "second": ctx.strings(entry.get("answer"), "answer"),
            "within": int(ctx.number(entry, "within_seconds", 25, 1, 600))}


def _qa_candidates(mt: MatchText, rule: Rule, parts: dict[str, list[Occ]]) -> Candidates:
    timing = mt.timing
    m2t = mt.to_token
    out = []
    for q in parts.get("first", []):
        if speaker_at(timing, m2t[q.start]) == "collector":  # the debtor asks
            continue
        q_end = timing.end[m2t[q.end - 1]]
        for a in parts.get("second", []):
            if a.start < q.end or timing.start[m2t[a.start]] - q_end > rule.within:
                continue
            if speaker_at(timing, m2t[a.start]) == "debtor":  # the collector answers
                continue
            question = mt.text[q.start:q.end]
            out.append((Candidate(mt, rule, [q, a], detail=f"after the question '{question}'",
                                 span=[a]), [a]))
    return out


# ---------------------------------------------------------------- frame


def _frame_parse(entry: dict, ctx: ParseContext) -> dict:
    raw = entry.get("frame")
    if not isinstance(raw, list) or len(raw) < 2:
        raise LexiconError(f"{ctx.where}: 'frame' must list at least two slots (classes or phrases)")
    slots = []
    for k, slot in enumerate(raw):
        if slot == SEGMENT_START:
            if k != 0:
                raise LexiconError(f"{ctx.where}: '{SEGMENT_START}' (start of a turn) may only be the first slot")
            slots.append((SEGMENT_START,))
            continue
        slots.append(ctx.strings(slot, f"frame slot {k + 1}"))
    return {"slots": tuple(slots), "within": int(ctx.number(entry, "gap", 6, 0, 40)),
            "order": ctx.choice(entry, "order", "forward", ("forward", "any")),
            "one_clause": ctx.choice(entry, "clause", "any", ("any", "one")) == "one"}


def _frame_strings(rule: Rule):
    return [(f"s{k}", p) for k, slot in enumerate(rule.slots) for p in slot if p != SEGMENT_START]


_START_END = attrgetter("start", "end")


def _next_after(slot: list[Occ], starts: list[int], prev: Occ, within: int) -> Occ | None:
    """The first real occurrence in slot (sorted by start, end) that starts within `within`
    characters after prev ends."""
    k = bisect_left(starts, prev.end)
    limit = prev.end + within
    for o in slot[k:]:
        if o.start > limit:
            return None
        if o.end > o.start:
            return o
    return None


def _frame_candidates(mt: MatchText, rule: Rule, parts: dict[str, list[Occ]]) -> Candidates:
    slots = []
    for k, slot in enumerate(rule.slots):
        occs = mt.segment_starts() if slot == (SEGMENT_START,) else parts.get(f"s{k}", [])
        if not occs:
            return []
        slots.append(sorted(occs, key=_START_END))
    starts = [[o.start for o in slot] for slot in slots]
    n = len(slots)
    orders = list(permutations(range(n))) if rule.order == "any" else [tuple(range(n))]
    out, seen = [], set()
    for order in orders:
        for head in slots[order[0]]:
            chain = [head]
            for k in order[1:]:
                nxt = _next_after(slots[k], starts[k], chain[-1], rule.within)
                if nxt is None:
                    break
                chain.append(nxt)
            else:
                real = [o for o in chain if o.end > o.start]
                lo, hi = span_of(real)
                if (lo, hi) in seen or not same_segment(mt, lo, hi) or not all(one_piece(mt, o) for o in real):
                    continue
                if rule.one_clause and clause_break(mt, lo, hi - 1):
                    continue  # 我是平台的催收员，法院的事… is not 我是…法院
                seen.add((lo, hi))
                out.append((Candidate(mt, rule, real), real))
    return out


RULE_KINDS: dict[str, RuleKind] = {
    "phrase": RuleKind(N_("phrase"), _phrase_parse, _phrase_strings, _phrase_candidates),
    "cooccur": RuleKind(N_("combination"), _cooccur_parse, _pairs_strings, _cooccur_candidates),
    "qa": RuleKind(N_("question and answer"), _qa_parse, _pairs_strings, _qa_candidates),
    "frame": RuleKind(N_("frame"), _frame_parse, _frame_strings, _frame_candidates),
}


def kind_label(kind: str) -> str:
    """The kind's name for people, in their language."""
    from ..i18n import _
    from .hits import MODEL_KIND

    found = RULE_KINDS.get(kind)
    if found:
        return _(found.label)
    if kind == MODEL_KIND:
        return _(MODEL_LABEL)
    return kind


MODEL_LABEL = N_("second opinion, please check")  # a flag the model added (second_opinion.py)
