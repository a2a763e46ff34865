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
from budget.money import axis_unit, format_krw, format_rate, to_unit, unit_label
from budget.theme import INK, SECTOR_COLOURS, template


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
