"""Backups (バックアップ) and restore (復元): verified copies, thinned like Anki's, listed with
their member count, restored in place with the current database kept first.

One function per database kind: ``_sqlite_*`` here; a server database (PostgreSQL) is backed
up with ``pg_dump`` (``services/server_backups.py``) by ``_postgresql_*``, chosen in
``make_backup`` and ``restore_backup``; it is restored into a new, empty database only.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from gojokai_desktop.db.backup import (
    BackupError,
    BackupName,
    CopyFacts,
    backup_sqlite,
    backups_in,
    backups_to_thin,
    inspect_copy,
    looks_like_sqlite,
    parse_backup_name,
    raw_copy,
    remove_stale_temporaries,
    replace_sqlite_database,
    unique_backup_path,
)
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.migrate import DatabaseTooNewError, known_revisions, upgrade
from gojokai_desktop.db.server import ServerToolError
from gojokai_desktop.services import local_settings
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.maintenance import seal_if_needed
from gojokai_desktop.services.server_backups import backup_server, newest_dump

log = logging.getLogger(__name__)

__all__ = ["BackupError", "make_backup", "restore_backup"]

REASON_LABELS = {
    "daily": "毎日の自動",
    "manual": "手動",
    "before-migrate": "更新の前",
    "before-restore": "復元の前",
    "before-handover": "引継ぎの前",
    "broken": "壊れたファイルの控え",
}


@dataclass(frozen=True)
class BackupResult:
    """A backup written and verified; what thinning removed; a note for the clerk."""

    path: Path
    facts: CopyFacts
    thinned: tuple[Path, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class BackupEntry:
    """One line of the restore screen: when, why, how big, how many members."""

    path: Path
    taken_at: dt.datetime
    reason: str
    size: int
    members: int | None
    schema_version: str | None
    problem: str = ""

    @property
    def reason_label(self) -> str:
        return REASON_LABELS.get(self.reason, self.reason)


@dataclass
class BackupStatus:
    """The newest outcome of a backup in this program run (the home page warns on failure)."""

    last_error: str = ""
    last_path: Path | None = None
    history: list[str] = field(default_factory=list)


STATUS = BackupStatus()


def target_folder(default_dir: Path, settings_dir: Path | None) -> tuple[Path, str]:
    """The folder backups go to (the chosen one, e.g. a USB drive, else the default), and
    a note when the chosen one cannot be reached."""
    chosen = local_settings.backup_folder(settings_dir) if settings_dir is not None else None
    if chosen is None:
        return default_dir, ""
    if chosen.is_dir():
        return chosen, ""
    return default_dir, (
        f"バックアップ先のフォルダ {chosen} が見つからないため（USBメモリが外れていませんか）、"
        f"いつものフォルダ {default_dir} に保存しました。"
    )


def make_backup(
    database: Database,
    directory: Path,
    reason: str = "manual",
    *,
    settings_dir: Path | None = None,
    now: dt.datetime | None = None,
    thin: bool = True,
) -> BackupResult | None:
    """A verified backup in ``directory`` (or the folder chosen for this PC); None for a
    server database. Raises BackupError when the database is damaged: nothing is written
    and the earlier backups stay; OSError when the disk refuses."""
    if database.path is None:
        return _postgresql_backup(database, directory, reason)
    folder, note = target_folder(directory, settings_dir)
    try:
        result = _sqlite_backup(database.path, folder, reason, now=now, thin=thin)
    except (BackupError, OSError) as exc:
        STATUS.last_error = str(exc)
        log.error("backup of %s failed: %s", database.path, exc)
        raise
    STATUS.last_error = ""
    STATUS.last_path = result.path
    return BackupResult(result.path, result.facts, result.thinned, note)


def _postgresql_backup(database: Database, directory: Path, reason: str) -> BackupResult | None:
    """A pg_dump of the server database (None for any other kind): written under a temporary
    name and renamed whole by ``db.server.pg_dump``, then read back by pg_restore's list of
    its contents (``db.server.check_dump``) before it counts as a backup."""
    if not database.is_postgres:
        return None
    try:
        target = backup_server(database, directory, reason)
    except (BackupError, OSError, ServerToolError) as exc:
        STATUS.last_error = str(exc)
        log.error("server backup of %s failed: %s", database.display_name(), exc)
        raise
    with database.read_engine.connect() as connection:
        version = connection.scalar(text("SELECT version_num FROM alembic_version"))
        members = connection.scalar(text("SELECT count(*) FROM members"))
    STATUS.last_error = ""
    STATUS.last_path = target
    facts = CopyFacts(None if version is None else str(version), {"members": int(members or 0)})
    return BackupResult(target, facts)


def _sqlite_backup(
    source: Path, folder: Path, reason: str, *, now: dt.datetime | None, thin: bool
) -> BackupResult:
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    target = unique_backup_path(folder, source, reason, now)
    facts = backup_sqlite(source, target)
    thinned: tuple[Path, ...] = ()
    if thin:
        thinned = tuple(thin_backups(folder, source.stem, now or dt.datetime.now()))  # noqa: DTZ005
    log.info("backup written to %s (%d members)", target, facts.members)
    return BackupResult(target, facts, thinned)


def thin_backups(folder: Path, stem: str, now: dt.datetime) -> list[Path]:
    """Keep every backup of the last 2 days, one a day for 2 weeks, one a week for 3 months,
    one a month for ever; returns the removed files."""
    removed = backups_to_thin(backups_in(folder, stem), now)
    for path in removed:
        path.unlink(missing_ok=True)
    if removed:
        log.info("thinned %d old backups in %s", len(removed), folder)
    return removed


def backup_folders(default_dir: Path, settings_dir: Path | None) -> list[Path]:
    """Every folder that may hold backups: the default one and the one chosen for this PC."""
    folders = [default_dir]
    chosen = local_settings.backup_folder(settings_dir) if settings_dir is not None else None
    if chosen is not None and chosen not in folders:
        folders.append(chosen)
    return folders


def last_backup(database: Database, folders: list[Path]) -> tuple[Path, dt.datetime] | None:
    """The newest backup of this database in any of the folders, and when it was taken."""
    if database.is_postgres:
        dumps = [d for d in (newest_dump(database, f) for f in folders if f.is_dir()) if d]
        if not dumps:
            return None
        dump = max(dumps, key=lambda p: p.name)
        return dump, dt.datetime.fromtimestamp(dump.stat().st_mtime)  # noqa: DTZ006 - local time shown
    if database.path is None:
        return None
    found: list[tuple[Path, BackupName]] = []
    for folder in folders:
        found.extend(backups_in(folder, database.path.stem))
    if not found:
        return None
    path, name = max(found, key=lambda item: item[1].taken_at)
    return path, name.taken_at


def daily_backup(
    database: Database, folders: list[Path], today: dt.date, *, settings_dir: Path | None = None
) -> BackupResult | None:
    """Back up once a day at start, so a bad day can always be undone."""
    newest = last_backup(database, folders)
    if newest is not None and newest[1].date() >= today:
        return None
    return make_backup(database, folders[0], "daily", settings_dir=settings_dir)


def describe_backup(path: Path) -> BackupEntry:
    """The restore screen's line for one file (counted, not fully checked: that is done
    before restoring)."""
    parsed = parse_backup_name(path)
    taken = parsed.taken_at if parsed else dt.datetime.fromtimestamp(path.stat().st_mtime)  # noqa: DTZ006
    size = path.stat().st_size
    members: int | None = None
    version: str | None = None
    problem = ""
    if not looks_like_sqlite(path):
        problem = "データベースではありません"
    else:
        try:
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                members = int(connection.execute("SELECT COUNT(*) FROM members").fetchone()[0])
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                version = None if row is None else str(row[0])
            finally:
                connection.close()
        except sqlite3.DatabaseError as exc:
            problem = f"読めません（{exc}）"
    return BackupEntry(
        path, taken, parsed.reason if parsed else "", size, members, version, problem
    )


def list_backups(database: Database, folders: list[Path]) -> list[BackupEntry]:
    """Every backup of this database in the folders, newest first."""
    if database.path is None:
        return []
    seen: set[Path] = set()
    entries: list[BackupEntry] = []
    for folder in folders:
        for path, _name in backups_in(folder, database.path.stem):
            resolved = path.resolve()
            if resolved not in seen:
                seen.add(resolved)
                entries.append(describe_backup(path))
    return sorted(entries, key=lambda e: (e.taken_at, e.path.name), reverse=True)


def verify_backup(path: Path) -> CopyFacts:
    """A copy fit to restore: whole (integrity_check), of this program, not newer than it."""
    facts = inspect_copy(path)
    if facts.schema_version is None:
        raise BackupError(f"{path.name} はこのプログラムのデータベースではありません。")
    if facts.schema_version not in known_revisions():
        raise DatabaseTooNewError(facts.schema_version)
    return facts


@dataclass(frozen=True)
class RestoreResult:
    """What the restore did: the copy now in use, where the old database was kept."""

    restored_from: Path
    facts: CopyFacts
    kept: Path | None
    kept_damaged: bool
    migrated_from: str | None


def restore_backup(
    ctx: AppContext,
    backup: Path,
    keep_dir: Path,
    *,
    settings_dir: Path | None = None,
) -> RestoreResult:
    """復元 by an administrator of the open database (the GUI): see ``restore_file``."""
    require_role(ctx, "admin", "バックアップからの復元")
    return restore_file(ctx.database, backup, keep_dir, settings_dir=settings_dir)


def restore_file(
    database: Database,
    backup: Path,
    keep_dir: Path,
    *,
    settings_dir: Path | None = None,
) -> RestoreResult:
    """Verify ``backup``, keep the current database as a backup (a plain copy when it is
    damaged), put the copy in its place, bring it to this program's schema and seal it.

    The caller holds the database lock and has checked that an administrator asked; every
    connection is closed here, and the same ``Database`` opens the restored file afterwards.
    A restore interrupted at any point leaves either the old or the new database whole (see
    ``replace_sqlite_database``).
    """
    if database.path is None:
        return _postgresql_restore(database, backup)
    facts = verify_backup(backup)
    kept, damaged = keep_current(database, keep_dir, "before-restore", settings_dir=settings_dir)
    database.dispose()
    replace_sqlite_database(database.path, backup)
    database.dispose()
    migrated = upgrade(database, keep_dir)
    seal_if_needed(database)
    log.info("restored %s from %s (kept %s)", database.path, backup, kept)
    moved = migrated.before if migrated.before != migrated.after else None
    return RestoreResult(backup, facts, kept, damaged, moved)


def _postgresql_restore(database: Database, backup: Path) -> RestoreResult:
    """A server database is never replaced in place: ``gojokai restore DUMP --db URL`` reads
    the dump into a new, empty database (``services.server_backups.restore_server``)."""
    del database, backup
    raise BackupError(
        "サーバーのデータベースは置き換えません。空のデータベースを作り、"
        "gojokai restore バックアップ --db 新しいデータベースのURL で復元してください。"
    )


def keep_current(
    database: Database, keep_dir: Path, reason: str, *, settings_dir: Path | None = None
) -> tuple[Path | None, bool]:
    """Keep the database about to be replaced: a verified backup, or, when it is damaged,
    a plain copy named ``-broken``. Returns the path and whether it was damaged."""
    live = database.path
    if live is None or not live.exists():
        return None, False
    try:
        result = make_backup(database, keep_dir, reason, settings_dir=settings_dir, thin=False)
        return (result.path if result else None), False
    except BackupError:
        target = unique_backup_path(keep_dir, live, "broken")
        database.dispose()
        return raw_copy(live, target), True
