"""Audit log: every change to the data, who made it and when (editors only)."""

import pandas as pd
import streamlit as st

from budget import queries
from budget.export import csv_bytes
from budget.i18n import t
from pages._common import cursor, lang, require_editor, show_table

lang = lang()
con = cursor()
st.title(t("audit_title", lang))
require_editor(lang)
st.caption(t("audit_intro", lang))
log = queries.audit_log(con)
if log.empty:
    st.info(t("audit_empty", lang))
    st.stop()
shown = pd.DataFrame(
    {
        "ID": log["id"],
        f"{t('audit_col_at', lang)} ({queries.time_zone(con)})": log["done_at"],  # (UTC on a server, say)
        t("audit_col_who", lang): log["who"],
        t("audit_col_action", lang): [t(f"audit_{a}", lang) for a in log["action"]],
        t("audit_col_subject", lang): log["subject"].fillna(""),
        t("audit_col_detail", lang): log["detail"].fillna(""),
    }
)
show_table(shown)
st.download_button(
    t("audit_download", lang), data=lambda: csv_bytes(shown), file_name=f"audit_log_{lang}.csv", mime="text/csv",
    key="audit_csv", on_click="ignore",
)  # fmt: skip
