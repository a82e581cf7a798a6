"""An establishment's order sheet (事業所の申込書) for a round on one screen.

The sheet is the establishment's members (those there on the day, and any who ordered in
this round) against the round's items and price classes. It carries what each member already
has of each item in the year outside this round and the caps, so the screen can check a
quantity as it is typed; saving goes through :func:`orders.apply_orders` all at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import or_, select

from gojokai_desktop.db.models import (
    Affiliation,
    Establishment,
    Member,
    TicketItem,
    TicketOrder,
    TicketRoundItem,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.tickets.caps import check_cap, household_cap
from gojokai_desktop.domain.tickets.prices import class_label
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import classes_of, prices_of, round_or_refuse
from gojokai_desktop.services.tickets.items import category_caps_in
from gojokai_desktop.services.tickets.orders import (
    OrderChange,
    OrderResult,
    apply_orders,
    households,
    year_usage,
)

Cell = tuple[int, int]  # (member id, column index)


@dataclass(frozen=True)
class SheetColumn:
    """One item and price class of the round, as a column of the sheet."""

    item_id: int
    price_class: str
    item_name: str
    class_label: str
    member_price: int
    cap: int | None
    eligibility: str
    category: str
    unit: str

    @property
    def title(self) -> str:
        return f"{self.item_name}（{self.class_label}）" if self.class_label else self.item_name


@dataclass(frozen=True)
class SheetMember:
    member_id: int
    number: str
    name: str
    name_kana: str
    persons: int
    present: bool
    usage: Mapping[int, int]  # item id → count in the year outside this round
    saved: tuple[int, ...]  # quantity per column as stored


@dataclass(frozen=True)
class EstablishmentSheet:
    round_id: int
    round_number: int
    fiscal_year: int
    is_open: bool
    establishment_id: int
    establishment_number: int
    establishment_name: str
    columns: tuple[SheetColumn, ...]
    members: tuple[SheetMember, ...]
    category_caps: Mapping[str, int]

    @property
    def title(self) -> str:
        return f"{self.fiscal_year}年度 第{self.round_number}回 {self.establishment_name}"

    def amount(self, quantities: Mapping[Cell, int]) -> int:
        """What the sheet's tickets cost the members at member price."""
        return sum(self.columns[c].member_price * q for (_m, c), q in quantities.items())

    def problems(self, quantities: Mapping[Cell, int]) -> dict[int, str]:
        """Caps broken by the typed quantities, by member id (as :func:`apply_orders` checks)."""
        found: dict[int, str] = {}
        for member in self.members:
            now: dict[int, int] = {}
            was: dict[int, int] = {}
            for index, column in enumerate(self.columns):
                typed = quantities.get((member.member_id, index), member.saved[index])
                now[column.item_id] = now.get(column.item_id, 0) + typed
                was[column.item_id] = was.get(column.item_id, 0) + member.saved[index]
            messages = []
            by_item = {c.item_id: c for c in self.columns}
            for item_id, total in now.items():
                if total <= was[item_id]:
                    continue
                column = by_item[item_id]
                family = column.eligibility == "family"
                refused = check_cap(
                    member=f"{member.number} {member.name}", subject=f"「{column.item_name}」",
                    cap=household_cap(column.cap, column.eligibility, member.persons),
                    total=total + member.usage.get(item_id, 0), unit=column.unit,
                    per_person=column.cap, persons=member.persons if family else 1,
                )  # fmt: skip
                if refused is not None:
                    messages.append(refused.message)
            for category, cap in self.category_caps.items():
                ids = {c.item_id for c in self.columns if c.category == category}
                new = sum(now[i] for i in ids)
                if new <= sum(was[i] for i in ids):
                    continue
                other = sum(v for i, v in member.usage.items() if i in ids)
                refused = check_cap(
                    member=f"{member.number} {member.name}",
                    subject=f"区分「{category}」",
                    cap=cap,
                    total=new + other,
                )
                if refused is not None:
                    messages.append(refused.message)
            if messages:
                found[member.member_id] = " ".join(messages)
        return found


def _columns(items: list[TicketItem]) -> tuple[SheetColumn, ...]:
    columns = []
    for item in items:
        for price_class in classes_of(item):
            columns.append(
                SheetColumn(
                    item.id, price_class, item.name,
                    class_label(price_class, item.child_face_price is not None),
                    prices_of(item, price_class).member, item.member_cap, item.eligibility,
                    item.category, item.unit,
                )
            )  # fmt: skip
    return tuple(columns)


def establishment_sheet(
    ctx: AppContext, round_id: int, establishment_id: int, on: dt.date | None = None
) -> EstablishmentSheet:
    """The sheet of ``establishment_id`` for the round, as stored now."""
    day = on or ctx.today()
    with ctx.reader() as session:
        round_row = round_or_refuse(session, round_id)
        est = session.get(Establishment, establishment_id)
        if est is None:
            raise ValidationError("事業所が見つかりません。", "事業所")
        items = list(
            session.scalars(
                select(TicketItem)
                .join(TicketRoundItem, TicketRoundItem.item_id == TicketItem.id)
                .where(TicketRoundItem.round_id == round_id)
                .order_by(TicketItem.sort_order, TicketItem.id)
            )
        )
        columns = _columns(items)
        present_ids = set(
            session.scalars(
                select(Affiliation.member_id).where(
                    Affiliation.establishment_id == establishment_id,
                    Affiliation.start_date <= day,
                    or_(Affiliation.end_date.is_(None), Affiliation.end_date >= day),
                )
            )
        )
        orders = session.scalars(
            select(TicketOrder).where(
                TicketOrder.round_id == round_id,
                TicketOrder.establishment_id == establishment_id,
                TicketOrder.status == "live",
            )
        ).all()
        member_ids = present_ids | {o.member_id for o in orders}
        members = session.scalars(
            select(Member).where(Member.id.in_(member_ids)).order_by(Member.number)
        ).all()
        usage = year_usage(session, round_row.fiscal_year, member_ids, except_round=round_id)
        persons = households(session, member_ids, day)
        index = {(c.item_id, c.price_class): n for n, c in enumerate(columns)}
        saved: dict[int, list[int]] = {m: [0] * len(columns) for m in member_ids}
        for order in orders:
            position = index.get((order.item_id, order.price_class))
            if position is not None:
                saved[order.member_id][position] = order.quantity
        return EstablishmentSheet(
            round_id, round_row.number, round_row.fiscal_year, round_row.status == "open",
            est.id, est.number, est.name, columns,
            tuple(
                SheetMember(
                    m.id, m.number, m.name, m.name_kana, persons[m.id], m.id in present_ids,
                    {i: n for (mid, i), n in usage.items() if mid == m.id}, tuple(saved[m.id]),
                )
                for m in members
            ),
            category_caps_in(session, round_row.fiscal_year),
        )  # fmt: skip


def save_sheet(
    ctx: AppContext,
    sheet: EstablishmentSheet,
    quantities: Mapping[Cell, int],
    received_on: dt.date | None = None,
) -> OrderResult:
    """Store the typed quantities of the sheet (only the cells that changed)."""
    changes = []
    for member in sheet.members:
        for index, column in enumerate(sheet.columns):
            typed = quantities.get((member.member_id, index))
            if typed is None or typed == member.saved[index]:
                continue
            changes.append(
                OrderChange(member.member_id, column.item_id, typed, column.price_class,
                            f"{member.number} {member.name}")
            )  # fmt: skip
    with ctx.unit_of_work(f"斡旋の申込（{sheet.establishment_name}の申込書）") as uow:
        result = apply_orders(
            uow, sheet.round_id, changes, source="sheet", received_on=received_on or ctx.today()
        )
        uow.commit()
    return result
