"""Receipts (領収書) for dues payments: gapless numbers per fiscal year, reissue, void."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from gojokai_desktop.db.models import DuesPayment, DuesReceipt, Establishment
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.context import AppContext


@dataclass(frozen=True)
class ReceiptView:
    id: int
    fiscal_year: int
    number: int
    payment_id: int
    issued_date: dt.date
    addressee: str
    amount: int
    purpose: str
    status: str
    void_reason: str | None
    reissue_count: int

    @property
    def label(self) -> str:
        """The number as printed: 2025-0001."""
        return f"{self.fiscal_year}-{self.number:04d}"

    @property
    def reissued(self) -> bool:
        return self.reissue_count > 0


def _view(row: DuesReceipt) -> ReceiptView:
    return ReceiptView(
        row.id,
        row.fiscal_year,
        row.number,
        row.payment_id,
        row.issued_date,
        row.addressee,
        row.amount,
        row.purpose,
        row.status,
        row.void_reason,
        row.reissue_count,
    )


def issue_receipt(
    ctx: AppContext, payment_id: int, *, addressee: str = "", issued: dt.date | None = None
) -> ReceiptView:
    """A new receipt with the next number of the fiscal year (max + 1 inside the write lock)."""
    day = issued or ctx.today()
    with ctx.unit_of_work("領収書の発行") as uow:
        session = uow.session
        payment = session.get(DuesPayment, payment_id)
        if payment is None or payment.reversed:
            raise RuleViolation(
                "取り消された入金、または存在しない入金には領収書を発行できません。"
            )
        live = session.scalar(
            select(DuesReceipt.id).where(
                DuesReceipt.payment_id == payment_id, DuesReceipt.status == "issued"
            )
        )
        if live is not None:
            raise RuleViolation("この入金の領収書は発行済みです。再発行を使ってください。")
        est = session.get(Establishment, payment.establishment_id)
        assert est is not None
        year = ledger.calendar_of(uow).year_of(day)
        last = session.scalar(
            select(func.max(DuesReceipt.number)).where(DuesReceipt.fiscal_year == year)
        )
        row = DuesReceipt(
            fiscal_year=year,
            number=(last or 0) + 1,
            payment_id=payment.id,
            issued_date=day,
            addressee=addressee.strip() or est.name,
            amount=payment.amount,
            purpose="会費として",
            status="issued",
            reissue_count=0,
        )
        session.add(row)
        uow.flush()
        result = _view(row)
        uow.commit()
        return result


def reissue_receipt(ctx: AppContext, receipt_id: int) -> ReceiptView:
    """再発行: the same number and amount, counted, printed with 再発行."""
    with ctx.unit_of_work("領収書の再発行") as uow:
        row = uow.session.get(DuesReceipt, receipt_id)
        if row is None or row.status != "issued":
            raise RuleViolation("無効にした領収書は再発行できません。")
        row.reissue_count += 1
        uow.flush()
        result = _view(row)
        uow.commit()
        return result


def void_receipt(ctx: AppContext, receipt_id: int, reason: str) -> ReceiptView:
    """無効: the number stays on the register with the reason; a new receipt may be issued."""
    if not reason.strip():
        raise ValidationError("無効にする理由を入力してください", "無効理由")
    with ctx.unit_of_work("領収書の無効") as uow:
        row = uow.session.get(DuesReceipt, receipt_id)
        if row is None or row.status != "issued":
            raise RuleViolation("この領収書は既に無効です。")
        row.status = "void"
        row.void_reason = reason.strip()
        uow.flush()
        result = _view(row)
        uow.commit()
        return result


def receipt_register(ctx: AppContext, fiscal_year: int) -> list[ReceiptView]:
    """領収書控 for the auditors: every number of the year, voids included, in order."""
    with ctx.reader() as session:
        rows = session.scalars(
            select(DuesReceipt)
            .where(DuesReceipt.fiscal_year == fiscal_year)
            .order_by(DuesReceipt.number)
        ).all()
        return [_view(r) for r in rows]
