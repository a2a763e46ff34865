"""Uptake arithmetic: envelope ⊃ allocated ⊃ disbursed, the parts of the whole, the S-curves.

Pure functions over small frames, all in integer won; :func:`uptake_view` and
:func:`allocation_view` gather what a page needs from the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import duckdb
import pandas as pd

from budget import queries
from budget.filters import Filters
from budget.forecast import Landing, landing, month_index, month_start
from budget.money import largest_remainder


def rate_pct(numerator: int, denominator: int) -> float | None:
    """A percentage rounded half-up to one decimal (None when there is nothing to divide by)."""
    if not denominator:
        return None
    return float((Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def nested_table(
    keys: Sequence[str],
    allocated: Mapping[str, int],
    disbursed: Mapping[str, int],
    envelope: Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """One row per key: envelope (if known), allocated, disbursed, remaining, execution rate.

    ``remaining_krw`` is allocated minus disbursed (negative when payments overran the
    plan); ``rate_pct`` is disbursed over allocated.
    """
    rows = []
    for key in keys:
        alloc, paid = int(allocated.get(key, 0)), int(disbursed.get(key, 0))
        rows.append(
            {
                "code": key,
                "envelope_krw": None if envelope is None else int(envelope.get(key, 0)),
                "allocated_krw": alloc,
                "disbursed_krw": paid,
                "remaining_krw": alloc - paid,
                "rate_pct": rate_pct(paid, alloc),
            }
        )
    table = pd.DataFrame(
        rows, columns=["code", "envelope_krw", "allocated_krw", "disbursed_krw", "remaining_krw", "rate_pct"]
    )
    table["envelope_krw"] = table["envelope_krw"].astype("Int64")
    return table


PARTS = ("disbursed_within_plan", "disbursed_over_plan", "not_yet_reported", "unallocated")


def parts_of_whole(whole: int, allocated: int, disbursed: int, over_plan: int | None = None) -> pd.DataFrame:
    """Split the whole into paid, allocated-but-not-yet-reported and unallocated.

    Read along one bar from zero: paid (up to the plan), paid beyond the plan, planned but
    not yet reported paid, and what is left unallocated. The parts add up to the whole
    exactly while payments stay within the plan and the plan within the whole; otherwise
    the bar runs past the whole (the chart marks where the whole ends). No part is negative.

    ``over_plan``: what was paid beyond the plan cell by cell (:func:`paid_over_plan`); a sector
    the plan gives nothing is paid beyond it even while its instrument's total is not. Without
    it, the totals alone are compared.
    """
    over = max(disbursed - allocated, 0) if over_plan is None else over_plan
    within = disbursed - over
    amounts = {
        "disbursed_within_plan": within,
        "disbursed_over_plan": over,
        "not_yet_reported": max(allocated - within, 0),
        "unallocated": max(whole - allocated, 0),
    }
    return pd.DataFrame({"part": list(PARTS), "amount_krw": [amounts[p] for p in PARTS]})


def paid_over_plan(allocation: pd.DataFrame, paid: pd.DataFrame) -> int:
    """What was paid beyond the plan, instrument by sector, over the years: a plan that leaves out
    seven sectors left their payments "within the plan" when only totals were compared."""
    planned = allocation.groupby(["instrument", "sector"])["amount_krw"].sum() if len(allocation) else {}
    spent = paid.groupby(["instrument", "sector"])["amount_krw"].sum() if len(paid) else {}
    planned = {k: int(v) for k, v in planned.items()} if len(allocation) else {}
    return sum(max(int(v) - planned.get(k, 0), 0) for k, v in spent.items()) if len(paid) else 0


def plan_monthly(allocation: pd.DataFrame) -> pd.DataFrame:
    """Each (instrument, year) allocation spread evenly over its twelve months, exact to the won."""
    rows = []
    sums = allocation.groupby(["instrument", "year"])["amount_krw"].sum() if len(allocation) else {}
    for (inst, year), amount in sums.items() if len(allocation) else []:
        for month, part in enumerate(largest_remainder(int(amount), [1] * 12), start=1):
            rows.append((inst, dt.date(int(year), month, 1), part))
    return pd.DataFrame(rows, columns=["instrument", "month", "amount_krw"])


def _by_instrument_month(frame: pd.DataFrame) -> dict[tuple[str, dt.date], int]:
    if frame.empty:
        return {}
    sums = frame.groupby(["instrument", "month"])["amount_krw"].sum()
    return {(i, m): int(v) for (i, m), v in sums.items()}


def cumulative_curves(
    plan: pd.DataFrame,
    paid: pd.DataFrame,
    instruments: Sequence[str],
    year_from: int,
    year_to: int,
    as_of: dt.date | None,
) -> pd.DataFrame:
    """Monthly cumulative plan and payments per instrument (paid only up to the as-of month)."""
    first, last = month_index(dt.date(year_from, 1, 1)), month_index(dt.date(year_to, 12, 1))
    paid_last = min(last, month_index(as_of)) if as_of else first - 1
    plan_cells, paid_cells = _by_instrument_month(plan), _by_instrument_month(paid)
    months = [month_start(i) for i in range(first, last + 1)]
    rows = []
    for inst in instruments:
        plan_cum = paid_cum = 0
        for index, month in enumerate(months, start=first):
            plan_cum += plan_cells.get((inst, month), 0)
            paid_cum += paid_cells.get((inst, month), 0)
            rows.append((inst, month, plan_cum, paid_cum if index <= paid_last else None))
    curves = pd.DataFrame(rows, columns=["instrument", "month", "plan_cum_krw", "paid_cum_krw"])
    curves["paid_cum_krw"] = curves["paid_cum_krw"].astype("Int64")
    return curves


def landing_table(
    paid: pd.DataFrame,
    plan_total: Mapping[str, int],
    instruments: Sequence[str],
    as_of: dt.date | None,
    pace_from: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, Landing | None]:
    """Run-rate landing per instrument and in total, with the gap to the plan.

    ``pace_from`` (payments of every year) sets the pace when ``paid`` covers only some years.
    """
    if as_of is None:
        return pd.DataFrame(), None
    cells = _by_instrument_month(paid)
    pace_cells = cells if pace_from is None else _by_instrument_month(pace_from)
    rows = []
    total = None
    for inst in [*instruments, None]:
        series = [(m, v) for (i, m), v in cells.items() if inst is None or i == inst]
        pace_series = [(m, v) for (i, m), v in pace_cells.items() if inst is None or i == inst]
        estimate = landing(series, as_of, pace_from=pace_series)
        target = sum(plan_total.values()) if inst is None else int(plan_total.get(inst, 0))
        rows.append(
            {
                "instrument": inst,
                "plan_krw": target,
                "paid_to_date_krw": estimate.to_date,
                "pace_per_month_krw": estimate.pace_per_month,
                "landing_krw": estimate.estimate,
                "gap_krw": estimate.estimate - target,
                "landing_rate_pct": rate_pct(estimate.estimate, target),
            }
        )
        total = estimate
    return pd.DataFrame(rows), total


def _scenario_id(view: Filters, facts: queries.Facts) -> int:
    return view.scenario if view.scenario is not None else int(facts.plan["id"])


def uptake_view(con: duckdb.DuckDBPyConnection, view: Filters, facts: queries.Facts | None = None) -> dict[str, object]:
    """Everything the uptake page shows for a view, as small frames (no payment rows)."""
    facts = facts or queries.facts(con)
    inst_frame, sector_frame = facts.instruments, facts.sectors
    inst_codes, sector_codes = facts.instrument_codes, facts.sector_codes
    scenario_id = _scenario_id(view, facts)
    chosen_inst, chosen_sectors = view.instrument_codes(inst_codes), view.sector_codes(sector_codes)

    allocation = queries.allocation_view(con, scenario_id, view, inst_codes, sector_codes)
    monthly = queries.monthly_view(con, view, inst_codes, sector_codes)
    status = queries.disbursement_status(con)
    as_of = status["as_of"]
    envelope = {r.code: int(r.envelope_krw) for r in inst_frame.itertuples() if r.code in chosen_inst}

    alloc_by_inst = allocation.groupby("instrument")["amount_krw"].sum().to_dict()
    paid_by_inst = monthly.groupby("instrument")["amount_krw"].sum().to_dict()
    alloc_by_sector = allocation.groupby("sector")["amount_krw"].sum().to_dict()
    paid_by_sector = monthly.groupby("sector")["amount_krw"].sum().to_dict()
    allocated_total, paid_total = int(allocation["amount_krw"].sum()), int(monthly["amount_krw"].sum())

    # The envelope is stated per instrument for the whole period only: it is the whole when
    # the view covers every sector and every year, otherwise the plan is.
    envelope_applies = not view.sectors and view.whole_period
    whole = sum(envelope.values()) if envelope_applies else allocated_total

    plan = plan_monthly(allocation)
    curves = cumulative_curves(plan, monthly, chosen_inst, view.year_from, view.year_to, as_of)
    if view.year_to == 2025:
        every_year = (
            monthly
            if view.whole_period
            else queries.monthly_view(con, replace(view, year_from=2020), inst_codes, sector_codes)
        )
        landing_rows, total_landing = landing_table(monthly, alloc_by_inst, chosen_inst, as_of, pace_from=every_year)
    else:
        landing_rows, total_landing = pd.DataFrame(), None
    return {
        "scenario_id": scenario_id,
        "instruments": inst_frame,
        "sectors": sector_frame,
        "regions": facts.regions,
        "status": status,
        "envelope_applies": envelope_applies,
        "whole_krw": whole,
        "allocated_krw": allocated_total,
        "disbursed_krw": paid_total,
        "remaining_krw": allocated_total - paid_total,
        "by_instrument": nested_table(chosen_inst, alloc_by_inst, paid_by_inst, envelope if envelope_applies else None),
        "by_sector": nested_table(chosen_sectors, alloc_by_sector, paid_by_sector),
        "parts": parts_of_whole(whole, allocated_total, paid_total, paid_over_plan(allocation, monthly)),
        "curves": curves,
        "landing": landing_rows,
        "landing_total": total_landing,
        "top_recipients": queries.top_recipients_view(con, view, inst_codes, sector_codes),
        "by_region": queries.regions_view(con, view, inst_codes, sector_codes),
    }


def allocation_view(
    con: duckdb.DuckDBPyConnection, view: Filters, facts: queries.Facts | None = None
) -> dict[str, object]:
    """Everything the allocation page shows for a view."""
    facts = facts or queries.facts(con)
    scenario_id = _scenario_id(view, facts)
    return {
        "scenario_id": scenario_id,
        "instruments": facts.instruments,
        "sectors": facts.sectors,
        "allocation": queries.allocation_view(con, scenario_id, view, facts.instrument_codes, facts.sector_codes),
    }
