"""Uptake: envelope ⊃ allocated ⊃ disbursed, the S-curves, the landing estimate, who got paid."""

import streamlit as st

from budget import charts, kit, uptake
from budget.i18n import t
from budget.kit import scenario_label, view_caption
from budget.money import format_krw, format_rate
from pages._common import kit_block, select_sector_from_chart, show_table, synthetic_warning, view_page


@st.cache_data(show_spinner=False, max_entries=64)
def load(_con, _facts, db_key: str, version: str, view) -> dict:
    return uptake.uptake_view(_con, view, _facts)


lang, con, facts, view, data = view_page(load)
status = data["status"]
names = charts.Names.from_frames(data["instruments"], data["sectors"])
scenario = facts.scenario(data["scenario_id"])
shown = {chart.key: chart for chart in kit.uptake_charts(data, scenario, lang)}

st.title(t("uptake_title", lang))
synthetic_warning(status, lang)
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
if not allocated and not paid:  # (2020 alone, say): no empty charts with axes from −1 to 1
    st.info(t("no_uptake", lang))
    st.stop()

parts = data["parts"]
st.caption(
    t("parts_whole_envelope" if data["envelope_applies"] else "parts_whole_plan", lang, whole=format_krw(whole, lang))
)
kit_block(shown["uptake_parts"])
kit_block(shown["uptake_by_instrument"])
st.caption(t("nested_sector_note", lang))
kit_block(shown["uptake_by_sector"], on_select=select_sector_from_chart)

st.subheader(t("landing_header", lang))
landing = data["landing"]
kit_block(shown["uptake_cumulative"])
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
    kit_block(shown["uptake_top_recipients"])
with right:
    kit_block(shown["uptake_regions"])
