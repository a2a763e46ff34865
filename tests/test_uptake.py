"""Uptake figures against a small hand-built database; every expected number worked by hand.

The baseline gives, per sector and year: guarantees 300억 (2021–2025), loans 104억
(2021–2025), the fund 100억 (2021–2024), R&D 520억 (2021 only); nothing in 2020.
"""

import datetime as dt

import pandas as pd
import pytest

from budget import db, queries, uptake
from budget.filters import Filters

BN = 1_000_000_000


@pytest.fixture
def hand_db(empty_db):
    con = db.connect(empty_db)
    payments = {
        ("loaded", 1): [
            (1, "2021-03-10", "guarantee", "future_car", 1 * BN, "(주)가", "gyeonggi"),
            (2, "2021-03-20", "guarantee", "future_car", BN // 2, "(주)가", "gyeonggi"),
            (3, "2022-01-05", "loan", "steel", BN // 5, "(주)나", "gyeongbuk"),
            (4, "2025-09-30", "guarantee", "steel", 3 * BN // 10, "(주)다", "seoul"),
        ],
        ("reverted", 2): [(5, "2022-05-01", "fund", "healthcare", 9_999_000_000, "(주)라", "seoul")],
    }
    for (status, batch), rows in payments.items():
        con.execute(
            "INSERT INTO upload_batch (id, kind, file_name, uploaded_by, status) VALUES (?, 'disbursements', 'h', 't', ?)",
            [batch, status],
        )
        con.executemany(
            "INSERT INTO disbursement (id, batch_id, paid_on, instrument, sector, amount_krw, recipient, region, synthetic) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, false)",
            [[i, batch, d, inst, sec, amt, who, reg] for i, d, inst, sec, amt, who, reg in rows],
        )
        db.summarise_batch(con, batch)
    yield con
    con.close()


def test_whole_programme_view(hand_db):
    data = uptake.uptake_view(hand_db, Filters())
    assert data["envelope_applies"]
    assert data["whole_krw"] == data["allocated_krw"] == 2_940 * BN
    assert data["disbursed_krw"] == 2 * BN  # 1 + 0.5 + 0.2 + 0.3; the reverted 9.999bn is left out
    by_inst = data["by_instrument"].set_index("code")
    assert by_inst.loc["guarantee", "disbursed_krw"] == 1_800_000_000
    assert by_inst.loc["guarantee", "envelope_krw"] == 1_500 * BN
    assert by_inst.loc["loan", "disbursed_krw"] == 200_000_000
    assert by_inst.loc["fund", "disbursed_krw"] == 0
    assert by_inst.loc["guarantee", "rate_pct"] == 0.1  # 1.8 / 1,500 = 0.12% → 0.1
    parts = data["parts"].set_index("part")["amount_krw"]
    assert parts.to_dict() == {
        "disbursed_within_plan": 2 * BN,
        "disbursed_over_plan": 0,
        "not_yet_reported": 2_938 * BN,
        "unallocated": 0,
    }
    assert parts.sum() == data["whole_krw"]


def test_by_sector_including_a_sector_with_no_disbursements(hand_db):
    by_sector = uptake.uptake_view(hand_db, Filters())["by_sector"].set_index("code")
    assert by_sector.loc["future_car", "disbursed_krw"] == 1_500_000_000
    assert by_sector.loc["future_car", "allocated_krw"] == 294 * BN
    assert by_sector.loc["future_car", "rate_pct"] == 0.5  # 1.5 / 294 = 0.51%
    assert by_sector.loc["steel", "disbursed_krw"] == 500_000_000
    assert by_sector.loc["healthcare", "disbursed_krw"] == 0  # only in the reverted batch
    assert by_sector.loc["healthcare", "rate_pct"] == 0.0
    assert by_sector["envelope_krw"].isna().all()  # the envelope has no sector split


def test_recipients_and_regions(hand_db):
    data = uptake.uptake_view(hand_db, Filters())
    top = data["top_recipients"]
    assert list(top["recipient"]) == ["(주)가", "(주)다", "(주)나"]
    assert list(top["amount_krw"]) == [1_500_000_000, 300_000_000, 200_000_000]
    assert list(top["payments"]) == [2, 1, 1]
    regions = data["by_region"].set_index("region")["amount_krw"].to_dict()
    assert regions == {"gyeonggi": 1_500_000_000, "seoul": 300_000_000, "gyeongbuk": 200_000_000}


def test_a_sector_and_years_view(hand_db):
    data = uptake.uptake_view(hand_db, Filters(sectors=("steel",), year_from=2022, year_to=2025))
    # guarantees 4 × 300억 + loans 4 × 104억 + fund 3 × 100억 (2022–2024) + R&D 0 = 1,916억
    assert data["allocated_krw"] == 191_600_000_000
    assert not data["envelope_applies"]
    assert data["whole_krw"] == data["allocated_krw"]
    assert data["disbursed_krw"] == 500_000_000
    parts = data["parts"].set_index("part")["amount_krw"]
    assert parts["not_yet_reported"] == 191_100_000_000
    assert parts["unallocated"] == 0


def test_a_year_with_no_allocation(hand_db):
    data = uptake.uptake_view(hand_db, Filters(year_from=2020, year_to=2020))
    assert data["allocated_krw"] == 0
    assert data["disbursed_krw"] == 0
    assert data["by_instrument"]["rate_pct"].isna().all()
    assert data["landing"].empty  # no landing estimate for a range that stops before 2025


def test_landing_from_the_recent_pace(hand_db):
    data = uptake.uptake_view(hand_db, Filters())
    assert data["status"]["as_of"] == dt.date(2025, 9, 30)
    rows = data["landing"].set_index(data["landing"]["instrument"].fillna("total"))
    # guarantees: window Apr–Sep 2025 holds 3억 → 5,000만 a month, 3 months left
    assert rows.loc["guarantee", "pace_per_month_krw"] == 50_000_000
    assert rows.loc["guarantee", "landing_krw"] == 1_800_000_000 + 150_000_000
    assert rows.loc["loan", "landing_krw"] == 200_000_000  # nothing in the window
    assert rows.loc["total", "landing_krw"] == 2_150_000_000
    assert rows.loc["total", "gap_krw"] == 2_150_000_000 - 2_940 * BN


def test_cumulative_curves(hand_db):
    curves = uptake.uptake_view(hand_db, Filters(instruments=("guarantee",)))["curves"]
    guarantee = curves.set_index("month")
    assert guarantee.loc[dt.date(2021, 1, 1), "plan_cum_krw"] == 25 * BN  # 3,000억 / 12
    assert guarantee.loc[dt.date(2021, 12, 1), "plan_cum_krw"] == 300 * BN
    assert guarantee.loc[dt.date(2021, 3, 1), "paid_cum_krw"] == 1_500_000_000
    assert guarantee.loc[dt.date(2025, 9, 1), "paid_cum_krw"] == 1_800_000_000
    assert guarantee.loc[dt.date(2025, 12, 1), "plan_cum_krw"] == 1_500 * BN
    assert pd.isna(guarantee.loc[dt.date(2025, 10, 1), "paid_cum_krw"])  # after the as-of date: no line


@pytest.mark.parametrize(
    ("whole", "allocated", "disbursed", "expected"),
    [
        (100, 80, 30, [30, 0, 50, 20]),
        (100, 80, 95, [80, 15, 0, 20]),  # over the plan: shown on top of the whole
        (100, 100, 0, [0, 0, 100, 0]),
        (50, 50, 50, [50, 0, 0, 0]),
        (100, 120, 30, [30, 0, 90, 0]),  # a plan above the whole: the bar runs past it, nothing negative
    ],
)
def test_parts_of_whole(whole, allocated, disbursed, expected):
    parts = uptake.parts_of_whole(whole, allocated, disbursed)
    assert list(parts["amount_krw"]) == expected
    assert (parts["amount_krw"] >= 0).all()
    assert parts["amount_krw"].sum() == max(whole, allocated) + max(disbursed - allocated, 0)


def test_nested_table_overrun_is_negative_remaining():
    table = uptake.nested_table(["a", "b"], {"a": 100, "b": 0}, {"a": 130})
    assert table.set_index("code").loc["a", "remaining_krw"] == -30
    assert table.set_index("code").loc["a", "rate_pct"] == 130.0
    assert table.set_index("code")["rate_pct"].isna().tolist() == [False, True]


def test_plan_monthly_is_exact():
    plan = uptake.plan_monthly(
        pd.DataFrame({"instrument": ["x"], "sector": ["s"], "year": [2021], "amount_krw": [100]})
    )
    assert list(plan["amount_krw"]) == [9, 9, 9, 9] + [8] * 8  # 100 = 4 × 9 + 8 × 8
    assert plan["amount_krw"].sum() == 100


def test_data_version_changes_when_data_change(hand_db):
    from budget import queries

    first = queries.data_version(hand_db)
    assert queries.data_version(hand_db) == first  # stable while nothing changes
    hand_db.execute("UPDATE upload_batch SET status = 'reverted', reverted_at = now() WHERE id = 1")
    after_revert = queries.data_version(hand_db)
    assert after_revert != first
    hand_db.execute("INSERT INTO scenario (name, kind, created_by) VALUES ('more fund', 'scenario', 'test')")
    assert queries.data_version(hand_db) != after_revert
    # and the reverted batch has left every figure
    assert uptake.uptake_view(hand_db, Filters())["disbursed_krw"] == 0


def test_the_whole_programme_top_recipients_from_totals_match_the_payments(hand_db):
    # the whole-programme view reads the totals per recipient and batch; any other view sums the
    # payments: both ways give the same list (the reverted batch 2 left out of both)
    totals = queries.top_recipients_view(hand_db, Filters(), ["fund", "guarantee", "loan", "rnd"], ["steel"])
    payments = queries.frame(
        hand_db, "top_recipients_view", limit=20, reverted=[2], whole_period=True,
        instruments=None, sectors=None, year_from=2020, year_to=2025,
    )  # fmt: skip
    assert totals.to_dict("list") == payments.to_dict("list")
    assert list(totals["recipient"]) == ["(주)가", "(주)다", "(주)나"]


def test_payments_to_a_sector_the_plan_leaves_out_are_beyond_the_plan():
    # a plan for three sectors only: the other sectors' payments were "within the plan" while the
    # instrument's total was not reached (the walker of the eleventh session)
    allocation = pd.DataFrame({"instrument": ["g", "g"], "sector": ["s1", "s2"], "amount_krw": [100, 20]})
    paid = pd.DataFrame({"instrument": ["g", "g", "g"], "sector": ["s1", "s3", "s3"], "amount_krw": [60, 30, 20]})
    assert uptake.paid_over_plan(allocation, paid) == 50  # s3: 30 + 20 paid, nothing planned; s1: 60 of 100
    parts = uptake.parts_of_whole(150, 120, 110, uptake.paid_over_plan(allocation, paid))
    # within: 110 − 50 = 60; beyond: 50; planned, not yet paid: 120 − 60 = 60 (s1: 40, s2: 20); unallocated: 30
    assert list(parts["amount_krw"]) == [60, 50, 60, 30]
    assert uptake.parts_of_whole(150, 120, 110)["amount_krw"].tolist() == [110, 0, 10, 30]  # by totals alone
    assert uptake.paid_over_plan(allocation, paid.iloc[:0]) == 0
