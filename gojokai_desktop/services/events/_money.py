"""Money of an event inside the caller's unit of work: fee payments with their receipt and
cash-book entry, and refunds that reverse the entry, void the receipt and book what is kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from gojokai_desktop.db.models import (
    BankAccount,
    CashBookEntry,
    Event,
    EventPayment,
    EventPaymentLine,
    EventRefund,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.events.rules import RefundRule
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.setup import item_for_purpose
from gojokai_desktop.services.receipts import issue_receipt_in, void_receipt_in


def purpose_of(event: Event, what: str) -> str:
    """The posting purpose of an event's money: 研修事業 for study sessions, else 福祉事業."""
    training = event.kind == "training"
    return {
        "fee": "event_fees_training" if training else "event_fees",
        "cost": "events" if training else "events_welfare",
        "subsidy": "event_subsidy_training" if training else "event_subsidy",
        "labour_bank": "event_labour_bank",
    }[what]


def bank_account_for(
    uow: UnitOfWork, method: str, bank_account: int | None, purpose: str, day: dt.date
) -> int | None:
    """The account's only bank account when the clerk chose 預金 without naming one."""
    if method != "bank" or bank_account is not None:
        return bank_account
    item = item_for_purpose(uow, purpose, ledger.calendar_of(uow).year_of(day))
    ids = list(
        uow.session.scalars(
            select(BankAccount.id).where(
                BankAccount.account_id == item.account_id, BankAccount.active.is_(True)
            )
        )
    )
    if len(ids) != 1:
        raise ValidationError("振込（預金）の場合は入金先の口座を選んでください。", "口座")
    return ids[0]


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"


@dataclass(frozen=True)
class PaymentSpec:
    """Who paid, when and how, for which participants how much."""

    paid_on: dt.date
    payer: str
    method: str
    via: str
    establishment_id: int | None
    lines: Sequence[tuple[int, int]]
    bank_account: int | None = None
    kind: str = "fee"
    note: str = ""


def book_payment(uow: UnitOfWork, event: Event, spec: PaymentSpec) -> EventPayment:
    """A payment, its cash-book entry (参加費 of the event's programme) and its receipt."""
    amount = sum(a for _p, a in spec.lines)
    if amount <= 0:
        raise ValidationError("入金する参加費がありません。", "参加費")
    purpose = purpose_of(event, "fee")
    bank = bank_account_for(uow, spec.method, spec.bank_account, purpose, spec.paid_on)
    payment = EventPayment(
        event_id=event.id,
        paid_on=spec.paid_on,
        amount=amount,
        kind=spec.kind,
        method=spec.method,
        via=spec.via,
        establishment_id=spec.establishment_id,
        payer=spec.payer[:100],
        note=spec.note[:200],
    )
    uow.session.add(payment)
    uow.flush()
    for participant_id, line_amount in spec.lines:
        uow.session.add(
            EventPaymentLine(
                payment_id=payment.id, participant_id=participant_id, amount=line_amount
            )
        )
    words = "キャンセル料" if spec.kind == "cancel_fee" else "参加費"
    payment.entry_id = ledger.post(
        uow,
        date=spec.paid_on,
        amount=amount,
        description=f"{_short(event.title, 80)} {words}（{len(spec.lines)}人）",
        purpose=purpose,
        method=spec.method,
        bank_account=bank,
        counterparty=spec.payer,
        source=("event_fee", payment.id),
    )
    receipt = issue_receipt_in(
        uow,
        source="events",
        issued=spec.paid_on,
        addressee=spec.payer,
        amount=amount,
        purpose=f"{_short(event.title)} {words}として",
        source_id=payment.id,
    )
    payment.receipt_id = receipt.id
    uow.flush()
    return payment


@dataclass(frozen=True)
class RefundDone:
    """A refund as the clerk's message and the refund list show it."""

    payment_id: int
    payer: str
    paid: int
    refunded: int
    kept: int
    kept_payment_id: int | None


def refund_payment(
    uow: UnitOfWork,
    event: Event,
    payment: EventPayment,
    cancelled: set[int],
    day: dt.date,
    *,
    rule: RefundRule | None,
    reason: str,
    fee_day: dt.date | None = None,
) -> RefundDone | None:
    """Give back the ``cancelled`` participants' part of ``payment`` (less what ``rule`` keeps;
    None: everything; the fee is judged on ``fee_day``, the day the cancellation came in,
    ``day`` by default). The entry is reversed and the receipt made void; what stays (the
    others' fees, the cancellation fee) is booked again with a new receipt."""
    if day < payment.paid_on:
        raise ValidationError("返金日は入金日以降にしてください。", "返金日")
    lines = uow.session.scalars(
        select(EventPaymentLine).where(EventPaymentLine.payment_id == payment.id)
    ).all()
    stays: list[tuple[int, int]] = []
    refunded = kept_total = 0
    only_cancel_fees = True
    for line in lines:
        if line.participant_id in cancelled:
            kept = (
                rule.kept(line.amount, fee_day or day, event.first_date) if rule is not None else 0
            )
            refunded += line.amount - kept
            kept_total += kept
            if kept:
                stays.append((line.participant_id, kept))
        else:
            only_cancel_fees = False
            stays.append((line.participant_id, line.amount))
    if refunded == 0:
        return None
    words = f"返金（{reason}）" if reason else "返金"
    reversal = (
        ledger.reverse(uow, payment.entry_id, date=day, reason=words)
        if payment.entry_id is not None
        else None
    )
    if payment.receipt_id is not None:
        void_receipt_in(uow, payment.receipt_id, words)
    kept_payment = None
    if stays:
        bank = None
        if payment.method == "bank" and payment.entry_id is not None:
            entry = uow.session.get(CashBookEntry, payment.entry_id)
            bank = entry.bank_account_id if entry is not None else None
        kept_payment = book_payment(
            uow,
            event,
            PaymentSpec(
                paid_on=day,
                payer=payment.payer,
                method=payment.method,
                via=payment.via,
                establishment_id=payment.establishment_id,
                lines=stays,
                bank_account=bank,
                kind="cancel_fee" if only_cancel_fees else "fee",
                note=f"入金No.{payment.id}の返金後に残る分",
            ),
        )
    uow.session.add(
        EventRefund(
            payment_id=payment.id,
            refunded_on=day,
            amount=refunded,
            kept=kept_total,
            kept_payment_id=kept_payment.id if kept_payment else None,
            reversal_entry_id=reversal,
            reason=reason[:200],
        )
    )
    uow.flush()
    return RefundDone(
        payment.id, payment.payer, payment.amount, refunded, kept_total,
        kept_payment.id if kept_payment else None,
    )  # fmt: skip


def live_payments_of(uow: UnitOfWork, participant_ids: set[int]) -> list[EventPayment]:
    """Payments not yet refunded that hold a line of any of the participants."""
    if not participant_ids:
        return []
    refunded = select(EventRefund.payment_id)
    return list(
        uow.session.scalars(
            select(EventPayment)
            .join(EventPaymentLine, EventPaymentLine.payment_id == EventPayment.id)
            .where(
                EventPaymentLine.participant_id.in_(participant_ids),
                EventPayment.id.not_in(refunded),
            )
            .distinct()
            .order_by(EventPayment.id)
        )
    )
