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

from budget.db import one, scalar
from budget.filters import Filters
from budget.seed import YEARS

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


def programme_summary(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The figures behind ``python -m budget summary --json``.

    ``envelope_krw`` is what was announced: by instrument only; the sources give no split by
    sector or year, so those keys are present with ``null``. ``allocated_krw`` is the plan in
    force (the baseline until a plan is uploaded); ``disbursed_krw`` counts loaded, not
    reverted batches, synthetic demo rows included while their batch is loaded.
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
    envelope = {
        "total": int(inst["envelope_krw"].sum()),
        "by_instrument": {r.code: int(r.envelope_krw) for r in inst.itertuples()},
        "by_sector": {code: None for code in codes["sector"]},
        "by_year": {code: None for code in codes["year"]},
    }
    return {
        "envelope_krw": envelope,
        "allocated_krw": _breakdown(allocated, codes),
        "disbursed_krw": _breakdown(disbursed, codes),
        "scenario": None if plan is None else {"id": int(plan["id"]), "name": plan["name"], "kind": plan["kind"]},
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
    return Facts(instruments(con), sectors(con), regions(con), scenarios(con), current_plan(con))


def latest_milestone(con: duckdb.DuckDBPyConnection, kind: str) -> dict[str, object] | None:
    """The newest reported fact of a kind (e.g. ``alliance_members``), or None."""
    found = milestones(con)
    found = found[found["kind"] == kind]
    return None if found.empty else found.iloc[-1].to_dict()


def overview(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Everything the overview page shows, as small frames and plain values."""
    plan = current_plan(con)
    return {
        "instruments": instruments(con),
        "sectors": sectors(con),
        "milestones": milestones(con),
        "plan": plan,
        "allocated": allocation_cells(con, int(plan["id"]))
        if plan
        else pd.DataFrame({"instrument": [], "sector": [], "year": [], "amount_krw": []}),
        "disbursed": disbursed_cells(con),
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
    return frame(con, "top_recipients_view", limit=limit, **_view_params(view, instrument_codes, sector_codes))
