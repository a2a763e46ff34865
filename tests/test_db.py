import duckdb
import pytest

from budget import db, seed
from tests.conftest import run_cli


def test_migrations_apply_once_and_are_recorded(tmp_path):
    con = db.connect(tmp_path / "m.duckdb")
    names = [step.__name__ for step in db.MIGRATIONS]
    assert names[:2] == ["m001_initial", "m002_summary_tables"]
    assert db.migrate(con) == names
    assert db.migrate(con) == []
    assert db.applied_migrations(con) == names
    assert db.is_initialised(con)


def _database_at_m001(tmp_path, monkeypatch) -> duckdb.DuckDBPyConnection:
    """A database made before any later step: the first migration only."""
    con = db.connect(tmp_path / "old.duckdb")
    monkeypatch.setattr(db, "MIGRATIONS", [db.m001_initial])
    db.migrate(con)
    return con


def test_summary_migration_backfills_payments_loaded_before_it(tmp_path, monkeypatch):
    con = _database_at_m001(tmp_path, monkeypatch)
    con.execute(
        "INSERT INTO upload_batch (id, kind, file_name, uploaded_by, status) VALUES (7, 'disbursements', 'f', 't', 'loaded')"
    )
    con.execute(
        "INSERT INTO disbursement (id, batch_id, paid_on, instrument, sector, amount_krw, recipient, region, synthetic) VALUES "
        "(1, 7, '2022-01-05', 'loan', 'steel', 100, '(주)가', 'busan', false), "
        "(2, 7, '2022-01-20', 'loan', 'steel', 50, '(주)가', 'busan', false), "
        "(3, 7, '2022-02-01', 'loan', 'steel', 25, '(주)나', 'ulsan', false)"
    )
    monkeypatch.setattr(db, "MIGRATIONS", [db.m001_initial, db.m002_summary_tables])
    assert db.migrate(con) == ["m002_summary_tables"]
    monthly = con.execute(
        "SELECT month::VARCHAR, amount_krw, payments, last_paid_on::VARCHAR FROM live_monthly ORDER BY month"
    ).fetchall()
    assert monthly == [("2022-01-01", 150, 2, "2022-01-20"), ("2022-02-01", 25, 1, "2022-02-01")]
    recipients = con.execute("SELECT recipient, amount_krw, payments FROM live_recipient ORDER BY recipient").fetchall()
    assert recipients == [("(주)가", 150, 2), ("(주)나", 25, 1)]


def test_a_failing_migration_leaves_nothing_behind_and_can_be_rerun(tmp_path, monkeypatch):
    def m002_broken(con):
        con.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("boom")

    con = db.connect(tmp_path / "m.duckdb")
    monkeypatch.setattr(db, "MIGRATIONS", [db.m001_initial, m002_broken])
    with pytest.raises(RuntimeError):
        db.migrate(con)
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "half_done" not in tables
    assert db.applied_migrations(con) == ["m001_initial"]
    monkeypatch.setattr(db, "MIGRATIONS", [db.m001_initial, db.m002_summary_tables])
    assert db.migrate(con) == ["m002_summary_tables"]


def test_money_columns_are_bigint(empty_db):
    con = db.connect(empty_db, read_only=True)
    types = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns "
        "WHERE column_name LIKE '%krw' AND table_name IN (SELECT table_name FROM information_schema.tables "
        "WHERE table_type = 'BASE TABLE')"
    ).fetchall()
    assert len(types) >= 4
    assert {t for *_, t in types} == {"BIGINT"}


def _snapshot(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1"
            ).fetchall()
        ]
        snap = {}
        for table in tables:
            columns = [
                r[0]
                for r in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if r[0] not in ("applied_at",)
            ]
            order = ", ".join(f'"{c}"' for c in columns)
            snap[table] = con.execute(f'SELECT {order} FROM "{table}" ORDER BY {order}').fetchall()
        return snap
    finally:
        con.close()


def test_init_twice_changes_nothing(tmp_path):
    path = tmp_path / "twice.duckdb"
    first = run_cli("init", "--db", str(path))
    assert first.returncode == 0, first.stderr
    before = _snapshot(path)
    second = run_cli("init", "--db", str(path))
    assert second.returncode == 0, second.stderr
    assert _snapshot(path) == before
    assert len(before["disbursement"]) > 10_000
    assert len(before["scenario"]) == 1


def test_init_respects_budget_db_environment_variable(tmp_path):
    path = tmp_path / "from_env.duckdb"
    result = run_cli("init", "--no-demo", env={"BUDGET_DB": str(path)})
    assert result.returncode == 0, result.stderr
    assert path.exists()


def test_second_process_gets_a_clear_message_when_the_file_is_held(empty_db):
    holder = duckdb.connect(str(empty_db))  # as the running web app would
    try:
        for args in (("summary", "--json"), ("init",)):
            result = run_cli(*args, "--db", str(empty_db))
            assert result.returncode == 1
            assert "Traceback" not in result.stderr
            assert "다른 프로세스" in result.stderr
            assert "in use by another process" in result.stderr
            assert result.stdout == ""
    finally:
        holder.close()
    assert run_cli("summary", "--db", str(empty_db)).returncode == 0


def test_summary_before_init_says_what_to_do(tmp_path):
    result = run_cli("summary", "--db", str(tmp_path / "nothing.duckdb"))
    assert result.returncode == 1
    assert "python -m budget init" in result.stderr
    assert not (tmp_path / "nothing.duckdb").exists()


def test_seed_facts_are_synced_from_the_files(empty_db, tmp_path):
    con = db.connect(empty_db)
    con.execute("UPDATE instrument SET envelope_krw = 1 WHERE code = 'fund'")
    seed.initialise(con)
    assert db.scalar(con, "SELECT envelope_krw FROM instrument WHERE code = 'fund'") == 400_000_000_000
    assert db.scalar(con, "SELECT count(*) FROM milestone") == len(seed.read_csv_rows("milestones.csv"))
    con.close()


def test_recipient_key_migration_keys_every_payment_and_keeps_the_top_recipients(tmp_path, monkeypatch):
    from budget import filters, queries

    con = _database_at_m001(tmp_path, monkeypatch)
    con.execute(
        "INSERT INTO upload_batch (id, kind, file_name, uploaded_by, status) VALUES "
        "(7, 'disbursements', 'f', 't', 'loaded'), (8, 'disbursements', 'g', 't', 'reverted')"
    )
    con.execute(
        "INSERT INTO disbursement (id, batch_id, paid_on, instrument, sector, amount_krw, recipient, region, synthetic) VALUES "
        "(1, 7, '2022-01-05', 'loan', 'steel', 100, '(주)가', 'busan', false), "
        "(2, 7, '2023-01-20', 'loan', 'steel', 50, '(주)가', 'ulsan', false), "
        "(3, 7, '2022-02-01', 'loan', 'steel', 120, '(주)나', 'ulsan', false), "
        "(4, 7, '2022-02-01', 'loan', 'steel', 9, NULL, 'ulsan', false), "
        "(5, 8, '2022-02-01', 'loan', 'steel', 999, '(주)다', 'seoul', false)"
    )
    monkeypatch.undo()  # every step again
    assert db.migrate(con)[-1] == "m009_rejected_value"
    keyed = con.execute(
        "SELECT d.id, r.name FROM disbursement d LEFT JOIN recipient r ON r.id = d.recipient_id ORDER BY d.id"
    ).fetchall()
    assert keyed == [(1, "(주)가"), (2, "(주)가"), (3, "(주)나"), (4, None), (5, "(주)다")]
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "disbursement_recipient" not in tables
    # 가: 100 + 50 = 150 in two payments, mostly in busan; 나: 120; the reverted 다 does not count
    top = queries.top_recipients_view(con, filters.Filters(), ["loan"], ["steel"])
    assert list(top.itertuples(index=False, name=None)) == [("(주)가", "busan", 150, 2), ("(주)나", "ulsan", 120, 1)]
    only_2023 = queries.top_recipients_view(con, filters.Filters(year_from=2023, year_to=2023), ["loan"], ["steel"])
    # a recipient is shown in the region it is paid most in overall: its seat
    assert list(only_2023.itertuples(index=False, name=None)) == [("(주)가", "busan", 50, 1)]
