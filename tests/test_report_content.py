"""What the report says: whole sentences, transcripts, corrections, footnotes, legal texts per
DOMAIN.md, dismissed flags hidden, "after notice" and frequency per institution."""

from __future__ import annotations

import datetime as dt
import json
import re

from evidence.case import assign_institution, save_case
from evidence.db.models import Flag
from evidence.reports import data as report_data
from evidence.reports import periods
from evidence.reports import render as report_render
from evidence.trust.corrections import correct_segment
from evidence.trust.review import decide

from conftest import run_cli
from reportdb import add_call, fill_logged

OCT = periods.month("2026-10")
FORBIDDEN = ("置信度", "谐音匹配", "组合规则", "unknown", "非法时段", "违法行为", "insult.deadbeat", "rule ",
             "confidence")


def report_json(*extra: str) -> dict:
    return json.loads(run_cli("report", "--month", "2026-10", "--format", "json", *extra, check=True).stdout)


def test_every_flag_quotes_its_sentence_and_every_call_has_its_transcript():
    fill_logged()
    add_call("13900001111", dt.datetime(2026, 10, 5, 10, 0),
             ["喂，你好。", "我是某某消费金融的，再不还钱就打给你爸妈，让全村都知道！", "你自己看着办。"])
    data = report_json()
    flags = [f for r in data["recordings"] for f in r["flags"]]
    assert flags
    for f in flags:
        assert f["text"] in f["sentence"]
        lo, hi = f["sentence_span"]
        assert f["sentence"][lo:hi] == f["text"]
    third = next(f for f in flags if f["category"] == "third_party")
    assert third["sentence"] == "我是某某消费金融的，再不还钱就打给你爸妈，让全村都知道！"
    for r in data["recordings"]:
        assert r["transcript"] and all({"start", "end", "text", "corrected"} <= set(t) for t in r["transcript"])
    assert data["recordings"][-1]["institution"] == "某某消费金融"


def test_corrected_line_shows_marked_with_machine_text():
    fill_logged()
    correct_segment("1", 1, "你这个骗子")
    rec = report_json()["recordings"][0]
    assert rec["transcript"][0] == {"segment": 1, "start": 1.3, "end": 3.6, "text": "你这个骗子", "speaker": "unknown",
                                    "corrected": True, "machine_text": "你个骗子不要脸"}
    assert len(rec["flags"]) == 1 and "骗子" in rec["flags"][0]["text"]
    md = run_cli("report", "--month", "2026-10", "--format", "markdown", check=True).stdout
    assert "你这个骗子（人工更正；机器转写为：你个骗子不要脸）" in md


def test_footnotes_once_and_legal_texts_per_domain():
    fill_logged()
    add_call("13900001111", dt.datetime(2026, 10, 5, 10, 0),
             ["再不还钱就打给你爸妈", "工号不方便透露"])
    for fmt in ("markdown", "html"):
        text = run_cli("report", "--month", "2026-10", "--format", fmt, check=True).stdout
        for provision in ("《民法典》第1024条", "《民法典》第1032条", "《民法典》第1033条第（一）项",
                          "《个人信息保护法》第10条", "催收时间为每日08:00至22:00"):
            assert text.count(provision) == 1, (fmt, provision)
        assert "《治安管理处罚法》（" in text and not re.search(r"治安管理处罚法》第\d+条", text)
        assert "《刑法》第246条（侮辱罪、诽谤罪）：情节严重时可能适用" in text
        assert "信用卡业务监督管理办法" not in text  # not a bank credit card
        assert "催收人员应表明身份" in text
        assert "夜间来电" in text and "频繁来电" in text
        for word in FORBIDDEN:
            assert word not in text, (fmt, word)
    save_case(lender="某某银行信用卡中心")
    text = run_cli("report", "--month", "2026-10", "--format", "markdown", check=True).stdout
    assert text.count("《商业银行信用卡业务监督管理办法》第68条") == 1
    assert "互联网金融逾期债务催收自律公约" not in text


def test_dismissed_flags_hidden_unless_asked():
    fill_logged()
    first = report_json()["recordings"][0]["flags"]
    assert len(first) == 2
    from evidence import db as database

    with database.session() as s:
        flag_id = s.query(Flag).order_by(Flag.start).first().id
    decide(flag_id, "dismissed")
    assert len(report_json()["recordings"][0]["flags"]) == 1
    shown = report_json("--include-dismissed")["recordings"][0]["flags"]
    assert [f["review"] for f in shown].count("dismissed") == 1


def test_after_notice_in_same_and_later_call_from_same_number():
    fill_logged()
    add_call("13900002222", dt.datetime(2026, 10, 6, 10, 0),
             ["你什么时候还钱", "请不要联系我的家人，我会想办法", "再不还钱就打给你爸妈"])
    add_call("13900002222", dt.datetime(2026, 10, 7, 10, 0), ["我已经联系你单位领导了"])
    add_call("13900003333", dt.datetime(2026, 10, 7, 11, 0), ["再不还钱就打给你爸妈"])  # other number
    data = report_json()
    by_time = {r["call_start"]: r for r in data["recordings"]}
    same = [f for f in by_time["2026-10-06T10:00:00"]["flags"] if f["category"] == "third_party"]
    later = [f for f in by_time["2026-10-07T10:00:00"]["flags"] if f["category"] == "third_party"]
    other = [f for f in by_time["2026-10-07T11:00:00"]["flags"] if f["category"] == "third_party"]
    assert same and later and other
    for f in same + later:
        assert f["after_notice"]["text"] == "请不要联系我的家人，我会想办法"
        assert f["after_notice"]["call_start"] == "2026-10-06T10:00:00"
    assert all(f["after_notice"] is None for f in other)
    assert data["summary"]["after_notice"] == 2
    assert len(data["notices"]) == 1 and len(data["notices"][0]["after"]) == 2
    html = run_cli("report", "--month", "2026-10", "--format", "html", check=True).stdout
    assert "明确要求不要联系第三方之后" in html and "已明确要求不要联系第三方后" in html


def test_frequency_per_institution_across_numbers():
    for hour, number in zip((9, 10, 11, 12), ("13900000001", "13900000002", "13900000003", "13900000004"),
                            strict=True):
        lines = ["你好，我是某某消费金融的，提醒您还款。"] if hour < 11 else ["您好，提醒您还款。"]
        add_call(number, dt.datetime(2026, 10, 8, hour, 0), lines)
    report = report_data.build(OCT)
    assert [c.call_flags for c in report.calls] == [(), (), (), ()]  # two named, two unknown
    assign_institution("13900000003", "某某消费金融")
    assign_institution("13900000004", "某某消费金融")
    report = report_data.build(OCT)
    assert all(c.call_flags == ("frequency",) for c in report.calls)
    assert [c.institution_source for c in report.calls] == ["call", "call", "user", "user"]
    assert report.summary["calls_by_institution_day"] == {"某某消费金融": {"2026-10-08": 4}}
    csv_text = report_render.render(report, "csv")
    assert csv_text.count(",frequency,频繁来电") == 4 and "某某消费金融当日共 4 次" in csv_text
