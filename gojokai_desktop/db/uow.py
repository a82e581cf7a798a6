"""The unit of work: one transaction per user action, with its audit entries inside it."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from sqlalchemy import event, insert, inspect
from sqlalchemy.orm import Session

from gojokai_desktop.db import fiscal_lock
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models import AuditEntry, Base, utcnow


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
    (who, when, what, before/after) written in the same transaction.
    """

    def __init__(self, database: Database, actor: Actor = SYSTEM_ACTOR, action: str = "") -> None:
        self.database = database
        self.actor = actor
        self.action = action
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self.database.write_session()
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
            session.rollback()
        finally:
            session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()

    def flush(self) -> None:
        self.session.flush()

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
