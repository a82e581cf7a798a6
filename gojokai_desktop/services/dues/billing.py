"""Dues billing (会費請求): fee tables per fiscal year, billing runs with preview, cancel."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import (
    Affiliation,
    BillingRun,
    DuesBill,
    DuesBillLine,
    Establishment,
    FamilyMember,
    Member,
    MemberSalary,
    SocietySettings,
)
from gojokai_desktop.domain.dues import (
    cycle_months,
    debit_date,
    is_cycle_start,
    salary_rate_dues,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services import numbering
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues._credit import apply_credit_to
from gojokai_desktop.services.dues._mid_cycle import joiner_and_leaver_lines
from gojokai_desktop.services.dues.fees import FeeTableView, fee_table_in
from gojokai_desktop.services.dues.lines import BillLineView

CLASS_LABELS = {
    "": "会費",
    "regular": "会費",
    "part_time": "会費（パート）",
    "owner": "会費（事業主）",
}


@dataclass(frozen=True)
class BillPreview:
    """One establishment's bill as it would be (or was) written."""

    establishment_id: int
    establishment_number: int
    establishment_name: str
    cycle: str
    months: int
    head_count: int
    amount: int
    due_date: dt.date
    lines: tuple[BillLineView, ...]


@dataclass(frozen=True)
class BillingPreview:
    period: dt.date
    fiscal_year: int
    base_date: dt.date
    fee_table_id: int
    bills: tuple[BillPreview, ...]
    already_billed: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(b.amount for b in self.bills)


@dataclass(frozen=True)
class BillingResult:
    run_id: int
    bill_count: int
    total: int
    already_billed: int


def _calendar(session: Session) -> FiscalCalendar:
    settings = session.get(SocietySettings, 1)
    return FiscalCalendar(settings.fiscal_year_start_month if settings else 4)


def _covering(on: dt.date) -> tuple[object, ...]:
    return (
        Affiliation.start_date <= on,
        or_(Affiliation.end_date.is_(None), Affiliation.end_date >= on),
    )


def _salary_facts(session: Session, base: dt.date) -> tuple[dict[int, int], dict[int, int]]:
    """Every member's monthly salary and number of dependents on ``base``, in two queries
    (not two per establishment)."""
    salaries: dict[int, int] = {}
    for member_id, salary in session.execute(
        select(MemberSalary.member_id, MemberSalary.monthly_salary)
        .where(MemberSalary.effective_date <= base)
        .order_by(MemberSalary.effective_date)
    ):
        salaries[member_id] = salary
    dependents: dict[int, int] = {
        int(member_id): int(count)
        for member_id, count in session.execute(
            select(FamilyMember.member_id, func.count())
            .where(
                FamilyMember.dependent.is_(True),
                FamilyMember.from_date <= base,
                or_(FamilyMember.to_date.is_(None), FamilyMember.to_date >= base),
            )
            .group_by(FamilyMember.member_id)
        )
    }
    return salaries, dependents


def _salary_lines(
    facts: tuple[dict[int, int], dict[int, int]],
    est_members: list[tuple[int, str, str]],
    months: int,
    fees: FeeTableView,
) -> list[BillLineView]:
    salaries, dependents = facts
    table = fees.salary()
    lines = []
    for member_id, number, name in est_members:
        dues = salary_rate_dues(salaries.get(member_id, 0), dependents.get(member_id, 0), table)
        lines.append(
            BillLineView(
                "dues",
                f"掛金 {number} {name}（事業掛金 {dues.salary_part:,}円"
                f"・被扶養者 {dues.dependent_part:,}円）",
                1,
                months,
                dues.total,
                dues.total * months,
                member_id,
                dues.short_term * months,
            )
        )
    return lines


def _flat_lines(
    members: list[tuple[int, str, str, str]], months: int, fees: FeeTableView
) -> list[BillLineView]:
    table = fees.flat()
    by_class: dict[str, int] = defaultdict(int)
    for _id, _number, _name, dues_class in members:
        by_class[dues_class if dues_class in dict(fees.classes) else ""] += 1
    lines = []
    for dues_class, count in sorted(by_class.items()):
        unit = table.monthly_for(dues_class)
        label = CLASS_LABELS.get(dues_class, f"会費（{dues_class}）")
        lines.append(
            BillLineView(
                "dues",
                f"{label} {count}人 × {months}か月 × {unit:,}円",
                count,
                months,
                unit,
                unit * count * months,
            )
        )
    return lines


def preview_in(session: Session, period: dt.date) -> BillingPreview:
    """What a run for ``period`` would bill; establishments already billed are left out."""
    period = period.replace(day=1)
    calendar = _calendar(session)
    fiscal_year = calendar.year_of(period)
    fees = fee_table_in(session, fiscal_year)
    base = period
    ests = session.scalars(
        select(Establishment)
        .where(
            Establishment.join_date <= base,
            or_(Establishment.leave_date.is_(None), Establishment.leave_date >= base),
        )
        .order_by(Establishment.number)
    ).all()
    due = ests and [
        e for e in ests if is_cycle_start(e.billing_cycle, period, calendar.start_month)
    ]
    billed = set(
        session.scalars(
            select(DuesBill.establishment_id).where(
                DuesBill.period == period, DuesBill.status != "cancelled"
            )
        )
    )
    todo = [e for e in (due or []) if e.id not in billed]
    members: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
    for est_id, member_id, number, name, dues_class in session.execute(
        select(
            Affiliation.establishment_id, Member.id, Member.number, Member.name, Member.dues_class
        )
        .join(Member, Member.id == Affiliation.member_id)
        .where(*_covering(base))  # type: ignore[arg-type]
        .order_by(Member.number)
    ):
        members[est_id].append((member_id, number, name, dues_class))
    extras = joiner_and_leaver_lines(session, todo, period, fees)
    facts = _salary_facts(session, base) if fees.model == "salary" and todo else ({}, {})
    bills = []
    for est in todo:
        months = cycle_months(est.billing_cycle)
        heads = members.get(est.id, [])
        if fees.model == "salary":
            lines = _salary_lines(facts, [m[:3] for m in heads], months, fees)
        else:
            lines = _flat_lines(heads, months, fees)
        lines += extras.get(est.id, [])
        if not lines:
            continue
        bills.append(
            BillPreview(
                est.id,
                est.number,
                est.name,
                est.billing_cycle,
                months,
                len(heads),
                sum(line.amount for line in lines),
                debit_date(period, fees.debit_day),
                tuple(lines),
            )
        )
    return BillingPreview(period, fiscal_year, base, fees.id, tuple(bills), tuple(sorted(billed)))


def preview_billing(ctx: AppContext, period: dt.date) -> BillingPreview:
    with ctx.reader() as session:
        return preview_in(session, period)


@retry_on_conflict
def run_billing(ctx: AppContext, period: dt.date) -> BillingResult:
    """Write the bills of ``period``; an establishment already billed for it is skipped.

    Two runs of one period (two PCs, or the command while a clerk bills on screen) take
    turns: the second waits for the first, then finds its establishments already billed.
    """
    with ctx.unit_of_work("会費の請求") as uow:
        session = uow.session
        numbering.serialize(uow, numbering.DUES_BILLING, period.year * 100 + period.month)
        preview = preview_in(session, period)
        run = BillingRun(
            period=preview.period,
            fiscal_year=preview.fiscal_year,
            base_date=preview.base_date,
            fee_table_id=preview.fee_table_id,
            bill_count=len(preview.bills),
            total_amount=preview.total,
            run_by=ctx.actor.name,
        )
        session.add(run)
        uow.flush()
        for bill in preview.bills:
            row = DuesBill(
                run_id=run.id,
                establishment_id=bill.establishment_id,
                period=preview.period,
                months=bill.months,
                base_date=preview.base_date,
                due_date=bill.due_date,
                head_count=bill.head_count,
                amount=bill.amount,
                paid_amount=0,
                status="open" if bill.amount > 0 else "paid",
            )
            row.lines = [
                DuesBillLine(
                    kind=line.kind,
                    member_id=line.member_id,
                    description=line.description,
                    quantity=line.quantity,
                    months=line.months,
                    unit_amount=line.unit_amount,
                    amount=line.amount,
                    short_term_amount=line.short_term_amount,
                )
                for line in bill.lines
            ]
            session.add(row)
        uow.flush()
        apply_credit_to(session, [bill.establishment_id for bill in preview.bills])
        result = BillingResult(
            run.id, len(preview.bills), preview.total, len(preview.already_billed)
        )
        uow.commit()
        return result


def cancel_bill(ctx: AppContext, bill_id: int, reason: str) -> None:
    """取消: an unpaid bill is cancelled with its reason and kept; the period can be re-run."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("取消の理由を入力してください", "取消理由")
    with ctx.unit_of_work("会費請求の取消") as uow:
        bill = uow.session.get(DuesBill, bill_id)
        if bill is None:
            raise RuleViolation("指定された請求がありません。")
        if bill.status == "cancelled":
            raise RuleViolation("この請求は既に取り消されています。")
        if bill.paid_amount:
            raise RuleViolation(
                f"入金済み（{bill.paid_amount:,}円）の請求は取り消せません。入金を取り消してから行ってください。"
            )
        bill.status = "cancelled"
        bill.cancel_reason = reason
        uow.commit()


@dataclass(frozen=True)
class BillView:
    """A written bill as the clerk's list shows it."""

    id: int
    establishment_id: int
    establishment_number: int
    establishment_name: str
    period: dt.date
    months: int
    head_count: int
    amount: int
    paid_amount: int
    due_date: dt.date
    status: str
    debit_failed: bool
    cancel_reason: str | None

    @property
    def balance(self) -> int:
        return 0 if self.status == "cancelled" else self.amount - self.paid_amount


def bills_of_period(ctx: AppContext, period: dt.date) -> list[BillView]:
    """Every bill written for ``period``, cancelled ones included (with their reason)."""
    with ctx.reader() as session:
        rows = session.execute(
            select(DuesBill, Establishment.number, Establishment.name)
            .join(Establishment, Establishment.id == DuesBill.establishment_id)
            .where(DuesBill.period == period.replace(day=1))
            .order_by(Establishment.number, DuesBill.id)
        ).all()
        return [
            BillView(b.id, b.establishment_id, number, name, b.period, b.months, b.head_count,
                     b.amount, b.paid_amount, b.due_date, b.status, b.debit_failed,
                     b.cancel_reason)
            for b, number, name in rows
        ]  # fmt: skip
