"""Each page through Streamlit's AppTest, starting from app.py as a visitor would."""

import pytest
from streamlit.testing.v1 import AppTest

APP = "../app.py"  # AppTest resolves paths relative to this file


def _texts(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.body for e in at.warning]
    parts += [e.body for e in at.info] + [e.body for e in at.error] + [e.value for e in at.title]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    return "\n".join(str(p) for p in parts)


def _run(db_path, monkeypatch, lang=None) -> AppTest:
    monkeypatch.setenv("BUDGET_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    return at.run()


def test_overview_in_korean_by_default(demo_db, monkeypatch):
    at = _run(demo_db, monkeypatch)
    assert not at.exception
    text = _texts(at)
    assert "총 지원 규모 2조 9,400억원" in text
    assert "합성 데이터" in text  # the synthetic banner
    assert "가정" in text  # the assumed-split note
    assert "집행률" in text
    assert at.query_params["lang"] == "ko"


def test_overview_in_english_from_the_url(demo_db, monkeypatch):
    at = _run(demo_db, monkeypatch, lang="en")
    assert not at.exception
    text = _texts(at)
    assert "Programme envelope KRW 2.94tn" in text
    assert "SYNTHETIC" in text
    assert "assumption" in text
    assert "총 지원 규모" not in text


def test_language_switch_updates_the_url(demo_db, monkeypatch):
    at = _run(demo_db, monkeypatch)
    at.sidebar.radio(key="lang_choice").set_value("en").run()
    assert not at.exception
    assert at.query_params["lang"] == "en"
    assert "Programme envelope KRW 2.94tn" in _texts(at)


def test_overview_without_disbursements_has_no_synthetic_banner(empty_db, monkeypatch):
    at = _run(empty_db, monkeypatch)
    assert not at.exception
    text = _texts(at)
    assert "합성" not in "\n".join(w.body for w in at.warning)
    assert "아직 집행 자료가 없습니다" in text
    assert "집행액 (누계) 0원" in text


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_missing_database_gives_a_message_not_a_traceback(tmp_path, monkeypatch, lang):
    at = _run(tmp_path / "absent.duckdb", monkeypatch, lang=lang)
    assert not at.exception
    assert "python -m budget init" in "\n".join(e.body for e in at.error)


def test_the_synthetic_banner_counts_the_demo_rows_among_real_ones(demo_db, monkeypatch):
    from budget import db, ingest

    con = db.connect(demo_db)
    try:
        demo_rows = db.scalar(con, "SELECT count(*) FROM live_disbursement")
        real = "집행번호,집행일자,지원수단,분야,금액\nR1,2024-01-05,보증,미래차,1000\nR2,2024-01-06,대출,조선,2000\n"
        ingest.load(con, ingest.check(con, real.encode(), "real.csv"), "test")
    finally:
        con.close()
    at = _run(demo_db, monkeypatch)
    assert not at.exception
    banner = "\n".join(w.body for w in at.warning)
    assert f"집행 데이터 {demo_rows + 2:,}건 중 {demo_rows:,}건은 시연용 합성 데이터" in banner
