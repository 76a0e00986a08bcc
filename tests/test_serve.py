"""`evidence serve` in a real browser: the real server in a child process on a real data folder,
driven by Playwright with Debian's chromium."""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import run_cli
from servedb import fill

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--autoplay-policy=no-user-gesture-required", "--mute-audio"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, home: Path):
        self.home = home
        self.port = _free_port()
        env = {**os.environ, "EVIDENCE_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        env.pop("EVIDENCE_LANG", None)
        self.proc = subprocess.Popen([sys.executable, "-m", "evidence.cli", "serve", "--no-browser",
                                      "--port", str(self.port)], env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/\?token=\S+", line)
        assert match, f"no address printed: {line!r}"
        self.banner = line
        self.url = match[0]
        self.base = f"http://127.0.0.1:{self.port}"
        self.token = self.url.split("token=")[1]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def server(evidence_home):
    fill()
    srv = Server(evidence_home)
    yield srv
    srv.stop()


def _request(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, dict]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with opener.open(req, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8", "replace"), dict(resp.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), dict(exc.headers)


def test_prints_the_address_and_refuses_requests_without_the_key(server):
    assert server.banner.startswith("在浏览器中打开: http://127.0.0.1:")
    for path in ("/", "/call/1", "/audio/1", "/static/app.js", "/report"):
        status, _body, _h = _request(server.base + path)
        assert status == 403, path
    status, _body, _h = _request(server.base + "/?token=wrong")
    assert status == 403
    status, _body, headers = _request(server.url)
    assert status == 303 and headers["location"] == "/"
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()


def test_a_second_server_on_the_same_port_says_so_in_one_line(server):
    proc = run_cli("serve", "--no-browser", "--port", str(server.port))
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and str(server.port) in proc.stderr and "--port" in proc.stderr


def test_post_without_the_csrf_token_is_refused_and_changes_nothing(server):
    cookie = {"Cookie": f"evidence_key={server.token}"}
    status, page, _h = _request(server.base + "/call/2", headers=cookie)
    assert status == 200
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page)[1]
    flag_id = re.search(r'id="flag-(\d+)"', page)[1]
    target = f"{server.base}/call/2/flags/{flag_id}/review"
    status, _b, _h = _request(target, data=b"decision=confirm", headers=cookie)
    assert status == 403
    status, _b, _h = _request(target, data=b"decision=confirm&csrf=wrong", headers=cookie)
    assert status == 403
    status, _b, _h = _request(target, data=b"decision=confirm", headers={**cookie, "X-CSRF-Token": "wrong"})
    assert status == 403
    status, _b, _h = _request(f"{server.base}/call/2/flags/{flag_id}/review", headers=cookie)  # GET
    assert status == 405
    report = json.loads(run_cli("report", "--month", "2026-11", "--format", "json", check=True).stdout)
    assert all(f["review"] == "unreviewed" for r in report["recordings"] for f in r["flags"])
    status, _b, _h = _request(target, data=f"decision=confirm&csrf={csrf}".encode(), headers=cookie)
    assert status == 303


def test_audio_is_served_with_range_requests_by_recording_id(server):
    cookie = {"Cookie": f"evidence_key={server.token}"}
    status, _b, headers = _request(server.base + "/audio/4", headers={**cookie, "Range": "bytes=0-99"})
    assert status == 206 and headers["content-range"].startswith("bytes 0-99/")
    assert _request(server.base + "/audio/999", headers=cookie)[0] == 404
    assert _request(server.base + "/static/", headers=cookie)[0] == 404  # no directory listing
    assert _request(server.base + "/audio/..%2f..%2fevidence.sqlite3", headers=cookie)[0] == 404


def test_listens_on_127_0_0_1_only(server):
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, port = local.rsplit(":", 1)
            if int(port, 16) == server.port and state == "0A":  # LISTEN
                listening.append(address)
    assert listening == ["0100007F"], listening  # 127.0.0.1, and nothing on other addresses or IPv6


def test_new_recordings_appear_and_pages_read_while_another_process_writes(server):
    cookie = {"Cookie": f"evidence_key={server.token}"}
    assert _request(server.base + "/", headers=cookie)[1].count("data-id=") == 5
    fill(("13700001113",))  # filed by another process, as `evidence watch` does
    assert _request(server.base + "/", headers=cookie)[1].count("data-id=") == 6
    assert _request(server.base + "/report/view?month=2026-11", headers=cookie)[0] == 200  # modules loaded
    writer = sqlite3.connect(server.home / "evidence.sqlite3", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock, as filing a recording does
    try:
        for path in ("/", "/call/2", "/audio/4", "/report?month=2026-11&verify=1", "/report/view?month=2026-11"):
            started = time.monotonic()
            status, body, _h = _request(server.base + path, headers=cookie)
            assert status == 200 and time.monotonic() - started < 10, path  # the busy timeout is 60 s
        assert "没有被改动" in _request(server.base + "/report?month=2026-11&verify=1", headers=cookie)[1]
    finally:
        writer.execute("ROLLBACK")
        writer.close()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip("chromium is not installed (apt-get install chromium); the browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e .[test])")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_a_review_session_in_the_browser_lands_in_the_report_and_verifies(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(server.url)
    assert page.url == server.base + "/"
    assert page.locator("h1").inner_text() == "通话记录"
    assert page.locator("tr[data-id]").count() == 5
    assert page.locator("tr[data-id='2'] .badge.night").count() == 1  # 23:10

    page.click("a[href='/call/2']")
    page.wait_for_selector("#player")
    flags = page.locator(".flag")
    machine_flags = flags.count()  # what the current lexicon finds; at least the insult and a threat
    assert machine_flags >= 2 and "你这个人渣" in flags.nth(0).inner_text()
    assert [page.locator(f"#line-{n} .who").inner_text() for n in range(3)] == ["催收方", "催收方", "我方"]
    threat = page.locator(".flag.cat-threat").first
    start = float(threat.get_attribute("data-start"))
    threat.locator(".seek").click()
    page.wait_for_function("s => { const p = document.getElementById('player');"
                           " return p.currentTime >= s - 0.05 && p.currentTime < s + 3; }", arg=start)

    # confirm the first flag with a note
    first = flags.nth(0)
    first_id = first.get_attribute("data-flag")
    first.locator("input[name=note]").fill("骂我人渣")
    first.locator("button.confirm").click()
    page.wait_for_selector(f"#flag-{first_id}.state-confirmed")
    assert "已确认" in page.locator(f"#flag-{first_id} .state").inner_text()

    # keyboard: j moves to the next flag, d dismisses it
    page.locator("h1").click()
    page.keyboard.press("j")
    second_id = page.locator(".flag.current").get_attribute("data-flag")
    assert second_id != first_id
    page.keyboard.press("d")
    page.wait_for_selector(f"#flag-{second_id}.state-dismissed")

    # select words the machine missed and flag them
    page.evaluate("""() => {
        const words = document.querySelectorAll('#line-0 .w');
        const range = document.createRange();
        range.setStart(words[6].firstChild, 0);
        range.setEnd(words[9].firstChild, 1);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""")
    page.wait_for_selector("#addflag:not([hidden])")
    assert page.locator("#picked").inner_text() == "借钱不还"
    page.select_option("#addflag select[name=category]", "insult")
    page.fill("#addflag input[name=note]", "羞辱")
    page.click("#addflag button[type=submit]")
    page.wait_for_selector(".flag.state-confirmed >> text=借钱不还")
    assert page.locator(".flag").count() == machine_flags + 1

    assert all(u.startswith(server.base + "/") for u in requested), [u for u in requested
                                                                      if not u.startswith(server.base)]
    for path in ("/", "/call/2", "/report", "/case", "/static/app.js", "/static/app.css", "/report/view?month=2026-11"):
        text = page.request.get(server.base + path).text()
        assert not re.search(r"https?://|//[a-z0-9-]+\.[a-z]", text, re.I), path

    env = {"EVIDENCE_HOME": str(server.home)}
    report = json.loads(run_cli("report", "--month", "2026-11", "--format", "json", "--include-dismissed",
                                env=env, check=True).stdout)
    call = next(r for r in report["recordings"] if r["original_name"].startswith("李四"))
    by_review = {(f["text"], f["review"], f["kind"]) for f in call["flags"]}
    assert any(t == "你这个人渣" and review == "confirmed" and kind != "manual" for t, review, kind in by_review)
    assert any(review == "dismissed" for _t, review, _k in by_review)
    assert ("借钱不还", "confirmed", "manual") in by_review

    # the report page shows verify's answer plainly, and the packet button writes a packet
    page.goto(server.base + "/report?month=2026-11")
    page.click("#verifybtn")
    assert "没有被改动" in page.locator("#verifyresult").inner_text()
    page.click("#makepacket")
    page.wait_for_selector("#packetresult.ok")
    packet = Path(page.locator("#packetpath").inner_text())
    assert (packet / "manifest.json").is_file()
    assert run_cli("verify", env=env).returncode == 0
    assert run_cli("verify", "--packet", str(packet), env=env).returncode == 0


def _needs(feature: str) -> None:
    from evidence.web import features

    if not features.available()[feature]:
        pytest.skip(f"the core function behind '{feature}' (issue 13) is not in this checkout yet")


def test_correct_a_line_and_edit_call_details_in_the_browser(server, browser):
    _needs("correct")
    _needs("metadata")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(server.url)
    page.goto(server.base + "/call/2")
    page.click("#line-2 [data-edit]")
    page.fill("#line-2 form.correct input[name=text]", "你刚才说要去我单位堵我，我已经全程录音了。")
    page.click("#line-2 form.correct button[type=submit]")
    page.wait_for_selector("#line-2 .corrected")
    assert "全程录音" in page.locator("#line-2 .text").inner_text()

    page.click(".editmeta summary")
    page.fill(".editmeta input[name=contact]", "催收李四")
    page.click(".editmeta button[type=submit]")
    page.wait_for_selector("text=联系人: 催收李四")

    env = {"EVIDENCE_HOME": str(server.home)}
    report = json.loads(run_cli("report", "--month", "2026-11", "--format", "json", "--include-dismissed",
                                env=env, check=True).stdout)
    call = next(r for r in report["recordings"] if r["original_name"].startswith("李四"))
    assert call["contact"] == "催收李四"
    assert "全程录音" in json.dumps(call, ensure_ascii=False)
    assert run_cli("verify", env=env).returncode == 0


def test_case_details_in_the_browser(server, browser):
    _needs("case")
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(server.url)
    page.goto(server.base + "/case")
    page.fill("form.case input[name=name]", "王五")
    page.fill("form.case input[name=lender]", "恒信消费金融有限公司")
    page.click("form.case button[type=submit]")
    page.wait_for_selector("text=案件信息已保存")
    assert page.locator("form.case input[name=lender]").input_value() == "恒信消费金融有限公司"
    assert run_cli("verify", env={"EVIDENCE_HOME": str(server.home)}).returncode == 0
