"""Benefit subcommands: ``gojokai benefits due``, ``benefits batches`` and ``benefits zengin``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gojokai_desktop.cli._session import add_db_arguments, user_context

if TYPE_CHECKING:  # the command line starts fast: services load when a command runs
    from gojokai_desktop.services.benefits.batch_views import BatchRow


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    benefits = subparsers.add_parser(
        "benefits", help="慶弔給付: 該当者一覧・支払の一覧・全銀ファイルの出力"
    )
    commands = benefits.add_subparsers(dest="benefits_command", metavar="COMMAND")

    due = commands.add_parser(
        "due", help="該当者一覧（入学・成人・長寿・銀婚・永年）を Excel に出力"
    )
    due.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    due.add_argument("--out", required=True, help="出力先 FILE.xlsx")
    add_db_arguments(due)
    due.set_defaults(func=_run_due)

    batches = commands.add_parser("batches", help="支払（振込・現金）の一覧: 1行に1回の支払")
    batches.add_argument("--fiscal-year", type=int, help="年度（省略: すべて）")
    add_db_arguments(batches, user=False)
    batches.set_defaults(func=_run_batches)

    zengin = commands.add_parser(
        "zengin", help="確定した支払の全銀（総合振込）ファイルを出力（上書きはしない）"
    )
    zengin.add_argument("--batch", required=True, help="支払番号（例: R7-支03）または内部番号")
    zengin.add_argument("--out", required=True, help="出力先 FILE.txt")
    add_db_arguments(zengin)
    zengin.set_defaults(func=_run_zengin)

    def _help(_args: argparse.Namespace) -> int:
        benefits.print_help()
        return 2

    benefits.set_defaults(func=_help)


def _run_due(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.benefits.due import due_list
    from gojokai_desktop.services.benefits.due_print import write_due_workbook

    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        print(f"出力先は .xlsx のファイルを指定してください: {args.out}", file=sys.stderr)
        return 2
    with user_context(args, write=False) as ctx:
        listed = due_list(ctx, args.fiscal_year)
        write_due_workbook(ctx, listed, out)
    unclaimed = len(listed.unclaimed)
    print(
        f"該当者一覧（{len(listed.rows):,}件 うち未請求 {unclaimed:,}件、"
        f"合計 {listed.total_amount:,}円）を出力しました: {args.out}"
    )
    return 0


def _batch_line(row: BatchRow) -> str:
    return (
        f"{row.number}\t{row.payment_date:%Y-%m-%d}\t{row.status_label}\t"
        f"{row.claim_count:,}件\t{row.total_amount:,}円\t"
        f"（振込 {row.transfer_count:,}件 {row.transfer_total:,}円）"
    )


def _run_batches(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.benefits.batch_views import list_batches

    with user_context(args, write=False, personal=False) as ctx:
        rows = list_batches(ctx, args.fiscal_year)
    if not rows:
        print("支払はありません。")
        return 0
    print("支払番号\t支払日\t状態\t件数\t金額")
    for row in sorted(rows, key=lambda r: (r.fiscal_year, r.number)):
        print(_batch_line(row))
    return 0


def _find_batch(rows: list[BatchRow], wanted: str) -> BatchRow | None:
    """The batch by its printed number (R7-支03) or by its id."""
    for row in rows:
        if row.number == wanted or (wanted.isdigit() and row.id == int(wanted)):
            return row
    return None


def _run_zengin(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.benefits.batch_views import list_batches
    from gojokai_desktop.services.benefits.zengin import write_zengin

    with user_context(args, write=True) as ctx:
        row = _find_batch(list_batches(ctx), args.batch.strip())
        if row is None:
            print(
                f"支払「{args.batch}」はありません（gojokai benefits batches で確認）",
                file=sys.stderr,
            )
            return 1
        written = write_zengin(ctx, row.id, Path(args.out))
    print(
        f"全銀ファイルを出力しました: {written.path}（{row.number} 振込 {written.count:,}件 "
        f"{written.total:,}円、{written.size:,}バイト）"
    )
    return 0
