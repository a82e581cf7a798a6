"""Dues subcommands: ``gojokai dues bill --period 2025-04 [--dry-run]`` and ``dues arrears``."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from gojokai_desktop.cli._session import add_db_arguments, user_context


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dues = subparsers.add_parser("dues", help="会費: 請求の作成・滞納一覧の出力")
    commands = dues.add_subparsers(dest="dues_command", metavar="COMMAND")

    bill = commands.add_parser(
        "bill", help="請求月の会費請求を作成する（同じ月は二重に請求しない）"
    )
    bill.add_argument("--period", required=True, help="請求月（例: 2025-04）")
    bill.add_argument("--dry-run", action="store_true", help="書き込まずに請求内容だけ表示する")
    add_db_arguments(bill)
    bill.set_defaults(func=_run_bill)

    arrears = commands.add_parser("arrears", help="滞納一覧（Excel または PDF）")
    arrears.add_argument("--out", required=True, help="出力先 FILE.xlsx または FILE.pdf")
    arrears.add_argument("--on", help="基準日（既定: 今日。例: R7.6.1、2025-06-01）")
    add_db_arguments(arrears)
    arrears.set_defaults(func=_run_arrears)

    def _help(_args: argparse.Namespace) -> int:
        dues.print_help()
        return 2

    dues.set_defaults(func=_help)


def _run_bill(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.dues import parse_period
    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.services.dues.billing import preview_billing, run_billing

    try:
        period = parse_period(args.period)
    except ValidationError as error:
        print(str(error), file=sys.stderr)
        return 2
    with user_context(args, write=not args.dry_run) as ctx:
        preview = preview_billing(ctx, period)
        heads = sum(b.head_count for b in preview.bills)
        print(
            f"{period:%Y-%m} 請求: {len(preview.bills):,}事業所 {heads:,}人 "
            f"合計 {preview.total:,}円（請求済み {len(preview.already_billed):,}事業所）"
        )
        if args.dry_run:
            for bill in preview.bills:
                print(
                    f"  {bill.establishment_number:04d} {bill.establishment_name} {bill.amount:,}円"
                )
            print("（--dry-run: 書き込んでいません）")
            return 0
        result = run_billing(ctx, period)
    print(f"請求を作成しました: {result.bill_count:,}件 {result.total:,}円")
    return 0


def _run_arrears(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.wareki import parse_date
    from gojokai_desktop.services.dues.payments import arrears_list
    from gojokai_desktop.services.dues.printouts import export_arrears, print_arrears

    suffix = Path(args.out).suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        print(f"出力先は .xlsx / .pdf のファイルを指定してください: {args.out}", file=sys.stderr)
        return 2
    on = parse_date(args.on, "基準日") if args.on else dt.date.today()
    with user_context(args, write=False) as ctx:
        rows = arrears_list(ctx, on)
        if suffix == ".xlsx":
            export_arrears(ctx, rows, Path(args.out))
        else:
            print_arrears(ctx, rows, args.out, on=on)
    print(
        f"滞納一覧（{len(rows):,}事業所、{sum(r.balance for r in rows):,}円）"
        f"を出力しました: {args.out}"
    )
    return 0
