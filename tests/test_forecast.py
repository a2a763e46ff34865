import datetime as dt
from decimal import Decimal

import pytest

from budget.forecast import landing


def months(year, first, last, amount):
    return [(dt.date(year, m, 1), amount) for m in range(first, last + 1)]


def test_steady_pace_lands_on_a_straight_line():
    # 100 a month Jan–Jun 2025, data to 30 June: 600 paid, pace 100, six months left → 1,200
    result = landing(months(2025, 1, 6, 100), dt.date(2025, 6, 30))
    assert (result.to_date, result.pace_per_month, result.months_left, result.estimate) == (600, 100, 6, 1200)
    assert (result.window_first, result.window_last) == (dt.date(2025, 1, 1), dt.date(2025, 6, 1))


def test_a_partial_month_is_left_out_of_the_pace_and_its_rest_is_projected():
    # data to 15 June: June (50 so far) is incomplete, so the window is Dec 2024–May 2025:
    # 0 + 5 × 100 = 500 over 6 months = 83.33…/month (shown as 83); paid 550; left: the 15 of
    # June's 30 days (0.5) and July–December (6) = 6.5 months → 550 + 541.67 → 1,092
    series = [*months(2025, 1, 5, 100), (dt.date(2025, 6, 1), 50)]
    result = landing(series, dt.date(2025, 6, 15))
    assert (result.to_date, result.pace_per_month, result.estimate) == (550, 83, 1092)
    assert result.months_left == Decimal("6.5")


def test_only_recent_months_set_the_pace():
    # a fast 2024 (1,000 a month) and a slow 2025 (10 a month): the pace is 2025's
    series = months(2024, 1, 12, 1000) + months(2025, 1, 9, 10)
    result = landing(series, dt.date(2025, 9, 30))
    assert result.pace_per_month == 10
    assert result.estimate == 12_000 + 90 + 3 * 10


@pytest.mark.parametrize("as_of", [dt.date(2025, 12, 31), dt.date(2026, 3, 31)])
def test_nothing_left_to_project_after_the_end(as_of):
    result = landing(months(2025, 1, 12, 7), as_of)
    assert result.months_left == 0
    assert result.estimate == result.to_date == 84


def test_the_estimate_uses_the_exact_pace_rounded_once():
    # 3 over six months = 0.5 a month (shown as 1, half-up); 3 months left → 1.5 → 2
    result = landing([(dt.date(2025, 9, 1), 3)], dt.date(2025, 9, 30))
    assert result.pace_per_month == 1
    assert result.estimate == 3 + 2


def test_the_pace_can_come_from_months_outside_what_is_counted():
    # a view of 2025 alone (Jan–Mar, 10 a month) keeps the pace of Oct 2024–Mar 2025 (10 a month),
    # rather than counting Oct–Dec 2024 as zero
    counted = months(2025, 1, 3, 10)
    everything = months(2024, 10, 12, 10) + counted
    result = landing(counted, dt.date(2025, 3, 31), pace_from=everything)
    assert result.pace_per_month == 10
    assert result.estimate == 30 + 9 * 10
