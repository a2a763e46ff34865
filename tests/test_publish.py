"""Published snapshots: immutable, versioned copies with a manifest, for viewer instances."""

from __future__ import annotations

import datetime as dt
import json
import stat

import duckdb
import pytest

from budget import db, ingest, publish
from tests.conftest import run_cli


def totals(path) -> tuple:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT count(*), coalesce(sum(amount_krw), 0) FROM live_disbursement").fetchall()[0]
    finally:
        con.close()


def test_each_publish_is_a_new_read_only_version_with_its_manifest(empty_db, tmp_path):
    out = tmp_path / "snapshots"
    con = db.connect(empty_db)
    try:
        first = publish.publish(con, out, now=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
        data = "집행번호,집행일자,지원수단,분야,금액\nP1,2024-01-05,보증,미래차,1000\n".encode()
        batch = ingest.load(con, ingest.check(con, data, "a.csv"), "kim")
        second = publish.publish(con, out, now=dt.datetime(2026, 1, 2, 3, 4, 6, tzinfo=dt.UTC))
        with pytest.raises(db.BudgetError):  # a version is never written twice
            publish.publish(con, out, now=dt.datetime(2026, 1, 2, 3, 4, 6, tzinfo=dt.UTC))
    finally:
        con.close()
    assert first["version"] == "20260102T030405000000Z" and second["version"] > first["version"]
    assert [m["version"] for m in publish.snapshots(out)] == [first["version"], second["version"]]
    assert publish.latest(out) == second
    assert second["batches"] == [{"id": batch, "status": "loaded"}] and first["batches"] == []
    assert {s["kind"] for s in second["scenarios"]} == {"baseline"}
    # the first snapshot still shows the data as it was when it was published
    assert totals(out / first["file"]) == (0, 0)
    assert totals(out / second["file"]) == (1, 1000)
    for manifest in (first, second):
        path = out / manifest["file"]
        assert publish.intact(out, manifest)
        assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)  # read-only on disk
    assert not list(out.glob(".*"))  # no unfinished pieces left


def test_an_unfinished_or_damaged_snapshot_is_never_served(empty_db, tmp_path):
    out = tmp_path / "snapshots"
    con = db.connect(empty_db)
    try:
        good = publish.publish(con, out)
    finally:
        con.close()
    (out / "budget-99990101T000000000000Z.duckdb").write_bytes(b"half")  # no manifest: unfinished
    assert publish.latest(out) == good
    damaged = dict(good, sha256="0" * 64)
    assert not publish.intact(out, damaged)


def test_publish_on_the_command_line(demo_db, tmp_path):
    done = run_cli("publish", "--out", str(tmp_path / "s"), "--db", str(demo_db), "--json")
    assert done.returncode == 0, done.stderr
    manifest = json.loads(done.stdout)
    assert (tmp_path / "s" / manifest["file"]).is_file()
    assert manifest["batches"][0]["status"] == "loaded"
    empty = run_cli("publish", "--out", "", "--db", str(demo_db))
    assert empty.returncode == 1 and "--out" in empty.stderr
    again = run_cli("publish", "--out", str(tmp_path / "s"), "--db", str(demo_db), "--keep", "1", "--json")
    assert again.returncode == 0, again.stderr
    assert [m["version"] for m in publish.snapshots(tmp_path / "s")] == [json.loads(again.stdout)["version"]]
    none = run_cli("publish", "--out", str(tmp_path / "s"), "--db", str(demo_db), "--keep", "0")
    assert none.returncode == 1 and "--keep" in none.stderr
    assert len(publish.snapshots(tmp_path / "s")) == 1  # refused before anything was written


def test_a_viewer_instance_serves_the_newest_snapshot_read_only(empty_db, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    out = tmp_path / "snapshots"
    con = db.connect(empty_db)
    try:
        publish.publish(con, out, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    finally:
        con.close()
    monkeypatch.setenv("BUDGET_DB", str(tmp_path / "not-used.duckdb"))  # a viewer never opens the live file
    monkeypatch.setenv("BUDGET_SNAPSHOTS", str(out))
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    paid = next(m for m in at.metric if m.label == "Disbursed to date")
    assert paid.value == "KRW 0"
    assert any(
        "Viewer instance: showing published snapshot 20260101T000000000000Z" in c.value for c in at.sidebar.caption
    )

    # the editor loads a batch and publishes: the next run shows it
    con = db.connect(empty_db)
    try:
        data = "집행번호,집행일자,지원수단,분야,금액\nP1,2024-01-05,보증,미래차,500000000000\n".encode()
        ingest.load(con, ingest.check(con, data, "a.csv"), "kim")
        publish.publish(con, out, now=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    finally:
        con.close()
    at.run()
    assert not at.exception
    assert next(m for m in at.metric if m.label == "Disbursed to date").value == "KRW 500bn"
    at.switch_page("pages/scenarios.py").run()
    assert not [b for b in at.button if b.key == "sc_save_btn"]  # read-only whatever the address


def test_prune_keeps_the_newest_and_removes_the_manifest_with_the_file(empty_db, tmp_path):
    out = tmp_path / "snapshots"
    con = db.connect(empty_db)
    try:
        made = [publish.publish(con, out, now=dt.datetime(2026, 1, 1, 0, 0, s, tzinfo=dt.UTC)) for s in range(4)]
    finally:
        con.close()
    assert publish.prune(out, keep=2) == [made[0]["version"], made[1]["version"]]
    assert [m["version"] for m in publish.snapshots(out)] == [made[2]["version"], made[3]["version"]]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        name for m in made[2:] for name in (m["file"], f"budget-{m['version']}.json")
    )
    assert publish.prune(out, keep=2) == []  # nothing more to do
    with pytest.raises(ValueError):
        publish.prune(out, keep=0)  # the newest is never removed


def test_a_locked_connection_may_publish_only_into_its_folder(empty_db, tmp_path):
    out = tmp_path / "snapshots"
    secret = tmp_path / "elsewhere.csv"
    secret.write_text("a\n1\n")
    con = db.connect(empty_db)
    try:
        db.lock_down(con, allowed=out)
        manifest = publish.publish(con, out)
        with pytest.raises(duckdb.Error, match="disabled by configuration"):
            con.execute(f"SELECT * FROM read_csv('{secret}')").fetchall()
        with pytest.raises(duckdb.Error, match="disabled by configuration"):
            con.execute(f"SELECT * FROM read_csv('{out}/../elsewhere.csv')").fetchall()
        with pytest.raises(duckdb.Error):  # and the folder cannot be widened afterwards
            con.execute(f"SET allowed_directories = ['{tmp_path}/']")
    finally:
        con.close()
    assert publish.intact(out, manifest)


def test_the_editor_instance_publishes_after_each_change(empty_db, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.test_upload_pages import GOOD

    out = tmp_path / "snapshots"
    monkeypatch.setenv("BUDGET_DB", str(empty_db))
    monkeypatch.setenv("BUDGET_PUBLISH", str(out))
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["lang"] = "en"
    at.switch_page("pages/upload.py").run()
    assert not at.exception
    assert any("newest snapshot —" in c.value for c in at.sidebar.caption)  # nothing published yet
    at.file_uploader[0].set_value(("january.csv", GOOD, "text/csv")).run()
    next(b for b in at.button if b.label == "Load").click().run()
    assert not at.exception
    loaded = publish.latest(out)
    assert loaded is not None and loaded["batches"] == [{"id": 1, "status": "loaded"}]
    assert any(f"Published snapshot {loaded['version']}" in s.value for s in at.sidebar.success)
    assert totals(out / loaded["file"]) == (1, 1_200_000_000)

    at.switch_page("pages/batches.py").run()
    at.selectbox(key="revert_batch").set_value(1).run()
    at.checkbox(key="revert_sure").check().run()
    next(b for b in at.button if b.key == "revert_button").click().run()
    assert not at.exception
    reverted = publish.latest(out)
    assert reverted["version"] > loaded["version"]
    assert reverted["batches"] == [{"id": 1, "status": "reverted"}]
    assert totals(out / reverted["file"]) == (0, 0)
    assert totals(out / loaded["file"]) == (1, 1_200_000_000)  # the earlier snapshot is unchanged


def test_a_run_reads_one_snapshot_even_if_a_newer_one_appears_during_it(empty_db, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    def script():
        import os

        import streamlit as st

        from budget import db, publish
        from pages import _common

        _common.pin_snapshot()
        before = _common.data_source()
        con = db.connect(os.environ["TEST_LIVE_DB"])  # the editor publishes in the middle of the run
        try:
            publish.publish(con, os.environ["BUDGET_SNAPSHOTS"])
        finally:
            con.close()
        st.text(before)
        st.text(_common.data_source())

    out = tmp_path / "snapshots"
    con = db.connect(empty_db)
    try:
        first = publish.publish(con, out, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    finally:
        con.close()
    monkeypatch.setenv("BUDGET_SNAPSHOTS", str(out))
    monkeypatch.setenv("TEST_LIVE_DB", str(empty_db))
    at = AppTest.from_function(script, default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.text] == [str(out / first["file"])] * 2  # the same one, twice
    second = publish.latest(out)
    assert second["version"] > first["version"]
    at.run()  # the next run reads the one published during the last
    assert at.text[0].value == str(out / second["file"])


def test_a_pinned_snapshot_pruned_while_the_reader_was_idle_gives_way_to_the_newest(empty_db, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    def script():  # like a callback: reads before app.py pins again
        import streamlit as st

        from pages import _common

        st.text(_common.data_source())

    out = tmp_path / "snapshots"
    con = db.connect(empty_db)
    try:
        first = publish.publish(con, out, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
        monkeypatch.setenv("BUDGET_SNAPSHOTS", str(out))
        at = AppTest.from_function(script, default_timeout=60).run()
        assert at.text[0].value == str(out / first["file"])
        second = publish.publish(con, out, now=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
        at.run()
        assert at.text[0].value == str(out / first["file"])  # still there: still pinned
        third = publish.publish(con, out, now=dt.datetime(2026, 1, 3, tzinfo=dt.UTC))
        publish.prune(out, keep=1)  # the pinned one is gone
    finally:
        con.close()
    at.run()
    assert not at.exception and not at.error
    assert at.text[0].value == str(out / third["file"])
    assert second["version"] < third["version"]
