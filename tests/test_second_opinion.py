"""The second opinion (flagging/second_opinion.py): the shipped weights, what it adds and takes back,
and that it never speaks for the debtor's own words or for a garbled turn."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

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
        self.also_heard = None  # what the second hearing heard in it


def test_shipped_weights_fit_the_categories_and_vocabulary():
    model = so.turn_model()
    assert set(model.categories) == set(IDS)
    assert model.coef.shape == (2, len(IDS), len(model.vocab) + 512)  # typed, heard
    assert not np.allclose(model.coef[0], model.coef[1])
    assert 0.5 < model.add <= 1.0 and 0.0 <= model.keep < 0.5
    meta = json.loads((so.model_dir() / "meta.json").read_text(encoding="utf-8"))
    assert not any("shared" in f for f in meta["trained_on"]), "the shared phrases are a measurement, never training"


def test_scores_are_probabilities_and_read_the_whole_sentence():
    model = so.turn_model()
    abusive, lawful = model.scores(["你朋友那几个人，等着收消息吧。", "您好，请问明天上午方便到营业厅办理吗？"],
                                   heard=[False, False])
    assert all(0.0 <= p <= 1.0 for p in abusive.values())
    assert abusive["third_party"] > model.add > lawful["third_party"]


def test_adds_a_flag_the_lexicon_has_no_words_for():
    text = "你朋友那几个人，等着收消息吧。"
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


def test_a_sound_alike_is_judged_only_where_the_words_were_heard_clearly():
    # the lexicon hears 爆 in 报 (Whisper writes either); typed, 报了 is what was said, and the model
    # may take it back; heard poorly, the flag stands whatever the model thinks
    lex = current_lexicon()
    text = "到时候全给你报了。"
    doc = matcher.run(segments_from_text(text), lex)
    taken = [s for s in doc._.suppressed if "second opinion" in s.reason]
    assert taken and taken[0].hit.match == "sound"
    heard_badly = _segment(text, "collector", prob=0.8)
    assert "third_party" in {h.category for h in matcher.find_flags([heard_badly], lex)}


def test_no_model_flag_where_the_lexicon_found_who_the_call_is_to():
    assert _cats("您是他家人吧？不好意思打扰了，麻烦让他本人给我们回个电话。") == set()


def test_keeps_plain_abuse_the_lexicon_finds():
    for text in ("你他妈的到底还不还钱？", "信不信我找人弄死你。", "我们已经把你的照片发到你们小区业主群了。"):
        assert _cats(text), text


@pytest.mark.parametrize("text", [
    "投诉就投诉，衰仔，法院也管不着这个。",  # a Cantonese name for a good-for-nothing
    "外卖平台那边，我已经安排人准备好差评了。",  # the shop flooded with bad reviews
])
def test_never_takes_back_what_is_abuse_whatever_the_sentence(text):
    # the model knows few regional names and few shops: these rules are `sure`
    assert _cats(text), text


def test_a_turn_running_two_speakers_together_is_read_clause_by_clause():
    tokens = list("你他妈的到底还不还钱,现在是晚上十一点,你们这个时间打电话是违规的")
    ws = so.windows(tokens, 0, len(tokens), 2)
    assert (0, 11) in ws  # the clause alone: 你他妈的到底还不还钱,
    assert (0, len(tokens)) in ws


def test_no_model_flag_on_the_debtors_words_or_on_a_garbled_turn():
    lex = current_lexicon()
    said = "你朋友那几个人，等着收消息吧。"
    assert not [h for h in matcher.find_flags([_segment(said, "debtor")], lex) if h.kind == so.MODEL_KIND]
    assert [h for h in matcher.find_flags([_segment(said, "collector")], lex) if h.kind == so.MODEL_KIND]
    heard_badly = _segment(said, "collector", prob=0.3)
    assert not [h for h in matcher.find_flags([heard_badly], lex) if h.kind == so.MODEL_KIND]


def test_a_poorly_heard_turn_gets_a_model_flag_only_when_the_second_hearing_reads_the_same():
    lex = current_lexicon()
    said = "俺是谁你别操心，你就说还不还吧。"  # the lexicon has no words for it; the model has
    poorly = _segment(said, "collector", prob=0.6)  # below HEARD_TO_ADD: one hearing is not enough
    assert 0.6 < so.HEARD_TO_ADD
    assert not [h for h in matcher.find_flags([poorly], lex) if h.kind == so.MODEL_KIND]
    poorly.also_heard = "俺是谁你别操心,你就说还不还吧"  # the second hearing heard it the same way
    agreed = [h for h in matcher.find_flags([poorly], lex) if h.kind == so.MODEL_KIND]
    assert agreed and agreed[0].text == said
    poorly.also_heard = "俺明天下午再给你打电话吧"  # heard otherwise: the two hearings disagree
    assert not [h for h in matcher.find_flags([poorly], lex) if h.kind == so.MODEL_KIND]
    debtor = _segment(said, "debtor", prob=0.6)
    debtor.also_heard = said
    assert not [h for h in matcher.find_flags([debtor], lex) if h.kind == so.MODEL_KIND]


def test_switched_off_by_environment_in_a_real_process():
    code = ("from evidence.flagging import matcher, current_lexicon; "
            "from evidence.flagging.explain import segments_from_text; "
            "print(sorted(h.kind for h in matcher.find_flags(segments_from_text('你朋友那几个人，等着收消息吧。'), "
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


TRAIN = Path(__file__).resolve().parent.parent / "models" / "second-opinion" / "train"
SHARED_PHRASES = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "phrases" / "phrases.tsv"


def _training_sentences() -> set[str]:
    return {line.split("\t", 1)[1].strip() for f in [*TRAIN.glob("*.tsv"), *TRAIN.glob("asr/*.tsv")]
            for line in f.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}


def test_trained_on_recognised_speech_as_well_as_written_sentences():
    meta = json.loads((so.model_dir() / "meta.json").read_text(encoding="utf-8"))
    heard = [f for f in meta["trained_on"] if "/asr/" in f]
    assert heard and all(Path(f).stem.split("__")[0] for f in heard)
    written = [f for f in meta["trained_on"] if "/asr/" not in f]
    assert len(written) >= 10


@pytest.mark.skipif(not SHARED_PHRASES.is_file(), reason="../shared/corpus/phrases is not beside this checkout")
def test_the_shared_phrases_are_never_training():
    shared = {line.split("\t", 1)[1].strip() for line in SHARED_PHRASES.read_text(encoding="utf-8").splitlines()
              if "\t" in line and not line.startswith("#")}
    assert len(shared) > 100
    assert not shared & _training_sentences()


def test_asr_segments_labels_each_segment_by_the_turns_it_overlaps(tmp_path):
    labels = [{"id": "x01", "sha256": "a" * 64, "turns": [
        {"who": "c", "text": "喂，是李明吗？", "start": 0.0, "end": 2.0},
        {"who": "c", "text": "不还钱就去你单位闹", "label": "threat", "also": ["third_party"],
         "start": 2.5, "end": 5.0},
        {"who": "d", "text": "你们这是违法的", "start": 5.5, "end": 7.0, "lawful": True}]}]
    export = {"recordings": [{"sha256": "a" * 64, "transcript": [
        {"start": 0.1, "end": 1.9, "text": "喂,是李明吗?", "speaker": "collector"},
        {"start": 2.4, "end": 5.2, "text": "不还钱就去你单位闹", "speaker": "collector"},
        {"start": 5.4, "end": 7.1, "text": "你们这是\t违法的", "speaker": "debtor"}]}]}
    (tmp_path / "labels.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "export.json").write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    script = Path(__file__).resolve().parent.parent / "bench" / "asr_segments.py"
    subprocess.run([sys.executable, str(script), str(tmp_path / "labels.json"), str(tmp_path / "export.json"),
                    "--name", "t-one", "--writer", "w9", "--out", str(tmp_path / "out")], check=True,
                   capture_output=True)
    lines = (tmp_path / "out" / "w9__t-one.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#")
    assert lines[1:] == ["lawful\t喂,是李明吗?", "threat,third_party\t不还钱就去你单位闹", "lawful\t你们这是 违法的"]


def test_a_damaged_model_stops_ingest_with_one_line_and_files_nothing(tmp_path, evidence_home):
    from conftest import call_file, run_cli

    bad = tmp_path / "bad-model"
    bad.mkdir()
    (bad / "meta.json").write_text((so.model_dir() / "meta.json").read_text(encoding="utf-8"), encoding="utf-8")
    (bad / "weights.npz").write_bytes((so.model_dir() / "weights.npz").read_bytes()[:1000])  # cut short
    env = {"EVIDENCE_SECOND_OPINION_MODEL": str(bad), "EVIDENCE_LANG": "zh"}
    tested = run_cli("lexicon", "test", "你朋友那几个人，等着收消息吧。", env=env)
    assert tested.returncode != 0
    assert "第二意见模型文件" in tested.stderr and len(tested.stderr.strip().splitlines()) == 1
    filed = run_cli("ingest", str(call_file("13700001111")), env=env)
    assert filed.returncode != 0 and "EVIDENCE_SECOND_OPINION=off" in filed.stderr
    assert not [f for f in (evidence_home / "store").rglob("*") if f.is_file()]  # no copy the database does not know
    with sqlite3.connect(evidence_home / "evidence.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM recordings").fetchone() == (0,)


def test_no_model_flag_of_a_category_a_lawful_look_alike_in_the_turn_names():
    lex = current_lexicon()
    well_wished = _segment("祝您爸爸早日康复", "collector", prob=0.9)  # lawful.well_wishing: no contact
    assert not [h for h in matcher.find_flags([well_wished], lex) if h.kind == so.MODEL_KIND]
    # the same model flag stands where no look-alike was said
    spoken_of = _segment("你爸爸知道这事吗", "collector", prob=0.9)
    assert [h.category for h in matcher.find_flags([spoken_of], lex) if h.kind == so.MODEL_KIND] == ["third_party"]
