"""Member subcommands: ``gojokai import members FILE`` and ``gojokai export members``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gojokai_desktop.cli._session import EXIT_USAGE, add_db_arguments, user_context

if TYPE_CHECKING:
    from gojokai_desktop.services.context import AppContext

    _Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def _verb(subparsers: _Subparsers, name: str, help_text: str) -> _Subparsers:
    """The ``import``/``export`` verb, shared with other areas that add their own targets."""
    parser = subparsers.choices.get(name)
    if parser is None:
        parser = subparsers.add_parser(name, help=help_text)
        nested = parser.add_subparsers(dest="target", metavar="TARGET")
        parser.set_defaults(func=lambda _a, p=parser: (p.print_help(), 2)[1])
        parser.set_defaults(_targets=nested)
    targets: _Subparsers = parser.get_default("_targets")
    return targets


def register(subparsers: _Subparsers) -> None:
    members = _verb(subparsers, "import", "ファイルから取り込む").add_parser(
        "members", help="会員名簿（Excel/CSV）を取り込む"
    )
    members.add_argument("file", help="取り込むファイル（.xlsx / .csv）")
    members.add_argument("--sheet", help="シート名（既定: 最初のシート）")
    members.add_argument("--dry-run", action="store_true", help="確認だけして書き込まない")
    members.add_argument(
        "--on-duplicate", choices=("skip", "update", "add"), default="skip",
        help="重複した行の扱い（既定: skip）",
    )  # fmt: skip
    members.add_argument(
        "--refuse-unknown-establishments", action="store_true",
        help="登録されていない事業所の行は取り込まない（既定: 事業所を作る）",
    )  # fmt: skip
    members.add_argument(
        "--join-date",
        help="入会日の列がない（空欄の）行の入会日（例: R7.4.1）。"
        "既定: 入会日の列がなければ今年度の初日",
    )
    add_db_arguments(members)
    members.set_defaults(func=_run_import)

    export = _verb(subparsers, "export", "ファイルに書き出す").add_parser(
        "members", help="会員名簿を書き出す"
    )
    export.add_argument("--format", choices=("xlsx", "csv"), default="xlsx")
    export.add_argument("--out", required=True, help="出力先のファイル")
    export.add_argument("--include-former", action="store_true", help="退会者も含める")
    export.add_argument("--encoding", choices=("utf-8-sig", "cp932"), default="utf-8-sig",
                        help="CSVの文字コード（既定: BOM付きUTF-8）")  # fmt: skip
    add_db_arguments(export)
    export.set_defaults(func=_run_export)


def _run_import(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.errors import (
        DatabaseProblem,
        PermissionDenied,
        RuleViolation,
        ValidationError,
    )
    from gojokai_desktop.services.members.import_read import (
        columns_for,
        guess_header_row,
        read_table,
        refused_message,
    )
    from gojokai_desktop.services.members.import_sheets import read_companions

    # The file is read (and refused, if hostile) before the database is opened.
    path = Path(args.file)
    table = read_table(path, args.sheet)
    columns = columns_for(table, guess_header_row(table))
    companions = read_companions(path)
    for message in [*table.messages, *refused_message(columns)]:
        print(message, file=sys.stderr)
    for error in companions.errors:
        print(str(error), file=sys.stderr)
    # A new database is made by the import (its 互助会 sheet sets the society up).
    with user_context(args, write=not args.dry_run, create=True) as ctx:
        try:
            counts = _import_into(ctx, args, table, columns, companions)
        except (PermissionDenied, DatabaseProblem):
            raise
        except (ValidationError, RuleViolation) as exc:
            # What the roster lacks (a society profile, a join date): each line, then 2.
            for line in str(exc).splitlines():
                print(line, file=sys.stderr)
            return EXIT_USAGE
    return 1 if counts["refuse"] or columns.refused or companions.errors else 0


def _import_into(
    ctx: AppContext, args: argparse.Namespace, table: Any, columns: Any, companions: Any
) -> dict[str, int]:
    from gojokai_desktop.domain.wareki import format_wareki, parse_date
    from gojokai_desktop.services.members.importer import (
        default_join_dates,
        prepare_import,
        run_import,
    )

    join_date = parse_date(args.join_date, "--join-date") if args.join_date else None
    if join_date is None and "join_date" not in columns.mapping:
        label, join_date = default_join_dates(ctx)[0]
        print(f"入会日の列がないため、全員の入会日を{label}（{format_wareki(join_date)}）に"
              "します（--join-date で変えられます）。")  # fmt: skip
    plan = prepare_import(
        ctx, table, columns, on_duplicate=args.on_duplicate,
        create_establishments=not args.refuse_unknown_establishments,
        default_join_date=join_date, companions=companions,
    )  # fmt: skip
    for row in plan.rows:
        for error in row.errors:
            print(str(error), file=sys.stderr)
    counts = plan.counts()
    if args.dry_run:
        print(
            f"確認のみ: 追加 {counts['add']:,}・更新 {counts['update']:,}・"
            f"スキップ {counts['skip']:,}・取り込まない {counts['refuse']:,}"
        )
    else:
        summary = run_import(ctx, plan)
        print(
            f"取り込みました: 追加 {summary.added:,}・更新 {summary.updated:,}・"
            f"スキップ {summary.skipped:,}・取り込まない {summary.refused:,}"
            f"・新しい事業所 {summary.establishments_created:,}・家族 {summary.family_added:,}"
        )
    if plan.new_establishments:
        print(f"新しい事業所: {'、'.join(plan.new_establishments)}")
    return counts


def _run_export(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.members.export import export_members

    with user_context(args, write=False) as ctx:
        count = export_members(
            ctx, Path(args.out), fmt=args.format,
            include_former=args.include_former, csv_encoding=args.encoding,
        )  # fmt: skip
    print(f"会員名簿を書き出しました: {args.out}（{count:,} 人）")
    return 0
