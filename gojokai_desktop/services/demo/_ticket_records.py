"""The records the ticket demo keeps while it writes: items with their lots, and the members
present on a day with their establishment."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import select

from gojokai_desktop.db.models import Base
from gojokai_desktop.services.demo._context import DemoContext
from gojokai_desktop.services.demo._ticket_catalogue import DemoItem


@dataclass
class DemoLot:
    id: int
    item_id: int
    price_class: str
    received_on: dt.date
    quantity: int
    member_price: int
    subsidy: int
    label: str
    supplier: str
    next_offset: int = 0
    returned: int = 0

    @property
    def free(self) -> int:
        return self.quantity - self.next_offset - self.returned


@dataclass
class DemoTicketItem:
    id: int
    spec: DemoItem
    fiscal_year: int
    lots: dict[str, list[DemoLot]] = field(default_factory=lambda: defaultdict(list))
    allocated: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    counter: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def prices(self, price_class: str) -> tuple[int, int, int]:
        child = self.spec.child
        return child if price_class == "child" and child else self.spec.adult

    def title(self, price_class: str) -> str:
        if self.spec.child is None:
            return self.spec.name
        return f"{self.spec.name}（{'小人' if price_class == 'child' else '大人'}）"

    def stock(self, price_class: str) -> int:
        lots = self.lots[price_class]
        received = sum(lot.quantity - lot.returned for lot in lots)
        return received - self.allocated[price_class] - self.counter[price_class]


class People:
    """Members and where they work, on any day (from the affiliations already written)."""

    def __init__(self, ctx: DemoContext) -> None:
        tables = Base.metadata.tables
        members = tables["members"]
        self.names = {
            int(i): (str(n), str(name))
            for i, n, name in ctx.connection.execute(
                select(members.c.id, members.c.number, members.c.name)
            )
        }
        aff = tables["affiliations"]
        self.stints = sorted(
            (int(m), int(e), s, en)
            for m, e, s, en in ctx.connection.execute(
                select(aff.c.member_id, aff.c.establishment_id, aff.c.start_date, aff.c.end_date)
            )
        )
        self._present: dict[dt.date, list[tuple[int, int]]] = {}
        est = tables["establishments"]
        self.establishments = {
            int(i): (str(name), str(method))
            for i, name, method in ctx.connection.execute(
                select(est.c.id, est.c.name, est.c.collection_method)
            )
        }

    def present(self, day: dt.date) -> list[tuple[int, int]]:
        """(member id, establishment id) of everyone who is a member on ``day``."""
        if day not in self._present:
            self._present[day] = [
                (m, e) for m, e, s, end in self.stints if s <= day and (end is None or end >= day)
            ]
        return self._present[day]
