"""Who said it: the ONNX speaker encoder, the two-voice split and the collector decision, on real audio."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from evidence.asr import speaker_encoder as enc
from evidence.asr import speaker_roles, speakers
from evidence.asr.whisper import Segment, Word
from evidence.ingest import audio

CALLS = Path(__file__).parent / "data" / "calls"
LABELS = {c["id"]: c for c in json.loads((CALLS / "labels.json").read_text())}


def _segments_from_labels(call: dict, merge: bool) -> list[Segment]:
    """Whisper-like segments from the labelled turns, one word per character spread over the turn;
    with merge, each pair of adjacent turns becomes one segment, as Whisper often does."""
    turns = call["turns"]
    groups = [turns[i:i + 2] for i in range(0, len(turns), 2)] if merge else [[t] for t in turns]
    segs = []
    for group in groups:
        words = []
        for t in group:
            chars = [c for c in t["text"] if c not in "，。？！、"]
            step = (t["end"] - t["start"]) / len(chars)
            words += [Word(round(t["start"] + i * step, 3), round(t["start"] + (i + 1) * step, 3), c, 0.9)
                      for i, c in enumerate(chars)]
        segs.append(Segment(group[0]["start"], group[-1]["end"], "".join(t["text"] for t in group),
                            -0.2, 0.01, tuple(words)))
    return segs


def test_onnx_encoder_matches_resemblyzer_torch_reference():
    ref = json.loads((Path(__file__).parent / "data" / "speaker_reference.json").read_text())
    samples = audio.decode(CALLS / ref["file"]).samples
    wav = enc.normalize_volume(samples)[int(ref["start"] * 16000):int(ref["end"] * 16000)]
    got = enc.embed_utterance(wav)
    assert np.max(np.abs(got - np.array(ref["embedding"]))) < 1e-4


def test_mel_filterbank_is_slaney_shaped():
    fb = enc.mel_filterbank()
    assert fb.shape == (40, 201)
    assert (fb >= 0).all() and (fb.sum(axis=1) > 0).all()
    peaks = fb.argmax(axis=1)
    assert (np.diff(peaks) >= 0).all()  # bands rise in frequency


def test_silences_found_between_turns():
    call = LABELS["fx02"]
    samples = audio.decode(CALLS / call["file"]).samples
    intervals = speakers.speech_intervals(samples)
    for a, b in zip(call["turns"], call["turns"][1:], strict=False):
        gap_mid = (a["end"] + b["start"]) / 2
        assert not any(s < gap_mid < e for s, e in intervals), (gap_mid, intervals)


@pytest.mark.parametrize("call_id", ["fx01", "fx02", "fx03"])
def test_two_voices_found_and_merged_segments_cut(call_id):
    call = LABELS[call_id]
    samples = audio.decode(CALLS / call["file"]).samples
    segments = _segments_from_labels(call, merge=True)
    voices = speakers.find_voices(samples, segments)
    roles = speaker_roles.decide(voices)
    turns = speakers.split_segments(segments, voices, roles.speaker_of)
    right = 0
    for t in call["turns"]:
        want = "collector" if t["who"] == "c" else "debtor"
        mid = (t["start"] + t["end"]) / 2
        got = [x.speaker for x in turns if x.start <= mid <= x.end]
        right += got == [want]
    assert right == len(call["turns"]), [(x.speaker, x.text) for x in turns]
    # each merged pair of turns by different parties came back as two pieces
    changes = sum(a["who"] != b["who"] for a, b in zip(call["turns"][::2], call["turns"][1::2], strict=False))
    assert len(turns) >= len(segments) + changes


def test_cues_tell_collector_from_debtor():
    assert speaker_roles.cue_points("你好，我是恒信消费金融的专员，工号六六零一") > 0
    assert speaker_roles.cue_points("请你告诉我你的工号和公司名称") < 0
    assert speaker_roles.cue_points("请你不要联系我的家人") < 0
    assert speaker_roles.cue_points("你去投诉啊，我们照样上门") > 0


def test_profile_decides_when_it_is_confirmed():
    a = np.zeros(256)
    a[0] = 1.0
    b = np.zeros(256)
    b[1] = 1.0
    stretch = speakers.Stretch(0.0, 1.0, (speakers.TimedWord(0.0, 1.0, "请问你的工号是多少", 0),))
    other = speakers.Stretch(1.5, 2.5, (speakers.TimedWord(1.5, 2.5, "嗯", 0),))
    # the words say voice 0 is the debtor; the confirmed profile says voice 0 is the collector
    voices = speakers.Voices((stretch, other), (0, 1), (tuple(a), tuple(b)), 1.0)
    assert speaker_roles.decide(voices).speaker_of == ("debtor", "collector")
    profile = speaker_roles.Profile(tuple(b), 3, True)
    assert speaker_roles.decide(voices, profile).speaker_of == ("collector", "debtor")
    unconfirmed = speaker_roles.Profile(tuple(b), 3, False)
    assert speaker_roles.decide(voices, unconfirmed).method == "cues"


def test_profile_running_mean():
    a = tuple([1.0] + [0.0] * 255)
    b = tuple([0.0, 1.0] + [0.0] * 254)
    p = speaker_roles.profile_update(None, a)
    assert p.n_calls == 1 and not p.confirmed
    p = speaker_roles.profile_update(p, b)
    assert p.n_calls == 2
    assert abs(p.embedding[0] - p.embedding[1]) < 1e-6 and abs(np.linalg.norm(p.embedding) - 1) < 1e-5


def test_the_lexicons_violations_name_the_collector():
    """A collector posing as the police, with none of the cue words, and a debtor who says little:
    the cues alone get it wrong; the violations the lexicon finds in each voice's words decide."""
    from evidence.flagging import stretch_points

    said = [("您好，这里是宏达物流人事部，您找哪位？", 1),
            ("俺这儿是县公安局经侦大队的，姓赵那个网贷的案子转到俺们这儿了", 0),
            ("我们这边员工多，您说的是哪个车间的？", 1),
            ("不配合是吧？明天就派人去你们厂门口拉横幅，让全厂都知道", 0),
            ("您请便", 1)]
    stretches = tuple(speakers.Stretch(float(i), i + 0.9, (speakers.TimedWord(float(i), i + 0.9, text, i),))
                      for i, (text, _v) in enumerate(said))
    a, b = np.zeros(256), np.zeros(256)
    a[0], b[1] = 1.0, 1.0
    voices = speakers.Voices(stretches, tuple(v for _t, v in said), (tuple(a), tuple(b)), 1.0)
    assert speaker_roles.decide(voices).speaker_of == ("debtor", "collector")
    violations = stretch_points([s.text for s in stretches])
    assert violations[1] + violations[3] >= 2 and violations[0] + violations[2] + violations[4] == 0
    assert speaker_roles.decide(voices, violations=violations).speaker_of == ("collector", "debtor")


def _call(said: list[tuple[str, int]]) -> speakers.Voices:
    stretches = tuple(speakers.Stretch(float(i), i + 0.9, (speakers.TimedWord(float(i), i + 0.9, text, i),))
                      for i, (text, _v) in enumerate(said))
    a, b = np.zeros(256), np.zeros(256)
    a[0], b[1] = 1.0, 1.0
    return speakers.Voices(stretches, tuple(v for _t, v in said), (tuple(a), tuple(b)), 1.0)


# a collector calling a firm's HR desk: the HR clerk says 您, 这里是…部, 我们这边 and 报警, all cues of a
# collector; the collector says none of them
HR_CALL = [("喂，您好，这里是宏达物流人事部，请问您找哪位？", 1),
           ("找你们厂的周强，他在我们平台借了两万逾期半年了", 0),
           ("我们这边不方便透露员工的信息，您请回吧", 1),
           ("不方便？那我明天就去你们厂门口拉横幅", 0),
           ("我们公司不管员工私人借钱的事", 1),
           ("你让他今天下午五点前把钱还上，不然后果自负", 0),
           ("您再这样我们就报警了", 1),
           ("报啊，看警察管不管欠钱的老赖", 0)]


def test_words_model_reads_who_is_talking():
    from evidence.asr import role_words

    z = role_words.role_model().logits(["你欠的钱今天必须还，不然后果自负", "你们到底是哪个公司的？报一下工号"])
    assert z[0] > 0 > z[1]


def test_words_outvote_the_cues_only_by_a_wide_margin(monkeypatch, tmp_path):
    from evidence.asr import role_words

    voices = _call(HR_CALL)
    assert speaker_roles.cue_score(voices) < 0  # the cues alone: voice 0 is the debtor
    assert role_words.margin(speaker_roles.voice_turns(voices)) >= speaker_roles.WORDS_OVERRIDE
    assert speaker_roles.decide(voices).speaker_of == ("collector", "debtor")
    # a narrow margin leaves the cues' decision (the call above, cut to its first three turns)
    short = _call(HR_CALL[:3])
    assert abs(role_words.margin(speaker_roles.voice_turns(short))) < speaker_roles.WORDS_OVERRIDE
    assert speaker_roles.decide(short).speaker_of[0] == "debtor"
    # without the model's files the cues decide, and nothing fails
    monkeypatch.setenv("EVIDENCE_SPEAKER_ROLES_MODEL", str(tmp_path / "missing"))
    role_words._load.cache_clear()
    try:
        assert role_words.role_model() is None
        assert speaker_roles.decide(voices).speaker_of != ("collector", "debtor")
    finally:
        monkeypatch.undo()
        role_words._load.cache_clear()


def test_voice_turns_join_consecutive_stretches():
    voices = _call([("你好", 0), ("是我", 1), ("你欠的钱", 0), ("今天还", 0), ("好的", 1)])
    assert speaker_roles.voice_turns(voices) == (["你好", "你欠的钱今天还"], ["是我", "好的"])


def test_debtor_telling_past_threats_stays_the_debtor_when_the_words_agree():
    """A polite call: the debtor tells what earlier callers threatened, so more hits fall on the debtor
    than on the collector. The voices' words confirm the split, so those hits stay the debtor's."""
    from types import SimpleNamespace

    from evidence.flagging import _speaker, _trusted_speakers

    said = [("您好，我是恒信消费金融的专员刘洋，工号六六零一，您这期账单还有六千二没有结清", "collector"),
            ("上礼拜有个自称法院执行局的，说要冻结我工资卡，还说要上门，是不是你们？", "debtor"),
            ("不是我们，您可以核实那个号码，我们只跟您本人联系，不会联系您的家人", "collector"),
            ("他们还骂我老赖，说要把我挂网上，我都录音了，我要投诉", "debtor"),
            ("理解，您可以申请分期，最长六十期，我帮您把申请提交上去", "collector"),
            ("我一个月就三千多工资，还得养孩子，别打我单位电话", "debtor")]
    segs = [SimpleNamespace(text=t, speaker=s) for t, s in said]
    hits = [SimpleNamespace(segment=i, kind="phrase") for i in (1, 1, 3, 3)]
    assert _trusted_speakers(segs, hits)
    assert _speaker(segs[3], True, False) == "debtor"
    # the same hits with a split whose voices' words do not tell who is who: not trusted
    blank = [SimpleNamespace(text="嗯", speaker=s) for _t, s in said]
    assert not _trusted_speakers(blank, hits)
    # a collector's line the split gave the debtor keeps its flag (speaker unknown)
    merged = SimpleNamespace(text="十五号？你这种老赖我见多了，今天必须还", speaker="debtor")
    assert _speaker(merged, True, False) == "unknown"
