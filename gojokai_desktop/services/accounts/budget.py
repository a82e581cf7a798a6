"""Budgets (予算): versions per year (当初, 補正, 決算見込), lines per item and sub-ledger, copying.

The budget in force on a date is the latest 当初/補正 version decided by then; the 決算見込
(the forecast of the settlement made when next year's budget is drafted) is kept as its own
version so that the 004 table can print it beside the budget.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import Budget, BudgetLine, Item, SubLedger
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services import numbering
from gojokai_desktop.services.accounts.ledger import calendar_of, open_fiscal_year
from gojokai_desktop.services.accounts.setup import account_id_of, find_item
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.numbering import next_number

KIND_LABELS = {"initial": "当初予算", "supplementary": "補正予算", "forecast": "決算見込"}


@dataclass(frozen=True)
class BudgetInfo:
    id: int
    account_id: int
    fiscal_year: int
    kind: str
    version_no: int
    label: str
    decided_on: dt.date | None


@dataclass(frozen=True)
class BudgetLineInfo:
    item_id: int
    sub_ledger_id: int | None
    amount: int
    explanation: str


def _info(row: Budget) -> BudgetInfo:
    return BudgetInfo(
        row.id, row.account_id, row.fiscal_year, row.kind, row.version_no, row.label, row.decided_on
    )


def create_budget(
    uow: UnitOfWork,
    *,
    fiscal_year: int,
    account: int | str | None = None,
    kind: str = "initial",
    decided_on: dt.date | None = None,
    copy_from: int | None = None,
    note: str = "",
) -> int:
    """A new budget version; a 補正 starts as a copy of the version in force.

    The first 当初予算 of a year is version 0; each 補正 gets the next number (第1次補正...).
    """
    if kind not in KIND_LABELS:
        raise ValidationError(
            "当初予算・補正予算・決算見込のどれかを選んでください。", "予算の種類"
        )
    open_fiscal_year(uow, calendar_of(uow).first_day(fiscal_year))
    account_id = account_id_of(uow, account)
    existing = uow.session.scalars(
        select(Budget).where(Budget.account_id == account_id, Budget.fiscal_year == fiscal_year)
    ).all()
    same_kind = [b for b in existing if b.kind == kind]
    if kind != "supplementary" and same_kind:
        raise ValidationError(
            f"{fiscal_year}年度の{KIND_LABELS[kind]}は既にあります。補正予算として作成してください。",
            "予算の種類",
        )
    if kind == "supplementary":
        if not any(b.kind == "initial" for b in existing):
            raise ValidationError("先に当初予算を作成してください。", "予算の種類")
        version = next_number(
            uow,
            numbering.BUDGET,
            account_id * 10_000 + fiscal_year,
            floor=lambda: max((b.version_no for b in same_kind), default=0),
        )
        label = f"第{version}次補正予算"
        if copy_from is None:
            in_force = budget_in_force(uow.session, account_id, fiscal_year)
            copy_from = None if in_force is None else in_force.id
    else:
        version = 0
        label = KIND_LABELS[kind]
    row = Budget(
        account_id=account_id,
        fiscal_year=fiscal_year,
        kind=kind,
        version_no=version,
        label=label,
        decided_on=decided_on,
        note=note,
    )
    uow.session.add(row)
    uow.session.flush()
    if copy_from is not None:
        _copy_lines(uow, copy_from, row.id, fiscal_year)
    return row.id


def _copy_lines(uow: UnitOfWork, source_id: int, target_id: int, fiscal_year: int) -> int:
    lines = uow.session.scalars(select(BudgetLine).where(BudgetLine.budget_id == source_id)).all()
    copied = 0
    for line in lines:
        item = uow.session.get(Item, line.item_id)
        if item is None or item.valid_from_year > fiscal_year:
            continue
        if item.valid_to_year is not None and item.valid_to_year < fiscal_year:
            continue
        uow.session.add(
            BudgetLine(
                budget_id=target_id,
                item_id=line.item_id,
                sub_ledger_id=line.sub_ledger_id,
                amount=line.amount,
                explanation=line.explanation,
            )
        )
        copied += 1
    uow.session.flush()
    return copied


def copy_last_year(uow: UnitOfWork, *, fiscal_year: int, account: int | str | None = None) -> int:
    """This year's 当初予算 starting from last year's budget in force (items still valid)."""
    account_id = account_id_of(uow, account)
    last = budget_in_force(uow.session, account_id, fiscal_year - 1)
    if last is None:
        raise ValidationError(f"{fiscal_year - 1}年度の予算がありません。", "コピー元")
    return create_budget(uow, fiscal_year=fiscal_year, account=account_id, copy_from=last.id)


def set_line(
    uow: UnitOfWork,
    budget_id: int,
    item: int | str,
    amount: int,
    *,
    sub_ledger: str | None = None,
    explanation: str = "",
) -> None:
    """The amount (and 説明) of one item in a budget version; only on items without children."""
    budget = uow.session.get(Budget, budget_id)
    if budget is None:
        raise ValidationError("予算がありません。", "予算")
    open_fiscal_year(uow, calendar_of(uow).first_day(budget.fiscal_year))
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount must be int yen")
    if amount < 0:
        raise ValidationError("予算額は0円以上で入力してください。", "予算額")
    row = uow.session.get(Item, item) if isinstance(item, int) else None
    if isinstance(item, str):
        row = find_item(uow, budget.account_id, item)
    if row is None or row.account_id != budget.account_id:
        raise ValidationError(f"科目「{item}」がこの会計にありません。", "科目")
    if uow.session.scalar(select(Item.id).where(Item.parent_id == row.id).limit(1)) is not None:
        raise ValidationError(f"「{row.name}」は見出しです。下の科目に入力してください。", "科目")
    sub_id = None
    if sub_ledger is not None:
        sub_id = uow.session.scalar(
            select(SubLedger.id).where(
                SubLedger.account_id == budget.account_id, SubLedger.code == sub_ledger
            )
        )
        if sub_id is None:
            raise ValidationError(f"経理区分「{sub_ledger}」がありません。", "経理区分")
    line = uow.session.scalar(
        select(BudgetLine).where(
            BudgetLine.budget_id == budget_id,
            BudgetLine.item_id == row.id,
            BudgetLine.sub_ledger_id.is_(None)
            if sub_id is None
            else BudgetLine.sub_ledger_id == sub_id,
        )
    )
    if line is None:
        uow.session.add(
            BudgetLine(
                budget_id=budget_id,
                item_id=row.id,
                sub_ledger_id=sub_id,
                amount=amount,
                explanation=explanation,
            )
        )
    else:
        line.amount = amount
        line.explanation = explanation
    uow.session.flush()


def budget_in_force(
    session: Session, account_id: int, fiscal_year: int, as_of: dt.date | None = None
) -> Budget | None:
    """The latest 当初/補正 version of a year (decided by ``as_of`` when given)."""
    query = select(Budget).where(
        Budget.account_id == account_id,
        Budget.fiscal_year == fiscal_year,
        Budget.kind.in_(("initial", "supplementary")),
    )
    if as_of is not None:
        query = query.where((Budget.decided_on.is_(None)) | (Budget.decided_on <= as_of))
    return session.scalar(query.order_by(Budget.version_no.desc()).limit(1))


def forecast_of(session: Session, account_id: int, fiscal_year: int) -> Budget | None:
    return session.scalar(
        select(Budget).where(
            Budget.account_id == account_id,
            Budget.fiscal_year == fiscal_year,
            Budget.kind == "forecast",
        )
    )


def lines_of(session: Session, budget_id: int | None) -> list[BudgetLineInfo]:
    if budget_id is None:
        return []
    rows = session.scalars(select(BudgetLine).where(BudgetLine.budget_id == budget_id)).all()
    return [BudgetLineInfo(r.item_id, r.sub_ledger_id, r.amount, r.explanation) for r in rows]


def list_budgets(ctx: AppContext, account_id: int, fiscal_year: int) -> list[BudgetInfo]:
    with ctx.reader() as session:
        rows = session.scalars(
            select(Budget).where(Budget.account_id == account_id, Budget.fiscal_year == fiscal_year)
        ).all()
        order = list(KIND_LABELS)
        return [_info(r) for r in sorted(rows, key=lambda r: (order.index(r.kind), r.version_no))]


def budget_lines(ctx: AppContext, budget_id: int) -> list[BudgetLineInfo]:
    with ctx.reader() as session:
        return lines_of(session, budget_id)


def budget_total(ctx: AppContext, budget_id: int, side: str) -> int:
    """The total of one side (income or expenditure) of a budget version."""
    with ctx.reader() as session:
        total = session.scalar(
            select(func.coalesce(func.sum(BudgetLine.amount), 0))
            .join(Item, Item.id == BudgetLine.item_id)
            .where(BudgetLine.budget_id == budget_id, Item.side == side)
        )
        return int(total or 0)


@dataclass(frozen=True)
class BudgetEntry:
    """One amount typed in the budget editor: an item, its sub-ledger (経理区分, by code;
    None for an account without them), the amount and the 説明."""

    item_id: int
    sub_ledger: str | None
    amount: int
    explanation: str = ""


def save_entries(ctx: AppContext, budget_id: int, entries: list[BudgetEntry]) -> None:
    """Store the amounts typed in the budget editor, per item and sub-ledger, all or none."""
    with ctx.unit_of_work("予算の入力") as uow:
        for entry in entries:
            set_line(uow, budget_id, entry.item_id, entry.amount, sub_ledger=entry.sub_ledger,
                     explanation=entry.explanation)  # fmt: skip
        uow.commit()


def save_lines(ctx: AppContext, budget_id: int, lines: list[tuple[int, int, str]]) -> None:
    """Store ``(item_id, amount, 説明)`` lines of an account without sub-ledgers."""
    save_entries(ctx, budget_id, [BudgetEntry(i, None, a, e) for i, a, e in lines])


def new_budget(
    ctx: AppContext,
    *,
    fiscal_year: int,
    account_id: int,
    kind: str,
    decided_on: dt.date | None = None,
    copy_last: bool = False,
) -> int:
    """当初予算 (optionally from last year's), a 補正予算 or the 決算見込, in one action."""
    with ctx.unit_of_work("予算の作成") as uow:
        if copy_last and kind == "initial":
            budget_id = copy_last_year(uow, fiscal_year=fiscal_year, account=account_id)
            row = uow.session.get(Budget, budget_id)
            if row is not None:
                row.decided_on = decided_on
        else:
            budget_id = create_budget(
                uow, fiscal_year=fiscal_year, account=account_id, kind=kind, decided_on=decided_on
            )
        uow.commit()
    return budget_id
