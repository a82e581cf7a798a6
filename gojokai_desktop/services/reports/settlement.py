"""収支決算書 (settlement) of every account and the 財産目録 that checks it against the money held.

The settlement is the 004 table of the year's result: 区分 | 予算額(A) | 決算額(B) |
差額(B)−(A) | 内訳 per sub-ledger | 説明, built on the same item tree, rounding and printing as
the 収支予算書 (``services/accounts/budget_report.py``). (A) is the latest budget version of
the year (当初 + 補正); (B) the cash book's total per item, 前年度繰越金 the money the year
opened with; 収入合計 − 支出合計 is the 差引残額, the next year's 前年度繰越金.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Account,
    BankAccount,
    CashBookEntry,
    OpeningBalance,
    ReportText,
    SubLedger,
)
from gojokai_desktop.domain.accounting import AccountsTable, ReportRow, ReportSection
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.reports import AccountInventory, InventoryLine, PropertyInventory
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.accounts.budget import budget_in_force, lines_of
from gojokai_desktop.services.accounts.budget_report import (
    CARRY_IN_ID,
    UNITS,
    actual_by_item,
    build_section,
    derived_carry_in_item,
    opening_of,
)
from gojokai_desktop.services.accounts.ledger import signed_change
from gojokai_desktop.services.accounts.setup import ItemInfo, list_items
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.texts import SETTLEMENT_NOTE, require_books, year_calendar

BALANCE_LABEL = "差引残額（次年度繰越金）"
NO_SUB_LEDGER = "区分なし"


def _items(ctx: AppContext, account_id: int, fiscal_year: int) -> list[ItemInfo]:
    """The year's items without 次年度繰越金 (printed as 差引残額 under the table)."""
    items = [
        i for i in list_items(ctx, account_id) if i.valid_in(fiscal_year) and i.role != "carry_out"
    ]
    if not any(i.role == "carry_in" for i in items):
        items.append(derived_carry_in_item(account_id))
    return items


def _actual_by_sub_ledger(
    session: Session, account_id: int, fiscal_year: int, start: dt.date, end: dt.date
) -> dict[tuple[int, int | None], int]:
    rows = session.execute(
        select(
            CashBookEntry.item_id, CashBookEntry.sub_ledger_id, func.sum(CashBookEntry.net_amount)
        )
        .where(
            CashBookEntry.fiscal_year == fiscal_year,
            CashBookEntry.account_id == account_id,
            CashBookEntry.entry_date >= start,
            CashBookEntry.entry_date <= end,
            CashBookEntry.item_id.is_not(None),
        )
        .group_by(CashBookEntry.item_id, CashBookEntry.sub_ledger_id)
    )
    return {(i, s): int(total) for i, s, total in rows if i is not None}


def _notes(session: Session, fiscal_year: int) -> dict[int, str]:
    prefix = SETTLEMENT_NOTE
    rows = session.scalars(
        select(ReportText).where(
            ReportText.fiscal_year == fiscal_year, ReportText.key.startswith(prefix)
        )
    )
    notes = {}
    for row in rows:
        suffix = row.key[len(prefix) :]
        if suffix.lstrip("-").isdigit() and row.body.strip():
            notes[int(suffix)] = row.body.strip()
    return notes


def settlement_table(
    ctx: AppContext, *, fiscal_year: int, account: int | str | None = None, unit: str = "円"
) -> AccountsTable:
    """The 収支決算書 of one account for a fiscal year."""
    if unit not in UNITS:
        raise ValidationError("単位は円か千円を選んでください。", "単位")
    require_books(ctx, fiscal_year)
    calendar, label_of, society = year_calendar(ctx)
    start, end = calendar.first_day(fiscal_year), calendar.last_day(fiscal_year)
    with ctx.reader() as session:
        acc = _account(session, account)
        subs = session.scalars(
            select(SubLedger).where(SubLedger.account_id == acc.id).order_by(SubLedger.sort_order)
        ).all()
        items = _items(ctx, acc.id, fiscal_year)
        budget = budget_in_force(session, acc.id, fiscal_year)
        budget_lines = lines_of(session, budget.id if budget else None)
        lines = [(x.item_id, x.amount) for x in budget_lines]
        planned_in = {(x.item_id, x.sub_ledger_id) for x in budget_lines}
        actual = actual_by_item(session, acc.id, fiscal_year, start, end)
        by_sub = _actual_by_sub_ledger(session, acc.id, fiscal_year, start, end)
        opening = opening_of(session, acc.id, fiscal_year) or 0
        notes = _notes(session, fiscal_year)
    sub_ids: list[int | None] = [s.id for s in subs]
    sub_names = [s.name for s in subs]
    if subs and any(s is None for (_i, s) in by_sub):
        sub_ids.append(None)
        sub_names.append(NO_SUB_LEDGER)

    def leaf(item: ItemInfo) -> tuple[int | None, ...]:
        planned = None if budget is None else sum(a for i, a in lines if i == item.id)
        if item.id == CARRY_IN_ID:
            # Not in the tree, so never budgeted: the budget page prints the carried money as
            # its (B), and so does the settlement (no difference).
            return (opening, opening, *([None] * len(sub_ids)))
        if item.role == "carry_in":
            return (planned, opening, *([None] * len(sub_ids)))
        # "-----" where the item is kept in neither the budget nor the books of a sub-ledger.
        parts = [
            by_sub.get((item.id, s), 0)
            if (item.id, s) in by_sub or (item.id, s) in planned_in
            else None
            for s in sub_ids
        ]
        return (planned, actual.get(item.id, 0), *parts)

    def finish(
        printed: tuple[int | None, ...], _exact: tuple[int | None, ...]
    ) -> tuple[tuple[int | None, ...], str]:
        a, b, *parts = printed
        diff = None if a is None or b is None else b - a
        return (a, b, diff, *parts), ""

    thousand = unit == "千円"
    sections = tuple(
        build_section(side, items, leaf, thousand=thousand, finish=finish, explanations=notes,
                      total_label=total, breakdown=(1, 2))
        for side, total in (("income", "収入合計"), ("expenditure", "支出合計"))
    )  # fmt: skip
    closing = _balance_row(sections, len(sub_ids))
    label = label_of(fiscal_year)
    return AccountsTable(
        title=f"{label}{acc.name}収支決算書",
        society=society,
        period=f"{format_wareki(start)}から{format_wareki(end)}まで",
        unit=unit,
        columns=("予算額 (A)", "決算額 (B)", "差額 (B)-(A)"),
        sub_ledger_columns=tuple(sub_names),
        sub_ledger_heading="決算額の内訳" if sub_names else "",
        rate_column=False,
        sections=sections,
        closing=(closing,),
        footnotes=_footnotes(sections, thousand, bool(sub_names)),
    )


def _account(session: Session, account: int | str | None) -> Account:
    query = select(Account)
    if isinstance(account, int):
        query = query.where(Account.id == account)
    else:
        query = query.where(Account.code == (account or "general"))
    row = session.scalar(query)
    if row is None:
        raise ValidationError(f"会計「{account or 'general'}」がありません。", "会計")
    return row


def _balance_row(sections: tuple[ReportSection, ...], subs: int) -> ReportRow:
    """収入合計 − 支出合計 as printed (in 千円 the printed totals, so the page adds up)."""
    income, spent = (s.rows[-1].cells for s in sections)

    def minus(a: int | None, b: int | None) -> int | None:
        return None if a is None or b is None else a - b

    a = minus(income[0], spent[0])
    b = minus(income[1], spent[1])
    return ReportRow("total", "", BALANCE_LABEL, (a, b, minus(b, a), *([None] * subs)))


def _footnotes(
    sections: tuple[ReportSection, ...], thousand: bool, has_subs: bool
) -> tuple[str, ...]:
    notes = ["※ 決算額は出納帳の科目ごとの合計（取消を差し引いた額）。予算額は補正後の最終予算。"]
    if has_subs:
        notes.append("※ 前年度繰越金と差引残額は経理区分に分けていません。")
    if thousand:
        notes.append("※ 千円未満を四捨五入し、小計・合計が内訳の和になるよう調整しています。")
        widths = len(sections[0].rows[0].cells)
        for section in sections:
            for row in section.rows:
                parts = [v for v in row.cells[3:widths] if v is not None]
                if parts and row.cells[1] is not None and sum(parts) != row.cells[1]:
                    notes.append("※ 四捨五入のため、内訳の計が決算額と一致しない行があります。")
                    return tuple(notes)
    return tuple(notes)


def settlement_tables(ctx: AppContext, fiscal_year: int, unit: str = "円") -> list[AccountsTable]:
    """The 収支決算書 of every account, 一般会計 first."""
    with ctx.reader() as session:
        ids = list(session.scalars(select(Account.id).order_by(Account.sort_order, Account.id)))
    return [settlement_table(ctx, fiscal_year=fiscal_year, account=i, unit=unit) for i in ids]


def balance_of(table: AccountsTable) -> int:
    """The 差引残額 (B) of a settlement (in the table's unit)."""
    value = table.closing[0].cells[1] if table.closing else None
    return value or 0


def property_inventory(ctx: AppContext, fiscal_year: int) -> PropertyInventory:
    """財産目録: cash and each bank account of every account at the year end, from the cash
    book, checked against the 差引残額 of the settlement and the next year's opening money."""
    calendar, label_of, society = year_calendar(ctx)
    end = calendar.last_day(fiscal_year)
    with ctx.reader() as session:
        accounts = session.scalars(select(Account).order_by(Account.sort_order, Account.id)).all()
    tables = {a.id: settlement_table(ctx, fiscal_year=fiscal_year, account=a.id) for a in accounts}
    with ctx.reader() as session:
        banks = {b.id: b.name for b in session.scalars(select(BankAccount))}
        held = _held(session, fiscal_year)
        result = []
        for acc in accounts:
            table = tables[acc.id]
            money = held.get(acc.id, {})
            lines = [InventoryLine("現金", money.get(None, 0))]
            lines += [
                InventoryLine(f"預金 {banks.get(bank, '')}", amount)
                for bank, amount in sorted(money.items(), key=lambda kv: kv[0] or 0)
                if bank is not None
            ]
            next_opening = opening_of(session, acc.id, fiscal_year + 1)
            result.append(AccountInventory(acc.name, tuple(lines), balance_of(table), next_opening))
    return PropertyInventory(
        title=f"{label_of(fiscal_year)}財産目録", society=society, as_of=end, accounts=tuple(result)
    )


def _held(session: Session, fiscal_year: int) -> dict[int, dict[int | None, int]]:
    """account → bank account (None = cash) → money at the year end (opening + movements)."""
    held: dict[int, dict[int | None, int]] = {}
    for row in session.scalars(
        select(OpeningBalance).where(OpeningBalance.fiscal_year == fiscal_year)
    ):
        slot = held.setdefault(row.account_id, {})
        slot[row.bank_account_id] = slot.get(row.bank_account_id, 0) + row.amount
    for account_id, bank_id, change in session.execute(
        select(CashBookEntry.account_id, CashBookEntry.bank_account_id, func.sum(signed_change()))
        .where(CashBookEntry.fiscal_year == fiscal_year)
        .group_by(CashBookEntry.account_id, CashBookEntry.bank_account_id)
    ):
        slot = held.setdefault(account_id, {})
        slot[bank_id] = slot.get(bank_id, 0) + int(change or 0)
    return held
