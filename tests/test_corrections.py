"""Correcting filed evidence: transcript lines, metadata, case details, numbers; all logged."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from evidence import db as database
from evidence import recordings
from evidence.case import assign_institution, load_case, number_institutions, save_case
from evidence.db.models import LogEntry, Segment, SupersededTranscript
from evidence.errors import BadArgument, NotFound
from evidence.trust.corrections import correct_segment, set_metadata
from evidence.trust.verify import verify_store

from conftest import call_file, run_cli
from reportdb import fill_logged as logged_db


def problems() -> list[str]:
    """verify's findings, less the originals the fixture database never had (rows 2-5)."""
    return [p for p in verify_store().problems if not p.startswith("original missing: None")]


def actions() -> list[str]:
    with database.session() as s:
        return [e.action for e in s.scalars(select(LogEntry).order_by(LogEntry.seq)).all()]


def test_correct_segment_keeps_machine_text_reflags_and_verifies():
    logged_db()
    rec = recordings.find("1")
    assert {f.category for f in rec.flags} == {"insult"}
    c = correct_segment("1", 1, "你好，我是某某消费金融的专员")
    assert c.machine_text == "你个骗子不要脸" and c.flags_after == 0 < c.flags_before
    rec = recordings.find("1")
    seg = rec.segments[0]
    assert seg.text == "你好，我是某某消费金融的专员" and seg.machine_text == "你个骗子不要脸"
    assert "".join(w.text for w in seg.words) == "你好，我是某某消费金融的专员"
    assert not rec.flags
    assert actions()[-1] == "correct"
    assert not problems(), problems()
    # a flag appears again when the correction says so, placed on the words' time
    correct_segment("1", 1, "你个骗子")
    rec = recordings.find("1")
    assert len(rec.flags) == 1 and "骗子" in rec.flags[0].text
    assert 1.3 <= rec.flags[0].start < rec.flags[0].end <= 3.6  # on the re-timed words, in the line
    assert not problems()
    with database.session() as s:
        assert len(s.scalars(select(SupersededTranscript)).all()) == 2


def test_correct_back_to_machine_text_clears_the_mark_and_tamper_is_found():
    logged_db()
    correct_segment("1", 1, "你个骗子")
    correct_segment("1", 1, "你个骗子不要脸")
    assert recordings.find("1").segments[0].machine_text is None
    assert not problems()
    with database.session() as s, s.begin():
        s.get(Segment, recordings.find("1").segments[0].id).text = "改过的"
    assert any("transcript" in p for p in problems())


def test_correct_rejects_bad_line_and_empty_text():
    logged_db()
    with pytest.raises(NotFound):
        correct_segment("1", 2, "x")
    with pytest.raises(BadArgument):
        correct_segment("1", 1, "  ")
    assert actions().count("correct") == 0


def test_set_metadata_changes_night_and_logs():
    logged_db()
    ch = set_metadata("1", caller="+86 139-0000-0000", contact="", when="2026-10-03 15:00")
    assert set(ch.changes) == {"caller", "contact", "call_start"}
    rec = recordings.find("1")
    assert (rec.caller, rec.contact, rec.time_source) == ("13900000000", None, "user")
    assert rec.call_start == dt.datetime(2026, 10, 3, 15, 0)
    assert actions()[-1] == "set" and not problems()
    with database.session() as s:
        last = s.scalars(select(LogEntry).order_by(LogEntry.seq.desc())).first()
    assert "13900000000" not in last.content  # hashes only in the log
    with pytest.raises(BadArgument):
        set_metadata("1")


def test_case_details_roundtrip_and_numbers():
    assert load_case().is_empty()
    save_case(name="张三", lender="某某银行信用卡中心")
    save_case(platform="某某借款")
    case = load_case()
    assert (case.name, case.lender, case.platform, case.phone) == ("张三", "某某银行信用卡中心", "某某借款", None)
    assert case.is_bank_credit_card()
    save_case(lender="")
    assert load_case().lender is None
    with pytest.raises(BadArgument):
        save_case(favourite="x")
    assert assign_institution("138-0000-0000", "某某金融") == ("13800000000", "某某金融")
    assert number_institutions() == {"13800000000": "某某金融"}
    assign_institution("13800000000", "")
    assert number_institutions() == {}
    with database.session() as s:
        contents = [e.content for e in s.scalars(select(LogEntry)).all()]
    assert not any("张三" in c or "13800000000" in c for c in contents)


def test_cli_correct_set_case_number(evidence_home):
    logged_db()
    proc = run_cli("correct", "1", "1", "工号不方便透露", check=True)
    assert "工号不方便透露" in proc.stdout
    show = run_cli("show", "1", check=True).stdout
    assert "  1 [" in show and "你个骗子不要脸" in show
    assert run_cli("correct", "1", "9", "x").returncode != 0
    run_cli("set", "1", "--when", "2026-10-03 16:00", check=True)
    run_cli("case", "--name", "张三", "--lender", "某某消费金融", check=True)
    assert "某某消费金融" in run_cli("case", check=True).stdout
    run_cli("number", "13800138000", "--institution", "某某消费金融", check=True)
    assert "13800138000  某某消费金融" in run_cli("number", check=True).stdout
    assert not problems()
    data = json.loads(run_cli("report", "--month", "2026-10", "--format", "json", check=True).stdout)
    first = data["recordings"][0]
    assert first["call_start"] == "2026-10-03T16:00:00"


@pytest.mark.model
def test_retranscribe_keeps_old_transcript(evidence_home):
    from evidence.trust.corrections import retranscribe

    run_cli("ingest", "-q", str(call_file("13700001111")), check=True)
    correct_segment("1", 1, "人工更正的一句话")
    r = retranscribe("1", "base")
    assert r.segments_after >= 1
    rec = recordings.find("1")
    assert all(seg.machine_text is None for seg in rec.segments)
    with database.session() as s:
        old = s.scalars(select(SupersededTranscript).order_by(SupersededTranscript.id)).all()
    assert "人工更正的一句话" in old[-1].content and old[-1].content_sha256 == r.superseded_sha256
    assert actions()[-1] == "retranscribe" and not problems()
