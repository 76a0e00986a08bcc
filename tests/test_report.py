import json

import pytest

from conftest import CALLS, run_cli


def test_invalid_month_is_one_line():
    for bad in ("2026-13", "abc"):
        proc = run_cli("report", "--month", bad)
        assert proc.returncode != 0
        assert proc.stderr.strip().count("\n") == 0 and "YYYY-MM" in proc.stderr


def test_empty_month_says_so(evidence_home):
    evidence_home.mkdir()
    proc = run_cli("report", "--month", "2025-01", check=True)
    assert "No recordings in this period" in proc.stdout
    assert "No calls in 2025-01" in proc.stderr and "Nothing is filed yet" in proc.stderr
    proc = run_cli("report", "--month", "2025-01", "--format", "json", check=True)
    data = json.loads(proc.stdout)
    assert data["month"] == "2025-01" and data["recordings"] == [] and data["summary"]["flags"] == 0


@pytest.mark.model
def test_json_contract_and_night_call(evidence_home):
    night = next(CALLS.glob("李四@*"))  # 23:10
    run_cli("ingest", "-q", str(night), check=True)
    data = json.loads(run_cli("report", "--month", "2026-11", "--format", "json", check=True).stdout)
    assert set(data) >= {"month", "generated_at", "recordings", "summary"}
    rec = data["recordings"][0]
    assert set(rec) >= {"sha256", "original_name", "caller", "contact", "call_start", "duration",
                        "call_flags", "flags"}
    assert rec["call_flags"] == ["night_call"]
    for f in rec["flags"]:
        assert set(f) >= {"category", "start", "end", "text", "rule", "kind", "confidence"}
