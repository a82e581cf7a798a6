"""The context the demo-data steps share: connection, fixed today, seeded generators, ids."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, text

from gojokai_desktop.db.bulk import insert_many
from gojokai_desktop.db.models import DEFAULT_MEMBER_NUMBER_PATTERN, Base
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services.demo._records import History
from gojokai_desktop.services.demo._tables import DemoTables, Reading

FISCAL_YEARS = 10
BATCH_ROWS = 5_000


@dataclass(frozen=True)
class DemoPosting:
    """Money an area's step paid or received, for the accounts step to book in the cash book.

    The accounts step books every posting on its date beside its own entries (gapless
    vouchers, year totals, carry-forward) and records the entry's id in
    :attr:`DemoContext.entry_ids` under ``(source_type, source_id)``.
    """

    date: dt.date
    item_code: str
    amount: int
    description: str
    counterparty: str
    cash: bool
    source_type: str
    source_id: int


@dataclass
class DemoContext:
    """Shared by the steps: where to write, the fixed date, and what earlier steps created."""

    connection: Connection
    size: str
    seed: int
    today: dt.date
    target_members: int
    tables: DemoTables
    calendar: FiscalCalendar = field(default_factory=FiscalCalendar)
    member_number_pattern: str = DEFAULT_MEMBER_NUMBER_PATTERN
    admin_user_id: int = 1
    history: History | None = None
    # (surname, given name) of every simulated person, by person key.
    person_names: list[tuple[Reading, Reading]] = field(default_factory=list)
    # Database ids by simulation key.
    establishment_ids: dict[int, int] = field(default_factory=dict)
    member_ids: dict[int, int] = field(default_factory=dict)
    row_counts: dict[str, int] = field(default_factory=dict)
    # Filled by steps before ``accounts``, booked by it; then the entry ids by source.
    postings: list[DemoPosting] = field(default_factory=list)
    entry_ids: dict[tuple[str, int], int] = field(default_factory=dict)
    # Rows a step writes only after the accounts step gave their entries ids, by step.
    later: dict[str, Any] = field(default_factory=dict)

    @property
    def last_year(self) -> int:
        return self.calendar.year_of(self.today)

    @property
    def first_year(self) -> int:
        return self.last_year - FISCAL_YEARS + 1

    def rng(self, step: str) -> random.Random:
        """A generator of its own for each step, so adding a step never changes the others."""
        return random.Random(f"{self.seed}:{step}")

    def require_history(self) -> History:
        if self.history is None:
            raise RuntimeError("the history step has not run")
        return self.history

    def insert(self, table_name: str, rows: Iterable[dict[str, Any]]) -> int:
        """Insert ``rows`` with executemany in batches; returns how many."""
        table: Table = Base.metadata.tables[table_name]
        count = 0
        batch: list[dict[str, Any]] = []
        batch_had_ids = False
        for row in rows:
            batch_had_ids = batch_had_ids or "id" in row
            batch.append(row)
            if len(batch) >= BATCH_ROWS:
                count += insert_many(self.connection, table, batch)
                batch = []
        if batch:
            count += insert_many(self.connection, table, batch)
        self.row_counts[table_name] = self.row_counts.get(table_name, 0) + count
        if count and batch_had_ids and self.connection.dialect.name == "postgresql":
            # Explicit ids leave PostgreSQL's sequence behind: a later step (or this one
            # again) inserting without ids must not be handed an id already in use.
            self.connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table_name}), 1))"
                )
            )
        return count
