"""What was billed for one member and when (the member record's 会費 tab)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select

from gojokai_desktop.db.models import (
    Affiliation,
    BillingRun,
    DuesBill,
    DuesBillLine,
    Establishment,
    Member,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues.fees import FeeTableView, fee_table_by_id

KIND_LABELS = {
    "dues": "会費",
    "entry_fee": "入会金",
    "joiner": "途中入会分",
    "leaver_credit": "退会調整",
}
STATUS_LABELS = {"open": "未納", "paid": "入金済", "cancelled": "取消"}


@dataclass(frozen=True)
class MemberDuesLine:
    period: dt.date
    establishment_name: str
    kind: str
    months: int
    unit_amount: int
    amount: int
    bill_status: str

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def member_dues(ctx: AppContext, member_id: int) -> list[MemberDuesLine]:
    """The member's share of every live bill: head-count dues by class, plus own lines.

    A flat bill counts heads, so the member's part is the month amount of their class for
    the bill's months; entry fees, joiner months and leaver credits are lines of their own.
    """
    with ctx.reader() as session:
        member = session.get(Member, member_id)
        if member is None:
            return []
        own = session.execute(
            select(DuesBillLine, DuesBill, Establishment.name)
            .join(DuesBill, DuesBill.id == DuesBillLine.bill_id)
            .join(Establishment, Establishment.id == DuesBill.establishment_id)
            .where(DuesBillLine.member_id == member_id, DuesBill.status != "cancelled")
        ).all()
        lines = [
            MemberDuesLine(bill.period, name, line.kind, line.months, line.unit_amount,
                           line.amount, bill.status)
            for line, bill, name in own
        ]  # fmt: skip
        itemised = {bill.id for line, bill, _n in own if line.kind == "dues"}
        counted = session.execute(
            select(DuesBill, Establishment.name, BillingRun.fee_table_id)
            .join(
                Affiliation,
                and_(
                    Affiliation.establishment_id == DuesBill.establishment_id,
                    Affiliation.member_id == member_id,
                    Affiliation.start_date <= DuesBill.base_date,
                    or_(Affiliation.end_date.is_(None), Affiliation.end_date >= DuesBill.base_date),
                ),
            )
            .join(Establishment, Establishment.id == DuesBill.establishment_id)
            .join(BillingRun, BillingRun.id == DuesBill.run_id)
            .where(DuesBill.status != "cancelled")
        ).all()
        fees: dict[int, FeeTableView] = {}
        for bill, name, fee_table_id in counted:
            if bill.id in itemised:
                continue
            table = fees.get(fee_table_id) or fees.setdefault(
                fee_table_id, fee_table_by_id(session, fee_table_id)
            )
            unit = table.flat().monthly_for(member.dues_class)
            lines.append(
                MemberDuesLine(bill.period, name, "dues", bill.months, unit,
                               unit * bill.months, bill.status)
            )  # fmt: skip
    return sorted(lines, key=lambda x: (x.period, list(KIND_LABELS).index(x.kind)))
