"""Core subcommands: gui, init, check, backup and restore."""

from __future__ import annotations

import argparse
import sys

from gojokai_desktop import paths


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    gui = subparsers.add_parser("gui", help="画面を起動する（既定）")
    gui.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    gui.add_argument("--demo", action="store_true", help="デモ用データベース（S）で起動する")
    gui.set_defaults(func=_run_gui)

    check = subparsers.add_parser("check", help="データベースを点検する")
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
    init.set_defaults(func=_run_init)

    backup = subparsers.add_parser("backup", help="データベースのバックアップを作る")
    backup.add_argument("--db", help="データベースのファイル（またはPostgreSQLのURL）")
    backup.add_argument("--out-dir", help="保存先フォルダ（既定: データフォルダのbackups）")
    backup.set_defaults(func=_run_backup)

    restore = subparsers.add_parser(
        "restore",
        help="バックアップから復元する（PostgreSQL: pg_dumpのファイルを空のデータベースへ）",
    )
    restore.add_argument("backup", metavar="BACKUP", help="復元するバックアップのファイル")
    restore.add_argument("--db", help="復元先（空のPostgreSQLデータベースのURL）")
    restore.set_defaults(func=_run_restore)


def _run_gui(args: argparse.Namespace) -> int:
    from gojokai_desktop.app import run_gui

    return run_gui(db=args.db, demo=args.demo)


def _run_check(args: argparse.Namespace) -> int:
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.services.maintenance import check_database

    url = paths.resolve_database_url(args.db)
    database = Database(url)
    if database.path is not None and not database.path.exists():
        print(f"データベースがありません: {database.path}", file=sys.stderr)
        return 2
    try:
        report = check_database(database)
    finally:
        database.dispose()
    print(f"データベース: {report.location}")
    print(f"スキーマ版: {report.schema_version} (このプログラム: {report.expected_version})")
    print(f"整合性: {report.integrity}")
    print("件数:")
    for table, count in report.row_counts:
        print(f"  {table:<24} {count:>10,}")
    if report.ok:
        print("結果: 問題はありません")
        return 0
    print("結果: 問題があります", file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return 1


def _run_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.services.maintenance import backup_now

    database = Database(paths.resolve_database_url(args.db))
    if not database.is_postgres and (database.path is None or not database.path.exists()):
        print(f"データベースがありません: {database.display_name()}", file=sys.stderr)
        return 2
    directory = Path(args.out_dir) if args.out_dir else paths.backup_dir()
    try:
        target = backup_now(database, directory)
    finally:
        database.dispose()
    print(f"バックアップを保存しました: {target}")
    return 0


def _run_restore(args: argparse.Namespace) -> int:
    """A server dump into an empty database; the result is checked like ``gojokai check``."""
    from pathlib import Path

    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.services.server_backups import restore_server

    url = paths.resolve_database_url(args.db)
    if not Database(url).is_postgres:
        print(
            "SQLiteのデータベースは、画面を閉じてからバックアップのファイルを"
            "データベースの場所へ複製して戻してください。",
            file=sys.stderr,
        )
        return 2
    result = restore_server(Path(args.backup), url)
    facts = f"スキーマ版 {result.schema_version}、会員 {result.members:,} 人"
    print(f"復元しました: {args.backup}（{facts}）")
    return _run_check(argparse.Namespace(db=url))


def _run_init(args: argparse.Namespace) -> int:
    """A new database with its society profile, so a roster can be imported into it."""
    from dataclasses import replace

    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.maintenance import open_database
    from gojokai_desktop.services.society import SocietyProfile, load_profile, save_profile

    opened = open_database(paths.resolve_database_url(args.db), None)
    try:
        ctx = AppContext(opened.database)
        existing = load_profile(ctx)
        if existing is not None:
            print(f"このデータベースは「{existing.name}」として設定済みです。", file=sys.stderr)
            return 2
        profile = SocietyProfile(
            name=args.name, cutoff_day=args.cutoff_day, fiscal_year_start_month=args.fiscal_start
        )
        if args.number_format:
            profile = replace(profile, member_number_pattern=args.number_format)
        try:
            saved = save_profile(ctx, profile)
        except ValidationError as exc:
            for line in str(exc).splitlines():
                print(line, file=sys.stderr)
            return 2
    finally:
        opened.close()
    print(f"データベースを作りました: {args.db}（{saved.name}）")
    return 0
