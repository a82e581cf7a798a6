"""Stock (在庫): lots received with their purchase posted, returns (返品), stock on any day.

A lot is bought at member price + subsidy per ticket: the member-price part goes to
斡旋事業費 and the subsidy to 斡旋補助金, in the same transaction as the lot. A return gives
back the highest free positions of a lot; its postings are reversed and posted again for the
tickets kept, so the cash book always holds (received − returned) × price per lot.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    TicketAllocationRun,
    TicketHandover,
    TicketItem,
    TicketOrder,
    TicketReturn,
    TicketStockLot,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.domain.tickets.prices import class_label
from gojokai_desktop.domain.tickets.serials import (
    Run,
    SerialRange,
    free_runs,
    parse_range,
    take_highest,
)
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.numbering import next_number
from gojokai_desktop.services.tickets._common import (
    check_in_year,
    classes_of,
    item_or_refuse,
    item_title,
    prices_of,
)
from gojokai_desktop.services.tickets._money import bank_for, reverse_all

MAX_LOT = 99_999
LOW_STOCK = 5
LOT_SOURCE = "ticket_lot"


@dataclass(frozen=True)
class LotInput:
    item_id: int
    received_on: dt.date
    quantity: int
    price_class: str = "adult"
    serial_from: str = ""
    serial_to: str = ""
    method: str = "bank"  # how the supplier is paid: cash or bank
    bank_account_id: int | None = None
    note: str = ""


@dataclass(frozen=True)
class LotView:
    id: int
    item_id: int
    item_title: str
    lot_no: int
    price_class: str
    received_on: dt.date
    quantity: int
    serials: str
    handed: int
    returned: int
    member_price: int
    subsidy: int
    method: str

    @property
    def on_hand(self) -> int:
        return self.quantity - self.handed - self.returned

    @property
    def cost(self) -> int:
        """What was paid for the tickets kept (received − returned)."""
        return (self.quantity - self.returned) * (self.member_price + self.subsidy)


@dataclass(frozen=True)
class StockRow:
    """One item and price class: received, gone, on hand, and what is promised to members."""

    item_id: int
    item_name: str
    category: str
    price_class: str
    class_label: str
    unit: str
    received: int
    handed: int
    returned: int
    on_hand: int
    reserved: int
    free_serials: str
    historical: bool = False  # a past day: no 不足・残りわずか warning for a day gone by

    @property
    def title(self) -> str:
        return f"{self.item_name}（{self.class_label}）" if self.class_label else self.item_name

    @property
    def free(self) -> int:
        """Leftovers (残): on hand and not allocated to anyone, for sale at the counter."""
        return self.on_hand - self.reserved

    @property
    def state(self) -> str:
        if self.historical:
            return ""
        if self.on_hand < self.reserved:
            return f"不足（あと{self.reserved - self.on_hand}{self.unit}入荷が必要）"
        if 0 < self.free <= LOW_STOCK:
            return "残りわずか"
        return ""


def serial_range(lot: TicketStockLot) -> SerialRange | None:
    if not lot.serial_from or not lot.serial_to:
        return None
    return parse_range(lot.serial_from, lot.serial_to, lot.quantity)


def serial_text(lot: TicketStockLot, first: int, count: int) -> str:
    serials = serial_range(lot)
    return "" if serials is None else serials.text(first, count)


def taken_runs(
    session: Session, lot_ids: Iterable[int], on: dt.date | None = None
) -> dict[int, list[Run]]:
    """Positions of each lot handed over or returned (by ``on``; default: now)."""
    ids = list(lot_ids)
    runs: dict[int, list[Run]] = defaultdict(list)
    if not ids:
        return runs
    handed = select(
        TicketHandover.lot_id, TicketHandover.lot_offset, TicketHandover.quantity
    ).where(TicketHandover.lot_id.in_(ids))
    returned = select(TicketReturn.lot_id, TicketReturn.lot_offset, TicketReturn.quantity).where(
        TicketReturn.lot_id.in_(ids)
    )
    if on is None:
        handed = handed.where(TicketHandover.status == "live")
    else:
        handed = handed.where(
            TicketHandover.handed_on <= on,
            or_(TicketHandover.status == "live", TicketHandover.reversed_on > on),
        )
        returned = returned.where(TicketReturn.returned_on <= on)
    for query in (handed, returned):
        for lot_id, offset, quantity in session.execute(query):
            runs[int(lot_id)].append((int(offset), int(quantity)))
    return runs


def lots_of(session: Session, item_id: int, price_class: str) -> list[TicketStockLot]:
    return list(
        session.scalars(
            select(TicketStockLot)
            .where(TicketStockLot.item_id == item_id, TicketStockLot.price_class == price_class)
            .order_by(TicketStockLot.received_on, TicketStockLot.lot_no)
        )
    )


def reserved_of(session: Session, item_id: int, price_class: str, on: dt.date | None = None) -> int:
    """Allocated to members and not handed over yet; on a past day ``on``, what allocations
    decided by then promised less what was handed over by then (the 在庫表 of that day)."""
    allocated_q = select(func.coalesce(func.sum(TicketOrder.allocated), 0)).where(
        TicketOrder.item_id == item_id,
        TicketOrder.price_class == price_class,
        TicketOrder.status == "live",
    )
    handed_q = select(func.coalesce(func.sum(TicketHandover.quantity), 0)).where(
        TicketHandover.item_id == item_id,
        TicketHandover.price_class == price_class,
        TicketHandover.status == "live",
        TicketHandover.kind == "order",
    )
    if on is not None:
        allocated_q = allocated_q.join(
            TicketAllocationRun, TicketAllocationRun.id == TicketOrder.allocation_run_id
        ).where(TicketAllocationRun.decided_on <= on)
        handed_q = handed_q.where(TicketHandover.handed_on <= on)
    return int(session.scalar(allocated_q) or 0) - int(session.scalar(handed_q) or 0)


def on_hand(session: Session, item_id: int, price_class: str, on: dt.date | None = None) -> int:
    """Tickets held on ``on`` (default: now): received − handed over − returned by then."""
    lots = select(func.coalesce(func.sum(TicketStockLot.quantity), 0)).where(
        TicketStockLot.item_id == item_id, TicketStockLot.price_class == price_class
    )
    handed = select(func.coalesce(func.sum(TicketHandover.quantity), 0)).where(
        TicketHandover.item_id == item_id, TicketHandover.price_class == price_class
    )
    returned = (
        select(func.coalesce(func.sum(TicketReturn.quantity), 0))
        .join(TicketStockLot, TicketStockLot.id == TicketReturn.lot_id)
        .where(TicketReturn.item_id == item_id, TicketStockLot.price_class == price_class)
    )
    if on is None:
        handed = handed.where(TicketHandover.status == "live")
    else:
        lots = lots.where(TicketStockLot.received_on <= on)
        handed = handed.where(
            TicketHandover.handed_on <= on,
            or_(TicketHandover.status == "live", TicketHandover.reversed_on > on),
        )
        returned = returned.where(TicketReturn.returned_on <= on)
    return (
        int(session.scalar(lots) or 0)
        - int(session.scalar(handed) or 0)
        - int(session.scalar(returned) or 0)
    )


def allocation_stock(
    session: Session, item: TicketItem, price_class: str, except_round: int
) -> int | None:
    """What a round's allocation may give of a price class (None: no limit).

    The stock is the tickets received and not returned, or — before any arrived — the
    item's 取扱数; less what other rounds were allocated and what was sold at the counter.
    """
    lots = lots_of(session, item.id, price_class)
    if lots:
        returned = session.scalar(
            select(func.coalesce(func.sum(TicketReturn.quantity), 0)).where(
                TicketReturn.lot_id.in_([lot.id for lot in lots])
            )
        )
        base: int | None = sum(lot.quantity for lot in lots) - int(returned or 0)
    else:
        base = item.child_supply_limit if price_class == "child" else item.supply_limit
    if base is None:
        return None
    other = session.scalar(
        select(func.coalesce(func.sum(TicketOrder.allocated), 0)).where(
            TicketOrder.item_id == item.id,
            TicketOrder.price_class == price_class,
            TicketOrder.status == "live",
            TicketOrder.round_id != except_round,
        )
    )
    counter = session.scalar(
        select(func.coalesce(func.sum(TicketHandover.quantity), 0)).where(
            TicketHandover.item_id == item.id,
            TicketHandover.price_class == price_class,
            TicketHandover.status == "live",
            TicketHandover.kind == "counter",
        )
    )
    return max(0, base - int(other or 0) - int(counter or 0))


def _post_purchase(
    uow: UnitOfWork, lot: TicketStockLot, item: TicketItem, quantity: int, day: dt.date
) -> None:
    title = item_title(item, lot.price_class)
    lines = (
        ("ticket_purchases", lot.member_price, f"斡旋 仕入 {title} {quantity}{item.unit}"),
        ("ticket_subsidy", lot.subsidy,
         f"斡旋 補助 {title} {quantity}{item.unit}×{lot.subsidy:,}円"),
    )  # fmt: skip
    for purpose, price, text in lines:
        if quantity * price:
            ledger.post(
                uow,
                date=day,
                amount=quantity * price,
                purpose=purpose,
                description=f"{text}（入荷No.{lot.lot_no}）",
                method=lot.method,
                bank_account=lot.bank_account_id if lot.method == "bank" else None,
                counterparty=item.supplier,
                source=(LOT_SOURCE, lot.id),
            )


def receive_lot(ctx: AppContext, data: LotInput) -> LotView:
    """入荷: the lot, its serials, and the purchase in the cash book, together."""
    if isinstance(data.quantity, bool) or not 1 <= data.quantity <= MAX_LOT:
        raise ValidationError(f"入荷数は1〜{MAX_LOT:,}で入力してください。", "入荷数")
    if data.method not in ("cash", "bank"):
        raise ValidationError("支払方法は現金か振込を選んでください。", "支払方法")
    with ctx.unit_of_work("斡旋品の入荷") as uow:
        session = uow.session
        item = item_or_refuse(session, data.item_id)
        if item.referral_only:
            raise RuleViolation(f"「{item.name}」は紹介のみの品目のため、入荷はありません。")
        if data.price_class not in classes_of(item):
            raise ValidationError(f"「{item.name}」に小人の料金はありません。", "券種")
        check_in_year(session, item.fiscal_year, data.received_on, "入荷日")
        first, last = data.serial_from.strip(), data.serial_to.strip()
        if bool(first) != bool(last):
            raise ValidationError("券番号は始めと終わりの両方を入力してください。", "券番号")
        if first:
            serials = parse_range(first, last, data.quantity)
            first, last = serials.serial(0), serials.serial(serials.count - 1)
        prices = prices_of(item, data.price_class)
        bank = None
        if data.method == "bank" and prices.cost:
            purpose = "ticket_purchases" if prices.member else "ticket_subsidy"
            bank = bank_for(uow, purpose, item.fiscal_year, data.bank_account_id)
        lot = TicketStockLot(
            item_id=item.id,
            lot_no=next_number(uow, "ticket_lot", item.id),
            price_class=data.price_class,
            received_on=data.received_on,
            quantity=data.quantity,
            serial_from=first or None,
            serial_to=last or None,
            member_price=prices.member,
            subsidy=prices.subsidy,
            method=data.method,
            bank_account_id=bank,
            note=clean_text(data.note, "備考", 200),
            entered_by=ctx.actor.name[:60],
        )
        session.add(lot)
        uow.flush()
        _post_purchase(uow, lot, item, lot.quantity, data.received_on)
        view = _lot_view(session, lot, item)
        uow.commit()
    return view


def return_tickets(
    ctx: AppContext, lot_id: int, quantity: int, returned_on: dt.date, reason: str = ""
) -> LotView:
    """返品: send back unallocated tickets of a lot; the refund reverses and re-posts the lot."""
    with ctx.unit_of_work("斡旋品の返品") as uow:
        session = uow.session
        lot = session.get(TicketStockLot, lot_id)
        if lot is None:
            raise ValidationError("入荷が見つかりません。", "入荷")
        item = item_or_refuse(session, lot.item_id)
        check_in_year(session, item.fiscal_year, returned_on, "返品日")
        if returned_on < lot.received_on:
            raise ValidationError("返品日は入荷日以降にしてください。", "返品日")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
            raise ValidationError("返品数は1以上で入力してください。", "返品数")
        free = free_runs(lot.quantity, taken_runs(session, [lot.id])[lot.id])
        in_lot = sum(count for _f, count in free)
        spare = on_hand(session, item.id, lot.price_class) - reserved_of(
            session, item.id, lot.price_class
        )
        if quantity > min(in_lot, spare):
            raise RuleViolation(
                f"返品できるのは{min(in_lot, max(spare, 0))}{item.unit}までです"
                f"（この入荷の在庫 {in_lot}{item.unit}。"
                "会員に配分済みで未受渡の分は返品できません）。"
            )
        for first, count in take_highest(free, quantity):
            session.add(
                TicketReturn(
                    lot_id=lot.id, item_id=item.id, returned_on=returned_on, lot_offset=first,
                    quantity=count, reason=clean_text(reason, "返品理由", 200),
                    entered_by=ctx.actor.name[:60],
                )
            )  # fmt: skip
        uow.flush()
        returned = _returned(session, [lot.id])[lot.id]
        text = f"返品 {quantity}{item.unit}（入荷No.{lot.lot_no}）"
        reverse_all(uow, LOT_SOURCE, lot.id, on=returned_on, reason=text)
        kept = lot.quantity - returned
        if kept:
            _post_purchase(uow, lot, item, kept, returned_on)
        view = _lot_view(session, lot, item)
        uow.commit()
    return view


def _returned(session: Session, lot_ids: list[int]) -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for lot_id, quantity in session.execute(
        select(TicketReturn.lot_id, func.sum(TicketReturn.quantity))
        .where(TicketReturn.lot_id.in_(lot_ids))
        .group_by(TicketReturn.lot_id)
    ):
        counts[int(lot_id)] = int(quantity)
    return counts


def _lot_view(session: Session, lot: TicketStockLot, item: TicketItem) -> LotView:
    handed = session.scalar(
        select(func.coalesce(func.sum(TicketHandover.quantity), 0)).where(
            TicketHandover.lot_id == lot.id, TicketHandover.status == "live"
        )
    )
    serials = serial_range(lot)
    return LotView(
        lot.id, item.id, item_title(item, lot.price_class), lot.lot_no, lot.price_class,
        lot.received_on, lot.quantity, serials.text(0, lot.quantity) if serials else "",
        int(handed or 0), _returned(session, [lot.id])[lot.id], lot.member_price, lot.subsidy,
        lot.method,
    )  # fmt: skip


def list_lots(ctx: AppContext, fiscal_year: int) -> list[LotView]:
    with ctx.reader() as session:
        rows = session.execute(
            select(TicketStockLot, TicketItem)
            .join(TicketItem, TicketItem.id == TicketStockLot.item_id)
            .where(TicketItem.fiscal_year == fiscal_year)
            .order_by(TicketItem.sort_order, TicketStockLot.price_class, TicketStockLot.lot_no)
        ).all()
        return [_lot_view(session, lot, item) for lot, item in rows]


def _free_serials(session: Session, item: TicketItem, price_class: str, on: dt.date | None) -> str:
    lots = [
        lot
        for lot in lots_of(session, item.id, price_class)
        if serial_range(lot) and (on is None or lot.received_on <= on)
    ]
    taken = taken_runs(session, [lot.id for lot in lots], on)
    parts = []
    for lot in lots:
        for first, count in free_runs(lot.quantity, taken[lot.id]):
            parts.append(serial_text(lot, first, count))
    return "、".join(parts)


def stock_rows(ctx: AppContext, fiscal_year: int, on: dt.date | None = None) -> list[StockRow]:
    """The stock of every item of the year (not the referral-only ones) on ``on``."""
    with ctx.reader() as session:
        items = session.scalars(
            select(TicketItem)
            .where(TicketItem.fiscal_year == fiscal_year, TicketItem.referral_only.is_(False))
            .order_by(TicketItem.sort_order, TicketItem.id)
        ).all()
        return [stock_row(session, item, price_class, on) for item in items
                for price_class in classes_of(item)]  # fmt: skip


def stock_row(
    session: Session, item: TicketItem, price_class: str, on: dt.date | None = None
) -> StockRow:
    lots = lots_of(session, item.id, price_class)
    received = sum(lot.quantity for lot in lots if on is None or lot.received_on <= on)
    returned_q = select(func.coalesce(func.sum(TicketReturn.quantity), 0)).where(
        TicketReturn.lot_id.in_([lot.id for lot in lots])
    )
    if on is not None:
        returned_q = returned_q.where(TicketReturn.returned_on <= on)
    returned = int(session.scalar(returned_q) or 0)
    held = on_hand(session, item.id, price_class, on)
    return StockRow(
        item.id, item.name, item.category, price_class,
        class_label(price_class, item.child_face_price is not None), item.unit, received,
        received - returned - held, returned, held, reserved_of(session, item.id, price_class, on),
        _free_serials(session, item, price_class, on), on is not None,
    )  # fmt: skip
