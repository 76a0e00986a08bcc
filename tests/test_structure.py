"""The seams of the layout: one table per family, one-line errors, a fast start, ingest that files
its own flags and log entry. CLI tests here run in-process with click's CliRunner."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from evidence import categories, paths, recordings
from evidence import db as database
from evidence.cli import cli
from evidence.errors import BadArgument, NotFound
from evidence.flagging import lexicon
from evidence.reports import FORMATS, Format, get_format, packet_formats, register_format, render_report

from conftest import CALLS
from reportdb import fill


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def one_line_error(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code != 0 and len(lines) == 1, result.output
    return lines[0]


def test_unknown_report_format_is_one_line_naming_the_choices():
    line = one_line_error(invoke("report", "--month", "2026-10", "--format", "nope"))
    assert "nope" in line and all(name in line for name in FORMATS)


def test_unknown_rule_kind_is_one_line_naming_file_and_line(tmp_path, monkeypatch):
    folder = tmp_path / "lex"
    shutil.copytree(paths.resolve().lexicons, folder)
    threat = folder / "threat.yaml"
    text = threat.read_text(encoding="utf-8")
    line_no = text.count("\n") + 1
    threat.write_text(text + "  - id: threat.new\n    kind: telepathy\n    patterns: [x]\n", encoding="utf-8")
    monkeypatch.setenv("EVIDENCE_LEXICONS", str(folder))
    line = one_line_error(invoke("lexicon", "check"))
    assert f"threat.yaml:{line_no}" in line and "telepathy" in line


def test_format_table_drives_choices_packet_and_dispatch(evidence_home):
    from evidence.reports import periods
    from evidence.reports.data import build

    assert [f.packet_file() for f in packet_formats()] == ["report.html", "report.md", "report.json", "flags.csv"]
    assert "--format [terminal|html|markdown|json|csv]" in invoke("report", "--help").output
    with pytest.raises(BadArgument):
        get_format("nope")
    register_format("count", Format("txt", lambda report, ctx: f"{len(report.calls)} calls\n"))
    try:
        fill()
        assert render_report(build(periods.month("2026-10")), "count") == "5 calls\n"
    finally:
        del FORMATS["count"]


def test_one_category_table_feeds_lexicon_and_reports():
    from evidence.reports.data import CATEGORIES, CATEGORY_ZH

    assert lexicon.CATEGORIES == CATEGORIES == categories.IDS
    assert CATEGORY_ZH["identity_refusal"] == "拒绝表明身份"
    legal = yaml.safe_load((paths.resolve().lexicons / "legal_basis.yaml").read_text(encoding="utf-8"))["basis"]
    for cat in categories.CATEGORY_TABLE:
        assert cat.legal_keys and set(cat.legal_keys) <= set(legal), cat.id


def test_head_revision_is_read_cheaply_and_matches_alembic(evidence_home):
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    p = paths.resolve()
    cfg = Config()
    cfg.set_main_option("script_location", str(p.migrations))
    assert database.head_revision(p.migrations) == ScriptDirectory.from_config(cfg).get_current_head()
    assert not database.is_current(p.database, p.migrations)  # no database yet
    database.engine()
    assert database.is_current(p.database, p.migrations)


def test_list_on_a_current_schema_does_not_load_alembic(evidence_home):
    invoke("list")  # creates the schema
    code = ("import sys\nfrom evidence.cli import cli\ntry:\n    cli(['list'])\nexcept SystemExit:\n    pass\n"
            "print([m for m in ('alembic', 'faster_whisper', 'spacy', 'av') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("[]"), out.stdout


def test_list_and_show_in_process(evidence_home):
    fill()
    listed = invoke("list")
    assert listed.exit_code == 0 and len(listed.output.splitlines()) == 1 + 5  # column names, 5 calls
    sha = recordings.all_recordings()[0].sha256
    shown = invoke("show", sha[: recordings.MIN_SHA_PREFIX])
    assert shown.exit_code == 0 and sha in shown.output
    assert "zzz" in one_line_error(invoke("show", "zzz"))
    with pytest.raises(NotFound):
        recordings.find("zzzzzzzz")


@pytest.mark.model
def test_a_direct_ingest_files_flags_and_log_entry(evidence_home):
    from evidence.ingest.filing import ingest_file
    from evidence.trust.verify import verify_store

    result = ingest_file(next(Path(CALLS).glob("13700001111*")))
    assert result.status == "filed"
    check = verify_store()
    assert check.ok, check.problems
    rec = recordings.find(str(result.recording_id))
    entries, _states = recordings.history(rec)
    assert [e.action for e in entries] == ["ingest"]


def test_transcription_backends_are_a_table():
    from evidence import asr
    from evidence.asr.whisper import FasterWhisper

    assert isinstance(asr.transcriber(), FasterWhisper)
    with pytest.raises(BadArgument):
        asr.transcriber("nope")
