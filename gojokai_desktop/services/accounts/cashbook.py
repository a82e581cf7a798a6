"""Reading the cash book: the entries of a period with filters and a running balance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Account,
    BankAccount,
    CashBookEntry,
    Item,
    OpeningBalance,
    SubLedger,
)
from gojokai_desktop.domain.accounting import CashBookPage, CashBookRow
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services import collection
from gojokai_desktop.services.accounts.ledger import FUND_MOVE, METHOD_LABELS, signed_change
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import load_profile

FUND_MOVE_LABEL = "資金移動"


def _calendar(ctx: AppContext) -> FiscalCalendar:
    profile = load_profile(ctx)
    return profile.calendar if profile else FiscalCalendar()


def _balance_before(
    session: Session,
    calendar: FiscalCalendar,
    start: dt.date,
    account_id: int | None,
    method: str | None,
) -> int:
    year = calendar.year_of(start)
    opening = select(func.coalesce(func.sum(OpeningBalance.amount), 0)).where(
        OpeningBalance.fiscal_year == year
    )
    moved = select(func.coalesce(func.sum(signed_change()), 0)).where(
        CashBookEntry.fiscal_year == year, CashBookEntry.entry_date < start
    )
    if account_id is not None:
        opening = opening.where(OpeningBalance.account_id == account_id)
        moved = moved.where(CashBookEntry.account_id == account_id)
    if method is not None:
        opening = opening.where(OpeningBalance.method == method)
        moved = moved.where(CashBookEntry.method == method)
    return int(session.scalar(opening) or 0) + int(session.scalar(moved) or 0)


# The columns of an entry the page shows or filters by. Read as plain rows, not ORM objects:
# a year of a large society (some 29,000 entries) as ORM objects made the accounts page the
# largest in memory after the member list.
_ENTRY_COLUMNS = (
    "id", "entry_date", "fiscal_year", "voucher_no", "line_no", "direction", "amount",
    "net_amount", "source_type", "item_id", "method", "description", "counterparty",
    "reversal_of_id", "transfer_pair_id",
)  # fmt: skip


def _entries_query(
    start: dt.date, end: dt.date, account_id: int | None, method: str | None
) -> Select[Any]:
    query = (
        select(
            *(getattr(CashBookEntry, name) for name in _ENTRY_COLUMNS),
            func.coalesce(Item.code, ""),
            func.coalesce(Item.name, FUND_MOVE_LABEL),
            Account.name,
            func.coalesce(SubLedger.name, ""),
            func.coalesce(func.nullif(BankAccount.bank_name, ""), BankAccount.name, ""),
        )
        .outerjoin(Item, Item.id == CashBookEntry.item_id)
        .join(Account, Account.id == CashBookEntry.account_id)
        .outerjoin(SubLedger, SubLedger.id == CashBookEntry.sub_ledger_id)
        .outerjoin(BankAccount, BankAccount.id == CashBookEntry.bank_account_id)
        .where(CashBookEntry.entry_date >= start, CashBookEntry.entry_date <= end)
        .order_by(CashBookEntry.entry_date, CashBookEntry.voucher_no, CashBookEntry.line_no)
    )
    if account_id is not None:
        query = query.where(CashBookEntry.account_id == account_id)
    if method is not None:
        query = query.where(CashBookEntry.method == method)
    return query


@collection.paused()  # a year's lines made at once, none of them garbage
def cash_book(
    ctx: AppContext,
    *,
    start: dt.date,
    end: dt.date,
    account_id: int | None = None,
    item_id: int | None = None,
    method: str | None = None,
    text: str = "",
) -> CashBookPage:
    """Entries from ``start`` to ``end``; the balance follows the account and method filters.

    The item and text filters only hide rows: the balance of a shown row is still the money
    held after it, as on paper.
    """
    calendar = _calendar(ctx)
    needle = text.strip().casefold()
    with ctx.reader() as session:
        balance = _balance_before(session, calendar, start, account_id, method)
        opening = balance
        result = session.execute(_entries_query(start, end, account_id, method)).all()
        ids = [entry.id for entry in result]
        reversed_ids = _reversed(session, ids)
    rows: list[CashBookRow] = []
    income_total = expenditure_total = 0
    # The driver makes a new object of each value of each row; the names, dates and words
    # that repeat are kept once, as the member list does (a year of a large centre on
    # screen: 15 MB → 6 MB). One kind of value per key: texts and dates.
    one: dict[Any, Any] = {}
    share: Callable[[Any, Any], Any] = one.setdefault
    for entry in result:
        item_code, item_name, account_name, sub_name, bank_name = (
            share(value, value) for value in entry[len(_ENTRY_COLUMNS) :]
        )
        change = entry.net_amount if entry.direction == "income" else -entry.net_amount
        if entry.source_type == FUND_MOVE and method is None:
            change = 0  # both lines are on the page and cancel out: no dip between them
        balance += change
        if item_id is not None and entry.item_id != item_id:
            continue
        bank = f"（{bank_name}）" if bank_name else ""
        method_label = METHOD_LABELS[entry.method] + bank
        method_label = share(method_label, method_label)
        if needle and not any(
            needle in field.casefold()
            for field in (entry.description, entry.counterparty, item_name, item_code)
        ):
            continue
        income = entry.net_amount if entry.direction == "income" else None
        spent = entry.net_amount if entry.direction == "expenditure" else None
        description = entry.description
        if entry.source_type == FUND_MOVE and method is None:
            # Seen over cash and bank together, a fund move is neither income nor
            # expenditure: its amount goes to the 摘要 so the totals stay the account's.
            description = f"{description}（{format_yen(entry.amount)}円）"
            income = spent = None
        income_total += income or 0
        expenditure_total += spent or 0
        rows.append(
            CashBookRow(
                id=entry.id,
                date=share(entry.entry_date, entry.entry_date),
                fiscal_year=entry.fiscal_year,
                voucher=str(entry.voucher_no) + (f"-{entry.line_no}" if entry.line_no > 1 else ""),
                account=account_name,
                sub_ledger=sub_name,
                item_code=item_code,
                item_name=item_name,
                direction=share(entry.direction, entry.direction),
                income=income,
                expenditure=spent,
                balance=balance,
                description=share(description, description),
                counterparty=share(entry.counterparty, entry.counterparty),
                method=method_label,
                source_type=share(entry.source_type, entry.source_type),
                reversal_of_id=entry.reversal_of_id,
                reversed=entry.id in reversed_ids,
                transfer_pair_id=entry.transfer_pair_id,
            )
        )
    return CashBookPage(
        title="出納帳",
        period=f"{format_wareki(start)}から{format_wareki(end)}まで",
        rows=tuple(rows),
        opening=opening,
        income_total=income_total,
        expenditure_total=expenditure_total,
        closing=balance,
    )


def _reversed(session: Session, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for i in range(0, len(ids), 900):
        chunk = ids[i : i + 900]
        found.update(
            r
            for r in session.scalars(
                select(CashBookEntry.reversal_of_id).where(CashBookEntry.reversal_of_id.in_(chunk))
            )
            if r is not None
        )
    return found


def item_ledger(ctx: AppContext, *, fiscal_year: int, item_id: int) -> CashBookPage:
    """科目別元帳: every entry of one item in a year with its cumulative total."""
    calendar = _calendar(ctx)
    start, end = calendar.first_day(fiscal_year), calendar.last_day(fiscal_year)
    page = cash_book(ctx, start=start, end=end, item_id=item_id)
    total = 0
    rows = []
    for row in page.rows:
        total += (row.income or 0) + (row.expenditure or 0)
        rows.append(_with_balance(row, total))
    with ctx.reader() as session:
        item = session.get(Item, item_id)
        name = "" if item is None else f"{item.code} {item.name}"
    return CashBookPage(
        title=f"科目別元帳　{name}",
        period=page.period,
        rows=tuple(rows),
        opening=0,
        income_total=page.income_total,
        expenditure_total=page.expenditure_total,
        closing=total,
    )


def _with_balance(row: CashBookRow, balance: int) -> CashBookRow:
    return replace(row, balance=balance)


def search_items(ctx: AppContext, text: str, fiscal_year: int) -> list[tuple[int, str, str]]:
    """Leaf items whose code starts with, or whose name contains, ``text`` (item chooser)."""
    needle = text.strip()
    with ctx.reader() as session:
        parents = select(Item.parent_id).where(Item.parent_id.is_not(None))
        query = select(Item.id, Item.code, Item.name).where(
            Item.id.not_in(parents),
            Item.role.not_in(("carry_in", "carry_out")),
            Item.valid_from_year <= fiscal_year,
            or_(Item.valid_to_year.is_(None), Item.valid_to_year >= fiscal_year),
        )
        if needle:
            query = query.where(or_(Item.code.startswith(needle), Item.name.contains(needle)))
        return [(i, c, n) for i, c, n in session.execute(query.order_by(Item.sort_order))]
