"""The flagger end to end: real model on rendered calls, scored against their labels."""

from __future__ import annotations

import json

import pytest

from evidence.flagging.hits import MODEL_KIND
from evidence.flagging.rule_kinds import RULE_KINDS

from conftest import CALLS, run_cli

pytestmark = pytest.mark.model  # every test here runs the real Whisper model


def test_rendered_calls_are_flagged_where_labelled(labels, evidence_home, tmp_path):
    names = [n for n in labels if labels[n]["id"] in ("fx01", "fx03", "fx04", "fx05")]
    run_cli("ingest", "-q", *[str(CALLS / n) for n in names], check=True)
    out = tmp_path / "r.json"
    run_cli("report", "--month", "2026-11", "--format", "json", "--output", str(out), check=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    by_sha = {r["sha256"]: r for r in report["recordings"]}
    for name in names:
        lab = labels[name]
        flags = by_sha[lab["sha256"]]["flags"]
        for turn in lab["turns"]:
            lo, hi = turn["start"] - 1.5, turn["end"] + 1.5
            here = [f for f in flags if lo <= (f["start"] + f["end"]) / 2 <= hi]
            if turn.get("label"):
                assert any(f["category"] == turn["label"] for f in here), (name, turn["text"], flags)
            if turn.get("lawful"):
                assert not here, (name, turn["text"], here)
        for f in flags:
            assert 0 < f["confidence"] <= 1 and (f["kind"] in RULE_KINDS or f["kind"] == MODEL_KIND), f
            if f["kind"] != MODEL_KIND:  # the second opinion quotes the whole turn, by design
                assert f["end"] - f["start"] < 4, f  # placed on the words, not the whole segment


def test_reflag_records_the_lexicon_version(evidence_home, tmp_path):
    run_cli("ingest", "-q", str(next(CALLS.glob("13700001111*"))), check=True)
    proc = run_cli("reflag", check=True)
    assert "re-flagged 1 recordings" in proc.stdout
    out = tmp_path / "r.json"
    run_cli("report", "--month", "2026-11", "--format", "json", "-o", str(out), check=True)
    flags = json.loads(out.read_text(encoding="utf-8"))["recordings"][0]["flags"]
    assert flags and len(flags[0]["lexicon_version"]) == 64
