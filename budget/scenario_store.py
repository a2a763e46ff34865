"""Scenarios in the database: open, save, duplicate, rename, archive, export.

A saved scenario never changes its amounts: saving edits makes a new scenario whose parent is
the one it started from, so a link to a scenario always shows the same plan. Renaming and
archiving record who did it and when. Reads use the named queries in ``sql/queries.sql``.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import duckdb
import pandas as pd

from budget import db, queries
from budget.export import neutralise
from budget.i18n import MARKUP_CHARACTERS, plain
from budget.scenario import Programme, Scenario, from_rows
from budget.seed import YEARS

NAME_MAX = 80
MAX_CELL_KRW = 100 * 10**12  # 100조원: beyond this, a typo (and past what BIGINT sums safely hold)
NOTE_MAX = 2000


class ScenarioRefused(db.BudgetError):
    """A save, rename or archive that cannot be done, with the reason in Korean and English."""


def programme(con: duckdb.DuckDBPyConnection) -> Programme:
    """The instruments (with the years of their periods) and sectors (with the year each joined)."""
    inst = queries.instruments(con)
    sectors = queries.sectors(con)
    return Programme(
        instruments=tuple(inst["code"]),
        sectors=tuple(sectors["code"]),
        years=YEARS,
        instrument_years={
            r.code: tuple(y for y in YEARS if r.period_start.year <= y <= r.period_end.year) for r in inst.itertuples()
        },
        sector_first_year={r.code: r.joined_on.year for r in sectors.itertuples()},
        total_krw=int(inst["envelope_krw"].sum()),
    )


def load(con: duckdb.DuckDBPyConnection, scenario_id: int) -> Scenario:
    """A saved scenario (baseline, plan or scenario) as a model :class:`Scenario`."""
    cells = queries.allocation_cells(con, scenario_id)
    rates = queries.frame(con, "scenario_uptake", scenario_id=scenario_id)
    scenario = from_rows(zip(cells["instrument"], cells["sector"], cells["year"], cells["amount_krw"], strict=True))
    uptake = {r.instrument: Decimal(r.rate) for r in rates.itertuples() if r.sector == ""}
    sector_uptake = {(r.instrument, r.sector): Decimal(r.rate) for r in rates.itertuples() if r.sector != ""}
    return Scenario(scenario.cells, uptake, sector_uptake)


def listing(con: duckdb.DuckDBPyConnection, archived: bool = False) -> pd.DataFrame:
    """Every scenario with its parent's name and total, newest first (the baseline and plans first)."""
    return queries.frame(con, "scenario_list", archived=archived)


#: Characters a name may not hold: a name is plain text everywhere (captions, messages, charts, files).
NAME_FORBIDDEN = MARKUP_CHARACTERS
plain_name = plain  # a name made safe to show anywhere (a plan named after its file, say)


def _clean_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise ScenarioRefused.of("sc_err_no_name")
    if bad := sorted({c for c in name if c in NAME_FORBIDDEN}):
        raise ScenarioRefused.of("sc_err_name_chars", chars=" ".join(bad))
    if len(name) > NAME_MAX:
        raise ScenarioRefused.of("sc_err_name_long", max=NAME_MAX)
    return name


def _name_free(con: duckdb.DuckDBPyConnection, name: str, except_id: int | None = None) -> None:
    taken = db.scalar(con, "SELECT id FROM scenario WHERE name = ? AND id IS DISTINCT FROM ?", [name, except_id])
    if taken is not None:
        raise ScenarioRefused.of("sc_err_name_taken", name=name)


def save(
    con: duckdb.DuckDBPyConnection,
    scenario: Scenario,
    name: str,
    author: str,
    note: str = "",
    parent_id: int | None = None,
) -> int:
    """Store a scenario under a new name in one transaction; return its id."""
    name = _clean_name(name)
    note = str(note or "")[:NOTE_MAX]
    if any(abs(a) > MAX_CELL_KRW for a in scenario.cells.values()) or abs(scenario.total()) > MAX_CELL_KRW:
        raise ScenarioRefused.of("sc_err_too_large_save")
    con.execute("BEGIN TRANSACTION")
    try:
        _name_free(con, name)
        new_id = db.scalar(
            con,
            """INSERT INTO scenario (name, kind, created_by, note, parent_id)
               VALUES (?, 'scenario', ?, ?, ?) RETURNING id""",
            [name, author, note or None, parent_id],
        )
        cells = [(new_id, i, s, y, a) for (i, s, y), a in sorted(scenario.cells.items()) if a]
        if cells:
            con.executemany("INSERT INTO allocation VALUES (?, ?, ?, ?, ?)", cells)
        rates = [(new_id, i, "", str(r)) for i, r in sorted(scenario.uptake.items())]
        rates += [(new_id, i, s, str(r)) for (i, s), r in sorted(scenario.sector_uptake.items())]
        if rates:
            con.executemany("INSERT INTO scenario_uptake VALUES (?, ?, ?, CAST(? AS DECIMAL(9, 6)))", rates)
        db.audit(con, author, "scenario_saved", new_id, f"{name} (from {parent_id})")
        con.execute("COMMIT")
    except duckdb.ConstraintException:
        con.execute("ROLLBACK")
        _name_free(con, name)  # saved under that name by someone else meanwhile: say so
        raise
    except Exception:
        con.execute("ROLLBACK")
        raise
    return int(new_id)


def duplicate(con: duckdb.DuckDBPyConnection, scenario_id: int, name: str, author: str) -> int:
    """A copy of a scenario under a new name, its parent the original."""
    original = db.one(con, "SELECT note FROM scenario WHERE id = ?", [scenario_id])
    if original is None:
        raise ScenarioRefused.of("sc_err_not_found")
    return save(con, load(con, scenario_id), name, author, original[0] or "", parent_id=scenario_id)


def _editable(con: duckdb.DuckDBPyConnection, scenario_id: int) -> None:
    kind = db.scalar(con, "SELECT kind FROM scenario WHERE id = ?", [scenario_id])
    if kind is None:
        raise ScenarioRefused.of("sc_err_not_found")
    if kind != "scenario":
        raise ScenarioRefused.of("sc_err_not_editable")


def rename(con: duckdb.DuckDBPyConnection, scenario_id: int, name: str, by: str) -> None:
    name = _clean_name(name)
    _editable(con, scenario_id)
    _name_free(con, name, except_id=scenario_id)
    old = db.scalar(con, "SELECT name FROM scenario WHERE id = ?", [scenario_id])
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE scenario SET name = ?, updated_by = ?, updated_at = current_timestamp WHERE id = ?",
            [name, by, scenario_id],
        )
        db.audit(con, by, "scenario_renamed", scenario_id, f"{old} → {name}")
        con.execute("COMMIT")
    except duckdb.ConstraintException:
        con.execute("ROLLBACK")
        _name_free(con, name, except_id=scenario_id)  # taken by someone else meanwhile: say so
        raise
    except Exception:
        con.execute("ROLLBACK")
        raise


def archive(con: duckdb.DuckDBPyConnection, scenario_id: int, by: str, archived: bool = True) -> None:
    """Hide a scenario from the lists (kept, and its links still open it); ``archived=False`` restores it."""
    _editable(con, scenario_id)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            "UPDATE scenario SET archived = ?, updated_by = ?, updated_at = current_timestamp WHERE id = ?",
            [archived, by, scenario_id],
        )
        db.audit(con, by, "scenario_archived" if archived else "scenario_restored", scenario_id)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


# --- export ------------------------------------------------------------------------------

_HEADERS = {
    "ko": ("지원수단", "분야", "연도", "배분액(원)", "비교 기준(원)", "차이(원)"),
    "en": ("instrument", "sector", "year", "amount_krw", "compared_with_krw", "difference_krw"),
}


def export_frame(
    scenario: Scenario, base: Scenario, instruments: pd.DataFrame, sectors: pd.DataFrame, language: str
) -> pd.DataFrame:
    """Allocation by instrument × sector × year with the base and the difference, in won.

    The headers and names are ones the allocation-plan upload reads, so the file can come back
    in as a plan.
    """
    suffix = "ko" if language == "ko" else "en"
    inst_name = dict(zip(instruments["code"], instruments[f"short_{suffix}"], strict=True))
    sector_name = dict(zip(sectors["code"], sectors[f"name_{suffix}"], strict=True))
    inst_order = {c: k for k, c in enumerate(instruments["code"])}
    sector_order = {c: k for k, c in enumerate(sectors["code"])}
    keys = sorted(
        {k for k, a in scenario.cells.items() if a} | {k for k, a in base.cells.items() if a},
        key=lambda k: (inst_order.get(k[0], 99), sector_order.get(k[1], 99), k[2]),
    )
    h = _HEADERS[suffix]
    return pd.DataFrame(
        {
            h[0]: [inst_name.get(k[0], k[0]) for k in keys],
            h[1]: [sector_name.get(k[1], k[1]) for k in keys],
            h[2]: [k[2] for k in keys],
            h[3]: [scenario.cells.get(k, 0) for k in keys],
            h[4]: [base.cells.get(k, 0) for k in keys],
            h[5]: [scenario.cells.get(k, 0) - base.cells.get(k, 0) for k in keys],
        }
    )


def file_stem(scenario_id: int, name: str, draft: bool, lang: str) -> str:
    """A download's name: the scenario's id and name (file-safe), draft or not, the language."""
    safe = re.sub(r"[^\w가-힣-]+", "_", name).strip("_")[:40] or "scenario"
    return f"scenario_{scenario_id}_{safe}{'_draft' if draft else ''}_{lang}"


def xlsx_bytes(
    frame: pd.DataFrame,
    sheet: str = "scenario",
    notes: list[str] | None = None,
    rates: pd.DataFrame | None = None,
    notes_header: str = "notes",
) -> bytes:
    """The frame as an .xlsx workbook (text cells made formula-safe), the expected uptake rates
    and notes on sheets of their own (the plan upload reads the first sheet only)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        safe.to_excel(writer, sheet_name=sheet, index=False)
        sheet_obj = writer.sheets[sheet]
        for k, column in enumerate(safe.columns):
            letter = sheet_obj.cell(row=1, column=k + 1).column_letter
            longest = max([len(f"{v:,}") if isinstance(v, int) else len(str(v)) for v in safe[column]] + [0])
            sheet_obj.column_dimensions[letter].width = max(12, len(str(column)) + 4, longest + 3)
            if pd.api.types.is_integer_dtype(safe[column]) and k >= 3:
                for cell in sheet_obj[letter][1:]:
                    cell.number_format = "#,##0"
        if rates is not None:
            rates.to_excel(writer, sheet_name="uptake", index=False)
        if notes:
            pd.DataFrame({notes_header: [neutralise(n) for n in notes]}).to_excel(
                writer, sheet_name="notes", index=False
            )
    return out.getvalue()
