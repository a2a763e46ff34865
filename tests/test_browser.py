"""The overview in a real browser: Debian's Chromium against `streamlit run`."""

import pytest

from tests.conftest import wait_until_idle

pytestmark = pytest.mark.browser


def test_overview_shows_the_headline_and_switches_language(demo_db, streamlit_server, browser, tmp_path):
    url = streamlit_server(demo_db)
    page = browser.new_page(viewport={"width": 1400, "height": 2000})
    page.goto(url)
    page.get_by_text("2조 9,400억원").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.get_by_text("합성 데이터").first.is_visible()
    assert "lang=ko" in page.url
    page.screenshot(path=str(tmp_path / "overview-ko.png"), full_page=True)
    assert (tmp_path / "overview-ko.png").stat().st_size > 10_000

    page.get_by_text("English", exact=True).click()
    page.get_by_text("KRW 2.94 trillion").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert "lang=en" in page.url
    page.screenshot(path=str(tmp_path / "overview-en.png"), full_page=True)


def test_a_link_with_lang_en_opens_in_english(demo_db, streamlit_server, browser):
    url = streamlit_server(demo_db)
    page = browser.new_page()
    page.goto(f"{url}/overview?lang=en")
    page.get_by_text("KRW 2.94 trillion").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.get_by_text("Programme envelope").first.is_visible()
