"""Uptake: envelope ⊃ allocated ⊃ disbursed, the S-curves, the landing estimate, who got paid."""

import streamlit as st

from budget import charts, uptake
from budget.i18n import t
from budget.money import format_krw, format_rate
from pages._common import (
    chart_block,
    footnote,
    scenario_label,
    select_sector_from_chart,
    show_table,
    view_caption,
    view_page,
)


@st.cache_data(show_spinner=False, max_entries=64)
def load(_con, _facts, db_key: str, version: str, view) -> dict:
    return uptake.uptake_view(_con, view, _facts)


lang, con, facts, view, data = view_page(load)
status = data["status"]
names = charts.Names.from_frames(data["instruments"], data["sectors"])
scenario = facts.scenario(data["scenario_id"])
notes = footnote(status, scenario["kind"], scenario_label(scenario["name"], scenario["kind"], lang), lang)

st.title(t("uptake_title", lang))
if status["rows_synthetic"]:
    st.warning(t("synthetic_banner", lang, rows=f"{status['rows_synthetic']:,}"))
if scenario["kind"] == "baseline":
    st.info(t("assumed_split_note", lang))
st.caption(view_caption(view, names, scenario_label(scenario["name"], scenario["kind"], lang), lang))

whole, allocated, paid = data["whole_krw"], data["allocated_krw"], data["disbursed_krw"]
columns = st.columns(4)
if data["envelope_applies"] and whole != allocated:
    columns[0].metric(t("headline_envelope", lang), format_krw(whole, lang))
    st.caption(f"{t('headline_allocated', lang)}: {format_krw(allocated, lang)}")
else:
    columns[0].metric(t("headline_allocated", lang), format_krw(allocated, lang))
columns[1].metric(t("headline_disbursed", lang), format_krw(paid, lang))
columns[2].metric(t("headline_remaining", lang), format_krw(data["remaining_krw"], lang))
columns[3].metric(
    t("headline_rate_alloc", lang), format_rate(paid, allocated), help=t("headline_rate_alloc_help", lang)
)

if not status["rows_live"]:
    st.info(t("no_disbursements", lang))

parts = data["parts"]
st.caption(
    t("parts_whole_envelope" if data["envelope_applies"] else "parts_whole_plan", lang, whole=format_krw(whole, lang))
)
chart_block(
    charts.figure_parts(parts, whole, lang, notes),
    lambda: charts.parts_table_for_people(parts, lang),
    "uptake_parts",
    f"uptake_parts_{lang}.csv",
)

by_instrument = data["by_instrument"]
chart_block(
    charts.figure_nested(by_instrument, "instrument", names, lang, notes),
    lambda: charts.nested_table_for_people(by_instrument, "instrument", names, lang),
    "uptake_by_instrument",
    f"uptake_by_instrument_{lang}.csv",
)
by_sector = data["by_sector"]
st.caption(t("nested_sector_note", lang))
chart_block(
    charts.figure_nested(by_sector, "sector", names, lang, notes),
    lambda: charts.nested_table_for_people(by_sector, "sector", names, lang),
    "uptake_by_sector",
    f"uptake_by_sector_{lang}.csv",
    on_select=select_sector_from_chart,
)

st.subheader(t("landing_header", lang))
landing = data["landing"]
chart_block(
    charts.figure_curves(data["curves"], landing, names, lang, notes),
    lambda: charts.curves_table_for_people(data["curves"], names, lang),
    "uptake_curves",
    f"uptake_cumulative_{lang}.csv",
)
st.caption(t("landing_method", lang))
if landing.empty:
    st.caption(t("landing_needs_2025", lang) if view.year_to != 2025 else t("no_disbursements", lang))
else:
    total = landing[landing["instrument"].isna()].iloc[0]
    gap = int(total["gap_krw"])
    st.metric(
        t("landing_metric", lang),
        format_krw(int(total["landing_krw"]), lang),
        # the sign leads, so the arrow points the way the gap goes (a shortfall points down)
        delta=("+" if gap > 0 else "") + t("landing_gap", lang, gap=format_krw(gap, lang)),
        delta_color="normal",
    )
    show_table(charts.landing_table_for_people(landing, names, lang))

left, right = st.columns(2)
with left:
    top = charts.recipients_table_for_people(data["top_recipients"], data["regions"], lang)
    chart_block(
        charts.figure_recipients(top, lang, notes), top, "uptake_recipients", f"uptake_top_recipients_{lang}.csv"
    )
with right:
    regions = charts.regions_table_for_people(data["by_region"], data["regions"], lang)
    chart_block(charts.figure_regions(regions, lang, notes), regions, "uptake_regions", f"uptake_regions_{lang}.csv")
