"""The demo society (``gojokai demo``): a deterministic pipeline of steps over one context.

Each area adds its records with one step function ``step(ctx)``; the steps share a
:class:`DemoContext` (a random generator per step derived from the seed, the fixed "today", the
ids created so far) and insert with SQLAlchemy Core in big batches, all in one transaction with
one audit entry. The same seed gives the same rows: nothing reads the clock or the global
``random``. Later areas (dues, benefits, tickets, events, accounts) append their steps to
:data:`STEPS` before ``close_fiscal_years``, which must stay last.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Connection, func, inspect, select, text

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.lock import DatabaseLock
from gojokai_desktop.db.migrate import upgrade
from gojokai_desktop.db.models import Base
from gojokai_desktop.db.uow import Actor, UnitOfWork
from gojokai_desktop.files import fsync_directory
from gojokai_desktop.services.demo import _accounts as demo_accounts
from gojokai_desktop.services.demo import _benefits as demo_benefits
from gojokai_desktop.services.demo import _dues as demo_dues
from gojokai_desktop.services.demo import _events as demo_events
from gojokai_desktop.services.demo import _partners as demo_partners
from gojokai_desktop.services.demo import _reports as demo_reports
from gojokai_desktop.services.demo import _steps as demo_steps
from gojokai_desktop.services.demo import _survey as demo_survey
from gojokai_desktop.services.demo import _tickets as demo_tickets
from gojokai_desktop.services.demo._context import DemoContext
from gojokai_desktop.services.demo._tables import load_tables

DEMO_TODAY = dt.date(2026, 11, 23)
DEFAULT_SEED = 1
SIZES = {"S": 300, "M": 5_000, "L": 50_000}
DEMO_ACTOR = Actor(None, "デモデータ作成")


class DemoTargetNotEmptyError(RuntimeError):
    """The database already holds a society; the demo never writes over real data."""

    def __init__(self, location: str, members: int, establishments: int) -> None:
        self.location = location
        super().__init__(
            f"このデータベースには既にデータがあります（会員 {members:,} 人、"
            f"事業所 {establishments:,} 件）: {location}\n"
            "デモデータは新しい（空の）データベースにだけ作成できます。"
            "別のファイル名を指定してください。"
        )


@dataclass(frozen=True)
class DemoSummary:
    """What was generated, for the command line and the benchmark."""

    size: str
    seed: int
    today: dt.date
    location: str
    members: int
    members_present: int
    establishments: int
    establishments_present: int
    family_members: int
    joins: int
    transfers: int
    leaves: int
    rejoins: int
    fiscal_years: int
    row_counts: tuple[tuple[str, int], ...]
    elapsed_seconds: float


Step = Callable[[DemoContext], None]

STEPS: tuple[tuple[str, Step], ...] = (
    ("society", demo_steps.society),
    ("fiscal_years", demo_steps.fiscal_years),
    ("history", demo_steps.history),
    ("establishments", demo_steps.establishments),
    ("members", demo_steps.members),
    ("families", demo_steps.families),
    # Benefits pay through the cash book: their postings go to accounts, which hands back
    # the entry ids for the payments.
    ("benefits", demo_benefits.benefits),
    ("events", demo_events.events),
    # Tickets too: their purchases and sales are postings; their cash receipts are numbered
    # after the dues receipts of each year, once those exist.
    ("tickets", demo_tickets.tickets),
    # Dues too: every payment (its 入会金 and 会費 parts) is a posting; its cash receipts come
    # first in each year's numbering.
    ("dues", demo_dues.dues),
    ("accounts", demo_accounts.accounts),
    ("benefit_entries", demo_benefits.link_benefit_entries),
    # Event and ticket receipts are numbered after the dues receipts of each year.
    ("event_money", demo_events.event_money),
    ("ticket_receipts", demo_tickets.ticket_receipts),
    ("partners", demo_partners.partners),
    ("reports", demo_reports.reports),
    # The surveys of past years answered from the books the steps above wrote.
    ("survey", demo_survey.survey),
    ("close_fiscal_years", demo_steps.close_fiscal_years),
)


def _count(connection: Connection, table_name: str) -> int:
    table = Base.metadata.tables[table_name]
    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def _refuse_if_not_empty(connection: Connection, location: str) -> None:
    names = set(inspect(connection).get_table_names())
    if "members" not in names:
        return
    members = _count(connection, "members")
    establishments = _count(connection, "establishments")
    settings = _count(connection, "society_settings")
    if members or establishments or settings:
        raise DemoTargetNotEmptyError(location, members, establishments)


def _reset_sequences(connection: Connection, table_names: Sequence[str]) -> None:
    """On PostgreSQL, explicit ids leave the sequences behind; move them past the rows."""
    if connection.dialect.name != "postgresql":
        return
    for name in table_names:
        column = Base.metadata.tables[name].c.get("id")
        if column is None or not column.primary_key:
            continue
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {name}), 1))"
            )
        )


def _summary(ctx: DemoContext, location: str, elapsed: float) -> DemoSummary:
    history = ctx.require_history()
    kinds: dict[str, int] = {}
    for person in history.persons:
        for event in person.events:
            kinds[event.kind] = kinds.get(event.kind, 0) + 1
    return DemoSummary(
        size=ctx.size,
        seed=ctx.seed,
        today=ctx.today,
        location=location,
        members=len(history.persons),
        members_present=sum(1 for p in history.persons if p.present),
        establishments=len(history.establishments),
        establishments_present=sum(1 for e in history.establishments if e.leave_m is None),
        family_members=ctx.row_counts.get("family_members", 0),
        joins=kinds.get("join", 0),
        transfers=kinds.get("transfer", 0),
        leaves=kinds.get("leave", 0),
        rejoins=kinds.get("rejoin", 0),
        fiscal_years=ctx.row_counts.get("fiscal_years", 0),
        row_counts=tuple(sorted(ctx.row_counts.items())),
        elapsed_seconds=round(elapsed, 3),
    )


def generate_into(
    database: Database,
    *,
    size: str = "S",
    seed: int = DEFAULT_SEED,
    today: dt.date = DEMO_TODAY,
    steps: Sequence[tuple[str, Step]] = STEPS,
) -> DemoSummary:
    """Fill an empty, migrated database with the demo society in one transaction."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    started = time.perf_counter()
    location = database.display_name()
    with UnitOfWork(database, DEMO_ACTOR, "デモデータの作成") as uow:
        connection = uow.session.connection()
        _refuse_if_not_empty(connection, location)
        ctx = DemoContext(
            connection=connection,
            size=size,
            seed=seed,
            today=today,
            target_members=SIZES[size],
            tables=load_tables(),
        )
        for _name, step in steps:
            step(ctx)
        _reset_sequences(connection, [name for name in ctx.row_counts if name != "fiscal_years"])
        summary = _summary(ctx, location, time.perf_counter() - started)
        uow.audit(
            "demo",
            size,
            {"seed": seed, "today": today.isoformat(), **dict(summary.row_counts)},
        )
        # Every row is new: one seal over all of them lets ``gojokai check`` find any row
        # changed later with the sqlite3 shell.
        uow.seal_all({"demo": size})
        uow.commit()
    return summary


def generate_demo(
    target: str | Path,
    *,
    size: str = "S",
    seed: int = DEFAULT_SEED,
    today: dt.date = DEMO_TODAY,
) -> DemoSummary:
    """Create the database at ``target`` (a path or a URL) and fill it.

    Refuses with :class:`DemoTargetNotEmptyError` when it already holds a society, before
    anything is written or migrated. A file is built under a hidden temporary name beside
    it and renamed when whole, so a build that is interrupted (or killed) never leaves a
    half-built database under the name.
    """
    text_target = str(target)
    if "://" in text_target:
        return _generate_at(Database(text_target), size=size, seed=seed, today=today)
    path = Path(text_target).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with DatabaseLock(path):
        if path.exists():
            existing = Database(f"sqlite:///{path}")
            try:
                with existing.read_engine.connect() as connection:
                    _refuse_if_not_empty(connection, existing.display_name())
            finally:
                existing.dispose()
        _remove_unfinished(path)
        building = path.with_name(f".{path.name}.building-{os.getpid()}")
        try:
            summary = _generate_at(
                Database(f"sqlite:///{building}"), size=size, seed=seed, today=today
            )
            os.replace(building, path)
            fsync_directory(path.parent)
        finally:
            _remove_unfinished(path)
    return replace(summary, location=str(path))


def _remove_unfinished(path: Path) -> None:
    """Temporary files of a build that did not finish (this one, or one that was killed)."""
    for leftover in path.parent.glob(f".{path.name}.building-*"):
        leftover.unlink(missing_ok=True)


def _generate_at(database: Database, *, size: str, seed: int, today: dt.date) -> DemoSummary:
    try:
        with database.read_engine.connect() as connection:
            _refuse_if_not_empty(connection, database.display_name())
        started = time.perf_counter()
        upgrade(database, backup_dir=None)
        summary = generate_into(database, size=size, seed=seed, today=today)
        # The user waits for the new file's schema too, so the time counts it.
        return replace(summary, elapsed_seconds=round(time.perf_counter() - started, 3))
    finally:
        database.dispose()


__all__ = [
    "DEFAULT_SEED",
    "DEMO_TODAY",
    "SIZES",
    "STEPS",
    "DemoContext",
    "DemoSummary",
    "DemoTargetNotEmptyError",
    "generate_demo",
    "generate_into",
]
