"""The run-rate landing estimate: where cumulative payments end up at the close of 2025.

Method (stated on screen): paid to date, plus the average monthly payments of the last six
complete months, times the months left to December 2025. A month counts as complete when
the data reach its last day; months without payments in the window count as zero; the
unreported rest of an incomplete as-of month counts as the fraction of its days left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from budget.money import round_half_up

PROGRAMME_END = dt.date(2025, 12, 31)
WINDOW_MONTHS = 6


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _is_month_end(day: dt.date) -> bool:
    return (day + dt.timedelta(days=1)).month != day.month


@dataclass(frozen=True)
class Landing:
    to_date: int
    pace_per_month: int  # rounded for display; the estimate uses the exact pace
    months_left: Decimal
    estimate: int
    window_first: dt.date
    window_last: dt.date


def _sum_by_month(monthly: Iterable[tuple[dt.date, int]]) -> dict[int, int]:
    amounts: dict[int, int] = {}
    for month, amount in monthly:
        key = month_index(month)
        amounts[key] = amounts.get(key, 0) + int(amount)
    return amounts


def landing(
    monthly: Iterable[tuple[dt.date, int]],
    as_of: dt.date,
    end: dt.date = PROGRAMME_END,
    window: int = WINDOW_MONTHS,
    pace_from: Iterable[tuple[dt.date, int]] | None = None,
) -> Landing:
    """Estimate cumulative payments at ``end`` from ``(month, amount)`` pairs up to ``as_of``.

    ``pace_from`` gives the months the pace is measured on when they differ from what is
    counted to date (a view of 2025 alone still takes its pace from the months before).
    """
    amounts = _sum_by_month(monthly)
    pace_amounts = amounts if pace_from is None else _sum_by_month(pace_from)
    as_of_month = month_index(as_of)
    month_complete = _is_month_end(as_of)
    last_complete = as_of_month if month_complete else as_of_month - 1
    first = last_complete - window + 1
    pace = Decimal(sum(pace_amounts.get(m, 0) for m in range(first, last_complete + 1))) / window
    to_date = sum(a for m, a in amounts.items() if m <= as_of_month)
    if as_of >= end:
        months_left = Decimal(0)
    else:
        months_left = Decimal(month_index(end) - as_of_month)
        if not month_complete:
            days = (month_start(as_of_month + 1) - month_start(as_of_month)).days
            months_left += Decimal(days - as_of.day) / days
    estimate = to_date + round_half_up(pace * months_left)
    return Landing(to_date, round_half_up(pace), months_left, estimate, month_start(first), month_start(last_complete))
