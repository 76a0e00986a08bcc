"""The user's language: Chinese by default and by LANG=zh_CN, English by LANG=en_US; the catalogue
is complete and its compiled .mo is the one committed. CLI checks run in-process (CliRunner), one
in a child process."""

from __future__ import annotations

import io
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from evidence import i18n
from evidence.cli import cli

from conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "src/evidence/locale/zh_CN/LC_MESSAGES/evidence.po"
MO = PO.with_suffix(".mo")
CJK = re.compile(r"[\u4e00-\u9fff]")
ZH = {"LANG": "zh_CN.UTF-8", "EVIDENCE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None}
EN = {"LANG": "en_US.UTF-8", "EVIDENCE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None}


def english_sentences(text: str) -> list[str]:
    """Lines holding four or more English words in a row, once examples, paths, file names,
    options and metavars are set aside."""
    found = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith(("evidence ", "EVIDENCE_", "用法", "Usage:")):
            continue  # an example or the usage line: command words, not sentences
        s = re.sub(r"`[^`]*`|\[[^\]]*\]|\S*[/\\.@_=-]\S*", " ", s)
        if re.search(r"[A-Za-z]{2,}(?:[\s,;:()]+[A-Za-z]{2,}){3,}", s):
            found.append(line)
    return found


def invoke(args: list[str], env: dict, **kwargs):
    return CliRunner().invoke(cli, args, env=env, prog_name="evidence", **kwargs)


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()):
    """Every command and subcommand, so commands added later are checked too."""
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from command_paths(cmd, (*prefix, name))


ALL_COMMANDS = [()] + list(command_paths(cli))


# ------------------------------------------------------------------ the catalogue

def test_catalogue_every_message_translated_and_mo_up_to_date():
    from babel.messages.extract import extract_from_dir
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with PO.open("rb") as f:
        catalog = read_po(f)
    untranslated = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple)
                                                                         and not all(m.string)))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not untranslated and not fuzzy, (untranslated, fuzzy)

    # every message in the code is in the catalogue (someone added _() without tools/i18n.sh)
    src = ROOT / "src/evidence"
    extracted = {msg[2] if isinstance(msg[2], str) else msg[2][0]
                 for msg in extract_from_dir(str(src), method_map=[("**.py", "python")])}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert not sorted(extracted - known), "run tools/i18n.sh and translate: " + repr(sorted(extracted - known))

    # the same {placeholders} on both sides, or .format() fails at run time
    for m in catalog:
        if m.id and isinstance(m.id, str):
            assert set(re.findall(r"{(\w*)", m.id)) == set(re.findall(r"{(\w*)", m.string)), m.id

    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert MO.read_bytes() == compiled.getvalue(), "evidence.mo is stale: run tools/i18n.sh compile"


def test_language_follows_evidence_lang_then_locale(monkeypatch):
    for var in ("EVIDENCE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert i18n.language() == "zh"  # the default: the users read Chinese
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.language() == "en" and i18n._("Options") == "Options"
    monkeypatch.setenv("EVIDENCE_LANG", "zh")
    assert i18n.language() == "zh" and i18n._("Options") == "选项"


# ------------------------------------------------------------------ help, every command

@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "evidence")
def test_help_is_chinese_with_zh_locale(path):
    result = invoke([*path, "--help"], ZH)
    assert result.exit_code == 0, result.output
    assert CJK.search(result.output) and "用法" in result.output and "选项" in result.output
    assert not english_sentences(result.output), english_sentences(result.output)
    assert "Show this message" not in result.output and "Usage:" not in result.output


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "evidence")
def test_help_is_english_with_en_locale(path):
    result = invoke([*path, "--help"], EN)
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output and "Options:" in result.output
    described = "\n".join(line for line in result.output.splitlines() if "evidence " not in line)
    described = re.sub(r"\([^()]*\)", "", described)  # Chinese terms glossed in brackets are fine
    assert not CJK.search(described), result.output


def test_help_in_a_child_process_follows_lang(monkeypatch):
    monkeypatch.delenv("EVIDENCE_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    zh = run_cli("report", "--help", env={"LANG": "zh_CN.UTF-8"}, check=True).stdout
    en = run_cli("report", "--help", env={"LANG": "en_US.UTF-8"}, check=True).stdout
    assert "生成月度报告" in zh and "The monthly report" in en


# ------------------------------------------------------------------ errors

def _one_error(result) -> str:
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code != 0, result.output
    return "\n".join(lines)


@pytest.fixture
def bad_files(tmp_path) -> dict[str, Path]:
    text = tmp_path / "13800000000_20261101100000.mp3"
    text.write_text("这不是录音 not audio\n" * 20, encoding="utf-8")
    return {"missing": tmp_path / "没有这个文件.mp3", "not audio": text}


@pytest.mark.parametrize("case", ["bad month", "missing file", "not audio", "missing argument", "no such option"])
def test_errors_are_chinese_with_zh_locale(case, bad_files):
    args = {"bad month": ["report", "--month", "2026-13"],
            "missing file": ["ingest", str(bad_files["missing"])],
            "not audio": ["ingest", str(bad_files["not audio"])],
            "missing argument": ["ingest"],
            "no such option": ["list", "--colour"]}[case]
    out = _one_error(invoke(args, ZH))
    assert CJK.search(out) and not english_sentences(out), out
    assert "Error" not in out and "Usage" not in out


@pytest.mark.parametrize("case,words", [
    ("bad month", "is not a month"), ("missing file", "no such file"), ("not audio", "not a readable audio file"),
    ("missing argument", "Missing argument"),
])
def test_errors_are_english_with_en_locale(case, words, bad_files):
    args = {"bad month": ["report", "--month", "2026-13"],
            "missing file": ["ingest", str(bad_files["missing"])],
            "not audio": ["ingest", str(bad_files["not audio"])],
            "missing argument": ["ingest"]}[case]
    out = _one_error(invoke(args, EN))
    assert words in out and "Error" in out or "FAILED" in out, out
    assert not CJK.search(out.replace(bad_files["missing"].name, "")), out


def test_month_error_is_exactly_one_chinese_line():
    result = invoke(["report", "--month", "2026-13"], ZH)
    assert result.exit_code == 1
    assert result.output.strip() == "错误：“2026-13”不是月份；请写成 YYYY-MM，例如 2026-11"


def test_lexicon_test_gives_its_reasons_in_chinese(monkeypatch):
    monkeypatch.setenv("EVIDENCE_LANG", "zh")
    result = CliRunner().invoke(cli, ["lexicon", "test", "我们不会联系您的家人。请把“打断腿”这三个字再说一遍"])
    assert result.exit_code == 0, result.output
    assert "合法的相似说法" in result.output and "在引号里" in result.output
    assert not re.search(r"look-alike|quotation|negated|quoting", result.output)
