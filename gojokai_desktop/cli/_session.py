"""What every data command shares with the GUI: the database opened with the same care (the
lock naming its holder, a newer schema refused, a backup before a migration), a named user
with a password, and a message with an exit code instead of a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import getpass
import logging
import os
import sqlite3
import sys
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from gojokai_desktop import paths

if TYPE_CHECKING:
    from gojokai_desktop.domain.errors import DatabaseProblem
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.maintenance import OpenedDatabase
    from gojokai_desktop.services.society import FirstAdministrator

log = logging.getLogger("gojokai_desktop.cli")

USER_ENV = "GOJOKAI_USER"
PASSWORD_ENV = "GOJOKAI_PASSWORD"

# Exit codes: 0 all went well; 1 a rule, a value, a check or some rows refused; 2 a mistake
# in the command or a file refused; 3 the database is in use; 4 written by a newer program; 5 the
# machine refused (disk full, read-only, damaged database); 6 login or role refused;
# 70 a fault of the program (the log has it); 130 interrupted.
EXIT_RULE, EXIT_USAGE, EXIT_LOCKED, EXIT_NEWER, EXIT_MACHINE, EXIT_LOGIN = 1, 2, 3, 4, 5, 6
EXIT_FAULT, EXIT_INTERRUPTED = 70, 130


class CommandError(Exception):
    """A message for the user and the exit code; raised anywhere in a command."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        self.message = message
        self.code = code
        super().__init__(message)


def add_db_arguments(parser: argparse.ArgumentParser, *, user: bool = True) -> None:
    parser.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    if user:
        parser.add_argument(
            "--user",
            help=f"操作する利用者のログイン名（既定: 環境変数 {USER_ENV}）。"
            f"パスワードは入力を求めるか、環境変数 {PASSWORD_ENV} から",
        )


def existing_url(db: str | None) -> str:
    """The database URL; a file that does not exist is a mistake, not a new database."""
    from gojokai_desktop.db.engine import Database

    url = paths.resolve_database_url(db)
    database = Database(url)
    database.dispose()
    if database.path is not None and not database.path.exists():
        raise CommandError(f"データベースがありません: {database.path}", EXIT_USAGE)
    return url


def open_for_command(url: str, *, write: bool) -> OpenedDatabase:
    """Open like the GUI. A writer takes the lock (a second writer is refused, naming the
    holder). A reader takes it when free (and may then migrate, with a backup first);
    while another program holds it, the reader opens without migrating."""
    from gojokai_desktop.db.lock import DatabaseLockedError
    from gojokai_desktop.services.maintenance import open_database, open_without_lock

    try:
        return open_database(url, paths.backup_dir(), lock=True)
    except DatabaseLockedError:
        if write:
            raise
        return open_without_lock(url)


def _password(login: str) -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        raise CommandError(
            f"パスワードを入力できません。環境変数 {PASSWORD_ENV} で渡してください。", EXIT_LOGIN
        )
    return getpass.getpass(f"{login} のパスワード: ")


def first_administrator(user: str | None) -> FirstAdministrator | None:
    """The administrator a new database gets (``gojokai init``): the login name from
    ``--user`` or GOJOKAI_USER (else ``admin``), the password from GOJOKAI_PASSWORD or typed
    twice; None when neither can be had (then it is chosen at the first login on screen)."""
    from gojokai_desktop.services.society import FirstAdministrator

    login = (user or os.environ.get(USER_ENV) or "admin").strip()
    password = os.environ.get(PASSWORD_ENV)
    if password is None and sys.stdin.isatty():
        password = getpass.getpass(f"管理者 {login} のパスワード（8文字以上）: ")
        if getpass.getpass("もう一度: ") != password:
            raise CommandError("二つのパスワードが違います。", EXIT_USAGE)
    if not password:
        return None
    return FirstAdministrator(login, password)


def login_actor(ctx: AppContext, user: str | None) -> AppContext:
    """The context acting as the named user, after their password; the program itself on a
    database that has no user yet (before its first setup)."""
    from gojokai_desktop.services.auth.login import (
        LoginRefused,
        PasswordNotSet,
        authenticate,
        has_users,
    )

    if not has_users(ctx):
        return ctx
    login = (user or os.environ.get(USER_ENV) or "").strip()
    if not login:
        raise CommandError(
            f"利用者を --user NAME か環境変数 {USER_ENV} で指定してください"
            "（個人情報を読み書きするコマンドです）。",
            EXIT_LOGIN,
        )
    try:
        result = authenticate(ctx, login, _password(login))
    except PasswordNotSet as exc:
        raise CommandError(
            exc.message + "（画面からログインして決めてください）", EXIT_LOGIN
        ) from None
    except LoginRefused as exc:
        raise CommandError(exc.message, EXIT_LOGIN) from None
    if result.must_change_password:
        raise CommandError(
            "仮のパスワードのままです。画面からログインして新しいパスワードに変えてください。",
            EXIT_LOGIN,
        )
    return dataclasses.replace(ctx, actor=result.actor)


def open_context(
    args: argparse.Namespace, *, write: bool, personal: bool = True
) -> tuple[OpenedDatabase, AppContext]:
    """The database opened and the user logged in, for a command that closes it itself
    (``opened.close()`` in a ``finally``); see ``user_context``."""
    from gojokai_desktop.services.context import AppContext

    opened = open_for_command(existing_url(args.db), write=write)
    try:
        ctx = AppContext(opened.database)
        if write or personal:
            ctx = login_actor(ctx, getattr(args, "user", None))
    except BaseException:
        opened.close()
        raise
    return opened, ctx


@contextlib.contextmanager
def user_context(
    args: argparse.Namespace, *, write: bool, personal: bool = True, create: bool = False
) -> Iterator[AppContext]:
    """``with user_context(args, write=True) as ctx:`` the database opened, the user logged in.

    ``create``: a database file that does not exist yet is made (a roster import into a new
    database); otherwise a missing file is a mistake in the command."""
    from gojokai_desktop.services.context import AppContext

    url = paths.resolve_database_url(args.db) if create else existing_url(args.db)
    opened = open_for_command(url, write=write)
    try:
        ctx = AppContext(opened.database)
        if write or personal:
            ctx = login_actor(ctx, getattr(args, "user", None))
        yield ctx
    finally:
        opened.close()


def _database_message(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", exc)).lower()
    if "readonly" in text or "read-only" in text:
        return "データベースに書き込めません（ファイルまたはフォルダが読み取り専用です）。"
    if "disk is full" in text or "database or disk is full" in text:
        return "ディスクがいっぱいのため、データベースに書き込めません。"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return (
            "データベースが壊れているか、データベースではありません。"
            "gojokai check で確かめ、gojokai restore でバックアップから戻してください。"
        )
    if "unable to open" in text:
        return "データベースを開けません（場所と権限を確かめてください）。"
    return f"データベースの操作に失敗しました（{getattr(exc, 'orig', exc)}）。"


def _database_problem(problem: DatabaseProblem) -> tuple[str, int]:
    """A database that refused (translated by ``db.errors``): busy or unreachable is 3 (try
    again later), a file that cannot be read or written is the machine's state (5)."""
    from sqlalchemy.exc import DBAPIError

    if problem.retry_safe or problem.outcome_unknown:
        return problem.message, EXIT_LOCKED
    cause = problem.__cause__
    if isinstance(cause, DBAPIError):
        return _database_message(cause), EXIT_MACHINE
    return problem.message, EXIT_MACHINE


def describe_failure(exc: BaseException, url: str | None = None) -> tuple[str, int] | None:
    """The message and exit code of a failure that is the user's mistake or the machine's
    state; None for a fault of the program. ``url`` is the database's, for the server's name
    in a message."""
    from sqlalchemy.exc import DBAPIError

    from gojokai_desktop.db.backup import BackupError
    from gojokai_desktop.db.errors import translate
    from gojokai_desktop.db.lock import DatabaseLockedError
    from gojokai_desktop.db.migrate import DatabaseTooNewError
    from gojokai_desktop.domain.errors import (
        DatabaseProblem,
        PermissionDenied,
        RuleViolation,
        ValidationError,
    )
    from gojokai_desktop.files import describe_os_error
    from gojokai_desktop.services.untrusted import UntrustedFileError

    if isinstance(exc, CommandError):
        return exc.message, exc.code
    if isinstance(exc, DatabaseProblem):
        return _database_problem(exc)
    if isinstance(exc, DBAPIError) and url is not None and not url.startswith("sqlite"):
        problem = translate(exc, url=url)
        if problem is not None:
            return problem.message, EXIT_LOCKED
    simple: tuple[tuple[type[BaseException], int], ...] = (
        (DatabaseLockedError, EXIT_LOCKED),
        (DatabaseTooNewError, EXIT_NEWER),
        (PermissionDenied, EXIT_LOGIN),
        (UntrustedFileError, EXIT_USAGE),
        (ValidationError, EXIT_RULE),
        (RuleViolation, EXIT_RULE),
        (BackupError, EXIT_MACHINE),
    )
    for kind, code in simple:
        if isinstance(exc, kind):
            text = exc.message if isinstance(exc, RuleViolation) else str(exc)
            return text, code
    if isinstance(exc, DBAPIError | sqlite3.DatabaseError):
        return _database_message(exc), EXIT_MACHINE
    if isinstance(exc, zipfile.BadZipFile):
        return f"ファイルが壊れているか、Excelのブックではありません（{exc}）。", EXIT_USAGE
    if isinstance(exc, OSError):
        return describe_os_error(exc), EXIT_MACHINE
    if isinstance(exc, MemoryError):
        return "メモリが足りません。ファイルが大きすぎないか確かめてください。", EXIT_MACHINE
    if isinstance(exc, KeyboardInterrupt):
        return "中止しました。", EXIT_INTERRUPTED
    return None


def run_command(func: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a command; whatever goes wrong becomes a message on stderr and an exit code, with
    the detail in the log file. Only a fault of the program itself is logged with its
    traceback (and the user is told where)."""
    try:
        return func(args)
    except BaseException as exc:
        if isinstance(exc, SystemExit):
            raise
        described = describe_failure(exc, _url_of(args))
        if described is None:
            log.exception("unexpected error in %s", args.command)
            message = f"予期しないエラーが起きました。詳しくはログを見てください: {log_file()}"
            code = EXIT_FAULT
        else:
            message, code = described
            log.info("%s: %s (exit %d)", args.command, message, code, exc_info=True)
        print(message, file=sys.stderr)
        return code


def _url_of(args: argparse.Namespace) -> str | None:
    try:
        return paths.resolve_database_url(getattr(args, "db", None))
    except Exception:
        return None


def log_file() -> Path:
    from gojokai_desktop.app import LOG_FILE_NAME

    return paths.log_dir() / LOG_FILE_NAME
