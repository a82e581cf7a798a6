"""Keeping the data safe: opening (lock, backup, migrate, seal) and the check (点検)."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from gojokai_desktop.db import chain
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.errors import raise_translated
from gojokai_desktop.db.lock import DatabaseLock
from gojokai_desktop.db.migrate import (
    DatabaseTooNewError,
    check_not_newer,
    head_revision,
    upgrade,
)
from gojokai_desktop.db.models import Base
from gojokai_desktop.db.uow import SYSTEM_ACTOR, UnitOfWork
from gojokai_desktop.db.verify import Verification, verify
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.printing.fonts import expect_society_fonts, society_fonts_unknown
from gojokai_desktop.services.server_backups import orphaned_references, unvalidated_constraints

log = logging.getLogger(__name__)

__all__ = ["DatabaseTooNewError", "OpenedDatabase", "apply_society_settings", "open_database"]


@dataclass
class OpenedDatabase:
    """An open, migrated database and the lock that keeps a second program out."""

    database: Database
    lock: DatabaseLock | None
    migrated_from: str | None
    backup: Path | None

    def close(self) -> None:
        self.database.dispose()
        if self.lock is not None:
            self.lock.release()


def open_database(
    url: str,
    backup_dir: Path | None,
    *,
    lock: bool = True,
    waiting: Callable[[str], None] | None = None,
    settings_later: bool = False,
) -> OpenedDatabase:
    """Lock (SQLite), refuse a newer schema, back up if a migration is due, migrate.

    On a server, ``waiting`` hears that another PC is migrating while this one waits. The
    process-wide settings (printing fonts) take effect at once, or with ``settings_later``
    when the caller runs :func:`apply_society_settings` itself (the GUI, after its start).
    """
    database = Database(url)
    file_lock: DatabaseLock | None = None
    try:
        if database.path is not None:
            database.path.parent.mkdir(parents=True, exist_ok=True)
            if lock:
                file_lock = DatabaseLock(database.path)
                file_lock.acquire()
        result = upgrade(database, backup_dir, waiting=waiting)
    except BaseException:
        database.dispose()
        if file_lock is not None:
            file_lock.release()
        raise
    seal_if_needed(database)
    if settings_later:
        expect_society_fonts()
    else:
        apply_society_settings(database)
    return OpenedDatabase(database, file_lock, result.before, result.backup)


def open_without_lock(url: str) -> OpenedDatabase:
    """For a reader while another program holds the lock: no migration, no seal (the holder
    does those); a database needing either is refused with a message."""
    database = Database(url)
    try:
        version = check_not_newer(database)
        if version != head_revision():
            raise RuleViolation(
                "このデータベースは新しい版に更新する必要がありますが、ほかのプログラムが使用中の"
                "ため更新できません。画面を閉じてから、もう一度実行してください。"
            )
    except BaseException:
        database.dispose()
        raise
    return OpenedDatabase(database, None, None, None)


def seal_if_needed(database: Database) -> bool:
    """A database from before the audit chain: chain its entries and seal its rows, once.

    From then on an edit made outside the program is found by ``gojokai check``; what was
    in the file before this moment is taken as it was found.
    """
    with database.read_engine.connect() as connection:
        if chain.is_sealed(connection):
            return False
    with UnitOfWork(database, SYSTEM_ACTOR, "監査ログの検証開始（封印）") as uow:
        connection = uow.session.connection()
        if chain.is_sealed(connection):
            return False
        chained = chain.chain_unchained(connection)
        uow.seal_all({"chained_entries": chained})
        chain.mark_sealed(connection)
        uow.commit()
    log.info("sealed the audit trail of %s (%d earlier entries chained)", database.url, chained)
    return True


def apply_society_settings(database: Database) -> None:
    """Settings that act process-wide (the printing fonts) take effect on opening."""
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.print_settings import apply_print_settings

    try:
        apply_print_settings(AppContext(database))
    except Exception:  # a broken setting must never keep the books closed
        log.exception("could not apply the printing settings; using the system fonts")
        society_fonts_unknown()


@dataclass(frozen=True)
class CheckReport:
    """What ``gojokai check`` prints; ``problems`` empty means all is well."""

    location: str
    schema_version: str | None
    expected_version: str
    integrity: str
    row_counts: tuple[tuple[str, int], ...]
    problems: tuple[str, ...]
    audit: Verification | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(database: Database, *, audit: bool = True) -> CheckReport:
    """Schema version, integrity (SQLite: integrity_check, foreign keys), row counts of every
    table, and the audit trail: the chain walked and every row compared with its record.

    A damaged file is reported, never an exception: the report says what could be read.
    """
    problems: list[str] = []
    expected = head_revision()
    version: str | None = None
    integrity = "not checked"
    counts: list[tuple[str, int]] = []
    verification: Verification | None = None
    try:
        try:
            version = check_not_newer(database)
        except DatabaseTooNewError as exc:
            version = exc.revision
            problems.append(str(exc))
        if version != expected and not problems:
            problems.append(f"スキーマ版が {version} です（この版のプログラムは {expected}）。")
        integrity = _integrity(database, problems)
        counts = _row_counts(database, problems)
        if audit and integrity == "ok" and version == expected:
            with database.read_engine.connect() as connection:
                verification = verify(connection)
            problems.extend(_audit_problems(verification))
    except (DBAPIError, sqlite3.DatabaseError) as exc:
        if not database.is_sqlite:
            # A server that cannot be reached is the machine's state, not a finding about
            # the data: the clerk's message for it (and its exit code) instead of a report.
            raise_translated(exc, url=database.url)
        log.exception("check of %s failed", database.display_name())
        problems.append(
            f"データベースを読めません（壊れているか、データベースではありません）: {exc}"
        )
    return CheckReport(
        location=database.display_name(),
        schema_version=version,
        expected_version=expected,
        integrity=integrity,
        row_counts=tuple(counts),
        problems=tuple(problems),
        audit=verification,
    )


def _integrity(database: Database, problems: list[str]) -> str:
    """The database's own check: one function per kind of database."""
    if database.is_sqlite:
        return _sqlite_integrity(database, problems)
    return _postgresql_integrity(database, problems)


def _sqlite_integrity(database: Database, problems: list[str]) -> str:
    with database.read_session() as session:
        results = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
        integrity = "; ".join(str(r) for r in results)
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
            return integrity
        broken = session.execute(text("PRAGMA foreign_key_check")).all()
        if broken:
            problems.append(f"foreign_key_check: {len(broken)} 件の参照切れ")
    return integrity


def _postgresql_integrity(database: Database, problems: list[str]) -> str:
    """The server keeps its own pages sound; what a restore or a hand edit can break is the
    references between rows and constraints left unchecked."""
    if problems:  # a newer schema: its tables are not this program's to judge
        return "not checked"
    existing = set(database_tables(database))
    with database.read_session() as session:
        found = unvalidated_constraints(session)
        if existing >= {t.name for t in Base.metadata.sorted_tables}:
            found += orphaned_references(session)
    problems += found
    return "ok" if not found else "; ".join(found)


def _row_counts(database: Database, problems: list[str]) -> list[tuple[str, int]]:
    counts: list[tuple[str, int]] = []
    existing = set(database_tables(database))
    with database.read_session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name not in existing:
                problems.append(f"テーブル {table.name} がありません。")
                continue
            count = session.scalar(select(func.count()).select_from(table))
            counts.append((table.name, int(count or 0)))
    return counts


def _audit_problems(verification: Verification) -> list[str]:
    problems = [f"監査ログ: {finding.message}" for finding in verification.findings]
    hidden = verification.total_findings - len(verification.findings)
    if hidden > 0:
        problems.append(f"監査ログ: ほかに {hidden:,} 件あります（gojokai audit verify で一覧）。")
    if not verification.sealed:
        problems.append("監査ログ: まだ封印されていません（プログラムで一度開くと封印されます）。")
    return problems


def database_tables(database: Database) -> list[str]:
    from sqlalchemy import inspect

    with database.read_engine.connect() as connection:
        return list(inspect(connection).get_table_names())
