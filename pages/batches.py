"""Batches: every upload with what it added; a bad batch can be reverted."""

import pandas as pd
import streamlit as st

from budget import ingest, queries
from budget.export import csv_bytes
from budget.i18n import t
from pages._common import after_write, cursor, editor_name, is_editor, lang, show_report, show_table


def revert(batch_id: int | None, user: str, language: str) -> None:
    """Revert a batch (runs before the page redraws, so the list shows it reverted)."""
    if not is_editor():
        st.session_state["_batch_done"] = t("auth_editors_only", language)
        return
    if batch_id is not None and ingest.revert(cursor(), int(batch_id), user):
        st.session_state["_batch_done"] = t("batches_reverted", language, batch=batch_id)
        after_write(language)
    st.session_state["revert_batch"] = None  # nothing chosen afterwards: no second revert by accident
    st.session_state["revert_sure"] = False


def minute(at: object) -> str:
    """A time to the minute ("2026-11-27 19:39"), as a clerk reads it."""
    return "" if at is None or pd.isna(at) else pd.Timestamp(at).strftime("%Y-%m-%d %H:%M")


lang = lang()
con = cursor()
st.title(t("batches_title", lang))
if done := st.session_state.pop("_batch_done", None):
    st.success(done)

batches = queries.batches(con)
if batches.empty:
    st.info(t("batches_empty", lang))
    st.stop()

shown = pd.DataFrame(
    {
        t("col_batch", lang): batches["id"],
        t("col_status", lang): [t(f"status_{v}", lang) for v in batches["status"]],
        # when and by whom a batch was reverted, beside its status (at the right it was out of view)
        t("col_reverted", lang): [
            "" if pd.isna(at) else f"{minute(at)} · {by}"
            for at, by in zip(batches["reverted_at"], batches["reverted_by"], strict=True)
        ],
        t("col_file", lang): batches["file_name"],
        t("col_sent_by", lang): batches["source"].fillna(""),
        # what the batch added, in view before what kind it is, who loaded it and when (the amount
        # was cut at the right edge in English)
        t("col_loaded", lang): batches["rows_loaded"],
        t("col_rejected", lang): batches["rows_rejected"],
        t("col_amount", lang): batches["amount_loaded_krw"],
        t("col_kind", lang): [t(f"kind_{k}", lang) for k in batches["kind"]],
        t("col_by", lang): batches["uploaded_by"],
        t("col_at", lang): [minute(at) for at in batches["uploaded_at"]],
        t("col_synthetic", lang): batches["synthetic"].astype(bool),
        t("col_sha", lang): [str(s)[:12] if isinstance(s, str) else "" for s in batches["sha256"]],
    }
)
if batches["reverted_at"].isna().all():  # no batch reverted: no empty column taking the room
    shown = shown.drop(columns=t("col_reverted", lang))
# wide enough for a body's name, an amount to the won, when and by whom a batch was reverted, and
# its kind ("disbu…" in English)
show_table(shown, {t("col_file", lang): 200, t("col_sent_by", lang): 120, t("col_amount", lang): 150,
                   t("col_reverted", lang): 190, t("col_at", lang): 140, t("col_kind", lang): 110})  # fmt: skip

with st.expander(t("batches_rejected_rows", lang)):
    with_rejects = [int(i) for i, n in zip(batches["id"], batches["rows_rejected"], strict=True) if n]
    if with_rejects:
        names = {
            int(r.id): f"{r.id} · {r.file_name} · {t('batches_rejects_count', lang, rows=f'{r.rows_rejected:,}')}"
            for r in batches.itertuples()
        }
        chosen = st.selectbox(t("col_batch", lang), with_rejects, format_func=names.get, key="rejects_batch")
        # the field as the file named it, the value given and expected, as its upload report gave them
        rejected = ingest.rejected_table(con, chosen, lang)
        show_report(rejected)
        # every column whole (the table cuts a long value expected, and the row as sent is at the right)
        st.download_button(
            t("batches_rejected_csv", lang), data=csv_bytes(rejected), file_name=f"rejected_batch_{chosen}_{lang}.csv",
            mime="text/csv", key="rejected_csv", on_click="ignore",
        )  # fmt: skip
    else:
        st.caption(t("batches_no_rejects", lang))

st.subheader(t("batches_revert", lang))
st.caption(t("batches_revert_help", lang))
loaded = batches[batches["status"] == "loaded"]
if not is_editor():
    st.info(t("auth_editors_only", lang))
elif not loaded.empty:
    labels = {
        int(r.id): f"{r.id} · {r.file_name} · {t('batches_loaded_count', lang, rows=f'{r.rows_loaded:,}')}"
        for r in loaded.itertuples()
    }
    target = st.selectbox(
        t("batches_revert_pick", lang),
        list(labels),
        format_func=labels.get,
        key="revert_batch",
        index=None,
        placeholder=t("batches_pick", lang),
    )
    user = editor_name()
    sure = st.checkbox(t("batches_revert_confirm", lang), key="revert_sure", value=False)
    st.button(
        t("batches_revert_button", lang),
        key="revert_button",
        on_click=revert,
        args=(target, user, lang),
        disabled=target is None or not sure,
    )
