"""The command line: a stable contract that tests and other tools call (DESIGN.md section 5).

Exit codes: 0 done, 1 nothing done (a user error such as a locked database; the message
says why in Korean and English), 2 a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from budget import db, queries, seed
from budget.i18n import t
from budget.money import format_krw, format_rate

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

    summary = commands.add_parser("summary", help="envelope, allocation and disbursement totals")
    summary.add_argument("--db", help="database file (default: $BUDGET_DB or data/budget.duckdb)")
    summary.add_argument("--json", action="store_true", help="print one JSON object")
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


COMMANDS = {"init": cmd_init, "summary": cmd_summary}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except db.BudgetError as exc:
        print(exc.bilingual(), file=sys.stderr)
        return EXIT_FAILED
