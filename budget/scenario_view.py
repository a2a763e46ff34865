"""What the Scenarios page shows: tables to edit, comparisons, the projection, and their charts.

Pure functions (frames and figures, no Streamlit). Editing tables show amounts in 억원
(Korean) or KRW bn (English) to the 백만원; edits come back as integer won.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pandas as pd
import plotly.graph_objects as go

from budget import scenario as sc
from budget.charts import Names, _figure, _pos
from budget.i18n import t
from budget.money import axis_unit, format_krw, format_rate, unit_label
from budget.theme import INK, INSTRUMENT_COLOURS, NEUTRAL, SECTOR_COLOURS

#: The largest amount anyone may type: ten times the programme would already be a typo
#: (a figure in won typed into a box in 억원, say).
MAX_KRW = 100 * 10**12  # 100조원

#: The unit amounts are edited in: (won per unit, decimals shown).
EDIT_UNIT = {"ko": ("eok", 10**8, 2), "en": ("bn", 10**9, 3)}
BASE_COLOUR = "#C7CCD4"
YEAR_COLOUR = "#1B5E9E"


def edit_unit_label(lang: str) -> str:
    return unit_label(EDIT_UNIT[lang][0], lang)


def to_edit_unit(won: int, lang: str) -> float:
    """Won as the editing unit, rounded half-up to its decimals (a number for the editor)."""
    _, per, places = EDIT_UNIT[lang]
    return float((Decimal(won) / per).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def from_edit_unit(value: object, lang: str) -> int:
    """An amount typed in the editing unit, as integer won (exact: no binary floats)."""
    _, per, _ = EDIT_UNIT[lang]
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise sc.ScenarioError.of("sc_err_not_a_number", value=value) from exc
    if not amount.is_finite():
        raise sc.ScenarioError.of("sc_err_not_a_number", value=value)
    won = int((amount * per).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if abs(won) > MAX_KRW:
        raise sc.ScenarioError.of("sc_err_too_large", value=value)
    return won


# --- comparison of a scenario with the one it is compared to ----------------------------

BY = ("instrument", "sector", "year")


def _keys(by: str, names: Names, *scenarios: sc.Scenario) -> list:
    if by == "instrument":
        return list(names.instrument)
    if by == "sector":
        return list(names.sector)
    return sorted({y for s in scenarios for y, a in s.by_year().items() if a} or {2021})


def _totals(scenario: sc.Scenario, by: str) -> dict:
    return {"instrument": scenario.by_instrument, "sector": scenario.by_sector, "year": scenario.by_year}[by]()


def _label(key, by: str, names: Names, lang: str) -> str:
    if by == "instrument":
        return names.of_instrument(key, lang, short=True)
    if by == "sector":
        return names.of_sector(key, lang)
    return str(key)


def comparison_table(
    scenario: sc.Scenario, base: sc.Scenario, by: str, names: Names, lang: str, base_name: str, scenario_name: str
) -> pd.DataFrame:
    """Base, scenario and their difference in won, by instrument, sector or year, with a total row."""
    new, old = _totals(scenario, by), _totals(base, by)
    keys = _keys(by, names, scenario, base)
    labels = [_label(k, by, names, lang) for k in keys] + [t("total", lang)]
    base_won = [int(old.get(k, 0)) for k in keys]
    new_won = [int(new.get(k, 0)) for k in keys]
    base_won.append(sum(base_won))
    new_won.append(sum(new_won))
    return pd.DataFrame(
        {
            "code": [str(k) for k in keys] + [""],
            t(f"col_{by}", lang): labels,
            t("sc_col_base", lang, name=base_name): base_won,
            t("sc_col_scenario", lang, name=scenario_name): new_won,
            t("sc_col_difference", lang): [n - o for n, o in zip(new_won, base_won, strict=True)],
            t("sc_col_change", lang): [
                format_rate(n - o, o) if o else "–" for n, o in zip(new_won, base_won, strict=True)
            ],
        }
    )


def signed(won: int, lang: str) -> str:
    """An amount with its sign: "+2,000억원", "−409억원", "±0원"."""
    text = format_krw(abs(won), lang)
    return ("+" if won > 0 else "−" if won < 0 else "±") + text


def figure_comparison(table: pd.DataFrame, by: str, lang: str, footnote: list[str]) -> go.Figure:
    """Bars of the base (grey) beside the scenario (in each part's colour), the difference above."""
    rows = table[table["code"] != ""]
    label_col, base_col, new_col, diff_col = table.columns[1:5]
    base_won = [int(v) for v in rows[base_col]]
    new_won = [int(v) for v in rows[new_col]]
    diff = [int(v) for v in rows[diff_col]]
    unit = axis_unit(max([*map(abs, base_won), *map(abs, new_won), 0]), lang)
    x = [str(v) for v in rows[label_col]]
    if by == "instrument":
        colours = [INSTRUMENT_COLOURS.get(c, NEUTRAL) for c in rows["code"]]
    elif by == "sector":
        colours = [SECTOR_COLOURS.get(c, NEUTRAL) for c in rows["code"]]
    else:
        colours = [YEAR_COLOUR] * len(x)
    data = [
        {
            "type": "bar",
            "x": x,
            "y": [_pos(w, unit) for w in base_won],
            "name": str(base_col).removesuffix(" (원)").removesuffix(" (KRW)"),
            "marker": {"color": BASE_COLOUR},
            "customdata": [format_krw(w, lang) for w in base_won],
            "hovertemplate": "%{x}: %{customdata}<extra>%{fullData.name}</extra>",
        },
        {
            "type": "bar",
            "x": x,
            "y": [_pos(w, unit) for w in new_won],
            "name": str(new_col).removesuffix(" (원)").removesuffix(" (KRW)"),
            "marker": {"color": colours},
            "text": [signed(d, lang) if d else "" for d in diff],
            "textposition": "outside",
            "cliponaxis": False,
            "customdata": [[format_krw(w, lang), signed(d, lang)] for w, d in zip(new_won, diff, strict=True)],
            "hovertemplate": "%{x}: %{customdata[0]} (%{customdata[1]})<extra>%{fullData.name}</extra>",
            # its legend entry is the one below: a bar of many colours showed only its first (the
            # fund's purple) in the legend, a colour no year or sector has
            "showlegend": False,
            "legendgroup": "scenario",
        },
        {  # (a scatter, not a bar: an empty bar would take a place in each group)
            "type": "scatter",
            "x": [None],
            "y": [None],
            "mode": "markers",
            "marker": {"symbol": "square", "size": 12, "color": colours[0] if len(set(colours)) == 1 else INK},
            "name": str(new_col).removesuffix(" (원)").removesuffix(" (KRW)"),
            "legendgroup": "scenario",
            "hoverinfo": "skip",
        },
    ]
    return _grouped(data, by, unit, lang, footnote, uniformtext={"minsize": 10, "mode": "hide"})


def _pinned(title: str) -> dict:
    """A title at the top of its chart, over a legend that takes two or three rows on a page 1024 px
    wide (the plan's and the scenario's long names: the title was drawn over them)."""
    return {"text": title, "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}}


def _grouped(data: list[dict], by: str, unit: str, lang: str, footnote: list[str], **more: object) -> go.Figure:
    """Grouped bars by instrument, sector or year, with their title and unit."""
    layout = {
        "title": _pinned(t(f"sc_chart_by_{by}", lang)),
        "margin": {"t": 130},
        "barmode": "group",
        "height": 500,
        "yaxis": {"title": {"text": unit_label(unit, lang)}, "tickformat": ",~f"},
        "xaxis": {"type": "category"},
        **more,
    }
    return _figure(data, layout, footnote, below_axis=90 if by == "sector" else 48)


# --- the editing tables --------------------------------------------------------------------


def editor_frame(scenario: sc.Scenario, names: Names, lang: str) -> pd.DataFrame:
    """Sector rows × instrument columns, in the editing unit (the table the page edits)."""
    pairs = scenario.instrument_sector()
    data: dict[str, list] = {"code": list(names.sector), t("col_sector", lang): []}
    for sector in names.sector:
        data[t("col_sector", lang)].append(names.of_sector(sector, lang))
    for inst in names.instrument:
        data[inst] = [to_edit_unit(pairs.get((inst, s), 0), lang) for s in names.sector]
    return pd.DataFrame(data)


def apply_editor_changes(
    scenario: sc.Scenario,
    programme: sc.Programme,
    shown: pd.DataFrame,
    edited_rows: Mapping[int | str, Mapping[str, object]],
    lang: str,
    lock_total: bool,
) -> tuple[sc.Scenario, list[tuple[str, str, int]]]:
    """Apply the cells a reader changed in :func:`editor_frame` (``st.data_editor``'s
    ``edited_rows``); return the new scenario and the changes made (instrument, sector, won).

    A cell whose typed value equals what was shown is left alone, so rounding for display
    never moves money.
    """
    changes = []
    for row, columns in sorted(edited_rows.items(), key=lambda kv: int(kv[0])):
        sector = str(shown.iloc[int(row)]["code"])
        for inst, value in columns.items():
            if inst not in programme.instruments or value is None:
                continue
            won = from_edit_unit(value, lang)
            if to_edit_unit(won, lang) == float(shown.iloc[int(row)][inst]):
                continue
            changes.append((inst, sector, won))
    if changes:
        scenario = sc.set_sector_amounts(scenario, programme, {(i, s): w for i, s, w in changes}, lock_total)
    return scenario, changes


def uptake_frame(scenario: sc.Scenario, names: Names, lang: str) -> pd.DataFrame:
    """Instrument rows with the expected uptake rate in percent (the table the page edits)."""
    return pd.DataFrame(
        {
            "code": list(names.instrument),
            t("col_instrument", lang): [names.of_instrument(c, lang, short=True) for c in names.instrument],
            "rate_pct": [float(scenario.rate(c) * 100) for c in names.instrument],
        }
    )


def apply_uptake_changes(
    scenario: sc.Scenario, shown: pd.DataFrame, edited_rows: Mapping[int | str, Mapping[str, object]]
) -> sc.Scenario:
    for row, columns in edited_rows.items():
        if "rate_pct" in columns and columns["rate_pct"] is not None:
            rate = Decimal(str(columns["rate_pct"])) / 100
            scenario = sc.set_uptake(scenario, str(shown.iloc[int(row)]["code"]), rate)
    return scenario


# --- the projection to 2025 --------------------------------------------------------------


def projection_table(scenario: sc.Scenario, paid: Mapping[str, int], names: Names, lang: str) -> pd.DataFrame:
    """Per instrument: allocation, expected uptake rate, projected payments to the end of 2025,
    paid so far, and what is still to pay to reach the projection."""
    projected = sc.projection(scenario)
    alloc = scenario.by_instrument()
    rows = []
    for inst in names.instrument:
        expected = sum(v for (i, _), v in projected.items() if i == inst)
        done = int(paid.get(inst, 0))
        rows.append(
            (
                inst,
                names.of_instrument(inst, lang, short=True),
                int(alloc.get(inst, 0)),
                format_rate(expected, int(alloc.get(inst, 0))),
                expected,
                done,
                expected - done,
            )
        )
    total_alloc = sum(r[2] for r in rows)
    total_expected = sum(r[4] for r in rows)
    total_paid = sum(r[5] for r in rows)
    rows.append(
        ("", t("total", lang), total_alloc, format_rate(total_expected, total_alloc), total_expected, total_paid,
         total_expected - total_paid)
    )  # fmt: skip
    return pd.DataFrame(
        rows,
        columns=[
            "code",
            t("col_instrument", lang),
            t("sc_col_allocated", lang),
            t("sc_col_rate", lang),
            t("sc_col_projected", lang),
            t("sc_col_paid", lang),
            t("sc_col_to_go", lang),
        ],
    )


def figure_projection(table: pd.DataFrame, lang: str, footnote: list[str]) -> go.Figure:
    """Per instrument: allocation (outline), projected payments to 2025, and paid so far."""
    rows = table[table["code"] != ""]
    label_col, alloc_col, _, proj_col, paid_col = table.columns[1:6]
    x = [str(v) for v in rows[label_col]]
    alloc, proj, paid = ([int(v) for v in rows[c]] for c in (alloc_col, proj_col, paid_col))
    unit = axis_unit(max([*alloc, *proj, *paid, 0]), lang)
    colours = [INSTRUMENT_COLOURS.get(c, NEUTRAL) for c in rows["code"]]

    def bar(values: list[int], name: str, marker: dict, **extra) -> dict:
        return {
            "type": "bar",
            "x": x,
            "y": [_pos(v, unit) for v in values],
            "name": name,
            "marker": marker,
            "customdata": [format_krw(v, lang) for v in values],
            "hovertemplate": "%{x}: %{customdata}<extra>%{fullData.name}</extra>",
            **extra,
        }

    data = [
        bar(alloc, t("sc_allocated", lang), {"color": "white", "line": {"color": "#6B7280", "width": 2}}),
        bar(proj, t("sc_projected", lang), {"color": colours, "opacity": 0.45, "pattern": {"shape": "/"}}),
        bar(paid, t("sc_paid", lang), {"color": colours}, text=[format_krw(v, lang) for v in paid],
            textposition="outside", cliponaxis=False),
    ]  # fmt: skip
    layout = {
        "title": _pinned(t("sc_chart_projection", lang)),
        "margin": {"t": 130},
        "barmode": "group",
        "height": 480,
        "yaxis": {"title": {"text": unit_label(unit, lang)}, "tickformat": ",~f"},
        "xaxis": {"type": "category"},
    }
    return _figure(data, layout, footnote)


# --- several saved scenarios side by side -------------------------------------------------


def compare_table(scenarios: Sequence[tuple[str, sc.Scenario]], by: str, names: Names, lang: str) -> pd.DataFrame:
    """One column per scenario (won), by instrument, sector or year, then each one's difference
    from the first; a total row last."""
    keys = _keys(by, names, *(s for _, s in scenarios))
    data: dict[str, list] = {
        "code": [str(k) for k in keys] + [""],
        t(f"col_{by}", lang): [_label(k, by, names, lang) for k in keys] + [t("total", lang)],
    }
    first = None
    for name, scenario in scenarios:
        totals = _totals(scenario, by)
        values = [int(totals.get(k, 0)) for k in keys]
        values.append(sum(values))
        data[name] = values
        if first is None:
            first = values
        else:
            data[t("sc_col_minus", lang, name=name, first=scenarios[0][0])] = [
                v - f for v, f in zip(values, first, strict=True)
            ]
    return pd.DataFrame(data)


def figure_compare(
    table: pd.DataFrame, names_shown: Sequence[str], by: str, lang: str, footnote: list[str]
) -> go.Figure:
    """Grouped bars, one group per part, one bar per scenario."""
    rows = table[table["code"] != ""]
    label_col = table.columns[1]
    x = [str(v) for v in rows[label_col]]
    values = {n: [int(v) for v in rows[n]] for n in names_shown}
    unit = axis_unit(max([abs(v) for vs in values.values() for v in vs] + [0]), lang)
    palette = ["#1B5E9E", "#C0571B", "#2E7D32"]
    data = [
        {
            "type": "bar",
            "x": x,
            "y": [_pos(v, unit) for v in vs],
            "name": name,
            "marker": {"color": palette[k % len(palette)]},
            "customdata": [format_krw(v, lang) for v in vs],
            "hovertemplate": "%{x}: %{customdata}<extra>%{fullData.name}</extra>",
        }
        for k, (name, vs) in enumerate(values.items())
    ]
    return _grouped(data, by, unit, lang, footnote)


def warning_text(warning: sc.Warning, names: Names, lang: str, promised: int = 0) -> str:
    """A warning from :func:`budget.scenario.warnings` in the reader's language."""
    subject = warning.subject
    if warning.key == "negative_instrument":
        subject = names.of_instrument(subject, lang, short=True)
    elif warning.key == "negative_sector":
        subject = names.of_sector(subject, lang)
    if warning.key == "outside_period":
        subject = names.of_instrument(subject, lang, short=True)
    amount = signed(warning.amount, lang) if warning.key == "total_changed" else format_krw(warning.amount, lang)
    if warning.key == "negative_cell":
        amount = str(warning.amount)
    return t(f"sc_warn_{warning.key}", lang, subject=subject, amount=amount, promised=format_krw(promised, lang))
