"""The second opinion (flagging/second_opinion.py): the shipped weights, what it adds and takes back,
and that it never speaks for the debtor's own words or for a garbled turn."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from evidence.categories import IDS
from evidence.flagging import current_lexicon, matcher
from evidence.flagging import second_opinion as so
from evidence.flagging.explain import TypedWord, segments_from_text


def _cats(text: str) -> set[str]:
    return {h.category for h in matcher.find_flags(segments_from_text(text), current_lexicon())}


def _segment(text: str, speaker: str, prob: float = 1.0, t0: float = 0.0):
    words = tuple(TypedWord(t0 + i * 0.25, t0 + (i + 1) * 0.25, ch, prob) for i, ch in enumerate(text))
    return _Spoken(words[0].start, words[-1].end, text, words, speaker)


class _Spoken:
    def __init__(self, start, end, text, words, speaker):
        self.start, self.end, self.text, self.words, self.speaker = start, end, text, words, speaker
        self.avg_logprob, self.no_speech_prob = -0.2, 0.0


def test_shipped_weights_fit_the_categories_and_vocabulary():
    model = so.turn_model()
    assert set(model.categories) == set(IDS)
    assert model.coef.shape == (len(IDS), len(model.vocab) + 512)
    assert 0.5 < model.add <= 1.0 and 0.0 <= model.keep < 0.5
    meta = json.loads((so.model_dir() / "meta.json").read_text(encoding="utf-8"))
    assert not any("shared" in f for f in meta["trained_on"]), "the shared phrases are a measurement, never training"


def test_scores_are_probabilities_and_read_the_whole_sentence():
    model = so.turn_model()
    abusive, lawful = model.scores(["你朋友圈里那几个人，等着收消息吧。", "您好，请问明天上午方便到营业厅办理吗？"])
    assert all(0.0 <= p <= 1.0 for p in abusive.values())
    assert abusive["third_party"] > model.add > lawful["third_party"]


def test_adds_a_flag_the_lexicon_has_no_words_for():
    text = "你朋友圈里那几个人，等着收消息吧。"
    matcher.FEATURES["second_opinion"] = False
    try:
        assert _cats(text) == set()
    finally:
        matcher.FEATURES["second_opinion"] = True
    hits = matcher.find_flags(segments_from_text(text), current_lexicon())
    added = [h for h in hits if h.kind == so.MODEL_KIND]
    assert [h.category for h in added] == ["third_party"]
    assert added[0].text == text and added[0].rule_id == "model.third_party"  # the whole turn is quoted
    assert added[0].basis  # argued under the category's usual legal basis


@pytest.mark.parametrize("text", [
    "爆通讯录是明确禁止的，您同事被打了电话，可以一并反映。",
    "房东说明天上门看看热水器。",
])
def test_takes_back_a_lexicon_flag_on_a_lawful_sentence(text):
    matcher.FEATURES["second_opinion"] = False
    try:
        assert _cats(text)  # the lexicon alone flags it
    finally:
        matcher.FEATURES["second_opinion"] = True
    doc = matcher.run(segments_from_text(text), current_lexicon())
    assert matcher.hits_of(doc) == []
    assert any("second opinion" in s.reason for s in doc._.suppressed)


def test_never_takes_back_a_sound_alike():
    # the model reads 报 as written; the lexicon heard 爆 (Whisper writes either)
    assert _cats("到时候全给你报了。") == {"third_party"}


def test_no_model_flag_where_the_lexicon_found_who_the_call_is_to():
    assert _cats("您是他家人吧？不好意思打扰了，麻烦让他本人给我们回个电话。") == set()


def test_keeps_plain_abuse_the_lexicon_finds():
    for text in ("你他妈的到底还不还钱？", "信不信我找人弄死你。", "我们已经把你的照片发到你们小区业主群了。"):
        assert _cats(text), text


def test_a_turn_running_two_speakers_together_is_read_clause_by_clause():
    tokens = list("你他妈的到底还不还钱,现在是晚上十一点,你们这个时间打电话是违规的")
    ws = so.windows(tokens, 0, len(tokens), 2)
    assert (0, 11) in ws  # the clause alone: 你他妈的到底还不还钱,
    assert (0, len(tokens)) in ws


def test_no_model_flag_on_the_debtors_words_or_on_a_garbled_turn():
    lex = current_lexicon()
    said = "你朋友圈里那几个人，等着收消息吧。"
    assert not [h for h in matcher.find_flags([_segment(said, "debtor")], lex) if h.kind == so.MODEL_KIND]
    assert [h for h in matcher.find_flags([_segment(said, "collector")], lex) if h.kind == so.MODEL_KIND]
    heard_badly = _segment(said, "collector", prob=0.3)
    assert not [h for h in matcher.find_flags([heard_badly], lex) if h.kind == so.MODEL_KIND]


def test_switched_off_by_environment_in_a_real_process():
    code = ("from evidence.flagging import matcher, current_lexicon; "
            "from evidence.flagging.explain import segments_from_text; "
            "print(sorted(h.kind for h in matcher.find_flags(segments_from_text('你朋友圈里那几个人，等着收消息吧。'), "
            "current_lexicon())))")
    for value, expected in (("off", "[]"), ("on", "['model']")):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             env={**os.environ, "EVIDENCE_SECOND_OPINION": value})
        assert out.stdout.strip() == expected


def test_ngram_features_are_tfidf_rows():
    vocab = {"你": 0, "你好": 1, "好": 2}
    x = so.ngram_matrix(["你好你", ""], vocab, np.array([1.0, 2.0, 1.0], dtype=np.float32))
    assert np.isclose(np.linalg.norm(x[0]), 1.0) and not x[1].any()
    assert x[0, 0] > x[0, 2]  # 你 twice counts 1 + ln 2
