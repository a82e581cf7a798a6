"""Orders (申込): taken at the counter, from an establishment's sheet or from a workbook.

Every way in goes through :func:`apply_orders`, which sets a member's quantity of an item in
a round (0 cancels) after checking, for all the changes at once: the round is open, the item
is offered and not retired, the member has not left, and the member's yearly total of the item
and of its category stays within the caps across the rounds. One refusal stores nothing, and
each refusal names the member, the item and the cap.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Establishment,
    FamilyMember,
    Member,
    TicketHandover,
    TicketItem,
    TicketOrder,
    TicketRound,
    TicketRoundItem,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.tickets.caps import check_cap, household_cap
from gojokai_desktop.domain.tickets.prices import class_label
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import (
    MAX_QUANTITY,
    check_in_year,
    classes_of,
    is_present,
    item_title,
    member_label,
    round_or_refuse,
)
from gojokai_desktop.services.tickets.items import category_caps_in

SOURCE_LABELS = {"counter": "窓口", "sheet": "申込書", "import": "Excel取込"}
Key = tuple[int, int]  # (member id, item id)


class OrdersRefused(RuleViolation):
    """Some changes break a rule: every problem is listed, nothing was stored."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class OrderChange:
    """Set a member's quantity of an item (and price class) in a round; 0 cancels."""

    member_id: int
    item_id: int
    quantity: int
    price_class: str = "adult"
    where: str = ""  # how the clerk finds the line again: 「3行目」


@dataclass(frozen=True)
class OrderResult:
    created: int
    changed: int
    cancelled: int

    @property
    def text(self) -> str:
        return f"新規 {self.created}件、変更 {self.changed}件、取消 {self.cancelled}件"


@dataclass(frozen=True)
class OrderView:
    id: int
    round_id: int
    round_number: int
    member_id: int
    member_number: str
    member_name: str
    establishment_id: int
    establishment_name: str
    item_id: int
    item_name: str
    price_class: str
    class_label: str
    quantity: int
    allocated: int | None
    handed: int
    received_on: dt.date
    source: str
    status: str

    @property
    def item_title(self) -> str:
        return f"{self.item_name}（{self.class_label}）" if self.class_label else self.item_name

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source)


def year_usage(
    session: Session, fiscal_year: int, member_ids: Iterable[int], *, except_round: int | None
) -> dict[Key, int]:
    """Each member's count of each item in the year outside ``except_round``: live orders
    (their allocation once allocated) and tickets bought at the counter."""
    members = list(set(member_ids))
    usage: dict[Key, int] = defaultdict(int)
    if not members:
        return usage
    orders = (
        select(
            TicketOrder.member_id,
            TicketOrder.item_id,
            func.sum(func.coalesce(TicketOrder.allocated, TicketOrder.quantity)),
        )
        .join(TicketItem, TicketItem.id == TicketOrder.item_id)
        .where(TicketItem.fiscal_year == fiscal_year, TicketOrder.status == "live")
        .where(TicketOrder.member_id.in_(members))
        .group_by(TicketOrder.member_id, TicketOrder.item_id)
    )
    if except_round is not None:
        orders = orders.where(TicketOrder.round_id != except_round)
    counter = (
        select(TicketHandover.member_id, TicketHandover.item_id, func.sum(TicketHandover.quantity))
        .join(TicketItem, TicketItem.id == TicketHandover.item_id)
        .where(TicketItem.fiscal_year == fiscal_year, TicketHandover.kind == "counter")
        .where(TicketHandover.status == "live", TicketHandover.member_id.in_(members))
        .group_by(TicketHandover.member_id, TicketHandover.item_id)
    )
    for query in (orders, counter):
        for member_id, item_id, count in session.execute(query):
            usage[(int(member_id), int(item_id))] += int(count or 0)
    return usage


def households(session: Session, member_ids: Iterable[int], on: dt.date) -> dict[int, int]:
    """Persons per member on ``on``: the member and the family registered then."""
    members = list(set(member_ids))
    counts = dict.fromkeys(members, 1)
    if not members:
        return counts
    rows = session.execute(
        select(FamilyMember.member_id, func.count())
        .where(FamilyMember.member_id.in_(members), FamilyMember.from_date <= on)
        .where((FamilyMember.to_date.is_(None)) | (FamilyMember.to_date >= on))
        .group_by(FamilyMember.member_id)
    )
    for member_id, count in rows:
        counts[int(member_id)] = 1 + int(count)
    return counts


class _Check:
    """The checks of one batch of changes against the database as it is."""

    def __init__(self, session: Session, round_row: TicketRound, received_on: dt.date) -> None:
        self.session = session
        self.round = round_row
        self.received_on = received_on
        self.items = {
            i.id: i
            for i in session.scalars(
                select(TicketItem)
                .join(TicketRoundItem, TicketRoundItem.item_id == TicketItem.id)
                .where(TicketRoundItem.round_id == round_row.id)
            )
        }
        self.problems: list[str] = []

    def refuse(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}" if where else text)

    def line(self, change: OrderChange, member: Member | None) -> bool:
        """Whether the change itself is possible (caps are checked afterwards, together)."""
        item = self.items.get(change.item_id)
        who = member_label(member) if member else "（不明な会員）"
        if member is None:
            self.refuse(change.where, "会員が見つかりません。")
            return False
        if item is None:
            self.refuse(change.where, f"会員 {who}: この回で取り扱っていない品目です。")
            return False
        if change.price_class not in classes_of(item):
            self.refuse(change.where, f"会員 {who}: 「{item.name}」に小人の料金はありません。")
            return False
        q = change.quantity
        if isinstance(q, bool) or not isinstance(q, int) or not 0 <= q <= MAX_QUANTITY:
            self.refuse(
                change.where,
                f"会員 {who}: 「{item.name}」の数量「{q}」は0〜{MAX_QUANTITY}で入力してください。",
            )
            return False
        if q and item.status == "retired":
            self.refuse(change.where, f"「{item.name}」は取扱終了のため申込できません。")
            return False
        if q and not is_present(member, self.received_on):
            left = member.leave_date
            reason = (
                f"{format_wareki_short(left)}に退会しているため申込できません。"
                if left is not None and left < self.received_on
                else "申込日に会員ではないため申込できません。"
            )
            self.refuse(change.where, f"会員 {who} は{reason}")
            return False
        return True


def _existing(
    session: Session, round_id: int, member_ids: list[int]
) -> dict[tuple[int, int, str], TicketOrder]:
    rows = session.scalars(
        select(TicketOrder).where(
            TicketOrder.round_id == round_id,
            TicketOrder.status == "live",
            TicketOrder.member_id.in_(member_ids),
        )
    ).all()
    return {(r.member_id, r.item_id, r.price_class): r for r in rows}


def _cap_problems(
    check: _Check,
    members: dict[int, Member],
    existing: dict[tuple[int, int, str], TicketOrder],
    wanted: dict[tuple[int, int, str], int],
    where: dict[Key, str],
) -> None:
    session, fiscal_year = check.session, check.round.fiscal_year
    member_ids = {m for m, _i, _c in wanted}
    usage = year_usage(session, fiscal_year, member_ids, except_round=check.round.id)
    persons = households(session, member_ids, check.received_on)
    caps = category_caps_in(session, fiscal_year)
    before: dict[Key, int] = defaultdict(int)
    after: dict[Key, int] = defaultdict(int)
    for (member_id, item_id, _c), order in existing.items():
        before[(member_id, item_id)] += order.quantity
        after[(member_id, item_id)] += order.quantity
    for (member_id, item_id, price_class), quantity in wanted.items():
        old = existing.get((member_id, item_id, price_class))
        after[(member_id, item_id)] += quantity - (old.quantity if old else 0)
    year_items = {
        i.id: i
        for i in session.scalars(select(TicketItem).where(TicketItem.fiscal_year == fiscal_year))
    }
    for key in sorted(after, key=lambda k: (members[k[0]].number, k[1])):
        if after[key] <= before[key]:
            continue  # less than before is always allowed, even over a cap lowered since
        member_id, item_id = key
        item = year_items[item_id]
        cap = household_cap(item.member_cap, item.eligibility, persons[member_id])
        refused = check_cap(
            member=member_label(members[member_id]), subject=f"「{item.name}」", cap=cap,
            total=usage[key] + after[key], unit=item.unit,
            per_person=item.member_cap,
            persons=persons[member_id] if item.eligibility == "family" else 1,
        )  # fmt: skip
        if refused is not None:
            check.refuse(where.get(key, ""), refused.message)
    for member_id in sorted(member_ids, key=lambda m: members[m].number):
        for category, cap in caps.items():
            in_category = [i for i in year_items.values() if i.category == category]
            ids = {i.id for i in in_category}
            new = sum(v for (m, i), v in after.items() if m == member_id and i in ids)
            was = sum(v for (m, i), v in before.items() if m == member_id and i in ids)
            if new <= was:
                continue
            total = new + sum(v for (m, i), v in usage.items() if m == member_id and i in ids)
            refused = check_cap(member=member_label(members[member_id]),
                                subject=f"区分「{category}」", cap=cap, total=total)  # fmt: skip
            if refused is not None:
                check.refuse("", refused.message)


def _prepare(
    session: Session, round_id: int, changes: Sequence[OrderChange], received_on: dt.date
) -> tuple[
    _Check,
    dict[int, Member],
    dict[tuple[int, int, str], TicketOrder],
    dict[tuple[int, int, str], int],
]:
    round_row = round_or_refuse(session, round_id)
    if round_row.status != "open":
        raise RuleViolation(
            f"{round_row.fiscal_year}年度 第{round_row.number}回は締め切っているため、"
            "申込の追加・変更はできません。"
        )
    check_in_year(session, round_row.fiscal_year, received_on, "申込日")
    if received_on < round_row.opens_on:
        raise ValidationError(
            f"第{round_row.number}回の受付は{format_wareki_short(round_row.opens_on)}からです。",
            "申込日",
        )
    check = _Check(session, round_row, received_on)
    member_ids = sorted({c.member_id for c in changes})
    members = {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(member_ids)))}
    existing = _existing(session, round_id, member_ids)
    wanted: dict[tuple[int, int, str], int] = {}
    where: dict[Key, str] = {}
    for change in changes:
        if check.line(change, members.get(change.member_id)):
            key = (change.member_id, change.item_id, change.price_class)
            wanted[key] = change.quantity
            where.setdefault((change.member_id, change.item_id), change.where)
    if not check.problems:
        _cap_problems(check, members, existing, wanted, where)
    return check, members, existing, wanted


def apply_orders(
    uow: UnitOfWork,
    round_id: int,
    changes: Sequence[OrderChange],
    *,
    source: str,
    received_on: dt.date,
) -> OrderResult:
    """Set every change in ``uow`` or refuse them all (:class:`OrdersRefused`)."""
    session = uow.session
    check, members, existing, wanted = _prepare(session, round_id, changes, received_on)
    if check.problems:
        raise OrdersRefused(check.problems)
    created = changed = cancelled = 0
    for (member_id, item_id, price_class), quantity in wanted.items():
        order = existing.get((member_id, item_id, price_class))
        if order is None:
            if quantity:
                session.add(
                    TicketOrder(
                        round_id=round_id, item_id=item_id, member_id=member_id,
                        establishment_id=members[member_id].establishment_id,
                        price_class=price_class, quantity=quantity, received_on=received_on,
                        source=source, status="live",
                    )
                )  # fmt: skip
                created += 1
        elif quantity == 0:
            order.status = "cancelled"
            cancelled += 1
        elif quantity != order.quantity:
            order.quantity = quantity
            changed += 1
    uow.flush()
    return OrderResult(created, changed, cancelled)


def check_orders(
    ctx: AppContext, round_id: int, changes: Sequence[OrderChange], received_on: dt.date
) -> list[str]:
    """What :func:`apply_orders` would refuse, without writing (for checks as typed)."""
    with ctx.reader() as session:
        try:
            check, *_rest = _prepare(session, round_id, changes, received_on)
        except (RuleViolation, ValidationError) as error:
            return [str(getattr(error, "message", error))]
        return list(check.problems)


def place_order(
    ctx: AppContext,
    round_id: int,
    member_id: int,
    item_id: int,
    quantity: int,
    *,
    price_class: str = "adult",
    received_on: dt.date | None = None,
) -> OrderResult:
    """A member's order at the counter (the quantity replaces an earlier one; 0 cancels)."""
    with ctx.unit_of_work("斡旋の申込（窓口）") as uow:
        result = apply_orders(
            uow,
            round_id,
            [OrderChange(member_id, item_id, quantity, price_class)],
            source="counter",
            received_on=received_on or ctx.today(),
        )
        uow.commit()
    return result


def cancel_order(ctx: AppContext, order_id: int) -> None:
    """取消 of an order while its round is open."""
    with ctx.unit_of_work("斡旋の申込の取消") as uow:
        order = uow.session.get(TicketOrder, order_id)
        if order is None or order.status != "live":
            raise RuleViolation("この申込は既に取り消されています。")
        apply_orders(
            uow, order.round_id,
            [OrderChange(order.member_id, order.item_id, 0, order.price_class)],
            source=order.source, received_on=max(ctx.today(), order.received_on),
        )  # fmt: skip
        uow.commit()


def order_views(
    ctx: AppContext,
    *,
    round_id: int | None = None,
    fiscal_year: int | None = None,
    member_id: int | None = None,
    establishment_id: int | None = None,
    item_id: int | None = None,
) -> list[OrderView]:
    """Live orders with what was allocated and handed over, by member number."""
    handed = (
        select(TicketHandover.order_id, func.sum(TicketHandover.quantity).label("n"))
        .where(TicketHandover.status == "live", TicketHandover.order_id.is_not(None))
        .group_by(TicketHandover.order_id)
        .subquery()
    )
    query = (
        select(TicketOrder, TicketRound.number, Member, Establishment.name, TicketItem, handed.c.n)
        .join(TicketRound, TicketRound.id == TicketOrder.round_id)
        .join(Member, Member.id == TicketOrder.member_id)
        .join(Establishment, Establishment.id == TicketOrder.establishment_id)
        .join(TicketItem, TicketItem.id == TicketOrder.item_id)
        .outerjoin(handed, handed.c.order_id == TicketOrder.id)
        .where(TicketOrder.status == "live")
    )
    for column, value in (
        (TicketOrder.round_id, round_id),
        (TicketRound.fiscal_year, fiscal_year),
        (TicketOrder.member_id, member_id),
        (TicketOrder.establishment_id, establishment_id),
        (TicketOrder.item_id, item_id),
    ):
        if value is not None:
            query = query.where(column == value)
    query = query.order_by(Member.number, TicketItem.sort_order, TicketOrder.price_class)
    with ctx.reader() as session:
        return [
            OrderView(
                o.id,
                o.round_id,
                number,
                o.member_id,
                m.number,
                m.name,
                o.establishment_id,
                est_name,
                o.item_id,
                item.name,
                o.price_class,
                class_label(o.price_class, item.child_face_price is not None),
                o.quantity,
                o.allocated,
                int(n or 0),
                o.received_on,
                o.source,
                o.status,
            )
            for o, number, m, est_name, item, n in session.execute(query)
        ]


def describe(item: TicketItem, price_class: str) -> str:
    return item_title(item, price_class)
