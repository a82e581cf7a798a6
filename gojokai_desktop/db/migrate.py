"""Bring a database to the current schema: refuse a newer one, back up, then migrate."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError

from gojokai_desktop.db.backup import backup_sqlite, unique_backup_path
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.server import dump_name, migration_lock, pg_dump, thin_dumps

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class DatabaseTooNewError(RuntimeError):
    """The file was written by a newer version of the program."""

    def __init__(self, revision: str) -> None:
        self.revision = revision
        super().__init__(
            "このデータベースは新しい版のプログラムで作成・更新されています"
            f"（スキーマ版 {revision}）。\n"
            "データを守るため、この版では開けません。最新版のプログラムをインストールしてください。"
        )


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


_REVISION = re.compile(r"^revision(?:: str)? = ['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision(?:: [^=]+)? = (?:['\"]([^'\"]+)['\"]|None)", re.MULTILINE)


@cache
def known_revisions() -> dict[str, str | None]:
    """revision → down_revision of every migration script, read as text.

    Start-up compares the database with this instead of importing alembic (a third of a
    second on an office PC); alembic is loaded only when there is something to migrate.
    """
    revisions: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = script.read_text(encoding="utf-8")
        revision = _REVISION.search(source)
        down = _DOWN.search(source)
        if revision and down:
            revisions[revision.group(1)] = down.group(1)
    return revisions


def head_revision() -> str:
    revisions = known_revisions()
    heads = set(revisions) - {down for down in revisions.values() if down}
    if len(heads) != 1:
        raise RuntimeError(f"migrations must have exactly one head, found {sorted(heads)}")
    return heads.pop()


def current_revision(database: Database) -> str | None:
    """The schema version stored in the database, None for a new (empty) one."""
    with database.read_engine.connect() as connection:
        try:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        except (OperationalError, ProgrammingError):
            return None
    return str(rows[0][0]) if rows else None


def _has_tables(database: Database) -> bool:
    with database.read_engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def check_not_newer(database: Database) -> str | None:
    revision = current_revision(database)
    if revision is not None and revision not in known_revisions():
        raise DatabaseTooNewError(revision)
    return revision


def upgrade(
    database: Database,
    backup_dir: Path | None,
    *,
    waiting: Callable[[str], None] | None = None,
) -> MigrationResult:
    """Migrate to head; an existing database is backed up first when it needs migrating.

    On a server one PC migrates while the others wait (``waiting`` is told so), then find
    it done; the backup there is a ``pg_dump`` into ``backup_dir``.
    """
    before = check_not_newer(database)
    head = head_revision()
    if before == head:
        return MigrationResult(before, head, None)
    if database.is_postgres:
        return _upgrade_server(database, backup_dir, waiting)
    backup: Path | None = None
    if backup_dir is not None and database.path is not None and _has_tables(database):
        # A verified copy or no migration: a damaged file raises BackupError here, untouched.
        backup = unique_backup_path(backup_dir, database.path, "before-migrate")
        backup_sqlite(database.path, backup)
        log.info("backed up %s to %s before migrating", database.path, backup)
    _run_migrations(database)
    log.info("migrated %s from %s to %s", database.display_name(), before, head)
    return MigrationResult(before, head, backup)


def _run_migrations(database: Database) -> None:
    from alembic import command

    config = alembic_config()
    with database.engine.begin() as connection:
        if database.is_postgres:
            # DDL waits for PCs still reading with the old version; a schema change of a
            # large table may take longer than an office statement is allowed to.
            connection.execute(text("SET LOCAL lock_timeout = '120s'"))
            connection.execute(text("SET LOCAL statement_timeout = 0"))
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _upgrade_server(
    database: Database, backup_dir: Path | None, waiting: Callable[[str], None] | None
) -> MigrationResult:
    head = head_revision()
    with database.engine.connect() as lock_connection, migration_lock(lock_connection, waiting):
        # Another PC may have migrated while this one waited.
        before = check_not_newer(database)
        if before == head:
            log.info("another PC migrated %s to %s", database.display_name(), head)
            return MigrationResult(before, head, None)
        backup: Path | None = None
        if backup_dir is not None and _has_tables(database):
            backup = pg_dump(database.url, backup_dir / dump_name(database.url, "before-migrate"))
            thin_dumps(backup_dir, make_url(database.url).database or "")
        _run_migrations(database)
    log.info("migrated %s from %s to %s", database.display_name(), before, head)
    return MigrationResult(before, head, backup)
