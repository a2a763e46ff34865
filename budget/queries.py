"""Named queries that return small frames; the SQL itself lives in ``sql/queries.sql``.

Every function takes the connection (or cursor) first. Aggregation happens in DuckDB; what
comes back is at most a few hundred rows, whatever the number of payments.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from budget.db import NoPlan, one, scalar
from budget.filters import Filters
from budget.seed import YEARS, Instrument, Sector, baseline_allocation

SQL_FILE = Path(__file__).with_name("sql") / "queries.sql"


@cache
def sql(name: str) -> str:
    """The text of the named query in ``sql/queries.sql``."""
    text = SQL_FILE.read_text(encoding="utf-8")
    blocks = re.split(r"^-- name: *(\w+) *$", text, flags=re.MULTILINE)
    named = {blocks[i]: blocks[i + 1].strip() for i in range(1, len(blocks), 2)}
    return named[name]


def frame(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> pd.DataFrame:
    """Run a named query and return its (small) result as a DataFrame.

    Built from plain rows: for the few hundred rows a query returns, ``.df()`` spends more
    time converting types than DuckDB spends answering.
    """
    cursor = con.execute(sql(name), params or None)
    rows = cursor.fetchall()
    columns = [d[0] for d in cursor.description]
    if not rows:
        return pd.DataFrame({c: [] for c in columns})
    return pd.DataFrame(dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))


def instruments(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return frame(con, "instruments")


def sectors(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return frame(con, "sectors")


def regions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return frame(con, "regions")


def milestones(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return frame(con, "milestones")


def current_plan(con: duckdb.DuckDBPyConnection) -> dict[str, object] | None:
    """The scenario in force (``id``, ``name``, ``kind``, ``note``), or None before ``init``."""
    found = frame(con, "current_plan")
    return None if found.empty else found.iloc[0].to_dict()


def allocation_cells(con: duckdb.DuckDBPyConnection, scenario_id: int) -> pd.DataFrame:
    """Allocation of a scenario by instrument × sector × year (``amount_krw``)."""
    return frame(con, "allocation_cells", scenario_id=scenario_id)


def disbursed_cells(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Live disbursements by instrument × sector × year (``amount_krw``, ``payments``)."""
    return frame(con, "disbursed_cells")


def disbursement_status(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """``rows_live``, ``rows_synthetic`` and ``as_of`` (newest live payment date or None)."""
    rows_live, rows_synthetic, as_of = one(con, sql("disbursement_status"))
    return {"rows_live": int(rows_live), "rows_synthetic": int(rows_synthetic), "as_of": as_of}


def _breakdown(cells: pd.DataFrame, codes: dict[str, list[str]]) -> dict[str, object]:
    """Totals of ``amount_krw`` by instrument, sector and year, every known key present.

    ``total`` sums every cell, so a value under a key not listed (a year outside 2020..2025)
    still counts in the total.
    """
    out: dict[str, object] = {"total": int(cells["amount_krw"].sum()) if len(cells) else 0}
    for key, column in (("by_instrument", "instrument"), ("by_sector", "sector"), ("by_year", "year")):
        sums = cells.groupby(column)["amount_krw"].sum() if len(cells) else pd.Series(dtype="int64")
        out[key] = {str(k): int(sums.get(k if column != "year" else int(k), 0)) for k in codes[column]}
    return out


ENVELOPE_SPLIT_NOTE = (
    "envelope_krw is announced by instrument only; its by_sector and by_year split the announced "
    "envelopes by the assumed equal-split rule of the baseline (budget/seed.py), not by any source"
)


def envelope_cells(inst: pd.DataFrame, sector_frame: pd.DataFrame) -> pd.DataFrame:
    """The announced envelopes split by the baseline's assumed rule (instrument, sector, year, amount)."""
    instruments_ = [
        Instrument(r.code, int(r.envelope_krw), pd.Timestamp(r.period_start).date(), pd.Timestamp(r.period_end).date())
        for r in inst.itertuples()
    ]
    sectors_ = [Sector(r.code, pd.Timestamp(r.joined_on).date()) for r in sector_frame.itertuples()]
    rows = baseline_allocation(instruments_, sectors_)
    return pd.DataFrame(rows, columns=["instrument", "sector", "year", "amount_krw"])


def programme_summary(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The figures behind ``python -m budget summary --json``.

    ``envelope_krw`` is what was announced, by instrument; the sources give no split by
    sector or year, so its ``by_sector``/``by_year`` apply the baseline's stated assumption
    (equal split) to the announced envelopes and the JSON says so under ``notes``.
    ``allocated_krw`` is the plan in force (the baseline until a plan is uploaded);
    ``disbursed_krw`` counts loaded, not reverted batches, synthetic demo rows included
    while their batch is loaded.
    """
    inst = instruments(con)
    codes = {
        "instrument": list(inst["code"]),
        "sector": list(sectors(con)["code"]),
        "year": [str(y) for y in YEARS],
    }
    plan = current_plan(con)
    allocated = (
        allocation_cells(con, int(plan["id"]))
        if plan
        else pd.DataFrame(columns=["instrument", "sector", "year", "amount_krw"])
    )
    disbursed = disbursed_cells(con)
    status = disbursement_status(con)
    envelope = _breakdown(envelope_cells(inst, sectors(con)), codes)
    return {
        "envelope_krw": envelope,
        "allocated_krw": _breakdown(allocated, codes),
        "disbursed_krw": _breakdown(disbursed, codes),
        "scenario": None if plan is None else {"id": int(plan["id"]), "name": plan["name"], "kind": plan["kind"]},
        "notes": {"envelope_split": ENVELOPE_SPLIT_NOTE},
        "disbursements": {
            "rows": status["rows_live"],
            "synthetic_rows": status["rows_synthetic"],
            "as_of": status["as_of"].isoformat() if isinstance(status["as_of"], dt.date) else None,
        },
    }


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """A token that changes whenever loaded batches or scenarios change (a cache key)."""
    return str(scalar(con, sql("data_version")))


@dataclass(frozen=True)
class Facts:
    """The small reference tables every page needs, read once per script run."""

    instruments: pd.DataFrame
    sectors: pd.DataFrame
    regions: pd.DataFrame
    scenarios: pd.DataFrame
    plan: dict[str, object] | None

    @property
    def instrument_codes(self) -> list[str]:
        return list(self.instruments["code"])

    @property
    def sector_codes(self) -> list[str]:
        return list(self.sectors["code"])

    def scenario(self, scenario_id: int) -> dict[str, object]:
        found = self.scenarios[self.scenarios["id"] == scenario_id]
        return found.iloc[0].to_dict()


def facts(con: duckdb.DuckDBPyConnection) -> Facts:
    """The reference tables and the plan in force; :class:`NoPlan` if there is no plan at all."""
    plan = current_plan(con)
    if plan is None:
        raise NoPlan()
    return Facts(instruments(con), sectors(con), regions(con), scenarios(con), plan)


def latest_milestone(milestone_frame: pd.DataFrame, kind: str) -> dict[str, object] | None:
    """The newest reported fact of a kind (e.g. ``alliance_members``) in ``milestones()``, or None."""
    found = milestone_frame[milestone_frame["kind"] == kind]
    return None if found.empty else found.iloc[-1].to_dict()


def headline(inst: pd.DataFrame, disbursed: pd.DataFrame) -> dict[str, object]:
    """Envelope and disbursed in won, for the programme and each instrument, with the paid share."""
    paid = disbursed.groupby("instrument")["amount_krw"].sum().to_dict() if len(disbursed) else {}
    per_instrument = {}
    for code, envelope in zip(inst["code"], inst["envelope_krw"], strict=True):
        envelope, spent = int(envelope), int(paid.get(code, 0))
        # a progress bar's fill: the paid share, capped at a full bar when payments overrun
        share = min(spent / envelope, 1.0) if envelope else 0.0
        per_instrument[code] = {"envelope_krw": envelope, "disbursed_krw": spent, "share": share}
    return {
        "envelope_krw": sum(v["envelope_krw"] for v in per_instrument.values()),
        "disbursed_krw": int(sum(paid.values())),
        "by_instrument": per_instrument,
    }


def overview(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Everything the overview page shows, as small frames and plain values."""
    plan = current_plan(con)
    inst = instruments(con)
    disbursed = disbursed_cells(con)
    return {
        "headline": headline(inst, disbursed),
        "instruments": inst,
        "sectors": sectors(con),
        "milestones": milestones(con),
        "plan": plan,
        "allocated": allocation_cells(con, int(plan["id"]))
        if plan
        else pd.DataFrame({"instrument": [], "sector": [], "year": [], "amount_krw": []}),
        "disbursed": disbursed,
        "status": disbursement_status(con),
    }


def scenarios(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return frame(con, "scenarios")


def _view_params(view: Filters, instrument_codes: list[str], sector_codes: list[str]) -> dict[str, object]:
    # None means "all": DuckDB then skips the per-row list test altogether
    return {
        "instruments": view.instrument_codes(instrument_codes) if view.instruments else None,
        "sectors": view.sector_codes(sector_codes) if view.sectors else None,
        "year_from": view.year_from,
        "year_to": view.year_to,
    }


def allocation_view(
    con: duckdb.DuckDBPyConnection,
    scenario_id: int,
    view: Filters,
    instrument_codes: list[str],
    sector_codes: list[str],
) -> pd.DataFrame:
    """Allocation (instrument, sector, year, amount_krw) of a scenario within a view."""
    return frame(con, "allocation_view", scenario_id=scenario_id, **_view_params(view, instrument_codes, sector_codes))


def monthly_view(
    con: duckdb.DuckDBPyConnection, view: Filters, instrument_codes: list[str], sector_codes: list[str]
) -> pd.DataFrame:
    """Live payments (instrument, sector, month, amount_krw, payments, last_paid_on) within a view."""
    return frame(con, "monthly_view", **_view_params(view, instrument_codes, sector_codes))


def regions_view(
    con: duckdb.DuckDBPyConnection, view: Filters, instrument_codes: list[str], sector_codes: list[str]
) -> pd.DataFrame:
    """Live payments by region (region, amount_krw, payments) within a view."""
    return frame(con, "regions_view", **_view_params(view, instrument_codes, sector_codes))


def top_recipients_view(
    con: duckdb.DuckDBPyConnection, view: Filters, instrument_codes: list[str], sector_codes: list[str], limit: int = 20
) -> pd.DataFrame:
    """The ``limit`` recipients paid most within a view (recipient, region, amount_krw, payments)."""
    reverted = [row[0] for row in con.execute(sql("reverted_batches")).fetchall()] or None
    if not view.instruments and not view.sectors and view.whole_period:
        return frame(con, "top_recipients_all", limit=limit, reverted=reverted)
    return frame(
        con, "top_recipients_view", limit=limit, reverted=reverted, whole_period=view.whole_period,
        **_view_params(view, instrument_codes, sector_codes),
    )  # fmt: skip


def batches(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return frame(con, "batches")


def rejected_rows(con: duckdb.DuckDBPyConnection, batch_id: int) -> pd.DataFrame:
    return frame(con, "rejected_rows", batch_id=batch_id)


def audit_log(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every write a person made (who, when, what), newest first."""
    return frame(con, "audit_log")


def time_zone(con: duckdb.DuckDBPyConnection) -> str:
    """The zone the timestamps are in ("UTC", "Asia/Seoul"): a page shows times with it."""
    return str(scalar(con, sql("time_zone")))
