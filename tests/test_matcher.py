"""Unit tests per rule kind, on typed text (no model): phrases, sound-alikes, co-occurrence,
question→answer, and every lawful look-alike named in DOMAIN.md."""

import pytest

from evidence.flagging import current_lexicon, matcher
from evidence.flagging.explain import segments_from_text


def flags(text: str) -> list[matcher.Hit]:
    return matcher.find_flags(segments_from_text(text), current_lexicon())


def categories(text: str) -> set[str]:
    return {h.category for h in flags(text)}


@pytest.mark.parametrize("text,category", [
    ("信不信我找人弄死你。", "threat"),
    ("明天我们的人就上门去你家。", "threat"),
    ("你等着坐牢吧。", "threat"),
    ("不还钱就让你上黑名单，坐不了高铁。", "threat"),
    ("我们去你们小区贴告示。", "threat"),
    ("你这个老赖。", "insult"),
    ("真是个不要脸的东西。", "insult"),
    ("你脑子有病吧。", "insult"),
    ("你的通讯录我们都有。", "third_party"),
    ("我们把照片发到你的家族群。", "third_party"),
    ("你管我是谁。", "identity_refusal"),
    ("工号不方便透露。", "identity_refusal"),
])
def test_exact_phrases(text, category):
    hits = [h for h in flags(text) if h.category == category]
    assert hits and hits[0].match == "exact"


@pytest.mark.parametrize("text,category", [
    ("功耗不方便透露。", "identity_refusal"),  # 工号 → 功耗
    ("你的通信路我们都有。", "third_party"),  # 通讯录 → 通信路
    ("到时候全给你报了。", "third_party"),  # 爆了 → 报了
    ("我们会让你说会尽死亡。", "threat"),  # 社会性死亡 → 说会尽死亡
    ("我们已经连续你的家人了。", "third_party"),  # 联系 → 连续
])
def test_sound_alikes(text, category):
    hits = [h for h in flags(text) if h.category == category]
    assert hits, f"{text} not flagged as {category}"
    assert hits[0].match == "sound"
    assert hits[0].confidence < 1.0


def test_sound_alike_needs_enough_characters():
    # 砍你 (kǎn nǐ) sounds like 看你 (kàn nǐ): two-character phrases match only as written
    assert "threat" not in categories("看你什么时候还。")


@pytest.mark.parametrize("text", [
    "今天不还，我们就打电话给你爸妈和你单位领导。",
    "我们已经把他欠款的事告诉他公司同事了。",
    "你老公欠的钱你知道吗？",
    "你的紧急联系人我们都打过了。",
])
def test_cooccurrence_third_party(text):
    assert "third_party" in categories(text)


def test_question_then_evasive_answer():
    hits = flags("你是哪个公司的，有委托手续吗？你问那么多干什么。")
    refusal = [h for h in hits if h.category == "identity_refusal"]
    assert refusal and refusal[0].kind == "qa"
    assert refusal[0].text == "问那么多干什么"  # the answer, not the question


def test_evasive_words_without_a_question_are_not_a_refusal():
    assert "identity_refusal" not in categories("你问那么多干什么，今天必须还。")


@pytest.mark.parametrize("text", [
    "如果协商不成，平台可能会依法向法院提起诉讼。",
    "逾期会上报征信，影响您的个人征信记录。",
    "我们会寄送律师函。",
    "我们可能委托外访人员核实您的情况。",
    "我们只和您本人沟通，不会联系您的家人。",
    "请你不要联系我的家人。",
    "你刚才说要爆我通讯录，我已经录音了。",
    "你再骂人我就投诉。",
    "我是恒信消费金融的专员，工号零一二三。",
    "请报一下你的工号。",
    "你们不能联系我的朋友，这是违法的。",
])
def test_lawful_lookalikes_are_not_flagged(text):
    assert flags(text) == []


def test_quote_is_explained_in_lexicon_test():
    doc = matcher.run(segments_from_text("你刚才说要上门去我家。"), current_lexicon())
    assert not list(doc.spans["flags"])
    assert any("quoting" in s.reason for s in doc._.suppressed)


def test_flag_is_placed_on_the_words():
    hits = flags("喂你好，我跟你说一件事情。你这个老赖。")
    insult = [h for h in hits if h.category == "insult"][0]
    assert insult.text == "老赖"
    assert insult.end - insult.start == pytest.approx(0.5)


def test_spacy_pipeline_exposes_pinyin_and_spans():
    doc = matcher.run(segments_from_text("你管我是谁"), current_lexicon())
    assert [t._.pinyin for t in doc[:2]] == ["ni", "guan"]
    assert doc.spans["flags"][0].label_ == "identity_refusal"
