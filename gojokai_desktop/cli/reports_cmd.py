"""Reports subcommands: 収支決算書, 事業報告, 総会資料 and 中間報告 as files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from gojokai_desktop.cli._session import open_context

if TYPE_CHECKING:  # the command line starts fast: services load when a command runs
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.maintenance import OpenedDatabase


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    reports = subparsers.add_parser(
        "reports", help="報告: 収支決算書・事業報告・総会資料を出力する"
    )
    commands = reports.add_subparsers(dest="reports_command", metavar="COMMAND")

    def common(parser: argparse.ArgumentParser, suffixes: str) -> None:
        parser.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
        parser.add_argument("--out", required=True, help=f"出力先 {suffixes}")
        parser.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")

    settlement = commands.add_parser("settlement", help="収支決算書と財産目録（PDFまたはExcel）")
    common(settlement, "FILE.pdf または FILE.xlsx")
    settlement.add_argument("--unit", choices=("円", "千円"), default="円")
    settlement.set_defaults(func=_run_settlement)

    activity = commands.add_parser("activity", help="事業報告（PDF）")
    common(activity, "FILE.pdf")
    activity.set_defaults(func=_run_activity)

    packet = commands.add_parser("packet", help="総会資料（PDF）")
    common(packet, "FILE.pdf")
    packet.add_argument("--unit", choices=("円", "千円"), default="円")
    packet.set_defaults(func=_run_packet)

    interim = commands.add_parser("interim", help="収支中間報告（PDF）")
    common(interim, "FILE.pdf")
    interim.add_argument("--month", type=int, default=10, help="何月末までか（既定: 10）")
    interim.add_argument("--unit", choices=("円", "千円"), default="円")
    interim.set_defaults(func=_run_interim)

    def _help(_args: argparse.Namespace) -> int:
        reports.print_help()
        return 2

    reports.set_defaults(func=_help)


def _context(args: argparse.Namespace) -> tuple[OpenedDatabase, AppContext]:
    """Opened as the program does; the reports are the society's published figures."""
    return open_context(args, write=False, personal=False)


def _suffix(out: str, allowed: tuple[str, ...]) -> str | None:
    suffix = Path(out).suffix.lower()
    if suffix not in allowed:
        print(
            f"出力先は {' / '.join(allowed)} のファイルを指定してください: {out}", file=sys.stderr
        )
        return None
    return suffix


def _run(
    args: argparse.Namespace,
    allowed: tuple[str, ...],
    what: str,
    write: Callable[[AppContext, str], object],
) -> int:
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError

    suffix = _suffix(args.out, allowed)
    if suffix is None:
        return 2
    opened, ctx = _context(args)
    try:
        write(ctx, suffix)
    except (ValidationError, RuleViolation) as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        opened.close()
    print(f"{what}を出力しました: {args.out}")
    return 0


def _run_settlement(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.reports.printouts import export_settlement, print_settlement

    def write(ctx: AppContext, suffix: str) -> None:
        if suffix == ".pdf":
            print_settlement(ctx, args.fiscal_year, Path(args.out), unit=args.unit)
        else:
            export_settlement(ctx, args.fiscal_year, Path(args.out), unit=args.unit)

    return _run(args, (".pdf", ".xlsx"), "収支決算書", write)


def _run_activity(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.reports.printouts import print_activity

    def write(ctx: AppContext, _suffix: str) -> None:
        print_activity(ctx, args.fiscal_year, Path(args.out))

    return _run(args, (".pdf",), "事業報告", write)


def _run_packet(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.reports.printouts import print_packet

    def write(ctx: AppContext, _suffix: str) -> None:
        print_packet(ctx, args.fiscal_year, Path(args.out), unit=args.unit)

    return _run(args, (".pdf",), "総会資料", write)


def _run_interim(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.reports.interim import print_interim

    def write(ctx: AppContext, _suffix: str) -> None:
        print_interim(ctx, args.fiscal_year, Path(args.out), month=args.month, unit=args.unit)

    return _run(args, (".pdf",), "収支中間報告", write)
