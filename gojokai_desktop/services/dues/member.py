"""One member's dues (the member record's 会費 tab): what was billed for them, how those
bills were paid, what is still open, and the cash they paid themselves at the counter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Affiliation,
    BillingRun,
    DuesAllocation,
    DuesBill,
    DuesBillLine,
    DuesPayment,
    Establishment,
    Member,
    MemberEvent,
    Receipt,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues.fees import FeeTableView, fee_table_by_id
from gojokai_desktop.services.dues.payments import METHOD_LABELS, PaymentResult, record_payment

KIND_LABELS = {
    "dues": "会費",
    "entry_fee": "入会金",
    "joiner": "途中入会分",
    "leaver_credit": "退会調整",
}
STATUS_LABELS = {"open": "未納", "paid": "入金済", "cancelled": "取消"}
#: The member's own lines: what a joiner pays at the counter (DOMAIN.md §4).
OWN_KINDS = ("entry_fee", "joiner")


@dataclass(frozen=True)
class MemberDuesLine:
    """The member's part of one bill: the head-count share or one of their own lines."""

    period: dt.date
    establishment_name: str
    kind: str
    months: int
    unit_amount: int
    amount: int
    bill_status: str
    bill_id: int = 0
    due_date: dt.date | None = None
    paid_on: dt.date | None = None  # the last payment applied to the bill

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.bill_status, self.bill_status)


@dataclass(frozen=True)
class MemberPayment:
    """Cash the member paid at the counter, with its receipt."""

    id: int
    received_date: dt.date
    amount: int
    method: str
    receipt: str  # 2025-0012, or "" when none was issued
    reversed: bool

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)


@dataclass(frozen=True)
class MemberDuesRecord:
    """Everything the 会費 tab shows, with its totals."""

    lines: tuple[MemberDuesLine, ...]
    payments: tuple[MemberPayment, ...]

    @property
    def billed(self) -> int:
        return sum(x.amount for x in self.lines)

    @property
    def open_share(self) -> int:
        """The member's part of the establishment's bills still unpaid (滞納 of the share)."""
        return sum(x.amount for x in self.lines if x.bill_status == "open")

    @property
    def own_open(self) -> int:
        """The member's own lines (入会金・途中入会分) on unpaid bills: what they may pay."""
        return sum(x.amount for x in self.lines if x.bill_status == "open" and x.kind in OWN_KINDS)

    @property
    def paid_by_member(self) -> int:
        return sum(p.amount for p in self.payments if not p.reversed)


def _last_paid(session: Session, bill_ids: set[int]) -> dict[int, dt.date]:
    if not bill_ids:
        return {}
    rows = session.execute(
        select(DuesAllocation.bill_id, func.max(DuesPayment.received_date))
        .join(DuesPayment, DuesPayment.id == DuesAllocation.payment_id)
        .where(DuesAllocation.bill_id.in_(bill_ids), DuesPayment.reversed.is_(False))
        .group_by(DuesAllocation.bill_id)
    )
    return {int(bill): day for bill, day in rows}


def _entered(session: Session, member_id: int) -> dict[dt.date, dt.datetime]:
    """When each of the member's joins was entered, by its date: a bill made before the
    clerk entered a join did not count the member."""
    rows = session.execute(
        select(MemberEvent.effective_date, func.max(MemberEvent.entered_at))
        .where(MemberEvent.member_id == member_id, MemberEvent.kind.in_(("join", "rejoin")))
        .group_by(MemberEvent.effective_date)
    )
    return {row[0]: row[1] for row in rows}


def _lines(session: Session, member: Member) -> list[MemberDuesLine]:
    own = session.execute(
        select(DuesBillLine, DuesBill, Establishment.name)
        .join(DuesBill, DuesBill.id == DuesBillLine.bill_id)
        .join(Establishment, Establishment.id == DuesBill.establishment_id)
        .where(DuesBillLine.member_id == member.id, DuesBill.status != "cancelled")
    ).all()
    lines = [
        MemberDuesLine(bill.period, name, line.kind, line.months, line.unit_amount, line.amount,
                       bill.status, bill.id, bill.due_date)
        for line, bill, name in own
    ]  # fmt: skip
    itemised = {bill.id for line, bill, _n in own if line.kind == "dues"}
    counted = session.execute(
        select(DuesBill, Establishment.name, BillingRun.fee_table_id, BillingRun.run_at,
               Affiliation.start_date)
        .join(
            Affiliation,
            and_(
                Affiliation.establishment_id == DuesBill.establishment_id,
                Affiliation.member_id == member.id,
                Affiliation.start_date <= DuesBill.base_date,
                or_(Affiliation.end_date.is_(None), Affiliation.end_date >= DuesBill.base_date),
            ),
        )
        .join(Establishment, Establishment.id == DuesBill.establishment_id)
        .join(BillingRun, BillingRun.id == DuesBill.run_id)
        .where(DuesBill.status != "cancelled")
    ).all()  # fmt: skip
    entered = _entered(session, member.id)
    fees: dict[int, FeeTableView] = {}
    for bill, name, fee_table_id, run_at, started in counted:
        joined_at = entered.get(started)
        if bill.id in itemised or (joined_at is not None and joined_at > run_at):
            continue  # a salary-rate line of its own, or a bill made before the join was entered
        table = fees.get(fee_table_id) or fees.setdefault(
            fee_table_id, fee_table_by_id(session, fee_table_id)
        )
        unit = table.flat().monthly_for(member.dues_class)
        lines.append(
            MemberDuesLine(bill.period, name, "dues", bill.months, unit, unit * bill.months,
                           bill.status, bill.id, bill.due_date)
        )  # fmt: skip
    return lines


def member_dues(ctx: AppContext, member_id: int) -> list[MemberDuesLine]:
    """The member's share of every live bill: head-count dues by class, plus own lines.

    A flat bill counts heads, so the member's part is the month amount of their class for
    the bill's months; entry fees, joiner months and leaver credits are lines of their own.
    """
    with ctx.reader() as session:
        member = session.get(Member, member_id)
        if member is None:
            return []
        lines = _lines(session, member)
        paid = _last_paid(session, {x.bill_id for x in lines})
    lines = [replace(x, paid_on=paid.get(x.bill_id)) for x in lines]
    return sorted(lines, key=lambda x: (x.period, list(KIND_LABELS).index(x.kind)))


def member_dues_record(ctx: AppContext, member_id: int) -> MemberDuesRecord:
    """The 会費 tab: the member's lines with each bill's state, and their own cash."""
    lines = member_dues(ctx, member_id)
    with ctx.reader() as session:
        rows = session.execute(
            select(DuesPayment, Receipt.fiscal_year, Receipt.number)
            .outerjoin(
                Receipt,
                and_(Receipt.payment_id == DuesPayment.id, Receipt.status == "issued"),
            )
            .where(DuesPayment.member_id == member_id)
            .order_by(DuesPayment.received_date, DuesPayment.id)
        ).all()
        payments = tuple(
            MemberPayment(p.id, p.received_date, p.amount, p.method,
                          f"{year}-{number:04d}" if number is not None else "", p.reversed)
            for p, year, number in rows
        )  # fmt: skip
    return MemberDuesRecord(tuple(lines), payments)


def record_member_cash(
    ctx: AppContext, member_id: int, amount: int, received: dt.date
) -> PaymentResult:
    """本人からの現金: the member pays their own lines (入会金・途中入会分) at the counter.

    The money goes to the establishment whose open bill carries those lines (the member's
    present one when none is open), settles that bill first and is booked in the cash book.
    """
    with ctx.reader() as session:
        member = session.get(Member, member_id)
        if member is None:
            raise ValidationError("会員が見つかりません", "会員")
        est_id = session.scalar(
            select(DuesBill.establishment_id)
            .join(DuesBillLine, DuesBillLine.bill_id == DuesBill.id)
            .where(
                DuesBillLine.member_id == member_id,
                DuesBillLine.kind.in_(OWN_KINDS),
                DuesBill.status == "open",
            )
            .order_by(DuesBill.period)
            .limit(1)
        )
        label = f"{member.number} {member.name}"
        establishment = est_id if est_id is not None else member.establishment_id
    return record_payment(
        ctx, establishment, amount, received, method="cash", member_id=member_id,
        note=f"本人から現金（{label}）",
    )  # fmt: skip
