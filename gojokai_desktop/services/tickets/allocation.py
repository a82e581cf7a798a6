"""Allocation (配分・抽選) of a closed round, item by item, recorded so it can be re-run.

The clerk sees the result first (:func:`preview_allocation`, with the seed of a lottery);
committing (:func:`commit_allocation`) computes it again from the same seed and stores the
run — method, seed, stock, every request and result — and each order's allocation. Nothing
is ever given beyond the stock. A committed allocation changes only by a recorded change
with a reason (:func:`adjust_allocation`), or by reversing the whole run while nothing of it
has been handed over (:func:`reverse_run`).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Base,
    Establishment,
    Member,
    TicketAllocationChange,
    TicketAllocationRun,
    TicketHandover,
    TicketItem,
    TicketOrder,
    TicketRound,
    TicketRoundItem,
    utcnow,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.tickets.allocation import (
    METHOD_LABELS,
    SEED_LIMIT,
    Allocation,
    Request,
    allocate,
    demand_by_class,
    is_oversubscribed,
)
from gojokai_desktop.domain.tickets.prices import class_label
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import classes_of, item_or_refuse, round_or_refuse
from gojokai_desktop.services.tickets.stock import allocation_stock

Stock = dict[str, int | None]


@dataclass(frozen=True)
class DrawRow:
    rank: int
    order_id: int
    member_id: int
    member_number: str
    member_name: str
    establishment_name: str
    price_class: str
    class_label: str
    requested: int
    allocated: int
    result: str


@dataclass(frozen=True)
class AllocationView:
    """A preview or a committed run: what was drawn, from what stock, with which seed."""

    round_id: int
    round_number: int
    fiscal_year: int
    item_id: int
    item_name: str
    unit: str
    method: str
    seed: int | None
    partial_allowed: bool
    stock: Stock
    rows: tuple[DrawRow, ...]
    run_id: int | None = None
    status: str = "preview"
    decided_on: dt.date | None = None
    decided_by: str = ""
    reverse_reason: str | None = None

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)

    @property
    def seed_text(self) -> str:
        return "" if self.seed is None else f"{self.seed:08d}"

    @property
    def demand(self) -> int:
        return sum(r.requested for r in self.rows)

    @property
    def allocated(self) -> int:
        return sum(r.allocated for r in self.rows)

    @property
    def members(self) -> int:
        return len({r.member_id for r in self.rows})

    @property
    def losers(self) -> tuple[DrawRow, ...]:
        """Orders that got less than asked (落選・一部)."""
        return tuple(r for r in self.rows if r.allocated < r.requested)

    @property
    def stock_text(self) -> str:
        parts = []
        for price_class, limit in self.stock.items():
            label = class_label(price_class, len(self.stock) > 1)
            amount = "制限なし" if limit is None else f"{limit}{self.unit}"
            parts.append(f"{label} {amount}".strip())
        return "、".join(parts)


@dataclass(frozen=True)
class ItemState:
    """An item of the round on the 配分 tab: demand, stock, and whether it is allocated."""

    item_id: int
    item_name: str
    unit: str
    demand: dict[str, int]
    stock: Stock
    oversubscribed: bool
    method: str
    run_id: int | None
    allocated: int

    @property
    def state(self) -> str:
        if self.run_id is not None:
            return "配分済"
        if not any(self.demand.values()):
            return "申込なし"
        return f"要{METHOD_LABELS[self.method]}" if self.oversubscribed else "全数配分できます"


def _requests(
    session: Session, round_id: int, item_id: int
) -> tuple[list[Request], dict[int, tuple[str, str]]]:
    """The live orders of the item in the round, read as plain columns (thousands of them)."""
    rows = session.execute(
        select(
            TicketOrder.id, TicketOrder.member_id, TicketOrder.price_class,
            TicketOrder.quantity, TicketOrder.received_on, TicketOrder.entered_at,
            Member.number, Member.name, Establishment.name,
        )
        .join(Member, Member.id == TicketOrder.member_id)
        .join(Establishment, Establishment.id == TicketOrder.establishment_id)
        .where(
            TicketOrder.round_id == round_id,
            TicketOrder.item_id == item_id,
            TicketOrder.status == "live",
        )
    ).all()  # fmt: skip
    requests = [
        Request(oid, member, number, price_class, quantity,
                (received.isoformat(), entered.isoformat(), f"{oid:09d}"))
        for oid, member, price_class, quantity, received, entered, number, _n, _e in rows
    ]  # fmt: skip
    names = {member: (name, est) for _o, member, *_r, name, est in rows}
    return requests, names


def _stock(session: Session, item: TicketItem, round_id: int) -> Stock:
    return {c: allocation_stock(session, item, c, round_id) for c in classes_of(item)}


def _rows(
    result: Allocation, item: TicketItem, names: dict[int, tuple[str, str]]
) -> tuple[DrawRow, ...]:
    by_member = result.member_result()
    two = item.child_face_price is not None
    return tuple(
        DrawRow(
            g.rank, g.order_id, g.member_id, g.member_number,
            names.get(g.member_id, ("", ""))[0], names.get(g.member_id, ("", ""))[1],
            g.price_class, class_label(g.price_class, two), g.requested, g.allocated,
            by_member[g.member_id],
        )
        for g in result.grants
    )  # fmt: skip


def _open_for_allocation(
    session: Session, round_id: int, item_id: int
) -> tuple[TicketRound, TicketItem]:
    round_row = round_or_refuse(session, round_id)
    item = item_or_refuse(session, item_id)
    if round_row.status != "closed":
        raise RuleViolation(
            f"第{round_row.number}回はまだ受付中です。締め切ってから配分してください。"
        )
    offered = session.scalar(
        select(TicketRoundItem.item_id).where(
            TicketRoundItem.round_id == round_id, TicketRoundItem.item_id == item_id
        )
    )
    if offered is None:
        raise ValidationError(f"「{item.name}」はこの回の品目ではありません。", "品目")
    return round_row, item


def _compute(
    session: Session, round_id: int, item_id: int, seed: int | None
) -> tuple[TicketRound, TicketItem, Allocation, list[Request], dict[int, tuple[str, str]]]:
    round_row, item = _open_for_allocation(session, round_id, item_id)
    requests, names = _requests(session, round_id, item_id)
    stock = _stock(session, item, round_id)
    if seed is None and item.allocation_method == "lottery" and is_oversubscribed(requests, stock):
        seed = secrets.randbelow(SEED_LIMIT)
    if seed is not None and not 0 <= seed < SEED_LIMIT:
        raise ValidationError("抽選の種（シード）は0〜99999999の数字です。", "抽選の種")
    result = allocate(requests, stock, method=item.allocation_method, seed=seed,
                      partial_allowed=item.partial_allowed)  # fmt: skip
    return round_row, item, result, requests, names


def view_of(
    round_row: TicketRound,
    item: TicketItem,
    result: Allocation,
    names: dict[int, tuple[str, str]],
    run: TicketAllocationRun | None = None,
) -> AllocationView:
    return AllocationView(
        round_row.id, round_row.number, round_row.fiscal_year, item.id, item.name, item.unit,
        result.method, result.seed, result.partial_allowed, dict(result.stock),
        _rows(result, item, names),
        run_id=run.id if run else None, status=run.status if run else "preview",
        decided_on=run.decided_on if run else None, decided_by=run.decided_by if run else "",
        reverse_reason=run.reverse_reason if run else None,
    )  # fmt: skip


def preview_allocation(
    ctx: AppContext, round_id: int, item_id: int, seed: int | None = None
) -> AllocationView:
    """What the allocation would give (a lottery gets a fresh seed unless one is given)."""
    with ctx.reader() as session:
        round_row, item, result, _unused, names = _compute(session, round_id, item_id, seed)
        return view_of(round_row, item, result, names)


def _final_run(session: Session, round_id: int, item_id: int) -> TicketAllocationRun | None:
    return session.scalar(
        select(TicketAllocationRun).where(
            TicketAllocationRun.round_id == round_id,
            TicketAllocationRun.item_id == item_id,
            TicketAllocationRun.status == "final",
        )
    )


def _draw_json(result: Allocation, requests: list[Request]) -> str:
    asked = {r.order_id: r for r in requests}
    return json.dumps(
        [
            {"rank": g.rank, "order": g.order_id, "member": g.member_id,
             "number": g.member_number, "class": g.price_class, "requested": g.requested,
             "allocated": g.allocated, "sequence": list(asked[g.order_id].sequence)}
            for g in result.grants
        ],
        ensure_ascii=False,
    )  # fmt: skip


def commit_allocation(
    ctx: AppContext, round_id: int, item_id: int, seed: int | None = None
) -> AllocationView:
    """配分の確定: the result of ``seed`` (the previewed one) is stored with its record."""
    with ctx.unit_of_work("斡旋の配分（抽選）の確定") as uow:
        view = _commit_in(uow, ctx, round_id, item_id, seed)
        uow.commit()
    return view


def _commit_in(
    uow: UnitOfWork, ctx: AppContext, round_id: int, item_id: int, seed: int | None
) -> AllocationView:
    session = uow.session
    name = ctx.actor.name[:60]
    if _final_run(session, round_id, item_id) is not None:
        raise RuleViolation("この品目は既に配分しています。変えるときは配分を取り消してください。")
    round_row, item, result, requests, names = _compute(session, round_id, item_id, seed)
    if result.method == "lottery" and seed is None:
        raise ValidationError("抽選は結果を確認してから、その種（シード）で確定してください。",
                              "抽選の種")  # fmt: skip
    today = ctx.today()
    run = TicketAllocationRun(
        round_id=round_id, item_id=item_id, method=result.method, seed=result.seed,
        partial_allowed=result.partial_allowed,
        stock_json=json.dumps(result.stock, sort_keys=True),
        demand=result.demand, allocated=result.allocated, members=result.members,
        losers=result.losers, draw_json=_draw_json(result, requests), decided_on=today,
        decided_by=name, status="final",
    )  # fmt: skip
    session.add(run)
    uow.flush()
    grants = result.grants
    if grants:
        orders = Base.metadata.tables["ticket_orders"]
        # Core, not the ORM: 5,000 orders in one executemany; the version moves on too.
        session.execute(
            update(orders)
            .where(orders.c.id == bindparam("oid"))
            .values(allocated=bindparam("given"), allocation_run_id=run.id,
                    version=orders.c.version + 1),
            [{"oid": g.order_id, "given": g.allocated} for g in grants],
        )  # fmt: skip
        now = utcnow()
        session.execute(
            insert(Base.metadata.tables["ticket_allocation_changes"]),
            [{"order_id": g.order_id, "run_id": run.id, "kind": "run", "before": None,
              "after": g.allocated, "reason": f"{result.method_label}により配分",
              "changed_on": today, "changed_at": now, "changed_by": name}
             for g in grants],
        )  # fmt: skip
    summary = {
        "round": round_id,
        "item": item_id,
        "method": result.method,
        "seed": result.seed,
        "orders": len(grants),
        "allocated": result.allocated,
    }
    uow.audit("ticket_allocation_runs", str(run.id), summary)
    return view_of(round_row, item, result, names, run)


def allocate_in_full(ctx: AppContext, round_id: int) -> list[AllocationView]:
    """Every item of a closed round that is not oversubscribed, allocated as ordered, in one
    transaction."""
    states = round_allocation(ctx, round_id)
    with ctx.unit_of_work("斡旋の配分（申込どおり）") as uow:
        done = [
            _commit_in(uow, ctx, round_id, state.item_id, None)
            for state in states
            if state.run_id is None and not state.oversubscribed and any(state.demand.values())
        ]
        uow.commit()
    return done


def round_allocation(ctx: AppContext, round_id: int) -> list[ItemState]:
    """The round's items: demand against stock, and which are allocated."""
    with ctx.reader() as session:
        round_or_refuse(session, round_id)
        items = session.scalars(
            select(TicketItem)
            .join(TicketRoundItem, TicketRoundItem.item_id == TicketItem.id)
            .where(TicketRoundItem.round_id == round_id)
            .order_by(TicketItem.sort_order, TicketItem.id)
        ).all()
        states = []
        for item in items:
            requests, _names = _requests(session, round_id, item.id)
            stock = _stock(session, item, round_id)
            run = _final_run(session, round_id, item.id)
            states.append(
                ItemState(
                    item.id, item.name, item.unit, demand_by_class(requests), stock,
                    is_oversubscribed(requests, stock), item.allocation_method,
                    run.id if run else None, run.allocated if run else 0,
                )
            )  # fmt: skip
        return states


def _handed_of_orders(session: Session, order_ids: list[int]) -> dict[int, int]:
    if not order_ids:
        return {}
    return {
        int(o or 0): int(n)
        for o, n in session.execute(
            select(TicketHandover.order_id, func.sum(TicketHandover.quantity))
            .where(TicketHandover.order_id.in_(order_ids), TicketHandover.status == "live")
            .group_by(TicketHandover.order_id)
        )
    }


def reverse_run(ctx: AppContext, run_id: int, reason: str) -> None:
    """配分の取消: the run stays on record with the reason; its orders are unallocated.

    Refused while any of its tickets are handed over: reverse those handovers first.
    """
    require_role(ctx, "admin", "配分の取消")
    text = reason.strip()
    if not text:
        raise ValidationError("配分を取り消す理由を入力してください。", "取消理由")
    name = ctx.actor.name[:60]
    with ctx.unit_of_work("斡旋の配分の取消") as uow:
        session = uow.session
        run = session.get(TicketAllocationRun, run_id)
        if run is None or run.status != "final":
            raise RuleViolation("この配分は既に取り消されています。")
        orders = session.scalars(
            select(TicketOrder).where(TicketOrder.allocation_run_id == run.id)
        ).all()
        handed = _handed_of_orders(session, [o.id for o in orders])
        if handed:
            raise RuleViolation(
                f"この配分のうち{len(handed)}件は受渡済みです。先に受渡を取り消してください。"
            )
        for order in orders:
            session.add(
                TicketAllocationChange(
                    order_id=order.id, run_id=run.id, kind="reversal", before=order.allocated,
                    after=None, reason=text[:200], changed_on=ctx.today(), changed_by=name,
                )
            )  # fmt: skip
            order.allocated = None
            order.allocation_run_id = None
        run.status = "reversed"
        run.reverse_reason = text[:200]
        run.reversed_at = utcnow()
        run.reversed_by = name
        uow.commit()


def adjust_allocation(ctx: AppContext, order_id: int, allocated: int, reason: str) -> None:
    """An allocated order changed by hand (辞退, 繰上げ): recorded with its reason; never below
    what was handed over, never beyond the order, never beyond the stock."""
    text = reason.strip()
    if not text:
        raise ValidationError("配分を変える理由を入力してください。", "変更理由")
    with ctx.unit_of_work("斡旋の配分の変更") as uow:
        session = uow.session
        order = session.get(TicketOrder, order_id)
        if order is None or order.status != "live":
            raise ValidationError("申込が見つかりません。", "申込")
        if order.allocated is None:
            raise RuleViolation("まだ配分していない申込です。先に配分を確定してください。")
        item = item_or_refuse(session, order.item_id)
        if isinstance(allocated, bool) or not 0 <= allocated <= order.quantity:
            raise ValidationError(f"配分数は0〜{order.quantity}（申込数）で入力してください。",
                                  "配分数")  # fmt: skip
        handed = _handed_of_orders(session, [order.id]).get(order.id, 0)
        if allocated < handed:
            raise RuleViolation(
                f"この申込は{handed}{item.unit}受渡済みです。受渡済みより少なくするには、"
                "先に受渡を取り消してください。"
            )
        more = allocated - (order.allocated or 0)
        if more > 0:
            room = allocation_stock(session, item, order.price_class, order.round_id)
            given = session.scalar(
                select(func.coalesce(func.sum(TicketOrder.allocated), 0)).where(
                    TicketOrder.round_id == order.round_id, TicketOrder.item_id == item.id,
                    TicketOrder.price_class == order.price_class, TicketOrder.status == "live",
                )
            )  # fmt: skip
            if room is not None and int(given or 0) + more > room:
                raise RuleViolation(
                    f"在庫が足りません（この回に配分できるのは{room}{item.unit}、"
                    f"配分済み{int(given or 0)}{item.unit}）。"
                )
        session.add(
            TicketAllocationChange(
                order_id=order.id, run_id=order.allocation_run_id, kind="adjust",
                before=order.allocated, after=allocated, reason=text[:200],
                changed_on=ctx.today(), changed_by=ctx.actor.name[:60],
            )
        )  # fmt: skip
        order.allocated = allocated
        uow.commit()
