"""Figure builders: small frames in, Plotly figures out, no Streamlit.

Each chart has a title, its unit on the axis (억원/조원, KRW bn/tn), hover text in the
reader's units, and a source and data-as-of line. Its ``*_table`` twin returns exactly the
numbers the chart shows, for the table view and the CSV download.

Figures are written as plain dictionaries and wrapped once, unvalidated: Plotly's
property-by-property validation cost more than everything else on a page rerun. A test
validates every figure instead (``tests/test_charts.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sequential

from budget.i18n import t
from budget.money import UNITS, axis_unit, format_compact, format_krw, format_rate, unit_label
from budget.theme import INK, INSTRUMENT_COLOURS, SECTOR_COLOURS, TEMPLATE_LAYOUT

BLUES = sequential.Blues  # light to dark

FOOTNOTE_COLOUR = "#4B5563"


@dataclass(frozen=True)
class Names:
    """Display names of instruments and sectors in both languages, in display order."""

    instrument: dict[str, tuple[str, str]]
    sector: dict[str, tuple[str, str]]
    instrument_short: dict[str, tuple[str, str]]

    @classmethod
    def from_frames(cls, instruments: pd.DataFrame, sectors: pd.DataFrame) -> Names:
        return cls(
            {r.code: (r.name_ko, r.name_en) for r in instruments.itertuples()},
            {r.code: (r.name_ko, r.name_en) for r in sectors.itertuples()},
            {r.code: (r.short_ko, r.short_en) for r in instruments.itertuples()},
        )

    def of_instrument(self, code: str, lang: str, short: bool = False) -> str:
        ko, en = (self.instrument_short if short else self.instrument)[code]
        return en if lang == "en" else ko

    def of_sector(self, code: str, lang: str) -> str:
        ko, en = self.sector[code]
        return en if lang == "en" else ko


def inert(value: object) -> str:
    """Text from the data (a company's name, say) made inert for Plotly, which reads a few HTML
    tags in labels (links among them): < and > are shown, never read."""
    return str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pos(won: int, unit: str) -> float:
    # A position on the axis; the exact won stay in the hover text and the table.
    return int(won) / UNITS[unit][0]


#: Pixels the source lines move down under an axis's title ("억원" under the value axis), where on a
#: narrow page they met; a printed chart has its unit in its subtitle instead (export.for_print).
AXIS_TITLE_ROOM = 26


def _footnote_annotation(lines: list[str], y: float = 0, yshift: int = -48) -> dict:
    return {
        "name": "footnote",
        "text": "<br>".join(lines),
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": y,
        "yshift": yshift,
        "showarrow": False,
        "xanchor": "left",
        "yanchor": "top",
        "align": "left",
        "font": {"size": 11, "color": FOOTNOTE_COLOUR},
    }


def _figure(data: list[dict], layout: dict, footnote: list[str] | None = None, below_axis: int = 48) -> go.Figure:
    """Wrap a dictionary spec as a figure with the house template and the footnote.

    ``below_axis`` is how far under the plot the footnote starts: more where tick labels
    are long or slanted.
    """
    layout = {"template": {"layout": TEMPLATE_LAYOUT}, **layout}
    if (layout.get("xaxis") or {}).get("title", {}).get("text"):
        below_axis += AXIS_TITLE_ROOM
    if footnote is not None:
        layout["annotations"] = [*layout.get("annotations", []), _footnote_annotation(footnote, yshift=-below_axis)]
        margin = dict(layout.get("margin", {}))
        margin.setdefault("b", below_axis + 22 + 16 * len(footnote))
        layout["margin"] = margin
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _sum_by(frame: pd.DataFrame, keys: list[str]) -> dict:
    """``amount_krw`` summed by ``keys`` as a plain dict (tuple keys for several columns)."""
    if frame.empty:
        return {}
    sums = frame.groupby(keys)["amount_krw"].sum()
    return {k: int(v) for k, v in sums.items()}


# --- overview ----------------------------------------------------------------------------


def breakdown_table(allocated: pd.DataFrame, disbursed: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Allocation by instrument × sector, and disbursement by instrument, in won.

    ``allocated`` has columns instrument, sector, amount_krw (any granularity finer than
    instrument × sector); ``disbursed`` has instrument, amount_krw.
    """
    alloc = _sum_by(allocated, ["instrument", "sector"])
    paid = _sum_by(disbursed, ["instrument"])
    rows = []
    for inst in names.instrument:
        for sector in names.sector:
            amount = alloc.get((inst, sector), 0)
            if amount:
                rows.append((t("chart_breakdown_allocated", lang), inst, sector, amount))
        rows.append((t("chart_breakdown_disbursed", lang), inst, None, paid.get(inst, 0)))
    table = pd.DataFrame(rows, columns=["measure", "instrument", "sector", "amount_krw"])
    table["amount_krw"] = table["amount_krw"].astype("int64")
    return table


def breakdown_table_for_people(table: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """The breakdown table with display names and headers in the reader's language."""
    return pd.DataFrame(
        {
            t("col_fact", lang): table["measure"],
            t("col_instrument", lang): [names.of_instrument(c, lang) for c in table["instrument"]],
            t("col_sector", lang): [
                names.of_sector(c, lang) if isinstance(c, str) else t("total", lang) for c in table["sector"]
            ],
            t("col_amount", lang): table["amount_krw"],
        }
    )


def figure_breakdown(table: pd.DataFrame, names: Names, lang: str, footnote: list[str]) -> go.Figure:
    """Programme → instrument → sector: stacked bars of allocation, a marker for what was paid."""
    allocated = table[table["sector"].notna()]
    alloc = {
        (i, s): int(a)
        for i, s, a in zip(allocated["instrument"], allocated["sector"], allocated["amount_krw"], strict=True)
    }
    paid_rows = table[table["sector"].isna()]
    paid = {i: int(a) for i, a in zip(paid_rows["instrument"], paid_rows["amount_krw"], strict=True)}
    per_instrument = {i: sum(a for (j, _), a in alloc.items() if j == i) for i in names.instrument}
    biggest = max([*per_instrument.values(), *paid.values(), 0])
    unit = axis_unit(biggest, lang)
    codes = list(names.instrument)
    y = [names.of_instrument(c, lang, short=True) for c in codes]
    data = []
    for sector in names.sector:
        won = [alloc.get((c, sector), 0) for c in codes]
        if not any(won):
            continue
        label = names.of_sector(sector, lang)
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": y,
                "x": [_pos(w, unit) for w in won],
                "name": label,
                "marker": {"color": SECTOR_COLOURS.get(sector)},
                "customdata": [format_krw(w, lang) for w in won],
                "hovertemplate": "%{y} · " + label + ": %{customdata}<extra></extra>",
            }
        )
    label = t("chart_breakdown_disbursed", lang)
    paid_won = [paid.get(c, 0) for c in codes]
    data.append(
        {
            "type": "scatter",
            "x": [_pos(w, unit) for w in paid_won],
            "y": y,
            "mode": "markers",
            "name": label,
            "marker": {"symbol": "diamond", "size": 15, "color": INK, "line": {"color": "white", "width": 2}},
            "customdata": [format_krw(w, lang) for w in paid_won],
            "hovertemplate": "%{y} · " + label + ": %{customdata}<extra></extra>",
        }
    )
    # each bar's total and execution rate, written just past its end
    totals = [
        {
            "x": _pos(max(per_instrument[c], p), unit),
            "y": name,
            "xanchor": "left",
            "showarrow": False,
            "xshift": 8,
            "text": f"{format_krw(per_instrument[c], lang)} · {label} {format_rate(p, per_instrument[c])}",
            "font": {"size": 12, "color": INK},
        }
        for c, name, p in zip(codes, y, paid_won, strict=True)
    ]
    layout = {
        # the title at the top: the legend under it takes three rows on a page 1024 px wide
        "title": {
            "text": t("chart_breakdown_title", lang),
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 14},
        },
        "barmode": "stack",
        "height": 585 if lang == "en" else 520,
        "xaxis": {
            "title": {"text": unit_label(unit, lang)},
            "tickformat": ",~f",
            "range": [0, _pos(biggest, unit) * 1.6],  # room for the longest bar's total at its end
        },
        "yaxis": {"autorange": "reversed"},
        # the legend above the bars (as the house's), not at their right, where on a narrow page the
        # longest bar's total ran under it
        "legend": {"traceorder": "normal"},
        # English names are long ("Appliances & electronics"): on a page 1024 px wide they take six
        # rows, which covered the title; Korean ones take three
        "margin": {"t": 195 if lang == "en" else 130},
        "annotations": totals,
    }
    return _figure(data, layout, footnote)


# --- allocation page ---------------------------------------------------------------------


def allocation_year_table(allocation: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Allocation by year × instrument, in won (the numbers of the stacked-bar chart)."""
    sums = _sum_by(allocation, ["year", "instrument"])
    years = sorted({y for y, _ in sums})
    rows = [(int(y), c, sums[(y, c)]) for y in years for c in names.instrument if sums.get((y, c))]
    return pd.DataFrame(
        {
            t("col_year", lang): [r[0] for r in rows],
            t("col_instrument", lang): [names.of_instrument(r[1], lang) for r in rows],
            t("col_allocated", lang): pd.array([r[2] for r in rows], dtype="int64"),
            "code": [r[1] for r in rows],
        }
    )


def figure_allocation_by_year(table: pd.DataFrame, names: Names, lang: str, footnote: list[str]) -> go.Figure:
    """Stacked bars: each year's allocation, coloured by instrument, with the year's total above."""
    year_col, amount_col = t("col_year", lang), t("col_allocated", lang)
    cells = {(int(y), c): int(a) for y, c, a in zip(table[year_col], table["code"], table[amount_col], strict=True)}
    years = sorted({y for y, _ in cells})
    per_year = {y: sum(a for (z, _), a in cells.items() if z == y) for y in years}
    unit = axis_unit(max([*per_year.values(), 0]), lang)
    x = [str(y) for y in years]
    data = []
    for code in names.instrument:
        won = [cells.get((y, code), 0) for y in years]
        if not any(won):
            continue
        short = names.of_instrument(code, lang, short=True)
        data.append(
            {
                "type": "bar",
                "x": x,
                "y": [_pos(w, unit) for w in won],
                "name": short,
                "marker": {"color": INSTRUMENT_COLOURS[code]},
                "customdata": [format_krw(w, lang) for w in won],
                "hovertemplate": "%{x} · " + short + ": %{customdata}<extra></extra>",
            }
        )
    # totals as a text trace: annotations on a category axis of year-like strings are read
    # as numbers (2021 → the 2021st category) and wreck the axis
    data.append(
        {
            "type": "scatter",
            "x": x,
            "y": [_pos(per_year[y], unit) for y in years],
            "mode": "text",
            "text": [format_krw(per_year[y], lang) for y in years],
            "textposition": "top center",
            "showlegend": False,
            "hoverinfo": "skip",
        }
    )
    layout = {
        "title": {"text": t("chart_alloc_year_title", lang)},
        "barmode": "stack",
        "height": 440,
        # room above the tallest bar for its total
        "yaxis": {
            "title": {"text": unit_label(unit, lang)},
            "tickformat": ",~f",
            "range": [0, _pos(max([*per_year.values(), 1]), unit) * 1.12],
        },
        "xaxis": {"type": "category"},
    }
    return _figure(data, layout, footnote)


def allocation_sector_year_table(allocation: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Allocation by sector (rows) × year (columns), in won: the heatmap's numbers."""
    sums = _sum_by(allocation, ["sector", "year"])
    sectors = [s for s in names.sector if any(k[0] == s for k in sums)]
    years = sorted({int(y) for _, y in sums})
    table = pd.DataFrame({t("col_sector", lang): [names.of_sector(s, lang) for s in sectors]})
    for year in years:
        table[str(year)] = pd.array([sums.get((s, year), 0) for s in sectors], dtype="int64")
    return table


def figure_allocation_heatmap(table: pd.DataFrame, lang: str, footnote: list[str]) -> go.Figure:
    """Sector × year heatmap of the allocation, each cell labelled in 억원 (KRW bn)."""
    years = [c for c in table.columns if c != t("col_sector", lang)]
    values = [[int(v) for v in row] for row in table[years].itertuples(index=False)] if years else []
    unit = "bn" if lang == "en" else "eok"
    data = [
        {
            "type": "heatmap",
            "z": [[_pos(v, unit) for v in row] for row in values],
            "x": years,
            "y": list(table[t("col_sector", lang)]),
            "text": [[format_compact(v, unit, lang, places=0) if v else "–" for v in row] for row in values],
            "texttemplate": "%{text}",
            "customdata": [[format_krw(v, lang) for v in row] for row in values],
            "hovertemplate": "%{y} · %{x}: %{customdata}<extra></extra>",
            # light (low) to dark (high), written out: the name "Blues" reached the browser's plotly.js,
            # whose Blues runs the other way, so on screen the largest cell was the palest
            "colorscale": [[i / (len(BLUES) - 1), colour] for i, colour in enumerate(BLUES)],
            # from nothing: a few equal cells (426억원 each, apart by less than a won) were navy and white
            "zmin": 0,
            "zmax": max((_pos(v, unit) for row in values for v in row), default=0) or 1,
            "colorbar": {"title": {"text": unit_label(unit, lang)}},
        }
    ]
    layout = {
        "title": {"text": t("chart_alloc_heatmap_title", lang)},
        # room for three rows at least under the title and over the source lines (one sector was a line)
        "height": 110 + 70 + 16 * len(footnote) + 40 * max(len(table), 3),
        "yaxis": {"autorange": "reversed", "type": "category", "tickmode": "linear", "dtick": 1},  # every name
        "xaxis": {"type": "category", "side": "top"},
        "margin": {"t": 110},
    }
    return _figure(data, layout, footnote)


def allocation_tree_table(allocation: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Allocation by instrument × sector, in won: the treemap's leaves."""
    sums = _sum_by(allocation, ["instrument", "sector"])
    rows = [(i, s, sums[(i, s)]) for i in names.instrument for s in names.sector if sums.get((i, s))]
    return pd.DataFrame(
        {
            t("col_instrument", lang): [names.of_instrument(i, lang) for i, _, _ in rows],
            t("col_sector", lang): [names.of_sector(s, lang) for _, s, _ in rows],
            t("col_allocated", lang): pd.array([a for *_, a in rows], dtype="int64"),
            "code": [i for i, _, _ in rows],
            "sector_code": [s for _, s, _ in rows],
        }
    )


def figure_allocation_tree(table: pd.DataFrame, names: Names, lang: str, footnote: list[str]) -> go.Figure:
    """Programme → instrument → sector as a treemap, each box with its amount."""
    amount_col = t("col_allocated", lang)
    root = t("programme", lang)
    leaves = list(zip(table["code"], table["sector_code"], (int(a) for a in table[amount_col]), strict=True))
    total = sum(a for *_, a in leaves)
    # a box with boxes inside shows its label alone, as a header: the programme's and each
    # instrument's amount go in it (the treemap gave no total per instrument)
    ids, labels, parents, values, colours = [root], [f"{root} · {format_krw(total, lang)}"], [""], [total], ["#FFFFFF"]
    names_of = [root]
    for code in names.instrument:
        mine = [(s, a) for c, s, a in leaves if c == code]
        if not mine:
            continue
        ids.append(code)
        name = names.of_instrument(code, lang, short=True)
        names_of.append(name)
        labels.append(f"{name} · {format_krw(sum(a for _, a in mine), lang)}")
        parents.append(root)
        values.append(sum(a for _, a in mine))
        colours.append(INSTRUMENT_COLOURS[code])
        for sector, amount in mine:
            ids.append(f"{code}/{sector}")
            labels.append(names.of_sector(sector, lang))
            names_of.append(labels[-1])
            parents.append(code)
            values.append(amount)
            colours.append(SECTOR_COLOURS.get(sector, "#999999"))
    data = [
        {
            "type": "treemap",
            "ids": ids,
            "labels": labels,
            "parents": parents,
            "values": values,
            "branchvalues": "total",
            "marker": {"colors": colours},
            "customdata": [[name, format_krw(v, lang)] for name, v in zip(names_of, values, strict=True)],
            "texttemplate": "%{customdata[0]}<br>%{customdata[1]}",
            "hovertemplate": "%{customdata[0]}: %{customdata[1]}<extra></extra>",
            "maxdepth": 3,
        }
    ]
    layout = {"title": {"text": t("chart_alloc_tree_title", lang)}, "height": 520, "margin": {"t": 60, "l": 0, "r": 0}}
    return _figure(data, layout, footnote)


# --- uptake page -------------------------------------------------------------------------


def nested_table_for_people(table: pd.DataFrame, kind: str, names: Names, lang: str) -> pd.DataFrame:
    """The nested-bar numbers with display names; the envelope column only where it applies."""
    label = names.of_instrument if kind == "instrument" else names.of_sector
    header = t("col_instrument" if kind == "instrument" else "col_sector", lang)
    people = pd.DataFrame({header: [label(c, lang) for c in table["code"]]})
    if table["envelope_krw"].notna().any():
        people[t("col_envelope", lang)] = table["envelope_krw"].to_numpy()
    people[t("col_allocated", lang)] = table["allocated_krw"].to_numpy()
    people[t("col_disbursed", lang)] = table["disbursed_krw"].to_numpy()
    people[t("col_remaining", lang)] = table["remaining_krw"].to_numpy()
    people[t("col_rate", lang)] = table["rate_pct"].to_numpy()
    return people


_LEVELS = (
    ("envelope_krw", "measure_envelope", 0.86, 0.18),
    ("allocated_krw", "measure_allocated", 0.62, 0.45),
    ("disbursed_krw", "measure_disbursed", 0.36, 1.0),
)


def figure_nested(table: pd.DataFrame, kind: str, names: Names, lang: str, footnote: list[str]) -> go.Figure:
    """Envelope ⊃ allocated ⊃ disbursed as bars drawn inside one another, one group per key.

    Each bar carries its code first in ``customdata``, so a click can filter to it.
    """
    codes = list(table["code"])
    if kind == "instrument":
        x = [names.of_instrument(c, lang, short=True) for c in codes]
        colours = [INSTRUMENT_COLOURS.get(c, "#888888") for c in codes]
    else:
        x = [names.of_sector(c, lang) for c in codes]
        colours = [SECTOR_COLOURS.get(c, "#888888") for c in codes]
    shown = [level for level in _LEVELS if table[level[0]].notna().any()]
    # a narrower view draws no envelope (it is not split by sector or year): its subtitle says so
    envelope = any(c == "envelope_krw" for c, *_ in shown)
    title = f"chart_nested_{kind}_title" + ("_no_envelope" if kind == "instrument" and not envelope else "")
    columns = {col: [0 if pd.isna(v) else int(v) for v in table[col]] for col, *_ in shown}
    unit = axis_unit(max([v for values in columns.values() for v in values] + [0]), lang)
    rates = ["–" if r is None or pd.isna(r) else f"{r:.1f}%" for r in table["rate_pct"]]
    data = []
    for column, key, width, opacity in shown:
        won = columns[column]
        rate_part = f" ({t('headline_rate', lang)} %{{customdata[2]}})" if column == "disbursed_krw" else ""
        # the execution rate written on each paid bar: over 100% is payments beyond the plan
        label = {"text": rates, "textposition": "outside", "cliponaxis": False} if column == "disbursed_krw" else {}
        data.append(
            {
                **label,
                "type": "bar",
                "x": x,
                "y": [_pos(w, unit) for w in won],
                "name": t(key, lang),
                "width": width,
                "marker": {"color": colours, "opacity": opacity, "line": {"color": colours, "width": 1}},
                "customdata": [[c, format_krw(w, lang), r] for c, w, r in zip(codes, won, rates, strict=True)],
                "hovertemplate": "%{x} · " + t(key, lang) + ": %{customdata[1]}" + rate_part + "<extra></extra>",
            }
        )
    layout = {
        "title": {"text": t(title, lang)},
        "barmode": "overlay",
        "height": 540 if kind == "sector" else 460,
        "yaxis": {"title": {"text": unit_label(unit, lang)}, "tickformat": ",~f"},
        "xaxis": {"type": "category"},
        "clickmode": "event+select",
        "showlegend": False,  # one colour per key: the subtitle names the levels instead
        "margin": {"t": 80},
    }
    # ten sector names slant under the bars: the footnote goes below them
    return _figure(data, layout, footnote, below_axis=120 if kind == "sector" else 48)


PART_COLOURS = {
    "disbursed_within_plan": "#1B5E9E",
    "disbursed_over_plan": "#C0392B",
    "not_yet_reported": "#9DB9D9",
    "unallocated": "#E5E7EB",
}


def parts_table_for_people(parts: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_part", lang): [t(f"part_{p}", lang) for p in parts["part"]],
            t("col_amount", lang): parts["amount_krw"].astype("int64").to_numpy(),
        }
    )


def figure_parts(parts: pd.DataFrame, whole: int, lang: str, footnote: list[str]) -> go.Figure:
    """One bar of the whole: paid, allocated but not yet reported, unallocated (and any overrun)."""
    amounts = [(p, int(a)) for p, a in zip(parts["part"], parts["amount_krw"], strict=True)]
    unit = axis_unit(max(whole, sum(max(a, 0) for _, a in amounts)), lang)
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [""],
            "x": [_pos(amount, unit)],
            "name": f"{t(f'part_{part}', lang)} {format_krw(amount, lang)} ({format_rate(amount, whole)})",
            "marker": {"color": PART_COLOURS[part]},
            "customdata": [format_krw(amount, lang)],
            "hovertemplate": t(f"part_{part}", lang) + ": %{customdata}<extra></extra>",
        }
        for part, amount in amounts
        if amount
    ]
    layout = {
        "title": {"text": t("chart_parts_title", lang)},
        "barmode": "stack",
        "height": 300,
        "xaxis": {"title": {"text": unit_label(unit, lang)}, "tickformat": ",~f"},
        "margin": {"t": 110},  # the legend sits between the title and the bar
        "legend": {"traceorder": "normal"},  # in the bar's order, left to right (a stack's is reversed)
        "shapes": [
            {
                "type": "line",
                "x0": _pos(whole, unit),
                "x1": _pos(whole, unit),
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": INK, "width": 2, "dash": "dot"},
            }
        ],
    }
    return _figure(data, layout, footnote, below_axis=60)


def curves_table_for_people(curves: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_instrument", lang): [names.of_instrument(c, lang) for c in curves["instrument"]],
            t("col_month", lang): [m.strftime("%Y-%m") for m in curves["month"]],
            t("col_plan_cum", lang): curves["plan_cum_krw"].astype("int64").to_numpy(),
            t("col_paid_cum", lang): curves["paid_cum_krw"].astype("Int64").array,
        }
    )


def figure_curves(
    curves: pd.DataFrame, landing: pd.DataFrame, names: Names, lang: str, footnote: list[str]
) -> go.Figure:
    """Per instrument: cumulative plan (dashed), cumulative payments (solid), run-rate estimate (dotted)."""
    estimates = {}
    if len(landing):
        known = landing[landing["instrument"].notna()]
        estimates = {i: int(v) for i, v in zip(known["instrument"], known["landing_krw"], strict=True)}
    series = {}
    for code in names.instrument:
        part = curves[curves["instrument"] == code]
        if part.empty:
            continue
        months = [m.isoformat() for m in part["month"]]
        plan = [int(v) for v in part["plan_cum_krw"]]
        paid = [(m, int(v)) for m, v in zip(months, part["paid_cum_krw"], strict=True) if not pd.isna(v)]
        series[code] = (months, plan, paid)
    biggest = max(
        [v for _, plan, _ in series.values() for v in plan]
        + [v for _, _, paid in series.values() for _, v in paid]
        + list(estimates.values())
        + [0]
    )
    unit = axis_unit(biggest, lang)
    plan_word, paid_word, estimate_word = t("curve_plan", lang), t("curve_paid", lang), t("curve_projection", lang)
    data = []
    for code, (months, plan, paid) in series.items():
        short, colour = names.of_instrument(code, lang, short=True), INSTRUMENT_COLOURS[code]
        data.append(
            {
                "type": "scatter",
                "x": months,
                "y": [_pos(w, unit) for w in plan],
                "mode": "lines",
                "name": f"{short} · {plan_word}",
                "line": {"color": colour, "dash": "dash", "width": 1.5},
                "customdata": [format_krw(w, lang) for w in plan],
                "hovertemplate": f"%{{x|%Y-%m}} · {short} {plan_word}: %{{customdata}}<extra></extra>",
                "legendgroup": code,
            }
        )
        if not paid:
            continue
        data.append(
            {
                "type": "scatter",
                "x": [m for m, _ in paid],
                "y": [_pos(w, unit) for _, w in paid],
                "mode": "lines",
                "name": f"{short} · {paid_word}",
                "line": {"color": colour, "width": 3},
                "customdata": [format_krw(w, lang) for _, w in paid],
                "hovertemplate": f"%{{x|%Y-%m}} · {short} {paid_word}: %{{customdata}}<extra></extra>",
                "legendgroup": code,
            }
        )
        if code in estimates:
            last_month, last_paid = paid[-1]
            data.append(
                {
                    "type": "scatter",
                    "x": [last_month, "2025-12-01"],
                    "y": [_pos(last_paid, unit), _pos(estimates[code], unit)],
                    "mode": "lines+markers",
                    "name": f"{short} · {estimate_word}",
                    "line": {"color": colour, "dash": "dot", "width": 2},
                    "marker": {"size": [0, 9], "color": colour},
                    "customdata": ["", format_krw(estimates[code], lang)],
                    "hovertemplate": f"2025-12 · {short} {estimate_word}: %{{customdata}}<extra></extra>",
                    "legendgroup": code,
                    "showlegend": False,
                }
            )
    layout = {
        "title": {"text": t("chart_curve_title", lang)},
        "height": 480,
        "yaxis": {"title": {"text": unit_label(unit, lang)}, "tickformat": ",~f"},
        "xaxis": {"tickformat": "%Y-%m"},
        "legend": {"orientation": "v", "x": 1.01, "y": 1, "yanchor": "top"},
    }
    return _figure(data, layout, footnote)


def landing_table_for_people(landing: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_instrument", lang): [
                names.of_instrument(c, lang) if isinstance(c, str) else t("total", lang) for c in landing["instrument"]
            ],
            t("col_plan", lang): landing["plan_krw"].to_numpy(),
            t("col_paid_to_date", lang): landing["paid_to_date_krw"].to_numpy(),
            t("col_pace", lang): landing["pace_per_month_krw"].to_numpy(),
            t("col_landing", lang): landing["landing_krw"].to_numpy(),
            t("col_gap", lang): landing["gap_krw"].to_numpy(),
        }
    )


def _region_names(regions: pd.DataFrame, lang: str) -> dict[str, str]:
    return {r.code: (r.name_en if lang == "en" else r.name_ko) for r in regions.itertuples()}


def recipients_table_for_people(top: pd.DataFrame, regions: pd.DataFrame, lang: str) -> pd.DataFrame:
    region_name = _region_names(regions, lang)
    return pd.DataFrame(
        {
            t("col_recipient", lang): top["recipient"].to_numpy(),
            t("col_region", lang): [region_name.get(r, t("region_unknown", lang)) for r in top["region"]],
            t("col_disbursed", lang): top["amount_krw"].to_numpy(),
            t("col_payments", lang): top["payments"].to_numpy(),
        }
    )


def regions_table_for_people(by_region: pd.DataFrame, regions: pd.DataFrame, lang: str) -> pd.DataFrame:
    region_name = _region_names(regions, lang)
    ordered = by_region.sort_values(["amount_krw", "region"], ascending=[False, True])
    return pd.DataFrame(
        {
            t("col_region", lang): [region_name.get(r, t("region_unknown", lang)) for r in ordered["region"]],
            t("col_disbursed", lang): ordered["amount_krw"].to_numpy(),
            t("col_payments", lang): ordered["payments"].to_numpy(),
        }
    )


_RANKED_BELOW = 64  # the footnote under the axis title, not over it


def _narrow(lines: list[str], width: float = 26) -> list[str]:
    """Source lines broken where they pause, outside brackets (after ", ", before " (", and at " · ",
    which goes), or else at a space, to about ``width`` Korean letters (a Latin letter, a digit or a space counts about
    half of one): under a chart half a page wide the first of them ran past its right edge."""

    def size(text: str) -> float:
        return sum(1 if ord(c) > 0x2E80 else 0.55 for c in text)

    def pauses(line: str) -> list[tuple[int, int]]:  # (where the line ends, where the next begins)
        depth, found = 0, []
        for k, c in enumerate(line):
            depth += (c in "([（") - (c in ")]）")
            if depth == 0 and line.startswith(", ", k):
                found.append((k + 1, k + 2))
            elif depth == 0 and line.startswith(" · ", k):
                found.append((k, k + 3))
            elif depth == 0 and line.startswith(" (", k):
                found.append((k, k + 1))
        return [(end, start) for end, start in found if end > 0]

    out: list[str] = []
    for line in lines:
        while size(line) > width:
            fitting = [(end, start) for end, start in pauses(line) if size(line[:end]) <= width]
            # else at a space, as a last resort ("(etnews and others, 2020-10-28) and later press reports")
            fitting = fitting or [
                (k, k + 1) for k, c in enumerate(line) if c == " " and k > 0 and size(line[:k]) <= width
            ]
            if not fitting:
                break
            end, start = max(fitting)
            out.append(line[:end])
            line = line[start:]
        out.append(line)
    return out


def _ranked_bars(
    labels: list[str], won: list[int], colour: str, title: str, lang: str, footnote: list[str]
) -> go.Figure:
    footnote = _narrow(footnote)  # (drawn half a page wide)
    unit = axis_unit(max([*won, 0]), lang)
    text = [format_krw(w, lang) for w in won]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [inert(label) for label in labels],  # company names come from uploaded files
            "x": [_pos(w, unit) for w in won],
            "marker": {"color": colour},
            "customdata": text,
            "hovertemplate": "%{y}: %{customdata}<extra></extra>",
            "text": text,
            "textposition": "outside",
            "cliponaxis": False,
        }
    ]
    layout = {
        "title": {"text": title},
        # the title's 100 px, the axis and footnote under the plot, and 24 px a bar (four at least)
        "height": 100 + _RANKED_BELOW + AXIS_TITLE_ROOM + 22 + 16 * len(footnote) + 24 * max(len(labels), 4),
        "xaxis": {
            "title": {"text": unit_label(unit, lang)},
            "tickformat": ",~f",
            "range": [0, (_pos(max([*won, 0]), unit) * 1.3) or 1],
        },
        "yaxis": {"autorange": "reversed", "type": "category", "tickmode": "linear", "dtick": 1},  # every name
        "showlegend": False,
    }
    return _figure(data, layout, footnote, below_axis=_RANKED_BELOW)


def figure_recipients(table: pd.DataFrame, lang: str, footnote: list[str]) -> go.Figure:
    """The top recipients, largest first."""
    return _ranked_bars(
        list(table[t("col_recipient", lang)]),
        [int(v) for v in table[t("col_disbursed", lang)]],
        "#1B5E9E",
        t("chart_recipients_title", lang),
        lang,
        footnote,
    )


def figure_regions(table: pd.DataFrame, lang: str, footnote: list[str]) -> go.Figure:
    """Payments by 시도, largest first."""
    return _ranked_bars(
        list(table[t("col_region", lang)]),
        [int(v) for v in table[t("col_disbursed", lang)]],
        "#2E7D32",
        t("chart_regions_title", lang),
        lang,
        footnote,
    )
