"""Scenarios in the database: save and reload, names, rename, archive, duplicate, export and back."""

from __future__ import annotations

import io
from decimal import Decimal

import duckdb
import pandas as pd
import pytest

from budget import db, ingest, queries
from budget import scenario as sc
from budget import scenario_store as store


@pytest.fixture
def con(empty_db):
    connection = db.connect(empty_db)
    yield connection
    connection.close()


def baseline_id(con) -> int:
    return int(queries.current_plan(con)["id"])


def test_the_programme_comes_from_the_seed_facts(con):
    prog = store.programme(con)
    assert prog.instruments == ("fund", "guarantee", "loan", "rnd")
    assert prog.total_krw == 2_940_000_000_000
    assert prog.instrument_years["rnd"] == (2021,)
    assert prog.sector_first_year["steel"] == 2021


def test_the_fund_raised_to_600bn_with_the_total_locked_saves_and_reopens_exactly(con):
    prog = store.programme(con)
    base = store.load(con, baseline_id(con))
    assert base.total() == 2_940_000_000_000
    # +200bn for the fund; the other 2.54tn give 200bn in proportion:
    # guarantees 1.5tn × 200/2540 = 118,110,236,220.47…, loans and R&D 520bn × 200/2540 = 40,944,881,889.76… each
    edited = sc.set_envelope(base, prog, "fund", 600_000_000_000, lock_total=True)
    edited = sc.set_uptake(edited, "guarantee", Decimal("0.85"))
    by = edited.by_instrument()
    assert by["fund"] == 600_000_000_000
    assert by["guarantee"] == 1_500_000_000_000 - 118_110_236_220
    assert by["loan"] + by["rnd"] == 2 * 520_000_000_000 - 81_889_763_780
    assert edited.total() == 2_940_000_000_000
    new_id = store.save(con, edited, "펀드 확대안", "official", "펀드 6천억원", parent_id=baseline_id(con))
    again = store.load(con, new_id)
    assert {k: v for k, v in again.cells.items() if v} == {k: v for k, v in edited.cells.items() if v}
    assert again.uptake == {"guarantee": Decimal("0.85")}
    row = store.listing(con).set_index("id").loc[new_id]
    assert (row["name"], row["created_by"], row["parent_id"], row["total_krw"]) == (
        "펀드 확대안", "official", baseline_id(con), 2_940_000_000_000
    )  # fmt: skip


def test_names_must_be_given_and_unique(con):
    base = store.load(con, baseline_id(con))
    with pytest.raises(store.ScenarioRefused):
        store.save(con, base, "   ", "official")
    store.save(con, base, "안 A", "official")
    with pytest.raises(store.ScenarioRefused) as found:
        store.save(con, base, " 안  A ", "official")  # the same name once spaces are tidied
    assert "이미" in found.value.message_ko and "already" in found.value.message_en
    assert db.scalar(con, "SELECT count(*) FROM scenario WHERE kind = 'scenario'") == 1


def test_rename_archive_and_duplicate(con):
    base = store.load(con, baseline_id(con))
    first = store.save(con, base, "안 A", "kim")
    store.rename(con, first, "안 B", "lee")
    copy = store.duplicate(con, first, "안 B 사본", "park")
    store.archive(con, first, "lee")
    listed = store.listing(con)
    assert "안 B" not in set(listed["name"]) and "안 B 사본" in set(listed["name"])
    everything = store.listing(con, archived=True).set_index("id")
    assert everything.loc[first, "name"] == "안 B" and everything.loc[first, "updated_by"] == "lee"
    assert everything.loc[first, "archived"]
    assert everything.loc[copy, "parent_id"] == first
    assert store.load(con, copy).cells == store.load(con, first).cells
    store.archive(con, first, "lee", archived=False)
    assert "안 B" in set(store.listing(con)["name"])
    with pytest.raises(store.ScenarioRefused):
        store.rename(con, baseline_id(con), "x", "lee")
    with pytest.raises(store.ScenarioRefused):
        store.archive(con, baseline_id(con), "lee")


def test_a_failed_save_leaves_nothing_behind(con):
    bad = sc.Scenario({("fund", "future_car", 2019): 1})  # outside the years the table allows
    with pytest.raises(duckdb.ConstraintException):
        store.save(con, bad, "broken", "official")
    assert db.scalar(con, "SELECT count(*) FROM scenario WHERE name = 'broken'") == 0
    assert db.scalar(con, "SELECT count(*) FROM allocation WHERE year = 2019") == 0


@pytest.mark.parametrize("language", ["ko", "en"])
def test_an_exported_scenario_comes_back_in_as_a_plan(con, language):
    prog = store.programme(con)
    base = store.load(con, baseline_id(con))
    edited = sc.set_envelope(base, prog, "fund", 600_000_000_000, lock_total=True)
    frame = store.export_frame(edited, base, queries.instruments(con), queries.sectors(con), language)
    assert frame.iloc[:, 3].sum() == edited.total()
    assert (frame.iloc[:, 3] - frame.iloc[:, 4] == frame.iloc[:, 5]).all()
    data = store.xlsx_bytes(frame, notes=["synthetic? no: a plan", "비교 기준: 기준안"], notes_header="메모")
    assert list(pd.read_excel(io.BytesIO(data)).columns) == list(frame.columns)
    # the notes say, under a header in the reader's language, what the "compared with" column is
    assert pd.read_excel(io.BytesIO(data), sheet_name="notes").to_dict("list") == {
        "메모": ["synthetic? no: a plan", "비교 기준: 기준안"]
    }
    plan = ingest.check_plan(con, data, "scenario.xlsx")
    assert [i for i in plan.issues if i.severity == "fatal"] == []
    _, plan_id = ingest.load_plan(con, plan, "official")
    assert store.load(con, plan_id).cells == {k: v for k, v in edited.cells.items() if v}


def test_absurd_amounts_are_refused_and_never_break_the_list(con):
    huge = sc.Scenario({("fund", "future_car", 2021): 10**15})  # a figure in won typed as 억원
    with pytest.raises(store.ScenarioRefused) as refused:
        store.save(con, huge, "typo", "official")
    assert "100조원" in refused.value.message_ko
    # a plan stored by other means with sums past BIGINT still lists
    con.execute("INSERT INTO scenario (name, kind, created_by) VALUES ('big', 'scenario', 'x')")
    big = db.scalar(con, "SELECT id FROM scenario WHERE name = 'big'")
    con.executemany("INSERT INTO allocation VALUES (?, 'fund', ?, 2021, 9000000000000000000)",
                    [[big, "future_car"], [big, "steel"]])  # fmt: skip
    listed = store.listing(con).set_index("id")
    assert int(listed.loc[big, "total_krw"]) == 18_000_000_000_000_000_000


def test_file_names_carry_id_name_and_language():
    assert store.file_stem(7, "펀드 확대안", False, "ko") == "scenario_7_펀드_확대안_ko"
    assert store.file_stem(7, "a/b:c", True, "en") == "scenario_7_a_b_c_draft_en"
