"""Screenshots of `evidence serve` for the README: the calls page and a call page, 1280 px and 390 px.

Builds a throw-away data folder from the labelled test calls (tests/data/calls), starts the real
server on a free port and photographs it with Playwright and Debian's chromium.

    python docs/screenshots.py            # writes docs/serve-*.png
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--mute-audio", "--font-render-hinting=none"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="evidence-shots-"))
    env = {**os.environ, "EVIDENCE_HOME": str(home), "PYTHONUNBUFFERED": "1",
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")])}
    env.pop("EVIDENCE_LANG", None)
    subprocess.run([sys.executable, "-c", "import servedb; servedb.fill()"], env=env, check=True)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "evidence", "serve", "--no-browser", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, text=True)
    try:
        url = re.search(r"http://\S+", server.stdout.readline())[0]
        base = f"http://127.0.0.1:{port}"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, (width, height) in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
                page.goto(url)
                page.screenshot(path=OUT / f"serve-calls-{name}.png", full_page=True)
                page.goto(base + "/call/2")
                page.locator(".flag").first.locator(".seek").click()
                page.screenshot(path=OUT / f"serve-call-{name}.png", full_page=True)
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    for png in sorted(OUT.glob("serve-*.png")):
        print(png.relative_to(ROOT))


if __name__ == "__main__":
    main()
