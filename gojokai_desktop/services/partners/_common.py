"""What the partner services share: loading a partner's year, names, the society's name."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import Establishment, Partner, PartnerItem, SocietySettings
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.partners.periods import PartnerYear


def partner_row(session: Session, partner_id: int) -> Partner:
    partner = session.get(Partner, partner_id)
    if partner is None:
        raise RuleViolation("その推進先は登録されていません（削除されたかもしれません）。")
    return partner


def item_row(session: Session, item_id: int) -> PartnerItem:
    item = session.get(PartnerItem, item_id)
    if item is None:
        raise RuleViolation("その推進項目はありません（ほかの端末で削除されたかもしれません）。")
    return item


def partner_year(partner: Partner, fiscal_year: int) -> PartnerYear:
    return PartnerYear(fiscal_year, partner.start_month)


def items_of_year(session: Session, partner_id: int, fiscal_year: int) -> list[PartnerItem]:
    return list(
        session.scalars(
            select(PartnerItem)
            .where(PartnerItem.partner_id == partner_id, PartnerItem.fiscal_year == fiscal_year)
            .order_by(PartnerItem.sort_order, PartnerItem.id)
        )
    )


def item_label(item: PartnerItem) -> str:
    """``預金・融資・各種サービス／メイン化…`` (the group only when the item has one)."""
    return f"{item.group_name}／{item.name}" if item.group_name else item.name


def establishment_labels(session: Session) -> dict[int, str]:
    """``0012 福島商事`` per establishment id."""
    return {
        est_id: f"{number:04d} {name}"
        for est_id, number, name in session.execute(
            select(Establishment.id, Establishment.number, Establishment.name)
        )
    }


def society_name(session: Session) -> str:
    row = session.get(SocietySettings, 1)
    return row.name if row is not None else ""
