"""Dues payments (入金) posted to the cash book, failed debits, reconciliation and arrears."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import (
    BankAccount,
    DuesAllocation,
    DuesBill,
    DuesBillLine,
    DuesPayment,
    Establishment,
    Receipt,
    SubLedger,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.dues import ageing_bucket
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.setup import item_for_purpose
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues._credit import apply_credit

METHOD_LABELS = {"cash": "現金", "transfer": "振込", "debit": "口座振替"}


@dataclass(frozen=True)
class PaymentResult:
    payment_id: int
    amount: int
    applied: tuple[tuple[int, int], ...]  # (bill id, amount)
    credit: int
    entry_ids: tuple[int, ...]


@dataclass(frozen=True)
class EstablishmentBalance:
    """One line of the reconciliation (消込状況): billed, paid, balance, arrears."""

    establishment_id: int
    number: int
    name: str
    name_kana: str
    collection_method: str
    billed: int
    paid: int
    credit: int
    balance: int
    open_bills: int
    months_in_arrears: int


@dataclass(frozen=True)
class ArrearsRow:
    """An establishment with overdue bills (滞納), aged by how many periods are overdue."""

    establishment_id: int
    number: int
    name: str
    periods: tuple[dt.date, ...]
    oldest_due: dt.date
    overdue_bills: int
    months: int
    amount: int
    paid: int
    balance: int
    bucket: str
    debit_failed: bool


def _bank_for(uow: UnitOfWork, account_id: int, chosen: int | None) -> int:
    if chosen is not None:
        return chosen
    bank = uow.session.scalar(
        select(BankAccount.id).where(BankAccount.account_id == account_id).order_by(BankAccount.id)
    )
    if bank is None:
        raise RuleViolation(
            "振込・口座振替の入金には預金口座が必要です。会計の設定で口座を登録してください。"
        )
    return bank


def _parts(session: Session, made: list[tuple[int, int, int]]) -> tuple[int, int]:
    """The entry-fee part of the applied money (settled first within a bill) and the
    短期経理 share of the rest, in proportion to each bill's short-term lines."""
    entry_part = short_part = 0
    for _payment, bill_id, part in made:
        bill = session.get(DuesBill, bill_id)
        assert bill is not None
        paid_before = bill.paid_amount - part
        entry = max(0, min(part, _entry_fee_total(session, bill_id) - paid_before))
        entry_part += entry
        short_total = session.scalar(
            select(func.coalesce(func.sum(DuesBillLine.short_term_amount), 0)).where(
                DuesBillLine.bill_id == bill_id
            )
        )
        if short_total and bill.amount > 0:
            short_part += (part - entry) * int(short_total) // bill.amount
    return entry_part, short_part


def _dues_amounts(
    session: Session, account_id: int, dues_part: int, short_part: int
) -> list[tuple[int, str | None]]:
    """One line, or 一般経理 and 短期経理 lines when the account keeps those sub-ledgers."""
    codes = set(session.scalars(select(SubLedger.code).where(SubLedger.account_id == account_id)))
    if not short_part or not {"general", "short"} <= codes:
        return [(dues_part, "general" if "general" in codes else None)]
    lines: list[tuple[int, str | None]] = [
        (dues_part - short_part, "general"),
        (short_part, "short"),
    ]
    return [(a, c) for a, c in lines if a > 0]


def _entry_fee_total(session: Session, bill_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(DuesBillLine.amount), 0)).where(
            DuesBillLine.bill_id == bill_id, DuesBillLine.kind == "entry_fee"
        )
    )
    return int(total or 0)


@retry_on_conflict
def record_payment(
    ctx: AppContext,
    establishment_id: int,
    amount: int,
    received: dt.date,
    *,
    method: str = "transfer",
    bank_account: int | None = None,
    note: str = "",
    member_id: int | None = None,
) -> PaymentResult:
    """入金: apply to open bills oldest first, keep the rest as credit, post to the cash book.

    A member's own cash (``member_id``: the 入会金 and the months up to the next cycle paid
    at the counter) settles first the bills that carry that member's lines.

    The payment, its allocations and the cash-book entries are one transaction: if the
    posting is refused (no item set, closed year) nothing of the payment is kept.
    """
    if member_id is not None and method != "cash":
        raise ValidationError("本人からの入金は現金で受け取ります", "入金方法")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError("入金額は1円以上の整数で入力してください", "入金額")
    if method not in METHOD_LABELS:
        raise ValidationError("入金方法は現金・振込・口座振替から選んでください", "入金方法")
    with ctx.unit_of_work("会費の入金") as uow:
        session = uow.session
        est = session.get(Establishment, establishment_id)
        if est is None:
            raise ValidationError("事業所が見つかりません", "事業所")
        payment = DuesPayment(
            establishment_id=est.id,
            received_date=received,
            amount=amount,
            allocated_amount=0,
            method=method,
            note=note.strip(),
            member_id=member_id,
        )
        session.add(payment)
        uow.flush()
        first = _bills_of_member(session, est.id, member_id) if member_id is not None else []
        made = [m for m in apply_credit(session, est.id, first=first) if m[0] == payment.id]
        entry_part, short_part = _parts(session, made)
        fiscal_year = ledger.calendar_of(uow).year_of(received)
        dues_item = item_for_purpose(uow, "dues", fiscal_year)
        cash_method = "cash" if method == "cash" else "bank"
        bank = None if method == "cash" else _bank_for(uow, dues_item.account_id, bank_account)
        common: dict[str, Any] = {
            "date": received,
            "method": cash_method,
            "bank_account": bank,
            "counterparty": est.name,
            "source": ("dues_payment", payment.id),
        }
        entries: list[int] = []
        if entry_part:
            entries += ledger.post_lines(
                uow, amounts=[(entry_part, None)], description=f"入会金 {est.name}",
                purpose="enrolment_fee", **common,
            )  # fmt: skip
        dues_part = amount - entry_part
        if dues_part:
            entries += ledger.post_lines(
                uow,
                amounts=_dues_amounts(session, dues_item.account_id, dues_part, short_part),
                description=f"会費 {est.name}（{METHOD_LABELS[method]}）",
                purpose="dues",
                **common,
            )
        result = PaymentResult(
            payment.id,
            amount,
            tuple((bill_id, part) for _p, bill_id, part in made),
            amount - payment.allocated_amount,
            tuple(entries),
        )
        uow.commit()
        return result


def _bills_of_member(session: Session, est_id: int, member_id: int) -> list[int]:
    """Open bills of the establishment that carry the member's own lines, oldest first."""
    return list(
        session.scalars(
            select(DuesBill.id)
            .join(DuesBillLine, DuesBillLine.bill_id == DuesBill.id)
            .where(
                DuesBill.establishment_id == est_id,
                DuesBill.status == "open",
                DuesBillLine.member_id == member_id,
            )
            .group_by(DuesBill.id, DuesBill.period)
            .order_by(DuesBill.period, DuesBill.id)
        )
    )


def mark_debit_failed(ctx: AppContext, bill_id: int, on: dt.date) -> None:
    """振替不能: the bill stays open, marked, and goes on the arrears list for a payment slip."""
    with ctx.unit_of_work("口座振替不能の登録") as uow:
        bill = uow.session.get(DuesBill, bill_id)
        if bill is None or bill.status != "open":
            raise RuleViolation("未入金の請求だけを振替不能にできます。")
        bill.debit_failed = True
        bill.debit_failed_on = on
        uow.commit()


def reconciliation(ctx: AppContext) -> list[EstablishmentBalance]:
    """Per establishment: billed, paid (applied), unapplied credit, balance, months unpaid."""
    with ctx.reader() as session:
        is_open = case((DuesBill.status == "open", 1), else_=0)
        billed = {
            int(est_id): [int(b or 0), int(p or 0), int(n or 0), int(m or 0)]
            for est_id, b, p, n, m in session.execute(
                select(
                    DuesBill.establishment_id,
                    func.sum(DuesBill.amount),
                    func.sum(DuesBill.paid_amount),
                    func.sum(is_open),
                    func.sum(is_open * DuesBill.months),
                )
                .where(DuesBill.status != "cancelled")
                .group_by(DuesBill.establishment_id)
            )
        }
        credit = dict(
            session.execute(
                select(
                    DuesPayment.establishment_id,
                    func.sum(DuesPayment.amount - DuesPayment.allocated_amount),
                )
                .where(DuesPayment.reversed.is_(False))
                .group_by(DuesPayment.establishment_id)
            ).all()
        )
        ests = session.scalars(select(Establishment).order_by(Establishment.number)).all()
        result = []
        for est in ests:
            b, p, open_count, months = billed.get(est.id, [0, 0, 0, 0])
            extra = int(credit.get(est.id) or 0)
            if not b and not extra:
                continue
            result.append(
                EstablishmentBalance(
                    est.id,
                    est.number,
                    est.name,
                    est.name_kana,
                    est.collection_method,
                    b,
                    p,
                    extra,
                    b - p - extra,
                    open_count,
                    months,
                )
            )
        return result


def arrears_list(ctx: AppContext, on: dt.date | None = None) -> list[ArrearsRow]:
    """滞納一覧: establishments with open bills due before ``on`` (default today), aged."""
    day = on or ctx.today()
    return _grouped(ctx, DuesBill.due_date < day)


def unpaid_of(ctx: AppContext, establishment_id: int) -> ArrearsRow | None:
    """Every open bill of one establishment, due or not (for a 払込依頼 after a failed debit)."""
    rows = _grouped(ctx, DuesBill.establishment_id == establishment_id)
    return rows[0] if rows else None


def _grouped(ctx: AppContext, condition: ColumnElement[bool]) -> list[ArrearsRow]:
    with ctx.reader() as session:
        rows = session.execute(
            select(DuesBill, Establishment.number, Establishment.name)
            .join(Establishment, Establishment.id == DuesBill.establishment_id)
            .where(DuesBill.status == "open", condition)
            .order_by(Establishment.number, DuesBill.period)
        ).all()
    grouped: dict[int, list[tuple[DuesBill, int, str]]] = defaultdict(list)
    for bill, number, name in rows:
        grouped[bill.establishment_id].append((bill, number, name))
    result = []
    for est_id, bills in grouped.items():
        number, name = bills[0][1], bills[0][2]
        amount = sum(b.amount for b, _n, _m in bills)
        paid = sum(b.paid_amount for b, _n, _m in bills)
        result.append(
            ArrearsRow(
                est_id,
                number,
                name,
                tuple(b.period for b, _n, _m in bills),
                min(b.due_date for b, _n, _m in bills),
                len(bills),
                sum(b.months for b, _n, _m in bills),
                amount,
                paid,
                amount - paid,
                ageing_bucket(len(bills)),
                any(b.debit_failed for b, _n, _m in bills),
            )
        )
    return sorted(result, key=lambda r: (-r.overdue_bills, r.number))


@dataclass(frozen=True)
class DuesTodo:
    """What the home page shows about dues: unpaid bills, overdue ones and failed debits."""

    unpaid_bills: int
    unpaid_amount: int
    overdue_bills: int
    failed_debits: int


def dues_todo(ctx: AppContext) -> DuesTodo:
    today = ctx.today()
    with ctx.reader() as session:
        rows = session.execute(
            select(
                DuesBill.amount - DuesBill.paid_amount, DuesBill.due_date, DuesBill.debit_failed
            ).where(DuesBill.status == "open")
        ).all()
    return DuesTodo(
        len(rows),
        sum(int(balance) for balance, _due, _failed in rows),
        sum(1 for _b, due, _f in rows if due < today),
        sum(1 for _b, _d, failed in rows if failed),
    )


@retry_on_conflict
def reverse_payment(ctx: AppContext, payment_id: int, reason: str, on: dt.date) -> None:
    """入金の取消: the payment stays, marked with its reason; its bills reopen, its cash-book
    entries get reversing entries dated ``on`` and its receipts are voided — one transaction.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError("取消の理由を入力してください", "取消理由")
    with ctx.unit_of_work("会費入金の取消") as uow:
        session = uow.session
        payment = session.get(DuesPayment, payment_id)
        if payment is None:
            raise RuleViolation("指定された入金がありません。")
        if payment.reversed:
            raise RuleViolation("この入金は既に取り消されています。")
        for allocation in session.scalars(
            select(DuesAllocation).where(DuesAllocation.payment_id == payment.id)
        ):
            bill = session.get(DuesBill, allocation.bill_id)
            assert bill is not None
            bill.paid_amount -= allocation.amount
            if bill.status == "paid" and bill.paid_amount < bill.amount:
                bill.status = "open"
        payment.reversed = True
        payment.reverse_reason = reason
        for entry_id in ledger.entries_for_source(uow, "dues_payment", payment.id):
            ledger.reverse(uow, entry_id, date=on, reason=reason)
        for receipt in session.scalars(
            select(Receipt).where(Receipt.payment_id == payment.id, Receipt.status == "issued")
        ):
            receipt.status = "void"
            receipt.void_reason = f"入金取消: {reason}"[:200]
        uow.commit()
