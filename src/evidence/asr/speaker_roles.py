"""Which of a call's two voices is the collector.

The debtor is the user, the same person in every call: once the user has confirmed their voice
profile (a running mean of their embeddings, kept in the database), the voice closer to it is the
debtor. Without a confirmed profile, or when both voices are about equally close to it, the call's
own words decide: the collector asks whether they are speaking to the debtor, talks about "your"
debt, deadlines and family; the debtor asks for a name, 工号 or company, talks about "my"
difficulties and asks not to be called or not to have their family contacted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from . import role_words
from .speakers import COLLECTOR, DEBTOR, UNKNOWN, Voices

PROFILE_MARGIN = 0.04  # the profile decides when one voice is this much closer to it (cosine)
PROFILE_WEIGHT = 40.0
LEXICON_POINTS = 2.0  # cue points per violation the lexicon finds in a stretch read alone
# the words' model (role_words.py) overrides the cues when the voices' turns disagree with them by at
# least this much (summed log-odds). Left out a set at a time, on 217 two-voice calls of 17 rendered
# sets the cues named 12 calls' voices the wrong way round; the override fixed 10 and broke none
# (bench/train_speaker_roles.py train --evaluate)
WORDS_OVERRIDE = 5.0
ONE_VOICE_POINTS = 2.0  # a "debtor" voice with this many collector points and none of a debtor's  # cue points per unit of cosine difference when both are combined

# (pattern, points): positive points say "collector", negative say "debtor". Homophones Whisper
# writes for 工号 (功耗/公号), 逾期 (一七/于七), 联系 (连续) are included.
_ID = "(?:工号|公号|功耗|攻号|名字|全名|姓名|公司|单位名称|哪家|身份)"
CUES: list[tuple[str, float]] = [
    # the collector: asks for the debtor, introduces a company, gives a 工号, talks about "your" debt
    (r"是.{1,4}(?:吗|本人|先生|女士)", 2.0),  # 是李明吗 / 是李明本人吗
    (r"(?:这里是|这边是|我们是|我是.{0,12}(?:的|员|服|所|师|部|中心|公司|平台))", 2.0),
    (r"(?:工号|公号|功耗|攻号)是?[0-9零〇一二三四五六七八九两幺]", 3.0),
    (r"(?:你|您)(?:的|在|这|那)?.{0,6}(?:欠款|借款|贷款|欠的|借的|逾期|一七|于七|账单|帐单|还款|额度|本金|利息|案子|信用卡)", 2.0),
    (r"(?:还不还|还钱|结清|还清|处理一下|今天.{0,8}还|马上.{0,4}还|按时|最低还款|先还多少)", 1.0),
    (r"(?:你爸|你妈|爸妈|你的家人|你家人|您的家人|你父母|你老婆|你老公|你单位|你们单位|你领导|你同事|通讯录|通信路|紧急联系人)", 1.0),
    (r"(?:等着|少废话|你管我|不方便透露|不能告诉|凭什么告诉你|没必要知道|别问|小心一点|没威胁你)", 2.0),
    (r"(?:我们(?:这边|公司|平台|会|就|帮|不会|只)|我这边)", 1.5),
    (r"(?:老赖|不要脸|骗子|废物|人渣|垃圾|脑子|滚|他妈|上门|坐牢|黑名单|传票|失信|立案|依法|诉讼|委托)", 0.7),
    (r"你(?:去|就)?(?:投诉|报警|告|录)(?:啊|吧|去)", 3.0),  # a taunt: "go on, complain"
    (r"您", 0.7),  # the polite "you" of a collection agent; debtors rarely use it
    # the debtor: asks who is calling, talks about "my" situation, asks not to be called
    (r"(?:你是哪位|你是谁|你们是谁|哪里打|你是哪|哪个平台|哪家公司|什么公司|你们公司叫)", -2.5),
    (r"(?:告诉我|报一下|说一下|请问|你的|提供).{0,6}" + _ID, -2.5),
    (r"我(?:现在|最近|确实|真的|目前|这个月|下周|下个月)?.{0,3}(?:困难|没钱|失业|没工作|生病|住院|发工资|还不上)", -2.0),
    (r"我(?:没有|不知道|知道|愿意|想|会|记下|已经|不是)", -1.0),
    (r"(?:能不能|可不可以|可以吗).{0,6}(?:延期|分期|宽限|减免|少)", -1.5),
    (r"(?:不要|别|不准|不许|请勿|不能).{0,4}(?:联系|连续|打电话|打给|骚扰|找|吓唬|威胁|骂)", -2.5),
    (r"(?:我的家人|我家人|我父母|我爸妈|我的同事|我的单位|我单位)", -1.5),
    (r"(?:投诉|报警|举报|12378|监管|违规|违法|威胁我|吓唬我|骂我)", -2.0),
    (r"^(?:我是|是我|对，?我是|嗯)", -1.0),
    (r"(?:文明一点|客气一点|放尊重|注意你的)", -1.5),
]
_COMPILED = [(re.compile(p), w) for p, w in CUES]
_ANSWER = re.compile(r"[喂嗯哎诶]*[,，。？?！!、 ]*(?:你好|您好|哪位|谁啊|谁)?[,，。？?！! ]*")


@dataclass(frozen=True)
class Profile:
    """The user's (the debtor's) voice: a mean embedding over their calls."""

    embedding: tuple[float, ...]
    n_calls: int
    confirmed: bool


@dataclass(frozen=True)
class Roles:
    """What voice 0 and voice 1 are, and how that was decided."""

    speaker_of: tuple[str, str]  # names of voice 0 and voice 1
    method: str  # profile | cues | single | none
    cue_score: float  # cue points of voice 0 minus voice 1 (positive: voice 0 sounds like the collector)
    profile_gap: float  # cosine of voice 1 minus voice 0 to the profile (positive: voice 0 is less like the debtor)


def cue_points(text: str) -> float:
    """Collector-minus-debtor points for a stretch of text."""
    return sum(w * len(p.findall(text)) for p, w in _COMPILED)


def voice_points(voices: Voices, voice: int) -> tuple[float, float]:
    """The collector points and the debtor points (as a positive number) of one voice's words."""
    pos = neg = 0.0
    for s, lab in zip(voices.stretches, voices.labels, strict=True):
        if lab != voice:
            continue
        for p, w in _COMPILED:
            n = len(p.findall(s.text))
            if w > 0:
                pos += w * n
            else:
                neg -= w * n
    return pos, neg


def cue_score(voices: Voices, violations: Sequence[int] | None = None) -> float:
    """Points of voice 0 minus points of voice 1 (each stretch scored on its own text, and on the
    lexicon's violations in it when given: threats and insults are the collector's)."""
    score = 0.0
    for i, (s, lab) in enumerate(zip(voices.stretches, voices.labels, strict=True)):
        pts = cue_points(s.text) + (LEXICON_POINTS * violations[i] if violations else 0.0)
        if i == 0:  # who speaks first: a bare 喂/你好 answers the phone, anything longer is the caller
            lone = len(voices.labels) == 1 or voices.labels[1] != lab
            pts += -1.5 if lone and _ANSWER.fullmatch(s.text) else 1.0
        score += pts if lab == 0 else -pts
    return score


def decide(voices: Voices, profile: Profile | None = None, violations: Sequence[int] | None = None) -> Roles:
    """Name the two voices collector and debtor (see the module docstring); violations: the
    lexicon's count in each stretch, read alone."""
    if not voices.stretches:
        return Roles((UNKNOWN, UNKNOWN), "none", 0.0, 0.0)
    if not voices.centroids:  # one voice only: the collector's unless its words are the debtor's
        score = cue_score(voices, violations)
        return Roles((COLLECTOR, COLLECTOR) if score >= 0 else (DEBTOR, DEBTOR), "single", score, 0.0)
    score = cue_score(voices, violations)
    gap = 0.0
    if profile is not None and profile.confirmed:
        p = np.asarray(profile.embedding)
        c0, c1 = (np.asarray(c) for c in voices.centroids)
        gap = float(c1 @ p - c0 @ p)
        if abs(gap) >= PROFILE_MARGIN:
            voice0 = COLLECTOR if gap + score / PROFILE_WEIGHT > 0 else DEBTOR
            return Roles(_pair(voice0), "profile", score, gap)
    voice0 = COLLECTOR if score >= 0 else DEBTOR
    words = role_words.margin(voice_turns(voices))
    if abs(words) >= WORDS_OVERRIDE and (words > 0) != (voice0 == COLLECTOR):
        voice0 = COLLECTOR if words > 0 else DEBTOR  # the cues were outvoted by what each voice says
    other = 1 if voice0 == COLLECTOR else 0
    pos, neg = voice_points(voices, other)
    if pos >= ONE_VOICE_POINTS and neg == 0 and not _only_one_abuses(voices, violations, other):
        # the "debtor" talks only like a collector: one party
        return Roles((COLLECTOR, COLLECTOR), "single", score, gap)
    return Roles(_pair(voice0), "cues", score, gap)


def voice_turns(voices: Voices) -> tuple[list[str], list[str]]:
    """The text of each voice's turns: runs of consecutive stretches of the same voice."""
    turns: tuple[list[str], list[str]] = ([], [])
    last = None
    for s, lab in zip(voices.stretches, voices.labels, strict=True):
        if lab not in (0, 1):
            continue
        if lab == last:
            turns[lab][-1] += s.text
        else:
            turns[lab].append(s.text)
        last = lab
    return turns


def _only_one_abuses(voices: Voices, violations: Sequence[int] | None, other: int) -> bool:
    """Whether the collector's voice has violations and the other none: two parties, however the
    other talks (a relative or an employer answering 这里是人事部 sounds like an agent)."""
    if not violations:
        return False
    mine = sum(n for n, lab in zip(violations, voices.labels, strict=True) if lab != other)
    theirs = sum(n for n, lab in zip(violations, voices.labels, strict=True) if lab == other)
    return mine > 0 and theirs == 0


def _pair(voice0: str) -> tuple[str, str]:
    return (COLLECTOR, DEBTOR) if voice0 == COLLECTOR else (DEBTOR, COLLECTOR)


def profile_update(profile: Profile | None, debtor_centroid: tuple[float, ...]) -> Profile:
    """The running mean after one more call (stays confirmed if it was)."""
    new = np.asarray(debtor_centroid, dtype=float)
    if profile is None or not profile.embedding:
        return Profile(tuple(round(float(x), 6) for x in new), 1, False)
    n = profile.n_calls
    mean = (np.asarray(profile.embedding) * n + new) / (n + 1)
    mean /= np.linalg.norm(mean) or 1.0
    return Profile(tuple(round(float(x), 6) for x in mean), n + 1, profile.confirmed)
