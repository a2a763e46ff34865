"""Scenarios: move the money, see it beside the plan in force, save it, compare, share a link."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from budget import charts, queries
from budget import scenario as sc
from budget import scenario_store as store
from budget import scenario_view as sv
from budget.db import BudgetError
from budget.export import csv_bytes
from budget.filters import Filters, to_params
from budget.i18n import t
from budget.kit import scenario_label
from budget.money import format_krw
from pages._common import briefing, chart_block, cursor, lang, load_facts, show_table

# --- the draft: the scenario being edited, kept in the session --------------------------


def _open(scenario_id: int) -> None:
    """Start a draft from a saved scenario (baseline, plan or scenario)."""
    st.session_state["sc_draft"] = store.load(cursor(), scenario_id)
    st.session_state["sc_from"] = scenario_id
    st.session_state["sc_open_choice"] = scenario_id  # the picker shows what is open
    st.session_state["sc_history"] = []
    st.session_state["sc_editor_v"] = st.session_state.get("sc_editor_v", 0) + 1
    view = st.session_state.get("_view") or Filters()
    st.session_state["_view"] = replace(view, scenario=scenario_id)


def _change(new: sc.Scenario) -> None:
    st.session_state["sc_history"] = [*st.session_state["sc_history"][-19:], st.session_state["sc_draft"]]
    st.session_state["sc_draft"] = new
    st.session_state["sc_editor_v"] += 1
    st.session_state.pop("sc_discard_ok", None)  # a new edit: opening asks again


def _guard(action) -> None:
    """Run an edit; a refused one leaves the draft as it was and says why."""
    try:
        action()
    except BudgetError as exc:
        st.session_state["sc_error"] = exc.bilingual()


def on_open(language: str) -> None:
    # unsaved edits are not thrown away on one click
    if st.session_state["sc_history"] and not st.session_state.pop("sc_discard_ok", False):
        st.session_state["sc_discard_ok"] = True
        st.session_state["sc_error"] = t("sc_discard_confirm", language)
        return
    st.session_state.pop("sc_discard_ok", None)
    _open(int(st.session_state["sc_open_choice"]))


def on_undo() -> None:
    if st.session_state["sc_history"]:
        st.session_state["sc_draft"] = st.session_state["sc_history"].pop()
        st.session_state["sc_editor_v"] += 1


def on_envelope(programme: sc.Programme, amount_key: str, language: str) -> None:
    def act() -> None:
        won = sv.from_edit_unit(st.session_state[amount_key], language)
        if won < 0:
            raise sc.ScenarioError("규모는 음수일 수 없습니다", "an envelope cannot be negative")
        draft = st.session_state["sc_draft"]
        current = draft.by_instrument().get(st.session_state["sc_env_instrument"], 0)
        if sv.to_edit_unit(won, language) == sv.to_edit_unit(current, language):
            return  # the figure as shown, unchanged: rounding for display never moves money
        _change(
            sc.set_envelope(
                st.session_state["sc_draft"],
                programme,
                st.session_state["sc_env_instrument"],
                won,
                lock_total=st.session_state["sc_lock"],
            )
        )

    _guard(act)


def on_table_edit(programme: sc.Programme, shown, key: str, language: str) -> None:
    def act() -> None:
        edited = st.session_state[key].get("edited_rows", {})
        new, changes = sv.apply_editor_changes(
            st.session_state["sc_draft"], programme, shown, edited, language, st.session_state["sc_lock"]
        )
        if changes:
            _change(new)

    _guard(act)
    st.session_state["sc_editor_v"] += 1  # a fresh table: edits are in the draft now


def on_uptake_edit(shown, key: str) -> None:
    def act() -> None:
        new = sv.apply_uptake_changes(st.session_state["sc_draft"], shown, st.session_state[key].get("edited_rows", {}))
        _change(new)

    _guard(act)
    st.session_state["sc_editor_v"] += 1


def on_phasing(programme: sc.Programme) -> None:
    def act() -> None:
        preset = st.session_state["sc_phase_preset"]
        low, high = st.session_state["sc_phase_years"]
        span = list(range(int(low), int(high) + 1))
        phasing = preset
        if preset == "hand":
            weights = dict.fromkeys(span, 1.0)
            for row, columns in (st.session_state.get("sc_phase_weights") or {}).get("edited_rows", {}).items():
                if "weight" in columns and int(row) < len(span):
                    weights[span[int(row)]] = float(columns["weight"] or 0)
            phasing = weights
        _change(
            sc.set_phasing(
                st.session_state["sc_draft"],
                programme,
                phasing,
                instruments=st.session_state["sc_phase_instruments"] or None,
                sectors=st.session_state["sc_phase_sectors"] or None,
                years=span if st.session_state["sc_phase_span"] else None,
            )
        )

    _guard(act)


def on_save(language: str) -> None:
    try:
        new_id = store.save(
            cursor(),
            st.session_state["sc_draft"],
            st.session_state["sc_name"],
            st.session_state["sc_author"].strip() or "web",
            st.session_state["sc_note"],
            parent_id=st.session_state["sc_from"],
        )
    except BudgetError as exc:
        st.session_state["sc_error"] = exc.bilingual()
        return
    _open(new_id)
    st.session_state["sc_saved"] = t("sc_saved", language, name=" ".join(st.session_state["sc_name"].split()))
    st.session_state["sc_name"] = ""
    st.session_state["sc_note"] = ""


def on_manage(action: str, language: str) -> None:
    chosen = st.session_state.get("sc_manage_choice")
    if chosen is None:
        return
    author = st.session_state["sc_author"].strip() or "web"
    try:
        if action == "open":
            if st.session_state["sc_history"] and not st.session_state.pop("sc_discard_ok", False):
                st.session_state["sc_discard_ok"] = True
                st.session_state["sc_error"] = t("sc_discard_confirm", language)
                return
            _open(int(chosen))
        elif action == "duplicate":
            new_id = store.duplicate(cursor(), int(chosen), st.session_state["sc_manage_name"], author)
            st.session_state["sc_saved"] = t("sc_duplicated", language, name=st.session_state["sc_manage_name"])
            _open(new_id)
        elif action == "rename":
            store.rename(cursor(), int(chosen), st.session_state["sc_manage_name"], author)
            st.session_state["sc_saved"] = t("sc_renamed", language, name=st.session_state["sc_manage_name"])
        elif action in ("archive", "restore"):
            store.archive(cursor(), int(chosen), author, archived=action == "archive")
            st.session_state["sc_saved"] = t("sc_archived_done" if action == "archive" else "sc_restored", language)
    except BudgetError as exc:
        st.session_state["sc_error"] = exc.bilingual()


# --- the page ------------------------------------------------------------------------------

language = lang()
con = cursor()
facts = load_facts(con)
programme = store.programme(con)
names = charts.Names.from_frames(facts.instruments, facts.sectors)
listing = store.listing(con, archived=True)
label_of = {int(r.id): scenario_label(r.name, r.kind, language) for r in listing.itertuples()}
plan_id = int(facts.plan["id"])

if "sc_draft" not in st.session_state:
    asked = st.query_params.get("scenario", "")
    start = int(asked) if asked.isascii() and asked.isdigit() and int(asked) in label_of else plan_id
    _open(start)
st.session_state.setdefault("sc_lock", True)
st.session_state.setdefault("sc_author", "web")

draft: sc.Scenario = st.session_state["sc_draft"]
opened = int(st.session_state["sc_from"])
unsaved = bool(st.session_state["sc_history"])
base = store.load(con, plan_id)
base_name = t("sc_plan_in_force", language, name=label_of[plan_id])
draft_name = t("sc_draft_name", language, name=label_of[opened]) if unsaved else label_of[opened]

# the URL names the scenario open here, so a copied link reopens it on every page
view = st.session_state.get("_view") or Filters()
params = {"lang": language, **to_params(replace(view, scenario=opened)), "scenario": str(opened)}
if briefing():
    params["briefing"] = "1"
st.query_params.from_dict(params)

st.title(t("sc_title", language))
st.info(t("sc_plan_not_money", language))
for key, show in (("sc_error", st.error), ("sc_saved", st.success)):
    if message := st.session_state.pop(key, None):
        show(message)

live = listing[~listing["archived"] | (listing["kind"] == "baseline")]
choices = [int(i) for i in live["id"]]
if opened not in choices:
    choices.append(opened)  # an archived scenario opened by its link
if st.session_state.get("sc_open_choice") not in choices:
    st.session_state["sc_open_choice"] = opened  # Streamlit forgets the picker on other pages
top = st.columns([3, 1, 1], vertical_alignment="bottom")
top[0].selectbox(t("sc_open", language), choices, key="sc_open_choice", format_func=label_of.get)
top[1].button(t("sc_open_button", language), on_click=on_open, args=(language,), key="sc_open_btn", width="stretch")
top[2].button(t("sc_undo", language), on_click=on_undo, key="sc_undo_btn", disabled=not unsaved, width="stretch")
st.caption(
    t("sc_status_unsaved", language, name=label_of[opened], edits=len(st.session_state["sc_history"]))
    if unsaved
    else t("sc_status_saved", language, name=label_of[opened])
)

edit_tab, saved_tab, compare_tab = st.tabs(
    [t("sc_tab_edit", language), t("sc_tab_saved", language), t("sc_tab_compare", language)]
)
unit = sv.edit_unit_label(language)
v = st.session_state["sc_editor_v"]

with edit_tab:
    st.toggle(t("sc_lock", language), key="sc_lock", help=t("sc_lock_help", language))
    st.subheader(t("sc_envelope_header", language))
    env = st.columns([2, 2, 1], vertical_alignment="bottom")
    env[0].selectbox(
        t("col_instrument", language),
        list(programme.instruments),
        key="sc_env_instrument",
        format_func=lambda c: names.of_instrument(c, language, short=True),
    )
    current = draft.by_instrument().get(st.session_state["sc_env_instrument"], 0)
    amount_key = f"sc_env_amount_{v}_{st.session_state['sc_env_instrument']}"
    env[1].number_input(
        t("sc_envelope_amount", language, unit=unit),
        min_value=0.0,
        value=sv.to_edit_unit(current, language),
        step=100.0 if language == "ko" else 10.0,
        format="%.2f" if language == "ko" else "%.3f",
        key=amount_key,
    )
    env[2].button(
        t("sc_apply", language),
        on_click=on_envelope,
        args=(programme, amount_key, language),
        key="sc_env_apply",
        width="stretch",
    )

    st.subheader(t("sc_table_header", language, unit=unit))
    st.caption(t("sc_table_help", language))
    shown = sv.editor_frame(draft, names, language)
    key = f"sc_editor_{v}"
    columns = {
        "code": None,
        t("col_sector", language): st.column_config.TextColumn(disabled=True),
        **{
            c: st.column_config.NumberColumn(
                names.of_instrument(c, language, short=True), format="localized", step=0.01
            )
            for c in programme.instruments
        },
    }
    st.data_editor(
        shown,
        key=key,
        hide_index=True,
        width="stretch",
        column_config=columns,
        num_rows="fixed",
        on_change=on_table_edit,
        args=(programme, shown, key, language),
    )

    with st.expander(t("sc_phasing_header", language)):
        st.multiselect(
            t("col_instrument", language),
            list(programme.instruments),
            key="sc_phase_instruments",
            format_func=lambda c: names.of_instrument(c, language, short=True),
            placeholder=t("filter_all", language),
        )
        st.multiselect(
            t("col_sector", language),
            list(programme.sectors),
            key="sc_phase_sectors",
            format_func=lambda c: names.of_sector(c, language),
            placeholder=t("filter_all", language),
        )
        st.radio(
            t("sc_phase_preset", language),
            ["even", "front", "back", "hand"],
            key="sc_phase_preset",
            format_func=lambda p: t(f"sc_phase_{p}", language),
            horizontal=True,
        )
        st.toggle(t("sc_phase_span", language), key="sc_phase_span", help=t("sc_phase_span_help", language))
        st.slider(t("col_year", language), 2020, 2025, value=(2021, 2025), key="sc_phase_years")
        low, high = st.session_state["sc_phase_years"]
        untouched = [
            names.of_instrument(i, language, short=True)
            for i in (st.session_state["sc_phase_instruments"] or programme.instruments)
            if st.session_state["sc_phase_span"] and not set(programme.instrument_years[i]) & set(range(low, high + 1))
        ]
        if untouched:
            st.caption(t("sc_phase_outside", language, names=", ".join(untouched)))
        if st.session_state["sc_phase_preset"] == "hand":
            st.data_editor(
                pd.DataFrame({"year": [str(y) for y in range(low, high + 1)], "weight": 1.0}),
                key="sc_phase_weights",
                hide_index=True,
                column_config={
                    "year": st.column_config.TextColumn(t("col_year", language), disabled=True),
                    "weight": st.column_config.NumberColumn(t("sc_phase_weight", language), min_value=0.0),
                },
            )
        st.button(t("sc_apply", language), on_click=on_phasing, args=(programme,), key="sc_phase_apply")

    with st.expander(t("sc_uptake_header", language)):
        st.caption(t("sc_uptake_help", language))
        rates = sv.uptake_frame(draft, names, language)
        rate_key = f"sc_uptake_{v}"
        st.data_editor(
            rates,
            key=rate_key,
            hide_index=True,
            column_config={
                "code": None,
                t("col_instrument", language): st.column_config.TextColumn(disabled=True),
                "rate_pct": st.column_config.NumberColumn(
                    t("sc_col_rate_pct", language), min_value=0.0, max_value=200.0, step=1.0, format="%.1f%%"
                ),
            },
            on_change=on_uptake_edit,
            args=(rates, rate_key),
        )

    # --- what the draft amounts to ---
    for warning in sc.warnings(draft, programme):
        st.warning(sv.warning_text(warning, names, language, programme.total_krw))
    total, vs_plan = draft.total(), draft.total() - base.total()
    m = st.columns(3)
    m[0].metric(t("sc_total", language), format_krw(total, language))
    m[1].metric(
        t("sc_vs_plan", language, name=base_name),
        format_krw(vs_plan, language),
        delta=None if not vs_plan else format_krw(vs_plan, language),
    )
    moved = sum(abs(d) for d in sc.difference(draft, base).values()) // 2
    m[2].metric(t("sc_moved", language), format_krw(moved, language), help=t("sc_moved_help", language))

    notes = [t("sc_chart_note", language, name=draft_name), t("chart_source", language)]
    by_tabs = st.tabs([t(f"sc_by_{by}", language) for by in sv.BY])
    for by, tab in zip(sv.BY, by_tabs, strict=True):
        with tab:
            table = sv.comparison_table(draft, base, by, names, language, base_name, draft_name)
            chart_block(
                sv.figure_comparison(table, by, language, notes),
                table,
                f"sc_cmp_{by}",
                f"scenario_vs_plan_by_{by}_{language}.csv",
            )

    st.subheader(t("sc_projection_header", language))
    st.caption(t("sc_projection_help", language))
    paid = queries.disbursed_cells(con).groupby("instrument")["amount_krw"].sum().to_dict()
    projection = sv.projection_table(draft, paid, names, language)
    status = queries.disbursement_status(con)
    proj_notes = [*notes, t("chart_as_of", language, as_of=status["as_of"].isoformat() if status["as_of"] else "–")]
    if status.get("rows_synthetic"):
        proj_notes[-1] += t("source_synthetic", language)
    chart_block(
        sv.figure_projection(projection, language, proj_notes),
        projection,
        "sc_projection",
        f"scenario_projection_{language}.csv",
    )

    st.subheader(t("sc_save_header", language))
    with st.container(border=True):
        st.text_input(t("sc_name", language), key="sc_name", max_chars=store.NAME_MAX)
        st.text_area(t("sc_note", language), key="sc_note", max_chars=store.NOTE_MAX, height=80)
        st.text_input(t("sc_author", language), key="sc_author")
        st.button(t("sc_save", language), on_click=on_save, args=(language,), key="sc_save_btn", type="primary")
    if not unsaved:
        link = f"{(st.context.url or '').split('?')[0]}?scenario={opened}&lang={language}"
        st.caption(t("sc_link", language, name=label_of[opened]))
        st.code(link, language=None)

    export = store.export_frame(draft, base, facts.instruments, facts.sectors, language)
    name_part = f"scenario_{opened}{'_draft' if unsaved else ''}_{language}"
    d = st.columns(2)
    d[0].download_button(
        t("sc_download_csv", language), csv_bytes(export), f"{name_part}.csv", "text/csv", key="sc_csv"
    )
    d[1].download_button(
        t("sc_download_xlsx", language),
        data=lambda: store.xlsx_bytes(export, notes=[draft_name, t("sc_plan_not_money", language)]),
        file_name=f"{name_part}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="sc_xlsx",
        on_click="ignore",
    )
    st.caption(t("sc_export_help", language))

with saved_tab:
    show_archived = st.toggle(t("sc_show_archived", language), key="sc_show_archived")
    rows = listing if show_archived else live
    show_table(
        rows.assign(
            name=[label_of[int(i)] for i in rows["id"]],
            kind=[t(f"sc_kind_{k}", language) for k in rows["kind"]],
        )[["id", "name", "kind", "created_by", "created_at", "parent_name", "total_krw", "note", "archived"]].rename(
            columns={
                "id": "ID",
                "name": t("sc_name", language),
                "kind": t("col_kind", language),
                "created_by": t("col_by", language),
                "created_at": t("col_at", language),
                "parent_name": t("sc_parent", language),
                "total_krw": t("col_amount", language),
                "note": t("sc_note", language),
                "archived": t("sc_archived", language),
            }
        )
    )
    ids = [int(i) for i in rows["id"]]
    st.selectbox(t("sc_manage_pick", language), ids, key="sc_manage_choice", format_func=label_of.get, index=None)
    st.text_input(t("sc_manage_name", language), key="sc_manage_name")
    b = st.columns(5)
    for k, action in enumerate(("open", "duplicate", "rename", "archive", "restore")):
        b[k].button(
            t(f"sc_action_{action}", language),
            on_click=on_manage,
            args=(action, language),
            key=f"sc_manage_{action}",
            width="stretch",
        )

with compare_tab:
    options = choices  # the live ones, and the one open even if archived
    picked = st.multiselect(
        t("sc_compare_pick", language),
        options,
        default=[i for i in dict.fromkeys([plan_id, opened]) if i in options],
        key="sc_compare",
        format_func=label_of.get,
        max_selections=3,
    )
    if len(picked) < 2:
        st.info(t("sc_compare_help", language))
    else:
        by = st.radio(
            t("sc_compare_by", language),
            sv.BY,
            key="sc_compare_by",
            format_func=lambda b: t(f"sc_by_{b}", language),
            horizontal=True,
        )
        chosen = [(label_of[i], store.load(con, i)) for i in picked]
        table = sv.compare_table(chosen, by, names, language)
        chart_block(
            sv.figure_compare(
                table,
                [n for n, _ in chosen],
                by,
                language,
                [t("sc_chart_note", language, name=", ".join(n for n, _ in chosen)), t("chart_source", language)],
            ),
            table,
            "sc_compare_chart",
            f"scenario_compare_by_{by}_{language}.csv",
        )
