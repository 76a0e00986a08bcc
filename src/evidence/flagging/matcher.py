"""Finding violations in a transcript: a blank spaCy `zh` pipeline with three custom components.

  evidence_normalise  one token per character; the matching text without punctuation
  evidence_pinyin     each character's sound key (toneless pinyin, folded by confusion rules)
  evidence_matcher    phrases, co-occurrences and question→answer rules, exact or by sound,
                      minus lawful look-alikes, negations and the debtor's quotes;
                      results in doc.spans["flags"], each span's ._.flag a Hit

Every lexicon string goes into one character trie for exact text and one for sound keys, so a
transcript is scanned twice whatever the size of the lexicon.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Protocol

from ..asr.whisper import to_simplified
from .lexicon import Lexicon, Rule
from .textnorm import SoundKeys, normalise_char

# Phrases shorter than this match by sound only where the entry says `sound: always` (for a
# co-occurrence, `always` covers its first list, the verbs; targets always need 3 characters).
SOUND_MIN_CHARS = 3
ALWAYS_SOUND_MIN = 2


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
class Hit:
    category: str
    rule_id: str
    kind: str  # phrase | cooccur | qa
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
class _Occ:
    start: int  # match-text positions
    end: int
    match: str  # exact | sound
    exact_chars: int


@dataclass
class _Trie:
    root: dict = field(default_factory=dict)

    def add(self, key: str, payload) -> None:
        node = self.root
        for ch in key:
            node = node.setdefault(ch, {})
        node.setdefault(None, []).append(payload)

    def scan(self, text: str):
        """Yield (start, end, payload) for every occurrence of every key, overlaps included."""
        root = self.root
        n = len(text)
        for i in range(n):
            node = root.get(text[i])
            j = i + 1
            while node is not None:
                payloads = node.get(None)
                if payloads:
                    for p in payloads:
                        yield i, j, p
                if j >= n:
                    break
                node = node.get(text[j])
                j += 1


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
        self.exact = _Trie()
        self.by_sound = _Trie()
        self.rules = lex.rules
        for i, rule in enumerate(lex.rules):
            if rule.kind == "phrase":
                parts = [("pattern", p) for p in rule.patterns]
            else:
                parts = [("first", p) for p in rule.first] + [("second", p) for p in rule.second]
            for part, pattern in parts:
                sound = rule.sound
                if rule.kind == "cooccur" and part == "second" and sound == "always":
                    sound = "auto"
                self._add(_Role(i, part, pattern), pattern, sound)
        for ex in lex.exemptions:
            for pattern in ex.patterns:
                self._add(_Role(-1, ex.kind, pattern, ex.id), pattern, "auto")
        for neg in lex.negators:
            self._add(_Role(-1, "negator", neg), neg, "never")

    def _add(self, role: _Role, pattern: str, sound: str) -> None:
        norm = "".join(normalise_char(c) for c in to_simplified(pattern))
        if not norm:
            return
        role = replace(role, norm=norm)
        self.exact.add(norm, role)
        minimum = ALWAYS_SOUND_MIN if sound == "always" else SOUND_MIN_CHARS
        if sound != "never" and len(norm) >= minimum:
            self.by_sound.add(self.sound.keys(norm), role)


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
                          ("suppressed", None), ("lexicon", None)):
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
        doc._.suppressed = suppressed
        return doc

    nlp = spacy.blank("zh")
    for name in ("evidence_normalise", "evidence_pinyin", "evidence_matcher"):
        nlp.add_pipe(name)
    return nlp


@dataclass(frozen=True)
class _Timing:
    """Per token: segment index, start and end seconds, word probability."""

    segment: list[int]
    start: list[float]
    end: list[float]
    prob: list[float]
    seg_quality: list[float]
    seg_speaker: tuple[str, ...] = ()  # per segment: collector | debtor | unknown


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
    doc.user_data["timing"] = _Timing(seg_of, starts, ends, probs, quals,
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
    doc = run(segments, lex)  # spans need their doc alive while they are read
    return [span._.flag for span in doc.spans["flags"]]


# ---------------------------------------------------------------- matching


def _occurrences(doc) -> dict[_Role, list[_Occ]]:
    cl: CompiledLexicon = doc._.lexicon
    text, keys = doc._.match_text, doc._.sound_text
    found: dict[_Role, dict[tuple[int, int], _Occ]] = defaultdict(dict)
    for i, j, role in cl.exact.scan(text):
        found[role][(i, j)] = _Occ(i, j, "exact", j - i)
    for i, j, role in cl.by_sound.scan(keys):
        if (i, j) in found[role]:
            continue
        same = sum(1 for a, b in zip(text[i:j], role.norm, strict=False) if a == b)
        found[role][(i, j)] = _Occ(i, j, "sound", same)
    return {role: list(occs.values()) for role, occs in found.items()}


def _conf(doc, occs: Sequence[_Occ]) -> float:
    timing: _Timing = doc.user_data["timing"]
    m2t = doc._.match_to_token
    tokens = [m2t[k] for o in occs for k in range(o.start, o.end)]
    prob = sum(timing.prob[t] for t in tokens) / len(tokens)
    quality = min(timing.seg_quality[t] for t in tokens)
    base = 1.0
    for o in occs:
        if o.match == "sound":
            base *= 0.55 + 0.35 * (o.exact_chars / max(1, o.end - o.start))
    score = base * (0.75 + 0.25 * min(1.0, prob / 0.8)) * quality
    return round(max(0.0, min(1.0, score)), 3)


def _hit(doc, rule: Rule, occs: Sequence[_Occ], detail: str = "") -> Hit:
    timing: _Timing = doc.user_data["timing"]
    m2t = doc._.match_to_token
    lo = min(o.start for o in occs)
    hi = max(o.end for o in occs)
    if rule.kind == "qa":  # the flag is the answer, not the question
        lo, hi = occs[-1].start, occs[-1].end
    t0, t1 = m2t[lo], m2t[hi - 1] + 1
    return Hit(
        category=rule.category, rule_id=rule.id, kind=rule.kind,
        match="sound" if any(o.match == "sound" for o in occs) else "exact",
        start_char=t0, end_char=t1, start=round(timing.start[t0], 3), end=round(timing.end[t1 - 1], 3),
        segment=timing.segment[t0], confidence=_conf(doc, occs), severity=rule.severity,
        basis=rule.basis, text="".join(t.text for t in doc[t0:t1]), normalized=doc._.match_text[lo:hi],
        detail=detail,
    )


def _same_segment(doc, a: int, b: int) -> bool:
    timing: _Timing = doc.user_data["timing"]
    m2t = doc._.match_to_token
    return timing.segment[m2t[a]] == timing.segment[m2t[b - 1]]


def _speaker(timing: _Timing, token: int) -> str:
    seg = timing.segment[token]
    return timing.seg_speaker[seg] if seg < len(timing.seg_speaker) else "unknown"


def _candidates(doc, occ: dict[_Role, list[_Occ]]) -> list[tuple[Hit, list[_Occ]]]:
    cl: CompiledLexicon = doc._.lexicon
    timing: _Timing = doc.user_data["timing"]
    m2t = doc._.match_to_token
    by_rule: dict[int, dict[str, list[_Occ]]] = defaultdict(lambda: defaultdict(list))
    for role, occs in occ.items():
        if role.rule >= 0:
            by_rule[role.rule][role.part].extend(occs)
    out = []
    for idx, parts in by_rule.items():
        rule = cl.rules[idx]
        if rule.kind == "phrase":
            for o in parts["pattern"]:
                if _same_segment(doc, o.start, o.end):
                    out.append((_hit(doc, rule, [o]), [o]))
        elif rule.kind == "cooccur":
            for a in parts["first"]:
                for b in parts["second"]:
                    if rule.order == "forward" or b.start >= a.end:
                        first, second = a, b
                    else:
                        first, second = b, a
                    gap = second.start - first.end
                    if gap < 0 or gap > rule.within or not _same_segment(doc, first.start, second.end):
                        continue
                    out.append((_hit(doc, rule, [first, second]), [first, second]))
        else:  # qa
            for q in parts["first"]:
                q_end = timing.end[m2t[q.end - 1]]
                if _speaker(timing, m2t[q.start]) == "collector":  # the debtor asks
                    continue
                for a in parts["second"]:
                    if a.start < q.end or _speaker(timing, m2t[a.start]) == "debtor":  # the collector answers
                        continue
                    if timing.start[m2t[a.start]] - q_end > rule.within:
                        continue
                    question = doc._.match_text[q.start:q.end]
                    out.append((_hit(doc, rule, [q, a], detail=f"after the question '{question}'"),
                                [a]))
    return out


def _match(doc) -> tuple[list[Hit], list[Suppressed]]:
    cl: CompiledLexicon = doc._.lexicon
    lex = cl.lex
    occ = _occurrences(doc)
    lawful = [(o, r) for r, os in occ.items() if r.part == "lawful" for o in os]
    quotes = [(o, r) for r, os in occ.items() if r.part == "quote" for o in os]
    negators = [o for r, os in occ.items() if r.part == "negator" for o in os]
    reach = {ex.id: ex.reach for ex in lex.exemptions}
    kept: list[Hit] = []
    suppressed: list[Suppressed] = []
    for hit, parts in _candidates(doc, occ):
        reason = None
        for o, r in lawful:
            if any(o.start < p.end and p.start < o.end for p in parts):
                reason = f"lawful look-alike '{r.text}' ({r.ref})"
                break
        head = parts[0]
        if reason is None:
            for o, r in quotes:
                if o.end <= head.start <= o.end + reach.get(r.ref, 12) and _same_segment(doc, o.start, head.end):
                    reason = f"the debtor quoting: '{r.text}'"
                    break
        if reason is None and hit.category in lex.negated_categories:
            for o in negators:
                if o.end <= head.start <= o.end + lex.negator_scope and _same_segment(doc, o.start, head.end):
                    reason = f"negated by '{doc._.match_text[o.start:o.end]}'"
                    break
        if reason:
            suppressed.append(Suppressed(hit, reason))
        else:
            kept.append(hit)
    return _dedupe(kept), suppressed


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
