"""The unit of work: one transaction per user action, with its audit entries inside it.

Three things happen here for every action, so no service can forget them:

- every row the ORM writes gets an audit entry (who, when, before/after, the row's hash
  after the write) appended to the hash chain (``db/chain.py``);
- rows written with SQL statements (imports, bulk updates) are followed too: the rows a
  statement touches are found before it runs and sealed when the action commits;
- an auditor (監事) writes nothing: the first write of their action is refused with a
  message, before anything reaches the database.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from sqlalchemy import Table, event, func, inspect, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm.exc import StaleDataError
from sqlalchemy.sql import operators, visitors
from sqlalchemy.sql.elements import BinaryExpression, BindParameter

from gojokai_desktop.db import chain, fiscal_lock
from gojokai_desktop.db.conflicts import TABLE_LABELS, other_edits
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.errors import raise_translated
from gojokai_desktop.db.models import Base, User, Versioned, utcnow
from gojokai_desktop.domain.errors import EditConflict, PermissionDenied

log = logging.getLogger(__name__)

ROLE_LABELS = {
    "admin": "管理者",
    "clerk": "事務担当",
    "auditor": "監事",
    "system": "システム",
    "disabled": "無効",
}


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user of the program, or the program itself (id None, full rights).

    ``role`` is what the login said; the unit of work and ``require_role`` read the user's
    row again, so a user disabled or made auditor meanwhile cannot write.
    """

    user_id: int | None
    name: str
    role: str = "system"

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


SYSTEM_ACTOR = Actor(None, "システム")


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


def _shown(attr: Any, value: Any) -> Any:
    """Secrets (the password hash) are never written into the audit trail."""
    column = attr.columns[0]
    if column.info.get("secret") and value is not None:
        return "（非表示）"
    return _json_value(value)


def _column_values(obj: Base) -> dict[str, Any]:
    state = inspect(obj)
    return {
        attr.key: _shown(attr, getattr(obj, attr.key))
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
            before[attr.key] = _shown(attr, history.deleted[0]) if history.deleted else None
            after[attr.key] = _shown(attr, history.added[0]) if history.added else None
    return before, after


def _dump(values: dict[str, Any] | None) -> str | None:
    return None if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def _primary_key(obj: Base) -> str:
    # The identity key is not set yet for rows inserted by this flush; read the columns.
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return ",".join("" if part is None else str(part) for part in key)


def _audited(objects: Iterable[object]) -> list[Base]:
    return [o for o in objects if isinstance(o, Base) and type(o).__audited__]


@dataclass
class _Tracked:
    """Rows of one table written by SQL statements in this action, sealed at commit."""

    ids: set[int] = field(default_factory=set)
    inserted_after: int | None = None


class UnitOfWork:
    """``with db.unit_of_work(actor, "会員の入会") as uow: ...; uow.commit()``.

    Leaving the block without ``commit()`` (or by an exception) rolls everything back, so a
    failed action leaves nothing half-written, not even its audit entries. A database error
    leaves the block as a message the clerk can read (``db.errors``); a save over a record
    another PC changed meanwhile as :class:`EditConflict`.
    """

    def __init__(self, database: Database, actor: Actor = SYSTEM_ACTOR, action: str = "") -> None:
        self.database = database
        self.actor = actor
        self.action = action
        self._session: Session | None = None
        self._tracked: dict[str, _Tracked] = {}
        self._may_write: bool | None = None
        self._refusal = ""
        self._committing = False
        self._versions: dict[tuple[str, Any], int] = {}
        self._head_locked = False

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self.database.write_session()
        self._tracked = {}
        self._head_locked = False
        event.listen(self._session, "before_flush", self._before_flush)
        event.listen(self._session, "after_flush", self._record_audit)
        event.listen(self._session, "do_orm_execute", self._on_execute)
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
            session = self.session
            session.flush()
            self._seal_tracked()
            session.commit()
        except StaleDataError as exc:
            raise self._conflict(exc) from exc
        finally:
            self._committing = False
        self._tracked = {}

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

    # ------------------------------------------------------------------ roles
    def require_write(self) -> None:
        """Refuse (PermissionDenied) when the acting user may not change anything."""
        if self._may_write is None:
            self._may_write = self._check_may_write()
        if not self._may_write:
            raise PermissionDenied(self._refusal)
        self._lock_chain_head()

    def _lock_chain_head(self) -> None:
        """On a server, the audit chain's head is the first row a writing action locks.

        Every write appends to the chain under the head's lock; taken only then, after the
        rows and counters the action locked first, two PCs could each hold what the other
        waits for (a deadlock). Taken first, the writers simply queue. SQLite has one
        writer at a time anyway.
        """
        if self._head_locked or self.database.is_sqlite:
            return
        self._head_locked = True
        head = chain.HEAD
        self.session.connection().execute(select(head.c.id).where(head.c.id == 1).with_for_update())

    def _check_may_write(self) -> bool:
        self._refusal = (
            f"監事（閲覧のみ）の利用者は記録を変更できません（{self.action or '変更'}）。"
            "印刷と出力はできます。"
        )
        if self.actor.role == "auditor":
            return False
        if self.actor.user_id is None:
            return True
        users = User.__table__
        row = (
            self.session.connection()
            .execute(select(users.c.role, users.c.active).where(users.c.id == self.actor.user_id))
            .first()
        )
        if row is None or not row.active:
            self._refusal = f"利用者「{self.actor.name}」は無効になっているため、変更できません。"
            return False
        return bool(row.role != "auditor")

    def _before_flush(self, session: Session, context: UOWTransaction, instances: object) -> None:
        if session.new or session.dirty or session.deleted:
            self.require_write()
        self._remember_versions(session, context, instances)

    # ------------------------------------------------------------------ SQL statements
    def _on_execute(self, state: ORMExecuteState) -> Any:
        if state.is_select and getattr(state.statement, "_for_update_arg", None) is not None:
            # A row read to be changed (a counter, a batch): the head is locked before it.
            self._lock_chain_head()
            return None
        if not (state.is_insert or state.is_update or state.is_delete):
            return None
        table = getattr(state.statement, "table", None)
        if not isinstance(table, Table):
            return None
        self.require_write()
        audited = chain.audited_tables().get(table.name)
        if audited is None:
            return None
        key = audited.c[chain.key_column(audited)]
        tracked = self._tracked.setdefault(table.name, _Tracked())
        tracked.ids.update(self._ids_in_parameters(state, key.name))
        if state.is_insert:
            self._follow_new_rows(tracked, key)
            return state.invoke_statement()
        where = getattr(state.statement, "whereclause", None)
        if where is not None or not tracked.ids:
            tracked.ids.update(self._ids_where(state, key, where))
        return state.invoke_statement()

    def follow_inserts(self, table: Table) -> None:
        """Rows about to be inserted into ``table`` by a statement the session does not see
        (``db.bulk.insert_many`` on its connection): sealed at commit like any bulk insert."""
        self.require_write()
        audited = chain.audited_tables().get(table.name)
        if audited is None:
            return
        key = audited.c[chain.key_column(audited)]
        self._follow_new_rows(self._tracked.setdefault(table.name, _Tracked()), key)

    def _follow_new_rows(self, tracked: _Tracked, key: Any) -> None:
        before = self.session.connection().scalar(select(func.max(key)))
        floor = int(before or 0)
        if tracked.inserted_after is None or floor < tracked.inserted_after:
            tracked.inserted_after = floor

    @staticmethod
    def _ids_where(state: ORMExecuteState, key: Any, where: Any) -> set[int]:
        """The keys of the rows an UPDATE or DELETE is about to touch.

        An executemany (``where id == bindparam("oid")`` with a list of parameter rows) is
        looked up once per row, or straight from the rows when it is that plain comparison.
        """
        connection = state.session.connection()
        if where is None:
            return {int(k) for k in connection.scalars(select(key))}
        unset = {
            b.key
            for b in visitors.iterate(where)
            if isinstance(b, BindParameter) and b.value is None and b.callable is None
        }
        if not unset:
            return {int(k) for k in connection.scalars(select(key).where(where))}
        params = state.parameters
        rows = params if isinstance(params, list) else [params] if params else []
        plain = (
            isinstance(where, BinaryExpression)
            and where.operator is operators.eq
            and isinstance(where.right, BindParameter)
            and getattr(where.left, "key", None) == key.key
        )
        if plain:
            name = where.right.key
            return {int(r[name]) for r in rows if isinstance(r, dict) and r.get(name) is not None}
        query = select(key).where(where)
        found: set[int] = set()
        for row in rows:
            if isinstance(row, dict):
                needed = {k: v for k, v in row.items() if k in unset}
                found.update(int(k) for k in connection.scalars(query, needed))
        return found

    @staticmethod
    def _ids_in_parameters(state: ORMExecuteState, key: str) -> set[int]:
        params = state.parameters
        rows = params if isinstance(params, list) else [params] if params else []
        return {int(r[key]) for r in rows if isinstance(r, dict) and r.get(key) is not None}

    def _seal_tracked(self) -> None:
        if not self._tracked:
            return
        connection = self.session.connection()
        batch = chain.SealBatch()
        for name, tracked in self._tracked.items():
            table = chain.audited_tables()[name]
            ids = set(tracked.ids)
            if tracked.inserted_after is not None:
                key = table.c[chain.key_column(table)]
                ids.update(
                    int(k)
                    for k in connection.scalars(select(key).where(key > tracked.inserted_after))
                )
            if not ids:
                continue
            fp, hashes = chain.current_hashes(connection, table, ids)
            hashes.update(dict.fromkeys(ids - hashes.keys(), chain.DELETED))
            batch.add(name, fp, hashes)
        batch.write(connection, self._entry_fields("seal", "", ""))

    def seal_all(self, summary: dict[str, Any] | None = None) -> int | None:
        """Seal every row of every audited table (a new demo, the start of the chain)."""
        connection = self.session.connection()
        batch = chain.seal_tables(connection)
        fields = self._entry_fields("seal", "", "")
        fields["summary"] = summary or {}
        return batch.write(connection, fields)

    # ------------------------------------------------------------------ audit entries
    def _entry_fields(self, operation: str, entity: str, entity_id: str) -> dict[str, Any]:
        return {
            "at": utcnow(),
            "user_id": self.actor.user_id,
            "user_name": self.actor.name,
            "action": (self.action or operation)[:60],
            "operation": operation,
            "entity": entity,
            "entity_id": entity_id,
        }

    def _record_audit(self, session: Session, _flush_context: object) -> None:
        entries: list[tuple[Base, dict[str, Any]]] = []

        def add(obj: Base, operation: str, before: Any, after: Any) -> None:
            fields = self._entry_fields(operation, type(obj).__tablename__, _primary_key(obj))
            fields["before_json"] = _dump(before)
            fields["after_json"] = _dump(after)
            entries.append((obj, fields))

        for obj in _audited(session.new):
            add(obj, "insert", None, _column_values(obj))
        for obj in _audited(session.dirty):
            if session.is_modified(obj, include_collections=False):
                before, after = _changed_values(obj)
                if after:
                    add(obj, "update", before, after)
        for obj in _audited(session.deleted):
            add(obj, "delete", _column_values(obj), None)
        if entries:
            connection = session.connection()
            self._add_row_hashes(connection, entries)
            chain.append_entries(connection, [fields for _obj, fields in entries])

    @staticmethod
    def _add_row_hashes(connection: Any, entries: list[tuple[Base, dict[str, Any]]]) -> None:
        """The hash of each written row as stored now (none for a deleted row)."""
        wanted: dict[str, set[int]] = {}
        tables = chain.audited_tables()
        for _obj, fields in entries:
            if fields["operation"] != "delete" and fields["entity"] in tables:
                wanted.setdefault(fields["entity"], set()).add(int(fields["entity_id"]))
        found: dict[str, tuple[str, dict[int, bytes]]] = {
            name: chain.current_hashes(connection, tables[name], ids)
            for name, ids in wanted.items()
        }
        for _obj, fields in entries:
            current = found.get(fields["entity"])
            if current is None or fields["operation"] == "delete":
                continue
            fp, hashes = current
            digest = hashes.get(int(fields["entity_id"]))
            if digest is not None:
                fields["row_hash"] = f"{fp}:{digest.hex()}"

    def audit(self, entity: str, entity_id: str, summary: dict[str, Any]) -> None:
        """Record an action done outside the ORM (a file export, an import's summary) here.

        This is the one thing an auditor's action may write: that they exported something.
        """
        fields = self._entry_fields("bulk", entity, entity_id)
        fields["after_json"] = _dump(summary)
        chain.append_entries(self.session.connection(), [fields])
