"""Core subcommands: gui, check, backup and restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gojokai_desktop import paths
from gojokai_desktop.cli._session import (
    EXIT_RULE,
    EXIT_USAGE,
    CommandError,
    add_db_arguments,
    existing_url,
    login_actor,
    user_context,
)

if TYPE_CHECKING:
    from gojokai_desktop.db.engine import Database


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gui = subparsers.add_parser("gui", help="画面を起動する（既定）")
    gui.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    gui.add_argument("--demo", action="store_true", help="デモ用データベース（S）で起動する")
    gui.set_defaults(func=_run_gui)

    check = subparsers.add_parser(
        "check", help="データベースを点検する（整合性・件数・監査ログの検証）"
    )
    check.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    check.set_defaults(func=_run_check)

    backup = subparsers.add_parser("backup", help="データベースのバックアップを作る（検証付き）")
    add_db_arguments(backup)
    backup.add_argument("--out-dir", help="保存先フォルダ（既定: 設定したフォルダかbackups）")
    backup.set_defaults(func=_run_backup)

    restore = subparsers.add_parser(
        "restore",
        help="バックアップから復元する（管理者。今のデータベースは先にバックアップ）",
        description=(
            "指定したバックアップを検証し、今のデータベースをバックアップしてから置き換えます。"
            "画面を閉じてから実行してください。"
        ),
    )
    restore.add_argument("backup", metavar="BACKUP", help="復元するバックアップのファイル")
    add_db_arguments(restore)
    restore.set_defaults(func=_run_restore)


def _run_gui(args: argparse.Namespace) -> int:
    from gojokai_desktop.app import run_gui

    return run_gui(db=args.db, demo=args.demo)


def _run_check(args: argparse.Namespace) -> int:
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.services.maintenance import check_database

    database = Database(existing_url(args.db))
    try:
        report = check_database(database)
    finally:
        database.dispose()
    print(f"データベース: {report.location}")
    print(f"スキーマ版: {report.schema_version} (このプログラム: {report.expected_version})")
    print(f"整合性: {report.integrity}")
    if report.audit is not None:
        audit = report.audit
        print(
            f"監査ログ: {audit.entries:,} 件の記録をたどり、{audit.tables} 表 "
            f"{audit.rows:,} 行を記録と照合"
        )
    print("件数:")
    for table, count in report.row_counts:
        print(f"  {table:<24} {count:>10,}")
    if report.ok:
        print("結果: 問題はありません")
        return 0
    print("結果: 問題があります", file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_RULE


def _run_backup(args: argparse.Namespace) -> int:
    from gojokai_desktop.services.backups import make_backup

    directory = Path(args.out_dir) if args.out_dir else paths.backup_dir()
    with user_context(args, write=False) as ctx:
        if ctx.database.path is None:
            raise CommandError(
                "サーバーのデータベースはサーバー側でバックアップしてください。", EXIT_USAGE
            )
        result = make_backup(
            ctx.database,
            directory,
            settings_dir=None if args.out_dir else paths.data_dir(),
        )
    assert result is not None
    if result.note:
        print(result.note, file=sys.stderr)
    print(
        f"バックアップを保存しました: {result.path}（検証済み、会員 {result.facts.members:,} 人）"
    )
    if result.thinned:
        print(f"古いバックアップを {len(result.thinned)} 件整理しました。")
    return 0


def _run_restore(args: argparse.Namespace) -> int:
    """Refused while the GUI has the database open (the lock); the administrator of the
    current database (or of the backup, when the current one cannot be read) confirms."""
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.lock import DatabaseLock
    from gojokai_desktop.services.backups import restore_file, verify_backup

    backup = Path(args.backup)
    database = Database(paths.resolve_database_url(args.db))
    if database.path is None:
        raise CommandError("サーバーのデータベースはサーバー側で復元してください。", EXIT_USAGE)
    facts = verify_backup(backup)
    with DatabaseLock(database.path):
        try:
            _administrator(database, backup, getattr(args, "user", None))
            result = restore_file(
                database, backup, paths.backup_dir(), settings_dir=paths.data_dir()
            )
        finally:
            database.dispose()
    if result.kept is not None:
        state = "（壊れていたため、そのままの複製）" if result.kept_damaged else ""
        print(f"今までのデータベースを保存しました{state}: {result.kept}")
    if result.migrated_from:
        print(f"バックアップを今の版に更新しました（スキーマ版 {result.migrated_from} から）。")
    print(f"復元しました: {backup.name} → {database.path}（会員 {facts.members:,} 人）")
    return 0


def _administrator(database: Database, backup: Path, user: str | None) -> None:
    """An administrator logs in where the users can be read: the current database, else
    (it is damaged: exactly when a restore is needed) a scratch copy of the backup."""
    import shutil
    import tempfile

    from gojokai_desktop.db.backup import BackupError, inspect_copy
    from gojokai_desktop.db.engine import Database

    assert database.path is not None
    try:
        if database.path.exists() and inspect_copy(database.path).row_counts.get("users"):
            _require_administrator(database, user)
            return
    except BackupError:
        pass
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "users.sqlite3"
        shutil.copyfile(backup, copy)
        where = Database(f"sqlite:///{copy}")
        try:
            _require_administrator(where, user)
        finally:
            where.dispose()


def _require_administrator(database: Database, user: str | None) -> None:
    from gojokai_desktop.services.auth.roles import require_role
    from gojokai_desktop.services.context import AppContext

    require_role(login_actor(AppContext(database), user), "admin", "バックアップからの復元")
