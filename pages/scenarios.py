"""Scenarios: move the money, see it beside the plan in force, save it, compare, share a link."""

import zlib
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
from budget.kit import as_of_line, scenario_label
from budget.money import format_krw
from pages._common import (
    after_write,
    briefing,
    chart_block,
    cursor,
    editor_name,
    is_editor,
    lang,
    load_facts,
    show_table,
)

# --- the draft: the scenario being edited, kept in the session --------------------------


def k(name: str) -> str:
    """The key of a picker whose labels depend on the language and the scenario names.

    A picker keeps its choice by label: when a label changes (another language, a rename), the
    old choice no longer maps back to its value. A key that changes with the labels starts the
    picker afresh instead.
    """
    return f"{name}__{st.session_state['sc_w']}"


def _open(scenario_id: int) -> None:
    """Start a draft from a saved scenario (baseline, plan or scenario)."""
    st.session_state["sc_draft"] = store.load(cursor(), scenario_id)
    st.session_state["sc_from"] = scenario_id
    st.session_state[k("sc_open_choice")] = scenario_id  # the picker shows what is open
    st.session_state["sc_history"] = []
    st.session_state["sc_editor_v"] = st.session_state.get("sc_editor_v", 0) + 1
    view = st.session_state.get("_view") or Filters()
    st.session_state["_view"] = replace(view, scenario=scenario_id)


def _change(new: sc.Scenario, language: str) -> None:
    """Make ``new`` the draft, one undo step on; an edit that changes nothing says so instead."""
    old = st.session_state["sc_draft"]
    if _same(new, old):
        st.session_state["sc_note_msg"] = t("sc_no_change", language)
        return
    st.session_state["sc_history"] = [*st.session_state["sc_history"][-19:], old]
    st.session_state["sc_draft"] = new
    st.session_state["sc_editor_v"] += 1
    st.session_state.pop("sc_discard_ok", None)  # a new edit: opening asks again


def _same(a: sc.Scenario, b: sc.Scenario) -> bool:
    def nonzero(s: sc.Scenario) -> dict:
        return {c: v for c, v in s.cells.items() if v}

    return nonzero(a) == nonzero(b) and a.uptake == b.uptake and a.sector_uptake == b.sector_uptake


def _guard(action, language: str) -> None:
    """Run an edit; a refused one leaves the draft as it was and says why."""
    try:
        action()
    except BudgetError as exc:
        st.session_state["sc_error"] = exc.message(language)


def _may_discard(language: str) -> bool:
    """Unsaved edits are not thrown away on one click: the first asks, the second goes ahead."""
    if st.session_state["sc_history"] and not st.session_state.pop("sc_discard_ok", False):
        st.session_state["sc_discard_ok"] = True
        st.session_state["sc_error"] = t("sc_discard_confirm", language)
        return False
    return True


def on_open(language: str) -> None:
    if _may_discard(language):
        _open(int(st.session_state[k("sc_open_choice")]))


def on_undo() -> None:
    if st.session_state["sc_history"]:
        st.session_state["sc_draft"] = st.session_state["sc_history"].pop()
        st.session_state["sc_editor_v"] += 1


def on_envelope(programme: sc.Programme, amount_key: str, language: str) -> None:
    def act() -> None:
        instrument = st.session_state[k("sc_env_instrument")]
        won = sv.from_edit_unit(st.session_state[amount_key], language)
        if won < 0:
            raise sc.ScenarioError.of("sc_err_negative_envelope")
        current = st.session_state["sc_draft"].by_instrument().get(instrument, 0)
        if sv.to_edit_unit(won, language) == sv.to_edit_unit(current, language):
            return  # the figure as shown, unchanged: rounding for display never moves money
        new = sc.set_envelope(
            st.session_state["sc_draft"], programme, instrument, won, lock_total=st.session_state["sc_lock"]
        )
        _change(new, language)

    _guard(act, language)


def on_table_edit(programme: sc.Programme, shown, key: str, language: str) -> None:
    def act() -> None:
        edited = st.session_state[key].get("edited_rows", {})
        new, changes = sv.apply_editor_changes(
            st.session_state["sc_draft"], programme, shown, edited, language, st.session_state["sc_lock"]
        )
        if changes:
            _change(new, language)

    _guard(act, language)
    st.session_state["sc_editor_v"] += 1  # a fresh table: edits are in the draft now


def on_uptake_edit(shown, key: str, language: str) -> None:
    def act() -> None:
        edited = st.session_state[key].get("edited_rows", {})
        _change(sv.apply_uptake_changes(st.session_state["sc_draft"], shown, edited), language)

    _guard(act, language)
    st.session_state["sc_editor_v"] += 1


def on_phasing(programme: sc.Programme, language: str) -> None:
    def act() -> None:
        preset = st.session_state[k("sc_phase_preset")]
        low, high = st.session_state["sc_phase_years"]
        span = list(range(int(low), int(high) + 1))
        phasing = preset
        if preset == "hand":
            weights = dict.fromkeys(span, 1.0)
            for row, columns in (st.session_state.get("sc_phase_weights") or {}).get("edited_rows", {}).items():
                if "weight" in columns and int(row) < len(span):
                    weights[span[int(row)]] = float(columns["weight"] or 0)
            phasing = weights
        new = sc.set_phasing(
            st.session_state["sc_draft"],
            programme,
            phasing,
            instruments=st.session_state[k("sc_phase_instruments")] or None,
            sectors=st.session_state[k("sc_phase_sectors")] or None,
            years=span if st.session_state["sc_phase_span"] else None,
        )
        _change(new, language)

    _guard(act, language)


def on_save(language: str) -> None:
    if not is_editor():  # checked again at the moment of writing
        st.session_state["sc_error"] = t("auth_editors_only", language)
        return
    try:
        new_id = store.save(
            cursor(),
            st.session_state["sc_draft"],
            st.session_state["sc_name"],
            editor_name(),
            st.session_state["sc_note"],
            parent_id=st.session_state["sc_from"],
        )
    except BudgetError as exc:
        st.session_state["sc_error"] = exc.message(language)
        return
    after_write(language)
    _open(new_id)
    st.session_state["sc_saved"] = t("sc_saved", language, name=" ".join(st.session_state["sc_name"].split()))
    st.session_state["sc_name"] = ""
    st.session_state["sc_note"] = ""


def on_manage(action: str, language: str) -> None:
    chosen = st.session_state.get(k("sc_manage_choice"))
    if chosen is None:
        st.session_state["sc_error"] = t("sc_manage_none", language)
        return
    if action != "open" and not is_editor():
        st.session_state["sc_error"] = t("auth_editors_only", language)
        return
    author = editor_name()
    new_name = st.session_state["sc_manage_name"]
    st.session_state["sc_manage_keep"] = int(chosen)  # chosen still after a rename renews the picker
    try:
        if action == "open":
            if _may_discard(language):
                _open(int(chosen))
        elif action == "duplicate":
            new_id = store.duplicate(cursor(), int(chosen), new_name, author)
            st.session_state["sc_saved"] = t("sc_duplicated", language, name=" ".join(new_name.split()))
            if _may_discard(language):
                _open(new_id)
        elif action == "rename":
            store.rename(cursor(), int(chosen), new_name, author)
            st.session_state["sc_saved"] = t("sc_renamed", language, name=" ".join(new_name.split()))
        elif action in ("archive", "restore"):
            store.archive(cursor(), int(chosen), author, archived=action == "archive")
            st.session_state["sc_saved"] = t("sc_archived_done" if action == "archive" else "sc_restored", language)
    except BudgetError as exc:
        st.session_state["sc_error"] = exc.message(language)
        return
    if action != "open":
        after_write(language)


# --- the page ------------------------------------------------------------------------------

language = lang()
con = cursor()
facts = load_facts(con)
programme = store.programme(con)
names = charts.Names.from_frames(facts.instruments, facts.sectors)
listing = store.listing(con, archived=True)
label_of = {int(r.id): scenario_label(r.name, r.kind, language) for r in listing.itertuples()}
plan_id = int(facts.plan["id"])
st.session_state["sc_w"] = f"{language}{zlib.crc32(repr(sorted(label_of.items())).encode()):08x}"

if "sc_draft" not in st.session_state:
    asked = st.query_params.get("scenario", "")
    start = int(asked) if asked.isascii() and asked.isdigit() and int(asked) in label_of else plan_id
    _open(start)
st.session_state.setdefault("sc_lock", True)
editor = is_editor()

draft: sc.Scenario = st.session_state["sc_draft"]
opened = int(st.session_state["sc_from"])
unsaved = bool(st.session_state["sc_history"])
draft_name = t("sc_draft_name", language, name=label_of[opened]) if unsaved else label_of[opened]

# the URL names the scenario open here, so a copied link reopens it on every page
view = st.session_state.get("_view") or Filters()
params = {"lang": language, **to_params(replace(view, scenario=opened)), "scenario": str(opened)}
if briefing():
    params["briefing"] = "1"
st.query_params.from_dict(params)

st.title(t("sc_title", language))
st.info(t("sc_plan_not_money", language))
# one container, always there: messages come and go inside it without moving the tabs below
# (a tab or expander that moves is reset by Streamlit)
with st.container():
    for key, show in (("sc_error", st.error), ("sc_saved", st.success), ("sc_note_msg", st.info)):
        if message := st.session_state.pop(key, None):
            show(message)

live = listing[~listing["archived"] | (listing["kind"] == "baseline")]
choices = [int(i) for i in live["id"]]
if opened not in choices:
    choices.append(opened)  # an archived scenario opened by its link
if st.session_state.get(k("sc_open_choice")) not in choices:
    st.session_state[k("sc_open_choice")] = opened  # Streamlit forgets the picker on other pages
top = st.columns([3, 1, 1], vertical_alignment="bottom")
top[0].selectbox(t("sc_open", language), choices, key=k("sc_open_choice"), format_func=label_of.get)
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
        key=k("sc_env_instrument"),
        format_func=lambda c: names.of_instrument(c, language, short=True),
    )
    instrument = st.session_state[k("sc_env_instrument")]
    amount_key = f"sc_env_amount_{v}_{instrument}_{language}"  # a fresh box in each unit
    env[1].number_input(
        t("sc_envelope_amount", language, unit=unit),
        min_value=0.0,
        max_value=sv.to_edit_unit(sv.MAX_KRW, language),
        value=sv.to_edit_unit(draft.by_instrument().get(instrument, 0), language),
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
    key = f"sc_editor_{v}_{language}"
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
            key=k("sc_phase_instruments"),
            format_func=lambda c: names.of_instrument(c, language, short=True),
            placeholder=t("filter_all", language),
        )
        st.multiselect(
            t("col_sector", language),
            list(programme.sectors),
            key=k("sc_phase_sectors"),
            format_func=lambda c: names.of_sector(c, language),
            placeholder=t("filter_all", language),
        )
        st.radio(
            t("sc_phase_preset", language),
            [*sc.PRESETS, "hand"],
            key=k("sc_phase_preset"),
            format_func=lambda p: t(f"sc_phase_{p}", language),
            horizontal=True,
        )
        st.toggle(t("sc_phase_span", language), key="sc_phase_span", help=t("sc_phase_span_help", language))
        st.session_state.setdefault("sc_phase_years", (2021, 2025))
        by_hand = st.session_state[k("sc_phase_preset")] == "hand"
        if st.session_state["sc_phase_span"] or by_hand:
            st.slider(t("col_year", language), 2020, 2025, key="sc_phase_years")
        low, high = st.session_state["sc_phase_years"]
        untouched = [
            names.of_instrument(i, language, short=True)
            for i in (st.session_state[k("sc_phase_instruments")] or programme.instruments)
            if st.session_state["sc_phase_span"] and not set(programme.instrument_years[i]) & set(range(low, high + 1))
        ]
        if untouched:
            st.caption(t("sc_phase_outside", language, names=", ".join(untouched)))
        if by_hand:
            st.data_editor(
                pd.DataFrame({"year": [str(y) for y in range(low, high + 1)], "weight": 1.0}),
                key="sc_phase_weights",
                hide_index=True,
                column_config={
                    "year": st.column_config.TextColumn(t("col_year", language), disabled=True),
                    "weight": st.column_config.NumberColumn(t("sc_phase_weight", language), min_value=0.0),
                },
            )
        st.button(t("sc_apply", language), on_click=on_phasing, args=(programme, language), key="sc_phase_apply")

    with st.expander(t("sc_uptake_header", language)):
        st.caption(t("sc_uptake_help", language))
        rates = sv.uptake_frame(draft, names, language)
        rate_key = f"sc_uptake_{v}_{language}"
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
            args=(rates, rate_key, language),
        )

    # --- what the draft amounts to, against what ---
    compare_with = st.radio(
        t("sc_compare_with", language),
        ["plan", "start"],
        format_func=lambda c: t(f"sc_compare_with_{c}", language, name=label_of[opened]),
        horizontal=True,
        key=f"sc_compare_with_{language}",
    )
    base_id = opened if compare_with == "start" else plan_id
    base = store.load(con, base_id)
    base_name = label_of[opened] if compare_with == "start" else t("sc_plan_in_force", language, name=label_of[plan_id])
    paid = queries.disbursed_cells(con).groupby("instrument")["amount_krw"].sum().to_dict()
    for warning in sc.warnings(draft, programme):
        st.warning(sv.warning_text(warning, names, language, programme.total_krw))
    for inst, amount in draft.by_instrument().items():
        if amount < int(paid.get(inst, 0)):
            st.warning(
                t("sc_warn_below_paid", language, subject=names.of_instrument(inst, language, short=True),
                  amount=format_krw(amount, language), paid=format_krw(int(paid[inst]), language))
            )  # fmt: skip
    m = st.columns(3)
    m[0].metric(t("sc_total", language), format_krw(draft.total(), language))
    m[1].metric(t("sc_vs_plan", language, name=base_name), sv.signed(draft.total() - base.total(), language))
    moved = sc.moved(draft, base)
    m[2].metric(t("sc_moved", language), format_krw(moved, language), help=t("sc_moved_help", language))

    # saving comes before the charts: the usual path is edit, look at the numbers above, save
    st.subheader(t("sc_save_header", language))
    with st.container(border=True):
        if editor:
            st.text_input(t("sc_name", language), key="sc_name", max_chars=store.NAME_MAX)
            st.text_area(t("sc_note", language), key="sc_note", max_chars=store.NOTE_MAX, height=68)
            st.caption(t("sc_author_is", language, name=editor_name()))
            st.button(t("sc_save", language), on_click=on_save, args=(language,), key="sc_save_btn", type="primary")
        else:
            st.caption(t("sc_viewer_save", language))
        if not unsaved:
            link = f"{(st.context.url or '').split('?')[0]}?scenario={opened}&lang={language}"
            st.caption(t("sc_link", language, name=label_of[opened]))
            st.code(link, language=None)

    notes = [t("sc_chart_note", language, name=draft_name), t("chart_source", language)]
    by_tabs = st.tabs([t(f"sc_by_{by}", language) for by in sv.BY])
    for by, tab in zip(sv.BY, by_tabs, strict=True):
        with tab:
            table = sv.comparison_table(draft, base, by, names, language, base_name, draft_name)
            chart_block(
                sv.figure_comparison(table, by, language, notes),
                table,
                f"sc_cmp_{by}",
                f"scenario_vs_base_by_{by}_{language}.csv",
            )

    st.subheader(t("sc_projection_header", language))
    st.caption(t("sc_projection_help", language))
    projection = sv.projection_table(draft, paid, names, language)
    proj_notes = [*notes, as_of_line(queries.disbursement_status(con), language)]
    chart_block(
        sv.figure_projection(projection, language, proj_notes),
        projection,
        "sc_projection",
        f"scenario_projection_{language}.csv",
    )

    export = store.export_frame(draft, base, facts.instruments, facts.sectors, language)
    name_part = store.file_stem(opened, label_of[opened], unsaved, language)
    d = st.columns(2)
    d[0].download_button(
        t("sc_download_csv", language), csv_bytes(export), f"{name_part}.csv", "text/csv", key="sc_csv"
    )
    d[1].download_button(
        t("sc_download_xlsx", language),
        data=lambda: store.xlsx_bytes(
            export,
            # which plan the "compared with" column is (the file did not say)
            notes=[draft_name, t("sc_xlsx_compared_with", language, name=base_name), t("sc_plan_not_money", language)],
            rates=sv.uptake_frame(draft, names, language)
            .drop(columns=["code"])
            .rename(columns={"rate_pct": t("sc_col_rate_pct", language)}),
            notes_header=t("sc_xlsx_notes", language),
        ),
        file_name=f"{name_part}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="sc_xlsx",
        on_click="ignore",
    )
    st.caption(t("sc_export_help", language))

with saved_tab:
    show_archived = st.toggle(t("sc_show_archived", language), key="sc_show_archived")
    rows = listing if show_archived else live
    parents = [label_of.get(int(p), "") if pd.notna(p) else "" for p in rows["parent_id"]]
    show_table(
        pd.DataFrame(
            {
                "ID": rows["id"],
                t("sc_name", language): [label_of[int(i)] for i in rows["id"]],
                t("col_kind", language): [t(f"sc_kind_{kind}", language) for kind in rows["kind"]],
                t("sc_archived", language): rows["archived"].astype(bool),
                t("col_amount", language): [format_krw(int(a), language) for a in rows["total_krw"]],
                t("col_by", language): rows["created_by"],
                t("col_at", language): rows["created_at"],
                t("sc_parent", language): parents,
                t("sc_note", language): rows["note"].fillna(""),
            }
        )
    )
    ids = [int(i) for i in rows["id"]]
    kept = st.session_state.pop("sc_manage_keep", None)
    if k("sc_manage_choice") not in st.session_state and kept in ids:
        st.session_state[k("sc_manage_choice")] = kept
    st.selectbox(
        t("sc_manage_pick", language), ids, key=k("sc_manage_choice"), format_func=label_of.get, index=None,
        placeholder=t("sc_manage_placeholder", language),
    )  # fmt: skip
    st.text_input(t("sc_manage_name", language), key="sc_manage_name", disabled=not editor)
    actions = ("open", "duplicate", "rename", "archive", "restore") if editor else ("open",)
    b = st.columns(5)
    for n, action in enumerate(actions):
        b[n].button(
            t(f"sc_action_{action}", language),
            on_click=on_manage,
            args=(action, language),
            key=f"sc_manage_{action}",
            width="stretch",
        )

with compare_tab:
    picked = st.multiselect(
        t("sc_compare_pick", language),
        choices,
        default=[i for i in dict.fromkeys([plan_id, opened]) if i in choices],
        key=k("sc_compare"),
        format_func=label_of.get,
        max_selections=3,
        placeholder=t("sc_manage_placeholder", language),
    )
    if len(picked) < 2:
        st.info(t("sc_compare_help", language))
    else:
        by = st.radio(
            t("sc_compare_by", language),
            sv.BY,
            key=k("sc_compare_by"),
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
