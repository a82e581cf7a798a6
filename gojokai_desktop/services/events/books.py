"""An event's figures from its own records beside the cash book's, and the budget status of
the items the events area posts to (参加費収入, 経費, 補助金 against their budget)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Account,
    CashBookEntry,
    EventApplication,
    EventCost,
    EventLabourBankClaim,
    EventParticipant,
    EventPayment,
    EventRefund,
    Item,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.accounts.setup import posting_items
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.money import net_costs, subsidy_due_in
from gojokai_desktop.services.events.roster import paid_by_participant


@dataclass(frozen=True)
class EventMoney:
    """The event's money as its records hold it (what the report prints)."""

    fee_income: int
    costs: int
    subsidy: int
    labour_bank: int
    unpaid: int
    subsidy_due: int
    refunds_due: int

    @property
    def burden(self) -> int:
        """What the event cost the society: costs and subsidy less fees and the refund."""
        return self.costs + self.subsidy - self.fee_income - self.labour_bank


def money_in(session: Session, event_id: int) -> EventMoney:
    refunded = select(EventRefund.payment_id)
    fees = session.scalar(
        select(func.coalesce(func.sum(EventPayment.amount), 0)).where(
            EventPayment.event_id == event_id, EventPayment.id.not_in(refunded)
        )
    )
    labour = session.scalar(
        select(func.coalesce(func.sum(EventLabourBankClaim.amount), 0)).where(
            EventLabourBankClaim.event_id == event_id, EventLabourBankClaim.entry_id.is_not(None)
        )
    )
    paid = paid_by_participant(session, event_id)
    unpaid = 0
    cancelled_paid = 0
    for person_id, fee, status in session.execute(
        select(EventParticipant.id, EventParticipant.fee, EventApplication.status)
        .join(EventApplication, EventApplication.id == EventParticipant.application_id)
        .where(EventApplication.event_id == event_id)
    ):
        if status == "confirmed":
            unpaid += max(fee - paid.get(person_id, 0), 0)
        elif status == "cancelled":
            cancelled_paid += paid.get(person_id, 0)
    return EventMoney(
        fee_income=int(fees or 0),
        costs=net_costs(session, event_id, "cost"),
        subsidy=net_costs(session, event_id, "subsidy"),
        labour_bank=int(labour or 0),
        unpaid=unpaid,
        subsidy_due=subsidy_due_in(session, event_id),
        refunds_due=cancelled_paid,
    )


def event_money(ctx: AppContext, event_id: int) -> EventMoney:
    with ctx.reader() as session:
        return money_in(session, event_id)


def book_figures_in(session: Session, event_id: int) -> dict[str, int]:
    """The same figures read from the cash book (entries whose source is the event's records)."""
    sources = {
        "fee_income": (
            "event_fee",
            select(EventPayment.id).where(EventPayment.event_id == event_id),
        ),
        "costs": ("event_cost", select(EventCost.id).where(EventCost.event_id == event_id)),
        "subsidy": ("event_subsidy", select(EventCost.id).where(EventCost.event_id == event_id)),
        "labour_bank": (
            "event_labour_bank",
            select(EventLabourBankClaim.id).where(EventLabourBankClaim.event_id == event_id),
        ),
    }
    figures = {}
    for key, (source_type, ids) in sources.items():
        figures[key] = int(
            session.scalar(
                select(func.coalesce(func.sum(CashBookEntry.net_amount), 0)).where(
                    CashBookEntry.source_type == source_type, CashBookEntry.source_id.in_(ids)
                )
            )
            or 0
        )
    return figures


@dataclass(frozen=True)
class BookCheck:
    event: EventMoney
    book: dict[str, int]

    @property
    def agrees(self) -> bool:
        return all(getattr(self.event, key) == value for key, value in self.book.items())


def book_check(ctx: AppContext, event_id: int) -> BookCheck:
    """The event's fee income, costs, subsidy and labour-bank refund beside the cash book's."""
    with ctx.reader() as session:
        return BookCheck(money_in(session, event_id), book_figures_in(session, event_id))


@dataclass(frozen=True)
class BudgetLine:
    """An item the events area posts to, with its budget and what has been booked this year."""

    purpose: str
    item_name: str
    budget: int
    actual: int

    @property
    def remaining(self) -> int:
        return self.budget - self.actual


def budget_status(ctx: AppContext, fiscal_year: int) -> list[BudgetLine]:
    """予算の執行状況 of the items the events area posts to (the subsidy among them)."""
    purposes = ("event_fees_training", "event_fees", "event_labour_bank", "events",
                "events_welfare", "event_subsidy")  # fmt: skip
    with ctx.reader() as session:
        mapping = posting_items(session, fiscal_year)
        names: dict[int, tuple[str, str]] = {}
        for purpose in purposes:
            if purpose not in mapping:
                continue
            account_code, item_code = mapping[purpose]
            row = session.scalar(
                select(Item).where(Item.account_id == _account_id(session, account_code),
                                   Item.code == item_code)
            )  # fmt: skip
            if row is not None and row.id not in names:
                names[row.id] = (purpose, row.name)
    try:
        table = running_status(ctx, fiscal_year=fiscal_year)
    except ValidationError:
        return []
    lines = []
    for section in table.sections:
        for report_row in section.rows:
            if report_row.item_id in names:
                budget, actual = (report_row.cells[0] or 0), (report_row.cells[1] or 0)
                purpose, name = names[report_row.item_id]
                lines.append(BudgetLine(purpose, name, int(budget), int(actual)))
    return lines


def _account_id(session: Session, code: str) -> int | None:
    return session.scalar(select(Account.id).where(Account.code == code))
