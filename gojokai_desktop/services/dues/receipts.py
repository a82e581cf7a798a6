"""Receipts (領収書) for dues payments, numbered with every receipt in ``services.receipts``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import DuesPayment, Establishment, Receipt
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.receipts import (
    ReceiptView,
    issue_receipt_in,
    receipt_register,
    reissue_receipt,
    void_receipt,
)

__all__ = ["ReceiptView", "issue_receipt", "receipt_register", "reissue_receipt", "void_receipt"]


@retry_on_conflict
def issue_receipt(
    ctx: AppContext, payment_id: int, *, addressee: str = "", issued: dt.date | None = None
) -> ReceiptView:
    """A new receipt for a dues payment, with the next number of the fiscal year."""
    day = issued or ctx.today()
    with ctx.unit_of_work("領収書の発行") as uow:
        session = uow.session
        # Locked: two PCs issuing the receipt of one payment take turns, the second is refused.
        payment = session.get(DuesPayment, payment_id, with_for_update=True)
        if payment is None or payment.reversed:
            raise RuleViolation(
                "取り消された入金、または存在しない入金には領収書を発行できません。"
            )
        live = session.scalar(
            select(Receipt.id).where(Receipt.payment_id == payment_id, Receipt.status == "issued")
        )
        if live is not None:
            raise RuleViolation("この入金の領収書は発行済みです。再発行を使ってください。")
        est = session.get(Establishment, payment.establishment_id)
        assert est is not None
        result = issue_receipt_in(
            uow,
            source="dues",
            payment_id=payment.id,
            issued=day,
            addressee=addressee.strip() or est.name,
            amount=payment.amount,
            purpose="会費として",
        )
        uow.commit()
        return result
