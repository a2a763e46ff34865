"""The run-rate landing estimate: where cumulative payments end up at the close of 2025.

Method (stated on screen): paid to date, plus the average monthly payments of the last six
complete months, times the months left to December 2025. A month counts as complete when
the data reach its last day; months without payments in the window count as zero.
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
    pace_per_month: int
    months_left: int
    estimate: int
    window_first: dt.date
    window_last: dt.date


def landing(
    monthly: Iterable[tuple[dt.date, int]],
    as_of: dt.date,
    end: dt.date = PROGRAMME_END,
    window: int = WINDOW_MONTHS,
) -> Landing:
    """Estimate cumulative payments at ``end`` from ``(month, amount)`` pairs up to ``as_of``."""
    amounts: dict[int, int] = {}
    for month, amount in monthly:
        key = month_index(month)
        amounts[key] = amounts.get(key, 0) + int(amount)
    as_of_month = month_index(as_of)
    last_complete = as_of_month if _is_month_end(as_of) else as_of_month - 1
    first = last_complete - window + 1
    in_window = sum(amounts.get(m, 0) for m in range(first, last_complete + 1))
    pace = round_half_up(Decimal(in_window) / window)
    to_date = sum(a for m, a in amounts.items() if m <= as_of_month)
    months_left = max(0, month_index(end) - as_of_month)
    return Landing(
        to_date, pace, months_left, to_date + pace * months_left, month_start(first), month_start(last_complete)
    )
