"""What the home page says about tickets: rounds closing soon, money owed, stock running out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import year_label
from gojokai_desktop.services.tickets.rounds import open_rounds_due, year_of_today
from gojokai_desktop.services.tickets.sales import unpaid_totals
from gojokai_desktop.services.tickets.stock import stock_rows

CLOSING_WITHIN_DAYS = 7


@dataclass(frozen=True)
class ClosingRound:
    title: str
    closes_on: dt.date
    days_left: int


@dataclass(frozen=True)
class TicketsTodo:
    closing: tuple[ClosingRound, ...] = ()
    unpaid_members: int = 0
    unpaid_amount: int = 0
    short_items: int = 0
    low_items: int = 0


def tickets_todo(ctx: AppContext) -> TicketsTodo:
    """A few small queries: open rounds due, unpaid handovers, this year's stock."""
    today = ctx.today()
    due = open_rounds_due(ctx, CLOSING_WITHIN_DAYS)
    with ctx.reader() as session:
        labels = {r.fiscal_year: year_label(session, r.fiscal_year) for r in due}
    closing = tuple(
        ClosingRound(f"{labels[r.fiscal_year]} {r.title}", r.closes_on, (r.closes_on - today).days)
        for r in due
    )
    members, amount = unpaid_totals(ctx)
    rows = stock_rows(ctx, year_of_today(ctx))
    short = sum(1 for r in rows if r.on_hand < r.reserved)
    low = sum(1 for r in rows if r.received and r.on_hand >= r.reserved and r.state)
    return TicketsTodo(closing, members, amount, short, low)
