"""Who said it, end to end: the real model files a call, the debtor's words are not violations,
a speaker correction is logged and verified."""

from __future__ import annotations

import json
import sqlite3

import pytest

from conftest import call_file, run_cli

pytestmark = pytest.mark.model  # the real Whisper model and the real speaker encoder


def _report(month: str = "2026-11") -> dict:
    return json.loads(run_cli("report", "--month", month, "--format", "json", check=True).stdout)


def test_debtor_words_are_context_not_violations_and_swap_is_logged(labels, evidence_home):
    path = call_file("李四@180")
    call = labels[path.name]
    run_cli("ingest", str(path), check=True)
    rec = _report()["recordings"][0]
    assert {t["speaker"] for t in rec["transcript"]} == {"collector", "debtor"}
    debtor_turns = [t for t in call["turns"] if t["who"] == "d"]

    def in_debtor_turn(x: dict) -> bool:
        mid = (x["start"] + x["end"]) / 2
        return any(t["start"] - 0.2 <= mid <= t["end"] + 0.2 for t in debtor_turns)

    assert rec["flags"], "the collector's insult and threat are flagged"
    assert all(f["speaker"] == "collector" for f in rec["flags"])
    assert not any(in_debtor_turn(f) for f in rec["flags"])  # "你刚才说要去我单位堵我" is context
    assert all(t["speaker"] == "debtor" for t in rec["transcript"] if in_debtor_turn(t))

    shown = run_cli("show", "1", check=True, env={"EVIDENCE_LANG": "en"}).stdout
    assert "Collector：" in shown and "Me：" in shown

    run_cli("speaker", "swap", "1", check=True)
    swapped = _report()["recordings"][0]
    assert all(f["speaker"] == "collector" for f in swapped["flags"])
    assert {t["text"] for t in swapped["transcript"] if t["speaker"] == "collector"} == \
        {t["text"] for t in rec["transcript"] if t["speaker"] == "debtor"}
    assert run_cli("verify", check=True).returncode == 0

    # a speaker changed behind the program's back is caught
    db = sqlite3.connect(evidence_home / "evidence.sqlite3")
    db.execute("update segments set speaker = 'collector' where speaker = 'debtor'")
    db.commit()
    db.close()
    proc = run_cli("verify")
    assert proc.returncode != 0 and "speakers differ" in proc.stdout + proc.stderr
