"""Allocation: the plan by sector × year × instrument, for the baseline or any scenario."""

import streamlit as st

from budget import charts, queries, uptake
from budget.i18n import t
from pages._common import (
    chart_block,
    footnote,
    scenario_label,
    view_caption,
    view_page,
)


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

allocation = data["allocation"]
notes = footnote(status, scenario["kind"], scenario_label(scenario["name"], scenario["kind"], lang), lang)
if allocation.empty or int(allocation["amount_krw"].abs().sum()) == 0:
    st.info(t("no_allocation", lang))
else:
    by_year = charts.allocation_year_table(allocation, names, lang)
    chart_block(
        charts.figure_allocation_by_year(by_year, names, lang, notes),
        by_year,
        "alloc_year",
        f"allocation_by_year_{lang}.csv",
    )
    grid = charts.allocation_sector_year_table(allocation, names, lang)
    chart_block(
        charts.figure_allocation_heatmap(grid, lang, notes), grid, "alloc_heatmap", f"allocation_sector_year_{lang}.csv"
    )
    tree = charts.allocation_tree_table(allocation, names, lang)
    chart_block(
        charts.figure_allocation_tree(tree, names, lang, notes),
        tree,
        "alloc_tree",
        f"allocation_instrument_sector_{lang}.csv",
    )
