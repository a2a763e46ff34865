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


def cmd_init(args: argparse.Namespace) -> int:
    con = db.connect(args.db)
    try:
        result = seed.initialise(con, demo=not args.no_demo)
        status = queries.disbursement_status(con)
    finally:
        con.close()
    path = db.db_path(args.db)
    steps = ", ".join(result["migrations_applied"]) or "none / 없음"
    print(f"database / 데이터베이스: {path}")
    print(f"migrations applied / 적용한 마이그레이션: {steps}")
    print(
        f"baseline created / 기준안 생성: {'yes / 예' if result['baseline_created'] else 'already there / 이미 있음'}"
    )
    if result["demo_batch_id"] is not None:
        print(
            f"synthetic demo batch loaded / 합성 데모 배치 적재: {status['rows_synthetic']:,} rows (SYNTHETIC / 합성)"
        )
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
    print(f"envelope / 총 지원 규모: {format_krw(envelope)} ({envelope:,} won)")
    plan_name = summary["scenario"]["name"] if summary["scenario"] else "none / 없음"
    print(f"allocated / 배분 ({plan_name}): {format_krw(allocated)} ({allocated:,} won)")
    print(f"disbursed / 집행: {format_krw(disbursed)} ({disbursed:,} won), {format_rate(disbursed, envelope)}")
    info = summary["disbursements"]
    if info["synthetic_rows"]:
        print(
            f"note / 주의: {info['synthetic_rows']:,} of {info['rows']:,} disbursement rows are SYNTHETIC demo data / 합성 데모 데이터"
        )
    return EXIT_OK


COMMANDS = {"init": cmd_init, "summary": cmd_summary}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except db.BudgetError as exc:
        print(exc.bilingual(), file=sys.stderr)
        return EXIT_FAILED
