"""Money held: opening balances, holdings per cash/bank account, carry-forward, cash below zero."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import CashBookEntry, OpeningBalance
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.accounting import first_negative, running_balance
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.ledger import (
    calendar_of,
    check_method,
    open_fiscal_year,
    signed_change,
)
from gojokai_desktop.services.accounts.setup import account_id_of
from gojokai_desktop.services.context import AppContext


@dataclass(frozen=True)
class Holding:
    """Money held in cash or one bank account of an account at a point in time."""

    account_id: int
    method: str
    bank_account_id: int | None
    amount: int


def set_opening_balance(
    uow: UnitOfWork,
    *,
    fiscal_year: int,
    account: int | str | None,
    amount: int,
    method: str = "cash",
    bank_account: int | None = None,
) -> None:
    """The money held at the start of a year (only while that year is open)."""
    calendar = calendar_of(uow)
    open_fiscal_year(uow, calendar.first_day(fiscal_year))
    account_id = account_id_of(uow, account)
    check_method(uow, method, bank_account, account_id)
    row = uow.session.scalar(
        select(OpeningBalance).where(
            OpeningBalance.fiscal_year == fiscal_year,
            OpeningBalance.account_id == account_id,
            OpeningBalance.method == method,
            OpeningBalance.bank_account_id.is_(None)
            if bank_account is None
            else OpeningBalance.bank_account_id == bank_account,
        )
    )
    if row is None:
        uow.session.add(
            OpeningBalance(
                fiscal_year=fiscal_year,
                account_id=account_id,
                method=method,
                bank_account_id=bank_account,
                amount=amount,
            )
        )
    else:
        row.amount = amount
    uow.session.flush()


def holdings(uow: UnitOfWork, fiscal_year: int, *, until: dt.date | None = None) -> list[Holding]:
    """Opening balance plus the year's movements up to ``until`` (default: the year's end)."""
    session = uow.session
    totals: dict[tuple[int, str, int | None], int] = {}
    for row in session.scalars(
        select(OpeningBalance).where(OpeningBalance.fiscal_year == fiscal_year)
    ):
        key = (row.account_id, row.method, row.bank_account_id)
        totals[key] = totals.get(key, 0) + row.amount
    signed = func.sum(signed_change())
    query = select(
        CashBookEntry.account_id, CashBookEntry.method, CashBookEntry.bank_account_id, signed
    ).where(CashBookEntry.fiscal_year == fiscal_year)
    if until is not None:
        query = query.where(CashBookEntry.entry_date <= until)
    query = query.group_by(
        CashBookEntry.account_id, CashBookEntry.method, CashBookEntry.bank_account_id
    )
    for account_id, method, bank_id, change in session.execute(query):
        key = (account_id, method, bank_id)
        totals[key] = totals.get(key, 0) + int(change or 0)
    return [Holding(k[0], k[1], k[2], v) for k, v in sorted(totals.items(), key=str)]


def carry_forward(uow: UnitOfWork, fiscal_year: int) -> list[Holding]:
    """Open ``fiscal_year + 1`` with this year's closing holdings (前年度繰越金)."""
    closing = holdings(uow, fiscal_year)
    for holding in closing:
        set_opening_balance(
            uow,
            fiscal_year=fiscal_year + 1,
            account=holding.account_id,
            amount=holding.amount,
            method=holding.method,
            bank_account=holding.bank_account_id,
        )
    return closing


def cash_went_negative(
    uow: UnitOfWork | Session, account_id: int, fiscal_year: int
) -> tuple[dt.date, int] | None:
    """The first day cash on hand went below zero in a year, and the balance that day."""
    session = uow.session if isinstance(uow, UnitOfWork) else uow
    opening = sum(
        row.amount
        for row in session.scalars(
            select(OpeningBalance).where(
                OpeningBalance.fiscal_year == fiscal_year,
                OpeningBalance.account_id == account_id,
                OpeningBalance.method == "cash",
            )
        )
    )
    daily = session.execute(
        select(CashBookEntry.entry_date, func.sum(signed_change()))
        .where(
            CashBookEntry.fiscal_year == fiscal_year,
            CashBookEntry.account_id == account_id,
            CashBookEntry.method == "cash",
        )
        .group_by(CashBookEntry.entry_date)
        .order_by(CashBookEntry.entry_date)
    )
    # Per day: a clerk who receives and pays out on the same day is not overdrawn mid-day.
    steps = running_balance(opening, ((day, int(change)) for day, change in daily))
    negative = first_negative(steps)
    return None if negative is None else (negative.date, negative.balance)


@dataclass(frozen=True)
class NegativeDay:
    """The first day money in cash or one bank account went below zero in a year."""

    account_id: int
    method: str
    bank_account_id: int | None
    date: dt.date
    balance: int


def negative_days(session: Session, fiscal_year: int) -> list[NegativeDay]:
    """Every cash or bank holding that went below zero on some day of the year (its first).

    Per day, as :func:`cash_went_negative`: money received and paid out on the same day
    does not overdraw.
    """
    opening: dict[tuple[int, str, int | None], int] = {}
    for row in session.scalars(
        select(OpeningBalance).where(OpeningBalance.fiscal_year == fiscal_year)
    ):
        key = (row.account_id, row.method, row.bank_account_id)
        opening[key] = opening.get(key, 0) + row.amount
    daily = session.execute(
        select(
            CashBookEntry.account_id,
            CashBookEntry.method,
            CashBookEntry.bank_account_id,
            CashBookEntry.entry_date,
            func.sum(signed_change()),
        )
        .where(CashBookEntry.fiscal_year == fiscal_year)
        .group_by(
            CashBookEntry.account_id,
            CashBookEntry.method,
            CashBookEntry.bank_account_id,
            CashBookEntry.entry_date,
        )
        .order_by(CashBookEntry.entry_date)
    )
    changes: dict[tuple[int, str, int | None], list[tuple[dt.date, int]]] = {}
    for account_id, method, bank_id, day, change in daily:
        changes.setdefault((account_id, method, bank_id), []).append((day, int(change or 0)))
    found = []
    for key in sorted(changes, key=str):
        negative = first_negative(running_balance(opening.get(key, 0), changes[key]))
        if negative is not None:
            found.append(NegativeDay(key[0], key[1], key[2], negative.date, negative.balance))
    return found


def cash_negative_warning(ctx: AppContext, account_id: int, fiscal_year: int) -> str | None:
    """The screen's warning when cash on hand went below zero during the year."""
    with ctx.reader() as session:
        found = cash_went_negative(session, account_id, fiscal_year)
    if found is None:
        return None
    day, balance = found
    return (
        f"注意: {format_wareki(day)}に現金残高がマイナス（{format_report_yen(balance)}円）に"
        "なっています。入金・引出しの記帳漏れがないか確認してください。"
    )


def opening_balances(ctx: AppContext, fiscal_year: int) -> list[Holding]:
    """The opening money of a year as entered or carried forward."""
    with ctx.reader() as session:
        rows = session.scalars(
            select(OpeningBalance).where(OpeningBalance.fiscal_year == fiscal_year)
        ).all()
        return [Holding(r.account_id, r.method, r.bank_account_id, r.amount) for r in rows]


def save_opening_balance(
    ctx: AppContext,
    *,
    fiscal_year: int,
    account_id: int,
    amount: int,
    bank_account_id: int | None = None,
) -> None:
    """The clerk's 期首残高 of cash (no bank account) or of one bank account."""
    with ctx.unit_of_work("期首残高の入力") as uow:
        set_opening_balance(
            uow,
            fiscal_year=fiscal_year,
            account=account_id,
            amount=amount,
            method="cash" if bank_account_id is None else "bank",
            bank_account=bank_account_id,
        )
        uow.commit()


def carry_forward_year(ctx: AppContext, fiscal_year: int) -> list[Holding]:
    """前年度繰越: open ``fiscal_year`` with the closing money of the year before."""
    with ctx.unit_of_work("前年度からの繰越") as uow:
        closing = carry_forward(uow, fiscal_year - 1)
        uow.commit()
    return closing
