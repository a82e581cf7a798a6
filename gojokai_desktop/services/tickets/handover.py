"""Handover (受渡) of allocated tickets to members, counter sales of leftovers, reversal.

Tickets leave the stock from the oldest lot, lowest free serial first; one handover row per
run of positions, so the signature list shows each member's serial numbers. A handover is
never more than the order's allocation, a counter sale never takes tickets allocated to
someone else, and a handover is undone only by a recorded reversal while it is unpaid.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Establishment,
    Member,
    TicketHandover,
    TicketItem,
    TicketOrder,
    TicketRound,
    TicketStockLot,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.tickets.caps import check_cap, household_cap
from gojokai_desktop.domain.tickets.prices import class_label
from gojokai_desktop.domain.tickets.serials import free_runs, take_lowest
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import (
    check_in_year,
    check_quantity,
    classes_of,
    item_or_refuse,
    item_title,
    member_label,
    member_or_refuse,
    prices_of,
    require_present,
)
from gojokai_desktop.services.tickets.orders import households, year_usage
from gojokai_desktop.services.tickets.stock import (
    lots_of,
    on_hand,
    reserved_of,
    serial_text,
    taken_runs,
)


@dataclass(frozen=True)
class OutstandingRow:
    """An allocated order not (fully) handed over yet."""

    order_id: int
    round_number: int
    member_id: int
    member_number: str
    member_name: str
    establishment_id: int
    establishment_name: str
    item_id: int
    item_title: str
    price_class: str
    allocated: int
    handed: int
    unit_price: int

    @property
    def remaining(self) -> int:
        return self.allocated - self.handed


@dataclass(frozen=True)
class HandoverView:
    id: int
    member_id: int
    member_number: str
    member_name: str
    establishment_id: int
    establishment_name: str
    item_id: int
    item_title: str
    price_class: str
    quantity: int
    serials: str
    handed_on: dt.date
    unit_price: int
    amount: int
    kind: str
    payment_id: int | None
    status: str
    order_id: int | None

    @property
    def paid(self) -> bool:
        return self.payment_id is not None

    @property
    def kind_label(self) -> str:
        return "窓口販売" if self.kind == "counter" else "配分"


def _handed(session: Session, order_ids: Sequence[int]) -> dict[int, int]:
    if not order_ids:
        return {}
    rows = session.execute(
        select(TicketHandover.order_id, func.sum(TicketHandover.quantity))
        .where(TicketHandover.order_id.in_(order_ids), TicketHandover.status == "live")
        .group_by(TicketHandover.order_id)
    )
    return {int(o or 0): int(n) for o, n in rows}


def outstanding(
    ctx: AppContext,
    *,
    fiscal_year: int | None = None,
    round_id: int | None = None,
    establishment_id: int | None = None,
    member_id: int | None = None,
) -> list[OutstandingRow]:
    """Allocated orders still to hand over, by establishment and member number."""
    query = (
        select(TicketOrder, TicketRound.number, Member, Establishment, TicketItem)
        .join(TicketRound, TicketRound.id == TicketOrder.round_id)
        .join(Member, Member.id == TicketOrder.member_id)
        .join(Establishment, Establishment.id == TicketOrder.establishment_id)
        .join(TicketItem, TicketItem.id == TicketOrder.item_id)
        .where(TicketOrder.status == "live", TicketOrder.allocated > 0)
        .where(TicketItem.referral_only.is_(False))
    )
    for column, value in (
        (TicketRound.fiscal_year, fiscal_year),
        (TicketOrder.round_id, round_id),
        (TicketOrder.establishment_id, establishment_id),
        (TicketOrder.member_id, member_id),
    ):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(Establishment.number, Member.number, TicketItem.sort_order)
    with ctx.reader() as session:
        rows = session.execute(query).all()
        handed = _handed(session, [o.id for o, *_rest in rows])
        result = []
        for order, number, member, est, item in rows:
            done = handed.get(order.id, 0)
            if done >= (order.allocated or 0):
                continue
            result.append(
                OutstandingRow(
                    order.id, number, member.id, member.number, member.name, est.id, est.name,
                    item.id, item_title(item, order.price_class), order.price_class,
                    order.allocated or 0, done, prices_of(item, order.price_class).member,
                )
            )  # fmt: skip
        return result


def _take(
    session: Session, item: TicketItem, price_class: str, quantity: int, day: dt.date
) -> list[tuple[TicketStockLot, int, int]]:
    """Positions for ``quantity`` tickets: oldest lot first, lowest free position first.

    Only lots received by ``day`` count: a handover dated before its tickets arrived would
    make the stock on that day negative (the clerk typed the wrong date, or the lot's).
    """
    every_lot = lots_of(session, item.id, price_class)
    lots = [lot for lot in every_lot if lot.received_on <= day]
    later = [lot for lot in every_lot if lot.received_on > day]
    taken = taken_runs(session, [lot.id for lot in lots])
    picks: list[tuple[TicketStockLot, int, int]] = []
    left = quantity
    for lot in lots:
        free = free_runs(lot.quantity, taken[lot.id])
        here = min(left, sum(count for _f, count in free))
        if here:
            picks += [(lot, first, count) for first, count in take_lowest(free, here)]
            left -= here
        if not left:
            return picks
    held = quantity - left
    if later:
        raise RuleViolation(
            f"「{item_title(item, price_class)}」は{format_wareki_short(day)}の時点で在庫が"
            f"足りません（在庫 {held}{item.unit}、受渡 {quantity}{item.unit}）。"
            f"{format_wareki_short(later[0].received_on)}に入荷した分は、その日より前の受渡"
            "には使えません。受渡日（または入荷日）を確かめてください。"
        )
    raise RuleViolation(
        f"「{item_title(item, price_class)}」の在庫が足りません（在庫 {held}{item.unit}、"
        f"受渡 {quantity}{item.unit}）。先に入荷を登録してください。"
    )


def _write(
    uow: UnitOfWork,
    item: TicketItem,
    member: Member,
    *,
    price_class: str,
    quantity: int,
    day: dt.date,
    order_id: int | None,
) -> list[TicketHandover]:
    session = uow.session
    price = prices_of(item, price_class).member
    rows = []
    for lot, first, count in _take(session, item, price_class, quantity, day):
        row = TicketHandover(
            item_id=item.id, price_class=price_class, member_id=member.id,
            establishment_id=member.establishment_id, order_id=order_id,
            kind="order" if order_id else "counter", lot_id=lot.id, lot_offset=first,
            quantity=count, handed_on=day, unit_price=price, amount=price * count,
            status="live", entered_by=uow.actor.name[:60],
        )  # fmt: skip
        session.add(row)
        session.flush()  # the next pick must see these positions taken
        rows.append(row)
    return rows


def hand_over(
    ctx: AppContext,
    order_ids: Sequence[int],
    handed_on: dt.date,
    quantities: Mapping[int, int] | None = None,
) -> list[HandoverView]:
    """受渡: each order's remaining allocation (or the quantity given) leaves the stock."""
    if not order_ids:
        raise ValidationError("受け渡す申込を選んでください。", "申込")
    with ctx.unit_of_work("斡旋品の受渡") as uow:
        session = uow.session
        orders = session.scalars(select(TicketOrder).where(TicketOrder.id.in_(order_ids))).all()
        if len(orders) != len(set(order_ids)):
            raise ValidationError("選んだ申込が見つかりません。", "申込")
        handed = _handed(session, [o.id for o in orders])
        written: list[TicketHandover] = []
        for order in sorted(orders, key=lambda o: o.id):
            item = item_or_refuse(session, order.item_id)
            member = member_or_refuse(session, order.member_id)
            if order.status != "live" or order.allocated is None:
                raise RuleViolation(f"会員 {member_label(member)} の申込はまだ配分されていません。")
            if item.referral_only:
                raise RuleViolation(f"「{item.name}」は紹介のみの品目のため受渡はありません。")
            check_in_year(session, item.fiscal_year, handed_on, "受渡日")
            remaining = order.allocated - handed.get(order.id, 0)
            wanted = (quantities or {}).get(order.id, remaining)
            check_quantity(wanted, "受渡数", allow_zero=True)
            if wanted > remaining:
                raise RuleViolation(
                    f"会員 {member_label(member)} の「{item_title(item, order.price_class)}」は"
                    f"配分 {order.allocated}{item.unit}のうち未受渡が{remaining}{item.unit}です"
                    f"（受渡 {wanted}{item.unit}は配分を超えます）。"
                )
            if wanted:
                written += _write(uow, item, member, price_class=order.price_class,
                                  quantity=wanted, day=handed_on, order_id=order.id)  # fmt: skip
        views = [_view(session, row) for row in written]
        uow.commit()
    return views


def sell_at_counter(
    ctx: AppContext,
    member_id: int,
    item_id: int,
    quantity: int,
    sold_on: dt.date,
    *,
    price_class: str = "adult",
) -> list[HandoverView]:
    """窓口販売 of leftovers: only stock nobody was allocated, within the member's cap."""
    check_quantity(quantity, "販売数")
    with ctx.unit_of_work("斡旋品の窓口販売") as uow:
        written = sell_at_counter_in(
            uow, member_id, item_id, quantity=quantity, sold_on=sold_on, price_class=price_class
        )
        views = [_view(uow.session, row) for row in written]
        uow.commit()
    return views


def sell_at_counter_in(
    uow: UnitOfWork,
    member_id: int,
    item_id: int,
    *,
    quantity: int,
    sold_on: dt.date,
    price_class: str = "adult",
) -> list[TicketHandover]:
    session = uow.session
    item = item_or_refuse(session, item_id)
    member = member_or_refuse(session, member_id)
    if item.referral_only:
        raise RuleViolation(f"「{item.name}」は紹介のみの品目のため販売しません。")
    if item.status == "retired":
        raise RuleViolation(f"「{item.name}」は取扱終了です。")
    if price_class not in classes_of(item):
        raise ValidationError(f"「{item.name}」に小人の料金はありません。", "券種")
    check_in_year(session, item.fiscal_year, sold_on, "販売日")
    require_present(member, sold_on)
    spare = on_hand(session, item.id, price_class) - reserved_of(session, item.id, price_class)
    if quantity > spare:
        raise RuleViolation(
            f"「{item_title(item, price_class)}」の残り（配分されていない在庫）は"
            f"{max(spare, 0)}{item.unit}です。"
        )
    usage = year_usage(session, item.fiscal_year, [member.id], except_round=None)
    persons = households(session, [member.id], sold_on)[member.id]
    cap = household_cap(item.member_cap, item.eligibility, persons)
    family = item.eligibility == "family"
    refused = check_cap(
        member=member_label(member), subject=f"「{item.name}」", cap=cap,
        total=usage[(member.id, item.id)] + quantity, unit=item.unit,
        per_person=item.member_cap, persons=persons if family else 1,
    )  # fmt: skip
    if refused is not None:
        raise RuleViolation(refused.message)
    return _write(uow, item, member, price_class=price_class, quantity=quantity, day=sold_on,
                  order_id=None)  # fmt: skip


def reverse_handover(ctx: AppContext, handover_id: int, reason: str, on: dt.date) -> None:
    """受渡の取消: the tickets come back to the stock; recorded with the reason. A paid
    handover needs its payment reversed first."""
    text = reason.strip()
    if not text:
        raise ValidationError("受渡を取り消す理由を入力してください。", "取消理由")
    with ctx.unit_of_work("斡旋品の受渡の取消") as uow:
        row = uow.session.get(TicketHandover, handover_id)
        if row is None or row.status != "live":
            raise RuleViolation("この受渡は既に取り消されています。")
        if row.payment_id is not None:
            raise RuleViolation("代金を受け取った受渡です。先に入金を取り消してください。")
        if on < row.handed_on:
            raise ValidationError("取消日は受渡日以降にしてください。", "取消日")
        row.status = "reversed"
        row.reversed_on = on
        row.reverse_reason = text[:200]
        uow.commit()


def _view(session: Session, row: TicketHandover) -> HandoverView:
    item = item_or_refuse(session, row.item_id)
    member = member_or_refuse(session, row.member_id)
    est = session.get(Establishment, row.establishment_id)
    lot = session.get(TicketStockLot, row.lot_id)
    return _make(row, member, est.name if est else "", item, lot)


def _make(
    row: TicketHandover,
    member: Member,
    establishment_name: str,
    item: TicketItem,
    lot: TicketStockLot | None,
) -> HandoverView:
    return HandoverView(
        row.id, member.id, member.number, member.name, row.establishment_id, establishment_name,
        item.id, item_title(item, row.price_class), row.price_class, row.quantity,
        serial_text(lot, row.lot_offset, row.quantity) if lot else "", row.handed_on,
        row.unit_price, row.amount, row.kind, row.payment_id, row.status, row.order_id,
    )  # fmt: skip


def handovers(
    ctx: AppContext,
    *,
    fiscal_year: int | None = None,
    round_id: int | None = None,
    establishment_id: int | None = None,
    member_id: int | None = None,
    handed_on: dt.date | None = None,
    unpaid_only: bool = False,
) -> list[HandoverView]:
    """Live handovers, by establishment, member number and item."""
    query = (
        select(TicketHandover, Member, Establishment.name, TicketItem, TicketStockLot)
        .join(Member, Member.id == TicketHandover.member_id)
        .join(Establishment, Establishment.id == TicketHandover.establishment_id)
        .join(TicketItem, TicketItem.id == TicketHandover.item_id)
        .join(TicketStockLot, TicketStockLot.id == TicketHandover.lot_id)
        .where(TicketHandover.status == "live")
    )
    if round_id is not None:
        query = query.join(TicketOrder, TicketOrder.id == TicketHandover.order_id).where(
            TicketOrder.round_id == round_id
        )
    for column, value in (
        (TicketItem.fiscal_year, fiscal_year),
        (TicketHandover.establishment_id, establishment_id),
        (TicketHandover.member_id, member_id),
        (TicketHandover.handed_on, handed_on),
    ):
        if value is not None:
            query = query.where(column == value)
    if unpaid_only:
        query = query.where(TicketHandover.payment_id.is_(None), TicketHandover.amount > 0)
    query = query.order_by(
        Establishment.number, Member.number, TicketItem.sort_order, TicketHandover.price_class,
        TicketHandover.id,
    )  # fmt: skip
    with ctx.reader() as session:
        return [_make(row, m, est, item, lot) for row, m, est, item, lot in session.execute(query)]


def label_of_class(item: TicketItem, price_class: str) -> str:
    return class_label(price_class, item.child_face_price is not None)
