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
