"""Allocation: the plan by sector × year × instrument, for the baseline or any scenario."""

import streamlit as st

from budget import charts, kit, queries, uptake
from budget.i18n import t
from budget.kit import scenario_label, view_caption
from pages._common import kit_block, view_page


@st.cache_data(show_spinner=False, max_entries=64)
def load(_con, _facts, db_key: str, version: str, view) -> dict:
    return uptake.allocation_view(_con, view, _facts)


lang, con, facts, view, data = view_page(load)
status = queries.disbursement_status(con)
names = charts.Names.from_frames(data["instruments"], data["sectors"])
scenario = facts.scenario(data["scenario_id"])

st.title(t("allocation_title", lang))
if scenario["kind"] == "baseline":
    st.info(t("assumed_split_note", lang))
else:
    st.info(t("scenario_plan_note", lang, name=scenario_label(scenario["name"], scenario["kind"], lang)))
st.caption(view_caption(view, names, scenario_label(scenario["name"], scenario["kind"], lang), lang))

charts_shown = kit.allocation_charts(data, scenario, status, lang)
if not charts_shown:
    st.info(t("no_allocation", lang))
for chart in charts_shown:
    kit_block(chart)
