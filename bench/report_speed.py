#!/usr/bin/env python3
"""Report speed: a month with 1,000 recordings and 10,000 flags, every format except clips.

Fills a fresh database with generated rows, then times building the report data and rendering
terminal, Markdown, HTML, JSON and CSV. Baseline in the same process: reading the same rows with
a bare sqlite3 SELECT. Target: all formats under 2 seconds.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import tempfile
import time


def main() -> None:
    os.environ["EVIDENCE_HOME"] = tempfile.mkdtemp(prefix="evidence-report-")
    from evidence import db as database
    from evidence import paths
    from evidence.db.models import Flag, Recording, Segment
    from evidence.reports import data as report_data
    from evidence.reports import periods
    from evidence.reports import render as report_render

    rng = random.Random(3)
    cats = ["threat", "insult", "third_party", "identity_refusal"]
    with database.session() as s, s.begin():
        for i in range(1000):
            when = dt.datetime(2026, 10, 1) + dt.timedelta(minutes=rng.randrange(31 * 24 * 60))
            rec = Recording(sha256=f"{i:064x}", original_name=f"1380013{i:04d}_{when:%Y%m%d%H%M%S}.m4a",
                            original_path="/x", stored_path=None, size=1, format="m4a", codec="aac",
                            duration=60.0, caller=f"1380013{rng.randrange(200):04d}", contact=None,
                            call_start=when, time_source="filename", ingested_at=when, status="done")
            rec.segments = [Segment(idx=k, start=k * 5.0, end=k * 5 + 4.0, text="我是平台的专员，你再不还钱就上门",
                                    avg_logprob=-0.3, no_speech_prob=0.1) for k in range(5)]
            s.add(rec)
            s.flush()
            for k in range(10):
                s.add(Flag(recording_id=rec.id, segment_id=rec.segments[k % 5].id, category=cats[k % 4],
                           rule_id="threat.visit", kind="phrase", match="exact", text="上门", normalized="上门",
                           start=k * 5.0 + 1, end=k * 5.0 + 1.6, confidence=0.9, severity=3,
                           legal_basis="psl_50,cc_68", lexicon_version="0" * 64, created_at=when))
    t0 = time.perf_counter()
    with sqlite3.connect(paths.resolve().database) as conn:
        rows = conn.execute("select * from recordings r join flags f on f.recording_id = r.id").fetchall()
    baseline = time.perf_counter() - t0

    t0 = time.perf_counter()
    report = report_data.build(periods.month("2026-10"))
    built = time.perf_counter() - t0
    times = {}
    for fmt in ("terminal", "markdown", "html", "json", "csv"):
        t = time.perf_counter()
        text = report_render.render(report, fmt)
        times[fmt] = (time.perf_counter() - t, len(text))
    total = built + sum(t for t, _ in times.values())
    print(f"{len(report.calls)} recordings, {sum(len(c.flags) for c in report.calls)} flags ({len(rows)} joined rows)")
    print(f"baseline bare sqlite3 SELECT of the same rows: {baseline:.3f}s")
    print(f"build report data: {built:.3f}s")
    for fmt, (t, n) in times.items():
        print(f"render {fmt:9s} {t:.3f}s ({n / 1e6:.1f} MB)")
    print(f"all formats: {total:.3f}s = {total / baseline:.1f}x the bare SELECT; target < 2 s: {total < 2}")


if __name__ == "__main__":
    main()
