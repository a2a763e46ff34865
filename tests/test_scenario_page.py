"""The Scenarios page through AppTest: edit with the total locked, save, reopen by link, compare, manage."""

from __future__ import annotations

import getpass

import duckdb
from streamlit.testing.v1 import AppTest

APP = "../app.py"  # AppTest resolves paths relative to this file
LOCAL_USER = f"local:{getpass.getuser()}"  # no sign-in configured, on localhost: the local user edits


def start(db_path, monkeypatch, lang="ko", **params) -> AppTest:
    monkeypatch.setenv("BUDGET_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/scenarios.py")
    return at.run()


def k(at: AppTest, name: str) -> str:
    """A picker's key: it carries the language and the scenario names (see pages/scenarios.py)."""
    return f"{name}__{at.session_state['sc_w']}"


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def rows(db_path, query: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(db_path))
    try:
        return con.execute(query, params).fetchall()
    finally:
        con.close()


def raise_fund(at: AppTest, amount: float) -> AppTest:
    at.selectbox(key=k(at, "sc_env_instrument")).set_value("fund").run()
    next(n for n in at.number_input if n.key.startswith("sc_env_amount")).set_value(amount).run()
    return button(at, "sc_env_apply").click().run()


def test_raise_the_fund_with_the_total_locked_save_and_reopen(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch)
    assert not at.exception
    assert "시나리오는 계획입니다" in at.info[0].value
    assert metrics(at)["시나리오 총액"] == "2조 9,400억원"
    raise_fund(at, 6000.0)
    assert not at.exception
    shown = metrics(at)
    assert shown["시나리오 총액"] == "2조 9,400억원"  # locked: the others gave way
    assert shown["옮겨진 금액"] == "2,000억원"
    assert at.warning.len == 0
    assert "1 unsaved" not in at.caption[0].value and "저장하지 않은 변경 1건" in at.caption[0].value
    at.text_input(key="sc_name").set_value("펀드 확대안").run()
    button(at, "sc_save_btn").click().run()
    assert not at.exception
    assert at.success[0].value == "저장했습니다: 펀드 확대안"
    (new_id, total, fund, author), = rows(
        empty_db,
        """SELECT s.id, sum(a.amount_krw), sum(a.amount_krw) FILTER (WHERE a.instrument = 'fund'), s.created_by
           FROM scenario s JOIN allocation a ON a.scenario_id = s.id WHERE s.name = '펀드 확대안' GROUP BY ALL""",
    )  # fmt: skip
    assert (total, fund, author) == (2_940_000_000_000, 600_000_000_000, LOCAL_USER)
    assert at.query_params["scenario"] == str(new_id)
    assert f"scenario={new_id}" in at.code[0].value

    # the link opens it in a fresh session, here and on the allocation page
    again = start(empty_db, monkeypatch, scenario=str(new_id))
    assert again.caption[0].value == "열린 시나리오: 펀드 확대안 (저장됨)"
    again.switch_page("pages/allocation.py").run()
    assert not again.exception
    assert any("펀드 확대안" in c.value for c in again.caption)


def test_an_envelope_beyond_the_total_is_warned_and_undo_restores(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, lang="en")
    at.toggle(key="sc_lock").set_value(False).run()
    at.selectbox(key=k(at, "sc_env_instrument")).set_value("fund").run()
    next(n for n in at.number_input if n.key.startswith("sc_env_amount")).set_value(500.0).run()  # KRW bn
    button(at, "sc_env_apply").click().run()
    assert not at.exception
    assert metrics(at)["Scenario total"] == "KRW 3.04tn"
    assert any("differs from the promised programme (KRW 2.94tn): +KRW 100bn" in w.value for w in at.warning)
    button(at, "sc_undo_btn").click().run()
    assert metrics(at)["Scenario total"] == "KRW 2.94tn"
    assert at.warning.len == 0


def test_a_refused_save_says_why_and_writes_nothing(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch)
    before = rows(empty_db, "SELECT count(*) FROM scenario")
    button(at, "sc_save_btn").click().run()  # no name
    assert at.error[0].value == "시나리오 이름을 입력하세요."  # in the reader's language
    assert rows(empty_db, "SELECT count(*) FROM scenario") == before


def test_compare_and_manage_saved_scenarios(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch)
    raise_fund(at, 6000.0)
    at.text_input(key="sc_name").set_value("안 A").run()
    button(at, "sc_save_btn").click().run()
    (saved,), = rows(empty_db, "SELECT id FROM scenario WHERE name = '안 A'")  # fmt: skip
    (plan,), = rows(empty_db, "SELECT id FROM scenario WHERE kind = 'baseline'")  # fmt: skip

    at.multiselect(key=k(at, "sc_compare")).set_value([plan, saved]).run()
    assert not at.exception
    at.radio(key=k(at, "sc_compare_by")).set_value("instrument").run()
    assert not at.exception

    at.selectbox(key=k(at, "sc_manage_choice")).set_value(saved).run()
    at.text_input(key="sc_manage_name").set_value("안 B").run()
    button(at, "sc_manage_rename").click().run()
    assert rows(empty_db, "SELECT name FROM scenario WHERE id = ?", [saved]) == [("안 B",)]
    at.text_input(key="sc_manage_name").set_value("안 B 사본").run()
    button(at, "sc_manage_duplicate").click().run()
    assert rows(empty_db, "SELECT parent_id FROM scenario WHERE name = '안 B 사본'") == [(saved,)]
    at.selectbox(key=k(at, "sc_manage_choice")).set_value(saved).run()
    button(at, "sc_manage_archive").click().run()
    assert rows(empty_db, "SELECT archived, updated_by FROM scenario WHERE id = ?", [saved]) == [(True, LOCAL_USER)]
    at.selectbox(key=k(at, "sc_manage_choice")).set_value(plan).run()
    button(at, "sc_manage_archive").click().run()  # the baseline cannot be archived
    assert "보관할 수 없습니다" in at.error[0].value
    assert rows(empty_db, "SELECT archived FROM scenario WHERE id = ?", [plan]) == [(False,)]


def test_switching_language_mid_edit_keeps_the_draft_and_the_units_right(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch)
    raise_fund(at, 6000.0)  # 억원
    at.radio(key="lang_choice").set_value("en").run()
    assert not at.exception
    box = next(n for n in at.number_input if n.key.startswith("sc_env_amount"))
    assert box.value == 600.0  # the same KRW 600bn, now in KRW bn
    assert metrics(at)["Money moved"] == "KRW 200bn"
    box.set_value(700.0).run()
    button(at, "sc_env_apply").click().run()
    assert not at.exception and not at.error
    assert metrics(at)["Money moved"] == "KRW 300bn"
    button(at, "sc_open_btn").click().run()  # unsaved edits: the first click asks
    assert "Press again" in at.error[0].value
    assert metrics(at)["Money moved"] == "KRW 300bn"


def test_an_amount_typed_in_won_is_refused_not_saved(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch)
    at.toggle(key="sc_lock").set_value(False).run()
    at.selectbox(key=k(at, "sc_env_instrument")).set_value("fund").run()
    box = next(n for n in at.number_input if n.key.startswith("sc_env_amount"))
    assert box.max == 1_000_000.0  # 100조원 in 억원: a figure in won does not fit
    button(at, "sc_env_apply").click().run()  # nothing typed: the figure as shown
    assert not at.exception and "바뀐 것이 없습니다" not in " ".join(i.value for i in at.info)
    assert metrics(at)["옮겨진 금액"] == "0원"


def test_the_scenarios_downloads_are_told_from_the_charts(demo_db, monkeypatch):
    # at 1024 px the chart's "Download CSV" stood over the scenario's, which read the same (the walker
    # of the eleventh session)
    monkeypatch.setenv("BUDGET_DB", str(demo_db))
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = "en"
    at.switch_page("pages/scenarios.py")
    at.run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the scenario (CSV)" in labels and "Download the scenario (Excel)" in labels
    assert set(labels) == {
        "Download CSV",
        "Download the scenario (CSV)",
        "Download the scenario (Excel)",
    }  # (a chart's)
