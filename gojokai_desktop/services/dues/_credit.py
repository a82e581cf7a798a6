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
    _lock(session, [establishment_id])
    return _allocate(session, establishment_id, first)


def apply_credit_to(session: Session, establishment_ids: Sequence[int]) -> None:
    """:func:`apply_credit` for many establishments at once (a billing run's): all of them
    locked, then only those holding money not yet applied looked at one by one."""
    _lock(session, establishment_ids)
    waiting = set(
        session.scalars(
            select(DuesPayment.establishment_id).where(
                DuesPayment.reversed.is_(False),
                DuesPayment.amount > DuesPayment.allocated_amount,
            )
        )
    )
    for establishment_id in establishment_ids:
        if establishment_id in waiting:
            _allocate(session, establishment_id, ())


def _lock(session: Session, establishment_ids: Sequence[int]) -> None:
    # Payments and bills of one establishment are applied by one PC at a time (NO KEY UPDATE
    # leaves joins, which reference the establishment, free to go on).
    ids = list(establishment_ids)
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        session.execute(
            select(Establishment.id)
            .where(Establishment.id.in_(ids[start : start + 900]))
            .with_for_update(key_share=True)
        )


def _allocate(
    session: Session, establishment_id: int, first: Sequence[int]
) -> list[tuple[int, int, int]]:
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
