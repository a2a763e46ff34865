"""Figure builders: small frames in, Plotly figures out, no Streamlit.

Each chart has a title, its unit on the axis (억원/조원, KRW bn/tn), hover text in the
reader's units, and a source and data-as-of line. Its ``*_table`` twin returns exactly the
numbers the chart shows, for the table view and the CSV download.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from budget.i18n import t
from budget.money import axis_unit, format_compact, format_krw, format_rate, to_unit, unit_label
from budget.theme import INK, INSTRUMENT_COLOURS, SECTOR_COLOURS, template


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


def _float(won: int, unit: str) -> float:
    # Plotly needs floats for positions; the won value itself stays exact in the hover text.
    return float(to_unit(int(won), unit, 4))


def _footnote(fig: go.Figure, lines: list[str]) -> None:
    """Source and data-as-of lines under the plot, inside the figure so exports keep them."""
    fig.add_annotation(
        text="<br>".join(lines),
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        yshift=-48,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        align="left",
        font=dict(size=11, color="#4B5563"),
    )
    fig.update_layout(margin=dict(b=70 + 16 * len(lines)))


def breakdown_table(allocated: pd.DataFrame, disbursed: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Allocation by instrument × sector, and disbursement by instrument, in won.

    ``allocated`` has columns instrument, sector, amount_krw (any granularity finer than
    instrument × sector); ``disbursed`` has instrument, amount_krw.
    """
    alloc = allocated.groupby(["instrument", "sector"], as_index=False)["amount_krw"].sum()
    paid = disbursed.groupby("instrument")["amount_krw"].sum()
    rows = []
    for inst in names.instrument:
        for sector in names.sector:
            match = alloc[(alloc["instrument"] == inst) & (alloc["sector"] == sector)]
            amount = int(match["amount_krw"].sum()) if len(match) else 0
            if amount:
                rows.append((t("chart_breakdown_allocated", lang), inst, sector, amount))
        rows.append((t("chart_breakdown_disbursed", lang), inst, None, int(paid.get(inst, 0))))
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
    paid = table[table["sector"].isna()].set_index("instrument")["amount_krw"]
    per_instrument = allocated.groupby("instrument")["amount_krw"].sum()
    biggest = int(max(per_instrument.max() if len(per_instrument) else 0, paid.max() if len(paid) else 0))
    unit = axis_unit(biggest, lang)
    y = [names.of_instrument(c, lang, short=True) for c in names.instrument]
    fig = go.Figure(layout=dict(template=template()))
    for sector in names.sector:
        part = allocated[allocated["sector"] == sector].set_index("instrument")["amount_krw"]
        if part.empty:
            continue
        won = [int(part.get(c, 0)) for c in names.instrument]
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=y,
                x=[_float(w, unit) for w in won],
                name=names.of_sector(sector, lang),
                marker_color=SECTOR_COLOURS.get(sector),
                customdata=[format_krw(w, lang) for w in won],
                hovertemplate="%{y} · " + names.of_sector(sector, lang) + ": %{customdata}<extra></extra>",
            )
        )
    envelope = [int(per_instrument.get(c, 0)) for c in names.instrument]
    paid_won = [int(paid.get(c, 0)) for c in names.instrument]
    label = t("chart_breakdown_disbursed", lang)
    fig.add_trace(
        go.Scatter(
            x=[_float(w, unit) for w in paid_won],
            y=y,
            mode="markers",
            name=label,
            marker=dict(symbol="diamond", size=15, color=INK, line=dict(color="white", width=2)),
            customdata=[format_krw(w, lang) for w in paid_won],
            hovertemplate="%{y} · " + label + ": %{customdata}<extra></extra>",
        )
    )
    # the bar's total and execution rate, written just past the end of each bar
    for name, alloc_won, paid_amount in zip(y, envelope, paid_won, strict=True):
        fig.add_annotation(
            x=_float(max(alloc_won, paid_amount), unit),
            y=name,
            xanchor="left",
            showarrow=False,
            xshift=8,
            text=f"{format_krw(alloc_won, lang)} · {label} {format_rate(paid_amount, alloc_won)}",
            font=dict(size=12, color=INK),
        )
    fig.update_layout(
        title=t("chart_breakdown_title", lang),
        barmode="stack",
        height=460,
        xaxis=dict(title=unit_label(unit, lang), tickformat=",~f", range=[0, _float(biggest, unit) * 1.45]),
        yaxis=dict(autorange="reversed"),
        legend=dict(orientation="v", x=1.01, y=1, yanchor="top", traceorder="normal"),
        margin=dict(t=60),
    )
    _footnote(fig, footnote)
    return fig


# --- allocation page ---------------------------------------------------------------------


def _unit_for(values: list[int], lang: str) -> str:
    return axis_unit(max([abs(v) for v in values] or [0]), lang)


def allocation_year_table(allocation: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Allocation by year × instrument, in won (the numbers of the stacked-bar chart)."""
    sums = allocation.groupby(["year", "instrument"], as_index=False)["amount_krw"].sum()
    sums = sums[sums["amount_krw"] != 0]
    order = {code: i for i, code in enumerate(names.instrument)}
    sums = sums.sort_values(["year", "instrument"], key=lambda c: c.map(order) if c.name == "instrument" else c)
    return pd.DataFrame(
        {
            t("col_year", lang): sums["year"].astype(int).to_numpy(),
            t("col_instrument", lang): [names.of_instrument(c, lang) for c in sums["instrument"]],
            t("col_allocated", lang): sums["amount_krw"].astype("int64").to_numpy(),
            "code": sums["instrument"].to_numpy(),
        }
    )


def figure_allocation_by_year(table: pd.DataFrame, names: Names, lang: str, footnote: list[str]) -> go.Figure:
    """Stacked bars: each year's allocation, coloured by instrument."""
    year_col, amount_col = t("col_year", lang), t("col_allocated", lang)
    per_year = table.groupby(year_col)[amount_col].sum()
    unit = _unit_for([int(v) for v in per_year], lang)
    fig = go.Figure(layout=dict(template=template()))
    for code in names.instrument:
        part = table[table["code"] == code]
        if part.empty:
            continue
        won = [int(v) for v in part[amount_col]]
        fig.add_trace(
            go.Bar(
                x=[str(y) for y in part[year_col]],
                y=[_float(w, unit) for w in won],
                name=names.of_instrument(code, lang, short=True),
                marker_color=INSTRUMENT_COLOURS[code],
                customdata=[format_krw(w, lang) for w in won],
                hovertemplate="%{x} · "
                + names.of_instrument(code, lang, short=True)
                + ": %{customdata}<extra></extra>",
            )
        )
    # totals above the bars as a text trace: annotations on a category axis of year-like
    # strings are read as numbers (2021 → the 2021st category) and wreck the axis
    fig.add_trace(
        go.Scatter(
            x=[str(y) for y in per_year.index],
            y=[_float(int(v), unit) for v in per_year],
            mode="text",
            text=[format_krw(int(v), lang) for v in per_year],
            textposition="top center",
            showlegend=False,
            hoverinfo="skip",
        )
    )
    fig.update_layout(
        title=t("chart_alloc_year_title", lang),
        barmode="stack",
        height=440,
        yaxis=dict(title=unit_label(unit, lang), tickformat=",~f"),
        xaxis=dict(type="category", title=None),
    )
    _footnote(fig, footnote)
    return fig


def allocation_sector_year_table(allocation: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Allocation by sector (rows) × year (columns), in won: the heatmap's numbers."""
    sums = allocation.groupby(["sector", "year"])["amount_krw"].sum().unstack(fill_value=0)
    sectors = [s for s in names.sector if s in sums.index]
    sums = sums.reindex(sectors)
    table = pd.DataFrame({t("col_sector", lang): [names.of_sector(s, lang) for s in sectors]})
    for year in sorted(sums.columns):
        table[str(int(year))] = sums[year].astype("int64").to_numpy()
    return table


def figure_allocation_heatmap(table: pd.DataFrame, lang: str, footnote: list[str]) -> go.Figure:
    """Sector × year heatmap of the allocation, each cell labelled in 억원 (KRW bn)."""
    years = [c for c in table.columns if c != t("col_sector", lang)]
    values = table[years].to_numpy().tolist() if years else []
    unit = "bn" if lang == "en" else "eok"
    z = [[_float(int(v), unit) for v in row] for row in values]
    text = [[format_compact(int(v), unit, lang, places=0) if v else "–" for v in row] for row in values]
    hover = [[format_krw(int(v), lang) for v in row] for row in values]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=years,
            y=list(table[t("col_sector", lang)]),
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{y} · %{x}: %{customdata}<extra></extra>",
            colorscale="Blues",
            colorbar=dict(title=unit_label(unit, lang)),
        ),
        layout=dict(template=template()),
    )
    fig.update_layout(
        title=t("chart_alloc_heatmap_title", lang),
        height=120 + 38 * max(len(table), 1),
        yaxis=dict(autorange="reversed", type="category"),
        xaxis=dict(type="category", side="top"),
        margin=dict(t=110),
    )
    _footnote(fig, footnote)
    return fig


def allocation_tree_table(allocation: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    """Allocation by instrument × sector, in won: the treemap's leaves."""
    sums = allocation.groupby(["instrument", "sector"], as_index=False)["amount_krw"].sum()
    rows = [
        (names.of_instrument(i, lang), names.of_sector(s, lang), int(a), i, s)
        for i in names.instrument
        for s in names.sector
        for a in sums[(sums["instrument"] == i) & (sums["sector"] == s)]["amount_krw"]
        if a
    ]
    return pd.DataFrame(
        rows,
        columns=[t("col_instrument", lang), t("col_sector", lang), t("col_allocated", lang), "code", "sector_code"],
    )


def figure_allocation_tree(table: pd.DataFrame, names: Names, lang: str, footnote: list[str]) -> go.Figure:
    """Programme → instrument → sector as a treemap, each box with its amount."""
    amount_col = t("col_allocated", lang)
    root = t("programme", lang)
    total = int(table[amount_col].sum())
    ids, labels, parents, values, colours, hover = [root], [root], [""], [total], ["#FFFFFF"], [format_krw(total, lang)]
    for code in names.instrument:
        part = table[table["code"] == code]
        if part.empty:
            continue
        inst_total = int(part[amount_col].sum())
        ids.append(code)
        labels.append(names.of_instrument(code, lang, short=True))
        parents.append(root)
        values.append(inst_total)
        colours.append(INSTRUMENT_COLOURS[code])
        hover.append(format_krw(inst_total, lang))
        for sector_code, amount in zip(part["sector_code"], part[amount_col], strict=True):
            ids.append(f"{code}/{sector_code}")
            labels.append(names.of_sector(sector_code, lang))
            parents.append(code)
            values.append(int(amount))
            colours.append(SECTOR_COLOURS.get(sector_code, "#999999"))
            hover.append(format_krw(int(amount), lang))
    fig = go.Figure(
        go.Treemap(
            ids=ids,
            labels=labels,
            parents=parents,
            values=values,
            branchvalues="total",
            marker=dict(colors=colours),
            customdata=hover,
            texttemplate="%{label}<br>%{customdata}",
            hovertemplate="%{label}: %{customdata}<extra></extra>",
            maxdepth=3,
        ),
        layout=dict(template=template()),
    )
    fig.update_layout(title=t("chart_alloc_tree_title", lang), height=520, margin=dict(t=60, l=0, r=0))
    _footnote(fig, footnote)
    return fig


# --- uptake page -------------------------------------------------------------------------


def nested_table_for_people(table: pd.DataFrame, kind: str, names: Names, lang: str) -> pd.DataFrame:
    """The nested-bar numbers with display names; the envelope column only where it applies."""
    label = names.of_instrument if kind == "instrument" else names.of_sector
    people = pd.DataFrame(
        {t("col_instrument" if kind == "instrument" else "col_sector", lang): [label(c, lang) for c in table["code"]]}
    )
    if table["envelope_krw"].notna().any():
        people[t("col_envelope", lang)] = table["envelope_krw"].to_numpy()
    people[t("col_allocated", lang)] = table["allocated_krw"].to_numpy()
    people[t("col_disbursed", lang)] = table["disbursed_krw"].to_numpy()
    people[t("col_remaining", lang)] = table["remaining_krw"].to_numpy()
    people[t("col_rate", lang)] = table["rate_pct"].to_numpy()
    return people


def figure_nested(table: pd.DataFrame, kind: str, names: Names, lang: str, footnote: list[str]) -> go.Figure:
    """Envelope ⊃ allocated ⊃ disbursed as bars drawn inside one another, one group per key."""
    codes = list(table["code"])
    label = (
        (lambda c: names.of_instrument(c, lang, short=True))
        if kind == "instrument"
        else (lambda c: names.of_sector(c, lang))
    )
    colours = [(INSTRUMENT_COLOURS if kind == "instrument" else SECTOR_COLOURS).get(c, "#888888") for c in codes]
    levels = [
        ("envelope_krw", "measure_envelope", 0.86, 0.18),
        ("allocated_krw", "measure_allocated", 0.62, 0.45),
        ("disbursed_krw", "measure_disbursed", 0.36, 1.0),
    ]
    shown = [lvl for lvl in levels if table[lvl[0]].notna().any()]
    biggest = max(int(table[col].fillna(0).max()) for col, *_ in shown) if len(table) else 0
    unit = axis_unit(biggest, lang)
    x = [label(c) for c in codes]
    fig = go.Figure(layout=dict(template=template()))
    for column, key, width, opacity in shown:
        won = [int(v) for v in table[column].fillna(0)]
        rates = list(table["rate_pct"])
        fig.add_trace(
            go.Bar(
                x=x,
                y=[_float(w, unit) for w in won],
                name=t(key, lang),
                width=width,
                marker=dict(color=colours, opacity=opacity, line=dict(color=colours, width=1)),
                customdata=[
                    [c, format_krw(w, lang), "–" if r is None or pd.isna(r) else f"{r:.1f}%"]
                    for c, w, r in zip(codes, won, rates, strict=True)
                ],
                hovertemplate="%{x} · "
                + t(key, lang)
                + ": %{customdata[1]}"
                + (" (" + t("headline_rate", lang) + " %{customdata[2]})" if column == "disbursed_krw" else "")
                + "<extra></extra>",
            )
        )
    fig.update_layout(
        title=t(f"chart_nested_{kind}_title", lang),
        barmode="overlay",
        height=460,
        yaxis=dict(title=unit_label(unit, lang), tickformat=",~f"),
        xaxis=dict(type="category", title=None),
        clickmode="event+select",
        showlegend=False,  # one colour per key: the subtitle names the levels instead
        margin=dict(t=80),
    )
    _footnote(fig, footnote)
    return fig


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
    unit = axis_unit(max(whole, int(parts["amount_krw"].clip(lower=0).sum())), lang)
    fig = go.Figure(layout=dict(template=template()))
    for part, amount in zip(parts["part"], parts["amount_krw"], strict=True):
        if not amount:
            continue
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=[""],
                x=[_float(int(amount), unit)],
                name=f"{t(f'part_{part}', lang)} {format_krw(int(amount), lang)} ({format_rate(int(amount), whole)})",
                marker_color=PART_COLOURS[part],
                customdata=[format_krw(int(amount), lang)],
                hovertemplate=t(f"part_{part}", lang) + ": %{customdata}<extra></extra>",
            )
        )
    fig.add_vline(x=_float(whole, unit), line=dict(color=INK, width=2, dash="dot"))
    fig.update_layout(
        title=t("chart_parts_title", lang),
        barmode="stack",
        height=260,
        xaxis=dict(title=unit_label(unit, lang), tickformat=",~f"),
        legend=dict(orientation="h", y=-0.45, yanchor="top", x=0),
        margin=dict(t=50, b=150),
    )
    fig.add_annotation(
        text="<br>".join(footnote),
        xref="paper",
        yref="paper",
        x=0,
        y=-1.25,
        showarrow=False,
        xanchor="left",
        yanchor="top",
        align="left",
        font=dict(size=11, color="#4B5563"),
    )
    return fig


def curves_table_for_people(curves: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_instrument", lang): [names.of_instrument(c, lang) for c in curves["instrument"]],
            t("col_month", lang): [m.strftime("%Y-%m") for m in curves["month"]],
            t("col_plan_cum", lang): curves["plan_cum_krw"].astype("int64").to_numpy(),
            t("col_paid_cum", lang): curves["paid_cum_krw"].to_numpy(),
        }
    )


def figure_curves(
    curves: pd.DataFrame, landing: pd.DataFrame, names: Names, lang: str, footnote: list[str]
) -> go.Figure:
    """Per instrument: cumulative plan (dashed), cumulative payments (solid), run-rate estimate (dotted)."""
    biggest = int(
        max(
            curves["plan_cum_krw"].max() if len(curves) else 0,
            curves["paid_cum_krw"].max() if curves["paid_cum_krw"].notna().any() else 0,
        )
    )
    if len(landing):
        biggest = max(biggest, int(landing[landing["instrument"].notna()]["landing_krw"].max()))
    unit = axis_unit(biggest, lang)
    fig = go.Figure(layout=dict(template=template()))
    landing_by = landing.set_index("instrument") if len(landing) else pd.DataFrame()
    for code in names.instrument:
        part = curves[curves["instrument"] == code]
        if part.empty:
            continue
        short, colour = names.of_instrument(code, lang, short=True), INSTRUMENT_COLOURS[code]
        months = [m.isoformat() for m in part["month"]]
        plan_won = [int(v) for v in part["plan_cum_krw"]]
        fig.add_trace(
            go.Scatter(
                x=months,
                y=[_float(w, unit) for w in plan_won],
                mode="lines",
                name=f"{short} · {t('curve_plan', lang)}",
                line=dict(color=colour, dash="dash", width=1.5),
                customdata=[format_krw(w, lang) for w in plan_won],
                hovertemplate="%{x|%Y-%m} · " + short + " " + t("curve_plan", lang) + ": %{customdata}<extra></extra>",
                legendgroup=code,
            )
        )
        paid = part[part["paid_cum_krw"].notna()]
        if paid.empty:
            continue
        paid_won = [int(v) for v in paid["paid_cum_krw"]]
        fig.add_trace(
            go.Scatter(
                x=[m.isoformat() for m in paid["month"]],
                y=[_float(w, unit) for w in paid_won],
                mode="lines",
                name=f"{short} · {t('curve_paid', lang)}",
                line=dict(color=colour, width=3),
                customdata=[format_krw(w, lang) for w in paid_won],
                hovertemplate="%{x|%Y-%m} · " + short + " " + t("curve_paid", lang) + ": %{customdata}<extra></extra>",
                legendgroup=code,
            )
        )
        if code in landing_by.index:
            estimate = int(landing_by.loc[code, "landing_krw"])
            fig.add_trace(
                go.Scatter(
                    x=[paid["month"].iloc[-1].isoformat(), "2025-12-01"],
                    y=[_float(paid_won[-1], unit), _float(estimate, unit)],
                    mode="lines+markers",
                    name=f"{short} · {t('curve_projection', lang)}",
                    line=dict(color=colour, dash="dot", width=2),
                    marker=dict(size=[0, 9], color=colour),
                    customdata=["", format_krw(estimate, lang)],
                    hovertemplate="2025-12 · "
                    + short
                    + " "
                    + t("curve_projection", lang)
                    + ": %{customdata}<extra></extra>",
                    legendgroup=code,
                    showlegend=False,
                )
            )
    fig.update_layout(
        title=t("chart_curve_title", lang),
        height=480,
        yaxis=dict(title=unit_label(unit, lang), tickformat=",~f"),
        xaxis=dict(title=None, tickformat="%Y-%m"),
        legend=dict(orientation="v", x=1.01, y=1, yanchor="top"),
    )
    _footnote(fig, footnote)
    return fig


def landing_table_for_people(landing: pd.DataFrame, names: Names, lang: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("col_instrument", lang): [
                t("total", lang) if not isinstance(c, str) else names.of_instrument(c, lang)
                for c in landing["instrument"]
            ],
            t("col_plan", lang): landing["plan_krw"].to_numpy(),
            t("col_paid_to_date", lang): landing["paid_to_date_krw"].to_numpy(),
            t("col_pace", lang): landing["pace_per_month_krw"].to_numpy(),
            t("col_landing", lang): landing["landing_krw"].to_numpy(),
            t("col_gap", lang): landing["gap_krw"].to_numpy(),
        }
    )


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


def _region_names(regions: pd.DataFrame, lang: str) -> dict[str, str]:
    return {r.code: (r.name_en if lang == "en" else r.name_ko) for r in regions.itertuples()}


def _ranked_bars(
    labels: list[str], won: list[int], colour: str, title: str, lang: str, footnote: list[str]
) -> go.Figure:
    unit = _unit_for(won, lang)
    fig = go.Figure(
        go.Bar(
            orientation="h",
            y=labels,
            x=[_float(w, unit) for w in won],
            marker_color=colour,
            customdata=[format_krw(w, lang) for w in won],
            hovertemplate="%{y}: %{customdata}<extra></extra>",
            text=[format_krw(w, lang) for w in won],
            textposition="outside",
            cliponaxis=False,
        ),
        layout=dict(template=template()),
    )
    fig.update_layout(
        title=title,
        height=140 + 26 * max(len(labels), 1),
        xaxis=dict(title=unit_label(unit, lang), tickformat=",~f", range=[0, _float(max(won or [0]), unit) * 1.3 or 1]),
        yaxis=dict(autorange="reversed", type="category"),
        showlegend=False,
    )
    _footnote(fig, footnote)
    return fig


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
