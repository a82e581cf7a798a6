"""Ticket benchmark on the L demo: a round of 5,000 orders over 20 items, and the 斡旋実績.

Usage: python -m tests.benchmarks.bench_tickets [--size S|M|L] [--db PATH] [--repeat N]
Targets (issue 12): allocating and committing every item of the round (lotteries where the
stock is short, the rest in full; 5,000 orders updated, 5,000 allocation changes and the
recorded draws written) at most 2 s, beside the raw insert of the same 5,000 order rows; the
year's 斡旋実績 of the demo's last complete year at most 2 s. Wall and CPU time are printed.
The 20 items, their lots and the round are made with the services; the orders with SQL.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

from sqlalchemy import insert, or_, select

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models import Affiliation, Base
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from gojokai_desktop.services.tickets.allocation import (
    allocate_in_full,
    commit_allocation,
    round_allocation,
)
from gojokai_desktop.services.tickets.items import ItemInput, save_item
from gojokai_desktop.services.tickets.report import year_report
from gojokai_desktop.services.tickets.rounds import RoundInput, close_round, save_round
from gojokai_desktop.services.tickets.stock import LotInput, receive_lot
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, Timing, figure, measure

NAMES = ("tickets_allocation", "tickets_year_report")
ORDERS = {"S": 200, "M": 1_000, "L": 5_000}

YEAR = DEMO_TODAY.year  # the demo's current fiscal year (2026)
TARGET_SECONDS = 2.0
ITEMS = 20
SEED = 20_261_123


def _context(path: Path) -> AppContext:
    return AppContext(Database(f"sqlite:///{path}"), Actor(1, "bench"), clock=lambda: DEMO_TODAY)


def _setup(ctx: AppContext) -> tuple[int, list[int]]:
    """Twenty items (the even ones with a short stock: a lottery) and a round offering them."""
    items = []
    for n in range(ITEMS):
        data = ItemInput(YEAR, "レジャー施設", f"ベンチ品目{n + 1:02d}", 2_000, 1_200, 500,
                         member_cap=99)  # fmt: skip
        item = save_item(ctx, data)
        items.append(item.id)
    round_view = save_round(
        ctx, RoundInput(YEAR, 3, dt.date(YEAR, 11, 1), dt.date(YEAR, 11, 20), tuple(items))
    )
    return round_view.id, items


def _order_rows(ctx: AppContext, round_id: int, items: list[int], count: int) -> list[dict]:
    day = dt.date(YEAR, 11, 10)
    with ctx.reader() as session:
        present = session.execute(
            select(Affiliation.member_id, Affiliation.establishment_id).where(
                Affiliation.start_date <= day,
                or_(Affiliation.end_date.is_(None), Affiliation.end_date >= day),
            )
        ).all()
    rng = random.Random(SEED)
    members = rng.sample(present, count // 2)
    rows = []
    for n in range(count):
        member, est = members[n // 2]
        rows.append({
            "round_id": round_id, "item_id": items[n % ITEMS], "member_id": member,
            "establishment_id": est, "price_class": "adult", "quantity": rng.randint(1, 4),
            "received_on": day, "entered_at": dt.datetime(YEAR, 11, 10, 9) + dt.timedelta(
                seconds=n), "source": "sheet", "status": "live", "allocated": None,
            "allocation_run_id": None, "note": "", "version": 1,
        })  # fmt: skip
    return rows


def figures(env: BenchEnv) -> list[Figure]:
    orders = ORDERS[env.size]
    ctx = _context(env.copy_demo("tickets"))
    round_id, items = _setup(ctx)
    rows = _order_rows(ctx, round_id, items, orders)
    table = Base.metadata.tables["ticket_orders"]
    with ctx.unit_of_work("ベンチ: 申込") as uow:
        wall, cpu = time.perf_counter(), time.process_time()
        uow.session.execute(insert(table), rows)
        uow.commit()
        raw = Timing(time.perf_counter() - wall, time.process_time() - cpu)
    demand: dict[int, int] = {}
    for row in rows:
        demand[row["item_id"]] = demand.get(row["item_id"], 0) + row["quantity"]
    for n, item_id in enumerate(items):
        if n % 2 == 0:  # a short stock: 70 % of what was asked
            receive_lot(ctx, LotInput(item_id, dt.date(YEAR, 11, 21),
                                      demand[item_id] * 7 // 10))  # fmt: skip
    close_round(ctx, round_id)

    def allocate() -> None:
        for state in round_allocation(ctx, round_id):
            if state.oversubscribed:  # each lottery on its own, as the clerk confirms it
                commit_allocation(ctx, round_id, state.item_id, seed=SEED)
        allocate_in_full(ctx, round_id)

    allocation = measure(allocate)
    states = round_allocation(ctx, round_id)
    allocated = sum(s.allocated for s in states)
    lotteries = sum(1 for s in states if s.oversubscribed)
    year = YEAR - 1
    year_t = measure(lambda: year_report(ctx, year), env.repeat)
    print(f"{len(rows):,} orders over {ITEMS} items, {lotteries} drawn by lottery, "
          f"{allocated:,} tickets allocated; 斡旋実績 {year}: "
          f"{len(year_report(ctx, year).rows)} items")  # fmt: skip
    ctx.database.dispose()
    return [
        figure("tickets_allocation", "round allocated and committed", allocation,
               target=TARGET_SECONDS, floor=raw, floor_name=f"raw insert of {len(rows):,} orders"),
        figure("tickets_year_report", "斡旋実績 of a year", year_t, target=TARGET_SECONDS),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
