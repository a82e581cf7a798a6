"""Apply money an establishment has paid to its open bills, oldest first (credit included)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import DuesAllocation, DuesBill, DuesPayment, Establishment
from gojokai_desktop.domain.dues import allocate_payment


def apply_credit(
    session: Session, establishment_id: int, *, first: Sequence[int] = ()
) -> list[tuple[int, int, int]]:
    """Allocate unapplied payments to open bills; return ``(payment, bill, amount)`` rows.

    Bills named in ``first`` (a member's own lines, paid by that member) come before the
    others; the rest go oldest first.

    Runs inside the caller's transaction, so a payment and its allocations (or a new bill
    and the credit it consumed) are written together.
    """
    # Payments and bills of one establishment are applied by one PC at a time (NO KEY UPDATE
    # leaves joins, which reference the establishment, free to go on).
    session.execute(
        select(Establishment.id)
        .where(Establishment.id == establishment_id)
        .with_for_update(key_share=True)
    )
    payments = session.scalars(
        select(DuesPayment)
        .where(
            DuesPayment.establishment_id == establishment_id,
            DuesPayment.reversed.is_(False),
            DuesPayment.amount > DuesPayment.allocated_amount,
        )
        .order_by(DuesPayment.received_date, DuesPayment.id)
    ).all()
    if not payments:
        return []
    bills = session.scalars(
        select(DuesBill)
        .where(DuesBill.establishment_id == establishment_id, DuesBill.status == "open")
        .order_by(DuesBill.period, DuesBill.id)
    ).all()
    bills = sorted(bills, key=lambda b: b.id not in first)  # stable: oldest first otherwise
    made: list[tuple[int, int, int]] = []
    for payment in payments:
        open_bills = [b for b in bills if b.status == "open"]
        applied, _rest = allocate_payment(
            payment.amount - payment.allocated_amount,
            [b.amount - b.paid_amount for b in open_bills],
        )
        for bill, part in zip(open_bills, applied, strict=True):
            if part <= 0:
                continue
            session.add(DuesAllocation(payment_id=payment.id, bill_id=bill.id, amount=part))
            bill.paid_amount += part
            payment.allocated_amount += part
            if bill.paid_amount >= bill.amount:
                bill.status = "paid"
            made.append((payment.id, bill.id, part))
    session.flush()
    return made
