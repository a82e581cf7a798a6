"""The tickets' checks before a year is closed: every round closed and allocated, every
handover paid for (a closed year takes no more money for its tickets), the books agreeing;
tickets allocated and not handed over, and stock left, are shown."""

from __future__ import annotations

from sqlalchemy import func, select

from gojokai_desktop.db.models import (
    TicketHandover,
    TicketItem,
    TicketOrder,
    TicketRound,
)
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.year_close import CheckScope, YearCheck

AREA = "斡旋"


def year_checks(scope: CheckScope) -> list[YearCheck]:
    session = scope.session
    year = scope.fiscal_year
    checks = []
    open_rounds = session.scalars(
        select(TicketRound.number).where(
            TicketRound.fiscal_year == year, TicketRound.status == "open"
        )
    ).all()
    if open_rounds:
        names = "、".join(f"第{n}回" for n in open_rounds)
        checks.append(YearCheck(
            "tickets_open_rounds", "締め切っていない斡旋の回があります",
            f"{names}。［斡旋］→［申込］で締め切り、配分してください。", AREA, "申込",
            blocking=True, count=len(open_rounds),
        ))  # fmt: skip
    unallocated = session.scalar(
        select(func.count())
        .select_from(TicketOrder)
        .join(TicketRound, TicketRound.id == TicketOrder.round_id)
        .where(TicketRound.fiscal_year == year, TicketRound.status == "closed")
        .where(TicketOrder.status == "live", TicketOrder.allocated.is_(None))
    )
    if unallocated:
        checks.append(YearCheck(
            "tickets_unallocated", "配分していない申込があります",
            f"{int(unallocated):,}件。［斡旋］→［配分・抽選］で配分してください。", AREA,
            "配分・抽選", blocking=True, count=int(unallocated),
        ))  # fmt: skip
    count, amount = session.execute(
        select(func.count(), func.coalesce(func.sum(TicketHandover.amount), 0))
        .join(TicketItem, TicketItem.id == TicketHandover.item_id)
        .where(TicketItem.fiscal_year == year, TicketHandover.status == "live")
        .where(TicketHandover.payment_id.is_(None), TicketHandover.amount > 0)
    ).one()
    if count:
        checks.append(YearCheck(
            "tickets_unpaid", "代金を受け取っていない受渡があります",
            f"{int(count):,}件 {format_report_yen(int(amount))}円。締めた年度の斡旋品代は"
            "受け取れません。［斡旋］→［販売・入金］で入金してください。", AREA, "販売・入金",
            blocking=True, count=int(count),
        ))  # fmt: skip
    checks += _not_handed(scope)
    return checks


def _not_handed(scope: CheckScope) -> list[YearCheck]:
    session = scope.session
    allocated = session.scalar(
        select(func.coalesce(func.sum(TicketOrder.allocated), 0))
        .join(TicketItem, TicketItem.id == TicketOrder.item_id)
        .where(TicketItem.fiscal_year == scope.fiscal_year, TicketOrder.status == "live")
        .where(TicketItem.referral_only.is_(False))
    )
    handed = session.scalar(
        select(func.coalesce(func.sum(TicketHandover.quantity), 0))
        .join(TicketItem, TicketItem.id == TicketHandover.item_id)
        .where(TicketItem.fiscal_year == scope.fiscal_year, TicketHandover.status == "live")
        .where(TicketHandover.kind == "order")
    )
    left = int(allocated or 0) - int(handed or 0)
    if left <= 0:
        return []
    return [YearCheck(
        "tickets_not_handed", "配分したまま受け渡していない斡旋品があります",
        f"{left:,}枚。［斡旋］→［入荷・受渡］で受け渡すか、配分を変更してください。", AREA,
        "入荷・受渡", blocking=False, count=left,
    )]  # fmt: skip
