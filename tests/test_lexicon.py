import shutil
from pathlib import Path

import pytest

from evidence import paths
from evidence.errors import LexiconError
from evidence.flagging.lexicon import count_phrases, load

from conftest import run_cli


def copy_lexicon(tmp_path: Path) -> Path:
    target = tmp_path / "lex"
    shutil.copytree(paths.resolve().lexicons, target)
    return target


def test_shipped_lexicon_is_broad():
    lex = load(paths.resolve().lexicons)
    assert count_phrases(lex) >= 500
    assert {r.category for r in lex.rules} == {"threat", "insult", "third_party", "identity_refusal"}
    from evidence.flagging.rule_kinds import RULE_KINDS

    assert {r.kind for r in lex.rules} == set(RULE_KINDS) == {"phrase", "cooccur", "qa", "frame"}
    assert lex.context, "call_context.yaml markers are loaded"
    assert all(r.source and r.licence for r in lex.rules)


@pytest.mark.parametrize("broken,problem", [
    ("  - id: threat.bad\n    kind: phrase\n    patterns: []\n", "non-empty list"),
    ("  - id: threat.bad\n    kind: regex\n    patterns: [x]\n", "kind 'regex'"),
    ("  - id: threat.bad\n    kind: phrase\n    severity: 9\n    patterns: [x]\n", "severity"),
    ("  - id: threat.bad\n    kind: phrase\n    basis: [nowhere]\n    patterns: [x]\n", "unknown legal basis"),
    ("  - kind: phrase\n    patterns: [x]\n", "no 'id'"),
    ("  - id: threat.violence.kill\n    kind: phrase\n    patterns: [x]\n", "also used"),
    ("  - id: threat.bad\n    kind: frame\n    frame: [NO_SUCH_CLASS, x]\n", "unknown word class"),
    ("  - id: threat.bad\n    kind: frame\n    frame: [KIN]\n", "at least two slots"),
    ("  - id: threat.bad\n    kind: phrase\n    also: [nowhere]\n    patterns: [x]\n", "'also'"),
    ("  - id: threat.bad\n    kind: phrase\n    near: sometimes\n    patterns: [x]\n", "near must be"),
])
def test_malformed_entry_names_file_line_and_problem(tmp_path, broken, problem):
    folder = copy_lexicon(tmp_path)
    threat = folder / "threat.yaml"
    text = threat.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    threat.write_text(text + broken, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load(folder)
    assert f"threat.yaml:{line}" in str(err.value) and problem in str(err.value)


def test_an_exemption_sparing_an_unknown_rule_is_refused(tmp_path):
    folder = copy_lexicon(tmp_path)
    ex = folder / "exemptions.yaml"
    text = ex.read_text(encoding="utf-8")
    line = text.count("\n") + 1
    bad = "  - id: lawful.bad\n    kind: disavow\n    spares: [third_party.nowhere]\n    patterns: [x]\n"
    ex.write_text(text + bad, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load(folder)
    assert f"exemptions.yaml:{line}" in str(err.value) and "third_party.nowhere" in str(err.value)


@pytest.mark.parametrize("bad", [
    "  - id: lawful.bad\n    kind: lawful\n    whole_turn: true\n    patterns: [x]\n",  # no categories
    "  - id: lawful.bad\n    kind: quote\n    categories: [threat]\n    whole_turn: true\n    patterns: [x]\n",
])
def test_whole_turn_is_only_for_a_lawful_exemption_naming_its_categories(tmp_path, bad):
    folder = copy_lexicon(tmp_path)
    ex = folder / "exemptions.yaml"
    ex.write_text(ex.read_text(encoding="utf-8") + bad, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load(folder)
    assert "whole_turn" in str(err.value)


def test_cli_reports_a_broken_lexicon_in_one_line(tmp_path):
    folder = copy_lexicon(tmp_path)
    (folder / "insult.yaml").write_text("entries: [\n", encoding="utf-8")
    proc = run_cli("lexicon", "check", env={"EVIDENCE_LEXICONS": str(folder)})
    assert proc.returncode == 1
    assert "insult.yaml" in proc.stderr and "not valid YAML" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_lexicon_test_explains_matches():
    proc = run_cli("lexicon", "test", "你管我是谁，再不还钱就打给你爸妈", check=True)
    assert "identity_refusal" in proc.stdout and "third_party" in proc.stdout
    proc = run_cli("lexicon", "test", "我们只和您本人沟通，不会联系您的家人。", check=True)
    assert "not flagged" in proc.stdout and "lawful" in proc.stdout
