"""What every page shares: the database connection, the language, and chart rendering.

Streamlit lives here and in the page scripts only; everything they show comes from
``budget``.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from budget import auth, db, publish, queries
from budget.export import csv_bytes, enlarge
from budget.filters import FIRST_YEAR, LAST_YEAR, Filters, from_params, to_params
from budget.i18n import LANGS, normalise_lang, t
from budget.kit import KitChart, scenario_label

LANG_LABELS = {"ko": "한국어", "en": "English"}


@st.cache_resource(show_spinner=False)
def _connection(path: str) -> duckdb.DuckDBPyConnection:
    # One connection per database file for the whole server; each script run takes its
    # own cursor from it, because a DuckDB connection is not safe to share across threads.
    con = db.open_existing(path)
    # uploads are staged from memory: DuckDB here touches no file but the snapshot folder
    db.lock_down(con, allowed=publish_dir())
    return con


def snapshot_dir() -> str | None:
    """A viewer instance's folder of published snapshots ($BUDGET_SNAPSHOTS), or None."""
    return os.environ.get("BUDGET_SNAPSHOTS") or None


def publish_dir() -> str | None:
    """The editor instance's snapshot folder ($BUDGET_PUBLISH): it publishes there after each change."""
    return os.environ.get("BUDGET_PUBLISH") or None


_PUBLISHING = threading.Lock()  # one snapshot at a time from this process


def after_write(language: str) -> None:
    """After a change, publish a snapshot for the viewer instances (if this instance publishes).

    The change itself is already committed: a snapshot that fails is said in the sidebar and
    leaves the data as written; the next change tries again (so does ``deploy/start.py`` at start).
    """
    folder = publish_dir()
    if folder is None:
        return
    try:
        with _PUBLISHING:
            manifest = publish.publish(_connection(str(db.db_path())).cursor(), folder)
            publish.prune(folder)
    except (duckdb.Error, OSError, db.BudgetError) as exc:
        st.session_state["_publish_note"] = ("error", t("snapshot_publish_failed", language, error=str(exc)))
        return
    st.session_state["_publish_note"] = ("ok", t("snapshot_published", language, version=manifest["version"]))


def _publish_sidebar(language: str) -> None:
    """On the editor instance: what the viewers are being given."""
    folder = publish_dir()
    if folder is None:
        return
    kind, text = st.session_state.pop("_publish_note", (None, None))
    if kind == "error":
        st.warning(text)
    elif kind == "ok":
        st.success(text)
    else:
        newest = publish.latest(folder)
        st.caption(t("snapshot_publishing", language, version=newest["version"] if newest else "—"))


@st.cache_resource(show_spinner=False, max_entries=4)
def _snapshot_connection(path: str) -> duckdb.DuckDBPyConnection:
    con = db.connect(path, read_only=True)
    db.lock_down(con)
    return con


def pin_snapshot() -> None:
    """On a viewer instance, choose at the start of each run (app.py) the snapshot it reads.

    The whole run, and the callbacks of the next one, read that snapshot even if a newer one
    is published meanwhile; the run after picks up the newer one. So a page never mixes two
    versions, and nothing cached is filed under the wrong one.
    """
    folder = snapshot_dir()
    if folder is not None:
        manifest = publish.latest(folder)
        st.session_state["_snapshot_file"] = manifest["file"] if manifest else None


def data_source() -> str:
    """What this run reads: the database file, or on a viewer instance its pinned snapshot."""
    folder = snapshot_dir()
    if folder is None:
        return str(db.db_path())
    chosen = st.session_state.get("_snapshot_file")
    if chosen is None or not (Path(folder) / chosen).is_file():
        pin_snapshot()  # the first run, or the pinned one pruned while the reader sat idle
        chosen = st.session_state["_snapshot_file"]
    if chosen is None:
        st.error(t("snapshot_none", lang(), folder=folder))
        st.stop()
    return str(Path(folder) / chosen)


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this script run, or a clear message and a stop if the database is not usable."""
    path = data_source()
    try:
        if snapshot_dir() is not None:
            return _snapshot_connection(path).cursor()
        return _connection(path).cursor()
    except db.BudgetError as exc:
        st.error(exc.message(lang()))
        st.stop()
        raise  # st.stop() raises; this keeps type checkers content


def load_facts(con: duckdb.DuckDBPyConnection) -> queries.Facts:
    """The reference tables and the plan in force, or a clear message and a stop."""
    try:
        return queries.facts(con)
    except db.BudgetError as exc:
        st.error(exc.message(lang()))
        st.stop()
        raise


BRIEFING_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
[data-testid="stHeader"], .stButton, .stDownloadButton, [data-testid="stToggle"] { display: none !important; }
.block-container { padding-top: 1.5rem; max-width: 96vw; }
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
h1 { font-size: 2.6rem !important; }
[data-testid="stMetricValue"] { font-size: 1.9rem !important; }
</style>
"""


#: On a laptop's narrower page the headline figures ("2조 9,400억원") were cut to "2조 9,400…", the
#: instruments' cards broke "1조 5,000억원" as "1조 5,000억 / 원" and the title "대시보 / 드": smaller
#: type there, and Korean broken between words only (static CSS).
NARROW_CSS = """
<style>
h1, h2, h3, h4 { word-break: keep-all; }
@media (max-width: 1300px) {
  [data-testid="stMetricValue"] { font-size: 1.8rem; }
  [data-testid="stVerticalBlock"] h4 { font-size: 1.2rem; }
}
@media (max-width: 1100px) {
  h1 { font-size: 2.3rem; }
  [data-testid="stMetricValue"] { font-size: 1.45rem; }
  [data-testid="stVerticalBlock"] h4 { font-size: 1.05rem; }
}
</style>
"""


def narrow_style() -> None:
    """Figures that fit a laptop's page (:data:`NARROW_CSS`)."""
    st.html(NARROW_CSS)


#: Streamlit's file uploader writes its own button and limit in English, whatever the page's
#: language; on a Korean page they are written over (static CSS: the texts are the catalogue's).
UPLOADER_CSS = """
<style>
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after {
  content: "{button}"; font-size: 0.875rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: "{limit}"; font-size: 0.875rem; }
</style>
"""


def uploader_in_korean(limit_mb: int, types: str) -> None:
    """The file uploader's own texts in Korean, on the Korean page (:data:`UPLOADER_CSS`)."""
    if lang() == "ko":
        css = UPLOADER_CSS.replace("{button}", t("upload_button", "ko"))
        st.html(css.replace("{limit}", t("upload_limit", "ko", mb=limit_mb, types=types)))


def briefing() -> bool:
    """Briefing mode (``?briefing=1``): the page alone, large, for a screenshot or a projector."""
    if "_briefing" not in st.session_state:
        st.session_state["_briefing"] = st.query_params.get("briefing") == "1"
    return st.session_state["_briefing"]


def briefing_style() -> None:
    """Hide the sidebar and the controls and enlarge the type (static CSS, never user data)."""
    st.markdown(BRIEFING_CSS, unsafe_allow_html=True)


# --- who may change data ----------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def _throttle() -> auth.Throttle:
    # one per server process: a fresh browser session does not reset the waits
    return auth.Throttle()


def _secrets_have(name: str) -> object:
    try:
        return st.secrets.get(name)
    except Exception:  # no secrets file at all: nothing configured
        return None


def password_hash() -> str | None:
    """The editor password's hash: ``editor_password_hash`` in secrets, or $BUDGET_EDITOR_PASSWORD_HASH."""
    return _secrets_have("editor_password_hash") or os.environ.get("BUDGET_EDITOR_PASSWORD_HASH") or None


def access_mode() -> str:
    """OIDC, password, local (no auth, bound to localhost) or read-only; see :mod:`budget.auth`.

    A viewer instance (serving published snapshots) is read-only whatever else is configured.
    """
    if snapshot_dir() is not None:
        return auth.READ_ONLY
    return auth.access_mode(bool(_secrets_have("auth")), password_hash(), st.get_option("server.address"))


def _headers() -> dict[str, str]:
    try:
        return dict(st.context.headers)
    except Exception:  # no request (AppTest, bare mode)
        return {}


def _oidc_editor() -> bool:
    """Signed in with OIDC and on the editor list (``editor_emails``/``editor_domains`` in secrets)."""
    if not getattr(st.user, "is_logged_in", False):
        return False
    return auth.oidc_editor(
        st.user.get("email"), st.user.get("email_verified"), _secrets_have("editor_emails"),
        _secrets_have("editor_domains"),
    )  # fmt: skip


def is_editor() -> bool:
    """Whether this session may upload, revert and save scenarios."""
    mode = access_mode()
    if mode == auth.LOCAL:
        # listening on localhost is not enough: a proxy on this machine forwards the world to it
        return auth.is_local_request(_headers())
    if mode == auth.OIDC:
        return _oidc_editor()
    if mode == auth.PASSWORD:
        return bool(st.session_state.get("_editor"))
    return False


def _local_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # a container with no user name
        return "user"


def editor_name() -> str:
    """The name every write records."""
    mode = access_mode()
    if mode == auth.LOCAL:
        return f"local:{_local_user()}"
    if mode == auth.OIDC:
        return str(st.user.get("email") or st.user.get("sub") or "oidc")
    return str(st.session_state.get("_editor") or "")


def _sign_in(language: str) -> None:
    # one throttle per client address: a stranger's wrong guesses do not lock out the editors
    throttle = _throttle()
    address = getattr(st.context, "ip_address", None)
    key = f"editor:{auth.client_key(address if isinstance(address, str) else None, _headers())}"
    password = st.session_state.get("auth_password", "")
    st.session_state["auth_password"] = ""  # never kept, whatever happens next
    wait = throttle.begin(key)  # takes the attempt's slot before the (slow) check: no bursts
    if wait > 0:
        st.session_state["_auth_msg"] = t("auth_wait", language, seconds=f"{wait:.0f}")
        return
    stored = password_hash()
    if stored and auth.verify_password(password, stored):
        throttle.succeeded(key)
        name = auth.plain_text(st.session_state.get("auth_name", ""))[:60]
        st.session_state["_editor"] = name or "editor"
        st.session_state.pop("_auth_msg", None)
    else:
        delay = throttle.failed(key)
        st.session_state["_auth_msg"] = t("auth_wrong", language, seconds=f"{delay:.0f}")


def _sign_out() -> None:
    st.session_state.pop("_editor", None)


def access_sidebar(language: str) -> None:
    """Who this session is, and how to sign in or out, in the sidebar of every page."""
    mode = access_mode()
    with st.sidebar:
        st.divider()
        if mode == auth.LOCAL and is_editor():
            st.caption(t("auth_local_note", language))
        elif mode == auth.LOCAL:
            st.caption(t("auth_local_remote", language))
        elif mode == auth.READ_ONLY and snapshot_dir() is not None:
            st.caption(t("snapshot_note", language, version=Path(data_source()).stem.removeprefix("budget-")))
        elif mode == auth.READ_ONLY:
            st.caption(t("auth_read_only_note", language))
        elif is_editor():
            st.caption(t("auth_signed_in", language, name=editor_name()))
            if mode == auth.OIDC:
                st.button(t("auth_sign_out", language), on_click=st.logout, key="auth_out")
            else:
                st.button(t("auth_sign_out", language), on_click=_sign_out, key="auth_out")
        elif mode == auth.OIDC and getattr(st.user, "is_logged_in", False):
            st.caption(t("auth_not_on_list", language, name=auth.plain_text(editor_name())))
            st.button(t("auth_sign_out", language), on_click=st.logout, key="auth_out")
        elif mode == auth.OIDC:
            st.caption(t("auth_viewer", language))
            st.button(t("auth_sign_in", language), on_click=st.login, key="auth_in")
        else:
            st.caption(t("auth_viewer", language))
            with st.expander(t("auth_sign_in", language)):
                # a form: the typed password goes with the click and is cleared, never kept
                with st.form("auth_form", clear_on_submit=True, border=False):
                    st.text_input(t("auth_name", language), key="auth_name", max_chars=60)
                    st.text_input(t("auth_password", language), type="password", key="auth_password")
                    st.form_submit_button(t("auth_sign_in", language), on_click=_sign_in, args=(language,))
                if message := st.session_state.get("_auth_msg"):
                    st.error(message)
        _publish_sidebar(language)


def require_editor(language: str) -> None:
    """Stop a page that only editors may use, with a message saying how to become one."""
    if not is_editor():
        st.info(t("auth_editors_only", language))
        st.stop()


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


def _ensure_routed() -> None:
    # A project with a pages/ folder starts each server in Streamlit's old multipage mode
    # until app.py's st.navigation switches it off. A deep link that is the server's very
    # first request therefore runs a page script directly, without the router (no language
    # switch, no navigation). Switch the old mode off and rerun: the rerun goes through
    # app.py with the same URL. (Our url_paths equal the file names, so the old mode finds
    # the page rather than showing "page not found".)
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def lang() -> str:
    """The language of this run (chosen in ``app.py``), written into the page's URL.

    The URL is written from the page, not the router: ``st.navigation`` restores the
    query string it was asked for when it starts the page.
    """
    _ensure_routed()
    chosen = st.session_state.get("_lang") or normalise_lang(st.query_params.get("lang"))
    st.query_params["lang"] = chosen
    if briefing():
        st.query_params["briefing"] = "1"
    return chosen


def synthetic_warning(status: dict, language: str) -> None:
    """The warning that synthetic demo rows are counted (``status``: :func:`budget.queries.disbursement_status`),
    saying how many of all rows they are once real batches are loaded beside them."""
    rows, total = status["rows_synthetic"], status["rows_live"]
    if rows and total > rows:
        st.warning(t("synthetic_banner_mixed", language, rows=f"{rows:,}", total=f"{total:,}"))
    elif rows:
        st.warning(t("synthetic_banner", language, rows=f"{rows:,}"))


def show_table(table: pd.DataFrame, widths: dict[str, int] | None = None) -> None:
    """A table with thousands separators on its numbers (the CSV keeps plain integers), and
    the given columns ``widths`` (in pixels)."""
    config = {
        column: st.column_config.NumberColumn(format="localized")
        for column in table.columns
        if pd.api.types.is_numeric_dtype(table[column]) and not pd.api.types.is_bool_dtype(table[column])
    }
    for column, width in (widths or {}).items():
        if column in config:
            config[column] = st.column_config.NumberColumn(format="localized", width=width)
        else:
            config[column] = st.column_config.Column(width=width)
    st.dataframe(table, hide_index=True, width="stretch", column_config=config)


def plain(text: str) -> str:
    """Text shown as it is in Markdown: a file's names may hold *, _, [ ] or $ (which Streamlit
    would read as emphasis, a link or mathematics). Backquotes are left: the catalogue's messages
    quote commands with them."""
    return "".join("\\" + c if c in "\\*_[]<>$~#|" else c for c in text)


def show_report(table: pd.DataFrame) -> None:
    """A validation report (:func:`budget.ingest.report_table`), its columns sized so that the
    value given and the value expected are in view beside the message."""
    sizes = {"report_row": 50, "report_field": 110, "report_rule": 60, "report_severity": 60,
             "report_message": 340, "report_value": 190, "report_expected": 160}  # fmt: skip
    row = t("report_row", lang())
    if row in table and table[row].isna().any():  # a finding of the whole file has no row: say so, not "None"
        table = table.assign(**{row: [t("report_file", lang()) if pd.isna(v) else f"{int(v):,}" for v in table[row]]})
    show_table(table, {t(key, lang()): width for key, width in sizes.items()})


def kit_block(chart: KitChart, on_select: Callable[[str], None] | None = None) -> None:
    """A chart from :mod:`budget.kit` (the one the press kit exports) with its table and CSV."""
    chart_block(chart.figure, chart.numbers, chart.key, f"{chart.key}_{lang()}.csv", on_select=on_select)


def chart_block(
    fig: go.Figure,
    table: pd.DataFrame | Callable[[], pd.DataFrame],
    key: str,
    file_name: str,
    on_select: Callable[[str], None] | None = None,
) -> None:
    """A chart with its table toggle and a CSV download of exactly the numbers it shows.

    ``table`` may be a function that builds it: then it is built only when the reader
    asks for the table or the file. Columns named ``code``/``sector_code`` (kept for the
    chart's colours) stay out of both.
    """
    language = lang()

    def people() -> pd.DataFrame:
        shown = table() if callable(table) else table
        return shown.drop(columns=[c for c in ("code", "sector_code") if c in shown.columns])

    # the toolbar's camera saves a 3× PNG named for the chart, the language and the day
    config = {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "scale": 3, "filename": f"{key}_{language}_{dt.date.today()}"},
    }
    if briefing():  # for a projector: the chart alone, larger type, no controls
        st.plotly_chart(enlarge(fig, 1.35), width="stretch", key=f"{key}_chart", config=config, theme=None)
        return
    if st.toggle(t("show_table", language), key=f"{key}_as_table"):
        show_table(people())
    elif on_select is None:
        # theme=None: Streamlit's chart theme would override the house template
        st.plotly_chart(fig, width="stretch", key=f"{key}_chart", config=config, theme=None)
    else:
        st.plotly_chart(
            fig,
            width="stretch",
            key=f"{key}_chart",
            config=config,
            theme=None,
            on_select=partial(on_select, f"{key}_chart"),
            selection_mode="points",
        )
    st.download_button(
        t("download_csv", language),
        data=lambda: csv_bytes(people()),
        file_name=file_name,
        mime="text/csv",
        key=f"{key}_csv",
        on_click="ignore",
    )


# --- the view: instruments, sectors, years, scenario, kept in the session and the URL ----


def _store_view(instrument_codes: list[str], sector_codes: list[str], plan_id: int) -> None:
    chosen_inst = [c for c in instrument_codes if c in st.session_state["f_instrument"]]
    chosen_sect = [c for c in sector_codes if c in st.session_state["f_sector"]]
    low, high = st.session_state["f_years"]
    scenario = st.session_state["f_scenario"]
    st.session_state["_view"] = Filters(
        instruments=() if len(chosen_inst) == len(instrument_codes) else tuple(chosen_inst),
        sectors=() if len(chosen_sect) == len(sector_codes) else tuple(chosen_sect),
        year_from=int(low),
        year_to=int(high),
        scenario=None if scenario == plan_id else int(scenario),
    )


def _reset_view() -> None:
    st.session_state["_view"] = Filters()


def current_view(facts: queries.Facts) -> Filters:
    """Render the view filters in the sidebar; return the view, written into the URL.

    The session holds the view so it survives page changes; a fresh visit takes it from
    the URL, so a copied link reopens the same view.
    """
    language = lang()
    instruments, sectors, scenarios, plan = facts.instruments, facts.sectors, facts.scenarios, facts.plan
    plan_id = int(plan["id"]) if plan else 0
    inst_codes, sector_codes = list(instruments["code"]), list(sectors["code"])
    scenario_ids = [int(i) for i in scenarios["id"]]
    if "_view" not in st.session_state:
        st.session_state["_view"] = from_params(st.query_params.to_dict(), inst_codes, sector_codes, scenario_ids)
    view: Filters = st.session_state["_view"]
    if view.scenario is not None and view.scenario not in scenario_ids:
        view = replace(view, scenario=None)
        st.session_state["_view"] = view

    names = {r.code: (r.name_en if language == "en" else r.name_ko) for r in instruments.itertuples()}
    sector_names = {r.code: (r.name_en if language == "en" else r.name_ko) for r in sectors.itertuples()}
    scenario_names = {int(r.id): scenario_label(r.name, r.kind, language) for r in scenarios.itertuples()}
    st.session_state["f_instrument"] = list(view.instruments)
    st.session_state["f_sector"] = list(view.sectors)
    st.session_state["f_years"] = (view.year_from, view.year_to)
    st.session_state["f_scenario"] = view.scenario if view.scenario is not None else plan_id
    args = (inst_codes, sector_codes, plan_id)
    with st.sidebar:
        st.subheader(t("filters_header", language))
        st.multiselect(
            t("filter_instrument", language),
            inst_codes,
            key="f_instrument",
            format_func=names.get,
            placeholder=t("filter_all", language),
            on_change=_store_view,
            args=args,
        )
        st.multiselect(
            t("filter_sector", language),
            sector_codes,
            key="f_sector",
            format_func=sector_names.get,
            placeholder=t("filter_all", language),
            on_change=_store_view,
            args=args,
        )
        st.slider(
            t("filter_years", language),
            FIRST_YEAR,
            LAST_YEAR,
            key="f_years",
            on_change=_store_view,
            args=args,
        )
        st.selectbox(
            t("filter_scenario", language),
            scenario_ids,
            key="f_scenario",
            format_func=scenario_names.get,
            on_change=_store_view,
            args=args,
        )
        st.button(t("filter_reset", language), on_click=_reset_view, key="f_reset")
        st.caption(t("filter_link_help", language))
    # the URL always names the scenario shown: a link copied today still shows the same plan
    # after a new plan is uploaded tomorrow
    params = {"lang": language, **to_params(view)}
    params.setdefault("scenario", str(view.scenario if view.scenario is not None else plan_id))
    if briefing():
        params["briefing"] = "1"
    st.query_params.from_dict(params)
    return view


def view_page(loader: Callable) -> tuple[str, duckdb.DuckDBPyConnection, queries.Facts, Filters, dict]:
    """What a filtered page starts with: language, cursor, facts, the view, and its data.

    ``loader(con, facts, db_key, version, view)`` is the page's cached loader.
    """
    language = lang()
    con = cursor()
    facts = load_facts(con)
    view = current_view(facts)
    return language, con, facts, view, loader(con, facts, data_source(), queries.data_version(con), view)


def select_sector_from_chart(chart_key: str) -> None:
    """A click on a sector's bar narrows the view to that sector."""
    event = st.session_state.get(chart_key)
    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else []
    if not points and event is not None and hasattr(event, "selection"):
        points = event.selection.points
    codes = [p["customdata"][0] for p in points if p.get("customdata")]
    if codes:
        st.session_state["_view"] = replace(st.session_state["_view"], sectors=(codes[0],))
