"""The small things that hurt a first-time user (issue 13): progress, typos in folders, stable flag
numbers, finding a recording, empty months, the list columns, --caller periods, review hints."""

from __future__ import annotations

import io
import json

from click.testing import CliRunner
from sqlalchemy import select

from evidence import db as database
from evidence import recordings
from evidence.cli import cli
from evidence.db.models import Flag
from evidence.flagging import reflag
from evidence.ingest.filing import ingest_paths
from evidence.progress import ProgressLine

from reportdb import fill

ZH = {"LANG": "zh_CN.UTF-8", "EVIDENCE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None}


def invoke(*args: str, env: dict | None = None, **kwargs):
    return CliRunner().invoke(cli, list(args), env=env, prog_name="evidence", **kwargs)


def error_line(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code != 0 and len(lines) == 1, result.output
    return lines[0]


# ------------------------------------------------------------------ progress

def test_progress_line_shows_file_i_of_n_and_percent_on_one_line(monkeypatch):
    monkeypatch.setenv("EVIDENCE_LANG", "zh")
    out = io.StringIO()
    line = ProgressLine(out)
    line.start_file(2, 5, "call.mp3")
    line.audio(30.0, 120.0)
    line.audio(30.2, 120.0)  # same whole percent: not rewritten
    line.audio(120.0, 120.0)
    text = out.getvalue()
    assert "\n" not in text  # one line, rewritten in place
    frames = [f.strip() for f in text.split("\r") if f.strip()]
    assert frames == ["第 2/5 个文件：call.mp3", "第 2/5 个文件：call.mp3  已转写 25%",
                      "第 2/5 个文件：call.mp3  已转写 100%"]
    line.clear()
    assert out.getvalue().endswith("\r")


def test_progress_is_silent_when_quiet():
    out = io.StringIO()
    line = ProgressLine(out, enabled=False)
    line.start_file(1, 1, "a.mp3")
    line.audio(5, 10)
    line.clear()
    assert out.getvalue() == ""


def test_ingest_reports_each_file_as_it_begins(tmp_path):
    for name in ("a.mp3", "b.mp3"):
        (tmp_path / name).write_text("not audio", encoding="utf-8")
    begun = []
    results = ingest_paths([tmp_path], on_file=lambda i, n, path: begun.append((i, n, path.name)))
    assert begun == [(1, 2, "a.mp3"), (2, 2, "b.mp3")] and all(r.status == "failed" for r in results)


# ------------------------------------------------------------------ folders that do not exist

def test_watch_of_a_missing_folder_is_an_error_not_a_new_folder(tmp_path):
    typo = tmp_path / "CallRecordigns"
    line = error_line(invoke("watch", str(typo)))
    assert str(typo) in line and "no such folder" in line
    assert not typo.exists()


def test_mistyped_evidence_home_is_an_error_for_read_commands(evidence_home):
    for args in (["list"], ["show", "1"], ["report", "--month", "2026-10"], ["verify"], ["review"]):
        line = error_line(invoke(*args))
        assert str(evidence_home) in line and "EVIDENCE_HOME" in line and "evidence ingest" in line, args
    assert not evidence_home.exists()  # nothing was created


def test_ingest_creates_the_data_folder_and_says_so(evidence_home, tmp_path):
    bad = tmp_path / "x.mp3"
    bad.write_text("not audio", encoding="utf-8")
    result = invoke("ingest", str(bad))
    assert evidence_home.is_dir() and f"Creating the data folder {evidence_home}" in result.output


# ------------------------------------------------------------------ flags and review

def _flag_ids() -> dict[str, int]:
    from evidence.trust.review import flag_fingerprint

    with database.session() as s:
        return {flag_fingerprint(f.recording, f): f.id for f in s.scalars(select(Flag)).all()}


def test_flag_numbers_survive_reflag_so_review_flag_n_keeps_its_flag(evidence_home):
    fill()
    reflag()
    before = _flag_ids()
    assert before
    number = min(before.values())
    assert invoke("review", "--flag", str(number), "--dismiss").exit_code == 0
    reflag()
    assert _flag_ids() == before
    shown = invoke("show", "1").output
    assert f"[flag {number}: dismissed]" in shown


def test_review_confirm_and_dismiss_together_is_an_error(evidence_home):
    fill()
    line = error_line(invoke("review", "--flag", "1", "--confirm", "--dismiss"))
    assert "--confirm" in line and "--dismiss" in line


def test_review_suggests_the_clip_and_serve_not_ffplay(evidence_home):
    fill()
    reflag()
    result = invoke("review", input="q\n")
    assert result.exit_code == 0, result.output
    assert "clip:" in result.output and "evidence serve" in result.output and "ffplay" not in result.output


# ------------------------------------------------------------------ show and list

def test_show_of_an_unknown_number_says_so_in_chinese(evidence_home):
    fill()
    assert error_line(invoke("show", "999", env=ZH)).startswith("错误：没有编号为 999 的录音")


def test_show_finds_by_phone_number_and_file_name(evidence_home):
    fill()
    several = invoke("show", "+86 138-0013-8000")
    assert several.exit_code == 0 and "5 recordings match" in several.output
    one = invoke("show", "20261003231500")
    assert one.exit_code == 0 and "sha256" in one.output and "2026-10-03 23:15:00" in one.output


def test_list_has_contact_and_night_columns(evidence_home):
    fill()
    output = invoke("list", env=ZH).output
    night_call = next(line for line in output.splitlines() if "2026-10-03 23:15" in line)
    assert "张三" in night_call and "夜间" in night_call
    day_call = next(line for line in output.splitlines() if "2026-10-04 09:00" in line)
    assert "夜间" not in day_call
    assert "联系人" in output.splitlines()[0]


def test_terminal_shows_category_names_not_rule_ids(evidence_home):
    fill()
    reflag()
    shown = invoke("show", "1", env=ZH).output
    assert "辱骂" in shown and "insult." not in shown and "rule " not in shown


# ------------------------------------------------------------------ report periods

def test_empty_month_names_the_months_that_have_calls(evidence_home):
    fill()
    result = invoke("report", "--month", "2025-01")
    assert result.exit_code == 0 and "Months with calls: 2026-10 (5)" in result.stderr


def test_report_for_a_caller_covers_all_months_unless_a_period_is_given(evidence_home):
    fill()
    everything = json.loads(invoke("report", "--caller", "13800138000", "--format", "json").stdout)
    assert len(everything["recordings"]) == 5
    november = invoke("report", "--caller", "13800138000", "--month", "2026-11", "--format", "json")
    assert json.loads(november.stdout)["recordings"] == []


def test_recordings_search_is_the_lookup_show_uses(evidence_home):
    fill()
    assert [r.id for r in recordings.search("1")] == [1]
    assert len(recordings.search("13800138000")) == 5
