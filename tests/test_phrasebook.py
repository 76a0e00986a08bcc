"""The phrasebook (tests/phrasebook/phrasebook.tsv): its format, and the matcher's text-level
precision and recall on it (issue 11: every category P and R >= 0.90, at most 2 lawful flagged)."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PHRASEBOOK = ROOT / "tests" / "phrasebook" / "phrasebook.tsv"
CATS = ("threat", "insult", "third_party", "identity_refusal")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_phrases", ROOT / "bench" / "score_phrases.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("score_phrases", mod)  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


def test_phrasebook_format_and_size():
    phrases = _scorer().load_tsv(PHRASEBOOK)  # raises on a malformed line or an unknown label
    firsts = Counter(p.labels[0] for p in phrases)
    for c in CATS:
        assert firsts[c] >= 60, f"{c}: only {firsts[c]} sentences"
    assert firsts["lawful"] >= 100
    assert all(len(p.labels) <= 2 and len(set(p.labels)) == len(p.labels) for p in phrases)
    dupes = [t for t, n in Counter(p.text for p in phrases).items() if n > 1]
    assert not dupes, f"duplicate sentences: {dupes}"


def test_load_tsv_rejects_bad_lines(tmp_path):
    score = _scorer()
    bad = tmp_path / "bad.tsv"
    for line in ("threat 没有制表符", "menace\t你等着", "lawful,threat\t依法起诉"):
        bad.write_text(f"# comment\n{line}\n", encoding="utf-8")
        with pytest.raises(ValueError, match=":2:"):
            score.load_tsv(bad)


def test_matcher_on_phrasebook():
    score = _scorer()
    result = score.score(score.load_tsv(PHRASEBOOK))
    low = {c: r for c, r in result["per_category"].items() if r["precision"] < 0.90 or r["recall"] < 0.90}
    assert not low, f"below 0.90: {low}"
    assert result["lawful_flagged"] <= 2, result["false_flags"]
