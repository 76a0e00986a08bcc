"""Finding violations in a transcript: a blank spaCy `zh` pipeline with three custom components.

  evidence_normalise  one token per character; the matching text without punctuation
  evidence_pinyin     each character's sound key (toneless pinyin, folded by confusion rules)
  evidence_matcher    every rule kind in rule_kinds.RULE_KINDS (phrases, co-occurrences,
                      question→answer, frames over word classes), exact, by sound or one
                      syllable off, minus lawful look-alikes, negations and the debtor's quotes;
                      results in doc.spans["flags"], each span's ._.flag a Hit, and
                      doc._.third_party_call (call_context.yaml)

Every distinct lexicon string goes into one character trie for exact text, one for sound keys and
one for sound keys with one syllable left open, so a transcript is scanned three times whatever
the size of the lexicon (occurrences.py); each string's occurrences are then shared by every rule
that uses it. Matching itself reads plain lists (hits.MatchText), not spaCy tokens.
"""

from __future__ import annotations

import gc
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from os import environ
from typing import Protocol

from ..asr.whisper import to_simplified
from ..i18n import N_
from . import occurrences, second_opinion
from .explain import TypedSegment
from .hits import (
    SAME_TURN_GAP,
    Candidate,
    Hit,
    MatchText,
    Occ,
    Reason,
    Suppressed,
    Timing,
    same_segment,
    segment_bounds,
    span_of,
    turns_of,
)
from .lexicon import Lexicon
from .occurrences import (
    CLAUSE_MARKS,
    NEAR_MIN_CHARS,
    POLARITY,
    SOUND_MIN_CHARS,
    CompiledLexicon,
    clause_break,
    compiled,
)
from .rule_kinds import RULE_KINDS
from .textnorm import normalise_char

__all__ = ["Hit", "Suppressed", "CallAnalysis", "analyse", "find_flags", "run", "compiled", "FEATURES",
           "CompiledLexicon", "CLAUSE_MARKS", "NEAR_MIN_CHARS", "POLARITY", "SOUND_MIN_CHARS"]

# Components that can be switched off to measure what each adds (bench/flag_eval.py --ablate).
# EVIDENCE_SECOND_OPINION=off: the lexicon alone, without the model's word on each turn.
# EVIDENCE_JOIN_TURNS=on: a recording's segments of one speaker read as one turn (hits.turns_of).
FEATURES = {"frames": True, "near": True, "context": True,
            "turns": environ.get("EVIDENCE_JOIN_TURNS", "off").lower() in ("on", "1", "yes"),
            "second_opinion": environ.get("EVIDENCE_SECOND_OPINION", "on").lower() not in ("off", "0", "no")}


class WordLike(Protocol):
    start: float
    end: float
    text: str
    probability: float


class SegmentLike(Protocol):
    start: float
    end: float
    text: str
    avg_logprob: float
    no_speech_prob: float
    words: Sequence[WordLike]


@dataclass(frozen=True)
class CallAnalysis:
    """A recording's flags and what the call as a whole says."""

    hits: list[Hit]
    third_party_call: bool
    context: list[Hit]  # the words that showed the call was made to a third party


# ---------------------------------------------------------------- spaCy pipeline


@lru_cache(maxsize=1)
def _nlp():
    import spacy
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    for name, default in (("match_text", ""), ("match_to_token", None), ("sound_text", ""),
                          ("suppressed", None), ("lexicon", None), ("third_party_call", False),
                          ("context", None)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    if not Span.has_extension("flag"):
        Span.set_extension("flag", default=None)
    if not Token.has_extension("pinyin"):
        Token.set_extension("pinyin", getter=lambda t: t.doc._.lexicon.sound.pinyin(t.text)
                            if t.doc._.lexicon else t.text)
    if not Token.has_extension("norm_char"):
        Token.set_extension("norm_char", getter=lambda t: normalise_char(t.text))

    @Language.component("evidence_normalise")
    def normalise_component(doc):
        text, to_token = _normalise(_tokens(doc))
        for said, means in doc._.lexicon.lex.dialect:  # regional forms read as Mandarin, same length
            if said in text:
                text = text.replace(said, means)
        doc._.match_text = text
        doc._.match_to_token = to_token
        return doc

    @Language.component("evidence_pinyin")
    def pinyin_component(doc):
        doc._.sound_text = doc._.lexicon.keys(doc._.match_text)
        return doc

    @Language.component("evidence_matcher")
    def matcher_component(doc):
        mt = MatchText(_tokens(doc), doc._.match_text, doc._.sound_text, doc._.match_to_token,
                       doc.user_data["timing"])
        if FEATURES["turns"]:
            of = turns_of(mt.timing, by_speaker=True)
            mt.turn = [of[s] for s in mt.segment]
        hits, suppressed, context = _match(mt, doc._.lexicon)
        if FEATURES["second_opinion"]:
            hits, suppressed = second_opinion.revise(mt.tokens, mt.timing, hits, suppressed,
                                                     doc._.lexicon.kept_rules, context, debtor=mt.debtor,
                                                     lawful_here=mt.lawful_here)
        doc._.third_party_call = bool(context) and FEATURES["context"]
        doc._.context = context
        group = []
        for h in hits:
            span = Span(doc, h.start_char, h.end_char, label=h.category)
            span._.flag = h
            group.append(span)
        doc.spans["flags"] = group
        doc.user_data["hits"] = hits  # span extensions are keyed by position: two categories on
        # the same words would share one ._.flag, so the hits are kept as a list too
        doc._.suppressed = suppressed
        return doc

    nlp = spacy.blank("zh")
    for name in ("evidence_normalise", "evidence_pinyin", "evidence_matcher"):
        nlp.add_pipe(name)
    return nlp


def _tokens(doc) -> list[str]:
    """The doc's token texts as a list (make_doc keeps the one it built)."""
    tokens = doc.user_data.get("tokens")
    if tokens is None:
        tokens = doc.user_data["tokens"] = [t.text for t in doc]
    return tokens


_NORMAL: dict[str, str] = {}  # token text -> matching form (Simplified, no punctuation, ...)


def _normalise(tokens: list[str]) -> tuple[str, list[int]]:
    """The match text of the tokens, and the token of each of its characters."""
    cache = _NORMAL
    if len(cache) > 200_000:
        cache.clear()
    forms = []
    for t in tokens:
        n = cache.get(t)
        if n is None:
            n = cache[t] = normalise_char(to_simplified(t))
        forms.append(n)
    text = "".join(forms)
    if len(text) == len(tokens) and all(forms):  # one character each: the usual case
        return text, list(range(len(tokens)))
    to_token = [i for i, n in enumerate(forms) for _c in n]
    return text, to_token


def _segment_quality(seg: SegmentLike) -> float:
    """How far to trust a segment: lower when the recogniser was unsure it heard speech."""
    q = 1.0
    if seg.avg_logprob < -0.7:
        q *= max(0.4, 1.0 + (seg.avg_logprob + 0.7))
    if seg.no_speech_prob > 0.5:
        q *= max(0.4, 1.0 - (seg.no_speech_prob - 0.5))
    return q


def make_doc(segments: Sequence[SegmentLike], lex: Lexicon):
    """Build the token stream (one token per character) with each token's time from its word."""
    from spacy.tokens import Doc

    nlp = _nlp()
    chars: list[str] = []
    seg_of, starts, ends, probs, quals = [], [], [], [], []
    for s_idx, seg in enumerate(segments):
        q = _segment_quality(seg)
        words = list(seg.words) or []
        if words:
            pieces = [(w.text, w.start, w.end, w.probability) for w in words]
        else:  # no word timestamps: spread the segment's time over its characters
            text = seg.text
            step = (seg.end - seg.start) / max(1, len(text))
            pieces = [(c, seg.start + k * step, seg.start + (k + 1) * step, 0.6)
                      for k, c in enumerate(text)]
        before = len(chars)
        texts = [p[0] for p in pieces]
        joined = "".join(texts)
        if len(joined) == len(texts) and joined.split() == [joined]:  # a character a word, no spaces
            chars.extend(texts)
            starts.extend([float(p[1]) for p in pieces])
            ends.extend([float(p[2]) for p in pieces])
            probs.extend([float(p[3]) for p in pieces])
        else:
            for text, w_start, w_end, prob in pieces:
                kept = [c for c in text if not c.isspace()]
                m = len(kept)
                chars.extend(kept)
                starts.extend([float(w_start)] * m)
                ends.extend([float(w_end)] * m)
                probs.extend([float(prob)] * m)
        added = len(chars) - before
        seg_of.extend([s_idx] * added)
        quals.extend([q] * added)
    doc = Doc(nlp.vocab, words=chars, spaces=[False] * len(chars))
    doc._.lexicon = compiled(lex)
    doc.user_data["tokens"] = chars
    doc.user_data["timing"] = Timing(seg_of, starts, ends, probs, quals,
                                     tuple(getattr(seg, "speaker", None) or "unknown" for seg in segments),
                                     tuple(getattr(seg, "turn", None) for seg in segments),
                                     tuple(getattr(seg, "also_heard", None) for seg in segments))
    return doc


def run(segments: Sequence[SegmentLike], lex: Lexicon):
    """Run the pipeline over a recording's segments; the doc holds spans["flags"]."""
    nlp = _nlp()
    # matching allocates many small short-lived objects and builds no garbage cycles of its own:
    # the cycle collector would only walk them (and spaCy's vocabulary) again and again
    enabled = gc.isenabled()
    gc.disable()
    try:
        doc = make_doc(segments, lex)
        for _name, proc in nlp.pipeline:
            doc = proc(doc)
    finally:
        if enabled:
            gc.enable()
    return doc


def find_flags(segments: Sequence[SegmentLike], lex: Lexicon) -> list[Hit]:
    """The flags in a recording's segments."""
    return analyse(segments, lex).hits


def analyse(segments: Sequence[SegmentLike], lex: Lexicon) -> CallAnalysis:
    """The flags in a recording's segments, and whether the call was made to a third party."""
    doc = run(segments, lex)  # spans need their doc alive while they are read
    return CallAnalysis(hits_of(doc), doc._.third_party_call, list(doc._.context))


VIOLATIONS = ("threat", "insult", "third_party", "identity_refusal")


def violation_points(texts: Sequence[str], lex: Lexicon) -> list[int]:
    """How many of the lexicon's violations each text holds on its own (no second opinion, no call
    context, no question in another text): what a stretch of speech says about whether its speaker
    is the collector."""
    nlp = _nlp()
    counts = []
    for text in texts:
        if not text.strip():
            counts.append(0)
            continue
        doc = make_doc([TypedSegment(0.0, 1.0, text, avg_logprob=0.0)], lex)
        for name in ("evidence_normalise", "evidence_pinyin"):
            doc = nlp.get_pipe(name)(doc)
        mt = MatchText(_tokens(doc), doc._.match_text, doc._.sound_text, doc._.match_to_token,
                       doc.user_data["timing"])
        hits, _suppressed, _context = _match(mt, doc._.lexicon)
        # flagged words, not categories: one phrase that is a threat and third_party is one clue
        counts.append(len({(h.start_char, h.end_char) for h in hits if h.category in VIOLATIONS}))
    return counts


def hits_of(doc) -> list[Hit]:
    """The flags of a doc run through the pipeline, in time order."""
    return list(doc.user_data.get("hits", []))


# ---------------------------------------------------------------- matching


def _by_rule(cl: CompiledLexicon, occ: list) -> dict[int, dict[str, list[Occ]]]:
    """Occurrences per rule and part, rules in the order their strings were met."""
    by_rule: dict[int, dict[str, list[Occ]]] = {}
    for role, occs in occ:
        if role.rule >= 0:
            parts = by_rule.get(role.rule)
            if parts is None:
                parts = by_rule[role.rule] = {}
            found = parts.get(role.part)
            if found is None:
                parts[role.part] = list(occs)
            else:
                found.extend(occs)
    if FEATURES["frames"]:  # a frame may start at the start of a turn without any occurrence
        for idx in cl.turn_frames:
            if idx not in by_rule:
                by_rule[idx] = {}
    return by_rule


def _candidates(mt: MatchText, cl: CompiledLexicon, by_rule: dict[int, dict[str, list[Occ]]],
                context: bool | None = None, third_party_call: bool = False) -> list[tuple[Candidate, list[Occ]]]:
    """Candidate hits of every rule with occurrences; context=True: only call-context markers,
    False: only rules that hold in any call, None: all."""
    out = []
    for idx, parts in by_rule.items():
        rule = cl.rules[idx]
        if rule.kind == "frame" and not FEATURES["frames"]:
            continue
        if context is not None and (rule.category == "context") != context:
            continue
        if context is False and rule.when == "third_party_call" and not third_party_call:
            continue
        out.extend(RULE_KINDS[rule.kind].candidates(mt, rule, parts))
    return out


class _ByStart:
    """Occurrences (with what they belong to) indexed by where they start, so that a candidate
    looks only at those near it; found in the order they were given in, as a scan meets them."""

    def __init__(self, items: list):
        order = sorted(range(len(items)), key=lambda k: items[k][0].start)
        self.items = [(k, items[k]) for k in order]
        self.starts = [items[k][0].start for k in order]
        self.longest = max((o.end - o.start for o, _r in items), default=0)

    def between(self, lo: int, hi: int) -> list:
        """The items that start at lo or later and before hi, in the order given."""
        a, b = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        if b - a <= 1:
            return [item for _k, item in self.items[a:b]]
        return [item for _k, item in sorted(self.items[a:b], key=lambda e: e[0])]


def _own_clause(mt: MatchText, a: int, b: int) -> bool:
    """Whether a new clause spoken of the speaker's own side (，我们…) starts between a and b: a quote
    ends there (你上次说别联系你家里人，可你不接电话，我们只能继续打给你哥)."""
    text = mt.text
    p = text.find("我们", a, b)
    while p != -1:
        if clause_break(mt, a, p + 1):
            return True
        p = text.find("我们", p + 2, b)
    return False


def _same_sentence(mt: MatchText, a: int, b: int, reach: int) -> bool:
    """Whether match-text positions a and b-1 lie in one sentence of one segment, with at most
    `reach` characters between the cue and the words it speaks for (b - a counts both)."""
    if b - a > reach + 24 or mt.segment[a] != mt.segment[b - 1]:
        return False
    m2t, tokens = mt.to_token, mt.tokens
    return not any(tokens[k] in second_opinion.SENTENCE_MARKS for k in range(m2t[a] + 1, m2t[b - 1]))


def _lawful_here(mt: MatchText, cl: CompiledLexicon, lawful: list) -> dict[int, set[str]]:
    """Per segment, the categories of the lawful look-alikes said in it that speak for the whole turn
    (`whole_turn: true` in exemptions.yaml: 祝您父亲早日康复)."""
    out: dict[int, set[str]] = {}
    for o, r in lawful:
        if r.ref in cl.whole_turn:
            out.setdefault(mt.segment[o.start], set()).update(cl.cancels[r.ref])
    return out


def debtor_segments(mt: MatchText, quotes: list) -> set[int]:
    """The segments holding words only a debtor says (exemptions.yaml, kind debtor), with the
    segments of the same turn next to them: the same speaker (or none known) and at most
    SAME_TURN_GAP apart (我为啥要告诉你我在哪？|你先说你是哪个公司的。)."""
    cued = {mt.segment[o.start] for o, r in quotes if r.part == "debtor"}
    if not cued:
        return cued
    timing = mt.timing
    first, last = segment_bounds(timing)
    speakers = timing.seg_speaker

    def who(s: int) -> str:
        return speakers[s] if s < len(speakers) else "unknown"

    out = set(cued)
    for s in cued:
        for n in (s - 1, s + 1):
            earlier, later = min(s, n), max(s, n)
            if n in first and who(n) == who(s) and first[later] - last[earlier] <= SAME_TURN_GAP:
                out.add(n)
    return out


def _why_not(mt: MatchText, cl: CompiledLexicon, category: str, parts: list[Occ], lawful: _ByStart,
             quotes: _ByStart, negators: _ByStart, rule) -> Reason | None:
    lex: Lexicon = cl.lex
    cancels = cl.cancels
    frame = rule.kind == "frame"
    spared = cl.spared_by.get(rule.id, frozenset())  # exemptions that never take this rule back
    lo, hi = span_of(parts)
    head = parts[0]
    if mt.quoted(lo, hi):
        return Reason(N_("in quotation marks: words mentioned, not said"))
    for o, r in lawful.between(lo - lawful.longest + 1, hi):
        if o.start >= hi or o.end <= lo:  # overlaps none of the parts
            continue
        if (cancels[r.ref] and category not in cancels[r.ref]) or r.ref in spared:
            continue
        if (len(parts) == 1 and head.match == "exact" and head.start <= o.start and o.end <= head.end
                and o.end - o.start < head.end - head.start):
            continue  # a phrase written around the look-alike (不是老赖是什么 holds 不是老赖)
        if any(o.start < p.end and p.start < o.end for p in parts):
            return Reason(N_("lawful look-alike '{text}' ({ref})"), text=r.text, ref=r.ref)
    reach = cl.reach
    # only quotes near the match can take it back: a quote up to its reach before it, a disavowal up
    # to its reach after it, a debtor's words up to reach + 24 either side
    near = cl.max_reach + 24 + quotes.longest
    for o, r in quotes.between(lo - near, hi + near):
        if (cancels[r.ref] and category not in cancels[r.ref]) or r.ref in spared:
            continue
        if r.part == "debtor":  # only the debtor says this: the sentence is theirs (我要投诉你)
            if _same_sentence(mt, min(o.start, lo), max(o.end, hi), reach.get(r.ref, 12)):
                return Reason(N_("the debtor speaking: '{text}'"), text=r.text)
        elif r.part == "disavow":  # said after the words it takes back (上门、去单位这些事我们都不会做)
            if hi <= o.start <= hi + reach.get(r.ref, 12) and same_segment(mt, lo, o.end):
                return Reason(N_("disavowed after: '{text}'"), text=r.text)
        elif (o.start <= head.start <= o.end + reach.get(r.ref, 12) and same_segment(mt, o.start, head.end)
              and not _own_clause(mt, o.end, head.start)):
            return Reason(N_("the debtor quoting: '{text}'"), text=r.text)
    for p in parts:  # 委托书能不能发给我 asks for the papers; its 不能发 refuses nothing
        if _asks(mt.text, p.start, p.end):
            return Reason(N_("asked as a question: '{text}'"), text=mt.text[p.start - 1:p.end])
    if category == "third_party" and _bare_not_before(mt.text, head.start):
        return Reason(N_("negated by '{text}'"), text="不")
    if category in lex.negated_categories or category == "context":
        text = mt.text
        first = last = head.start
        for p in parts:
            if p.start < first:
                first = p.start
            if p.start > last:
                last = p.start
        first_end = min(p.end for p in parts if p.start == first)
        # a negator ends before the match's first part starts or inside it, or starts in the
        # wide scope before the last part: nothing that starts earlier or later can count
        earliest = min(head.start - lex.negator_scope - negators.longest, first - lex.wide_scope)
        # a match that starts with a negation of its own (不会放过你) is not negated again by a
        # negator overlapping it (绝对不会)
        own = any(text.startswith(n, head.start) for n in cl.negators_from.get(text[head.start:head.start + 1], ()))
        for o, _r in negators.between(earliest, max(last, head.start)):
            if _asks(text, o.start, o.end):  # 能不能从他工资里扣 asks; it does not negate
                continue
            if text.startswith("不", o.end):  # 不得不挨个核实, 不会不知道: two negations make a must
                continue
            # right before the match, or ending inside its first word (没人会|去抓你 against 会去抓你)
            before = o.end <= head.start <= o.end + lex.negator_scope or (o.start < head.start < o.end and not own)
            if (before and same_segment(mt, o.start, head.end)
                    and not clause_break(mt, o.end - 1, head.start)):  # 别怪我们，坐牢 is not negated
                return Reason(N_("negated by '{text}'"), text=text[o.start:o.end])
            # a wide negator earlier in the clause, or one between a frame's parts, in the same clause
            # (我们没有把您的情况告诉您的公司; 您的同事不会知道)
            wide = text[o.start:o.end] in lex.wide_negators
            if wide and first - lex.wide_scope <= o.start < last and not clause_break(mt, o.end - 1, last):
                if o.end <= first or o.start >= first_end:
                    return Reason(N_("negated by '{text}'"), text=text[o.start:o.end])
        # a frame that ends on who and when (你通讯录里的人我们一个都…) leaves its verb after it: a
        # wide negator right there negates the whole (…一个都不会打; 别的什么都不会讲)
        if frame:
            for o, _r in negators.between(hi, hi + TRAILING_NEGATOR + 1):
                if (text[o.start:o.end] in lex.wide_negators and same_segment(mt, lo, o.end)
                        and not clause_break(mt, hi - 1, o.start)):
                    return Reason(N_("negated by '{text}'"), text=text[o.start:o.end])
    return None


TRAILING_NEGATOR = 2  # characters between a frame's end and a wide negator that follows it


def _bare_not_before(text: str, start: int) -> bool:
    """Whether a bare 不 stands right before position `start` (不联系您的家人, 不打扰你同事): it negates
    the verb it touches. Not 要不 (要不联系你家人 is "or else"), and not a 不 that starts a word of
    its own there (不然, 不还 are conditions, written as parts of the rules that use them)."""
    return start >= 1 and text[start - 1] == "不" and (start < 2 or text[start - 2] not in "要再还")


def _asks(text: str, start: int, end: int) -> bool:
    """Whether the negator text[start:end] is the middle of a request or an offer put as A-not-A
    (能不能, 可不可以, 要不要): 能不能从他工资里先扣一部分 asks for the thing, it does not rule it out.
    会不会 stays a negation: 你们会不会上门 is the debtor asking, not a threat."""
    return (end - start >= 2 and text[start] == "不" and start >= 1 and text[start - 1] == text[start + 1]
            and text[start - 1] in "能可要")


def _match(mt: MatchText, cl: CompiledLexicon) -> tuple[list[Hit], list[Suppressed], list[Hit]]:
    """The flags, the suppressed matches with their reasons, and the call-context markers."""
    occ = occurrences.find(cl, mt, FEATURES["near"])
    lawful, quotes, negators = [], [], []
    into = {"lawful": lawful, "quote": quotes, "disavow": quotes, "debtor": quotes, "negator": negators}
    for r, os in occ:
        if r.rule < 0 and os:  # exemptions and negators, in the order the scans met them
            # a lawful look-alike is one phrase: 你妈的，电话也不接 is a curse, not 你妈的电话
            into[r.part].extend((o, r) for o in os if r.part != "lawful" or not clause_break(mt, o.start, o.end - 1))
    mt.debtor = debtor_segments(mt, quotes)
    mt.lawful_here = _lawful_here(mt, cl, lawful)
    lawful, quotes, negators = _ByStart(lawful), _ByStart(quotes), _ByStart(negators)
    by_rule = _by_rule(cl, occ)
    context: list[Hit] = []
    suppressed: list[Suppressed] = []
    for cand, parts in _candidates(mt, cl, by_rule, context=True):
        reason = _why_not(mt, cl, cand.rule.category, parts, lawful, quotes, negators, cand.rule)
        if reason:
            suppressed.append(Suppressed(cand.hit(mt), reason))
        else:
            context.append(cand.hit(mt))
    context = _in_opening(mt, context)
    third_party_call = bool(context) and FEATURES["context"]
    out: list[tuple[str, Candidate]] = []
    cancelled: list[tuple[str, int, int]] = []  # spans a negation or a quote took back, per category
    for cand, parts in _candidates(mt, cl, by_rule, context=False, third_party_call=third_party_call):
        category = cand.rule.category
        reason = _why_not(mt, cl, category, parts, lawful, quotes, negators, cand.rule)
        if reason:
            suppressed.append(Suppressed(cand.hit(mt), reason))
            if not reason.startswith("lawful"):
                cancelled.append((category, cand.lo, cand.hi))
            continue
        out.append((category, cand))
        out.extend((c, cand) for c in cand.rule.also)
    # a shorter match inside words that were negated or quoted is negated or quoted too
    # (不会再拨打您紧急联系人的电话: "联系人的电话" alone is too far from 不会 to see it); so is a
    # frame reaching over the recogniser's cut into words negated there (只跟您本人沟通，| 不联系您家人:
    # 沟通…您家人 ends in the negated 联系您家人)
    kept = []
    segment = mt.segment
    for category, cand in out:
        inside = next((c for c in cancelled if c[0] == category and (
            c[1] <= cand.lo and cand.hi <= c[2]
            or cand.lo < c[1] and c[2] == cand.hi and segment[cand.lo] != segment[cand.hi - 1])), None)
        if inside is None:
            kept.append((category, cand))
        else:
            suppressed.append(Suppressed(cand.hit(mt, category), Reason(N_("inside words already taken back"))))
    return _dedupe(mt, kept), suppressed, context


OPENING_SECONDS = 25.0  # who a call is made to shows in how it opens: the first 25 s,
OPENING_SHARE = 0.4  # or the first 40% of a longer call


def _in_opening(mt: MatchText, context: list[Hit]) -> list[Hit]:
    """The call-context markers said in the opening of the call. Later in a call to the debtor, the
    same words are about someone else (让她知道她老公在外面欠了多少钱 is a threat to tell his wife,
    not a sign that the call was made to her)."""
    starts = mt.timing.start
    if not context or not starts:
        return context
    first, last = starts[0], max(mt.timing.end)
    limit = first + max(OPENING_SECONDS, OPENING_SHARE * (last - first))
    return [h for h in context if h.start <= limit]


def _dedupe(mt: MatchText, found: list[tuple[str, Candidate]]) -> list[Hit]:
    """One flag per category per stretch of words: overlapping hits keep the strongest."""
    found = sorted(found, key=lambda f: (f[0], f[1].t0, f[1].t0 - f[1].t1))
    out: list[tuple[str, Candidate]] = []
    for f in found:
        category, h = f
        if out:
            prev_category, prev = out[-1]
            if prev_category == category and h.t0 < prev.t1:
                if (h.confidence, h.t1 - h.t0) > (prev.confidence, prev.t1 - prev.t0):
                    out[-1] = f
                continue
        out.append(f)
    hits = [h.hit(mt, category) for category, h in out]
    return sorted(hits, key=lambda h: (h.start, h.category))
