"""The small pure parts of the report: sentence quotes, the debtor's request, institutions, legal."""

from __future__ import annotations

import pytest

from evidence.reports import legal
from evidence.reports.institutions import institution_for, named_in
from evidence.reports.notice import find_requests
from evidence.reports.sentences import quote


def test_quote_is_the_sentence_around_the_words():
    q = quote(["你好。你个骗子不要脸！快还钱。"], 0, "骗子")
    assert (q.sentence, q.marked) == ("你个骗子不要脸！", "骗子")
    q = quote(["你个骗子不要", "脸呀"], 0, "骗子不要脸")  # words running on into the next line
    assert q.sentence == "你个骗子不要脸呀" and q.marked == "骗子不要脸"
    long = "喂" * 90 + "，再不还钱就去你单位，" + "嗯" * 30
    assert quote([long], 0, "去你单位").sentence == "再不还钱就去你单位，"
    assert quote(["完全不同"], 0, "上门").sentence == "上门"  # never a sentence without the words


@pytest.mark.parametrize("text", ["请不要联系我的家人", "你别再打给我爸妈了", "不要打电话给我单位",
                                  "不要找我家人", "你不要告诉我父母", "别打我家人电话", "别再打我妈的电话了"])
def test_debtor_requests_found(text):
    assert find_requests(text)


@pytest.mark.parametrize("text", ["我们不会联系您的家人", "我们只和您本人沟通", "你爸妈知道吗", "不要逾期"])
def test_not_requests(text):
    assert not find_requests(text)


def test_institution_named_or_assigned():
    assert named_in(["喂，你好，我是某某消费金融的专员"]) == "某某消费金融"
    assert named_in(["这里是朝阳区法院执行局"]) is None  # impersonation is not the lender
    assert institution_for("13800000000", ["我是安心平台的"], {"13800000000": "乙金融"}) == ("乙金融", "user")
    assert institution_for("13800000000", ["我是安心平台的"], {}) == ("安心平台", "call")


def test_credit_card_rules_only_for_bank_cards():
    assert "cc_68" in legal.bases_for("third_party", bank_credit_card=True)
    assert "cc_68" not in legal.bases_for("third_party", bank_credit_card=False)
    assert "nifa" in legal.bases_for("threat", bank_credit_card=False)
    assert legal.is_bank_line("95588") and not legal.is_bank_line("4008001234")
    assert "第1033条第（一）项" in legal.CITATIONS["civil_1033"] and "私人生活安宁" in legal.CITATIONS["civil_1032"]
    assert not any(k.startswith("cc_") for k in legal.bases_for("night_call", True))
    assert "表明身份" in legal.CITATIONS[legal.bases_for("identity_refusal", False)[0]]
