"""What every page shares: the database connection, the language, and chart rendering.

Streamlit lives here and in the page scripts only; everything they show comes from
``budget``.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from budget import db
from budget.export import csv_bytes
from budget.i18n import LANGS, normalise_lang, t

LANG_LABELS = {"ko": "한국어", "en": "English"}


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    # One connection per database file for the whole server; each script run takes its
    # own cursor from it, because a DuckDB connection is not safe to share across threads.
    return db.open_existing(path)


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this script run, or a clear message and a stop if the database is not usable."""
    path = str(db.db_path())
    try:
        return _connection(path).cursor()
    except db.BudgetError as exc:
        st.error(exc.message(lang()))
        st.stop()
        raise  # st.stop() raises; this keeps type checkers content


def _remember_lang() -> None:
    st.session_state["_lang"] = st.session_state["lang_choice"]


def language_switch() -> str:
    """Render the sidebar language switch; the URL's ``?lang=`` wins on a fresh visit."""
    if "_lang" not in st.session_state:
        st.session_state["_lang"] = normalise_lang(st.query_params.get("lang"))
    st.session_state["lang_choice"] = st.session_state["_lang"]
    st.sidebar.radio(
        t("language", st.session_state["_lang"]),
        LANGS,
        key="lang_choice",
        format_func=LANG_LABELS.get,
        horizontal=True,
        on_change=_remember_lang,
    )
    return st.session_state["_lang"]


def lang() -> str:
    """The language of this run (chosen in ``app.py``), written into the page's URL.

    The URL is written from the page, not the router: ``st.navigation`` restores the
    query string it was asked for when it starts the page.
    """
    chosen = st.session_state.get("_lang") or normalise_lang(st.query_params.get("lang"))
    st.query_params["lang"] = chosen
    return chosen


def chart_block(fig: go.Figure, table: pd.DataFrame, key: str, file_name: str) -> None:
    """A chart with its table toggle and a CSV download of exactly the numbers it shows."""
    language = lang()
    as_table = st.toggle(t("show_table", language), key=f"{key}_as_table")
    if as_table:
        st.dataframe(table, hide_index=True, width="stretch")
    else:
        st.plotly_chart(fig, width="stretch", key=f"{key}_chart", config={"displaylogo": False})
    st.download_button(
        t("download_csv", language),
        data=csv_bytes(table),
        file_name=file_name,
        mime="text/csv",
        key=f"{key}_csv",
    )
