"""Event subcommands: ``gojokai events list``, ``participants``, ``report`` and ``import``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gojokai_desktop import paths

if TYPE_CHECKING:  # the command line starts fast: services load when a command runs
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.events.views import EventRow
    from gojokai_desktop.services.maintenance import OpenedDatabase

OUT_SUFFIXES = (".xlsx", ".pdf")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    events = subparsers.add_parser(
        "events", help="研修・行事: 行事の一覧・参加者名簿・年度の実績・申込の取込"
    )
    commands = events.add_subparsers(dest="events_command", metavar="COMMAND")

    listing = commands.add_parser(
        "list", help="年度の行事: 1行に1行事（ID 開催日 行事名 定員 申込 参加 待機）"
    )
    listing.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    listing.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    listing.set_defaults(func=_run_list)

    participants = commands.add_parser("participants", help="参加者名簿を Excel か PDF に出力")
    participants.add_argument("--event", type=int, required=True, help="行事のID（list の1列目）")
    participants.add_argument("--out", required=True, help="出力先 FILE.xlsx または FILE.pdf")
    participants.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    participants.set_defaults(func=_run_participants)

    report = commands.add_parser(
        "report", help="年度の行事の実績（定員・申込数・参加者数・待機数・参加費収入・補助額）"
    )
    report.add_argument("--fiscal-year", type=int, required=True, help="年度（例: 2025）")
    report.add_argument("--out", required=True, help="出力先 FILE.xlsx または FILE.pdf")
    report.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    report.set_defaults(func=_run_report)

    imports = commands.add_parser(
        "import", help="申込書（Excel）を取り込む: 1行でも誤りがあれば何も登録しない"
    )
    imports.add_argument("file", help="申込書式の FILE.xlsx")
    imports.add_argument("--event", type=int, required=True, help="行事のID（list の1列目）")
    imports.add_argument(
        "--applied-on", help="申込日の欄が空の行の申込日（例: R7.7.1、2025-07-01。省略: 今日）"
    )
    imports.add_argument("--dry-run", action="store_true", help="確かめるだけで登録しない")
    imports.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    imports.set_defaults(func=_run_import)

    def _help(_args: argparse.Namespace) -> int:
        events.print_help()
        return 2

    events.set_defaults(func=_help)


def _context(db: str | None) -> tuple[OpenedDatabase, AppContext]:
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.maintenance import open_database

    opened = open_database(paths.resolve_database_url(db), None, lock=False)
    return opened, AppContext(opened.database)


def _out(value: str) -> Path | None:
    out = Path(value)
    if out.suffix.lower() not in OUT_SUFFIXES:
        print(f"出力先は .xlsx か .pdf のファイルを指定してください: {value}", file=sys.stderr)
        return None
    return out


def list_line(row: EventRow) -> str:
    """``12\tR7.9.20\t秋の日帰りバス旅行\t40\t48\t40\t8`` (a capacity of none is ``-``);
    the day in era, as every date the program gives out."""
    from gojokai_desktop.domain.wareki import format_wareki_short

    capacity = "-" if row.capacity is None else str(row.capacity)
    title = row.title + ("（中止）" if row.status == "cancelled" else "")
    counts = row.counts
    return (
        f"{row.id}\t{format_wareki_short(row.first_date)}\t{title}\t{capacity}\t{counts.applied}\t"
        f"{counts.participants}\t{counts.waiting}"
    )


def _run_list(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.events.views import list_events
    from gojokai_desktop.services.society import fiscal_label

    opened, ctx = _context(args.db)
    try:
        rows = list_events(ctx, args.fiscal_year)
        year = fiscal_label(ctx).year(args.fiscal_year)
    finally:
        opened.close()
    # The year as the society writes it heads the list (令和7年度); each event line starts with
    # its ID, so a script skips this line as it skips the headings.
    print(f"{year}の行事（{len(rows):,}件）")
    print("ID\t開催日\t行事名\t定員\t申込\t参加\t待機")
    for row in rows:
        print(list_line(row))
    return 0


def _run_participants(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError
    from gojokai_desktop.services.events.printouts import print_participants, roster_counts
    from gojokai_desktop.services.events.reports import export_participants

    out = _out(args.out)
    if out is None:
        return 2
    opened, ctx = _context(args.db)
    try:
        if out.suffix.lower() == ".pdf":
            print_participants(ctx, args.event, out)
        else:
            export_participants(ctx, args.event, out)
        taking_part, waiting = roster_counts(ctx, args.event)
    except (ValidationError, RuleViolation) as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        opened.close()
    on_list = f"・キャンセル待ち {waiting:,}人" if waiting else ""
    print(f"参加者名簿（参加 {taking_part:,}人{on_list}）を出力しました: {out}")
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError
    from gojokai_desktop.services.events.reports import export_year_report, print_year_report
    from gojokai_desktop.services.society import fiscal_label

    out = _out(args.out)
    if out is None:
        return 2
    opened, ctx = _context(args.db)
    try:
        year = fiscal_label(ctx).year(args.fiscal_year)
        if out.suffix.lower() == ".pdf":
            count = print_year_report(ctx, args.fiscal_year, out).records
        else:
            count = export_year_report(ctx, args.fiscal_year, out)
    except (ValidationError, RuleViolation) as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        opened.close()
    print(f"{year}の行事の実績（{count:,}件）を出力しました: {out}")
    return 0


def _run_import(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError
    from gojokai_desktop.domain.wareki import parse_date
    from gojokai_desktop.services.events.importer import check_import, import_applications

    try:
        applied_on = parse_date(args.applied_on, "申込日") if args.applied_on else None
    except ValidationError as error:
        print(str(error), file=sys.stderr)
        return 2
    opened, ctx = _context(args.db)
    try:
        run = check_import if args.dry_run else import_applications
        summary = run(ctx, args.event, Path(args.file), applied_on)
    except (ValidationError, RuleViolation) as error:
        print(error.message, file=sys.stderr)
        return 1
    finally:
        opened.close()
    print(summary.message)
    return 0
