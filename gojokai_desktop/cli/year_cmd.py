"""Year subcommands: the checklist before the close (年度締め), the close and the re-opening."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from gojokai_desktop import paths
from gojokai_desktop.cli._session import add_db_arguments, open_context

if TYPE_CHECKING:  # the command line starts fast: services load when a command runs
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.maintenance import OpenedDatabase


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    year = subparsers.add_parser("year", help="年度締め: 締める前の確認・締め・再開")
    commands = year.add_subparsers(dest="year_command", metavar="COMMAND")

    check = commands.add_parser("check", help="締める前の確認（止める項目があれば終了コード1）")
    check.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    check.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    check.set_defaults(func=_run_check)

    close = commands.add_parser("close", help="年度を締める（管理者。締める前にバックアップ）")
    close.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    close.add_argument(
        "--server-backup-done",
        action="store_true",
        help="サーバーのデータベース: サーバー側でバックアップを取った（pg_dumpを取らない）",
    )
    add_db_arguments(close)
    close.set_defaults(func=_run_close)

    reopen = commands.add_parser("reopen", help="締めた年度を再開する（管理者。理由が必要）")
    reopen.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    reopen.add_argument("--reason", required=True, help="再開する理由")
    add_db_arguments(reopen)
    reopen.set_defaults(func=_run_reopen)

    def _help(_args: argparse.Namespace) -> int:
        year.print_help()
        return 2

    year.set_defaults(func=_help)


def _open(args: argparse.Namespace, *, write: bool) -> tuple[OpenedDatabase, AppContext]:
    """The database (locked for a write, as the program does) and the user logged in."""
    return open_context(args, write=write, personal=False)


def _guarded(run: Callable[[], int]) -> int:
    from gojokai_desktop.db.lock import DatabaseLockedError
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError

    try:
        result = run()
    except (ValidationError, RuleViolation, DatabaseLockedError) as error:
        print(str(error), file=sys.stderr)
        return 1
    return result


def _run_check(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.accounts.year_close import year_checklist

    def run() -> int:
        opened, ctx = _open(args, write=False)
        try:
            checklist = year_checklist(ctx, args.fiscal_year)
        finally:
            opened.close()
        state = "締め済み" if checklist.status == "closed" else "締めていません"
        print(f"{checklist.label}（{state}）")
        if checklist.status == "closed":
            print("この年度は締め済みです（再開は gojokai year reopen）。")
        elif not checklist.items:
            print("確認する項目はありません。締めることができます。")
        for item in checklist.items:
            mark = "×" if item.blocking else "△"
            print(f"{mark} {item.title}　{item.screen}")
            print(f"    {item.detail}")
        if checklist.blocking:
            print(f"締められません: 止める項目が {len(checklist.blocking)} 件あります（×）。")
            return 1
        return 0

    return _guarded(run)


def _run_close(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.accounts.year_close import close_year, describe_carry

    def run() -> int:
        opened, ctx = _open(args, write=True)
        try:
            result = close_year(
                ctx,
                args.fiscal_year,
                backup_dir=paths.backup_dir(),
                server_backup_confirmed=args.server_backup_done,
            )
        finally:
            opened.close()
        print(describe_carry(result))
        return 0

    return _guarded(run)


def _run_reopen(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.accounts.year_close import reopen_year

    def run() -> int:
        opened, ctx = _open(args, write=True)
        try:
            reopen_year(ctx, args.fiscal_year, args.reason)
        finally:
            opened.close()
        print(f"{args.fiscal_year}年度を再開しました（理由: {args.reason}）。")
        return 0

    return _guarded(run)
