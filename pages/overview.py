"""Overview: the programme's envelope, what has been paid, and the alliance in numbers."""

import pandas as pd
import streamlit as st

from budget import charts, kit, queries
from budget.i18n import format_date, t
from budget.money import format_krw, format_rate
from pages._common import cursor, data_source, kit_block, lang, synthetic_warning


@st.cache_data(show_spinner=False, max_entries=8)
def load(_con, db_key: str, version: str) -> dict:
    return queries.overview(_con)


lang = lang()
con = cursor()
data = load(con, data_source(), queries.data_version(con))
instruments: pd.DataFrame = data["instruments"]
names = charts.Names.from_frames(instruments, data["sectors"])
status = data["status"]
plan = data["plan"]
disbursed = data["disbursed"]
headline = data["headline"]

st.title(t("app_title", lang))
st.caption(t("app_subtitle", lang))

synthetic_warning(status, lang)
if plan and plan["kind"] == "baseline":
    st.info(t("assumed_split_note", lang))

envelope, paid = headline["envelope_krw"], headline["disbursed_krw"]
col_envelope, col_paid, col_rate = st.columns(3)
col_envelope.metric(t("headline_envelope", lang), format_krw(envelope, lang), help=t("headline_stated", lang))
col_paid.metric(t("headline_disbursed", lang), format_krw(paid, lang))
col_rate.metric(t("headline_rate", lang), format_rate(paid, envelope), help=t("headline_rate_help", lang))
if not status["rows_live"]:
    st.caption(t("no_disbursements", lang))

st.subheader(t("instruments_header", lang))
for column, row in zip(st.columns(len(instruments)), instruments.itertuples(), strict=True):
    with column.container(border=True):
        figures = headline["by_instrument"][row.code]
        inst_paid, inst_envelope = figures["disbursed_krw"], figures["envelope_krw"]
        st.markdown(f"**{names.of_instrument(row.code, lang)}**")
        st.markdown(f"#### {format_krw(inst_envelope, lang)}")
        st.progress(
            figures["share"],
            text=f"{t('chart_breakdown_disbursed', lang)} {format_krw(inst_paid, lang)}"
            f" ({format_rate(inst_paid, inst_envelope)})",
        )
        st.caption(
            f"{t('instrument_delivered_by', lang)}: {row.provider_en if lang == 'en' else row.provider_ko}  \n"
            f"{t('instrument_period', lang)}: {row.period_note_en if lang == 'en' else row.period_note_ko}"
        )

as_of = status["as_of"].isoformat() if status["as_of"] else "–"
source = t("source_line", lang, as_of=as_of)
if status["rows_synthetic"]:
    source += t("source_synthetic", lang)

if plan and plan["kind"] != "baseline":
    st.subheader(t("breakdown_header_plan", lang, name=plan["name"]))
else:
    st.subheader(t("breakdown_header", lang))
for chart in kit.overview_charts(data, lang):
    kit_block(chart)

st.subheader(t("alliance_header", lang))
facts = data["milestones"]


columns = st.columns(3)
for column, kind, label in (
    (columns[0], "alliance_sectors", "alliance_sectors"),
    (columns[1], "alliance_members", "alliance_members"),
    (columns[2], "projects_found_year", "alliance_projects"),
):
    fact = queries.latest_milestone(facts, kind)
    if fact:
        column.metric(
            t(label, lang),
            f"{int(fact['value']):,}",
            help=fact["note_en"] if lang == "en" else fact["note_ko"],
        )
        column.caption(
            t("alliance_as_of", lang, date=format_date(fact["on_date"], fact["date_precision"]))
            + f" · {fact['source']}"
        )

with st.expander(t("milestones_header", lang)):
    shown = pd.DataFrame(
        {
            t("col_date", lang): [
                format_date(d, p) for d, p in zip(facts["on_date"], facts["date_precision"], strict=True)
            ],
            t("col_fact", lang): facts["note_en"] if lang == "en" else facts["note_ko"],
            t("col_source", lang): facts["source"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")

st.caption(source)
