"""An event's money: fees with receipts, costs, the society's subsidy, refunds, all booked.

Fees (参加費) are income of the event's programme (研修事業 for study sessions, 福祉事業 for
the rest), costs (経費) and the subsidy (補助金) its expenditure; each is posted in the cash
book in the transaction that records it, with the record as the entry's source, so the
event's figures and the cash book agree to the yen (:func:`book_check`). The subsidy is
the sum of the participants' subsidies, less those marked absent; posting it again books
only the difference.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Establishment,
    Event,
    EventApplication,
    EventCost,
    EventParticipant,
    EventPayment,
    EventPaymentLine,
    EventRefund,
    Receipt,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.events.rules import check_amount
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events._money import (
    PaymentSpec,
    bank_account_for,
    book_payment,
    purpose_of,
)
from gojokai_desktop.services.events.roster import paid_by_participant
from gojokai_desktop.services.receipts import ReceiptView, live_receipt_of


@dataclass(frozen=True)
class PaymentView:
    id: int
    paid_on: dt.date
    amount: int
    kind: str
    method: str
    via: str
    payer: str
    persons: int
    refunded: bool
    receipt: ReceiptView | None

    @property
    def label(self) -> str:
        return "キャンセル料" if self.kind == "cancel_fee" else "参加費"


def _payment_view(
    session: Session, payment: EventPayment, receipt: ReceiptView | None
) -> PaymentView:
    persons = session.scalar(select(func.count()).where(EventPaymentLine.payment_id == payment.id))
    refunded = session.scalar(select(EventRefund.id).where(EventRefund.payment_id == payment.id))
    return PaymentView(
        payment.id, payment.paid_on, payment.amount, payment.kind, payment.method, payment.via,
        payment.payer, int(persons or 0), refunded is not None, receipt,
    )  # fmt: skip


def _receipt_view(row: Receipt) -> ReceiptView:
    return ReceiptView(
        row.id, row.fiscal_year, row.number, row.source, row.source_id, row.payment_id,
        row.issued_date, row.addressee, row.amount, row.purpose, row.status, row.void_reason,
        row.reissue_count,
    )  # fmt: skip


def collect_fees(
    ctx: AppContext,
    event_id: int,
    participant_ids: list[int],
    paid_on: dt.date,
    *,
    method: str = "cash",
    via: str = "member",
    bank_account: int | None = None,
    payer: str = "",
) -> PaymentView:
    """参加費の入金: what the chosen participants still owe, in one payment with a receipt."""
    if not participant_ids:
        raise ValidationError("入金する参加者を選んでください。", "参加者")
    with ctx.unit_of_work("行事の参加費の入金") as uow:
        event = _open_event(uow, event_id)
        paid = paid_by_participant(uow.session, event_id)
        rows = uow.session.execute(
            select(EventParticipant, EventApplication)
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .where(EventParticipant.id.in_(participant_ids))
        ).all()
        if len(rows) != len(set(participant_ids)):
            raise ValidationError("参加者が見つかりません。", "参加者")
        lines = []
        establishments = set()
        for person, app in rows:
            if app.event_id != event_id or app.status != "confirmed":
                raise RuleViolation(f"{person.name}さんは参加が決まっていないため入金できません。")
            owed = person.fee - paid.get(person.id, 0)
            if owed > 0:
                lines.append((person.id, owed))
            establishments.add(app.establishment_id)
        if not lines:
            raise ValidationError("選んだ参加者に未入金の参加費はありません。", "参加者")
        name = payer.strip() or _payer_name(uow, rows[0][1], via)
        establishment = rows[0][1].establishment_id if via == "establishment" else None
        if via == "establishment" and len(establishments) != 1:
            raise ValidationError(
                "事業所経由の入金は1つの事業所の参加者だけを選んでください。", "支払方法"
            )
        payment = book_payment(
            uow, event,
            PaymentSpec(paid_on, clean_text(name, "宛名", 100, required=True), method, via,
                        establishment, lines, bank_account),
        )  # fmt: skip
        view = _payment_view(uow.session, payment, live_receipt_of(uow, "events", payment.id))
        uow.commit()
    return view


def _payer_name(uow: UnitOfWork, app: EventApplication, via: str) -> str:
    if via == "establishment" and app.establishment_id is not None:
        est = uow.session.get(Establishment, app.establishment_id)
        if est is not None:
            return est.name
    return app.applicant_name


def collect_for_establishment(
    ctx: AppContext,
    event_id: int,
    establishment_id: int,
    paid_on: dt.date,
    *,
    method: str = "bank",
    bank_account: int | None = None,
) -> PaymentView:
    """事業所経由の一括入金: every unpaid fee of the establishment's confirmed applications."""
    with ctx.reader() as session:
        paid = paid_by_participant(session, event_id)
        ids = [
            p.id
            for p in session.scalars(
                select(EventParticipant)
                .join(EventApplication, EventApplication.id == EventParticipant.application_id)
                .where(
                    EventApplication.event_id == event_id,
                    EventApplication.establishment_id == establishment_id,
                    EventApplication.status == "confirmed",
                )
            )
            if p.fee > paid.get(p.id, 0)
        ]
    if not ids:
        raise ValidationError("この事業所に未入金の参加費はありません。", "事業所")
    return collect_fees(
        ctx, event_id, ids, paid_on, method=method, via="establishment", bank_account=bank_account
    )


def payments_of(ctx: AppContext, event_id: int) -> list[PaymentView]:
    """The event's payments, oldest first, each with its receipt while that is not void."""
    with ctx.reader() as session:
        rows = session.scalars(
            select(EventPayment).where(EventPayment.event_id == event_id).order_by(EventPayment.id)
        ).all()
        ids = [r.id for r in rows]
        receipts = {
            r.source_id: _receipt_view(r)
            for r in session.scalars(
                select(Receipt).where(
                    Receipt.source == "events", Receipt.source_id.in_(ids),
                    Receipt.status == "issued",
                )
            )
        } if ids else {}  # fmt: skip
        return [_payment_view(session, r, receipts.get(r.id)) for r in rows]


def _open_event(uow: UnitOfWork, event_id: int) -> Event:
    event = uow.session.get(Event, event_id)
    if event is None:
        raise ValidationError("この行事はありません。", "行事")
    if event.status == "cancelled":
        raise RuleViolation("中止した行事です。参加費は返金の一覧から返してください。")
    return event


@dataclass(frozen=True)
class CostView:
    id: int
    kind: str
    paid_on: dt.date
    description: str
    payee: str
    amount: int
    method: str
    reversal_of_id: int | None
    reversed: bool

    @property
    def kind_label(self) -> str:
        return "補助金" if self.kind == "subsidy" else "経費"

    @property
    def net(self) -> int:
        return -self.amount if self.reversal_of_id is not None else self.amount


def _cost_in(
    uow: UnitOfWork,
    *, event: Event, kind: str, paid_on: dt.date, description: str, payee: str,
    amount: int, method: str, bank_account: int | None,
) -> EventCost:  # fmt: skip
    check_amount(amount, "金額")
    if amount <= 0:
        raise ValidationError("金額は1円以上で入力してください。", "金額")
    text = clean_text(description, "摘要", 200, required=True)
    purpose = purpose_of(event, kind)
    row = EventCost(
        event_id=event.id, kind=kind, paid_on=paid_on, description=text,
        payee=clean_text(payee, "支払先", 100), amount=amount, method=method,
    )  # fmt: skip
    uow.session.add(row)
    uow.flush()
    row.entry_id = ledger.post(
        uow,
        date=paid_on,
        amount=amount,
        description=f"{event.title[:80]} {text}",
        purpose=purpose,
        method=method,
        bank_account=bank_account_for(uow, method, bank_account, purpose, paid_on),
        counterparty=row.payee,
        source=(f"event_{kind}", row.id),
    )
    uow.flush()
    return row


def _cost_view(row: EventCost, reversed_ids: set[int]) -> CostView:
    return CostView(row.id, row.kind, row.paid_on, row.description, row.payee, row.amount,
                    row.method, row.reversal_of_id, row.id in reversed_ids)  # fmt: skip


def record_cost(
    ctx: AppContext,
    event_id: int,
    paid_on: dt.date,
    description: str,
    amount: int,
    *,
    payee: str = "",
    method: str = "cash",
    bank_account: int | None = None,
) -> CostView:
    """経費の支払 (会場費, 講師謝礼, バス代…): posted under the programme's cost item."""
    with ctx.unit_of_work("行事の経費の支払") as uow:
        event = uow.session.get(Event, event_id)
        if event is None:
            raise ValidationError("この行事はありません。", "行事")
        row = _cost_in(
            uow,
            event=event,
            kind="cost",
            paid_on=paid_on,
            description=description,
            payee=payee,
            amount=amount,
            method=method,
            bank_account=bank_account,
        )
        view = _cost_view(row, set())
        uow.commit()
    return view


def _reverse_cost_in(uow: UnitOfWork, row: EventCost, day: dt.date, reason: str) -> EventCost:
    if row.reversal_of_id is not None:
        raise RuleViolation("取消の記帳は取り消せません。")
    if uow.session.scalar(select(EventCost.id).where(EventCost.reversal_of_id == row.id)):
        raise RuleViolation("この支払は既に取り消されています。")
    reversal_entry = (
        ledger.reverse(uow, row.entry_id, date=day, reason=reason) if row.entry_id else None
    )
    reversal = EventCost(
        event_id=row.event_id, kind=row.kind, paid_on=day,
        description=f"取消（{row.description}）{reason}"[:200], payee=row.payee,
        amount=row.amount, method=row.method, entry_id=reversal_entry, reversal_of_id=row.id,
    )  # fmt: skip
    uow.session.add(reversal)
    uow.flush()
    return reversal


def reverse_cost(ctx: AppContext, cost_id: int, day: dt.date, reason: str) -> CostView:
    """A cost or subsidy booked by mistake is reversed (赤伝), never deleted."""
    with ctx.unit_of_work("行事の支払の取消") as uow:
        row = uow.session.get(EventCost, cost_id)
        if row is None:
            raise ValidationError("この支払はありません。", "支払")
        reversal = _reverse_cost_in(uow, row, day, reason.strip())
        view = _cost_view(reversal, set())
        uow.commit()
    return view


def costs_of(ctx: AppContext, event_id: int) -> list[CostView]:
    with ctx.reader() as session:
        rows = session.scalars(
            select(EventCost).where(EventCost.event_id == event_id).order_by(EventCost.id)
        ).all()
        reversed_ids = {r.reversal_of_id for r in rows if r.reversal_of_id is not None}
        return [_cost_view(r, reversed_ids) for r in rows]


def subsidy_due_in(session: Session, event_id: int) -> int:
    """補助額: the participants' subsidies, confirmed and not marked absent."""
    return int(
        session.scalar(
            select(func.coalesce(func.sum(EventParticipant.subsidy), 0))
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .where(
                EventApplication.event_id == event_id,
                EventApplication.status == "confirmed",
                EventParticipant.attendance != "absent",
            )
        )
        or 0
    )


def net_costs(session: Session, event_id: int, kind: str) -> int:
    """Costs (or subsidies) booked for the event, less their reversals."""
    rows = session.execute(
        select(EventCost.amount, EventCost.reversal_of_id).where(
            EventCost.event_id == event_id, EventCost.kind == kind
        )
    ).all()
    return sum(-a if r is not None else a for a, r in rows)


@dataclass(frozen=True)
class SubsidyPosted:
    due: int
    before: int
    posted: int

    @property
    def message(self) -> str:
        if self.posted == 0:
            return f"補助金 {self.due:,}円は計上済みです（差額なし）。"
        return f"補助金 {self.posted:+,}円を計上しました（補助額 {self.due:,}円）。"


def post_subsidy(
    ctx: AppContext,
    event_id: int,
    paid_on: dt.date,
    *,
    method: str = "bank",
    bank_account: int | None = None,
    payee: str = "",
) -> SubsidyPosted:
    """補助金の計上: book the subsidy due (or the difference since the last time)."""
    with ctx.unit_of_work("行事の補助金の計上") as uow:
        event = _open_event(uow, event_id)
        due = subsidy_due_in(uow.session, event_id)
        before = net_costs(uow.session, event_id, "subsidy")
        delta = due - before
        if delta < 0:
            live = uow.session.scalars(
                select(EventCost).where(
                    EventCost.event_id == event_id, EventCost.kind == "subsidy",
                    EventCost.reversal_of_id.is_(None),
                    EventCost.id.not_in(
                        select(EventCost.reversal_of_id).where(EventCost.reversal_of_id.is_not(None))
                    ),
                )
            ).all()  # fmt: skip
            for row in live:
                _reverse_cost_in(uow, row, paid_on, "補助額の訂正")
            delta = due
        if delta > 0:
            _cost_in(
                uow=uow, event=event, kind="subsidy", paid_on=paid_on,
                description=f"補助金（{_persons_text(uow, event_id)}）", payee=payee,
                amount=delta, method=method, bank_account=bank_account,
            )  # fmt: skip
        uow.commit()
    return SubsidyPosted(due, before, due - before)


def _persons_text(uow: UnitOfWork, event_id: int) -> str:
    count = uow.session.scalar(
        select(func.count())
        .select_from(EventParticipant)
        .join(EventApplication, EventApplication.id == EventParticipant.application_id)
        .where(
            EventApplication.event_id == event_id,
            EventApplication.status == "confirmed",
            EventParticipant.attendance != "absent",
            EventParticipant.subsidy > 0,
        )
    )
    return f"{int(count or 0)}人分"
