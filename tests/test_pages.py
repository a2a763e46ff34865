"""Allocation and uptake pages through AppTest: both languages, empty data, the URL round trip."""

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from budget.money import format_krw

APP = "../app.py"  # AppTest resolves paths relative to this file
PAGES = ["pages/allocation.py", "pages/uptake.py"]


def open_page(db_path, monkeypatch, page, **params) -> AppTest:
    monkeypatch.setenv("BUDGET_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    return at.run()


def texts(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.body for e in at.info]
    parts += [e.body for e in at.warning] + [e.value for e in at.title] + [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_pages_render_on_demo_data(demo_db, monkeypatch, page, lang):
    at = open_page(demo_db, monkeypatch, page, lang=lang)
    assert not at.exception
    assert len(at.get("plotly_chart")) >= 3
    assert ("가정" if lang == "ko" else "assumption") in texts(at)
    assert all(b.label in ("CSV 내려받기", "Download CSV") for b in at.get("download_button"))


@pytest.mark.parametrize("page", PAGES)
def test_pages_render_without_disbursements(empty_db, monkeypatch, page):
    at = open_page(empty_db, monkeypatch, page, lang="en")
    assert not at.exception
    if page.endswith("uptake.py"):
        assert "No disbursements yet" in texts(at)
        assert "Disbursed to date KRW 0" in texts(at)


def test_uptake_numbers_for_a_sector_equal_sums_over_the_database(demo_db, monkeypatch):
    at = open_page(demo_db, monkeypatch, "pages/uptake.py", lang="ko", sector="steel")
    assert not at.exception
    con = duckdb.connect(str(demo_db))  # same configuration as the app's cached connection
    paid = con.execute("SELECT sum(amount_krw) FROM disbursement WHERE sector = 'steel'").fetchall()[0][0]
    allocated = con.execute(
        "SELECT sum(amount_krw) FROM allocation a JOIN scenario s ON s.id = a.scenario_id "
        "WHERE s.kind = 'baseline' AND sector = 'steel'"
    ).fetchall()[0][0]
    by_instrument = dict(
        con.execute("SELECT instrument, sum(amount_krw) FROM disbursement WHERE sector = 'steel' GROUP BY 1").fetchall()
    )
    con.close()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["집행액 (누계)"] == format_krw(paid)
    assert metrics["배분액"] == format_krw(allocated)
    assert metrics["배분 잔액"] == format_krw(allocated - paid)
    # the instrument table, in won, row by row
    at.toggle(key="uptake_by_instrument_as_table").set_value(True).run()
    table = at.dataframe[0].value
    shown = dict(zip(table["지원 수단"], table["집행액 (원)"], strict=True))
    assert sum(shown.values()) == paid
    assert shown["신용보증기금 보증지원"] == by_instrument["guarantee"]


def test_url_round_trip(demo_db, monkeypatch):
    at = open_page(
        demo_db, monkeypatch, "pages/uptake.py", lang="en", sector="steel,energy", years="2022-2024", instrument="loan"
    )
    assert not at.exception
    assert at.sidebar.multiselect(key="f_sector").value == ["steel", "energy"]
    assert at.sidebar.multiselect(key="f_instrument").value == ["loan"]
    assert at.sidebar.slider(key="f_years").value == (2022, 2024)
    # change a widget: the URL follows
    at.sidebar.multiselect(key="f_instrument").set_value(["fund", "rnd"]).run()
    assert not at.exception
    assert at.query_params["instrument"] == "fund,rnd"
    assert at.query_params["sector"] == "steel,energy"
    assert at.query_params["years"] == "2022-2024"
    assert at.query_params["lang"] == "en"
    # the view survives a page change
    at.switch_page("pages/allocation.py").run()
    assert at.sidebar.multiselect(key="f_instrument").value == ["fund", "rnd"]
    assert at.query_params["instrument"] == "fund,rnd"
    # reset clears the URL back to the language and the scenario shown (always named)
    at.sidebar.button(key="f_reset").click().run()
    assert at.query_params == {"lang": "en", "scenario": "1"}


def test_a_link_with_unknown_codes_still_opens(demo_db, monkeypatch):
    at = open_page(demo_db, monkeypatch, "pages/allocation.py", sector="atlantis", years="1999-3000", scenario="999")
    assert not at.exception
    assert at.sidebar.multiselect(key="f_sector").value == []
    assert at.sidebar.slider(key="f_years").value == (2020, 2025)


def test_allocation_page_with_a_year_that_has_no_allocation(demo_db, monkeypatch):
    at = open_page(demo_db, monkeypatch, "pages/allocation.py", lang="en", years="2020-2020")
    assert not at.exception
    assert "Nothing is allocated in this view." in texts(at)
    assert not at.get("plotly_chart")
    # the uptake page drew six empty charts, their axes from −1 to 1 (the walker, eleventh session)
    at = open_page(demo_db, monkeypatch, "pages/uptake.py", lang="en", years="2020-2020")
    assert not at.exception
    assert "Nothing is allocated or paid in this view. Widen the filters to see more." in texts(at)
    assert not at.get("plotly_chart")


@pytest.mark.parametrize("page", PAGES)
def test_a_database_without_any_plan_gets_a_message(empty_db, monkeypatch, page):
    con = duckdb.connect(str(empty_db))
    con.execute("DELETE FROM allocation")
    con.execute("DELETE FROM scenario")
    con.close()
    at = open_page(empty_db, monkeypatch, page, lang="en")
    assert not at.exception
    assert "python -m budget init" in "\n".join(e.body for e in at.error)


def test_odd_url_values_open_a_sensible_view(demo_db, monkeypatch):
    at = open_page(demo_db, monkeypatch, "pages/uptake.py", years="abc", scenario="²", instrument=",,,", lang="zz")
    assert not at.exception
    assert at.sidebar.slider(key="f_years").value == (2020, 2025)
    assert at.query_params["lang"] == "ko"
