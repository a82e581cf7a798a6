"""Accounts subcommands: the running status (収支状況) and the cash book (出納帳) as files."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from gojokai_desktop.cli._session import add_db_arguments, user_context


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    accounts = subparsers.add_parser("accounts", help="会計: 収支状況・出納帳を出力する")
    commands = accounts.add_subparsers(dest="accounts_command", metavar="COMMAND")

    status = commands.add_parser("status", help="収支状況（PDFまたはExcel）")
    status.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    status.add_argument("--until", help="集計日（例: R7.10.31、2025-10-31）")
    status.add_argument("--account", default="general", help="会計コード（既定: general）")
    status.add_argument("--unit", choices=("円", "千円"), default="円")
    status.add_argument("--out", required=True, help="出力先 FILE.pdf または FILE.xlsx")
    add_db_arguments(status, user=False)
    status.set_defaults(func=_run_status)

    cashbook = commands.add_parser("cashbook", help="出納帳（Excel）")
    cashbook.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    cashbook.add_argument("--out", required=True, help="出力先 FILE.xlsx または FILE.pdf")
    add_db_arguments(cashbook)
    cashbook.set_defaults(func=_run_cashbook)

    def _help(_args: argparse.Namespace) -> int:
        accounts.print_help()
        return 2

    accounts.set_defaults(func=_help)


def _suffix(out: str, allowed: tuple[str, ...]) -> str | None:
    suffix = Path(out).suffix.lower()
    if suffix not in allowed:
        print(
            f"出力先は {' / '.join(allowed)} のファイルを指定してください: {out}", file=sys.stderr
        )
        return None
    return suffix


def _run_status(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.wareki import parse_date
    from gojokai_desktop.exports.accounts import write_accounts_table
    from gojokai_desktop.printing.accounts import render_accounts_table
    from gojokai_desktop.services.accounts.budget_report import running_status

    suffix = _suffix(args.out, (".pdf", ".xlsx"))
    if suffix is None:
        return 2
    until = parse_date(args.until, "集計日") if args.until else dt.date.today()
    with user_context(args, write=False, personal=False) as ctx:
        table = running_status(
            ctx, fiscal_year=args.fiscal_year, until=until, account=args.account, unit=args.unit
        )
        if suffix == ".pdf":
            render_accounts_table(table, args.out, printed_on=dt.date.today())
        else:
            write_accounts_table(table, args.out, printed_on=dt.date.today())
    print(f"{table.title}を出力しました: {args.out}")
    return 0


def _run_cashbook(args: argparse.Namespace) -> int:
    from gojokai_desktop.exports.accounts import write_cash_book
    from gojokai_desktop.printing.accounts import render_cash_book
    from gojokai_desktop.services.accounts.cashbook import cash_book
    from gojokai_desktop.services.society import load_profile

    suffix = _suffix(args.out, (".xlsx", ".pdf"))
    if suffix is None:
        return 2
    with user_context(args, write=False) as ctx:
        profile = load_profile(ctx)
        if profile is None:
            print("団体の設定がされていないデータベースです。", file=sys.stderr)
            return 1
        calendar = profile.calendar
        page = cash_book(
            ctx,
            start=calendar.first_day(args.fiscal_year),
            end=calendar.last_day(args.fiscal_year),
        )
        if suffix == ".xlsx":
            write_cash_book(page, args.out, society=profile.name)
        else:
            render_cash_book(page, args.out, printed_on=dt.date.today(), society=profile.name)
    print(f"出納帳（{len(page.rows):,}件）を出力しました: {args.out}")
    return 0
