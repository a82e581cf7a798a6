"""Walking the audit chain and comparing every row with its last recorded hash.

``verify_chain`` recomputes each entry's hash from its content and the previous hash and
names the first entry that does not match (edited), the ids missing (deleted), and a head
that points past the last entry (the newest entries deleted). ``verify_rows`` compares each
row of every audited table with the hash recorded by its last entry or seal: a row changed,
added or deleted with the ``sqlite3`` shell is named with its table and key.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, inspect, or_, select

from gojokai_desktop.db import chain

TABLE_LABELS = {
    "members": "会員",
    "establishments": "事業所",
    "family_members": "家族",
    "users": "利用者",
    "society_settings": "団体情報",
    "setting_values": "設定",
    "cash_book_entries": "出納簿の記帳",
    "benefit_claims": "給付請求",
    "benefit_claim_steps": "給付請求の手続き",
    "benefit_payments": "給付の支払",
    "benefit_payment_batches": "給付の支払予定",
    "benefit_tables": "給付表",
    "dues_bills": "会費の請求",
    "dues_payments": "会費の入金",
    "dues_fee_tables": "会費表",
    "receipts": "領収書",
    "membership_periods": "会員の在籍期間",
    "affiliations": "会員の所属",
    "member_events": "会員の異動",
    "fiscal_years": "年度",
    "items": "科目",
    "accounts": "会計",
    "budgets": "予算",
    "budget_lines": "予算の行",
}
# Columns that tell a clerk which record it is, beside its key.
_NAMING_COLUMNS = {
    "members": ("number", "name"),
    "establishments": ("number", "name"),
    "family_members": ("name",),
    "users": ("login", "display_name"),
    "items": ("code", "name"),
}


@dataclass(frozen=True)
class Finding:
    """One thing the check found, in words for the clerk and the auditor."""

    message: str
    entry_id: int | None = None
    entity: str = ""
    record: str = ""


@dataclass
class Verification:
    """What ``gojokai audit verify`` and ``gojokai check`` report."""

    entries: int = 0
    tables: int = 0
    rows: int = 0
    sealed: bool = True
    first_broken_entry: int | None = None
    findings: list[Finding] = field(default_factory=list)
    total_findings: int = 0

    @property
    def ok(self) -> bool:
        return self.total_findings == 0 and self.sealed

    def add(self, finding: Finding, limit: int) -> None:
        self.total_findings += 1
        if len(self.findings) < limit:
            self.findings.append(finding)


def table_label(name: str) -> str:
    return TABLE_LABELS.get(name, name)


# ---------------------------------------------------------------- the chain
_ENTRY_SQL = (
    "SELECT id, at, user_id, user_name, action, operation, entity, entity_id, "
    "before_json, after_json, row_hash, prev_hash, entry_hash FROM audit_entries ORDER BY id"
)
_NAMES = (*chain.ENTRY_FIELDS, "prev_hash", "entry_hash")


def _entries(connection: Connection) -> Iterator[dict[str, Any]]:
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_ENTRY_SQL)
        while batch := cursor.fetchmany(2000):
            for row in batch:
                yield dict(zip(_NAMES, row, strict=True))
    finally:
        cursor.close()


def _describe(entry: dict[str, Any]) -> str:
    return f"{str(entry['at'])[:16]} {entry['user_name']}「{entry['action']}」"


def verify_chain(
    connection: Connection, result: Verification, limit: int = 50
) -> dict[tuple[int, str], str]:
    """Walk the chain; returns the seal digests its seal entries promise, checked next."""
    head = connection.execute(
        select(chain.HEAD.c.last_id, chain.HEAD.c.last_hash, chain.HEAD.c.sealed)
    ).first()
    result.sealed = bool(head.sealed) if head is not None else True
    promised: dict[tuple[int, str], str] = {}
    expected_id = 1
    prev: str | None = None
    last: dict[str, Any] | None = None

    def broken(entry_id: int, message: str) -> None:
        if result.first_broken_entry is None:
            result.first_broken_entry = entry_id
        result.add(Finding(message, entry_id, "audit_entries", str(entry_id)), limit)

    for entry in _entries(connection):
        result.entries += 1
        number = int(entry["id"])
        if number != expected_id:
            gap = (
                f"{expected_id}番"
                if number == expected_id + 1
                else f"{expected_id}番〜{number - 1}番"
            )
            broken(expected_id, f"監査ログの {gap} がありません（削除されています）。")
        elif entry["prev_hash"] != prev and entry["entry_hash"] is not None:
            broken(
                number,
                f"監査ログ {number}番の前の記録とのつながりが切れています（{_describe(entry)}）。",
            )
        if entry["entry_hash"] is None:
            if result.sealed:
                broken(
                    number, f"監査ログ {number}番に検証用の値がありません（{_describe(entry)}）。"
                )
        elif chain.entry_digest(entry, entry["prev_hash"]) != entry["entry_hash"]:
            broken(
                number,
                f"監査ログ {number}番の内容が記録時と違います"
                f"（書き換えられています: {_describe(entry)}）。",
            )
        if entry["operation"] == "seal" and entry["after_json"]:
            try:
                seals = json.loads(entry["after_json"]).get("seals", {})
                for entity, info in seals.items():
                    promised[(number, entity)] = str(info["digest"])
            except (ValueError, AttributeError, KeyError, TypeError):
                pass  # an edited entry: its hash check above has said so
        prev = entry["entry_hash"]
        expected_id = number + 1
        last = entry
    if head is not None and result.sealed:
        last_id = int(last["id"]) if last is not None else 0
        if head.last_id > last_id:
            broken(
                last_id + 1,
                f"監査ログの {last_id + 1}番〜{head.last_id}番（最新の記録）がありません"
                "（削除されています）。",
            )
        elif head.last_id == last_id and last is not None and head.last_hash != prev:
            broken(last_id, f"監査ログ {last_id}番（最新の記録）が記録時と違います。")
    return promised


def verify_seals(
    connection: Connection,
    promised: dict[tuple[int, str], str],
    result: Verification,
    limit: int = 50,
) -> None:
    """Each seal entry's blocks must still give the digest the entry names."""
    seals = chain.SEALS
    found: dict[tuple[int, str], list[tuple[int, bytes]]] = {}
    query = select(seals.c.audit_id, seals.c.entity, seals.c.block, seals.c.hashes).order_by(
        seals.c.audit_id, seals.c.entity, seals.c.block
    )
    for audit_id, entity, block, data in connection.execute(query):
        found.setdefault((int(audit_id), entity), []).append((int(block), bytes(data)))
    for key in sorted(set(found) | set(promised)):
        digest = chain.blocks_digest(found.get(key, []))
        if promised.get(key) != digest:
            audit_id, entity = key
            result.add(
                Finding(
                    f"監査ログ {audit_id}番の封印（{table_label(entity)}）が記録時と違います。",
                    audit_id,
                    "audit_seals",
                    entity,
                ),
                limit,
            )


# ---------------------------------------------------------------- the rows
Expected = tuple[int, str | None, bytes]  # audit id, fingerprint, hash (or DELETED)


class _TableRecord:
    """What the audit trail says each row of one table should be."""

    def __init__(self, connection: Connection, name: str) -> None:
        entries = chain.ENTRIES
        self.per_row: dict[int, Expected] = {}
        query = (
            select(entries.c.id, entries.c.entity_id, entries.c.operation, entries.c.row_hash)
            .where(
                entries.c.entity == name,
                or_(entries.c.row_hash.is_not(None), entries.c.operation == "delete"),
            )
            .order_by(entries.c.id)
        )
        for audit_id, entity_id, operation, row_hash in connection.execute(query):
            if not str(entity_id).isdigit():
                continue
            if operation == "delete":
                self.per_row[int(entity_id)] = (int(audit_id), None, chain.DELETED)
            else:
                fp, _, digest = str(row_hash).partition(":")
                self.per_row[int(entity_id)] = (int(audit_id), fp, bytes.fromhex(digest))
        self.blocks: dict[int, list[tuple[int, str, bytes]]] = {}
        seals = chain.SEALS
        query = (
            select(seals.c.audit_id, seals.c.block, seals.c.fingerprint, seals.c.hashes)
            .where(seals.c.entity == name)
            .order_by(seals.c.audit_id)
        )
        for audit_id, block, fp, data in connection.execute(query):
            self.blocks.setdefault(int(block), []).append((int(audit_id), fp, bytes(data)))

    def __bool__(self) -> bool:
        return bool(self.per_row or self.blocks)

    def fingerprints(self) -> set[str]:
        fps = {fp for _a, fp, _d in self.per_row.values() if fp is not None}
        fps.update(fp for seals in self.blocks.values() for _a, fp, _d in seals)
        return fps

    def expected(self, key: int) -> Expected | None:
        row = self.per_row.get(key)
        offset = (key % chain.BLOCK_SIZE) * chain.HASH_BYTES
        for audit_id, fp, data in reversed(self.blocks.get(key // chain.BLOCK_SIZE, ())):
            slot = data[offset : offset + chain.HASH_BYTES]
            if slot != chain.NOT_COVERED:
                if row is None or audit_id > row[0]:
                    return audit_id, fp, slot
                break
        return row

    def recorded_keys(self) -> Iterator[int]:
        yield from self.per_row
        for number, seals in self.blocks.items():
            base = number * chain.BLOCK_SIZE
            for _audit_id, _fp, data in seals:
                for slot in range(chain.BLOCK_SIZE):
                    start = slot * chain.HASH_BYTES
                    if data[start : start + chain.HASH_BYTES] != chain.NOT_COVERED:
                        yield base + slot


def _record_name(table: Table, key: int, values: dict[str, Any] | None) -> str:
    shown = ""
    if values:
        shown = " ".join(
            str(values[c]) for c in _NAMING_COLUMNS.get(table.name, ()) if values.get(c)
        )
    label = table_label(table.name)
    return (
        f"{label} {shown}（{table.name} {key}番）" if shown else f"{label}（{table.name} {key}番）"
    )


def verify_table(
    connection: Connection,
    table: Table,
    column_sets: dict[str, tuple[str, ...]],
    result: Verification,
    limit: int = 50,
) -> None:
    record = _TableRecord(connection, table.name)
    present = {c["name"] for c in inspect(connection).get_columns(table.name)}
    fps = record.fingerprints()
    unknown = sorted(fp for fp in fps if fp not in column_sets)
    if unknown:
        result.add(
            Finding(
                f"{table_label(table.name)}: 記録の列の組 {unknown[0]} がありません。",
                None,
                table.name,
            ),
            limit,
        )
        return
    wanted = sorted(
        {c for fp in fps for c in column_sets[fp]} | set(_NAMING_COLUMNS.get(table.name, ()))
    )
    gone = [c for c in wanted if c not in present]
    if gone:
        result.add(
            Finding(
                f"{table_label(table.name)}: 列 {', '.join(gone)} がありません"
                "（作りが変えられています）。",
                None,
                table.name,
            ),
            limit,
        )
        return
    position = {name: index + 1 for index, name in enumerate(wanted)}
    picks = {fp: [position[c] for c in column_sets[fp]] for fp in fps}
    seen: set[int] = set()
    typed = connection.dialect.name != "sqlite"
    for row in chain.read_rows(connection, table, wanted):
        key = int(row[0])
        seen.add(key)
        result.rows += 1
        expected = record.expected(key)
        if expected is None:
            values = {name: row[position[name]] for name in wanted}
            result.add(
                Finding(
                    f"{_record_name(table, key, values)}は記録にありません"
                    "（プログラムの外で追加されたとみられます）。",
                    None,
                    table.name,
                    str(key),
                ),
                limit,
            )
            continue
        audit_id, fp, digest = expected
        if digest == chain.DELETED or fp is None:
            values = {name: row[position[name]] for name in wanted}
            result.add(
                Finding(
                    f"{_record_name(table, key, values)}は監査ログ {audit_id}番で"
                    "削除された記録ですが、残っています。",
                    audit_id,
                    table.name,
                    str(key),
                ),
                limit,
            )
            continue
        if chain.row_digest([row[i] for i in picks[fp]], typed=typed) != digest:
            values = {name: row[position[name]] for name in wanted}
            result.add(
                Finding(
                    f"{_record_name(table, key, values)}が記録と違います"
                    "（プログラムの外で変更されたとみられます。"
                    f"最後の正しい記録: 監査ログ {audit_id}番）。",
                    audit_id,
                    table.name,
                    str(key),
                ),
                limit,
            )
    reported: set[int] = set()
    for key in record.recorded_keys():
        if key in seen or key in reported:
            continue
        expected = record.expected(key)
        if expected is None or expected[2] == chain.DELETED:
            continue
        reported.add(key)
        result.add(
            Finding(
                f"{_record_name(table, key, None)}がありません"
                "（プログラムの外で削除されたとみられます。"
                f"最後の記録: 監査ログ {expected[0]}番）。",
                expected[0],
                table.name,
                str(key),
            ),
            limit,
        )


def column_sets(connection: Connection) -> dict[str, tuple[str, ...]]:
    sets = chain.COLUMN_SETS
    return {
        fp: tuple(json.loads(columns))
        for fp, columns in connection.execute(select(sets.c.fingerprint, sets.c.columns_json))
    }


def verify(connection: Connection, limit: int = 50) -> Verification:
    """The whole check: the chain, the seals, then every row of every audited table."""
    result = Verification()
    promised = verify_chain(connection, result, limit)
    verify_seals(connection, promised, result, limit)
    if not result.sealed:
        return result
    sets = column_sets(connection)
    existing = set(inspect(connection).get_table_names())
    for name, table in chain.audited_tables().items():
        if name not in existing:
            continue
        result.tables += 1
        verify_table(connection, table, sets, result, limit)
    return result


__all__ = ["Finding", "Verification", "table_label", "verify"]
