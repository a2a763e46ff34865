"""Every chart the pages show, built for one view: the pages draw them, the press kit exports them.

A :class:`KitChart` is a figure with the numbers it shows (for the table toggle and the CSV) and
its key. The pages and the press kit build charts here, so an exported chart is the one on screen.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import duckdb
import pandas as pd
import plotly.graph_objects as go

from budget import charts, export, queries, uptake
from budget.filters import Filters
from budget.i18n import t

PAGES = ("overview", "allocation", "uptake")


@dataclass(frozen=True)
class KitChart:
    """One chart: its key (also the stem of its file names), page, figure and table for people."""

    key: str
    page: str
    figure: go.Figure
    table: Callable[[], pd.DataFrame] | pd.DataFrame

    @property
    def title(self) -> str:
        title = self.figure.layout.title
        return str(title.text) if title and title.text else self.key

    def numbers(self) -> pd.DataFrame:
        """The table of exactly what the chart shows, without the colour-code columns."""
        shown = self.table() if callable(self.table) else self.table
        return shown.drop(columns=[c for c in ("code", "sector_code") if c in shown.columns])


# --- what every chart says about itself ------------------------------------------------------


def scenario_label(name: str, kind: str, lang: str) -> str:
    """A scenario's name for the reader; the baseline's in the reader's language."""
    return t("baseline_name", lang) if kind == "baseline" else name


def as_of_line(status: dict, lang: str) -> str:
    """ "Data as of …", marked when the payments shown are synthetic."""
    as_of = status["as_of"].isoformat() if status.get("as_of") else "–"
    return t("chart_as_of", lang, as_of=as_of) + (t("source_synthetic", lang) if status.get("rows_synthetic") else "")


def footnote(status: dict, plan_kind: str | None, scenario_name: str | None, lang: str) -> list[str]:
    """Source and as-of lines for a chart, with the assumed-split note for the baseline and, for
    another plan with its name given, the note that a scenario is a plan."""
    lines = [t("chart_source", lang), as_of_line(status, lang)]
    if plan_kind == "baseline":
        lines.append(t("chart_assumed", lang))
    elif scenario_name is not None:
        lines.append(t("scenario_plan_note", lang, name=scenario_name))
    return lines


def view_caption(view: Filters, names: charts.Names, scenario_name: str, lang: str) -> str:
    """One line saying what a page (or an exported chart) shows."""
    everything = t("filter_all", lang)
    instruments = ", ".join(names.of_instrument(c, lang, short=True) for c in view.instruments) or everything
    sectors = ", ".join(names.of_sector(c, lang) for c in view.sectors) or everything
    years = f"{view.year_from}–{view.year_to}" if view.year_from != view.year_to else str(view.year_from)
    what = f"{instruments} · {sectors} · {years} · {scenario_name}"
    return t("view_line", lang, what=what)


# --- the charts of each page -------------------------------------------------------------------


def overview_charts(data: dict, lang: str) -> list[KitChart]:
    names = charts.Names.from_frames(data["instruments"], data["sectors"])
    plan = data["plan"]
    # the overview shows the plan in force: no scenario note
    notes = footnote(data["status"], plan["kind"] if plan else None, None, lang)
    table = charts.breakdown_table(data["allocated"], data["disbursed"], names, lang)
    return [
        KitChart(
            "overview_breakdown",
            "overview",
            charts.figure_breakdown(table, names, lang, notes),
            lambda: charts.breakdown_table_for_people(table, names, lang),
        )
    ]


def allocation_charts(data: dict, scenario: dict, status: dict, lang: str) -> list[KitChart]:
    names = charts.Names.from_frames(data["instruments"], data["sectors"])
    notes = footnote(status, scenario["kind"], scenario_label(scenario["name"], scenario["kind"], lang), lang)
    allocation = data["allocation"]
    if allocation.empty or int(allocation["amount_krw"].abs().sum()) == 0:
        return []
    by_year = charts.allocation_year_table(allocation, names, lang)
    grid = charts.allocation_sector_year_table(allocation, names, lang)
    tree = charts.allocation_tree_table(allocation, names, lang)
    return [
        KitChart("allocation_by_year", "allocation", charts.figure_allocation_by_year(by_year, names, lang, notes), by_year),
        KitChart("allocation_sector_year", "allocation", charts.figure_allocation_heatmap(grid, lang, notes), grid),
        KitChart("allocation_instrument_sector", "allocation", charts.figure_allocation_tree(tree, names, lang, notes),
                 tree),
    ]  # fmt: skip


def uptake_charts(data: dict, scenario: dict, lang: str) -> list[KitChart]:
    names = charts.Names.from_frames(data["instruments"], data["sectors"])
    notes = footnote(data["status"], scenario["kind"], scenario_label(scenario["name"], scenario["kind"], lang), lang)
    parts, by_instrument, by_sector = data["parts"], data["by_instrument"], data["by_sector"]
    top = charts.recipients_table_for_people(data["top_recipients"], data["regions"], lang)
    regions = charts.regions_table_for_people(data["by_region"], data["regions"], lang)
    return [
        KitChart("uptake_parts", "uptake", charts.figure_parts(parts, data["whole_krw"], lang, notes),
                 lambda: charts.parts_table_for_people(parts, lang)),
        KitChart("uptake_by_instrument", "uptake", charts.figure_nested(by_instrument, "instrument", names, lang, notes),
                 lambda: charts.nested_table_for_people(by_instrument, "instrument", names, lang)),
        KitChart("uptake_by_sector", "uptake", charts.figure_nested(by_sector, "sector", names, lang, notes),
                 lambda: charts.nested_table_for_people(by_sector, "sector", names, lang)),
        KitChart("uptake_cumulative", "uptake",
                 charts.figure_curves(data["curves"], data["landing"], names, lang, notes),
                 lambda: charts.curves_table_for_people(data["curves"], names, lang)),
        KitChart("uptake_top_recipients", "uptake", charts.figure_recipients(top, lang, notes), top),
        KitChart("uptake_regions", "uptake", charts.figure_regions(regions, lang, notes), regions),
    ]  # fmt: skip


def build(con: duckdb.DuckDBPyConnection, view: Filters, lang: str) -> list[KitChart]:
    """Every chart of every page for one view (filters and scenario), in page order."""
    facts = queries.facts(con)
    if view.scenario is not None and view.scenario not in set(int(i) for i in facts.scenarios["id"]):
        view = Filters(view.instruments, view.sectors, view.year_from, view.year_to, None)
    allocation = uptake.allocation_view(con, view, facts)
    taken = uptake.uptake_view(con, view, facts)
    scenario = facts.scenario(allocation["scenario_id"])
    return [
        *overview_charts(queries.overview(con), lang),
        *allocation_charts(allocation, scenario, queries.disbursement_status(con), lang),
        *uptake_charts(taken, scenario, lang),
    ]


def subtitle(con: duckdb.DuckDBPyConnection, view: Filters, lang: str) -> str:
    """The line under an exported chart's title: the filters and the scenario it shows."""
    facts = queries.facts(con)
    names = charts.Names.from_frames(facts.instruments, facts.sectors)
    scenario_id = view.scenario if view.scenario is not None else int(facts.plan["id"])
    known = {int(r.id): r for r in facts.scenarios.itertuples()}
    row = known.get(scenario_id) or known[int(facts.plan["id"])]
    return view_caption(view, names, scenario_label(row.name, row.kind, lang), lang)


def subtitles(con: duckdb.DuckDBPyConnection, view: Filters, lang: str) -> dict[str, str]:
    """Each page's line under its charts' titles: the overview's charts show the whole programme
    under the plan in force, whatever the view (an image of them was labelled "펀드, 보증 · 철강 ·
    2022–2024" while it showed every instrument); the other pages' show the view."""
    return {"overview": subtitle(con, Filters(), lang), "allocation": (line := subtitle(con, view, lang)),
            "uptake": line}  # fmt: skip


def _plain(title: str) -> str:
    """A chart's title as text: its first line, without the markup of the lines under it."""
    return re.sub(r"<[^>]+>", "", title.split("<br>")[0]).strip()


# --- the kit as files ------------------------------------------------------------------------


def sources_text(con: duckdb.DuckDBPyConnection, view: Filters, lang: str, kit: list[KitChart], on: dt.date) -> str:
    """What a graphics desk needs beside the images: sources, as-of date, the view, each chart."""
    lines = [
        t("app_title", lang),
        subtitle(con, view, lang),
        "",
        t("chart_source", lang),
        as_of_line(queries.disbursement_status(con), lang),
        t("kit_made_on", lang, date=on.isoformat()),
        "",
        *(f"- {chart.key}: {_plain(chart.title)}" for chart in kit),
    ]
    return "\n".join(lines) + "\n"


def export_all(
    con: duckdb.DuckDBPyConnection,
    view: Filters,
    lang: str,
    fmt: str = "png",
    size: str = "slide",
    scale: int = 2,
    keys: list[str] | None = None,
    on: dt.date | None = None,
) -> dict[str, bytes]:
    """Every chart of the kit (or those named) as image files, each with a CSV of its numbers,
    and a sources text: file name → bytes."""
    on = on or dt.date.today()
    charts_ = [c for c in build(con, view, lang) if keys is None or c.key in keys]
    lines = subtitles(con, view, lang)
    synthetic = bool(queries.disbursement_status(con).get("rows_synthetic"))
    render = export.renderer()
    files: dict[str, bytes] = {}
    for chart in charts_:
        figure = export.for_print(chart.figure, size, lines[chart.page], synthetic, lang)
        files[export.file_name(chart.key, lang, on, fmt)] = render.image(figure, fmt, size, scale)
        files[export.file_name(chart.key, lang, on, "csv")] = export.csv_bytes(chart.numbers())
    files[f"sources_{lang}_{on.isoformat()}.txt"] = sources_text(con, view, lang, charts_, on).encode("utf-8")
    return files


def zip_bytes(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()
