"""Order rounds (申込の回: 第1回・第2回): dates, the items offered, and closing (締切) once.

Orders are taken while a round is open; closing it is what allows the allocation, and it
happens once: a second close is refused with when and by whom it was closed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gojokai_desktop.db.models import (
    TicketAllocationRun,
    TicketItem,
    TicketOrder,
    TicketRound,
    TicketRoundItem,
    utcnow,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import calendar, check_in_year, round_or_refuse

STATUS_LABELS = {"open": "受付中", "closed": "締切済"}


@dataclass(frozen=True)
class RoundInput:
    fiscal_year: int
    number: int
    opens_on: dt.date
    closes_on: dt.date
    item_ids: tuple[int, ...]
    handover_on: dt.date | None = None
    note: str = ""


@dataclass(frozen=True)
class RoundView:
    id: int
    fiscal_year: int
    number: int
    opens_on: dt.date
    closes_on: dt.date
    handover_on: dt.date | None
    status: str
    closed_at: dt.datetime | None
    closed_by: str
    note: str
    version: int
    item_ids: tuple[int, ...]
    orders: int
    members: int
    allocated_items: int
    ordered_items: int = 0

    @property
    def title(self) -> str:
        return f"第{self.number}回"

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def status_label(self) -> str:
        if self.status == "closed" and self.allocated_items:
            return "配分済" if self.allocated_items >= self.ordered_items else "配分中"
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def period_text(self) -> str:
        return f"{format_wareki_short(self.opens_on)}〜{format_wareki_short(self.closes_on)}"


def round_view(session: Session, row: TicketRound) -> RoundView:
    items = tuple(
        session.scalars(
            select(TicketRoundItem.item_id)
            .join(TicketItem, TicketItem.id == TicketRoundItem.item_id)
            .where(TicketRoundItem.round_id == row.id)
            .order_by(TicketItem.sort_order, TicketItem.id)
        )
    )
    orders, members, ordered_items = session.execute(
        select(
            func.count(),
            func.count(func.distinct(TicketOrder.member_id)),
            func.count(func.distinct(TicketOrder.item_id)),
        ).where(TicketOrder.round_id == row.id, TicketOrder.status == "live")
    ).one()
    allocated = session.scalar(
        select(func.count()).where(
            TicketAllocationRun.round_id == row.id, TicketAllocationRun.status == "final"
        )
    )
    return RoundView(
        row.id, row.fiscal_year, row.number, row.opens_on, row.closes_on, row.handover_on,
        row.status, row.closed_at, row.closed_by, row.note, row.version, items,
        int(orders or 0), int(members or 0), int(allocated or 0), int(ordered_items or 0),
    )  # fmt: skip


def _validate(session: Session, data: RoundInput, round_id: int | None) -> None:
    if isinstance(data.number, bool) or not 1 <= data.number <= 12:
        raise ValidationError("回は1〜12で入力してください。", "回")
    check_in_year(session, data.fiscal_year, data.opens_on, "申込開始日")
    check_in_year(session, data.fiscal_year, data.closes_on, "申込締切日")
    if data.closes_on < data.opens_on:
        raise ValidationError("締切日は開始日以降にしてください。", "申込締切日")
    if data.handover_on is not None and data.handover_on < data.closes_on:
        raise ValidationError("受渡予定日は締切日より後にしてください。", "受渡予定日")
    taken = session.scalar(
        select(TicketRound.id).where(
            TicketRound.fiscal_year == data.fiscal_year,
            TicketRound.number == data.number,
            TicketRound.id != (round_id or 0),
        )
    )
    if taken is not None:
        raise ValidationError(f"{data.fiscal_year}年度の第{data.number}回は既にあります。", "回")
    if not data.item_ids:
        raise ValidationError("取り扱う品目を1つ以上選んでください。", "品目")
    items = session.scalars(select(TicketItem).where(TicketItem.id.in_(data.item_ids))).all()
    if len(items) != len(set(data.item_ids)):
        raise ValidationError("選んだ品目が見つかりません。", "品目")
    for item in items:
        if item.fiscal_year != data.fiscal_year:
            raise ValidationError(f"「{item.name}」は{item.fiscal_year}年度の品目です。", "品目")


def save_round(
    ctx: AppContext,
    data: RoundInput,
    *,
    round_id: int | None = None,
    expected_version: int | None = None,
) -> RoundView:
    """A new round, or changes to an open one (items with orders cannot be taken out)."""
    with ctx.unit_of_work("斡旋の回の保存" if round_id else "斡旋の回の登録") as uow:
        session = uow.session
        _validate(session, data, round_id)
        if round_id is None:
            retired = session.scalar(
                select(TicketItem.name).where(
                    TicketItem.id.in_(data.item_ids), TicketItem.status == "retired"
                )
            )
            if retired is not None:
                raise RuleViolation(f"取扱終了の品目（{retired}）は新しい回に入れられません。")
            row = TicketRound(
                fiscal_year=data.fiscal_year,
                number=data.number,
                opens_on=data.opens_on,
                closes_on=data.closes_on,
                status="open",
            )
            session.add(row)
            current: set[int] = set()
        else:
            row = round_or_refuse(session, round_id)
            if expected_version is not None and row.version != expected_version:
                raise StaleDataError("ほかの端末で先に変更されました。読み込み直してください。")
            if row.status != "open":
                raise RuleViolation(f"第{row.number}回は締め切り済みのため変更できません。")
            current = set(
                session.scalars(
                    select(TicketRoundItem.item_id).where(TicketRoundItem.round_id == row.id)
                )
            )
            dropped = current - set(data.item_ids)
            ordered = session.scalars(
                select(TicketItem.name)
                .join(TicketOrder, TicketOrder.item_id == TicketItem.id)
                .where(TicketOrder.round_id == row.id, TicketOrder.item_id.in_(dropped))
                .where(TicketOrder.status == "live")
                .distinct()
            ).all()
            if ordered:
                raise RuleViolation(
                    f"申込のある品目（{'、'.join(ordered)}）はこの回から外せません。"
                )
        row.fiscal_year, row.number = data.fiscal_year, data.number
        row.opens_on, row.closes_on, row.handover_on = (
            data.opens_on,
            data.closes_on,
            data.handover_on,
        )
        row.note = data.note.strip()
        uow.flush()
        session.execute(
            delete(TicketRoundItem).where(
                TicketRoundItem.round_id == row.id,
                TicketRoundItem.item_id.not_in(data.item_ids),
            )
        )
        for item_id in sorted(set(data.item_ids) - current):
            session.add(TicketRoundItem(round_id=row.id, item_id=item_id))
        uow.flush()
        view = round_view(session, row)
        uow.commit()
    return view


def close_round(
    ctx: AppContext, round_id: int, *, expected_version: int | None = None
) -> RoundView:
    """締切: no more orders; the allocation may start. A round closes once only."""
    with ctx.unit_of_work("斡旋の回の締切") as uow:
        session = uow.session
        row = session.scalar(
            select(TicketRound).where(TicketRound.id == round_id).with_for_update()
        )
        if row is None:
            raise ValidationError("申込の回が見つかりません。", "申込の回")
        if row.status == "closed":
            when = format_wareki_short(row.closed_at.date()) if row.closed_at else ""
            raise RuleViolation(
                f"{row.fiscal_year}年度 第{row.number}回は既に締め切っています"
                f"（{when} {row.closed_by}）。締切は一度だけです。"
            )
        if expected_version is not None and row.version != expected_version:
            raise StaleDataError("ほかの端末で先に変更されました。読み込み直してください。")
        row.status = "closed"
        row.closed_at = utcnow()
        row.closed_by = ctx.actor.name[:60]
        uow.flush()
        view = round_view(session, row)
        uow.commit()
    return view


def list_rounds(ctx: AppContext, fiscal_year: int | None = None) -> list[RoundView]:
    with ctx.reader() as session:
        query = select(TicketRound)
        if fiscal_year is not None:
            query = query.where(TicketRound.fiscal_year == fiscal_year)
        rows = session.scalars(query.order_by(TicketRound.fiscal_year, TicketRound.number)).all()
        return [round_view(session, r) for r in rows]


def get_round(ctx: AppContext, round_id: int) -> RoundView:
    with ctx.reader() as session:
        return round_view(session, round_or_refuse(session, round_id))


def open_rounds_due(ctx: AppContext, within_days: int = 7) -> list[RoundView]:
    """Open rounds whose closing day is within ``within_days`` (or already past)."""
    limit = ctx.today() + dt.timedelta(days=within_days)
    with ctx.reader() as session:
        rows = session.scalars(
            select(TicketRound)
            .where(TicketRound.status == "open", TicketRound.closes_on <= limit)
            .order_by(TicketRound.closes_on)
        ).all()
        return [round_view(session, r) for r in rows]


def year_of_today(ctx: AppContext) -> int:
    with ctx.reader() as session:
        return calendar(session).year_of(ctx.today())
