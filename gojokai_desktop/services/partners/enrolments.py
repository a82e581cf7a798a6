"""Members' enrolments through the society (a 共済 taken out, a ろうきん account opened):
the date, the product and how many — no policy or account numbers — counted into the
results of items counted from enrolments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Affiliation,
    Establishment,
    Member,
    MembershipPeriod,
    PartnerEnrolment,
    PartnerItem,
)
from gojokai_desktop.db.models.base import utcnow
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.items import check_figure
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners._common import (
    item_label,
    item_row,
    items_of_year,
    partner_row,
    partner_year,
)


@dataclass(frozen=True)
class EnrolmentInput:
    """What the enrolment dialog records."""

    member_id: int
    item_id: int
    enrolled_on: dt.date
    quantity: int = 1
    note: str = ""


@dataclass(frozen=True)
class EnrolmentRow:
    id: int
    member_id: int
    member_number: str
    member_name: str
    member_kana: str
    establishment_id: int | None
    establishment: str
    item_id: int
    item: str
    unit: str
    enrolled_on: dt.date
    quantity: int
    note: str
    version: int


@dataclass(frozen=True)
class ProductChoice:
    """An item that can be chosen as the product of an enrolment."""

    item_id: int
    label: str
    unit: str


def products(ctx: AppContext, partner_id: int, fiscal_year: int) -> list[ProductChoice]:
    """The items of a partner's year counted from enrolments."""
    with ctx.reader() as session:
        return [
            ProductChoice(i.id, item_label(i), i.unit)
            for i in items_of_year(session, partner_id, fiscal_year)
            if i.source == "enrolments"
        ]


def _member_on(session: Session, member_id: int, day: dt.date) -> tuple[Member, int | None]:
    """The member and the establishment they belonged to on ``day``; refused when they were
    not a member then."""
    member = session.get(Member, member_id)
    if member is None:
        raise ValidationError("会員を選んでください。", "会員")
    covering = or_(MembershipPeriod.end_date.is_(None), MembershipPeriod.end_date >= day)
    period = session.scalar(
        select(MembershipPeriod.id).where(
            MembershipPeriod.member_id == member_id, MembershipPeriod.start_date <= day, covering
        )
    )
    if period is None:
        raise ValidationError(
            f"{member.name}さんは{format_wareki(day)}には会員ではありません"
            "（会員の期間中の加入だけを記録します）。",
            "加入日",
        )
    establishment = session.scalar(
        select(Affiliation.establishment_id).where(
            Affiliation.member_id == member_id,
            Affiliation.start_date <= day,
            or_(Affiliation.end_date.is_(None), Affiliation.end_date >= day),
        )
    )
    return member, establishment


def _checked(session: Session, data: EnrolmentInput) -> tuple[PartnerItem, int | None, str]:
    item = item_row(session, data.item_id)
    if item.source != "enrolments":
        raise ValidationError(
            f"「{item.name}」は会員の加入から数える項目ではありません。", "商品（項目）"
        )
    partner = partner_row(session, item.partner_id)
    year = partner_year(partner, item.fiscal_year)
    if year.month_of(data.enrolled_on) is None:
        raise ValidationError(
            f"{format_wareki(data.enrolled_on)}は{partner.name}の{year.label()}の外です"
            "（その年度の項目を選んでください）。",
            "加入日",
        )
    check_figure(data.quantity, "数量")
    if data.quantity < 1:
        raise ValidationError("1以上で入力してください。", "数量")
    _member, establishment = _member_on(session, data.member_id, data.enrolled_on)
    return item, establishment, clean_text(data.note, "備考", 200)


def add_enrolment(ctx: AppContext, data: EnrolmentInput) -> int:
    """Record an enrolment; returns its id."""
    with ctx.unit_of_work("会員の加入の登録") as uow:
        item, establishment, note = _checked(uow.session, data)
        row = PartnerEnrolment(
            member_id=data.member_id,
            item_id=item.id,
            establishment_id=establishment,
            enrolled_on=data.enrolled_on,
            quantity=data.quantity,
            note=note,
            entered_at=utcnow(),
            entered_by=ctx.actor.name,
        )
        uow.session.add(row)
        uow.flush()
        new_id = row.id
        uow.commit()
    return new_id


def _enrolment(session: Session, enrolment_id: int, version: int | None) -> PartnerEnrolment:
    row = session.get(PartnerEnrolment, enrolment_id)
    if row is None:
        raise RuleViolation("その加入の記録はありません（ほかの端末で削除されたかもしれません）。")
    if version is not None and row.version != version:
        raise RuleViolation(
            "この加入の記録はほかの端末で先に変更されました。画面を開き直してください。"
        )
    return row


def update_enrolment(
    ctx: AppContext, enrolment_id: int, data: EnrolmentInput, *, version: int | None = None
) -> None:
    """Correct an enrolment (date, product, quantity, note, member)."""
    with ctx.unit_of_work("会員の加入の修正") as uow:
        row = _enrolment(uow.session, enrolment_id, version)
        item, establishment, note = _checked(uow.session, data)
        row.member_id, row.item_id, row.establishment_id = data.member_id, item.id, establishment
        row.enrolled_on, row.quantity, row.note = data.enrolled_on, data.quantity, note
        uow.commit()


def delete_enrolment(ctx: AppContext, enrolment_id: int, *, version: int | None = None) -> None:
    """Remove an enrolment recorded by mistake."""
    with ctx.unit_of_work("会員の加入の削除") as uow:
        uow.session.delete(_enrolment(uow.session, enrolment_id, version))
        uow.commit()


def list_enrolments(ctx: AppContext, partner_id: int, fiscal_year: int) -> list[EnrolmentRow]:
    """The enrolments of a partner's year, newest first."""
    with ctx.reader() as session:
        items = {i.id: i for i in items_of_year(session, partner_id, fiscal_year)}
        query = (
            select(
                PartnerEnrolment,
                Member.number,
                Member.name,
                Member.name_kana,
                Establishment.number,
                Establishment.name,
            )
            .join(Member, Member.id == PartnerEnrolment.member_id)
            .outerjoin(
                Establishment,
                Establishment.id == PartnerEnrolment.establishment_id,
            )
            .where(PartnerEnrolment.item_id.in_(list(items)))
            .order_by(PartnerEnrolment.enrolled_on.desc(), PartnerEnrolment.id.desc())
        )
        rows = []
        for row, number, name, kana, est_number, est_name in session.execute(query):
            item = items[row.item_id]
            rows.append(
                EnrolmentRow(
                    id=row.id,
                    member_id=row.member_id,
                    member_number=number,
                    member_name=name,
                    member_kana=kana,
                    establishment_id=row.establishment_id,
                    establishment=f"{est_number:04d} {est_name}" if est_number else "",
                    item_id=item.id,
                    item=item_label(item),
                    unit=item.unit,
                    enrolled_on=row.enrolled_on,
                    quantity=row.quantity,
                    note=row.note,
                    version=row.version,
                )
            )
        return rows
