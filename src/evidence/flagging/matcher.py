"""Finding violations in a transcript: a blank spaCy `zh` pipeline with three custom components.

  evidence_normalise  one token per character; the matching text without punctuation
  evidence_pinyin     each character's sound key (toneless pinyin, folded by confusion rules)
  evidence_matcher    every rule kind in rule_kinds.RULE_KINDS (phrases, co-occurrences,
                      question→answer, frames over word classes), exact, by sound or one
                      syllable off, minus lawful look-alikes, negations and the debtor's quotes;
                      results in doc.spans["flags"], each span's ._.flag a Hit, and
                      doc._.third_party_call (call_context.yaml)

Every lexicon string goes into one character trie for exact text, one for sound keys and one for
sound keys with one syllable left open, so a transcript is scanned three times whatever the size
of the lexicon.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Protocol

from ..asr.whisper import to_simplified
from .hits import Hit, Occ, Suppressed, Timing, same_segment
from .lexicon import Lexicon
from .rule_kinds import RULE_KINDS
from .textnorm import SoundKeys, normalise_char
from .tries import WILD, Trie

__all__ = ["Hit", "Suppressed", "CallAnalysis", "analyse", "find_flags", "run", "compiled", "FEATURES"]

# Phrases shorter than this match by sound only where the entry says `sound: always` (for a
# co-occurrence, `always` covers its first list, the verbs; targets always need 3 characters).
SOUND_MIN_CHARS = 3
ALWAYS_SOUND_MIN = 2
# Strings of at least this many syllables also match with one syllable wrong (Whisper base
# replaces whole syllables: 执行局 → 只行举), unless the entry says `sound: never`.
NEAR_MIN_CHARS = 4
CLAUSE_MARKS = frozenset("，。！？；、,.!?;")
# A syllable off may not be one of these: 没有委托手续 is not 的有委托手续.
# Nor a person: 让我丢工作 is not 让你丢工作.
POLARITY = frozenset("不没别无非未否莫勿甭你您我他她妈爸哥姐弟妹爹娘")

# Components that can be switched off to measure what each adds (bench/flag_eval.py --ablate).
FEATURES = {"frames": True, "near": True, "context": True}


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


@dataclass(frozen=True)
class _Role:
    rule: int  # index into rules, or -1 for exemptions/negators
    part: str  # pattern | first | second | lawful | quote | negator
    text: str
    ref: str = ""  # exemption id
    norm: str = ""  # the text in matching form, filled in when the lexicon is compiled


class CompiledLexicon:
    """A lexicon turned into tries; built once per lexicon version."""

    def __init__(self, lex: Lexicon):
        self.lex = lex
        self.sound = SoundKeys(lex.sound_alikes)
        self.exact = Trie()
        self.by_sound = Trie()
        self.near = Trie()
        self.rules = lex.rules + lex.context  # context markers are rules too, never reported
        for i, rule in enumerate(self.rules):
            for part, pattern in RULE_KINDS[rule.kind].strings(rule):
                sound = rule.sound
                if rule.kind == "cooccur" and part == "second" and sound == "always":
                    sound = "auto"
                self._add(_Role(i, part, pattern), pattern, sound)
        for ex in lex.exemptions:
            for pattern in ex.patterns:
                # a short exemption only as written: 向法院 must not cancel 县法院
                sound = "auto" if len(pattern) >= NEAR_MIN_CHARS else "never"
                self._add(_Role(-1, ex.kind, pattern, ex.id), pattern, sound, near=False)
        for neg in dict.fromkeys((*lex.negators, *lex.wide_negators)):
            self._add(_Role(-1, "negator", neg), neg, "never")
        self.reach = {ex.id: ex.reach for ex in lex.exemptions}
        self.cancels = {ex.id: ex.categories for ex in lex.exemptions}

    def _add(self, role: _Role, pattern: str, sound: str, near: bool = True) -> None:
        norm = "".join(normalise_char(c) for c in to_simplified(pattern))
        if not norm:
            return
        role = replace(role, norm=norm)
        self.exact.add(norm, role)
        minimum = ALWAYS_SOUND_MIN if sound == "always" else SOUND_MIN_CHARS
        if sound != "never" and len(norm) >= minimum:
            keys = self.sound.keys(norm)
            self.by_sound.add(keys, role)
            if near and len(norm) >= NEAR_MIN_CHARS:
                # only an inner syllable may be off: an edge one leaves a shorter match that runs
                # into its neighbours (你的公司 ~ 你的功耗; 跟您父母说 ~ 跟您父母没)
                for k in range(1, len(keys) - 1):
                    self.near.add(keys[:k] + WILD + keys[k + 1:], role)


_COMPILED: dict[str, CompiledLexicon] = {}


def compiled(lex: Lexicon) -> CompiledLexicon:
    """The compiled form of a lexicon, cached by its version hash."""
    found = _COMPILED.get(lex.version)
    if found is None:
        found = _COMPILED[lex.version] = CompiledLexicon(lex)
    return found


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
        chars, to_token = [], []
        for i, tok in enumerate(doc):
            n = normalise_char(to_simplified(tok.text))
            for c in n:
                chars.append(c)
                to_token.append(i)
        doc._.match_text = "".join(chars)
        doc._.match_to_token = to_token
        return doc

    @Language.component("evidence_pinyin")
    def pinyin_component(doc):
        doc._.sound_text = doc._.lexicon.sound.keys(doc._.match_text)
        return doc

    @Language.component("evidence_matcher")
    def matcher_component(doc):
        hits, suppressed = _match(doc)
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
        for text, w_start, w_end, prob in pieces:
            for c in text:
                if c.isspace():
                    continue
                chars.append(c)
                seg_of.append(s_idx)
                starts.append(float(w_start))
                ends.append(float(w_end))
                probs.append(float(prob))
                quals.append(q)
    doc = Doc(nlp.vocab, words=chars, spaces=[False] * len(chars))
    doc._.lexicon = compiled(lex)
    doc.user_data["timing"] = Timing(seg_of, starts, ends, probs, quals,
                                     tuple(getattr(seg, "speaker", None) or "unknown" for seg in segments))
    return doc


def run(segments: Sequence[SegmentLike], lex: Lexicon):
    """Run the pipeline over a recording's segments; the doc holds spans["flags"]."""
    nlp = _nlp()
    doc = make_doc(segments, lex)
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


def find_flags(segments: Sequence[SegmentLike], lex: Lexicon) -> list[Hit]:
    """The flags in a recording's segments."""
    return analyse(segments, lex).hits


def analyse(segments: Sequence[SegmentLike], lex: Lexicon) -> CallAnalysis:
    """The flags in a recording's segments, and whether the call was made to a third party."""
    doc = run(segments, lex)  # spans need their doc alive while they are read
    return CallAnalysis(hits_of(doc), doc._.third_party_call, list(doc._.context))


def hits_of(doc) -> list[Hit]:
    """The flags of a doc run through the pipeline, in time order."""
    return list(doc.user_data.get("hits", []))


# ---------------------------------------------------------------- matching


def _occurrences(doc) -> dict[_Role, list[Occ]]:
    cl: CompiledLexicon = doc._.lexicon
    text, keys = doc._.match_text, doc._.sound_text
    found: dict[_Role, dict[tuple[int, int], Occ]] = defaultdict(dict)
    for i, j, role in cl.exact.scan(text):
        found[role][(i, j)] = Occ(i, j, "exact", j - i)
    for i, j, role in cl.by_sound.scan(keys):
        if (i, j) in found[role]:
            continue
        if _clause_break(doc, i, j - 1):
            continue
        same = sum(1 for a, b in zip(text[i:j], role.norm, strict=False) if a == b)
        found[role][(i, j)] = Occ(i, j, "sound", same)
    if FEATURES["near"]:
        for i, j, role in cl.near.scan_near(keys):
            if (i, j) in found[role] or not same_segment(doc, i, j) or _clause_break(doc, i, j - 1):
                continue
            pairs = list(zip(text[i:j], role.norm, strict=False))
            same = sum(1 for a, b in pairs if a == b)
            if same < (len(pairs) - 1 if len(pairs) == NEAR_MIN_CHARS else 2) or any(
                    (a in POLARITY or b in POLARITY) and a != b for a, b in pairs):
                continue  # enough characters as written, and never a negation or person guessed
            found[role][(i, j)] = Occ(i, j, "sound", same, near=True)
    return {role: list(occs.values()) for role, occs in found.items()}


def _clause_break(doc, a: int, b: int) -> bool:
    """Whether a clause mark (，。？) lies between match-text positions a and b: a sound match never
    runs over one (逾期会产生违约金，建议 is not 进监狱), nor does a wide negator reach over one."""
    if b <= a:
        return False
    m2t = doc._.match_to_token
    return any(doc[k].text in CLAUSE_MARKS for k in range(m2t[a] + 1, m2t[b]))


def _candidates(doc, occ: dict[_Role, list[Occ]], context: bool | None = None) -> list[tuple[Hit, list[Occ]]]:
    """Hits of every rule with occurrences; context=True: only call-context markers, False: only
    rules that hold in any call, None: all."""
    cl: CompiledLexicon = doc._.lexicon
    by_rule: dict[int, dict[str, list[Occ]]] = defaultdict(lambda: defaultdict(list))
    for role, occs in occ.items():
        if role.rule >= 0:
            by_rule[role.rule][role.part].extend(occs)
    if FEATURES["frames"]:  # a frame may start at the start of a turn without any occurrence
        for idx, rule in enumerate(cl.rules):
            if rule.kind == "frame" and rule.slots[0] == ("^",) and idx not in by_rule:
                by_rule[idx] = defaultdict(list)
    out = []
    for idx, parts in by_rule.items():
        rule = cl.rules[idx]
        if rule.kind == "frame" and not FEATURES["frames"]:
            continue
        if context is not None and (rule.category == "context") != context:
            continue
        if context is False and rule.when == "third_party_call" and not doc._.third_party_call:
            continue
        out.extend(RULE_KINDS[rule.kind].candidates(doc, rule, parts))
    return out


def _why_not(doc, hit: Hit, parts: list[Occ], lawful, quotes, negators) -> str | None:
    lex: Lexicon = doc._.lexicon.lex
    cancels = doc._.lexicon.cancels
    for o, r in lawful:
        if cancels[r.ref] and hit.category not in cancels[r.ref]:
            continue
        if any(o.start < p.end and p.start < o.end for p in parts):
            return f"lawful look-alike '{r.text}' ({r.ref})"
    head = parts[0]
    reach = doc._.lexicon.reach
    for o, r in quotes:
        if cancels[r.ref] and hit.category not in cancels[r.ref]:
            continue
        if o.end <= head.start <= o.end + reach.get(r.ref, 12) and same_segment(doc, o.start, head.end):
            return f"the debtor quoting: '{r.text}'"
    if hit.category in lex.negated_categories or hit.category == "context":
        text = doc._.match_text
        first, last = min(p.start for p in parts), max(p.start for p in parts)
        first_end = min(p.end for p in parts if p.start == first)
        for o in negators:
            if o.end <= head.start <= o.end + lex.negator_scope and same_segment(doc, o.start, head.end):
                return f"negated by '{text[o.start:o.end]}'"
            # a wide negator earlier in the clause, or one between a frame's parts, in the same clause
            # (我们没有把您的情况告诉您的公司; 您的同事不会知道)
            wide = text[o.start:o.end] in lex.wide_negators
            if wide and first - lex.wide_scope <= o.start < last and not _clause_break(doc, o.end - 1, last):
                if o.end <= first or o.start >= first_end:
                    return f"negated by '{text[o.start:o.end]}'"
    return None


def _match(doc) -> tuple[list[Hit], list[Suppressed]]:
    cl: CompiledLexicon = doc._.lexicon
    occ = _occurrences(doc)
    lawful = [(o, r) for r, os in occ.items() if r.part == "lawful" for o in os]
    quotes = [(o, r) for r, os in occ.items() if r.part == "quote" for o in os]
    negators = [o for r, os in occ.items() if r.part == "negator" for o in os]
    rules = {r.id: r for r in cl.rules}
    context: list[Hit] = []
    suppressed: list[Suppressed] = []
    for hit, parts in _candidates(doc, occ, context=True):
        reason = _why_not(doc, hit, parts, lawful, quotes, negators)
        if reason:
            suppressed.append(Suppressed(hit, reason))
        else:
            context.append(hit)
    doc._.third_party_call = bool(context) and FEATURES["context"]
    doc._.context = context
    out: list[Hit] = []
    for hit, parts in _candidates(doc, occ, context=False):
        reason = _why_not(doc, hit, parts, lawful, quotes, negators)
        if reason:
            suppressed.append(Suppressed(hit, reason))
            continue
        out.append(hit)
        out.extend(replace(hit, category=c) for c in rules[hit.rule_id].also)
    return _dedupe(out), suppressed


def _dedupe(hits: list[Hit]) -> list[Hit]:
    """One flag per category per stretch of words: overlapping hits keep the strongest."""
    hits = sorted(hits, key=lambda h: (h.category, h.start_char, -(h.end_char - h.start_char)))
    out: list[Hit] = []
    for h in hits:
        prev = out[-1] if out else None
        if prev and prev.category == h.category and h.start_char < prev.end_char:
            if (h.confidence, h.end_char - h.start_char) > (prev.confidence, prev.end_char - prev.start_char):
                out[-1] = h
            continue
        out.append(h)
    return sorted(out, key=lambda h: (h.start, h.category))
