"""Unit tests per rule kind, on typed text (no model): phrases, sound-alikes, co-occurrence,
question→answer, and every lawful look-alike named in DOMAIN.md."""

import pytest

from evidence.flagging import current_lexicon, matcher
from evidence.flagging.explain import segments_from_text


def flags(text: str) -> list[matcher.Hit]:
    return matcher.find_flags(segments_from_text(text), current_lexicon())


def categories(text: str) -> set[str]:
    return {h.category for h in flags(text)}


@pytest.fixture
def lexicon_alone():
    """The lexicon without the second opinion (flagging/second_opinion.py)."""
    matcher.FEATURES["second_opinion"] = False
    yield
    matcher.FEATURES["second_opinion"] = True


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
def test_sound_alikes(text, category, lexicon_alone):
    # the lexicon's sound matching; on typed text the second opinion may judge a sound-alike
    # (tests/test_second_opinion.py), as it does on words Whisper heard clearly
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
    # two people: one line each (the sentences of one line are one person's turn)
    hits = flags("你是哪个公司的，有委托手续吗？\n你问那么多干什么。")
    refusal = [h for h in hits if h.category == "identity_refusal"]
    assert refusal and refusal[0].kind == "qa"
    assert refusal[0].text == "问那么多干什么"  # the answer, not the question


def test_evasive_words_without_a_question_are_not_a_refusal():
    # 问那么多干什么 deflects any question about the caller and counts alone (issue 11); words that
    # only evade after a question do not
    assert "identity_refusal" not in categories("这个不重要，今天必须还。")
    assert "identity_refusal" in categories("你问那么多干什么，今天必须还。")


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


# ---------------------------------------------------------------- classes, frames, context (issue 11)


@pytest.mark.parametrize("text,category", [
    ("明天我们去学校找她班主任聊聊。", "third_party"),  # frame CONTACT_VERB … THIRD_PARTY across a pronoun
    ("你表姐我们昨天已经打过了。", "third_party"),  # THIRD_PARTY … TOLD_VERB across a subject
    ("您女儿在我们这借的钱一直没还。", "third_party"),  # a relative owing, told to the relative
    ("工号这个东西没必要跟你说。", "identity_refusal"),  # ID_THING … WITHHOLD
    ("你没必要知道我们是哪家。", "identity_refusal"),  # WITHHOLD … ID_THING (any order)
    ("你脑袋是不是被门夹了。", "insult"),
    ("再不还钱我们就天天去你单位门口等着。", "threat"),  # CONDITION … consequence
])
def test_frames_over_word_classes(text, category):
    assert category in categories(text), text


def test_classes_expand_into_plain_strings():
    lex = current_lexicon()
    rule = next(r for r in lex.rules if r.id == "third_party.frame.contact")
    assert rule.kind == "frame" and len(rule.slots) == 2
    assert {"你媳妇", "您家闺蜜", "你们单位领导"} & set(rule.slots[1])


def test_one_syllable_off_matches_long_phrases_only():
    # 失信被执行人 with 行 heard as 航: one syllable off in a six-syllable phrase is accepted
    hits = [h for h in flags("你就是失信被执航人了。") if h.category == "threat"]
    assert hits and hits[0].match == "sound"
    # a negation is never the syllable guessed: 没有委托手续 is not 的有委托手续
    assert "identity_refusal" not in categories("你是哪个公司的，有委托手续吗？")


def test_one_syllable_off_can_be_switched_off():
    matcher.FEATURES["near"] = False
    try:
        assert "threat" not in categories("你就是失信被执航人了。")
    finally:
        matcher.FEATURES["near"] = True


def test_call_to_a_third_party_turns_debt_talk_into_flags():
    text = "喂，请问是张强的妈妈吗？我是。他在我们这边有一笔钱一直没还上，您让他尽快处理。"
    result = matcher.analyse(segments_from_text(text), current_lexicon())
    assert result.third_party_call
    assert any(h.category == "third_party" for h in result.hits)
    # the same debt talk to the debtor is not third-party contact
    plain = matcher.analyse(segments_from_text("你在我们这边有一笔钱一直没还上，尽快处理。"), current_lexicon())
    assert not plain.third_party_call and plain.hits == []


@pytest.mark.parametrize("text,expected", [
    ("我们这里是区人民法院，你的案子要强制执行了。", {"identity_refusal", "threat"}),  # impersonation
    ("你已经被列为失信被执行人了。", {"threat"}),  # false legal consequence
    ("我们会派人到你户籍地去核实。", {"threat"}),
    ("你儿子在哪个幼儿园我们都清楚。", {"threat", "third_party"}),  # children and schools
    ("把你的照片打印出来贴满你们小区。", {"threat", "third_party"}),  # posting
    ("我们安排几十个人轮流打你电话。", {"threat"}),  # call bombing
])
def test_guideline_violation_types(text, expected):
    assert expected <= categories(text), text


@pytest.mark.parametrize("text", [
    "协商不成的话，我们会依法向法院提起诉讼。",
    "逾期记录会上报征信。",
    "我是信达资产的催收员，我姓王，工号是三七二一。",
    "我们只和您本人沟通，不会联系您的家人。",
    "你们是不是要去我家上门？",
    "你凭什么骂我是老赖？",
    "请不要联系我的家人，我父母不知道这件事。",
    "别给我同事打电话。",
    "你刚才说要把我照片挂到网上，我录音了。",
])
def test_lawful_lookalikes_stay_unflagged(text):
    assert flags(text) == [], text


# ---------------------------------------------------------------- issue 11, second round: families
@pytest.mark.parametrize("text,category", [
    ("你这个二流子，借了钱就装死", "insult"),          # INSULT_NOUN after 你这个
    ("瓜娃子，钱啥时候打过来", "insult"),               # a regional insult
    ("你舅舅的手机号我们已经查到了", "third_party"),    # a relative's number
    ("你们车间主任我们已经通知了", "third_party"),       # a workplace noun, then what was done
    ("联系不上你，那就只能找你媳妇了", "third_party"),   # turning to the family
    ("我是市公安局经侦支队的，你这笔钱涉嫌诈骗", "identity_refusal"),  # posing as police
    ("我的名字你不用知道，你只管还钱", "identity_refusal"),   # deflecting
    ("你再拉黑我试试，看我们怎么收拾你", "threat"),      # a dare
    ("你住在幸福小区对吧，我们都清楚", "threat"),        # knowing where the debtor lives
    ("想想你老婆孩子的安全", "threat"),                 # the family's safety as a lever
    ("再拖下去给你申请停机，身份证作废", "threat"),      # invented administrative consequences
])
def test_families_of_expressions(text, category):
    assert category in categories(text), explain_lines(text)


def test_kin_is_not_profanity_by_sound():
    # 你妈得帮你还 is about the mother (third party), not the profanity 你妈的
    assert categories("这个钱你妈得帮你还") == {"third_party"}


def explain_lines(text: str) -> str:
    from evidence.flagging.explain import explain
    return "\n".join(explain(text, current_lexicon()))


@pytest.mark.parametrize("text", [
    "我们从来没有给您的朋友打过电话",            # a wide negator before the verb phrase
    "您的领导不会知道这件事的，请放心",           # a negator between a frame's parts
    "您的家人不需要替您承担这笔钱",               # not involved
    "您说的冻结账户，要法院判决后才可能发生",     # a collector correcting what the debtor said
    "你说我是骗子？我会把录音交给监管部门",       # the debtor reporting a word used on them
    "网上的骗子很多，您通过官方渠道还款就好",     # 骗子 of someone else
    "滚动分期的利息怎么算",                       # 滚 inside an everyday word
    "我们法务的同事明天会联系您本人",             # the collector's own colleague
    "逾期会产生罚金，建议您尽早还款",             # a sound match never runs over a comma
    "请问你们公司叫什么名字",                     # the debtor asking about the collector's company
])
def test_second_round_lawful_lookalikes(text):
    assert not flags(text), explain_lines(text)


def test_third_party_markers_count_only_in_the_opening():
    # in a call to the debtor, a late "her husband owes" is a threat to tell the wife, not a call to her
    opening = "喂，孙志刚是吧？你在我们平台借的那一万二，逾期两个月了知道吗？" * 4
    late = opening + "你不还，我就给你老婆打电话，让她知道她老公在外面欠了多少钱。"
    result = matcher.analyse(segments_from_text(late), current_lexicon())
    assert not result.third_party_call
    assert any(h.category == "third_party" for h in result.hits)  # calling the wife is still flagged
    early = "喂，您好，请问是孙志刚的爱人吗？他在我们平台借的钱逾期两个月了。"
    assert matcher.analyse(segments_from_text(early), current_lexicon()).third_party_call


def test_a_workplace_answering_marks_a_call_to_the_employer():
    text = "您好，鼎新科技人事部。您好，我找一下你们公司的员工周晓燕，她在我们这里借了三万多一直不还。"
    result = matcher.analyse(segments_from_text(text), current_lexicon())
    assert result.third_party_call
    assert any(h.category == "third_party" for h in result.hits)


def test_a_relative_asked_only_to_have_the_debtor_call_back_is_not_a_flag():
    assert categories("您是他家人吧？不好意思打扰了，麻烦让他本人给我们回个电话。") == set()
    assert "third_party" in categories("您是他妈妈吧？您让他今天就把钱还上。")


@pytest.mark.parametrize("alone", [True, False])
def test_asking_a_neighbour_where_the_debtor_is_is_lawful(alone):
    # GB/T 45251: a contact may be asked for the debtor's whereabouts when the debtor cannot be reached
    text = "请问是三号楼的住户吗？您对门住的是不是赵德胜？我们这边联系不上他，想问问他最近回家没有。"
    matcher.FEATURES["second_opinion"] = not alone
    try:
        assert categories(text) == set()
    finally:
        matcher.FEATURES["second_opinion"] = True


def test_a_relative_asked_to_pay_in_a_call_made_to_them_is_a_flag(lexicon_alone):
    # the call is made to the mother (您是…妈妈吧); asking her to cover the debt discloses it
    text = "您是他妈妈吧？当妈的就该替儿子把这个窟窿补上，今天先转五千过来。"
    result = matcher.analyse(segments_from_text(text), current_lexicon())
    assert result.third_party_call
    assert any(h.category == "third_party" and h.text in ("窟窿", "补上", "先转") for h in result.hits)
    assert categories("您今天先转五千过来，剩下的月底补上。") == set()  # said to the debtor: no third party


@pytest.mark.parametrize("text,category,flagged", [
    ("你的桌头乌龟，躲什么躲？", "insult", True),  # 缩头乌龟 with its first syllable heard wrong, still rhyming
    ("你们上个礼拜是不是打了我们公司的座机？", "insult", False),  # not 是不是傻了: one content syllable only
    ("你们前几天是不是有人打过我同事电话？", "insult", False),  # not 不是男人
])
def test_one_syllable_off_keeps_rhyme_and_content(text, category, flagged):
    assert (category in categories(text)) is flagged


@pytest.mark.parametrize("text", [
    "你刚才说要喊二十个人轮流打我电话，这就是呼死你，是违法的。",
    "我妈那么大年纪了，你们天天打给她，她血压都上来了。",
    "以后不会再拨打您紧急联系人的电话。",
    "你是说要把我的照片贴到小区里，是这个意思吧？",
])
def test_the_debtor_recalling_and_a_negation_reaching_a_shorter_match(text):
    assert categories(text) == set()


def test_regional_forms_match_as_mandarin_and_are_quoted_as_said():
    hits = flags("我是哪个你莫管，你只管说今天还不还。")
    refusal = [h for h in hits if h.category == "identity_refusal"]
    assert refusal and "莫管" in refusal[0].text  # dialect.yaml: 莫管 read as 别管, quoted as said
    assert "threat" in categories("今晚起你睡都莫想睡。")


@pytest.mark.parametrize("text", [
    "上门、去单位这些事我们都不会做",
    "黑名单这种说法不准确，逾期只会体现在征信报告里",
])
def test_practices_ruled_out_after_they_are_named_are_not_flags(text):
    assert not categories(text) & {"threat", "third_party"}


def test_a_disavowal_does_not_reach_back_over_a_real_threat():
    # the disavowal is too far from 坐牢 and the threat stands in its own clause
    assert "threat" in categories("你再不还，我们就去你单位闹，坐牢都是有可能的，别说我们吓唬你")


def test_a_narrow_negator_stops_at_a_clause_mark():
    assert "threat" in categories("到时候别怪我们，坐牢是跑不了的")
    assert "threat" not in categories("我们不会上门")


@pytest.mark.parametrize("text", ["哥几个明天去找你聊聊", "你妈没教过你欠债还钱吗"])
def test_a_chat_and_an_insult_about_upbringing_are_not_third_party(text):
    assert "third_party" not in categories(text)


def test_polite_you_matches_as_you_and_is_quoted_as_said():
    # 您 is read as 你 by every rule (lexicon and transcript alike); the flag quotes what was said
    hits = [h for h in flags("下周二开始，我们的人会在您单位停车场等您下班") if h.category == "threat"]
    assert hits and "您" in hits[0].text
    assert categories("您大学的辅导员我们也联系上了") >= {"third_party"}


@pytest.mark.parametrize("text,category", [
    ("作为最后一次温馨提示，明天起您的手机会每隔十分钟响一次", "threat"),
    ("您这人品烂透了，一把年纪了脸都不要了", "insult"),
    ("律所名称和律师姓名要等您到案后才能告知", "identity_refusal"),
    ("你再这么拖下去，我们自己都不知道会干出什么事来", "threat"),
])
def test_round_four_classes(text, category):
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "没人会去抓您，欠款是民事纠纷，协商解决就好",
    "之前您家人替您接过一次电话，我们没有透露任何欠款信息，只是请他转告您回电",
    "我在黑猫投诉上看到好多人说你们爆通讯录，请你们给个说法",
])
def test_round_four_lookalikes(text):
    assert not categories(text)


def test_entries_built_from_a_word_class_do_not_match_one_syllable_off():
    # third_party.frame.phone_of says `near: false`: 给您打一遍电话 is one syllable off
    # 给你大姨打电话, one of its ~7,000 forms, and is a call to the debtor
    assert not categories("我们每天会给您打一遍电话，直到您还款为止")
    assert "third_party" in categories("我们每天会给你大姨打电话，直到你还款为止")


@pytest.mark.parametrize("text", ["另外您名下的银行卡我们会申请动劫", "那你就等着被军流吧"])
def test_two_character_legal_terms_match_by_sound_in_their_usual_carriers(text):
    # 冻结 and 拘留 alone match only as written; 申请冻结 and 等着被拘留 also match as Whisper hears them
    assert "threat" in categories(text)


@pytest.mark.parametrize("text,category", [
    ("就你这点出息，还好意思借钱", "insult"),
    ("活成你这样，真替你爸妈害臊", "insult"),
    ("周末我们去你公司坐坐，跟你同事聊聊天", "threat"),
    ("我是谁你心里没点数吗", "identity_refusal"),
    ("我们是系统派单的，你只管还钱就行", "identity_refusal"),
    ("我已经让你大伯在群里提醒你还钱了", "third_party"),
    ("小区门口的公告栏下午就贴上你的名字", "threat"),
    ("你那个店还想不想开下去了", "threat"),
    ("下一个就轮到你爸妈了", "third_party"),
])
def test_round_five_classes(text, category):
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "我是他姐姐，他欠你们的钱跟我没关系，你们找他本人",
    "你们上周说要去我单位，我已经录音了",
    "您的家人我们也不会联系，请放心",
    "我们不会说您是骗子，只是提醒您按时还款",
])
def test_round_five_lookalikes(text):
    assert not categories(text)


def test_asking_for_the_landlord_marks_a_call_to_a_third_party():
    assert matcher.analyse(segments_from_text("请问是幸福里那套房子的房东王女士吗"), current_lexicon()).third_party_call


@pytest.mark.parametrize("text", [
    "快递小哥明天上门送件，我在家等着",
    "你们同事昨天打电话给我妈，我已经投诉了",
    "外访同事去之前会提前给您打电话确认时间",
    "我妈说你们给她打过电话了，这个谁同意的",
    "我们不是法院，您不用担心有人来抓您",
])
def test_round_five_everyday_and_reported_words(text):
    # a delivery, a bare group name, the collector's own colleagues, the debtor reporting, reassurance
    assert not categories(text)


def test_a_bare_group_name_is_no_flag_of_the_lexicon():
    # The second opinion flags this everyday sentence (third_party, p 0.92): a known false flag of the
    # model, kept visible here (issue 11 notes) rather than hidden; the lexicon alone does not.
    matcher.FEATURES["second_opinion"] = False
    try:
        assert not categories("我们家长群里班主任刚发了放假通知")
    finally:
        matcher.FEATURES["second_opinion"] = True
    assert categories("我们家长群里班主任刚发了放假通知") == {"third_party"}


@pytest.mark.parametrize("text", [
    "员工编号属于内部资料，你就别问了",
    "我是谁，你欠谁的钱自己不知道吗",
    "你那个店以后还开不开得了门，就看你今天了",
])
def test_round_five_withholding_and_veiled_threats(text):
    assert categories(text)


@pytest.mark.parametrize("text", [
    "我真是个废物，连这点钱都还不上",  # the debtor blaming themselves
    "是我自己不争气，不怪别人",
    "上门催收、去老家闹这些，我们公司从来不做",  # practices named, then disowned
    "咱不搞那些堵门的事，就是想跟您商量个还款计划",
    "小区门口贴了通知，周六停电检修",  # everyday notices and chatter
    "单位群里在说，下周组织体检",
    "街道在菜市场拉横幅，宣传防诈骗",
    "推销电话太多，我都加黑名单了",
    "您作为连带责任保证人，需要在担保范围内承担保证责任",  # the guarantee itself
    "大哥，我是银行信用卡中心的，姓王，工号二零一四",  # 大哥 addressing the debtor
    "你们同事上周骂我是老赖，录音我都留着",  # the debtor reporting the collector's colleague
    "传票只能由法院送达，我们不发传票",
])
def test_round_six_lookalikes(text):
    assert not categories(text)


@pytest.mark.parametrize("text,category", [
    ("你这事不处理，孩子以后政审都过不了", "threat"),  # invented consequences for the family's future
    ("你那个公职还保得住吗，自己掂量", "threat"),
    ("工资卡支付宝一起冻，你看着办", "threat"),
    ("你宿舍在几栋几层，要不要我念给你听", "threat"),  # showing they know where the debtor is
    ("你老婆孩子怕不怕？你自己想想", "threat"),
    ("我们这边开着自动拨号，一天到晚打你", "threat"),
    ("你他妈再挂一个试试", "insult"),
    ("你那脑子是不是被驴踢了", "insult"),
    ("我是谁？我是你债主", "identity_refusal"),
    ("工号？哪有什么工号，记住我这个声音就行", "identity_refusal"),
    ("你欠款的事我们已经跟物业讲了", "third_party"),  # told to the estate office
    ("紧急联系人就得替你还，这是规定", "third_party"),
])
def test_round_six_classes(text, category):
    assert category in categories(text)


def test_da_ge_with_someone_else_spoken_of_marks_a_call_to_a_third_party():
    lex = current_lexicon()
    assert matcher.analyse(segments_from_text("大姐，您弟弟在我们平台借了三万，一直没还"), lex).third_party_call
    assert not matcher.analyse(segments_from_text("大姐，您这笔借款已经逾期三天了"), lex).third_party_call


@pytest.mark.parametrize("text", [
    "他在电话里说“再不还就打断你的腿”，我已经录下来了",  # words in quotation marks are mentioned
    "老师让我们讨论「上门催收」算不算违法",
    "冻结银行卡你得问法院，我们公司没有这个权力",  # who really does it, said after it
    "网上通缉是公安机关对犯罪嫌疑人的，欠钱根本不会被网上通缉",
    "这部剧里那个放高利贷的说要砍人，演得太假了",  # fiction and the news
    "我们人事部不处理员工个人债务，请直接联系他本人",  # a workplace refusing
    "小区群通知：周末上门登记燃气表，请家中留人",
])
def test_round_six_mentions_explanations_and_refusals(text):
    assert not categories(text)


def test_only_words_wholly_inside_quotation_marks_are_mentioned():
    assert "threat" in categories("你再不还，我们就在你家门口贴上“欠债还钱”四个字")
    assert not categories("请你把“打断腿”这三个字再说一遍，我在录音")


@pytest.mark.parametrize("text,category", [
    ("侬覅寻死路，阿拉夜里就到侬屋里厢来坐坐", "threat"),  # Wu forms read as Mandarin
    ("你未婚夫家里要是知道了，这婚还结得成？", "threat"),
    ("再躲，明天快手直播我们就开你的专场", "threat"),
    ("你奶奶住的那个养老院，我们知道在哪", "threat"),
    ("你这种女人，难怪你老公不要你", "insult"),
    ("我就是我，你还钱就行", "identity_refusal"),
    ("内部保密，不能对外提供", "identity_refusal"),
    ("我昨天跟你姐聊了一个小时", "third_party"),
])
def test_round_six_more_classes(text, category):
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "如果催收员骂您是老赖，您把时间和原话记下来",  # advice to the debtor about what collectors say
    "那人要是真来你家门口泼油漆，那是违法的，直接报警",
    "扣押财产需要法院出具裁定书，催收公司做不了",
    "你打错了，我跟他不熟，他的事别跟我说",
    "这个推销号码天天打，我早就拉黑了",
])
def test_round_six_advice_and_refusals(text):
    assert not categories(text)


def test_a_collector_speaking_of_colleagues_still_threatens():
    assert "threat" in categories("明天换我们外访组的人跟你谈，他们说话可没我这么客气")


@pytest.mark.parametrize("text,expected", [
    ("我们绝不会让你好过。", {"threat"}),  # 不会让你好过 carries its own 不会: 绝不会 does not undo it
    ("我绝对不会放过你。", {"threat"}),
    ("少一分都别想我放过你。", {"threat"}),
    ("我们绝对不会联系你的家人。", set()),  # a negator before a plain match still negates it
])
def test_a_threat_that_starts_with_a_negation_is_not_negated_again(text, expected, lexicon_alone):
    assert categories(text) == expected


@pytest.mark.parametrize("text,category", [
    ("你老公每天几点下班走哪条路，我们都有数", "threat"),  # a relative's routine
    ("你人躲得了，你爸妈那套房子搬得走吗", "threat"),  # the family cannot run
    ("这钱你敢拖着不还，我们绝对不会放过你", "threat"),  # 你敢 from the collector is no defiance
    ("委托不委托的你别管，先把钱还了", "identity_refusal"),
    ("不用核实了，我们这边不接受回拨", "identity_refusal"),
    ("你这号人就是烂泥扶不上墙", "insult"),
    ("你闺女出嫁办喜酒那天，我们去当着亲戚的面要债", "threat"),  # dunning at a family occasion
    ("我们是上面派下来的专案组，专门查你这种人", "identity_refusal"),
    ("报警也没用，我叫十几个同事轮流给你打", "threat"),
    ("阿姨，他欠我们三万，您能不能先帮他垫上一部分", "third_party"),  # 能不能 asks, it does not negate
    ("我们去你公司楼下拉横幅，让整栋楼都知道你欠钱", "threat"),
])
def test_round_nine_classes(text, category, lexicon_alone):
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "你们连我表哥单位都打了，还想怎么样",  # the debtor complaining of a third-party call
    "你们一天打二十个，我还要不要上班了",
    "他电话一直打不通，请问他这周来上班了吗",  # the lawful ground for asking a contact
    "判决生效后仍不履行，才可能被列为失信被执行人",  # a truthful legal consequence
    "请问您是朱女士吗",  # a surname, not 猪
    "我们想找一下您的室友，他最近还住那边吗",
    "你们去我单位闹是犯法的，我会报警",
    "别叫我老赖，我会想办法还的",
    "你们的号码我都拉黑了，换号打也没用",  # the debtor blocking the numbers
    "外访同事会提前打电话约您，您同意了才上门",  # a visit by appointment
    "王琪是吧？我是信用卡中心的，来电核对一下账单",  # 琪是吧 is one syllable off 去死吧
    "你们能不能别再打给我家人了",  # 别 still negates after an A-not-A question
    "麻烦您转告他，方便时回个电话",  # 转告他 passes on a message; it is not 告他
])
def test_round_nine_lookalikes(text, lexicon_alone):
    assert not categories(text)


# round ten: classes from the h18-h20 sets (scored blind first), in other words than theirs
@pytest.mark.parametrize("text, category", [
    ("你细伢子几点放学，我们心里有数的", "threat"),  # Hunan 伢子 is a child
    ("工号？凭么子告诉你", "identity_refusal"),  # Hunan 么子 is 什么
    ("就你这样的，也就配去天桥底下要饭", "insult"),
    ("你们车间主任叫什么？我找他聊聊你这笔账", "third_party"),
    ("他不还，那这钱就得你来想办法了，你是他老婆", "third_party"),
    ("你这饭碗还保不保得住，自己掂量", "threat"),
    ("晚上出门多看看，你胳膊腿还好使吧", "threat"),
    ("再躲着，下次上门的可就不是我了", "threat"),
    ("你不还，你爸妈的征信都得跟着受影响，以后贷不到款", "threat"),
    ("你侄子放学路上让他当心点", "threat"),
    ("你上回说别找你同事，那你接电话啊，不接我们接着打给你同事", "third_party"),  # the quote ends at 我们
    ("不是老赖是什么，借了不还", "insult"),
    ("你们财务的电话我这都有，一个个打过去", "third_party"),
    ("明天我们的人就去你们李家村", "threat"),
    ("这个钱留着给你买棺材吧", "insult"),
])
def test_round_ten_classes(text, category, lexicon_alone):
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "别张口闭口就叫人老赖，我一直在还",  # the debtor objecting to the word
    "我可没说您是骗子，是最近有人冒充我们",
    "这些旧家具是废物利用做的",  # 废物利用 is an idiom
    "那个利息是利滚利的吗",
    "您放心，就算起诉也是民事纠纷，和坐牢没关系",
    "传票是法院送达的，不是我们发",
    "您同事昨天主动打电话问过我们，我们没说别的",
    "什么爆通讯录，那都是谣言",
    "您问我是不是法院的？不是，我是平台的客服",
    "你们再说什么抓人，我就直接投诉",
    "对不起，不该打到您单位去的",
    "我们配合法院的工作，也配合您协商",  # 配合 is not 也就配
    "我们也不希望走到那一步，您尽量按期还",
])
def test_round_ten_lookalikes(text, lexicon_alone):
    assert not categories(text)


@pytest.mark.parametrize("text, category", [
    ("问我工号？我是你大爷", "insult"),  # claiming to be the debtor's elder, as the answer
    ("笨到家了你，这点账都算不清", "insult"),
    ("我们跟你们那的派出所都很熟，你报也没用", "threat"),
    ("你们班级群我也进了，发个截图很快的", "threat"),
    ("你微信好友我都导出来了，明天一个不落全发一遍", "third_party"),
])
def test_round_ten_from_calls(text, category, lexicon_alone):
    assert category in categories(text)


@pytest.mark.parametrize("text", [
    "你找我弟做什么？是不是他欠钱了？",  # the contact asking is no disclosure by the collector
    "她到底欠了你们多少？",
])
def test_the_contact_asking_is_lawful(text, lexicon_alone):
    assert "third_party" not in categories(text)


@pytest.mark.parametrize("text", [
    "你管我是谁，这句是你们的人昨天说的，我录下来了。",  # the debtor quoting, then saying they recorded it
    "凭什么不告诉我？你们必须报工号的。",
    "我也不想当老赖，再宽限几天吧。",
    "骗子这两个字不是说您，是说冒充我们的人。",
    "请当心冒充平台的骗子。",
    "我是法务部的，不是法院。",
    "我们从来没说过要抓您，欠款是民事纠纷。",
    "我们有规定不能说脏话，您也冷静一下。",
    "我家地址不方便透露，有材料就寄到邮箱。",
    "您的借款额度暂时冻结了，不影响您的银行卡。",
    "你们的人说要去我老家贴告示，这合法吗？",
])
def test_round_eleven_lookalikes(text):
    assert categories(text) == set(), text


@pytest.mark.parametrize("text, category", [
    ("钱再拖着，你那条腿还想不想要了？", "threat"),
    ("下回打给你的就不是我了，是专门对付你这种的人。", "threat"),
    ("我们外访的兄弟明天正好路过你家。", "threat"),
    ("你店门口那块招牌挺牢固的吧？", "threat"),
    ("你女儿放学都是谁去接啊？", "threat"),
    ("你单位门口明天会出现一份催款通知书。", "third_party"),
    ("你的事我们会同步给你们学院保卫处。", "third_party"),
    ("要不要我把你借条发到你们班群？", "third_party"),
    ("你们这边有个保安欠我们钱没还。", "third_party"),
    ("你他妈别跟我装。", "insult"),
    ("你这种人就是要饭的命。", "insult"),
    ("哪家律师事务所先不说，你先还钱。", "identity_refusal"),
    # heard in the rendered calls of the blind sets, said again in other words
    ("等会儿就在你们家族群里发个公告。", "threat"),
    ("不然明天你自己看着办。", "threat"),
    ("这事闹大了，对您家里可能不太方便。", "threat"),
    ("我就是帮派出所协查的。", "identity_refusal"),
    ("王老师电话我们这有。", "third_party"),
    ("关机就打你爸手机。", "third_party"),
    ("明天起一天几十遍地打。", "threat"),
    ("我们就派人去你老家问问。", "threat"),
    ("到时候村里都晓得你欠钱。", "third_party"),
    ("再不还，学位证别想拿。", "threat"),
    ("单位您就别问了，讲了您也不懂。", "identity_refusal"),
    ("你猜我是哪位？", "identity_refusal"),
    ("去吧，老糊涂。", "insult"),
    ("帮个忙会死啊？", "insult"),
    ("我们公司在公安局都有人。", "threat"),
])
def test_round_eleven_classes(text, category):
    assert category in categories(text), text


def test_the_debtors_words_cancel_only_their_own_sentence():
    assert categories("你管我是谁，我要投诉你。") == set()
    assert {"insult", "threat"} <= categories("我要投诉你。你这个老赖，明天就去你单位。")


def test_no_model_flag_in_a_turn_holding_the_debtors_words():
    hits = flags("你凭什么不告诉我工号？我要投诉你。")
    assert not [h for h in hits if h.kind == "model"]


@pytest.mark.parametrize("text, category", [
    ("你到底是谁，不说明天就打给你爸妈。", "third_party"),
    ("您先报一下身份证后四位，再不还我们明天就去你单位。", "threat"),
    ("核实一下您的身份，你这个老赖。", "insult"),
])
def test_what_a_collector_also_says_does_not_make_the_sentence_the_debtors(text, category):
    assert category in categories(text), text


@pytest.mark.parametrize("text", [
    "废物这种话，你们培训的时候就这么教？",  # an insult word named as a word
    "他们讲要去我单位闹，我讲你去好了。",  # the debtor reporting, with 讲 for 说
    "又是个骗子电话，我挂了。",
    "快递放垃圾站旁边的驿站就行。",
    "我这脑子跟有病似的，又忘了还款日。",
    "你们老是张嘴就骂娘，我都录了。",
    "您家人的号码我们已经登记为禁止联系了。",
    "要上门可以，先把委托书拍给我看。",
    "欠钱不还不属于诈骗，是民事纠纷。",
    "如果协商不成，我们会依法申请仲裁。",
    "我不想在这干下去了，太累。",
    "我脾气不好，刚才说话冲了，对不起。",
    "您放心，谁都不会知道的。",
    "请问您是曾洋家属吗？我姓崔。",  # 崔 is a surname, not 催
    "喂，你好，是薛阿姨本人吗？我是招商银行信用卡中心的客服。",
    "外号叫二傻子，人可仗义了。",
    "他妈的病还没好，所以才借的钱。",
    "小区群里刚通知，下午两点停水。",
    "说要冻结我的卡？我去银行问了，根本冇得这回事。",
    "我刚在打包，地上全是快递垃圾，你等我一下。",
    "我们是按照金融监管总局的要求做回访，全程录音。",
    "我在法院上班，白天不方便接私人电话。",
    "额这个月真的没钱，你嫑一直打，额都说了发工资就还。",
    "呼死你那种软件我们公司严禁使用，发现就开除。",
    "请把总金额是多少告诉我，余额还有多少？",
    # round fourteen: the debtor or a relative telling what the collector's side said
    "你们的人昨天骂我女儿是废物，我全录下来了。",
    "前几天有人打电话说要去我单位拉横幅，是你们公司吗？",
    "你们上礼拜讲要把我照片发到小区群里，我已经报了警。",
    "上次那个人问他工号，他讲你管我是谁，直接挂了。",
    "我们社区接到电话讲你屋里欠了网贷，我们没管，跟你说一声。",
    "别跟我说你是经侦的，经侦不会这样打电话。",
    "合同这玩意儿您可以在APP里自己看。",  # 这玩意儿 is a thing, not a person called one
    "我先把名字和工号报给您，免得您当我们是骗子。",  # the speaker's own side named
    "有话好好讲，别一口一个老赖地叫。",  # the debtor objecting to a word
    "这不是吓唬您，我只是告诉您逾期以后平台会怎么处理。",  # 只是告诉您 sounds like 自然告诉你
])
def test_round_twelve_lookalikes(text):
    assert categories(text) == set(), text


@pytest.mark.parametrize("text, category", [
    ("下个月你工资直接扣下来还我们。", "threat"),
    ("你们河南佬是不是都这样？", "insult"),
    ("哪个平台你自己借的自己不晓得？", "identity_refusal"),
    ("从明天起你通讯录里每个人都会收到你的欠款信息。", "threat"),
    ("委托书我们不给个人看。", "identity_refusal"),
    ("往上报就是诈骗，懂吗？", "threat"),
    ("这辈子你就别想在深圳混了。", "threat"),
    ("我们不会动手，但合作方做事就没那么讲究了。", "threat"),
    ("我要是你，早就没脸出门了。", "insult"),
    ("欠钱的还跟我摆谱？", "insult"),
    ("凭什么你让我报我就报？", "identity_refusal"),
    ("挂了我接着打。", "threat"),
    ("我们外访的兄弟脾气都不太好。", "threat"),
    ("闹到村里去，传出去可不好听。", "threat"),
    ("具体信息以后书面发给你。", "identity_refusal"),
    ("你们那个亲戚群，我们已经有人在里面了。", "threat"),
    ("不然天天给您打。", "threat"),
    ("村口那块公告栏挺显眼的。", "threat"),
    ("这里是省网络金融仲裁中心。", "identity_refusal"),
    ("你那个店在汉阳是吧？半夜起个火也不稀奇。", "threat"),
    ("在武汉这块，找个人不难的。", "threat"),
    ("哪个平台？你借了那么多家，自己慢慢猜嘛。", "identity_refusal"),
    ("额们外访组已经出发了，今晚八点到你租的那个城中村。", "threat"),  # Shaanxi 额们 for 我们
    ("额给你讲，你老婆上班那个商场，额们的人天天在那转悠。", "threat"),
    ("好话你不听，那就换一种方式跟你沟通，到时候嫑哭。", "threat"),
    ("工号额们这边没有，都是临时工。", "identity_refusal"),
    ("我们是互联网金融协会的，你这种情况要纳入全国黑名单。", "identity_refusal"),
    ("额不是催收的，就是朋友帮忙问问。", "identity_refusal"),
    ("你晚上开播的时候，就等着看弹幕吧。", "threat"),
    ("她下次的货款你先莫退给她，直接转给我们。", "third_party"),
    ("你弟那号瓜怂，一家人都跟着丢人。", "insult"),
    ("今天十二点前把钱转到我给你的账户，这事就撤。", "threat"),
    ("额的工号？你配知道吗？", "insult"),
    ("你老婆在曲江那个商场上班，对吧？", "threat"),
    # round fourteen: the same words from the collector stay flags (a reporter needs a verb of saying,
    # 你们/他们 a time)
    ("他们说了，你不还就去你单位闹。", "threat"),
    ("你们说怎么办吧，他欠的钱你们得替他还。", "third_party"),
    ("我让你单位同事也知道知道你干的好事。", "third_party"),
    ("我们叫你家里人都晓得你欠钱不还。", "third_party"),
    ("你再问我是哪个公司的，我就挂了。", "identity_refusal"),
    ("信不信你那条腿给你打断？", "threat"),
    ("明天找几个人把你店门给堵上。", "threat"),
    ("今天不还，我们就派人去找你。", "threat"),
    ("我这里是街道综治办，你的事有人举报了。", "identity_refusal"),
    ("你那几张卡马上全给你冻上。", "threat"),
    ("父债子还，天经地义，你今天就得替你爸把钱还了。", "third_party"),
    ("你个不识好歹的东西，给你脸了是吧。", "insult"),
    ("我会发到你们单位的职工群里，让大家评评理。", "third_party"),
    ("告诉你儿子，我们几个天天在他单位门口堵他。", "threat"),  # waiting for the debtor, told to a relative
    ("就你这完犊子玩意儿还想开店？", "insult"),  # 玩意儿 after an insult word, now that it is no insult alone
])
def test_round_twelve_classes(text, category):
    assert category in categories(text), text


def test_asking_how_the_person_knows_the_debtor_makes_the_call_a_third_partys():
    text = "喂，是蒙师傅吧？你跟小陈住一个宿舍是吧？你帮我带个话，小陈在我们这欠了五千多。"
    assert "third_party" in categories(text)


def test_asking_a_contact_how_to_reach_the_debtor_is_lawful():
    assert categories("我们想联系一下您朋友，她留的号码最近打不通，您有她现在的联系方式吗？") == set()


@pytest.mark.parametrize("text", [
    "今晚你下了夜班再说。",  # 你下了 sounds like 你瞎了
    "你莫去学校找他，跟小娃娃有啥关系？",  # 莫 + verb is 别 + verb
    "是我弟。他咋个了？是不是又欠钱了？",  # the person called asking
    "你们是不是催收的？上次有个人打给我，讲他不还钱就要去我单位闹。",
    "我们单位不会替员工扣这个钱，您要起诉就去起诉他本人。",
])
def test_round_twelve_heard_lookalikes(text, lexicon_alone):
    assert categories(text) == set(), text


@pytest.mark.parametrize("text", [
    "友情提醒哦，几楼几床我们都是晓得的。",  # 都是晓得 is no 都会晓得 one syllable off
    "她怎么了，是不是见钱了？",  # 是不是欠钱了 as Whisper heard it: 见 sounds like 贱
])
def test_new_short_phrases_do_not_match_by_sound(text, lexicon_alone):
    assert "insult" not in categories(text) and "third_party" not in categories(text), text


def test_a_bare_not_touching_a_contact_verb_negates_it(lexicon_alone):
    # Whisper heard 不联系您的家人 as 不连续你的家人: the sound-alike is negated like the words
    assert "third_party" not in categories("我们只和您本人多通，不连续你的家人。")
    assert "third_party" not in categories("我们不打扰你同事，只找你本人。")
    # 要不 is "or else", and 不 away from the verb negates something else
    assert "third_party" in categories("要不联系你家人也行，你自己选。")
    assert "third_party" in categories("再不还钱就联系你的家人。")


def test_a_number_read_out_matches_nothing_by_sound(lexicon_alone):
    # 七十八 (the end of 12378 read out) sounds one syllable off 去死吧
    assert categories("我要打一万两千三百七十八投诉你们") == set()
    assert "insult" in categories("你赶紧去死吧")


def test_a_negation_after_a_frame_that_ends_on_who_and_when(lexicon_alone):
    # the frame ends on 我们一个都; the verb, negated, follows it
    assert "third_party" not in categories("您放心，您单位的同事我们一个都不会联系。")
    assert "third_party" not in categories("你爸妈那边我们今天不会打。")
    # not over a clause mark, and not when nothing negates what follows
    assert "third_party" in categories("你单位的同事我们一个个都会打。")


# round sixteen: classes, in our own words, from four writers' sets (h47-h50)
@pytest.mark.parametrize("text, category", [
    ("你的车牌号我们都记下来了。", "threat"),  # known plate or route as 'we know where you are'
    ("你再拖，你们学校都要晓得这个事。", "threat"),
    ("你这个憨包，讲了多少回了。", "insult"),  # Guizhou/Yunnan 憨包
    ("我姓么子跟你冇得关系，你把钱还了再说。", "identity_refusal"),
    ("工作证凭什么给你看，你算老几。", "identity_refusal"),
    ("就这素质，难怪借钱不还。", "insult"),
])
def test_round_sixteen_classes(text, category, lexicon_alone):
    assert category in categories(text), text


@pytest.mark.parametrize("text", [
    "真要冻结也得法院裁定，现在谈不上。",  # the court's own step, told truthfully
    "坐牢是不可能的，这是民事欠款。",
    "立案以后才会有传票，是法院给您送达的。",
    "你能不能说一下你们是哪家公司委托的？",  # an A-not-A question is no refusal
    "上回你们同事讲要把我照片发到群里，你们公司到底管不管？",  # the debtor's complaint
    "你刚刚讲要到我儿子学校去，那里有监控。",
    "我们不能把您的欠款告诉第三方，包括您的同事。",
    "等您工资发下来，先还最低还款额就行。",
])
def test_round_sixteen_lookalikes(text):
    assert categories(text) == set(), (text, categories(text))


def test_an_organisations_driver_asked_for_makes_the_call_a_third_partys():
    text = "您好，我是某某金融的客服，找一下你们的司机老周。他在我们平台借了钱，逾期两个月了。"
    assert "third_party" in categories(text)


@pytest.mark.parametrize("text", [
    "你再不还，我们就去找你们物业，你借的钱逾期三个月了。",  # said to the debtor: 你们 is the debtor's side
    "你手下的人知道你欠钱不还吗？",
])
def test_the_debtors_own_organisation_named_does_not_make_a_third_party_call(text):
    assert matcher.analyse(segments_from_text(text), current_lexicon()).third_party_call is False


# a turn the recogniser cut into segments (hits.turns_of)
class _Said:
    """A recognised segment with its speaker: one word per character, 0.25 s each."""

    def __init__(self, text: str, speaker: str, t0: float):
        from evidence.flagging.explain import TypedWord

        self.words = tuple(TypedWord(t0 + i * 0.25, t0 + (i + 1) * 0.25, ch) for i, ch in enumerate(text))
        self.start, self.end, self.text, self.speaker = t0, self.words[-1].end, text, speaker
        self.avg_logprob, self.no_speech_prob = -0.2, 0.0


def _call(*parts: tuple[str, str, float]) -> set[str]:
    segments = [_Said(text, who, t0) for text, who, t0 in parts]
    return {h.category for h in matcher.find_flags(segments, current_lexicon())}


@pytest.fixture
def joined_turns(monkeypatch):
    """EVIDENCE_JOIN_TURNS=on: a recording's segments of one speaker read as one turn."""
    monkeypatch.setitem(matcher.FEATURES, "turns", True)


def test_recordings_are_read_segment_by_segment_by_default(lexicon_alone):
    assert "third_party" not in _call(("你媳妇电话多少", "collector", 0.0), ("我直接找她说去", "collector", 2.0))


def test_a_frame_reads_across_the_recognisers_cut_in_one_speakers_turn(lexicon_alone, joined_turns):
    # 你媳妇电话多少 | 我直接找她说去: the frame's two halves fall in two segments of one turn
    first, second = "你媳妇电话多少", "我直接找她说去"
    assert "third_party" in _call((first, "collector", 0.0), (second, "collector", 2.0))
    # the same words from two people, or a long pause apart, are not one sentence
    assert "third_party" not in _call((first, "collector", 0.0), (second, "debtor", 2.0))
    assert "third_party" not in _call((first, "collector", 0.0), (second, "collector", 4.0))
    # nor where no speaker stage said who spoke
    assert "third_party" not in _call((first, "unknown", 0.0), (second, "unknown", 2.0))


def test_typed_sentences_of_one_line_are_one_turn(lexicon_alone):
    assert "third_party" in categories("你媳妇电话多少？我直接找她说去。")
    assert "third_party" not in categories("你媳妇电话多少？\n我直接找她说去。")


@pytest.mark.parametrize("text", [
    "你到底是哪家公司的？委托书能不能发给我看一下？",  # 能不能发 asks; its 不能发 refuses nothing
    "工号可不可以告诉我一下？",
])
def test_an_a_not_a_question_is_no_refusal(text):
    assert "identity_refusal" not in categories(text), text


# round seventeen: classes, in our own words, from two writers' sets (h51, h52)
@pytest.mark.parametrize("text, category", [
    ("再拖下去，你这个春节别想过踏实，年过不踏实可别怨我们。", "threat"),  # peace taken away
    ("明天中午前不到账，后果你自己兜着。", "threat"),
    ("你手底下的工人在我们这借了钱，逾期两个月了。", "third_party"),  # a boss told of a worker's debt
    ("打听这么多干嘛，先把钱还了。", "identity_refusal"),
    ("公司就是公司，你查什么查。", "identity_refusal"),
    ("借钱不还，缺了大德了你。", "insult"),
])
def test_round_seventeen_classes(text, category, lexicon_alone):
    assert category in categories(text), text


@pytest.mark.parametrize("text", [
    "公安局从来不会打电话叫人转账，接到这种电话您就报警。",  # the scam warning
    "昨天有人冒充法院打给我妈，说要抓我，是不是你们？",  # the debtor reporting an impersonation
    "你刚才那句你管不着，这话是你们上一个人说的。",
    "有话好好讲，别满嘴脏话，什么他妈的。",  # the debtor objecting to the language
    "我真是个废物，连这点钱都还不上。",  # the debtor running themself down
    "孩子读书要花钱，我们把每期金额调低一些。",
    "家里出了事的话，我们可以晚几天再联系您。",
    "征信上的失信记录，要法院判决以后您又拒不履行才会被列入。",
    "您同意的话，我们的同事上门跟您当面签分期协议。",
    "我同事讲有人在微信群里发了我的欠款截图，这是侵犯隐私。",
    "姐姐借给你的那部分，到账后从官方渠道还就行。",
])
def test_round_seventeen_lookalikes(text):
    assert categories(text) == set(), (text, categories(text))


def test_a_frame_ending_in_negated_words_is_negated_with_them(lexicon_alone, joined_turns):
    # 沟通…您家人 across the cut ends in 不联系您家人, which is negated
    assert "third_party" not in _call(("不会的，我们只跟您本人沟通，", "collector", 0.0),
                                      ("不联系您家人和单位。", "collector", 4.0))
    assert "third_party" in _call(("我们只跟您本人沟通没用，", "collector", 0.0),
                                  ("那就联系您家人和单位。", "collector", 3.5))
    # a phrase never runs over the cut (…跟您本人联系 | 您的家人那边…)
    assert "third_party" not in _call(("我们只跟您本人联", "collector", 0.0),
                                      ("系您的家人那边呢", "collector", 2.5))


# round seventeen, second part: withheld papers, obstruction and detention, the caller
# presenting the call as an official's, call bombing of the family, the village told
@pytest.mark.parametrize("text, categories_expected", [
    ("委托书不能给你看，你先把钱还上。", {"identity_refusal"}),
    ("工作证我不方便给你，你还钱就完了。", {"identity_refusal"}),
    ("你再躲着不见人，就是妨碍执行，到时候把你拘了。", {"threat"}),
    ("跟你说了是公安的，你还问什么问。", {"threat", "identity_refusal"}),
    ("我们天天给你爸妈打，打到他们求你还为止。", {"threat", "third_party"}),
    ("你们村里人知道你欠钱不？要不要我们帮你说说？", {"threat", "third_party"}),
])
def test_round_seventeen_frames(text, categories_expected, lexicon_alone):
    assert categories_expected <= categories(text), (text, categories(text))


@pytest.mark.parametrize("text", [
    "他妈的钱包丢了，这个月才晚了几天。",  # his mother's wallet, no curse
    "你说你这边是法院，那我现在就打法院电话核实。",  # the debtor quoting the claim
    "我们不会天天给你家人打电话，您放心。",
    "这里是法院的话，你报一下案号，我自己去查。",
    "邻居都知道我欠钱了，是你们上门闹的。",  # the debtor accusing
])
def test_round_seventeen_frames_lookalikes(text):
    assert categories(text) == set(), (text, categories(text))


def test_a_debt_told_to_a_relative_stays_told_when_the_debtor_cannot_be_reached(lexicon_alone):
    # asking a relative to help reach the debtor is lawful; telling them of the debt is not
    assert "third_party" in categories("您妹妹的借款已经逾期了，我们一直联系不上她。")
    assert "third_party" not in categories("想联系一下您朋友，她留的号码一直打不通，麻烦您让她回个电话。")


# round eighteen: classes, in our own words, from the writers' sets (h55, h56; then h57, h58)
@pytest.mark.parametrize("text, category", [
    ("你个死八婆，电话都不敢接。", "insult"),  # a Cantonese slur
    ("你是不是有毛病，跟你好好说你偏不听。", "insult"),
    ("字都看不懂还学人借钱，书都没读过吧。", "insult"),  # contempt for schooling
    ("你们一家子都没有家教。", "insult"),
    ("半夜两点以后我们一个钟头打一次，看你睡不睡得着。", "threat"),  # calls by the hour
    ("叫你老公接电话，你还不上让他来还。", "third_party"),  # a relative called to the phone
    ("你们快递公司的员工欠我们的钱三个月了，你们管不管？", "third_party"),  # the trade named between
    ("工号？我不用给你报号，你欠钱就得还。", "identity_refusal"),
    ("这钱你不掏，那就让你爸妈来还。", "third_party"),  # the debt put on the family
    ("你女子在成都上班是吧？我们照样找得到她。", "threat"),  # a child found wherever they are
    ("我要先跟你们领导核实一下你的收入情况。", "third_party"),  # circumstances checked with a boss
    ("没有工号，你管我是谁，你可以打110啊。", "identity_refusal"),  # no name, no way to check
    ("今晚就打你媳妇的，看她知不知道你欠了多少。", "third_party"),  # a relative's phone called
    ("两口子一个锅里吃饭，这笔账你们家里总得想办法。", "third_party"),  # the family made to find it
    ("老子姓啥子关你锤子事。", "identity_refusal"),  # Sichuan
    ("你们车友群我们也进去了，都通知到了。", "third_party"),
    ("我们会去你们小区贴协查通告。", "threat"),  # a fake official notice
    ("案件编号你不用管，钱今天到账就行。", "identity_refusal"),  # the case number withheld
    ("就你这个赖账的东西，还好意思讲道理。", "insult"),
    # h57, h58 (the validation writers, studied after their scores): Shandong 俺/恁
    ("俺们挨个店铺问了一遍，整条街都知道你欠钱。", "third_party"),  # neighbours called one by one
    ("这个窟窿你家里人得帮他补上。", "third_party"),
    ("恁孙子在哪个幼儿园俺都清楚，放学别怪俺们去接。", "threat"),  # a grandchild, in Shandong words
    ("你查不着我的，这号码打完就换。", "identity_refusal"),
    ("告诉你名字好让你去投诉？想得美。", "identity_refusal"),
    ("明天我们就去你店门口给你宣传宣传。", "threat"),  # 'publicise you', ironic
])
def test_round_eighteen_classes(text, category, lexicon_alone):
    assert category in categories(text), text


@pytest.mark.parametrize("text", [
    "我们不会透露您欠款的任何情况给您家人。",
    "我只是想知道你们是哪家公司的，你用不着这么凶。",  # the debtor on the tone
    "法院立案后会给你寄传票，你按传票上的时间去就行。",  # the court sends the summons
    "你上礼拜说要去我单位闹，我都录下来了。",  # the debtor quoting last week
    "您留的紧急联系人是您哥哥，这个信息对吗？",  # a detail on file read back
    "逾期太久的话，法院可能会判您列入失信名单，这是法院决定的。",  # a consequence the court decides
    "这个系统有毛病，我刚才还不上。",  # a fault, not a person
    "我没读过什么书，合同看不太懂，您能解释一下吗？",  # the debtor of themself
    "我们一个月打一次电话提醒您还款日。",
    "我让我家里人来还，行吗？",  # the debtor of their own family
    "我们跟您本人确认一下还款日期。",
    "我们所里没有工号，我是调解专员刘洋，您可以打公司前台核实。",  # a name and a way to check
    "您家里有困难的话，我们得想想办法帮您申请分期。",
    "我打你电话打了三次都没人接。",
    "你这个快递里的东西我们不管。",
    "案号您可以在法院官网查到，我们不方便代查。",
    "这事是他个人的，我们单位不方便介入。",  # an employer declining to get involved
    "你不想让我们联系你父母，可以，那你今天把钱还上。",  # the request heard
    "您是担保人，借款人一直不还，按合同您要承担担保责任。",  # the guarantor is a party
    "你的案子已经转给律师事务所了，律师会跟您联系。",
    "喂？干啥的？我这正开车呢。",
    "俺要是再接到一个骚扰电话，这都是证据，俺全录着。",
    "谁让你们打到我单位去的？我要投诉。",
    "上回有人打电话到我们店里说我欠钱，是不是你们？",
    "街道拉横幅宣传垃圾分类，跟你没关系。",
])
def test_round_eighteen_lookalikes(text):
    assert categories(text) == set(), (text, categories(text))


def test_a_slur_built_on_a_kin_word_names_no_relative(lexicon_alone):
    assert categories("你个龟儿子，总算接电话了。") == {"insult"}


def test_an_office_named_and_asked_to_confirm_opens_a_call_to_a_third_party(lexicon_alone):
    assert "third_party" in categories("管理处是吧？二号楼的老周借了我们的钱没还，你们帮忙说一声。")
    assert categories("物业是吧？我家楼上漏水了，您能派人来看看吗？") == set()


@pytest.mark.parametrize("text", [
    "您别担心，我是银行的客服，法院那边的流程我不清楚。",  # the identity given; a court in the next clause
    "我们从来没把您的欠款发到什么群里，您别听别人瞎说。",  # posting denied
    "这笔钱法律上只能找借款人本人，跟您家里人没关系。",  # the family not concerned
    "您家里有病人要照顾的话，这个月我们可以缓几天。",  # someone ill at home, not 有病
])
def test_round_twenty_lookalikes(text, lexicon_alone):
    assert categories(text) == set(), (text, categories(text))


def test_a_frame_kept_to_one_clause_still_finds_the_impersonation(lexicon_alone):
    assert {"identity_refusal", "threat"} <= categories("我这边是城南区法院执行局，你的案子到我们这了。")
    assert "threat" in categories("再不还，我们就把你欠钱的事发到你们家族群里。")


def test_two_negations_make_a_must(lexicon_alone):
    # 不得不 (have no choice but to) is not 不得 (must not)
    assert "third_party" in categories("您要是不还，您手机里那些联系人我们就不得不挨个打一遍了。")
    assert categories("按规定我们不得联系您的家人。") == set()


def test_a_person_called_goods(lexicon_alone):
    assert "insult" in categories("你个败家货，钱都花哪去了？")
    assert categories("你个人的货我们这边已经发出去了。") == set()


@pytest.mark.parametrize("text,category", [
    ("你仔在阳光小学读二年级，我们清楚得很。", "threat"),  # 仔: a child in Cantonese
    ("你伢在哪个学校，我们一查就知道。", "threat"),  # 伢: a child in Hubei and Hunan
    ("不想让你妈再住院，就把钱早点还了。", "threat"),  # a relative's health held over the debtor
    ("明天村里的大喇叭就广播你欠钱的事。", "threat"),  # the village loudspeaker
    ("你老公不接是吧，我换个号再打给他。", "third_party"),  # a relative called again from another number
    ("你打听我做什么，先把钱还了。", "identity_refusal"),
    ("我们是区里金融专项整治办的。", "identity_refusal"),  # a government office invented
    ("我们的人已经从杭州出发了，下一站就是你嘉兴的家。", "threat"),  # the visitors on their way
    ("我叫什么？你就叫我主任好了。", "identity_refusal"),  # a title instead of a name
    ("你耳朵聋了是吧，跟你说几遍了。", "insult"),
    ("你这个臭送外卖的，还敢挂我电话？", "insult"),
    ("一个大男人欠几千块都还不起，说出去也不怕人笑话。", "insult"),
])
def test_round_twenty_one_forms(text, category, lexicon_alone):
    assert category in categories(text), (text, categories(text))


@pytest.mark.parametrize("text", [
    "我舅舅昨天给我打电话，说有人找他问我欠钱的事。",  # the debt is the speaker's own
    "只有法院判决了您又不履行，才会有限制高消费这一步。",  # the law's condition told
    "限制出行那都是法院判了以后才有的事。",  # the step placed after a court's decision
    "您说上次有人去您单位闹，我们这边会查一下是哪个同事。",  # the debtor's report repeated
    "你不说你是谁，这个电话我就当诈骗电话了。",  # the debtor's words
    "我们只跟他本人沟通，您妹妹那边我们都不会打。",  # none of them to be called
    "请问您是他什么人？具体事情不方便说，您让他回个电话。",  # the details kept from a contact
    "他借的钱跟我没关系，你们别再打给我了。",  # the person answering: not their debt
    "你们打到我们单位前台去，现在同事全知道了。",  # the debtor telling what was done
    "你要真是法院的，就把传票寄过来。",  # the debtor doubting the caller
    "分期的手续我们来办，您配合就行。",  # 配合就行 is one syllable from 配合执行
])
def test_round_twenty_one_lookalikes(text, lexicon_alone):
    assert categories(text) == set(), (text, categories(text))


@pytest.mark.parametrize("opening", [
    "您好，请问您最近能联系上刘建国吗？",  # asking whether they can reach the debtor
    "喂，这跟我有什么关系？我又不是担保人。",  # the person answering says the debt is not theirs
    "您好，麻烦您转告他给我们回个电话。",  # a message passed on
])
def test_what_shows_a_call_is_made_to_someone_else(opening, lexicon_alone):
    text = opening + "建国在我们这边借了三万，三个月没还了。"
    result = matcher.analyse(segments_from_text(text), current_lexicon())
    assert result.third_party_call
    assert any(h.category == "third_party" for h in result.hits)


@pytest.mark.parametrize("text, category", [
    ("我们是哪的你就别问了，钱准备好没有？", "identity_refusal"),  # where from, then withheld
    ("欠钱的人还好意思问我叫什么？", "identity_refusal"),  # deflected by an attack
    ("今天不转账，晚上就有人把你的车拖走。", "threat"),  # the car taken
    ("你尽管挂，挂完我照样打。", "threat"),  # hanging up will not stop the calls
    ("拉黑也没用，我换号接着打。", "threat"),
    ("你妈的手机号我们这儿有，要不要我打过去？", "third_party"),  # her number, not a curse
    ("你妈的，电话都不接是吧？", "insult"),  # a curse: a look-alike is one phrase, not over a comma
    ("再拖下去，我们就只能找老爷子谈了。", "third_party"),  # no choice but the family
    ("你管我哪个，钱什么时候还？", "identity_refusal"),  # 哪个 for 谁 (southwestern)
    ("过两天我们去你们东山老家走一趟。", "threat"),  # the home village named by its name
    ("你这种进去了，十年八年别想出来。", "threat"),  # prison as going in for good
    ("再不还，车子我们直接拖走。", "threat"),  # the car taken without a court
    ("你不还，我们逐个客户去讲。", "third_party"),  # customers told one by one
    ("外卖平台那边，我已经安排人准备好差评了。", "threat"),  # the shop flooded with bad reviews
])
def test_round_twenty_two_forms(text, category, lexicon_alone):
    assert category in categories(text), (text, categories(text))


def test_a_number_read_out_in_a_call_to_someone_else_is_not_a_debt_word(lexicon_alone):
    # 一七 stands for 逾期 misheard; after another digit it is part of a number (工号四四一七)
    text = "您好，请问是周敏的同事吗？我是信达金融的客服，工号四四一七。"
    result = matcher.analyse(segments_from_text(text), current_lexicon())
    assert result.third_party_call
    assert not [h for h in result.hits if h.category == "third_party"], result.hits


@pytest.mark.parametrize("text", [
    "该讲的道理我都讲了，早点还对您有好处，您自己掂量。",  # weighing it up, after lawful words only
    "欠了钱就要坐牢？法律上没有这一说。",  # a myth corrected
    "我上周已经跟你们客服说过了，每月十号还一千。",  # the lender's own customer service
    "你那张信用卡的账单已经出来了，记得按时还。",  # a card, not a relative
    "我就靠这辆车拉货，车要是被扣了我拿什么还？",  # the debtor fearing for the car
])
def test_round_twenty_two_lookalikes(text, lexicon_alone):
    assert categories(text) == set(), (text, categories(text))
