"""Ticket subcommands: ``gojokai tickets items | rounds | report | orders | stock | check |
import | copy-items``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from gojokai_desktop import paths

if TYPE_CHECKING:  # the command line starts fast: services load when a command runs
    from gojokai_desktop.services.context import AppContext

DB_HELP = "データベースのファイル（またはSQLAlchemy URL）"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tickets = subparsers.add_parser(
        "tickets", help="斡旋: 品目・回の一覧、斡旋実績・申込一覧・在庫の出力、出納帳との照合"
    )
    commands = tickets.add_subparsers(dest="tickets_command", metavar="COMMAND")

    def command(
        name: str, text: str, run: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        parser = commands.add_parser(name, help=text)
        parser.add_argument("--db", help=DB_HELP)
        parser.set_defaults(func=run)
        return parser

    items = command("items", "年度の品目一覧（価格・補助額・上限・区分）", _run_items)
    items.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    rounds = command("rounds", "年度の申込の回（期間・状態・申込数）", _run_rounds)
    rounds.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    report = command("report", "斡旋実績（品目別）を Excel または PDF に出力", _run_report)
    report.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    report.add_argument("--out", required=True, help="出力先 FILE.xlsx または FILE.pdf")
    orders = command("orders", "申込一覧（会員・品目ごと）を Excel に出力", _run_orders)
    orders.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    orders.add_argument("--out", required=True, help="出力先 FILE.xlsx")
    stock = command("stock", "在庫表を Excel または PDF に出力", _run_stock)
    stock.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    stock.add_argument("--on", help="基準日（既定: 今日。例: R7.6.30、2025-06-30）")
    stock.add_argument("--out", required=True, help="出力先 FILE.xlsx または FILE.pdf")
    check = command("check", "斡旋実績と出納帳を照合する（違いがあれば終了コード 1）", _run_check)
    check.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    importer = command(
        "import",
        "事業所の申込書（Excel）を取り込む（1行でも誤りがあれば何も保存しない）",
        _run_import,
    )
    importer.add_argument("file", help="申込書の FILE.xlsx")
    importer.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    importer.add_argument("--round", type=int, required=True, help="回（例: 1）")
    copy = command("copy-items", "前年度の品目を新しい年度にコピーする", _run_copy)
    copy.add_argument("--from-year", type=int, required=True, help="コピー元の年度")
    copy.add_argument("--to-year", type=int, required=True, help="コピー先の年度")

    def _help(_args: argparse.Namespace) -> int:
        tickets.print_help()
        return 2

    tickets.set_defaults(func=_help)


def _with_context(args: argparse.Namespace, work: Callable[[AppContext], int]) -> int:
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.maintenance import open_database

    opened = open_database(paths.resolve_database_url(args.db), None, lock=False)
    try:
        return work(AppContext(opened.database))
    except (ValidationError, RuleViolation) as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        opened.close()


def _suffix(out: str, allowed: tuple[str, ...]) -> str | None:
    suffix = Path(out).suffix.lower()
    if suffix not in allowed:
        print(
            f"出力先は {' / '.join(allowed)} のファイルを指定してください: {out}", file=sys.stderr
        )
        return None
    return suffix


def _run_items(args: argparse.Namespace) -> int:
    def work(ctx: AppContext) -> int:
        from gojokai_desktop.services.tickets.items import list_items

        items = list_items(ctx, args.fiscal_year)
        if not items:
            print(f"{args.fiscal_year}年度の品目はありません。", file=sys.stderr)
            return 1
        print("区分\t品名\t定価\t会員価格\t補助額\t上限\t印")
        for item in items:
            child = item.child_prices
            prices = [(item.adult_prices, "大人" if child else "")] + (
                [(child, "小人")] if child else []
            )
            for price, label in prices:
                name = f"{item.name}（{label}）" if label else item.name
                print(f"{item.category}\t{name}\t{price.face:,}\t{price.member:,}\t"
                      f"{price.subsidy:,}\t{item.cap_text}\t{item.flags}")  # fmt: skip
        return 0

    return _with_context(args, work)


def _run_rounds(args: argparse.Namespace) -> int:
    def work(ctx: AppContext) -> int:
        from gojokai_desktop.services.tickets.rounds import list_rounds

        for r in list_rounds(ctx, args.fiscal_year):
            orders = f"申込 {r.orders:,}件（{r.members:,}人）"
            print(f"{r.title}\t{r.period_text}\t{r.status_label}\t{orders}")
        return 0

    return _with_context(args, work)


def _run_report(args: argparse.Namespace) -> int:
    suffix = _suffix(args.out, (".xlsx", ".pdf"))
    if suffix is None:
        return 2

    def work(ctx: AppContext) -> int:
        from gojokai_desktop.services.tickets.listings import export_year_report, print_year_report
        from gojokai_desktop.services.tickets.report import year_report

        report = year_report(ctx, args.fiscal_year)
        if suffix == ".xlsx":
            export_year_report(ctx, args.fiscal_year, Path(args.out))
        else:
            print_year_report(ctx, args.fiscal_year, args.out)
        sales, subsidy = report.total("sales_yen"), report.total("subsidy_yen")
        print(
            f"{report.label} 斡旋実績（{len(report.rows)}品目、販売額 {sales:,}円、"
            f"補助額 {subsidy:,}円）を出力しました: {args.out}"
        )
        return 0

    return _with_context(args, work)


def _run_orders(args: argparse.Namespace) -> int:
    if _suffix(args.out, (".xlsx",)) is None:
        return 2

    def work(ctx: AppContext) -> int:
        from gojokai_desktop.services.tickets.listings import export_member_orders

        count = export_member_orders(ctx, args.fiscal_year, Path(args.out))
        print(f"申込一覧（{count:,}行）を出力しました: {args.out}")
        return 0

    return _with_context(args, work)


def _run_stock(args: argparse.Namespace) -> int:
    suffix = _suffix(args.out, (".xlsx", ".pdf"))
    if suffix is None:
        return 2

    def work(ctx: AppContext) -> int:
        from gojokai_desktop.domain.wareki import parse_date
        from gojokai_desktop.services.tickets.listings import export_stock, print_stock_report

        on = parse_date(args.on, "基準日") if args.on else None
        if suffix == ".xlsx":
            export_stock(ctx, args.fiscal_year, Path(args.out), on)
        else:
            print_stock_report(ctx, args.fiscal_year, args.out, on)
        print(f"在庫表を出力しました: {args.out}")
        return 0

    return _with_context(args, work)


def _run_check(args: argparse.Namespace) -> int:
    def work(ctx: AppContext) -> int:
        from gojokai_desktop.services.tickets.report import reconcile

        result = reconcile(ctx, args.fiscal_year)
        for name, amount in result.item_totals.items():
            print(f"{name}: {amount:,}円")
        if result.agrees:
            print("斡旋実績は出納帳と一致しています。")
            return 0
        for line in result.differences:
            print(line, file=sys.stderr)
        return 1

    return _with_context(args, work)


def _run_import(args: argparse.Namespace) -> int:
    def work(ctx: AppContext) -> int:
        from gojokai_desktop.services.tickets.order_import import import_orders
        from gojokai_desktop.services.tickets.rounds import list_rounds

        rounds = [r for r in list_rounds(ctx, args.fiscal_year) if r.number == args.round]
        if not rounds:
            print(f"{args.fiscal_year}年度 第{args.round}回はありません。", file=sys.stderr)
            return 1
        result = import_orders(ctx, rounds[0].id, Path(args.file))
        print(f"{result.rows:,}人分を取り込みました: {result.orders.text}")
        return 0

    return _with_context(args, work)


def _run_copy(args: argparse.Namespace) -> int:
    def work(ctx: AppContext) -> int:
        from gojokai_desktop.services.tickets.items import copy_items

        count = copy_items(ctx, args.from_year, args.to_year)
        print(f"{args.from_year}年度の品目 {count}件を{args.to_year}年度にコピーしました。")
        return 0

    return _with_context(args, work)
