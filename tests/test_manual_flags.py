"""A person's flags: added through the core and the CLI, logged, kept across reflag, in reports."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from evidence import db as database
from evidence.errors import BadArgument
from evidence.trust.manual_flags import add_manual_flag

from conftest import run_cli
from servedb import fill


@pytest.fixture
def filled():
    fill(("13700001111",))  # "你个骗子，不要脸。" from 1.498 s to 3.456 s, 4.4 s long
    return "1"


def _report() -> dict:
    return json.loads(run_cli("report", "--month", "2026-11", "--format", "json", check=True).stdout)


def test_cli_flag_add_is_logged_kept_across_reflag_and_reported(filled):
    out = run_cli("flag", "add", filled, "--start", "1.5", "--end", "1.93", "--category", "threat",
                  "--note", "说要上门", check=True)
    assert "你个" in out.stdout
    run_cli("reflag", check=True)
    flags = _report()["recordings"][0]["flags"]
    mine = [f for f in flags if f["kind"] == "manual"]
    assert len(mine) == 1
    assert mine[0]["category"] == "threat" and mine[0]["text"] == "你个" and mine[0]["review"] == "confirmed"
    assert mine[0]["start"] == 1.5 and mine[0]["end"] == 1.93
    assert run_cli("verify", check=True).returncode == 0
    md = run_cli("report", "--month", "2026-11", "--format", "markdown", check=True).stdout
    assert "本人添加" in md


def test_a_persons_flag_survives_a_speaker_swap(filled):
    add_manual_flag(filled, 1.5, 1.93, "threat", None)
    run_cli("speaker", "swap", filled, check=True)
    flags = _report()["recordings"][0]["flags"]
    assert [f["text"] for f in flags if f["kind"] == "manual"] == ["你个"]
    assert run_cli("verify", check=True).returncode == 0


def test_verify_finds_a_manual_flag_edited_behind_the_programs_back(filled):
    flag = add_manual_flag(filled, 2.6, 3.2, "threat", None)
    assert flag.text == "不要脸"
    with database.session() as s, s.begin():
        s.execute(text("UPDATE flags SET category = 'insult' WHERE id = :id"), {"id": flag.id})
    proc = run_cli("verify")
    assert proc.returncode == 1 and f"flag {flag.id}" in proc.stdout


@pytest.mark.parametrize("start,end,category,message", [
    (2.0, 1.0, "threat", "after the start"),
    (0.0, 0.5, "threat", "nothing was transcribed"),
    (1.0, 2.0, "spam", "unknown category"),
    (1.0, 99.0, "threat", "only 4.4 s long"),
])
def test_bad_input_is_refused_and_nothing_is_written(filled, monkeypatch, start, end, category, message):
    monkeypatch.setenv("EVIDENCE_LANG", "en")
    with pytest.raises(BadArgument, match=message):
        add_manual_flag(filled, start, end, category, None)
    flags = _report()["recordings"][0]["flags"]
    assert flags and all(f["kind"] != "manual" for f in flags)


def test_the_same_words_twice_are_refused(filled, monkeypatch):
    monkeypatch.setenv("EVIDENCE_LANG", "en")
    add_manual_flag(filled, 1.5, 1.93, "threat", None)
    with pytest.raises(BadArgument, match="already flagged"):
        add_manual_flag(filled, 1.5, 1.93, "threat", "again")
