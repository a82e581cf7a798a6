"""``gojokai audit verify`` (walk the chain, compare every row) and ``gojokai audit list``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gojokai_desktop.cli._session import EXIT_RULE, add_db_arguments, user_context


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    audit = subparsers.add_parser("audit", help="監査ログ: 検証・一覧・出力")
    commands = audit.add_subparsers(dest="audit_command", metavar="COMMAND")

    verify = commands.add_parser(
        "verify",
        help="監査ログのつながりをたどり、すべての記録を監査ログと照合する"
        "（プログラムの外での変更・削除を見つける）",
    )
    add_db_arguments(verify)
    verify.add_argument("--all", action="store_true", help="見つかったものをすべて表示する")
    verify.set_defaults(func=_run_verify)

    listing = commands.add_parser("list", help="監査ログの一覧（画面に表示、または出力）")
    listing.add_argument("--from", dest="start", help="この日から（例: R7.4.1）")
    listing.add_argument("--to", dest="end", help="この日まで")
    listing.add_argument("--by", dest="who", default="", help="利用者名（一部でも可）")
    listing.add_argument("--table", default="", help="表の名前（例: members）")
    listing.add_argument("--record", default="", help="記録の番号（例: 12）")
    listing.add_argument("--out", help="出力先 FILE.xlsx または FILE.csv（省略: 画面に表示）")
    add_db_arguments(listing)
    listing.set_defaults(func=_run_list)

    def _help(_args: argparse.Namespace) -> int:
        audit.print_help()
        return 2

    audit.set_defaults(func=_help)


def _run_verify(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.audit import verify_trail

    with user_context(args, write=False) as ctx:
        result = verify_trail(ctx)
    print(
        f"監査ログ {result.entries:,} 件をたどり、{result.tables} 表 {result.rows:,} 行を"
        "記録と照合しました。"
    )
    if result.ok:
        print("結果: 書き換えは見つかりませんでした")
        return 0
    if result.first_broken_entry is not None:
        print(f"最初に壊れている監査ログ: {result.first_broken_entry}番", file=sys.stderr)
    shown = result.findings if args.all else result.findings[:20]
    for finding in shown:
        print(f"  - {finding.message}", file=sys.stderr)
    hidden = result.total_findings - len(shown)
    if hidden > 0:
        print(f"  ほかに {hidden:,} 件（--all ですべて）", file=sys.stderr)
    if not result.sealed:
        print(
            "  監査ログはまだ封印されていません（画面で一度開いてください）。",
            file=sys.stderr,
        )
    print(f"結果: {result.total_findings:,} 件の問題があります", file=sys.stderr)
    return EXIT_RULE


def _run_list(args: argparse.Namespace) -> int:
    from gojokai_desktop.domain.wareki import parse_date
    from gojokai_desktop.services.audit import AuditFilter, export_entries, list_entries

    wanted = AuditFilter(
        start=parse_date(args.start, "開始日") if args.start else None,
        end=parse_date(args.end, "終了日") if args.end else None,
        user=args.who,
        entity=args.table,
        record=args.record,
    )
    with user_context(args, write=False) as ctx:
        rows = list_entries(ctx, wanted)
        if args.out:
            out = Path(args.out)
            fmt = "csv" if out.suffix.lower() == ".csv" else "xlsx"
            lines = export_entries(ctx, rows, out, fmt)
            print(f"監査ログ {len(rows):,} 件（{lines:,} 行）を出力しました: {out}")
            return 0
    for row in rows:
        print(
            f"{row.id}\t{row.at:%Y-%m-%d %H:%M}\t{row.user_name}\t{row.action}\t"
            f"{row.operation_label}\t{row.entity_label}\t{row.entity_id}\t{row.summary}"
        )
    print(f"（{len(rows):,} 件）", file=sys.stderr)
    return 0
