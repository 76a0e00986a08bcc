"""The HTML report in Debian's headless Chromium: at 1280 px and 390 px no horizontal overflow and
a quote column at least 12 characters wide (measured in the page), a screenshot of each, and a PDF.

Set EVIDENCE_SCREENSHOTS=DIR to keep the screenshots and the PDF there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from reportdb import add_call, fill_logged

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

PROBE = """<script>
window.addEventListener('load', () => {
  const cells = [...document.querySelectorAll('table.flags td.quote')];
  const widths = cells.map(c => c.getBoundingClientRect().width / parseFloat(getComputedStyle(c).fontSize));
  const out = {cells: cells.length, min_quote_chars: widths.length ? Math.min(...widths) : 0,
               scroll_width: document.documentElement.scrollWidth, inner_width: window.innerWidth,
               clip_names: [...document.querySelectorAll('.clipname')].map(e => e.textContent)};
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
  if (window.parent !== window) window.parent.postMessage(JSON.stringify(out), '*');
});
</script>"""

# Chromium's headless window is at least 500 px wide, so a narrower screen is an iframe of that
# width; the page inside measures itself and reports to the frame holder.
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" width="{width}" height="{height}" style="border:0;display:block"></iframe>
<script>window.addEventListener('message', m => {{
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = m.data;
  document.body.appendChild(pre); }});</script></body></html>"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
         f"--user-data-dir={tmp_path / 'chrome'}", *args],
        capture_output=True, text=True, timeout=180)


def packet_with_many_flags(tmp_path: Path) -> Path:
    fill_logged()
    long_line = ("喂，我是某某消费金融的，你这个老赖，欠钱不还还不接电话，再不还钱就打给你爸妈，"
                 "让你们全村都知道你是骗子，工号不方便透露，你管我是谁。")
    for day in range(5, 9):
        add_call("13900001111", dt.datetime(2026, 10, day, 23, 30), [long_line, "你自己看着办吧。"])
    out = tmp_path / "packet"
    run_cli("report", "--month", "2026-10", "--out", str(out), check=True)
    return out


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_html_layout_at_1280_and_390_and_print(tmp_path):
    out = packet_with_many_flags(tmp_path)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html  # self-contained
    probe_page = out / "probe.html"
    probe_page.write_text(html.replace("</body>", PROBE + "</body>"), encoding="utf-8")
    keep = Path(os.environ["EVIDENCE_SCREENSHOTS"]) if os.environ.get("EVIDENCE_SCREENSHOTS") else tmp_path
    keep.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        frame = out / f"frame-{width}.html"
        frame.write_text(FRAME.format(src="probe.html", width=width, height=900), encoding="utf-8")
        proc = chromium(tmp_path, "--window-size=1400,1000", "--virtual-time-budget=5000", "--dump-dom",
                        frame.as_uri())
        assert proc.returncode == 0, proc.stderr[-2000:]
        found = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
        assert found, proc.stdout[-2000:]
        probe = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
        assert probe["inner_width"] == width
        assert probe["cells"] >= 8
        assert probe["min_quote_chars"] >= 12, probe
        assert probe["scroll_width"] <= probe["inner_width"], probe
        assert len(probe["clip_names"]) == 2  # the calls with a stored original have clips
        shot = keep / f"report-{width}.png"
        frame.write_text(FRAME.format(src="report.html", width=width, height=2400), encoding="utf-8")
        proc = chromium(tmp_path, f"--window-size={width},2400", f"--screenshot={shot}",
                        "--virtual-time-budget=3000", frame.as_uri())
        assert proc.returncode == 0 and shot.stat().st_size > 10_000, proc.stderr[-2000:]
    pdf = keep / "report.pdf"
    proc = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", (out / "report.html").as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    assert data.startswith(b"%PDF") and 1 <= pages <= 12, pages
