"""Keeping the data safe: opening (lock, backup, migrate), checks and backups."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select, text

from gojokai_desktop.db.backup import (
    BackupCancelledError,
    backup_name,
    backup_sqlite,
    remove_stale_partials,
    rotate_backups,
)
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
from gojokai_desktop.printing.fonts import expect_society_fonts, society_fonts_unknown
from gojokai_desktop.services.server_backups import (
    backup_server,
    newest_dump,
    orphaned_references,
    unvalidated_constraints,
)

log = logging.getLogger(__name__)

__all__ = [
    "BackupCancelledError",
    "DatabaseTooNewError",
    "OpenedDatabase",
    "apply_society_settings",
    "open_database",
]


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
    if settings_later:
        expect_society_fonts()
    else:
        apply_society_settings(database)
    return OpenedDatabase(database, file_lock, result.before, result.backup)


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
    integrity = "not checked"
    counts: list[tuple[str, int]] = []
    existing = set(database_tables(database))
    with database.read_session() as session:
        if database.is_sqlite:
            results = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
            integrity = "; ".join(str(r) for r in results)
            if integrity != "ok":
                problems.append(f"integrity_check: {integrity}")
            broken = session.execute(text("PRAGMA foreign_key_check")).all()
            if broken:
                problems.append(f"foreign_key_check: {len(broken)} 件の参照切れ")
        elif database.is_postgres and not problems:
            # The server keeps its own pages sound; what a restore or a hand edit can break
            # is the references between rows and constraints left unchecked.
            found = unvalidated_constraints(session)
            if existing >= {t.name for t in Base.metadata.sorted_tables}:
                found += orphaned_references(session)
            integrity = "ok" if not found else "; ".join(found)
            problems += found
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


def backup_now(
    database: Database,
    directory: Path,
    reason: str = "manual",
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Path | None:
    """A consistent copy of the SQLite file (or a pg_dump of the server database) into
    ``directory``; None for any other database. ``cancelled`` may stop a SQLite copy
    (:class:`BackupCancelledError`, nothing left behind)."""
    if database.is_postgres:
        return backup_server(database, directory, reason)
    if database.path is None:
        return None
    remove_stale_partials(directory, database.path.stem)
    target = backup_sqlite(
        database.path, directory / backup_name(database.path, reason), cancelled=cancelled
    )
    rotate_backups(directory, database.path.stem, BACKUPS_KEPT)
    log.info("backup written to %s", target)
    return target


def last_backup(database: Database, directory: Path) -> tuple[Path, dt.datetime] | None:
    """The newest backup of this database and when it was written."""
    if database.is_postgres and directory.exists():
        dump = newest_dump(database, directory)
        return None if dump is None else (dump, dt.datetime.fromtimestamp(dump.stat().st_mtime))  # noqa: DTZ006 - local time shown
    if database.path is None or not directory.exists():
        return None
    backups = sorted(directory.glob(f"{database.path.stem}-*.sqlite3"), key=lambda p: p.name)
    if not backups:
        return None
    newest = backups[-1]
    return newest, dt.datetime.fromtimestamp(newest.stat().st_mtime)  # noqa: DTZ006 - local time shown


def daily_backup(
    database: Database,
    directory: Path,
    today: dt.date,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> Path | None:
    """Back up once a day at start, so a bad day can always be undone (a copy stopped by a
    quit is made again at the next start)."""
    newest = last_backup(database, directory)
    if newest is not None and newest[1].date() >= today:
        return None
    return backup_now(database, directory, "daily", cancelled=cancelled)
