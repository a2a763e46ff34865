"""Upload: a disbursement file is read, checked row by row, shown, and loaded only on confirm."""

import hashlib

import streamlit as st

from budget import ingest
from budget.export import csv_bytes
from budget.i18n import t
from budget.money import format_krw, format_won
from pages._common import (
    after_write,
    cursor,
    editor_name,
    is_editor,
    lang,
    plain,
    require_editor,
    show_report,
    uploader_in_korean,
)


def confirm(checked: ingest.Checked, user: str, language: str) -> None:
    """Load the checked file as one batch (runs before the page redraws)."""
    if not is_editor():  # checked again at the moment of writing, not only when the page was drawn
        st.session_state["_upload_done"] = t("auth_editors_only", language)
        return
    con = cursor()
    batch = ingest.load(con, checked, user)
    if saved := st.session_state.pop("_mapping_to_save", None):
        ingest.save_mapping(con, saved[0], saved[1], user)
    after_write(language)
    st.session_state["_upload_done"] = t(
        "upload_done",
        language,
        batch=batch,
        rows=f"{checked.rows_loaded:,}",
        amount=format_won(checked.amount_krw, language),
    )
    if checked.source:
        st.session_state["_upload_done"] += " " + t("upload_done_source", language, source=checked.source)
    if checked.rows_rejected:
        st.session_state["_upload_done"] += " " + t(
            "upload_done_rejected", language, rejected=f"{checked.rows_rejected:,}"
        )
    if checked.totals_disagree:  # the warning goes on being said after the report has gone
        off = [str(row) for row, *_ in checked.totals_disagree]
        rows = t("rule_rows_one" if len(off) == 1 else "rule_rows", language, rows=", ".join(off))
        st.session_state["_upload_done"] += " " + t("upload_done_total_off", language, rows=rows)
    if saved:
        st.session_state["_upload_done"] += " " + t("upload_mapping_saved", language, source=saved[0])
    st.session_state["upload_round"] += 1  # a fresh uploader for the next file


def forget(source: str, user: str, language: str) -> None:
    """Let go of the body's saved mapping (runs before the page redraws)."""
    if not is_editor():
        st.session_state["_upload_done"] = t("auth_editors_only", language)
        return
    ingest.forget_mapping(cursor(), source, user)
    st.session_state["_upload_done"] = t("upload_mapping_forgotten", language, source=source)
    st.session_state["upload_round"] += 1  # the file again, for the mapping step


def use_source(name: str) -> None:
    """Take the body whose saved mapping fits the file as its sender (runs before the page redraws)."""
    st.session_state["upload_source"] = name


def rules_in_full(issues: list[ingest.Issue]) -> None:
    """Each rule of the report once, whole, under its table: what the table's narrow columns cut."""
    with st.expander(t("upload_rules_in_full", lang)):
        st.markdown(
            "\n".join(
                f"- **{rule}** {plain(message)}"
                + (f" — {t('upload_rule_expected', lang)}: {plain(want)}" if want else "")
                for rule, message, want in ingest.rules_in_full(issues, lang)
            )
        )


def show_refusal(place, refusal: ingest.Issue) -> None:
    """A refusal no choice on the page can mend; for a file loaded already (F005), the way to the
    batch list, where it can be seen, and reverted if it was wrong."""
    place.error(t("upload_refused", lang, rule=refusal.rule, message=plain(refusal.message(lang))))
    if refusal.rule == "F005":
        st.page_link("pages/batches.py", label=t("upload_see_batches", lang), icon=":material/inventory_2:")


def confirm_plan(plan: ingest.CheckedPlan, user: str, language: str) -> None:
    """Store the plan as the scenario in force (runs before the page redraws)."""
    if not is_editor():
        st.session_state["_upload_done"] = t("auth_editors_only", language)
        return
    batch, scenario = ingest.load_plan(cursor(), plan, user)
    after_write(language)
    st.session_state["_upload_done"] = t(
        "upload_plan_done", language, batch=batch, scenario=scenario, amount=format_krw(plan.amount_krw, language)
    )
    st.session_state["upload_round"] += 1


lang = lang()
con = cursor()
st.title(t("upload_title", lang))
require_editor(lang)

if "upload_round" not in st.session_state:
    st.session_state["upload_round"] = 0
if done := st.session_state.pop("_upload_done", None):
    st.success(done)

kind = st.radio(
    t("upload_kind", lang),
    ["disbursements", "allocations"],
    format_func=lambda k: t(f"upload_kind_{k}", lang),
    horizontal=True,
    key="upload_kind",
)
st.caption(t(f"upload_help_{kind}", lang))
types = ["csv", "txt", "tsv", "xlsx"]
uploader_in_korean(ingest.MAX_UPLOAD_MB, ", ".join(ext.upper() for ext in types))
upload = st.file_uploader(
    t("upload_file", lang),
    type=[*types, "xls"],  # an old workbook is taken, to be told how to save it (F011), not refused unexplained
    key=f"upload_{st.session_state['upload_round']}",
    max_upload_size=ingest.MAX_UPLOAD_MB,
)
if upload is not None and upload.size > ingest.MAX_UPLOAD_MB * 1024 * 1024:  # the widget's own limit, once more
    st.error(ingest.FileRefused(ingest.Issue("F007", value=f"{upload.size / 1024 / 1024:.0f} MB")).message(lang))
    st.stop()
strict = st.checkbox(t("upload_strict", lang), key="upload_strict")
source = st.text_input(t("upload_source", lang), key="upload_source", help=t("upload_source_help", lang)).strip()
user = editor_name()
st.caption(t("upload_as", lang, name=user))

saved: dict[str, str] = ingest.saved_mapping(con, source) if source and kind == "disbursements" else {}
sheet = None
if upload is not None and ingest.is_workbook(upload.getvalue(), upload.name):
    sheets = ingest.sheet_names(upload.getvalue())
    if len(sheets) > 1:  # first offered: the sheet the table is on (a cover sheet often comes first)
        found = ingest.table_sheet(upload.getvalue(), plan=kind == "allocations", known=set(saved.values()))
        sheet = st.selectbox(
            t("upload_sheet", lang), sheets, index=sheets.index(found) if found in sheets else 0, key="upload_sheet"
        )

if upload is not None and kind == "allocations":
    data = upload.getvalue()
    try:
        plan = ingest.check_plan(con, data, upload.name, sheet=sheet)
    except ingest.FileRefused as refused:
        plan = None
        st.error(t("upload_refused", lang, rule=refused.issue.rule, message=plain(refused.issue.message(lang))))
    if plan is not None:
        columns = st.columns(3)
        columns[0].metric(t("upload_plan_cells", lang), f"{plan.cells.num_rows:,}")
        columns[1].metric(t("upload_rows_rejected", lang), f"{plan.rows_rejected:,}")
        columns[2].metric(t("upload_plan_total", lang), format_krw(plan.amount_krw, lang))
        st.subheader(t("upload_report", lang))
        if plan.issues:
            show_report(ingest.report_table(plan.issues, lang, brief=True))
            rules_in_full(plan.issues)  # (a plan's report cut the sectors expected too, with no way to read them)
            st.download_button(
                t("upload_download_report", lang),
                csv_bytes(ingest.report_table(plan.issues, lang)),
                f"report_{ingest.safe_stem(upload.name)}.csv",
                "text/csv",
                on_click="ignore",
                key="upload_plan_report",
            )
        else:
            st.success(t("upload_no_issues", lang))
        if plan.rows_rejected:
            st.warning(ingest.Issue("P005").message(lang))
        st.button(
            t("upload_confirm", lang),
            type="primary",
            disabled=plan.rows_rejected > 0 or plan.rows_loaded == 0,
            on_click=confirm_plan,
            args=(plan, user, lang),
            key="upload_confirm_plan",
        )
elif upload is not None:
    data = upload.getvalue()
    mapping = dict(saved)
    if mapping:  # what was saved, and a way to let go of it if it was wrong
        left, right = st.columns([4, 1])
        left.caption(
            t("upload_mapping_applied", lang, source=plain(source), fields=plain(ingest.described(con, mapping, lang)))
        )
        right.button(
            t("upload_mapping_forget", lang), on_click=forget, args=(source, user, lang), key="upload_mapping_forget"
        )
    refusal = None
    try:
        checked = ingest.check(con, data, upload.name, mapping_override=mapping, sheet=sheet, source=source or None)
    except ingest.FileRefused as refused:
        checked, refusal = None, refused.issue
    # a mapping step: which column is which, for every field not recognised (the required ones
    # first, then the payment id, recipient, region and project); or, for a file that loads but
    # has no payment id (W106, or only a 번호 that counts the rows: W107), which column holds it, if one does. Then the file is checked again.
    header, wanted = [], []
    if refusal is not None and refusal.rule in ingest.MENDABLE:
        records = ingest.head_records(data, upload.name, sheet, set(mapping.values()))  # the header's part only
        if refusal.rule != "F003":  # a header found, a required column not (F004), or not one (F010)
            header = ingest.find_table(records, known=set(mapping.values())).header
        else:  # no header recognised at all: offer the first line with several cells (not a title)
            header = next((r for r in records if sum(1 for c in r if c.strip()) >= 3), [])
        recognised = ingest.map_header(header)
        wanted = sorted((f for f in ingest.CANONICAL if f not in recognised), key=lambda f: f not in ingest.REQUIRED)
        if ingest.looks_like_plan(records):  # a plan uploaded as payments: the kind to choose, above
            st.info(t("upload_looks_like_plan", lang))
        if not any(h.strip() for h in header):  # no line of names to choose from: no mapping step
            wanted = []
    elif checked is not None and any(i.rule in ("W106", "W107") for i in checked.issues):
        header, wanted = checked.columns, ["source_id"]
    if wanted and refusal is not None and not source:
        # a body's saved mapping that fits: the clerk has only not said who sent the file (found once
        # a file and sheet: each choice in the mapping step redraws the page)
        fits_key = f"_fits_{hashlib.sha1(data).hexdigest()}_{sheet}"
        if fits_key not in st.session_state:
            st.session_state[fits_key] = ingest.fitting_mappings(con, data, upload.name, sheet)
        for name in st.session_state[fits_key][:3]:
            st.info(t("upload_mapping_fits", lang, source=name))
            st.button(t("upload_mapping_use", lang, source=name), on_click=use_source, args=(name,), key=f"use_{name}")
    if wanted:
        explain = st.empty()  # what to choose; once the id's column is chosen, which it is
        slot = st.empty()  # the refusal, if it still stands once the columns are chosen: a step to take
        choices = list(dict.fromkeys(h for h in header if h.strip()))
        tag = hashlib.sha1(data).hexdigest()[:8]
        chosen = {}
        for name in wanted:
            need = t("upload_field_required" if name in ingest.REQUIRED else "upload_field_optional", lang)
            # a file without the column (a guarantee fund's: every row is 보증) may say it once
            every = ingest.every_row_choices(con, name) if name in ingest.EVERY_ROW_FIELDS else {}
            options = choices + list(every)
            if name == "amount_krw" and refusal is not None and refusal.rule == "F010":  # its candidates first
                options.sort(key=lambda o: o not in (refusal.value or "").split(", "))
            choice = st.selectbox(
                f"{t(f'field_{name}', lang)} ({need})",
                options,
                index=options.index(mapping[name]) if mapping.get(name) in options else None,
                format_func=lambda o, every=every: (
                    t("upload_every_row", lang, name=every[o][lang == "en"]) if o in every else o
                ),
                placeholder=t("upload_choose_column", lang),
                key=f"map_{tag}_{name}",
            )
            if choice:
                chosen[name] = choice
        if refusal is None and chosen.get("source_id"):
            explain.info(t("upload_mapping_id_chosen", lang, column=plain(chosen["source_id"])))
        else:
            explain.info(t("upload_mapping" if refusal is not None else "upload_mapping_id", lang))
        if chosen:
            mapping.update(chosen)
            try:
                checked = ingest.check(
                    con, data, upload.name, mapping_override=mapping, sheet=sheet, source=source or None
                )
                refusal = None
                if source and st.checkbox(t("upload_save_mapping", lang, source=source), key="upload_save_mapping"):
                    st.session_state["_mapping_to_save"] = (source, mapping)
                else:  # unticked, or no source: nothing is saved on confirm
                    st.session_state.pop("_mapping_to_save", None)
                if not source:  # how to keep it for next month, where the box would be
                    st.caption(t("upload_save_needs_source", lang))
            except ingest.FileRefused as again:
                checked, refusal = None, again.issue
        if refusal is not None and refusal.rule in ingest.MENDABLE:  # what the choices above can mend
            slot.warning(t("upload_not_yet", lang, rule=refusal.rule, message=plain(refusal.message(lang))))
        elif refusal is not None:  # the file itself (F005: loaded already; F009: a unit not read)
            show_refusal(slot, refusal)
    elif refusal is not None:
        show_refusal(st, refusal)
    if checked is not None:
        columns = st.columns([1, 1, 1, 3])  # the amount to the won needs room: "1,750,000,000원"
        columns[0].metric(t("upload_rows_total", lang), f"{checked.rows_total:,}")
        columns[1].metric(t("upload_rows_ok", lang), f"{checked.rows_loaded:,}")
        columns[2].metric(t("upload_rows_rejected", lang), f"{checked.rows_rejected:,}")
        # to the won: the clerk checks it against the file's own total
        columns[3].metric(t("upload_amount", lang), format_won(checked.amount_krw, lang))
        unit_name = ingest.unit_name(checked.unit)
        st.caption(
            t(
                "upload_read_as",
                lang,
                encoding="Excel (.xlsx)"
                if checked.encoding == "xlsx"
                else f"CSV · {checked.encoding.upper().replace('-SIG', ' (BOM)') or '-'}",
                unit=unit_name,
            )
            # which column the amounts were taken from ("지원액 (백만원)" under "금액(백만원)")
            + (
                " · " + t("upload_read_amount", lang, column=plain(checked.headers["amount_krw"]))
                if "amount_krw" in checked.headers
                else ""
            )
            + (" · " + t("upload_read_totals", lang, totals=checked.total_rows) if checked.total_rows else "")
        )
        for row, said, rows in checked.totals_agree:  # the clerk's own check, done: say so, and of which rows
            key = "upload_total_agrees_all" if rows == "all" else "upload_total_agrees"
            st.success(t(key, lang, row=row, amount=ingest.as_the_file_says(said, checked.unit, lang)))
        for row, said, total, rows in checked.totals_disagree:  # and undone: by how much, against which rows
            st.warning(
                t(
                    "upload_total_disagrees",
                    lang,
                    row=row,
                    said=ingest.as_the_file_says(said, checked.unit, lang),
                    which=t(f"upload_total_which_{rows}", lang),
                    total=ingest.as_the_file_says(total, checked.unit, lang),
                    # in the file's unit, or in won as the amounts beside it are ("KRW 200")
                    gap=ingest.in_unit(abs(said - total), checked.unit)
                    if checked.unit > 1
                    else ingest.as_the_file_says(abs(said - total), checked.unit, lang),
                    direction=t("upload_total_more" if said > total else "upload_total_less", lang),
                )
            )
        if checked.totals_unchecked:  # no silence where the clerk expects the check
            st.info(t("upload_total_unchecked", lang, rows=", ".join(map(str, checked.totals_unchecked))))
        st.subheader(t("upload_report", lang))
        if checked.issues:
            report = ingest.report_table(checked.issues, lang, checked.headers)
            show_report(ingest.report_table(checked.issues, lang, checked.headers, brief=True))
            rules_in_full(checked.issues)
            left, right = st.columns(2)
            stem = ingest.safe_stem(upload.name)
            left.download_button(
                t("upload_download_report", lang),
                csv_bytes(report),
                f"report_{stem}.csv",
                "text/csv",
                on_click="ignore",
            )
            right.download_button(
                t("upload_download_annotated", lang),
                lambda: ingest.annotated_original(
                    data, upload.name, checked.issues, sheet=sheet, mapping=mapping, headers=checked.headers
                ),
                f"errors_{stem}.csv",
                "text/csv",
                on_click="ignore",
            )
        else:
            st.success(t("upload_no_issues", lang))
        held = sorted({i.batch_number for i in checked.issues if i.rule == "X002" and i.batch}, key=int)
        if held:  # payments sent again: a corrected file replaces them once their batch is reverted
            st.info(t("upload_resend", lang, batches=", ".join(held)))
            st.page_link("pages/batches.py", label=t("upload_see_batches", lang), icon=":material/inventory_2:")
        blocked = strict and checked.rows_rejected > 0
        if blocked:
            st.warning(t("upload_strict_blocked", lang))
        elif checked.rows_loaded == 0:
            st.warning(t("upload_nothing", lang))
        st.button(
            t("upload_confirm", lang),
            type="primary",
            disabled=blocked or checked.rows_loaded == 0,
            on_click=confirm,
            args=(checked, user, lang),
            key="upload_confirm",
        )
