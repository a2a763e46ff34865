"""The overview in a real browser: Debian's Chromium against `streamlit run`."""

import pytest
from playwright.sync_api import expect

from tests.conftest import wait_until_idle

pytestmark = pytest.mark.browser


def sector_plot(page):
    """The uptake page's by-sector chart, found by its key and drawn (charts render when in view)."""
    container = page.locator(".st-key-uptake_by_sector_chart")
    container.scroll_into_view_if_needed(timeout=30_000)
    plot = container.locator(".js-plotly-plot")
    expect(plot).to_be_visible(timeout=30_000)
    return plot


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
    page.get_by_text("KRW 2.94tn").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert "lang=en" in page.url
    page.screenshot(path=str(tmp_path / "overview-en.png"), full_page=True)


def test_a_link_with_lang_en_opens_in_english(demo_db, streamlit_server, browser):
    url = streamlit_server(demo_db)
    page = browser.new_page()
    page.goto(f"{url}/?lang=en")  # the default page lives at /
    page.get_by_text("KRW 2.94tn").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.get_by_text("Programme envelope").first.is_visible()


def test_a_deep_link_to_uptake_reopens_the_filtered_view(demo_db, streamlit_server, browser, tmp_path):
    url = streamlit_server(demo_db)
    link = f"{url}/uptake?lang=en&sector=steel&years=2021-2025"
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(link)  # the server's very first request is the deep link
    page.get_by_text("Showing: All · Steel · 2021–2025").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    page.screenshot(path=str(tmp_path / "uptake-steel-first.png"), full_page=True)
    # the router ran: navigation and the language switch are there
    page.get_by_text("Language / 언어").first.wait_for(timeout=10_000)
    assert page.locator('[data-testid="stSidebarNav"]').count() == 1
    assert "sector=steel" in page.url and "years=2021-2025" in page.url
    # the filtered chart: the sector chart has exactly one bar group, Steel
    sector_chart = sector_plot(page)
    expect(sector_chart.locator(".xtick text")).to_have_text(["Steel"], timeout=30_000)
    page.screenshot(path=str(tmp_path / "uptake-steel.png"), full_page=True)

    # a second, fresh browser page opened on the copied link shows the same numbers
    copied = page.url
    paid_metric = '[data-testid="stMetric"]:has-text("Disbursed to date")'
    paid = page.locator(paid_metric).inner_text()
    assert "KRW" in paid
    other = browser.new_page(viewport={"width": 1400, "height": 1800})
    other.goto(copied)
    other.get_by_text("Showing: All · Steel · 2021–2025").first.wait_for(timeout=60_000)
    wait_until_idle(other)
    assert other.locator(paid_metric).inner_text() == paid


def test_clicking_a_sector_bar_filters_to_that_sector(demo_db, streamlit_server, browser):
    url = streamlit_server(demo_db)
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(f"{url}/uptake?lang=en")
    page.get_by_text("Showing: All · All").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    sector_chart = sector_plot(page)
    expect(sector_chart.locator(".xtick text")).to_have_count(10, timeout=30_000)
    bar = sector_chart.locator("g.trace.bars").last.locator("path").nth(2)  # the third sector: Healthcare
    expect(bar).to_be_visible()
    box = bar.bounding_box()
    # plotly's drag layer sits over the bars: click where a reader would, by position
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text("Showing: All · Healthcare").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert "sector=healthcare" in page.url


def test_uploading_a_cp949_file_through_the_page(empty_db, streamlit_server, browser, tmp_path):
    file = tmp_path / "1월_집행.csv"
    file.write_bytes(
        "\r\n".join(
            ["2024년 1월 집행 실적", "(단위: 백만원)", "집행번호,집행일자,지원수단,분야,금액(백만원),기업명,지역",
             'C1,2024. 1. 5.,보증,미래자동차,"1,500",(주)한빛정밀,경기도', "C2,20240106,대출,소재부품,250,㈜대성소재,충남",
             '합계,,,,"1,750",,']
        ).encode("cp949")
    )  # fmt: skip
    url = streamlit_server(empty_db)
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(f"{url}/upload?lang=ko")
    page.get_by_text("파일 업로드: 집행 실적과 배분 계획").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    # Streamlit's own "Upload" and "50MB per file" are written over in Korean (ninth session)
    button = page.locator('[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p')
    limit = page.locator('[data-testid="stFileUploaderDropzoneInstructions"] span')
    shown = "(e) => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content]"
    # the page's style comes with its own element, which may be drawn a moment after the uploader
    # (on a loaded machine, after the page is idle): wait for it, up to half a minute
    page.wait_for_function(
        """() => { const e = document.querySelector(
              '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p');
              return e !== null && getComputedStyle(e).fontSize === "0px"; }""",
        timeout=30_000,
    )
    assert button.evaluate(shown) == ["0px", '"파일 선택"']
    assert limit.evaluate(shown) == ["0px", '"끌어다 놓거나 고르세요 · 파일당 50MB까지 · CSV, TXT, TSV, XLSX"']
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(file))
    page.get_by_text("적재할 금액").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    expect(page.locator('[data-testid="stMetric"]:has-text("적재할 금액")')).to_contain_text(
        "1,750,000,000원"
    )  # 1,500 + 250 백만원, to the won
    page.get_by_role("button", name="적재하기").click()
    page.get_by_text("배치 1 적재").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)
    page.goto(f"{url}/?lang=ko")
    expect(page.locator('[data-testid="stMetric"]:has-text("집행액 (누계)")')).to_contain_text("18억원", timeout=60_000)


def test_save_a_scenario_copy_its_link_and_open_it_in_a_new_page(empty_db, streamlit_server, browser, tmp_path):
    url = streamlit_server(empty_db)
    page = browser.new_page(viewport={"width": 1400, "height": 1800})
    page.goto(f"{url}/scenarios?lang=ko")
    page.get_by_text("열린 시나리오: 기준안 (가정 배분) (저장됨)").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    amount = page.get_by_label("새 규모 (억원)")  # the fund is the first instrument
    amount.fill("6000")
    amount.press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name="적용").first.click()
    moved = page.locator('[data-testid="stMetric"]:has-text("옮겨진 금액")')
    expect(moved).to_contain_text("2,000억원", timeout=60_000)
    expect(page.locator('[data-testid="stMetric"]:has-text("시나리오 총액")')).to_contain_text("2조 9,400억원")
    name = page.get_by_label("이름", exact=True)
    name.fill("펀드 확대안")
    name.press("Enter")
    wait_until_idle(page)
    page.get_by_role("button", name="새 시나리오로 저장").click()
    page.get_by_text("저장했습니다: 펀드 확대안").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    page.screenshot(path=str(tmp_path / "scenario-saved.png"), full_page=True)
    link = page.locator('[data-testid="stCode"] code').first.inner_text().strip()
    assert link.startswith(url) and "scenario=" in link

    other = browser.new_page(viewport={"width": 1400, "height": 1800})
    other.goto(link)
    other.get_by_text("열린 시나리오: 펀드 확대안 (저장됨)").first.wait_for(timeout=60_000)
    wait_until_idle(other)
    # the same link's scenario on the allocation page
    other.goto(link.replace("/scenarios?", "/allocation?"))
    other.get_by_text("펀드 확대안").first.wait_for(timeout=60_000)


def test_briefing_mode_shows_the_page_without_sidebar_or_controls(demo_db, streamlit_server, browser, tmp_path):
    url = streamlit_server(demo_db)
    page = browser.new_page(viewport={"width": 1600, "height": 1400})
    page.goto(f"{url}/uptake?lang=en&briefing=1")
    page.get_by_text("Showing: All · All").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    page.screenshot(path=str(tmp_path / "briefing.png"), full_page=True)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert page.get_by_text("Show as table").count() == 0 or not page.get_by_text("Show as table").first.is_visible()
    assert not page.get_by_role("button", name="Download CSV").first.is_visible()
    assert "briefing=1" in page.url


def test_a_viewer_sees_no_upload_controls(demo_db, streamlit_server, browser, tmp_path):
    # started on every address with no sign-in configured: read-only
    url = streamlit_server(demo_db, address="0.0.0.0")
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(f"{url}/?lang=en")
    page.get_by_text("KRW 2.94tn").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    expect(nav).to_contain_text("Scenarios")
    assert "Upload" not in nav.inner_text() and "Audit" not in nav.inner_text()
    expect(page.get_by_text("Read-only:").first).to_be_visible()
    page.goto(f"{url}/upload?lang=en")  # asked for directly
    page.get_by_text("KRW 2.94tn").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    page.goto(f"{url}/batches?lang=en")
    page.get_by_text("Only editors can do this").first.wait_for(timeout=60_000)
    assert page.get_by_role("button", name="Revert").count() == 0
    page.screenshot(path=str(tmp_path / "viewer-batches.png"), full_page=True)


def test_the_headline_figures_fit_a_laptops_page(demo_db, streamlit_server, browser, tmp_path):
    # at 1024 px wide the overview's figures read "2조 9,400…" (the walker of the eleventh session):
    # no metric's text overflows its box, and the instruments' cards break Korean between words only
    url = streamlit_server(demo_db)
    page = browser.new_page(viewport={"width": 1024, "height": 1400})
    page.goto(f"{url}/")
    page.get_by_text("2조 9,400억원").first.wait_for(timeout=60_000)
    wait_until_idle(page)
    page.screenshot(path=str(tmp_path / "overview-1024.png"))
    cut = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMetricValue]')].map(
               m => [m, ...m.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1))"""
    )
    assert len(cut) >= 3 and not any(cut)
    assert page.evaluate("() => getComputedStyle(document.querySelector('h4')).wordBreak") == "keep-all"
