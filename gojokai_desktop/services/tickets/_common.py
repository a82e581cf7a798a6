"""What the ticket services share: loading rows or refusing, labels, the year's dates."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    FamilyMember,
    Member,
    SocietySettings,
    TicketItem,
    TicketRound,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.tickets.prices import Prices, class_label
from gojokai_desktop.domain.wareki import format_wareki_short

MAX_QUANTITY = 999


def calendar(session: Session) -> FiscalCalendar:
    settings = session.get(SocietySettings, 1)
    return FiscalCalendar(settings.fiscal_year_start_month if settings else 4)


def year_label(session: Session, fiscal_year: int) -> str:
    return calendar(session).label(fiscal_year)


def item_or_refuse(session: Session, item_id: int) -> TicketItem:
    item = session.get(TicketItem, item_id)
    if item is None:
        raise ValidationError("品目が見つかりません。", "品目")
    return item


def round_or_refuse(session: Session, round_id: int) -> TicketRound:
    row = session.get(TicketRound, round_id)
    if row is None:
        raise ValidationError("申込の回が見つかりません。", "申込の回")
    return row


def member_or_refuse(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise ValidationError("会員が見つかりません。", "会員")
    return member


def member_by_number(session: Session, number: str) -> Member | None:
    return session.scalar(select(Member).where(Member.number == number.strip()))


def member_label(member: Member) -> str:
    return f"{member.number} {member.name}"


def is_present(member: Member, on: dt.date) -> bool:
    """A member on ``on``: joined by then and not yet left."""
    return member.join_date <= on and (member.leave_date is None or member.leave_date >= on)


def require_present(member: Member, on: dt.date) -> None:
    """Leavers (and members not yet joined) cannot order, buy or be handed tickets."""
    if member.leave_date is not None and member.leave_date < on:
        raise RuleViolation(
            f"会員 {member_label(member)} は{format_wareki_short(member.leave_date)}に退会して"
            "いるため、斡旋の申込・購入はできません。"
        )
    if member.join_date > on:
        raise RuleViolation(
            f"会員 {member_label(member)} の入会は{format_wareki_short(member.join_date)}です。"
            "入会前の申込・購入はできません。"
        )


def household(session: Session, member_id: int, on: dt.date) -> int:
    """The member and the family registered on ``on`` (for items the family may use)."""
    family = session.scalar(
        select(func.count())
        .select_from(FamilyMember)
        .where(
            FamilyMember.member_id == member_id,
            FamilyMember.from_date <= on,
            (FamilyMember.to_date.is_(None)) | (FamilyMember.to_date >= on),
        )
    )
    return 1 + int(family or 0)


def prices_of(item: TicketItem, price_class: str) -> Prices:
    if price_class == "child":
        if item.child_face_price is None:
            raise ValidationError(f"「{item.name}」には小人の料金がありません。", "券種")
        return Prices(item.child_face_price, item.child_member_price or 0, item.child_subsidy or 0)
    return Prices(item.face_price, item.member_price, item.subsidy)


def classes_of(item: TicketItem) -> tuple[str, ...]:
    return ("adult", "child") if item.child_face_price is not None else ("adult",)


def item_title(item: TicketItem, price_class: str = "adult") -> str:
    """「スパリゾートハワイアンズ入場券（大人）」; a one-price item has no class."""
    label = class_label(price_class, item.child_face_price is not None)
    return f"{item.name}（{label}）" if label else item.name


def check_in_year(session: Session, fiscal_year: int, day: dt.date, field: str) -> None:
    """Every dated action on an item lies in the item's fiscal year (年度ごとの品目)."""
    cal = calendar(session)
    if cal.year_of(day) != fiscal_year:
        first, last = cal.first_day(fiscal_year), cal.last_day(fiscal_year)
        raise ValidationError(
            f"{cal.label(fiscal_year)}の品目です。{format_wareki_short(first)}〜"
            f"{format_wareki_short(last)}の日付を入力してください"
            f"（{format_wareki_short(day)}は範囲外）。",
            field,
        )


def check_quantity(quantity: int, field: str = "数量", *, allow_zero: bool = False) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise ValidationError("数量は整数で入力してください。", field)
    low = 0 if allow_zero else 1
    if quantity < low or quantity > MAX_QUANTITY:
        raise ValidationError(
            f"数量は{low}〜{MAX_QUANTITY}で入力してください（{quantity}）。", field
        )
    return quantity


def actor_name(name: str) -> str:
    return name[:60]
