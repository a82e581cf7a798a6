"""The audit trail as a hash chain: appending entries, hashing rows, sealing rows written in bulk.

Why: anyone with the ``sqlite3`` shell can edit a member or delete an audit row. The chain
cannot stop that, but makes it visible: every entry carries the SHA-256 of its content and
of the entry before it; every row the program writes is hashed after the write (the hash
in the row's audit entry, or in a seal block for bulk writes); ``verify.py`` walks both.

Row hashes are computed from the values as the database returns them (read back after the
write, never from the program's objects), so the writer and the checker hash the same
thing. A hash covers the columns named by its fingerprint, so a table that gains a column
later keeps its old hashes valid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite

from gojokai_desktop.db.models import AuditColumnSet, AuditEntry, AuditHead, AuditSeal, Base

EXCLUDED_COLUMNS = frozenset({"created_at", "updated_at"})
BLOCK_SIZE = 1024
HASH_BYTES = 8
NOT_COVERED = bytes(HASH_BYTES)
DELETED = b"\xff" * HASH_BYTES
ENTRY_FIELDS = (
    "id",
    "at",
    "user_id",
    "user_name",
    "action",
    "operation",
    "entity",
    "entity_id",
    "before_json",
    "after_json",
    "row_hash",
)
_CHUNK = 500

ENTRIES = cast(Table, AuditEntry.__table__)
HEAD = cast(Table, AuditHead.__table__)
SEALS = cast(Table, AuditSeal.__table__)
COLUMN_SETS = cast(Table, AuditColumnSet.__table__)


@cache
def audited_tables() -> dict[str, Table]:
    """Every table whose rows the audit trail follows, by name (single integer key)."""
    tables: dict[str, Table] = {}
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        table = mapper.local_table
        if not isinstance(table, Table) or not getattr(cls, "__audited__", True):
            continue
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].type.python_type is int:
            tables[table.name] = table
    return dict(sorted(tables.items()))


def key_column(table: Table) -> str:
    return str(next(iter(table.primary_key.columns)).name)


def hashed_columns(table: Table) -> tuple[str, ...]:
    return tuple(sorted(c.name for c in table.columns if c.name not in EXCLUDED_COLUMNS))


def fingerprint(entity: str, columns: Sequence[str]) -> str:
    return hashlib.blake2b(f"{entity}:{','.join(columns)}".encode(), digest_size=8).hexdigest()


def canon(value: Any) -> str:
    """One text form per value, the same whether SQLite or PostgreSQL returned it."""
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | str):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dt.datetime):
        # SQLAlchemy stores a DateTime on SQLite in exactly this form.
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)


def _stored_form(value: Any) -> Any:
    """What SQLite would have returned for a value another database returns typed."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | str) or value is None:
        return value
    return canon(value)


_MARKERS = (NOT_COVERED, DELETED)


def row_digest(values: Sequence[Any], *, typed: bool = False) -> bytes:
    """8 bytes of BLAKE2b over the row's values as SQLite stores them.

    The text hashed is the ``repr`` of the tuple: unambiguous (strings quoted, NULL is
    ``None``) and made in C, which matters when a demo of a million rows is sealed.
    ``typed`` when the driver returned Python types (PostgreSQL), so both databases agree.
    """
    row = tuple(_stored_form(v) for v in values) if typed else tuple(values)
    digest = hashlib.blake2b(repr(row).encode(), digest_size=HASH_BYTES).digest()
    if digest in _MARKERS:  # the two markers of a seal block stay unambiguous
        digest = digest[:-1] + b"\x01"
    return digest


def entry_digest(values: Mapping[str, Any], prev_hash: str | None) -> str:
    parts = [canon(values[name]) for name in ENTRY_FIELDS]
    parts.append(prev_hash or "")
    return hashlib.sha256("\x1e".join(parts).encode()).hexdigest()


# ---------------------------------------------------------------- reading rows back
def _quote(connection: Connection, name: str) -> str:
    return str(connection.dialect.identifier_preparer.quote(name))


def _select_sql(connection: Connection, table: Table, columns: Sequence[str]) -> str:
    names = ", ".join(_quote(connection, c) for c in (key_column(table), *columns))
    return f"SELECT {names} FROM {_quote(connection, table.name)}"


def read_rows(
    connection: Connection, table: Table, columns: Sequence[str], ids: Iterable[int] | None = None
) -> Iterator[tuple[Any, ...]]:
    """``(key, *values)`` of the rows as stored (no type conversion), all or those of ``ids``."""
    sql = _select_sql(connection, table, columns)
    if ids is None:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(f"{sql} ORDER BY {_quote(connection, key_column(table))}")
            while batch := cursor.fetchmany(5000):
                yield from batch
        finally:
            cursor.close()
        return
    wanted = sorted(set(ids))
    if connection.dialect.name == "sqlite":
        yield from _sqlite_rows_of(connection, sql, key_column(table), wanted)
        return
    statement = text(f"{sql} WHERE {_quote(connection, key_column(table))} IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        yield from (tuple(r) for r in connection.execute(statement, {"ids": chunk}))


def _sqlite_rows_of(
    connection: Connection, sql: str, key: str, wanted: list[int]
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``wanted`` (sorted ids) straight from the driver, as stored: sealing
    an import reads back 50,000 new rows, whose ids follow each other (one range per
    chunk, not a list of ids) and need no SQLAlchemy row objects."""
    key = _quote(connection, key)
    cursor = connection.connection.cursor()
    try:
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            if chunk[-1] - chunk[0] + 1 == len(chunk):  # consecutive ids: exactly this range
                cursor.execute(f"{sql} WHERE {key} BETWEEN ? AND ?", (chunk[0], chunk[-1]))
            else:
                marks = ", ".join("?" * len(chunk))
                cursor.execute(f"{sql} WHERE {key} IN ({marks})", chunk)
            yield from cursor.fetchall()
    finally:
        cursor.close()


def ensure_column_set(connection: Connection, entity: str, columns: Sequence[str]) -> str:
    """The fingerprint of ``columns``, stored once so the checker knows what it covers."""
    fp = fingerprint(entity, columns)
    values = {"fingerprint": fp, "entity": entity, "columns_json": json.dumps(list(columns))}
    name = connection.dialect.name
    if name == "sqlite":
        connection.execute(sqlite.insert(COLUMN_SETS).values(values).on_conflict_do_nothing())
    elif name == "postgresql":
        connection.execute(postgresql.insert(COLUMN_SETS).values(values).on_conflict_do_nothing())
    elif (
        connection.scalar(select(COLUMN_SETS.c.fingerprint).where(COLUMN_SETS.c.fingerprint == fp))
        is None
    ):
        connection.execute(insert(COLUMN_SETS).values(values))
    return fp


def current_hashes(
    connection: Connection, table: Table, ids: Iterable[int] | None = None
) -> tuple[str, dict[int, bytes]]:
    """The fingerprint and the hash of each row (of ``ids``, or all rows) as stored now."""
    columns = hashed_columns(table)
    fp = ensure_column_set(connection, table.name, columns)
    rows = read_rows(connection, table, columns, ids)
    if connection.dialect.name != "sqlite":
        return fp, {int(row[0]): row_digest(row[1:], typed=True) for row in rows}
    # The same as row_digest, inlined: this loop seals every row of a new demo.
    blake = hashlib.blake2b
    hashes: dict[int, bytes] = {}
    for row in rows:
        digest = blake(repr(row[1:]).encode(), digest_size=HASH_BYTES).digest()
        hashes[row[0]] = digest if digest not in _MARKERS else digest[:-1] + b"\x01"
    return fp, hashes


# ---------------------------------------------------------------- appending
def _head(connection: Connection) -> tuple[int, str | None]:
    row = connection.execute(
        select(HEAD.c.last_id, HEAD.c.last_hash).where(HEAD.c.id == 1).with_for_update()
    ).first()
    if row is None:
        # A database made without the migrations (a test's create_all): start the chain here.
        last = connection.scalar(select(ENTRIES.c.id).order_by(ENTRIES.c.id.desc()).limit(1))
        connection.execute(
            insert(HEAD).values(id=1, last_id=last or 0, last_hash=None, sealed=True)
        )
        return int(last or 0), None
    return int(row.last_id), row.last_hash


def append_entries(connection: Connection, entries: Sequence[Mapping[str, Any]]) -> list[int]:
    """Append entries (every field of ENTRY_FIELDS but ``id``) to the chain; returns the ids.

    The head row is read ``FOR UPDATE`` first, so concurrent writers on a server append
    one after the other and the ids follow the chain without gaps.
    """
    if not entries:
        return []
    last_id, prev = _head(connection)
    rows: list[dict[str, Any]] = []
    for entry in entries:
        last_id += 1
        row = {name: entry.get(name) for name in ENTRY_FIELDS}
        row["id"] = last_id
        row["entity_id"] = row["entity_id"] or ""
        row["user_name"] = row["user_name"] or ""
        digest = entry_digest(row, prev)
        row["prev_hash"] = prev
        row["entry_hash"] = digest
        prev = digest
        rows.append(row)
    connection.execute(insert(ENTRIES), rows)
    connection.execute(update(HEAD).where(HEAD.c.id == 1).values(last_id=last_id, last_hash=prev))
    return [row["id"] for row in rows]


# ---------------------------------------------------------------- seals
def seal_blocks(hashes: Mapping[int, bytes]) -> dict[int, bytes]:
    """Pack ``id → hash`` (or DELETED) into blocks of BLOCK_SIZE ids."""
    blocks: dict[int, bytearray] = {}
    for key, digest in hashes.items():
        block = blocks.get(key // BLOCK_SIZE)
        if block is None:
            block = blocks[key // BLOCK_SIZE] = bytearray(BLOCK_SIZE * HASH_BYTES)
        offset = (key % BLOCK_SIZE) * HASH_BYTES
        block[offset : offset + HASH_BYTES] = digest
    return {number: bytes(blocks[number]) for number in sorted(blocks)}


def blocks_digest(blocks: Iterable[tuple[int, bytes]]) -> str:
    digest = hashlib.sha256()
    for number, data in blocks:
        digest.update(f"{number}:".encode())
        digest.update(data)
    return digest.hexdigest()


class SealBatch:
    """Row hashes of several tables gathered for one seal entry."""

    def __init__(self) -> None:
        self.tables: dict[str, tuple[str, dict[int, bytes]]] = {}
        # Whole tables packed while they were read (a new demo): entity → fp, blocks, rows.
        self.packed: dict[str, tuple[str, dict[int, bytes], int]] = {}

    def add(self, entity: str, fp: str, hashes: Mapping[int, bytes]) -> None:
        if entity in self.tables and self.tables[entity][0] != fp:
            raise ValueError(f"two column sets for {entity} in one seal")
        self.tables.setdefault(entity, (fp, {}))[1].update(hashes)

    def add_blocks(self, entity: str, fp: str, blocks: dict[int, bytes], rows: int) -> None:
        if entity in self.tables or entity in self.packed:
            raise ValueError(f"{entity} sealed twice in one seal")
        self.packed[entity] = (fp, blocks, rows)

    def __bool__(self) -> bool:
        return any(hashes for _fp, hashes in self.tables.values()) or any(
            rows for _fp, _b, rows in self.packed.values()
        )

    def write(self, connection: Connection, entry: Mapping[str, Any]) -> int | None:
        """Append the seal entry (``entry`` without after_json) and its blocks."""
        if not self:
            return None
        packed: dict[str, tuple[str, dict[int, bytes]]] = {}
        summary: dict[str, Any] = {}
        for entity, (fp, hashes) in self.tables.items():
            if hashes:
                deleted = sum(1 for h in hashes.values() if h == DELETED)
                packed[entity] = (fp, seal_blocks(hashes))
                summary[entity] = {"rows": len(hashes) - deleted, "deleted": deleted}
        for entity, (fp, blocks, rows) in self.packed.items():
            if rows:
                packed[entity] = (fp, blocks)
                summary[entity] = {"rows": rows, "deleted": 0}
        for entity, (fp, blocks) in packed.items():
            summary[entity].update(fingerprint=fp, digest=blocks_digest(blocks.items()))
        after = dict(entry.get("summary") or {})
        after["seals"] = dict(sorted(summary.items()))
        audit_id = append_entries(
            connection,
            [
                {
                    **{k: v for k, v in entry.items() if k != "summary"},
                    "operation": "seal",
                    "after_json": json.dumps(after, ensure_ascii=False, sort_keys=True),
                }
            ],
        )[0]
        records = [
            {
                "audit_id": audit_id,
                "entity": entity,
                "block": number,
                "fingerprint": fp,
                "hashes": data,
            }
            for entity, (fp, blocks) in sorted(packed.items())
            for number, data in blocks.items()
        ]
        for start in range(0, len(records), 1000):
            connection.execute(insert(SEALS), records[start : start + 1000])
        return audit_id


def _sealed_blocks(connection: Connection, table: Table) -> tuple[str, dict[int, bytes], int]:
    """Every row of ``table`` hashed straight into its blocks while it is read (SQLite).

    The same hash as ``current_hashes``; written out for speed, since a new demo L seals a
    million rows here (no dictionary of every row, no second pass).
    """
    columns = hashed_columns(table)
    fp = ensure_column_set(connection, table.name, columns)
    blake = hashlib.blake2b
    blocks: dict[int, bytearray] = {}
    number, block = -1, bytearray()
    count = 0
    cursor = connection.connection.cursor()
    try:
        cursor.execute(
            f"{_select_sql(connection, table, columns)} "
            f"ORDER BY {_quote(connection, key_column(table))}"
        )
        while batch := cursor.fetchmany(10_000):
            for row in batch:
                key = row[0]
                if key // BLOCK_SIZE != number:
                    number = key // BLOCK_SIZE
                    block = blocks.setdefault(number, bytearray(BLOCK_SIZE * HASH_BYTES))
                digest = blake(repr(row[1:]).encode(), digest_size=HASH_BYTES).digest()
                if digest in _MARKERS:
                    digest = digest[:-1] + b"\x01"
                offset = (key % BLOCK_SIZE) * HASH_BYTES
                block[offset : offset + HASH_BYTES] = digest
            count += len(batch)
    finally:
        cursor.close()
    return fp, {n: bytes(blocks[n]) for n in sorted(blocks)}, count


def seal_tables(connection: Connection, tables: Iterable[Table] | None = None) -> SealBatch:
    """Hash every row of the tables (all audited tables by default) for one seal entry."""
    batch = SealBatch()
    for table in tables if tables is not None else audited_tables().values():
        if connection.dialect.name == "sqlite":
            batch.add_blocks(table.name, *_sealed_blocks(connection, table))
        else:
            fp, hashes = current_hashes(connection, table)
            batch.add(table.name, fp, hashes)
    return batch


def chain_unchained(connection: Connection) -> int:
    """Give hashes to entries written before the chain existed (in id order); returns how many.

    Read as stored (like the checker reads them), so the hashes agree with the check.
    """
    names = ENTRY_FIELDS
    sql = f"SELECT {', '.join(names)} FROM audit_entries WHERE entry_hash IS NULL ORDER BY id"
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        cursor.close()
    if not rows:
        return 0
    first = rows[0]["id"]
    prev = connection.scalar(
        select(ENTRIES.c.entry_hash)
        .where(ENTRIES.c.id < first)
        .order_by(ENTRIES.c.id.desc())
        .limit(1)
    )
    updates = []
    for values in rows:
        digest = entry_digest(values, prev)
        updates.append({"key": values["id"], "prev": prev, "digest": digest})
        prev = digest
    statement = (
        update(ENTRIES)
        .where(ENTRIES.c.id == bindparam("key"))
        .values(prev_hash=bindparam("prev"), entry_hash=bindparam("digest"))
    )
    connection.execute(statement, updates)
    connection.execute(
        update(HEAD).where(HEAD.c.id == 1).values(last_id=rows[-1]["id"], last_hash=prev)
    )
    return len(rows)


def is_sealed(connection: Connection) -> bool:
    return bool(connection.scalar(select(HEAD.c.sealed).where(HEAD.c.id == 1)))


def mark_sealed(connection: Connection) -> None:
    connection.execute(update(HEAD).where(HEAD.c.id == 1).values(sealed=True))
