"""Who may change data, and what bad input gets: roles, passwords and their waits, the audit log,
formula and HTML injection, SQL-looking values, oversized files."""

from __future__ import annotations

import io

import duckdb
import openpyxl
import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from budget import auth, charts, db, export, ingest
from budget import scenario_store as store
from tests.conftest import ROOT

APP = "../app.py"
PASSWORD = "s3cret-편집"


# --- passwords, the throttle, the access mode ----------------------------------------------------


def test_password_hashes_are_salted_and_checked():
    stored = auth.hash_password(PASSWORD)
    assert stored.startswith("scrypt$") and PASSWORD not in stored
    assert auth.verify_password(PASSWORD, stored)
    assert not auth.verify_password("s3cret", stored)
    assert not auth.verify_password(PASSWORD + " ", stored)
    assert auth.hash_password(PASSWORD) != stored  # a new salt each time
    for broken in ("", "plain-text", "scrypt$1$2$3$!!$!!", "md5$x$y$z$a$b"):
        assert not auth.verify_password(PASSWORD, broken)
    with pytest.raises(ValueError):
        auth.hash_password("")


def test_failed_sign_ins_earn_growing_waits():
    now = [1000.0]
    throttle = auth.Throttle(cap=8, clock=lambda: now[0])
    assert throttle.wait("editor") == 0
    assert [throttle.failed("editor") for _ in range(5)] == [1, 2, 4, 8, 8]  # doubling, capped
    assert throttle.wait("editor") == 8
    now[0] += 3
    assert throttle.wait("editor") == 5
    assert throttle.wait("someone else") == 0
    throttle.succeeded("editor")
    assert throttle.wait("editor") == 0
    assert throttle.failed("editor") == 1  # a success starts the count again


@pytest.mark.parametrize(
    ("oidc", "password_hash", "address", "mode"),
    [
        (True, "x", "0.0.0.0", auth.OIDC),
        (False, "x", "0.0.0.0", auth.PASSWORD),
        (False, None, "127.0.0.1", auth.LOCAL),
        (False, None, "localhost", auth.LOCAL),
        (False, None, "::1", auth.LOCAL),
        (False, None, "0.0.0.0", auth.READ_ONLY),
        (False, None, "", auth.READ_ONLY),  # Streamlit's default listens everywhere
        (False, None, None, auth.READ_ONLY),
        (False, None, "10.0.0.5", auth.READ_ONLY),
    ],
)
def test_access_mode(oidc, password_hash, address, mode):
    assert auth.access_mode(oidc, password_hash, address) == mode


# --- the app under each mode ----------------------------------------------------------------------


@pytest.fixture
def exposed(monkeypatch):
    """The server as if started on every address (not only this computer)."""
    before = st_config.get_option("server.address")
    st_config.set_option("server.address", "0.0.0.0")
    yield
    st_config.set_option("server.address", before)


def start(db_path, monkeypatch, page="pages/overview.py", lang="en") -> AppTest:
    monkeypatch.setenv("BUDGET_DB", str(db_path))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.switch_page(page)
    return at.run()


def test_exposed_without_sign_in_configured_nothing_can_be_changed(demo_db, monkeypatch, exposed):
    at = start(demo_db, monkeypatch)
    assert not at.exception
    assert any("Read-only" in c.value for c in at.sidebar.caption)
    # the upload page is not offered: asked for directly, it is not there to run
    up = start(demo_db, monkeypatch, "pages/upload.py")
    assert not up.exception
    assert len(up.get("file_uploader")) == 0
    # scenarios: drafts yes, saving no
    sc = start(demo_db, monkeypatch, "pages/scenarios.py")
    assert not sc.exception
    assert not [b for b in sc.button if b.key == "sc_save_btn"]
    assert any("Only editors can save" in c.value for c in sc.caption)
    assert not [b for b in sc.button if b.key in ("sc_manage_rename", "sc_manage_archive")]
    # batches: the list, but no revert
    batches = start(demo_db, monkeypatch, "pages/batches.py")
    assert not [b for b in batches.button if b.key == "revert_button"]
    audit_page = start(demo_db, monkeypatch, "pages/audit.py")
    assert not any(b.key == "audit_csv" for b in audit_page.get("download_button"))


def test_password_sign_in_with_waits_then_writes_carry_the_name(empty_db, monkeypatch, exposed):
    from pages import _common

    now = [0.0]
    throttle = auth.Throttle(clock=lambda: now[0])  # the server's throttle, on a clock the test turns
    monkeypatch.setattr(_common, "_throttle", lambda: throttle)
    monkeypatch.setenv("BUDGET_EDITOR_PASSWORD_HASH", auth.hash_password(PASSWORD))
    at = start(empty_db, monkeypatch, "pages/scenarios.py")
    assert any("Viewing only" in c.value for c in at.sidebar.caption)
    at.text_input(key="auth_name").set_value("김주무관")
    at.text_input(key="auth_password").set_value("wrong")
    next(b for b in at.button if b.label == "Editor sign-in").click().run()
    assert "Wrong password. Try again in 1 s." in [e.value for e in at.sidebar.error]
    assert at.text_input(key="auth_password").value == ""  # a typed password is never kept
    at.text_input(key="auth_password").set_value(PASSWORD)
    next(b for b in at.button if b.label == "Editor sign-in").click().run()
    assert "Try again in" in at.sidebar.error[0].value  # even the right password waits its turn
    assert not [b for b in at.button if b.key == "sc_save_btn"]
    now[0] += 1.01  # the one-second wait the first failure earned
    at.text_input(key="auth_name").set_value("김주무관")  # the form starts empty after each try
    at.text_input(key="auth_password").set_value(PASSWORD)
    next(b for b in at.button if b.label == "Editor sign-in").click().run()
    assert any("Signed in as editor: 김주무관" in c.value for c in at.sidebar.caption)
    at.text_input(key="sc_name").set_value("안 A").run()
    next(b for b in at.button if b.key == "sc_save_btn").click().run()
    assert not at.exception
    con = duckdb.connect(str(empty_db))
    try:
        assert con.execute("SELECT created_by FROM scenario WHERE name = '안 A'").fetchall() == [("김주무관",)]
        assert con.execute("SELECT who, action FROM audit_log").fetchall() == [("김주무관", "scenario_saved")]
    finally:
        con.close()
    next(b for b in at.button if b.key == "auth_out").click().run()
    assert not [b for b in at.button if b.key == "sc_save_btn"]


def test_local_use_just_works_and_says_so(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, "pages/upload.py")
    assert st_config.get_option("server.address") == "127.0.0.1"  # .streamlit/config.toml
    assert any("Local mode" in c.value for c in at.sidebar.caption)
    assert len(at.get("file_uploader")) == 1


# --- the audit log ---------------------------------------------------------------------------------


def test_every_write_is_in_the_audit_log(empty_db):
    con = db.connect(empty_db)
    try:
        data = "집행일자,지원수단,분야,금액\n2024-01-05,보증,미래차,1000\n".encode()
        batch = ingest.load(con, ingest.check(con, data, "a.csv"), "kim")
        ingest.revert(con, batch, "lee")
        ingest.save_mapping(con, "KODIT", {"paid_on": "일자"}, "park")
        scenario_id = store.save(con, store.load(con, 1), "안 A", "choi")
        store.rename(con, scenario_id, "안 B", "choi")
        store.archive(con, scenario_id, "choi")
        store.archive(con, scenario_id, "choi", archived=False)
        log = con.execute("SELECT who, action, subject FROM audit_log ORDER BY id").fetchall()
    finally:
        con.close()
    assert log == [
        ("kim", "batch_loaded", str(batch)),
        ("lee", "batch_reverted", str(batch)),
        ("park", "mapping_saved", "KODIT"),
        ("choi", "scenario_saved", str(scenario_id)),
        ("choi", "scenario_renamed", str(scenario_id)),
        ("choi", "scenario_archived", str(scenario_id)),
        ("choi", "scenario_restored", str(scenario_id)),
    ]


def test_a_failed_write_leaves_no_audit_line(empty_db):
    con = db.connect(empty_db)
    try:
        with pytest.raises(store.ScenarioRefused):
            store.save(con, store.load(con, 1), "<b>bold</b>", "choi")
        assert con.execute("SELECT count(*) FROM audit_log").fetchall() == [(0,)]
    finally:
        con.close()


# --- bad input -------------------------------------------------------------------------------------


def test_formulas_in_exports_are_neutralised(empty_db):
    con = db.connect(empty_db)
    try:
        frame = store.export_frame(store.load(con, 1), store.load(con, 1), *_facts(con), "en")
    finally:
        con.close()
    frame.iloc[0, 1] = '=HYPERLINK("http://x")'
    csv = export.csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in csv
    book = openpyxl.load_workbook(io.BytesIO(store.xlsx_bytes(frame, notes=["+cmd|' /C calc'!A0"])))
    assert book["scenario"].cell(row=2, column=2).value.startswith("'=")
    assert book["notes"].cell(row=2, column=1).value.startswith("'+")


def _facts(con):
    from budget import queries

    return queries.instruments(con), queries.sectors(con)


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "[click](javascript:alert(1))", "**bold**", "$x$"])
def test_names_that_markup_would_act_on_are_refused(empty_db, name):
    con = db.connect(empty_db)
    try:
        with pytest.raises(store.ScenarioRefused) as refused:
            store.save(con, store.load(con, 1), name, "choi")
        assert "characters" in refused.value.message_en
    finally:
        con.close()
    assert store.plain_name("<b>plan</b> [v2].xlsx") == "b plan /b v2 .xlsx"


def test_html_in_company_names_is_shown_as_text_in_charts_and_stored_as_given(empty_db):
    con = db.connect(empty_db)
    try:
        evil = "<a href='https://evil.example'>(주)악성</a>"
        sql = "Robert'); DROP TABLE disbursement;--"
        data = (
            "집행일자,지원수단,분야,금액,기업명\n"
            f'2024-01-05,보증,미래차,1000,"{evil}"\n'
            f'2024-01-06,보증,미래차,2000,"{sql}"\n'
        ).encode()
        ingest.load(con, ingest.check(con, data, "<img src=x onerror=alert(1)>.csv"), "kim")
        stored = {r[0] for r in con.execute("SELECT recipient FROM disbursement").fetchall()}
        assert stored == {evil, sql}  # plain text, exactly as given; the table is still there
        assert con.execute("SELECT file_name FROM upload_batch").fetchall() == [("<img src=x onerror=alert(1)>.csv",)]
    finally:
        con.close()
    fig = charts._ranked_bars([evil, sql], [1000, 2000], "#000", "t", "ko", [])
    labels = fig.to_dict()["data"][0]["y"]
    assert labels[0] == "&lt;a href='https://evil.example'&gt;(주)악성&lt;/a&gt;"
    assert "<a" not in labels[0]
    assert ingest.safe_stem("../../etc/<img src=x>.csv") == "img_src_x"
    assert ingest.safe_stem("1월 집행.xlsx") == "1월_집행"


def test_an_oversized_file_is_refused_with_a_clear_message(empty_db, monkeypatch):
    at = start(empty_db, monkeypatch, "pages/upload.py", lang="ko")
    big = b"a" * (ingest.MAX_UPLOAD_MB * 1024 * 1024 + 1)
    at.file_uploader[0].set_value(("big.csv", big, "text/csv")).run()
    assert not at.exception
    assert "파일이 너무 큽니다 (50 MB)" in at.error[0].value
    con = duckdb.connect(str(empty_db))
    try:
        assert con.execute("SELECT count(*) FROM upload_batch").fetchall() == [(0,)]
    finally:
        con.close()


def test_the_apps_database_connection_cannot_touch_files(empty_db, monkeypatch, tmp_path):
    from pages import _common

    monkeypatch.setenv("BUDGET_DB", str(empty_db))
    _common._connection.clear()
    con = _common._connection(str(empty_db))
    try:
        (tmp_path / "x.csv").write_text("a\n1\n")
        with pytest.raises(duckdb.PermissionException):
            con.execute(f"SELECT * FROM read_csv('{tmp_path / 'x.csv'}')").fetchall()
        with pytest.raises(duckdb.Error):
            con.execute("SET enable_external_access = true")
    finally:
        _common._connection.clear()
        con.close()


def test_hash_password_on_the_command_line():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "budget", "hash-password", "--stdin"], input=PASSWORD + "\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=60)  # fmt: skip
    assert done.returncode == 0
    assert auth.verify_password(PASSWORD, done.stdout.strip())
    empty = subprocess.run([sys.executable, "-m", "budget", "hash-password", "--stdin"], input="\n",
                           capture_output=True, text=True, cwd=ROOT, timeout=60)  # fmt: skip
    assert empty.returncode == 1


def test_sign_in_attempts_sent_together_are_checked_one_at_a_time():
    now = [0.0]
    throttle = auth.Throttle(clock=lambda: now[0])
    assert throttle.begin("a") == 0  # the first takes the slot
    assert throttle.begin("a") > 0  # the second, sent at once, waits
    assert throttle.begin("b") == 0  # another client is not held up
    throttle.succeeded("a")
    assert throttle.begin("a") == 0
    throttle.failed("a")
    now[0] += 1000  # long quiet: the count starts again
    assert throttle.begin("a") == 0 and throttle.failed("a") == 1


@pytest.mark.parametrize(
    ("headers", "local"),
    [
        ({}, True),
        ({"Host": "localhost:8501", "Origin": "http://localhost:8501"}, True),
        ({"Host": "127.0.0.1:8501"}, True),
        ({"Host": "[::1]:8501", "Origin": "http://[::1]:8501"}, True),
        ({"Host": "127.0.0.1:8501", "X-Forwarded-For": "203.0.113.9"}, False),  # a proxy on this machine
        ({"Host": "dashboard.example.kr"}, False),
        ({"Host": "127.0.0.1:8501", "Origin": "https://dashboard.example.kr"}, False),
        ({"Host": "localhost.evil.example:8501"}, False),
    ],
)
def test_local_editing_only_from_this_computers_browser(headers, local):
    assert auth.is_local_request(headers) is local


@pytest.mark.parametrize(
    ("email", "verified", "emails", "domains", "editor"),
    [
        ("kim@motie.go.kr", True, None, ["motie.go.kr"], True),
        ("Kim@MOTIE.go.kr", None, ["kim@motie.go.kr"], None, True),
        ("kim@motie.go.kr", False, None, ["motie.go.kr"], False),  # not verified
        ("someone@gmail.com", True, None, ["motie.go.kr"], False),
        ("kim@motie.go.kr", True, None, None, False),  # no list: nobody edits
        (None, True, None, ["motie.go.kr"], False),
    ],
)
def test_oidc_editors_come_from_the_list(email, verified, emails, domains, editor):
    assert auth.oidc_editor(email, verified, emails, domains) is editor


def test_a_name_typed_at_sign_in_is_plain_text():
    assert auth.plain_text("[Kim](https://evil.example) ![x](y) $x$") == "Kim https //evil.example x y x"


@pytest.mark.parametrize(
    ("address", "headers", "key"),
    [
        ("203.0.113.7", {}, "203.0.113.7"),  # a client seen directly
        ("203.0.113.7", {"X-Real-IP": "198.51.100.1"}, "203.0.113.7"),  # a stranger cannot choose its key
        (None, {"X-Real-IP": "198.51.100.1"}, "via-proxy:198.51.100.1"),  # nginx on this machine names the reader
        ("127.0.0.1", {"x-real-ip": "198.51.100.2"}, "via-proxy:198.51.100.2"),
        (None, {}, "unknown"),
        ("127.0.0.1", {}, "127.0.0.1"),
    ],
)
def test_the_sign_in_throttle_tells_readers_behind_a_local_proxy_apart(address, headers, key):
    assert auth.client_key(address, headers) == key
