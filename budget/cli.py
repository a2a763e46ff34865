"""The command line: a stable contract that tests and other tools call (DESIGN.md section 5).

Exit codes: 0 done, 1 nothing done (a user error such as a locked database; the message
says why in Korean and English), 2 a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import duckdb

from budget import auth, db, export, ingest, kit, publish, queries, seed
from budget.filters import Filters
from budget.i18n import t
from budget.money import format_krw, format_rate, format_won

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m budget",
        description="산업 디지털 전환 재정 대시보드 / Industrial DX funding dashboard",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = commands.add_parser("init", help="create or migrate the database; load seed facts and demo data")
    init.add_argument("--db", help="database file (default: $BUDGET_DB or data/budget.duckdb)")
    init.add_argument("--no-demo", action="store_true", help="do not load the synthetic demo disbursements")

    importer = commands.add_parser("import", help="validate and load a disbursement file (CSV or .xlsx)")
    importer.add_argument("file", metavar="FILE")
    importer.add_argument("--db", help="database file (default: $BUDGET_DB or data/budget.duckdb)")
    importer.add_argument("--kind", choices=["disbursements", "allocations"], default="disbursements")
    importer.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    importer.add_argument("--strict", action="store_true", help="refuse the whole file on any fatal row error")
    importer.add_argument("--json", action="store_true", help="print one JSON object")
    importer.add_argument("--sheet", help=".xlsx: the sheet to read (default: the first)")
    importer.add_argument("--user", default=os.environ.get("USER", "cli"), help="who uploads (recorded)")
    importer.add_argument(
        "--source",
        help="the delivery body: applies the column mapping saved for it; payment ids are compared with its own",
    )

    mappings = commands.add_parser("mappings", help="the column mappings saved for delivery bodies (or forget one)")
    mappings.add_argument("--db", help="database file (default: $BUDGET_DB or data/budget.duckdb)")
    mappings.add_argument("--forget", metavar="NAME", help="forget the mapping saved for this body")
    mappings.add_argument("--user", default=os.environ.get("USER", "cli"), help="who forgets it (recorded)")
    mappings.add_argument("--json", action="store_true", help="print one JSON object")

    summary = commands.add_parser("summary", help="envelope, allocation and disbursement totals")
    summary.add_argument("--db", help="database file (default: $BUDGET_DB or data/budget.duckdb)")
    summary.add_argument("--json", action="store_true", help="print one JSON object")
    publisher = commands.add_parser("publish", help="write a read-only, versioned snapshot for viewer instances")
    publisher.add_argument("--out", required=True, help="the snapshot folder (created if missing)")
    publisher.add_argument("--db", help="database file (default: $BUDGET_DB or data/budget.duckdb)")
    publisher.add_argument("--json", action="store_true", help="print the snapshot's manifest")
    publisher.add_argument("--keep", type=int, help="then remove all but the newest KEEP snapshots (default: keep all)")

    hasher = commands.add_parser("hash-password", help="print the salted hash of an editor password")
    hasher.add_argument("--stdin", action="store_true", help="read the password from standard input, not a prompt")

    charts = commands.add_parser(
        "export-charts", help="write every chart of the press kit as images, with their numbers"
    )
    charts.add_argument("--out", required=True, help="folder to write into (created if missing)")
    charts.add_argument("--db", help="database file (default: $BUDGET_DB or data/budget.duckdb)")
    charts.add_argument("--lang", choices=["ko", "en"], default="ko")
    charts.add_argument("--format", choices=list(export.FORMATS), default="png")
    charts.add_argument("--size", choices=list(export.SIZES), default="slide")
    charts.add_argument("--scale", type=int, choices=list(export.SCALES), default=2, help="PNG only: 2 or 3")
    charts.add_argument("--scenario", type=int, help="a saved scenario's id (default: the plan in force)")
    charts.add_argument("--json", action="store_true", help="print one JSON object: the files written")
    return parser


def say(key: str, **values: object) -> None:
    """Print a catalogue message in Korean, then in English (the command line serves both)."""
    print(t(key, "ko", **values))
    print(t(key, "en", **values))


def cmd_init(args: argparse.Namespace) -> int:
    con = db.connect(args.db)
    try:
        result = seed.initialise(con, demo=not args.no_demo)
        status = queries.disbursement_status(con)
    finally:
        con.close()
    say("cli_database", path=db.db_path(args.db))
    steps = ", ".join(result["migrations_applied"])
    print(t("cli_migrations", "ko", steps=steps or t("cli_none", "ko")))
    print(t("cli_migrations", "en", steps=steps or t("cli_none", "en")))
    say("cli_baseline_created" if result["baseline_created"] else "cli_baseline_exists")
    if result["demo_batch_id"] is not None:
        say("cli_demo_loaded", rows=f"{status['rows_synthetic']:,}")
    return EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    con = db.open_existing(args.db, read_only=True)
    try:
        summary = queries.programme_summary(con)
    finally:
        con.close()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
        return EXIT_OK
    envelope = summary["envelope_krw"]["total"]
    allocated = summary["allocated_krw"]["total"]
    disbursed = summary["disbursed_krw"]["total"]
    plan = summary["scenario"]["name"] if summary["scenario"] else "–"
    for lang in ("ko", "en"):
        print(t("cli_envelope", lang, amount=format_krw(envelope, lang), won=f"{envelope:,}"))
        print(t("cli_allocated", lang, plan=plan, amount=format_krw(allocated, lang), won=f"{allocated:,}"))
        rate = format_rate(disbursed, envelope)
        print(t("cli_disbursed", lang, amount=format_krw(disbursed, lang), won=f"{disbursed:,}", rate=rate))
        info = summary["disbursements"]
        if info["synthetic_rows"]:
            print(t("cli_synthetic", lang, rows=f"{info['rows']:,}", synthetic=f"{info['synthetic_rows']:,}"))
    return EXIT_OK


def _import_result(status: str, issues: list, checked=None, batch_id=None) -> dict[str, object]:
    loaded = status == "loaded"
    return {
        "status": status,
        "batch_id": batch_id,
        "rows_total": checked.rows_total if checked else 0,
        "rows_loaded": checked.rows_loaded if checked and status in ("loaded", "dry-run") else 0,
        "rows_rejected": checked.rows_rejected if checked else 0,
        "amount_loaded_krw": checked.amount_krw
        if checked and checked.rows_loaded and (loaded or status == "dry-run")
        else 0,
        "issues": [issue.as_dict() for issue in issues],
    }


def _print_import(result: dict[str, object], as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    for issue in result["issues"]:
        where = " / ".join(
            t("cli_issue_row", lang, row=issue["row"]) if issue["row"] is not None else t("cli_issue_file", lang)
            for lang in ("ko", "en")
        )
        # the value expected of that row, or the rule's own; a finding of the whole file gives one
        # only where it is particular to the file (a plan's columns)
        catalogue = " / ".join(dict.fromkeys(e for e in (issue["expected"], issue["expected_en"]) if e))
        expected = issue.get("want") or (catalogue if issue["row"] is not None else "")
        want = expected and f" ({t('row_expected', 'ko')} / {t('row_expected', 'en')}: {expected})"
        print(
            f"{where} · {issue['field'] or '-'} · {issue['rule']}: {issue['message']} / {issue['message_en']}{want or ''}"
        )
    key = f"import_{result['status'].replace('-', '_')}"
    if result["status"] == "rejected" and any(i["row"] is None and i["severity"] == "fatal" for i in result["issues"]):
        key = "import_refused"  # the file itself, not its rows
    amount = int(result["amount_loaded_krw"])
    for lang in ("ko", "en"):
        # to the won beside the compact figure, where that one rounds ("4억원 = 350,500,000원")
        shown = format_krw(amount, lang)
        shown += f" = {format_won(amount, lang)}" if shown != format_won(amount, lang) else ""
        print(t(key, lang, batch=result["batch_id"],
                loaded=f"{result['rows_loaded']:,}", rejected=f"{result['rows_rejected']:,}", amount=shown))  # fmt: skip
    # payments sent again: a corrected file replaces them once their batch is reverted (as the page says)
    held = sorted({str(i["batch"]).split(" · ")[0] for i in result["issues"] if i["rule"] == "X002" and i["batch"]},
                  key=lambda n: int(n) if n.isdigit() else 0)  # fmt: skip
    if held and result["status"] != "loaded":
        say("import_resend", batches=", ".join(held))


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if not path.is_file():
        key = "import_a_folder" if path.is_dir() else "import_no_file"
        print(t(key, "ko", path=path), file=sys.stderr)
        print(t(key, "en", path=path), file=sys.stderr)
        return EXIT_USAGE
    con = db.open_existing(args.db)
    ingest.limit_memory(con)  # this process only: a 10M-row file spills to disk instead
    if args.kind == "allocations":
        try:
            return _import_plan(con, path.read_bytes(), path.name, args)
        finally:
            con.close()
    try:
        try:
            mapping = ingest.saved_mapping(con, args.source) if args.source else None
            # the path, not the bytes: a large file is read as it is needed, never held whole;
            # hold: the rows stay in DuckDB between the check and the load (one connection)
            checked = ingest.check(
                con, path, path.name, mapping_override=mapping, sheet=args.sheet, hold=True, source=args.source or None
            )
        except ingest.FileRefused as refused:
            status = "duplicate" if refused.issue.rule == "F005" else "rejected"
            _print_import(_import_result(status, [refused.issue]), args.json)
            return EXIT_FAILED
        # a dry run answers what the import would do, but for writing it: a file it would refuse
        # (no row to load, or a row error under --strict) is said to be refused
        if checked.rows_loaded == 0 or (args.strict and checked.rows_rejected):
            _print_import(_import_result("rejected", checked.issues, checked), args.json)
            return EXIT_FAILED
        if args.dry_run:
            _print_import(_import_result("dry-run", checked.issues, checked), args.json)
            return EXIT_OK
        batch_id = ingest.load(con, checked, args.user)
    except BaseException as exc:
        if _interrupted(exc):  # before the batch was committed: its transaction is rolled back
            _say_error("cli_interrupted_import")
            return EXIT_FAILED
        raise
    finally:
        con.close()
    try:
        _print_import(_import_result("loaded", checked.issues, checked, batch_id), args.json)
    except BaseException as exc:  # the batch is in: a clerk must not import it again (F005)
        if not _interrupted(exc):
            raise
        _say_error("cli_interrupted_loaded", batch=batch_id)
    return EXIT_OK


def _say_error(key: str, **values: object) -> None:
    """A catalogue message in both languages on standard error (standard output may be --json's)."""
    print(t(key, "ko", **values), file=sys.stderr)
    print(t(key, "en", **values), file=sys.stderr)


def _interrupted(exc: BaseException) -> bool:
    """Ctrl-C: Python's, or DuckDB's own inside a query ("Query interrupted")."""
    return isinstance(exc, (KeyboardInterrupt, duckdb.InterruptException)) or (
        isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower()
    )


def _import_plan(con, data: bytes, file_name: str, args: argparse.Namespace) -> int:
    try:
        plan = ingest.check_plan(con, data, file_name, sheet=args.sheet)
    except ingest.FileRefused as refused:
        status = "duplicate" if refused.issue.rule == "F005" else "rejected"
        _print_import(_import_result(status, [refused.issue]), args.json)
        return EXIT_FAILED
    if args.dry_run and not plan.rows_rejected:
        _print_import(_import_result("dry-run", plan.issues, plan), args.json)
        return EXIT_OK
    if plan.rows_rejected or plan.rows_loaded == 0:  # a plan never loads in part: a file-level refusal
        _print_import(_import_result("rejected", [*plan.issues, ingest.Issue("P005")], plan), args.json)
        return EXIT_FAILED
    batch_id, _ = ingest.load_plan(con, plan, args.user)
    _print_import(_import_result("loaded", plan.issues, plan, batch_id), args.json)
    return EXIT_OK


def cmd_export_charts(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not str(args.out).strip():
        raise db.BudgetError.of("err_out_missing")
    if out.exists() and not out.is_dir():
        raise db.BudgetError.of("err_out_not_folder", out=out)
    con = db.open_existing(args.db, read_only=True)
    try:
        if args.scenario is not None and args.scenario not in set(int(i) for i in queries.scenarios(con)["id"]):
            raise db.BudgetError.of("err_no_scenario_id", id=args.scenario)
        files = kit.export_all(con, Filters(scenario=args.scenario), args.lang, args.format, args.size, args.scale)
    finally:
        con.close()
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (out / name).write_bytes(data)
    except OSError as exc:
        raise db.BudgetError.of("err_cannot_write", out=out, error=exc) from exc
    if args.json:
        print(json.dumps({"out": str(out), "files": sorted(files)}, ensure_ascii=False, indent=2))
    else:
        say("cli_charts_written", count=sum(1 for n in files if n.endswith(f".{args.format}")), out=out)
    return EXIT_OK


def cmd_publish(args: argparse.Namespace) -> int:
    if not str(args.out).strip():
        raise db.BudgetError.of("err_out_missing")
    if args.keep is not None and args.keep < 1:
        raise db.BudgetError.of("err_keep_positive")
    con = db.open_existing(args.db)
    try:
        manifest = publish.publish(con, args.out)
        if args.keep is not None:
            publish.prune(args.out, args.keep)
    except OSError as exc:
        raise db.BudgetError.of("err_cannot_write", out=args.out, error=exc) from exc
    finally:
        con.close()
    if args.json:
        print(json.dumps(manifest, ensure_ascii=False, indent=2))
    else:
        say("cli_published", version=manifest["version"], file=Path(args.out) / manifest["file"])
    return EXIT_OK


def cmd_mappings(args: argparse.Namespace) -> int:
    """The saved column mappings; with ``--forget``, let one go (audited), as the page's button does."""
    if args.forget is not None and not args.forget.strip():
        raise db.BudgetError.of("err_source_missing")
    con = db.open_existing(args.db, read_only=args.forget is None)
    try:
        forgotten = ingest.forget_mapping(con, args.forget, args.user) if args.forget else None
        saved = ingest.saved_mappings(con)
        listed = not args.json and not args.forget  # only a list for people describes each mapping
        shown = {
            (m.source, lang): ingest.described(con, m.mapping, lang) for m in saved for lang in ("ko", "en") if listed
        }
    finally:
        con.close()
    if args.json:
        result: dict[str, object] = {
            "mappings": [
                {"source": m.source, "mapping": m.mapping, "saved_by": m.saved_by, "saved_at": m.saved_at.isoformat()}
                for m in saved
            ]
        }
        if args.forget:
            result["forgotten"] = forgotten
        print(json.dumps(result, ensure_ascii=False, indent=2))
    elif args.forget:
        say("cli_mapping_forgotten" if forgotten else "cli_mapping_not_found", source=args.forget)
    else:
        for m in saved:
            for lang in ("ko", "en"):
                print(t("cli_mapping", lang, source=m.source, fields=shown[(m.source, lang)], by=m.saved_by,
                        at=f"{m.saved_at:%Y-%m-%d %H:%M}"))  # fmt: skip
        if not saved:
            say("cli_mappings_none")
    return EXIT_FAILED if args.forget and not forgotten else EXIT_OK


def cmd_hash_password(args: argparse.Namespace) -> int:
    import getpass

    password = sys.stdin.readline().rstrip("\n") if args.stdin else getpass.getpass("password: ")
    if not password:
        say("cli_password_empty")
        return EXIT_FAILED
    print(auth.hash_password(password))
    return EXIT_OK


COMMANDS = {"init": cmd_init, "import": cmd_import, "summary": cmd_summary, "export-charts": cmd_export_charts,
            "hash-password": cmd_hash_password, "publish": cmd_publish, "mappings": cmd_mappings}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except db.BudgetError as exc:
        print(exc.bilingual(), file=sys.stderr)
        return EXIT_FAILED
    except (KeyboardInterrupt, RuntimeError, duckdb.InterruptException) as exc:
        if not _interrupted(exc):
            raise
        _say_error("cli_interrupted")  # (an import says what became of its batch)
        return EXIT_FAILED
