"""Keeping the data safe: opening (lock, backup, migrate), checks and backups."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from gojokai_desktop.db import chain
from gojokai_desktop.db.backup import backup_name, backup_sqlite, rotate_backups
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.lock import DatabaseLock
from gojokai_desktop.db.migrate import (
    BACKUPS_KEPT,
    DatabaseTooNewError,
    check_not_newer,
    head_revision,
    upgrade,
)
from gojokai_desktop.db.models import Base
from gojokai_desktop.db.uow import SYSTEM_ACTOR, UnitOfWork

log = logging.getLogger(__name__)

__all__ = ["DatabaseTooNewError", "OpenedDatabase", "open_database"]


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


def open_database(url: str, backup_dir: Path | None, *, lock: bool = True) -> OpenedDatabase:
    """Lock (SQLite), refuse a newer schema, back up if a migration is due, migrate."""
    database = Database(url)
    file_lock: DatabaseLock | None = None
    try:
        if database.path is not None:
            database.path.parent.mkdir(parents=True, exist_ok=True)
            if lock:
                file_lock = DatabaseLock(database.path)
                file_lock.acquire()
        result = upgrade(database, backup_dir)
    except BaseException:
        database.dispose()
        if file_lock is not None:
            file_lock.release()
        raise
    seal_if_needed(database)
    _apply_society_settings(database)
    return OpenedDatabase(database, file_lock, result.before, result.backup)


def seal_if_needed(database: Database) -> bool:
    """A database from before the audit chain: chain its entries and seal its rows, once.

    From then on an edit made outside the program is found by ``gojokai check``; what was
    in the file before this moment is taken as it was found.
    """
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


def _apply_society_settings(database: Database) -> None:
    """Settings that act process-wide (the printing fonts) take effect on opening."""
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.print_settings import apply_print_settings

    try:
        apply_print_settings(AppContext(database))
    except Exception:  # a broken setting must never keep the books closed
        log.exception("could not apply the printing settings; using the system fonts")


@dataclass(frozen=True)
class CheckReport:
    """What ``gojokai check`` prints; ``problems`` empty means all is well."""

    location: str
    schema_version: str | None
    expected_version: str
    integrity: str
    row_counts: tuple[tuple[str, int], ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_database(database: Database) -> CheckReport:
    """Schema version, SQLite integrity check, foreign keys, row counts of every table."""
    problems: list[str] = []
    expected = head_revision()
    try:
        version = check_not_newer(database)
    except DatabaseTooNewError as exc:
        version = exc.revision
        problems.append(str(exc))
    if version != expected and not problems:
        problems.append(f"スキーマ版が {version} です（この版のプログラムは {expected}）。")
    integrity = "not checked (not SQLite)"
    counts: list[tuple[str, int]] = []
    with database.read_session() as session:
        if database.is_sqlite:
            results = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            integrity = "; ".join(str(r) for r in results)
            if integrity != "ok":
                problems.append(f"integrity_check: {integrity}")
            broken = session.execute(text("PRAGMA foreign_key_check")).all()
            if broken:
                problems.append(f"foreign_key_check: {len(broken)} 件の参照切れ")
        existing = set(database_tables(database))
        for table in Base.metadata.sorted_tables:
            if table.name not in existing:
                problems.append(f"テーブル {table.name} がありません。")
                continue
            count = session.scalar(select(func.count()).select_from(table))
            counts.append((table.name, int(count or 0)))
    return CheckReport(
        location=database.display_name(),
        schema_version=version,
        expected_version=expected,
        integrity=integrity,
        row_counts=tuple(counts),
        problems=tuple(problems),
    )


def database_tables(database: Database) -> list[str]:
    from sqlalchemy import inspect

    with database.read_engine.connect() as connection:
        return list(inspect(connection).get_table_names())


def backup_now(database: Database, directory: Path, reason: str = "manual") -> Path | None:
    """A consistent copy of the SQLite file into ``directory``; None for a server database."""
    if database.path is None:
        return None
    target = backup_sqlite(database.path, directory / backup_name(database.path, reason))
    rotate_backups(directory, database.path.stem, BACKUPS_KEPT)
    log.info("backup written to %s", target)
    return target


def last_backup(database: Database, directory: Path) -> tuple[Path, dt.datetime] | None:
    """The newest backup of this database and when it was written."""
    if database.path is None or not directory.exists():
        return None
    backups = sorted(directory.glob(f"{database.path.stem}-*.sqlite3"), key=lambda p: p.name)
    if not backups:
        return None
    newest = backups[-1]
    return newest, dt.datetime.fromtimestamp(newest.stat().st_mtime)  # noqa: DTZ006 - local time shown


def daily_backup(database: Database, directory: Path, today: dt.date) -> Path | None:
    """Back up once a day at start, so a bad day can always be undone."""
    newest = last_backup(database, directory)
    if newest is not None and newest[1].date() >= today:
        return None
    return backup_now(database, directory, "daily")
