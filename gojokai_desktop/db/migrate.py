"""Bring a database to the current schema: refuse a newer one, back up, then migrate."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from gojokai_desktop.db.backup import backup_name, backup_sqlite, rotate_backups
from gojokai_desktop.db.engine import Database

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
BACKUPS_KEPT = 20


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
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:
        raise RuntimeError("no migrations found")
    return head


def current_revision(database: Database) -> str | None:
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _has_tables(database: Database) -> bool:
    with database.read_engine.connect() as connection:
        return bool(inspect(connection).get_table_names())


def check_not_newer(database: Database) -> str | None:
    revision = current_revision(database)
    script = ScriptDirectory.from_config(alembic_config())
    if revision is not None:
        try:
            script.get_revision(revision)
        except Exception as exc:  # alembic raises several kinds for an unknown id
            raise DatabaseTooNewError(revision) from exc
    return revision


def upgrade(database: Database, backup_dir: Path | None) -> MigrationResult:
    """Migrate to head; an existing SQLite file is backed up first when it needs migrating."""
    before = check_not_newer(database)
    head = head_revision()
    if before == head:
        return MigrationResult(before, head, None)
    backup: Path | None = None
    if backup_dir is not None and database.path is not None and _has_tables(database):
        backup = backup_sqlite(
            database.path, backup_dir / backup_name(database.path, "before-migrate")
        )
        rotate_backups(backup_dir, database.path.stem, BACKUPS_KEPT)
        log.info("backed up %s to %s before migrating", database.path, backup)
    config = alembic_config()
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    log.info("migrated %s from %s to %s", database.display_name(), before, head)
    return MigrationResult(before, head, backup)
