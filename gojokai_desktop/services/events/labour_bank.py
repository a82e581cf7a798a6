"""The labour bank's study-session refund (ろうきん研修助成) per session, and the claim.

The labour bank refunds a study session up to 2,000 円 per participant (the society's rules
hold the amount). Each session keeps its participant count and costs; the claim prints
参加者数, 経費 and 請求額 = min(経費, 2,000 × 参加者数), and the money, when it arrives, is
booked as income of 研修事業 in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from gojokai_desktop.db.models import (
    Event,
    EventApplication,
    EventLabourBankClaim,
    EventParticipant,
    EventSession,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.events.rules import labour_bank_claim
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events._money import bank_account_for, purpose_of
from gojokai_desktop.services.events.books import money_in
from gojokai_desktop.services.events.rules import rules_in_force


@dataclass(frozen=True)
class LabourBankClaim:
    id: int | None
    event_id: int
    session_id: int
    session_number: int
    session_date: dt.date
    participants: int
    costs: int
    per_head: int
    amount: int
    claimed_on: dt.date | None
    received_on: dt.date | None


def _session_participants(session: object, session_id: int) -> int:
    return int(
        session.scalar(  # type: ignore[attr-defined]
            select(func.count())
            .select_from(EventParticipant)
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .where(
                EventApplication.session_id == session_id,
                EventApplication.status == "confirmed",
                EventParticipant.attendance != "absent",
            )
        )
        or 0
    )


def claims_of(ctx: AppContext, event_id: int) -> list[LabourBankClaim]:
    """Each session's claim as stored, or as it would be (participants and the event's costs
    shared over its sessions) when none is saved yet."""
    with ctx.reader() as session:
        event = session.get(Event, event_id)
        if event is None:
            raise ValidationError("この行事はありません。", "行事")
        per_head = rules_in_force(session, event.fiscal_year).rules.labour_bank_per_head
        sessions = session.scalars(
            select(EventSession)
            .where(EventSession.event_id == event_id)
            .order_by(EventSession.number)
        ).all()
        stored = {
            c.session_id: c
            for c in session.scalars(
                select(EventLabourBankClaim).where(EventLabourBankClaim.event_id == event_id)
            )
        }
        costs = money_in(session, event_id).costs
        share = costs // len(sessions) if sessions else 0
        claims = []
        for number, row in enumerate(sessions):
            saved = stored.get(row.id)
            if saved is not None:
                claims.append(
                    LabourBankClaim(saved.id, event_id, row.id, row.number, row.date,
                                    saved.participants, saved.costs, saved.per_head, saved.amount,
                                    saved.claimed_on, saved.received_on)
                )  # fmt: skip
                continue
            # The remainder of an uneven share goes to the first session.
            cost = share + (costs - share * len(sessions) if number == 0 else 0)
            count = _session_participants(session, row.id)
            claims.append(
                LabourBankClaim(None, event_id, row.id, row.number, row.date, count, cost,
                                per_head, labour_bank_claim(count, max(cost, 0), per_head),
                                None, None)
            )  # fmt: skip
        return claims


def save_claim(
    ctx: AppContext, session_id: int, participants: int, costs: int, claimed_on: dt.date
) -> LabourBankClaim:
    """助成の請求: keep the session's figures and the amount claimed (changeable until paid)."""
    with ctx.unit_of_work("労働金庫への助成の請求") as uow:
        row = uow.session.get(EventSession, session_id)
        if row is None:
            raise ValidationError("この日程はありません。", "日程")
        event = uow.session.get(Event, row.event_id)
        assert event is not None
        if event.kind != "training":
            raise RuleViolation("労働金庫の助成は研修会だけが対象です。")
        per_head = rules_in_force(uow, event.fiscal_year).rules.labour_bank_per_head
        amount = labour_bank_claim(participants, costs, per_head)
        claim = uow.session.scalar(
            select(EventLabourBankClaim).where(EventLabourBankClaim.session_id == session_id)
        )
        if claim is None:
            claim = EventLabourBankClaim(event_id=event.id, session_id=session_id)
            uow.session.add(claim)
        elif claim.entry_id is not None:
            raise RuleViolation("助成金を受け取った請求は変更できません。")
        claim.participants, claim.costs, claim.per_head = participants, costs, per_head
        claim.amount, claim.claimed_on = amount, claimed_on
        uow.flush()
        result = LabourBankClaim(
            claim.id, event.id, session_id, row.number, row.date, participants, costs, per_head,
            amount, claimed_on, claim.received_on,
        )  # fmt: skip
        uow.commit()
    return result


def receive_claim(
    ctx: AppContext,
    claim_id: int,
    received_on: dt.date,
    *,
    method: str = "bank",
    bank_account: int | None = None,
) -> LabourBankClaim:
    """助成金の受取: the claimed amount is booked as income (研修助成金収入)."""
    with ctx.unit_of_work("労働金庫の助成金の受取") as uow:
        claim = uow.session.get(EventLabourBankClaim, claim_id)
        if claim is None:
            raise ValidationError("この請求はありません。", "請求")
        if claim.entry_id is not None:
            raise RuleViolation("この助成金は既に受け取っています。")
        if claim.amount <= 0:
            raise RuleViolation("請求額が0円のため、受け取る助成金はありません。")
        if received_on < claim.claimed_on:
            raise ValidationError("受取日は請求日以降にしてください。", "受取日")
        event = uow.session.get(Event, claim.event_id)
        session_row = uow.session.get(EventSession, claim.session_id)
        assert event is not None
        assert session_row is not None
        purpose = purpose_of(event, "labour_bank")
        claim.entry_id = ledger.post(
            uow,
            date=received_on,
            amount=claim.amount,
            description=f"{event.title[:80]} 労働金庫 研修助成（{claim.participants}人）",
            purpose=purpose,
            method=method,
            bank_account=bank_account_for(uow, method, bank_account, purpose, received_on),
            counterparty="労働金庫",
            source=("event_labour_bank", claim.id),
        )
        claim.received_on = received_on
        uow.flush()
        result = LabourBankClaim(
            claim.id, event.id, claim.session_id, session_row.number, session_row.date,
            claim.participants, claim.costs, claim.per_head, claim.amount, claim.claimed_on,
            received_on,
        )  # fmt: skip
        uow.commit()
    return result
