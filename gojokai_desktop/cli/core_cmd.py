"""Core subcommands: gui, init, check, backup and restore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gojokai_desktop import paths
from gojokai_desktop.cli._session import (
    EXIT_RULE,
    EXIT_USAGE,
    PASSWORD_ENV,
    CommandError,
    add_db_arguments,
    existing_url,
    first_administrator,
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

    init = subparsers.add_parser(
        "init", help="空のデータベースを作り、互助会の基本情報を登録する（名簿の取り込みの前に）"
    )
    init.add_argument("--db", required=True, help="作るデータベースのファイル（またはURL）")
    init.add_argument("--name", required=True, help="団体名（例: ○○町勤労者互助会）")
    init.add_argument(
        "--number-format", help="会員番号の形式（既定: {establishment:04d}-{person:03d}）"
    )
    init.add_argument("--cutoff-day", type=int, default=20, help="入会の締め日（既定: 20）")
    init.add_argument("--fiscal-start", type=int, default=4, help="年度の開始月（既定: 4）")
    init.add_argument(
        "--user",
        help=f"作る管理者のログイン名（既定: admin）。パスワードは {PASSWORD_ENV} か入力で",
    )
    init.set_defaults(func=_run_init)

    backup = subparsers.add_parser("backup", help="データベースのバックアップを作る（検証付き）")
    add_db_arguments(backup)
    backup.add_argument("--out-dir", help="保存先フォルダ（既定: 設定したフォルダかbackups）")
    backup.set_defaults(func=_run_backup)

    restore = subparsers.add_parser(
        "restore",
        help="バックアップから復元する（管理者。今のデータベースは先にバックアップ）",
        description=(
            "SQLite: 指定したバックアップを検証し、今のデータベースをバックアップしてから"
            "置き換えます。画面を閉じてから実行してください。"
            "PostgreSQL: pg_dumpのファイルを空のデータベースへ読み込み、点検します。"
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
        if ctx.database.path is None and not ctx.database.is_postgres:
            raise CommandError(
                "このデータベースはサーバー側でバックアップしてください。", EXIT_USAGE
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
    """SQLite: refused while the GUI has the database open (the lock); the administrator of
    the current database (or of the backup, when the current one cannot be read) confirms.
    PostgreSQL: a pg_dump file into an empty database (see ``_restore_server``)."""
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.lock import DatabaseLock
    from gojokai_desktop.services.backups import restore_file, verify_backup

    backup = Path(args.backup)
    database = Database(paths.resolve_database_url(args.db))
    if database.is_postgres:
        database.dispose()
        return _restore_server(backup, database.url)
    if database.path is None:
        raise CommandError("このデータベースはサーバー側で復元してください。", EXIT_USAGE)
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


def _restore_server(dump: Path, url: str) -> int:
    """A server dump into an empty database; the result is checked like ``gojokai check``.

    Nothing is replaced (the target must be empty), so the server's own account in the URL
    is the authority here, not a user of the program: the users come with the dump.
    """
    from gojokai_desktop.domain.errors import RuleViolation
    from gojokai_desktop.services.server_backups import restore_server

    try:
        result = restore_server(dump, url)
    except RuleViolation as error:  # a target with tables: the wrong database was named
        raise CommandError(error.message, EXIT_USAGE) from error
    facts = f"スキーマ版 {result.schema_version}、会員 {result.members:,} 人"
    print(f"復元しました: {dump}（{facts}）")
    return _run_check(argparse.Namespace(db=url))


def _run_init(args: argparse.Namespace) -> int:
    """A new database with its society profile, so a roster can be imported into it; the
    administrator gets the password from GOJOKAI_PASSWORD or the prompt (else it is chosen
    at the first login on the screen)."""
    from dataclasses import replace

    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.maintenance import open_database
    from gojokai_desktop.services.society import SocietyProfile, load_profile, save_profile

    opened = open_database(paths.resolve_database_url(args.db), None)
    try:
        ctx = AppContext(opened.database)
        existing = load_profile(ctx)
        if existing is not None:
            raise CommandError(f"このデータベースは「{existing.name}」として設定済みです。")
        profile = SocietyProfile(
            name=args.name, cutoff_day=args.cutoff_day, fiscal_year_start_month=args.fiscal_start
        )
        if args.number_format:
            profile = replace(profile, member_number_pattern=args.number_format)
        administrator = first_administrator(getattr(args, "user", None))
        saved = save_profile(ctx, profile, administrator)
    finally:
        opened.close()
    print(f"データベースを作りました: {args.db}（{saved.name}）")
    if administrator is None:
        print(
            "管理者（admin）のパスワードは、最初に画面からログインするときに決めます"
            f"（コマンドで使うときは {PASSWORD_ENV} を指定して gojokai init を実行してください）。"
        )
    else:
        print(f"管理者「{administrator.login}」を作りました。")
    return 0
