"""The complaint kit in the packet: calls.csv, complaint texts within their limits, originals
(compressed when over 2 MB), a hash note that works with sha256sum -c, and verify --packet."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import wave

import numpy as np

from evidence import db as database
from evidence import paths
from evidence.case import save_case
from evidence.db.models import Recording
from evidence.ingest import audio, store
from evidence.reports.complaint import FACTS_LIMIT

from conftest import run_cli
from reportdb import add_call, fill_logged


def big_original(tmp_path) -> str:
    """An 80 s mono 16 kHz WAV (2.5 MB) filed as a call."""
    path = tmp_path / "13911112222_20261009100000.wav"
    rng = np.random.default_rng(1)
    t = np.arange(80 * 16000) / 16000
    samples = (0.3 * np.sin(2 * np.pi * 220 * t) + 0.05 * rng.standard_normal(t.size)).clip(-1, 1)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes((samples * 32767).astype("<i2").tobytes())
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    stored = store.put(paths.resolve().ensure().store, path, digest)
    sha = add_call("13911112222", dt.datetime(2026, 10, 9, 10, 0), ["您好，提醒您按时还款。"])
    with database.session() as s, s.begin():  # point the call at the big audio
        rec = s.query(Recording).filter_by(sha256=sha).one()
        rec.stored_path, rec.duration, rec.sha256 = str(stored), 80.0, digest
    return digest


def facts_of(text: str) -> str:
    return text.split("事实经过：\n", 1)[1].split("\n\n诉求：", 1)[0]


def test_packet_has_the_complaint_kit(tmp_path):
    fill_logged()
    save_case(name="张三", phone="13900009999", lender="某某消费金融有限公司", platform="某某借款")
    add_call("13900001111", dt.datetime(2026, 10, 5, 10, 0),
             ["我是某某消费金融的，请不要联系我的家人。", "再不还钱就打给你爸妈，让全村都知道！"])
    add_call("13900001111", dt.datetime(2026, 10, 6, 23, 30), ["我已经联系你单位领导了", "你管我是谁"])
    big_sha = big_original(tmp_path)
    out = tmp_path / "packet"
    run_cli("report", "--month", "2026-10", "--out", str(out), check=True)

    calls = list(csv.DictReader(io.StringIO((out / "calls.csv").read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert len(calls) == 8  # every call of the period, flagged or not
    assert sum(int(r["frequency"]) for r in calls) == 4 and sum(int(r["night_call"]) for r in calls) == 2
    assert any(r["findings_zh"] == "无" for r in calls)
    flags_csv = (out / "flags.csv").read_text(encoding="utf-8")
    assert flags_csv.count(",frequency,频繁来电") == 4  # calls whose only problem is frequency

    t12378 = (out / "complaint" / "12378.txt").read_text(encoding="utf-8")
    assert "投诉人：张三" in t12378 and "13900009999" in t12378 and "某某消费金融有限公司" in t12378
    facts = facts_of(t12378)
    assert len(facts) <= FACTS_LIMIT["12378"], len(facts)
    assert "威胁" in facts and "联系第三方" in facts and "夜间" in facts
    assert re.search(r"\d\d月\d\d日\d\d:\d\d来电（\d+）称：“", facts)
    assert "明确要求对方不要联系我的家人" in facts
    assert "非法" not in t12378 and "违法" not in t12378
    nifa = (out / "complaint" / "nifa.txt").read_text(encoding="utf-8")
    assert "中国互联网金融协会" in nifa and len(facts_of(nifa)) <= FACTS_LIMIT["nifa"]
    t12321 = (out / "complaint" / "12321.txt").read_text(encoding="utf-8")
    assert "来电号码：13900001111" in t12321 and "2026-10-06 23:30（30秒）" in t12321

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    originals = [n for n in manifest["files"] if n.startswith("originals/")]
    assert len(originals) == 2
    small = next(n for n in originals if n.endswith(".wav"))
    assert manifest["files"][small] == hashlib.sha256((out / small).read_bytes()).hexdigest()
    assert manifest["files"][small] in manifest["originals"].values()  # the original itself
    (packed, info), = manifest["compressed"].items()
    assert info["original_sha256"] == big_sha and (out / packed).stat().st_size <= 2 * 1024 * 1024
    assert 75 < audio.decode(out / packed).duration < 85
    assert "sha256sum -c MANIFEST.sha256" in (out / "如何核验.txt").read_text(encoding="utf-8")
    if shutil.which("sha256sum"):
        proc = subprocess.run(["sha256sum", "-c", "MANIFEST.sha256"], cwd=out, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    assert run_cli("verify", "--packet", str(out)).returncode == 0
    (out / "complaint" / "12378.txt").write_text("改过", encoding="utf-8")
    assert run_cli("verify", "--packet", str(out)).returncode != 0
