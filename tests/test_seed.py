import csv
import datetime as dt

import pytest

from budget import seed
from budget.seed import Instrument, Sector, baseline_allocation

ENVELOPES = {"fund": 400_000_000_000, "guarantee": 1_500_000_000_000, "loan": 520_000_000_000, "rnd": 520_000_000_000}


def test_baseline_rule_on_a_small_hand_worked_case():
    # 10 won over 2021..2023 → 4, 3, 3 by largest remainder. Sectors a and b joined in 2020,
    # c in 2022: 2021 splits 4 over two sectors (2, 2); 2022 and 2023 split 3 over three (1, 1, 1).
    instruments = [Instrument("x", 10, dt.date(2021, 1, 1), dt.date(2023, 12, 31))]
    sectors = [Sector("a", dt.date(2020, 10, 28)), Sector("b", dt.date(2020, 10, 28)), Sector("c", dt.date(2022, 6, 1))]
    assert baseline_allocation(instruments, sectors) == [
        ("x", "a", 2021, 2),
        ("x", "b", 2021, 2),
        ("x", "a", 2022, 1),
        ("x", "b", 2022, 1),
        ("x", "c", 2022, 1),
        ("x", "a", 2023, 1),
        ("x", "b", 2023, 1),
        ("x", "c", 2023, 1),
    ]


def test_baseline_rule_with_remainders_stays_exact():
    instruments = [Instrument("x", 1_000_000_000_001, dt.date(2020, 1, 1), dt.date(2025, 12, 31))]
    sectors = [Sector(f"s{i}", dt.date(2020, 1, 1)) for i in range(7)]
    rows = baseline_allocation(instruments, sectors)
    assert sum(amount for *_, amount in rows) == 1_000_000_000_001
    assert max(a for *_, a in rows) - min(a for *_, a in rows) <= 1


def test_seed_files_give_the_announced_envelopes():
    instruments = seed.load_instruments()
    assert {i.code: i.envelope_krw for i in instruments} == ENVELOPES
    assert sum(ENVELOPES.values()) == 2_940_000_000_000


def test_seed_sectors_six_at_launch_four_in_june_2021():
    sectors = seed.load_sectors()
    assert len(sectors) == 10
    launch = [s.code for s in sectors if s.joined_on == dt.date(2020, 10, 28)]
    later = [s.code for s in sectors if s.joined_on == dt.date(2021, 6, 1)]
    assert launch == ["future_car", "electronics", "healthcare", "shipbuilding", "retail", "materials_parts"]
    assert later == ["steel", "textile_chem", "energy", "machinery"]


def test_every_seed_fact_has_a_source():
    for name in ("instruments.csv", "sectors.csv", "milestones.csv"):
        for row in seed.read_csv_rows(name):
            assert row["source"].strip(), (name, row)


def test_committed_baseline_file_is_the_rule_output():
    with open(seed.DATA / "baseline_allocation.csv", encoding="utf-8") as handle:
        committed = [
            (r["instrument"], r["sector"], int(r["year"]), int(r["amount_krw"])) for r in csv.DictReader(handle)
        ]
    assert committed == baseline_allocation(seed.load_instruments(), seed.load_sectors())


def test_baseline_sums_exactly_to_each_envelope_and_respects_periods():
    rows = baseline_allocation(seed.load_instruments(), seed.load_sectors())
    for code, envelope in ENVELOPES.items():
        assert sum(a for i, _, _, a in rows if i == code) == envelope
    assert {y for i, _, y, _ in rows if i == "rnd"} == {2021}
    assert {y for i, _, y, _ in rows if i == "fund"} == {2021, 2022, 2023, 2024}
    assert not [r for r in rows if r[2] == 2020]
    # 1.5조 over 5 years over 10 sectors = 300억 each cell
    assert {a for i, _, _, a in rows if i == "guarantee"} == {30_000_000_000}


@pytest.fixture(scope="module")
def demo():
    rows = baseline_allocation(seed.load_instruments(), seed.load_sectors())
    return seed.synthetic_disbursements(rows)


def test_demo_is_deterministic(demo):
    again = seed.synthetic_disbursements(baseline_allocation(seed.load_instruments(), seed.load_sectors()))
    assert demo.equals(again)


def test_demo_looks_like_payments_and_is_flagged(demo):
    assert 10_000 <= len(demo) <= 100_000
    assert demo["synthetic"].all()
    assert (demo["amount_krw"] > 0).all()
    assert (demo["amount_krw"] % 10_000 == 0).all()
    assert demo["paid_on"].min() >= dt.date(2021, 1, 1)
    assert demo["paid_on"].max() <= seed.DEMO_AS_OF <= dt.date(2025, 12, 31)
    assert demo["source_id"].is_unique
    regions = {r["code"] for r in seed.read_csv_rows("regions.csv")}
    assert set(demo["region"]) <= regions
    assert len(set(demo["region"])) == 17


def test_demo_uptake_is_uneven_and_within_envelopes(demo):
    by_instrument = demo.groupby("instrument")["amount_krw"].sum()
    rates = {code: by_instrument[code] / ENVELOPES[code] for code in ENVELOPES}
    for code, envelope in ENVELOPES.items():
        assert by_instrument[code] <= envelope
    assert max(rates.values()) - min(rates.values()) > 0.2
    by_sector = demo.groupby("sector")["amount_krw"].sum()
    assert by_sector.max() > 1.5 * by_sector.min()
