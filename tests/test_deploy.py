"""The replica set (deploy/start.py): nginx, one editor and two viewers on loopback, for real.

An upload through the editor is published and every viewer shows it; a viewer killed mid-test
loses nothing, the others keep serving, and the supervisor brings it back.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import duckdb
import pytest
from playwright.sync_api import expect

from budget import auth, publish
from deploy.start import DeployError, healthy, nginx_binary, nginx_config, running
from tests.conftest import free_port, make_db, wait_until_idle

PASSWORD = "briefing-day-2026"
FILE = "\r\n".join(
    ["2024년 1월 집행 실적", "(단위: 백만원)", "집행번호,집행일자,지원수단,분야,금액(백만원),기업명,지역",
     'D1,2024-01-05,보증,미래차,"2,500",(주)한빛정밀,경기', "D2,2024-01-08,대출,소재부품,500,㈜대성소재,충남",
     '합계,,,,"3,000",,']
).encode("cp949")  # fmt: skip


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("deploy")
    database = make_db(folder / "live.duckdb", demo=False)
    env = {"BUDGET_EDITOR_PASSWORD_HASH": auth.hash_password(PASSWORD)}
    for _ in range(5):  # a free run of four ports
        try:
            with running(free_port(), 2, database, folder / "run", env=env) as started:
                yield started
            return
        except DeployError as exc:
            if "ports in use" not in str(exc):
                raise
    pytest.fail("no four free loopback ports in a row after five tries")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object) -> None:  # report a redirect rather than follow it
        return None


def served_by(url: str, jar: http.cookiejar.CookieJar) -> str:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(url, timeout=10) as answer:
        return answer.headers["X-Served-By"]


def live_total(stack) -> int:
    """Total disbursed in the newest snapshot (the editor holds the live file open)."""
    newest = publish.latest(stack.snapshots)
    con = duckdb.connect(str(stack.snapshots / newest["file"]), read_only=True)
    try:
        return con.execute("SELECT coalesce(sum(amount_krw), 0) FROM live_disbursement").fetchall()[0][0]
    finally:
        con.close()


def test_sessions_stick_to_one_viewer_and_both_viewers_serve(stack):
    viewers = {u.removeprefix("http://") for u in stack.viewer_urls}
    seen = set()
    for _ in range(40):
        jar = http.cookiejar.CookieJar()
        first = served_by(f"{stack.url}/", jar)
        assert [c.name for c in jar] == ["budget_route"]  # the route cookie, set once
        assert {served_by(f"{stack.url}/_stcore/health", jar) for _ in range(5)} == {first}  # sticky
        seen.add(first)
    assert seen == viewers  # forty readers are spread over both
    moved = urllib.request.Request(f"{stack.url}/edit?lang=en", method="HEAD")
    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(moved, timeout=10)
    assert answer.value.code == 301 and answer.value.headers["Location"].endswith("/edit/?lang=en")
    editor = stack.editor_url.removeprefix("http://").removesuffix("/edit")
    assert served_by(f"{stack.url}/edit/_stcore/health", http.cookiejar.CookieJar()) == editor


def test_streamlit_static_files_come_from_nginx_gzipped(stack):
    with urllib.request.urlopen(f"{stack.url}/", timeout=10) as answer:
        script = re.search(r'src="\./(static/js/[^"]+\.js)"', answer.read().decode()).group(1)
    asked = urllib.request.Request(f"{stack.url}/{script}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(asked, timeout=10) as answer:
        assert answer.headers["Content-Encoding"] == "gzip"
        assert answer.headers["Content-Type"] == "application/javascript"  # module scripts need it
        assert "immutable" in answer.headers["Cache-Control"]
        assert not answer.headers.get("X-Served-By")  # no Streamlit process was asked


def test_an_upload_through_the_editor_reaches_every_viewer(stack, browser, tmp_path):
    file = tmp_path / "1월_집행.csv"
    file.write_bytes(FILE)
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{stack.url}/?lang=en")
    paid = page.locator('[data-testid="stMetric"]:has-text("Disbursed to date")')
    expect(paid).to_contain_text("KRW 0", timeout=60_000)
    expect(page.get_by_text("Viewer instance: showing published snapshot").first).to_be_visible()

    # the editor, through nginx: not "local", so it asks for the password
    editor = browser.new_page(viewport={"width": 1400, "height": 1600})
    editor.goto(f"{stack.url}/edit/upload?lang=en")
    editor.get_by_text("Editor sign-in").first.click(timeout=60_000)
    editor.get_by_label("Your name (recorded with each change)").fill("Kim Operator")
    editor.get_by_role("textbox", name="Password").fill(PASSWORD)
    editor.get_by_role("button", name="Editor sign-in").click()
    editor.get_by_text("Signed in as editor: Kim Operator").wait_for(timeout=60_000)
    editor.locator('[data-testid="stSidebarNav"]').get_by_role(
        "link", name="Upload"
    ).click()  # editors' pages now listed
    editor.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(file), timeout=60_000)
    editor.get_by_text("Amount to load").first.wait_for(timeout=60_000)
    wait_until_idle(editor)
    editor.get_by_role("button", name="Load", exact=True).click()
    expect(editor.get_by_text("Published snapshot").first).to_be_visible(timeout=60_000)
    wait_until_idle(editor)
    assert live_total(stack) == 3_000_000_000
    newest = publish.latest(stack.snapshots)
    assert newest["batches"] == [{"id": 1, "status": "loaded"}]

    # every viewer, asked directly, serves the new snapshot; so does nginx
    for url in [*stack.viewer_urls, stack.url]:
        reader = browser.new_page(viewport={"width": 1400, "height": 1200})
        reader.goto(f"{url}/?lang=en")
        expect(reader.locator('[data-testid="stMetric"]:has-text("Disbursed to date")')).to_contain_text(
            "KRW 3bn", timeout=60_000
        )
        expect(reader.get_by_text(f"published snapshot {newest['version']}").first).to_be_visible()
        reader.close()
    # a page already open moves to the new snapshot on its next rerun (a language switch here)
    page.goto(f"{stack.url}/?lang=ko")
    expect(page.locator('[data-testid="stMetric"]:has-text("집행액 (누계)")')).to_contain_text("30억원", timeout=60_000)


def test_killing_a_viewer_loses_nothing_and_the_others_keep_serving(stack, browser):
    version = publish.latest(stack.snapshots)["version"]
    total = live_total(stack)
    editor = browser.new_page(viewport={"width": 1400, "height": 1200})
    editor.goto(f"{stack.editor_url}/?lang=en")  # the live database, as the editor reads it
    live = editor.locator('[data-testid="stMetric"]:has-text("Disbursed to date") [data-testid="stMetricValue"]')
    expect(live).to_contain_text("KRW", timeout=60_000)
    shown = live.inner_text()
    victim = stack.viewers[0]
    old_pid = victim.process.pid
    os.kill(old_pid, signal.SIGKILL)
    victim.process.wait()
    # while it is down (or coming back), readers through nginx are all served, by the other one
    for _ in range(3):
        page = browser.new_page(viewport={"width": 1400, "height": 1200})
        page.goto(f"{stack.url}/?lang=en")
        expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=60_000)
        wait_until_idle(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        page.close()
    # the supervisor restarts it, and it serves the same snapshot
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (victim.process.pid != old_pid and healthy(victim.url)):
        time.sleep(0.5)  # waiting on the supervisor's health checks
    assert victim.process.pid != old_pid and victim.restarts >= 1
    assert any("viewer-1 exited: restarting it" in e for e in stack.events)
    assert publish.latest(stack.snapshots)["version"] == version and live_total(stack) == total
    assert all(publish.intact(stack.snapshots, m) for m in publish.snapshots(stack.snapshots))
    editor.reload()  # the editor, and so the database, never noticed
    expect(live).to_have_text(shown, timeout=60_000)
    page = browser.new_page(viewport={"width": 1400, "height": 1200})
    page.goto(f"{victim.url}/?lang=en")
    expect(page.get_by_text(f"published snapshot {version}").first).to_be_visible(timeout=60_000)


def test_the_nginx_configuration_is_what_nginx_accepts(tmp_path):
    (tmp_path / "tmp").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(nginx_config(18600, 18601, [18602, 18603, 18604], tmp_path, static=tmp_path))
    text = conf.read_text()
    assert text.count("server 127.0.0.1:186") == 4 and "hash $budget_route consistent" in text
    assert not re.search(r"\{\{[A-Z]+\}\}", text)  # every placeholder filled
    checked = subprocess.run([nginx_binary(), "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True)
    assert checked.returncode == 0, checked.stderr


def test_a_viewer_that_hangs_is_restarted_after_three_failed_health_checks(stack):
    victim = stack.viewers[1]
    deadline = time.monotonic() + 120
    while not victim.up and time.monotonic() < deadline:  # in service, whatever ran before
        time.sleep(0.5)  # waiting on the supervisor's health checks
    old_pid = victim.process.pid
    os.kill(old_pid, signal.SIGSTOP)  # alive but answering nothing: only the health check can tell
    try:
        while time.monotonic() < deadline and victim.process.pid == old_pid:
            time.sleep(0.5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(old_pid, signal.SIGCONT)
    assert victim.process.pid != old_pid
    assert any(f"{victim.name} failed 3 health checks: restarting it" in e for e in stack.events)
    while time.monotonic() < deadline and not healthy(victim.url):
        time.sleep(0.5)
    assert healthy(victim.url) and healthy(stack.url)
