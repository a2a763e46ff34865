import json

import duckdb
import pytest

from budget import db
from tests.conftest import run_cli

SECTORS = [
    "future_car",
    "electronics",
    "healthcare",
    "shipbuilding",
    "retail",
    "materials_parts",
    "steel",
    "textile_chem",
    "energy",
    "machinery",
]
YEARS = ["2020", "2021", "2022", "2023", "2024", "2025"]


def summary(path):
    result = run_cli("summary", "--db", str(path), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_summary_contract_on_a_fresh_database(empty_db):
    data = summary(empty_db)
    for key in ("envelope_krw", "allocated_krw", "disbursed_krw"):
        assert set(data[key]) >= {"total", "by_instrument", "by_sector", "by_year"}
        assert list(data[key]["by_instrument"]) == ["fund", "guarantee", "loan", "rnd"]
        assert list(data[key]["by_sector"]) == SECTORS
        assert list(data[key]["by_year"]) == YEARS
    assert data["envelope_krw"]["by_instrument"] == {
        "fund": 400_000_000_000,
        "guarantee": 1_500_000_000_000,
        "loan": 520_000_000_000,
        "rnd": 520_000_000_000,
    }
    assert data["envelope_krw"]["total"] == 2_940_000_000_000
    # the envelope's sector and year split is the stated assumption, and says so
    assert sum(data["envelope_krw"]["by_sector"].values()) == 2_940_000_000_000
    assert sum(data["envelope_krw"]["by_year"].values()) == 2_940_000_000_000
    assert "assumed" in data["notes"]["envelope_split"]
    assert data["allocated_krw"]["by_instrument"] == data["envelope_krw"]["by_instrument"]
    # worked by hand: fund 400억 + guarantee 3,000억 + loan 1,040억 + R&D 5,200억 in 2021 (×10 for 억 → won)
    assert data["allocated_krw"]["by_year"] == {
        "2020": 0,
        "2021": 1_024_000_000_000,
        "2022": 504_000_000_000,
        "2023": 504_000_000_000,
        "2024": 504_000_000_000,
        "2025": 404_000_000_000,
    }
    # each sector: fund 400억 + guarantee 1,500억 + loan 520억 + R&D 520억 = 2,940억
    assert set(data["allocated_krw"]["by_sector"].values()) == {294_000_000_000}
    assert data["disbursed_krw"]["total"] == 0
    assert data["scenario"]["kind"] == "baseline"


def _add_batch(path, status, rows):
    con = duckdb.connect(str(path))
    batch = con.execute(
        "INSERT INTO upload_batch (kind, file_name, uploaded_by, status) VALUES ('disbursements', 'hand.csv', 'test', ?) "
        "RETURNING id",
        [status],
    ).fetchall()[0][0]
    start = con.execute("SELECT coalesce(max(id), 0) FROM disbursement").fetchall()[0][0]
    for offset, (paid_on, inst, sector, amount) in enumerate(rows, start=1):
        con.execute(
            "INSERT INTO disbursement (id, batch_id, paid_on, instrument, sector, amount_krw, synthetic) "
            "VALUES (?, ?, ?, ?, ?, ?, false)",
            [start + offset, batch, paid_on, inst, sector, amount],
        )
    db.summarise_batch(con, batch)
    con.close()


def test_summary_counts_live_batches_only_with_sums_worked_by_hand(empty_db):
    _add_batch(
        empty_db,
        "loaded",
        [
            ("2021-03-01", "guarantee", "future_car", 100_000_000),
            ("2022-07-15", "guarantee", "steel", 50_000_000),
            ("2022-12-31", "rnd", "future_car", 30_000_000),
        ],
    )
    _add_batch(empty_db, "reverted", [("2023-01-02", "loan", "retail", 999_000_000)])
    data = summary(empty_db)["disbursed_krw"]
    assert data["total"] == 180_000_000
    assert data["by_instrument"] == {"fund": 0, "guarantee": 150_000_000, "loan": 0, "rnd": 30_000_000}
    assert data["by_sector"]["future_car"] == 130_000_000
    assert data["by_sector"]["steel"] == 50_000_000
    assert data["by_sector"]["retail"] == 0
    assert sum(data["by_sector"].values()) == 180_000_000
    assert data["by_year"] == {"2020": 0, "2021": 100_000_000, "2022": 80_000_000, "2023": 0, "2024": 0, "2025": 0}


def test_demo_rows_count_while_loaded_and_are_reported_synthetic(demo_db):
    data = summary(demo_db)
    con = duckdb.connect(str(demo_db))
    total = con.execute("SELECT sum(amount_krw) FROM disbursement").fetchall()[0][0]
    assert data["disbursed_krw"]["total"] == total > 0
    assert data["disbursements"]["synthetic_rows"] == data["disbursements"]["rows"] > 0
    con.execute("UPDATE upload_batch SET status = 'reverted' WHERE kind = 'demo'")
    con.close()
    after = summary(demo_db)
    assert after["disbursed_krw"]["total"] == 0
    assert after["disbursements"]["synthetic_rows"] == 0


def test_human_summary_names_the_synthetic_rows(demo_db):
    result = run_cli("summary", "--db", str(demo_db))
    assert result.returncode == 0
    assert "2조 9,400억원" in result.stdout
    assert "SYNTHETIC" in result.stdout


@pytest.mark.parametrize("args", [(), ("nonsense",), ("summary", "--bogus"), ("init", "--db")])
def test_usage_errors_exit_2(args):
    assert run_cli(*args).returncode == 2


def test_ctrl_c_says_nothing_was_written_instead_of_a_traceback(monkeypatch, capsys):
    # the tester of the eleventh session pressed Ctrl-C in a large import: "RuntimeError: Query
    # interrupted" and a traceback (the batch, one transaction, was rolled back all the same)
    from budget import cli

    for raised in (KeyboardInterrupt(), RuntimeError("Query interrupted")):  # (in a query, DuckDB's own)

        def interrupted(args, raised=raised):
            raise raised

        monkeypatch.setitem(cli.COMMANDS, "import", interrupted)
        assert cli.main(["import", "x.csv"]) == 1
        err = capsys.readouterr().err
        assert "중단했습니다 (Ctrl-C)." in err and "Interrupted (Ctrl-C)." in err and "Traceback" not in err

    def broken(args):
        raise RuntimeError("something else")

    monkeypatch.setitem(cli.COMMANDS, "import", broken)
    with pytest.raises(RuntimeError, match="something else"):  # any other error is not hidden
        cli.main(["import", "x.csv"])


def test_ctrl_c_in_an_import_says_what_became_of_its_batch(empty_db, tmp_path, monkeypatch, capsys):
    # the reviewer of the eleventh session: Ctrl-C while the report of a loaded batch was printed said
    # "nothing was written" (the clerk would import it again and meet F005)
    from budget import cli, ingest

    good = tmp_path / "good.csv"
    good.write_text("집행번호,집행일자,지원수단,분야,금액\nA1,2024-01-05,보증,미래차,7\n", encoding="utf-8")
    real_load = ingest.load

    def load_then_stop(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest, "load", load_then_stop)  # stopped before the batch was committed
    assert cli.main(["import", str(good), "--db", str(empty_db)]) == 1
    assert "nothing was written" in capsys.readouterr().err  # (standard output may be --json's)
    monkeypatch.setattr(ingest, "load", real_load)

    def report_then_stop(*args, **kwargs):
        raise RuntimeError("Query interrupted")

    monkeypatch.setattr(cli, "_print_import", report_then_stop)  # stopped while the report was printed
    assert cli.main(["import", str(good), "--db", str(empty_db)]) == 0
    err = capsys.readouterr().err
    assert "배치 1번은 이미 적재되었습니다" in err and "Batch 1 had already been loaded" in err
    con = duckdb.connect(str(empty_db))
    try:
        assert con.execute("SELECT count(*), sum(rows_loaded) FROM upload_batch").fetchall() == [(1, 1)]
    finally:
        con.close()
