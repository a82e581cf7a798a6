"""The unit of work: one transaction per user action, with its audit entries inside it."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gojokai_desktop.db import fiscal_lock
from gojokai_desktop.db.conflicts import TABLE_LABELS, other_edits
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.errors import raise_translated
from gojokai_desktop.db.models import AuditEntry, Base, Versioned, utcnow
from gojokai_desktop.domain.errors import EditConflict

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user of the program, or the program itself (id None)."""

    user_id: int | None
    name: str


SYSTEM_ACTOR = Actor(None, "システム")


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _column_values(obj: Base) -> dict[str, Any]:
    state = inspect(obj)
    return {
        attr.key: _json_value(getattr(obj, attr.key))
        for attr in state.mapper.column_attrs
        if attr.key not in ("created_at", "updated_at")
    }


def _changed_values(obj: Base) -> tuple[dict[str, Any], dict[str, Any]]:
    state = inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in ("created_at", "updated_at"):
            continue
        history = state.attrs[attr.key].history
        if history.has_changes():
            before[attr.key] = _json_value(history.deleted[0]) if history.deleted else None
            after[attr.key] = _json_value(history.added[0]) if history.added else None
    return before, after


def _dump(values: dict[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def _primary_key(obj: Base) -> str:
    # The identity key is not set yet for rows inserted by this flush; read the columns.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join("" if part is None else str(part) for part in key)


def _audited(objects: Iterable[object]) -> list[Base]:
    return [o for o in objects if isinstance(o, Base) and type(o).__audited__]


class UnitOfWork:
    """``with db.unit_of_work(actor, "会員の入会") as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` (or by an exception) rolls everything back, so a
    failed action leaves nothing half-written. Every row the ORM writes gets an audit entry
    (who, when, what, before/after) written in the same transaction. A database error
    leaves the block as a message the clerk can read (``db.errors``); a save over a record
    another PC changed meanwhile as :class:`EditConflict`.
    """

    def __init__(self, database: Database, actor: Actor = SYSTEM_ACTOR, action: str = "") -> None:
        self.database = database
        self.actor = actor
        self.action = action
        self._session: Session | None = None
        self._committing = False
        self._versions: dict[tuple[str, Any], int] = {}

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self.database.write_session()
        event.listen(self._session, "before_flush", self._remember_versions)
        event.listen(self._session, "after_flush", self._record_audit)
        # No write dated in a closed fiscal year gets through, whichever service forgot.
        fiscal_lock.install(self._session)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if isinstance(exc, StaleDataError):
                raise self._conflict(exc) from exc
            if exc is not None:
                raise_translated(exc, url=self.database.url, committing=self._committing)
        finally:
            self._session = None
            try:
                session.rollback()
                session.close()
            except DBAPIError:  # the connection is gone: the first error is the one to tell
                if exc is None:
                    raise
                log.debug("rollback after a database error failed too", exc_info=True)

    def commit(self) -> None:
        self._committing = True
        try:
            self.session.commit()
        except StaleDataError as exc:
            raise self._conflict(exc) from exc
        finally:
            self._committing = False

    def flush(self) -> None:
        try:
            self.session.flush()
        except StaleDataError as exc:
            raise self._conflict(exc) from exc

    def _remember_versions(self, session: Session, _context: object, _instances: object) -> None:
        """The version of each versioned row about to be written, as this transaction read it
        (a failed flush expires the objects, so the conflict is told from this)."""
        for obj in (*session.dirty, *session.deleted):
            if isinstance(obj, Base) and isinstance(obj, Versioned):
                state = inspect(obj)
                if state.identity is not None and "version" in state.dict:
                    self._versions[(obj.__tablename__, state.identity[0])] = obj.version

    def _conflict(self, exc: StaleDataError) -> EditConflict:
        """Which versioned row another PC changed between our read and our write.

        The failed flush leaves this session unusable, so a separate reader looks it up.
        """
        found = re.search(r"table '(\w+)'", str(exc))
        table = found.group(1) if found else ""
        what = TABLE_LABELS.get(table, table or "記録")
        versioned = Base.metadata.tables.get(table)
        if versioned is None or "version" not in versioned.c:
            return EditConflict(what)
        columns = versioned.c
        with self.database.read_session() as reader:
            for (name, row_id), loaded in self._versions.items():
                if name != table:
                    continue
                current = reader.scalar(select(columns.version).where(columns.id == row_id))
                if current is not None and current != loaded:
                    edits = other_edits(reader, table, row_id, current - loaded)
                    return EditConflict(f"{what} ID {row_id}", edits)
        return EditConflict(what)

    def _record_audit(self, session: Session, _flush_context: object) -> None:
        now = utcnow()
        rows: list[dict[str, Any]] = []

        def add(obj: Base, operation: str, before: Any, after: Any) -> None:
            rows.append(
                {
                    "at": now,
                    "user_id": self.actor.user_id,
                    "user_name": self.actor.name,
                    "action": self.action or operation,
                    "operation": operation,
                    "entity": type(obj).__tablename__,
                    "entity_id": _primary_key(obj),
                    "before_json": _dump(before),
                    "after_json": _dump(after),
                }
            )

        for obj in _audited(session.new):
            add(obj, "insert", None, _column_values(obj))
        for obj in _audited(session.dirty):
            if session.is_modified(obj, include_collections=False):
                before, after = _changed_values(obj)
                if after:
                    add(obj, "update", before, after)
        for obj in _audited(session.deleted):
            add(obj, "delete", _column_values(obj), None)
        if rows:
            session.connection().execute(insert(AuditEntry), rows)

    def audit(self, entity: str, entity_id: str, summary: dict[str, Any]) -> None:
        """Record an action done outside the ORM (bulk SQL, file export) in this transaction."""
        self.session.execute(
            insert(AuditEntry).values(
                at=utcnow(),
                user_id=self.actor.user_id,
                user_name=self.actor.name,
                action=self.action or "bulk",
                operation="bulk",
                entity=entity,
                entity_id=entity_id,
                before_json=None,
                after_json=_dump(summary),
            )
        )
