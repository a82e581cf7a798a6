"""A PostgreSQL server's backups, restore and checks (a centre with several clerk PCs).

Backups are ``pg_dump`` files in custom format (``gojokai-20260401-120000-manual.pgdump``),
written by ``gojokai backup`` (run it on the server from cron or the Task Scheduler) and by
the PC that migrates the schema, just before it does. A restore reads one into an empty
database and checks the result; the checks run on any database the program can open.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exists, func, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.migrate import check_not_newer
from gojokai_desktop.db.models import Base
from gojokai_desktop.db.server import (
    DUMP_SUFFIX,
    check_dump,
    dump_name,
    pg_dump,
    pg_restore,
    thin_dumps,
)
from gojokai_desktop.domain.errors import RuleViolation

log = logging.getLogger(__name__)


def backup_server(database: Database, directory: Path, reason: str = "manual") -> Path:
    """A pg_dump of the server database into ``directory``, read back (``check_dump``)
    before older ones are thinned like the SQLite backups."""
    target = directory / dump_name(database.url, reason)
    pg_dump(database.url, target)
    check_dump(target)
    thin_dumps(directory, make_url(database.url).database or "")
    return target


def newest_dump(database: Database, directory: Path) -> Path | None:
    name = make_url(database.url).database or ""
    dumps = sorted(directory.glob(f"{name}-*{DUMP_SUFFIX}"), key=lambda p: p.name)
    return dumps[-1] if dumps else None


@dataclass(frozen=True)
class RestoreResult:
    schema_version: str | None
    members: int


def restore_server(dump: Path, url: str) -> RestoreResult:
    """Read ``dump`` into the empty database at ``url``; refused when it holds any table,
    so a restore never mixes two societies' data or overwrites the books in use."""
    database = Database(url)
    try:
        with database.read_engine.connect() as connection:
            tables = inspect(connection).get_table_names()
        if tables:
            raise RuleViolation(
                f"復元先のデータベース（{make_url(url).database}）には既にテーブルがあります"
                f"（{len(tables)} 表）。空のデータベースを作ってから復元してください"
                "（例: createdb gojokai_restored）。"
            )
        pg_restore(dump, url)
        revision = check_not_newer(database)
        with database.read_session() as session:
            members = int(session.scalar(text("SELECT count(*) FROM members")) or 0)
    finally:
        database.dispose()
    log.info("restored %s (schema %s, %d members)", dump, revision, members)
    return RestoreResult(revision, members)


def orphaned_references(session: Session) -> list[str]:
    """Rows whose foreign key points at nothing, per column (none while the database keeps
    its constraints; a restore without them, or a damaged file, can leave some)."""
    found: list[str] = []
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            child = key.parent
            # An alias, so a row pointing into its own table is not compared with itself.
            target = key.column.table.alias("referenced")
            parent = target.c[key.column.name]
            orphans = session.scalar(
                select(func.count())
                .select_from(table)
                .where(child.is_not(None), ~exists().where(parent == child))
            )
            if orphans:
                where = f"{table.name}.{child.name}"
                found.append(f"{where} の {orphans} 件が {key.column.table.name} にありません")
    return found


def unvalidated_constraints(session: Session) -> list[str]:
    """Constraints PostgreSQL has not checked against the rows (``NOT VALID``)."""
    rows = session.execute(
        text(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint"
            " WHERE NOT convalidated AND connamespace = current_schema()::regnamespace"
        )
    ).all()
    return [f"{table} の制約 {name} が未検証です" for table, name in rows]
