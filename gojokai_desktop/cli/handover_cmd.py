"""``gojokai handover export FILE`` / ``gojokai handover import FILE``: 引継ぎ to the next PC."""

from __future__ import annotations

import argparse
from pathlib import Path

from gojokai_desktop import paths
from gojokai_desktop.cli._session import (
    EXIT_USAGE,
    CommandError,
    add_db_arguments,
    user_context,
)


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    handover = subparsers.add_parser(
        "handover", help="引継ぎ: データベース・独自の様式・設定を1つのファイルにまとめる／読み込む"
    )
    commands = handover.add_subparsers(dest="handover_command", metavar="COMMAND")

    export = commands.add_parser("export", help="引継ぎファイルを作る（管理者）")
    export.add_argument("file", metavar="FILE", help="作るファイル（例: 引継ぎ.gojokai）")
    add_db_arguments(export)
    export.set_defaults(func=_run_export)

    load = commands.add_parser(
        "import",
        help="引継ぎファイルを読み込む（今のデータベースは先にバックアップ）",
    )
    load.add_argument("file", metavar="FILE", help="引継ぎファイル")
    load.add_argument("--check", action="store_true", help="確かめるだけで読み込まない")
    add_db_arguments(load)
    load.set_defaults(func=_run_import)

    def _help(_args: argparse.Namespace) -> int:
        handover.print_help()
        return 2

    handover.set_defaults(func=_help)


def _run_export(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.handover import export_handover

    target = Path(args.file)
    if target.exists():
        raise CommandError(f"{target} は既にあります。別の名前にしてください。", EXIT_USAGE)
    with user_context(args, write=False) as ctx:
        summary = export_handover(ctx, target, paths.data_dir())
    print(
        f"引継ぎファイルを作りました: {target}（{summary.society}、会員 {summary.members:,} 人、"
        f"独自の様式 {len(summary.forms)} 件）"
    )
    return 0


def _run_import(args: argparse.Namespace) -> int:
    """On a PC that has a database, an administrator of it confirms; on a new PC, nobody."""
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.lock import DatabaseLock
    from gojokai_desktop.services.auth.roles import require_role
    from gojokai_desktop.services.handover import import_handover, inspect_handover

    path = Path(args.file)
    summary = inspect_handover(path)
    print(
        f"引継ぎファイル: {summary.society}、会員 {summary.members:,} 人、"
        f"作成 {summary.created_at}（版 {summary.program_version}）、"
        f"独自の様式 {len(summary.forms)} 件"
    )
    if args.check:
        print("確認のみ: 問題はありません（読み込んでいません）。")
        return 0
    database = Database(paths.resolve_database_url(args.db))
    if database.path is None:
        raise CommandError("サーバーのデータベースには読み込めません。", EXIT_USAGE)
    if database.path.exists():
        with user_context(args, write=False) as ctx:
            require_role(ctx, "admin", "引継ぎファイルの読み込み")
    with DatabaseLock(database.path):
        try:
            done = import_handover(database, path, paths.data_dir(), paths.backup_dir())
        finally:
            database.dispose()
    if done.kept_database is not None:
        print(f"今までのデータベースを保存しました: {done.kept_database}")
    if done.kept_forms is not None:
        print(f"今までの様式フォルダを残しました: {done.kept_forms}")
    print(f"引継ぎファイルを読み込みました: {database.path}")
    return 0
