"""Sources about the general account's actual of the year, as the settlement (決算) shows them.

Read through the program's context, the figures are the 収支決算書's own
(``services/reports/settlement.py``). The demo, answering past surveys inside its own
transaction, sums the cash book the same way: income total (収入合計) every income item's
actual (reversals netted) with 前年度繰越金 from the year's opening balances; expenditure total
(支出合計) every expenditure item's actual without 次年度繰越金, which is what is left
(収入合計 − 支出合計); an item's figure the sum of its lowest items (目, or 項 without 目).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from gojokai_desktop.db.models import Account, CashBookEntry, Item, OpeningBalance
from gojokai_desktop.services.accounts.budget_report import actual_by_item
from gojokai_desktop.services.reports.settlement import settlement_table
from gojokai_desktop.services.survey.figures import (
    DetailColumn,
    Figure,
    Scope,
    SourceDetail,
    SourceInfo,
)

INCOME = "accounts.income_total"
EXPENDITURE = "accounts.expenditure_total"
CARRIED_IN = "accounts.carried_in"
CARRY_FORWARD = "accounts.carry_forward"
SOURCES = (
    SourceInfo(INCOME, "一般会計の収入合計（決算額、前年度繰越金を含む）", "yen", "円"),
    SourceInfo(EXPENDITURE, "一般会計の支出合計（決算額、次年度繰越金を含まない）", "yen", "円"),
    SourceInfo(CARRIED_IN, "一般会計の前年度繰越金（年度初めの残高）", "yen", "円"),
    SourceInfo(CARRY_FORWARD, "一般会計の次年度繰越金（収入合計 − 支出合計）", "yen", "円"),
)
NAMES = frozenset(s.name for s in SOURCES)
PREFIXES = {"accounts.income:": "yen", "accounts.expenditure:": "yen"}
SIDE_OF_PREFIX = {"accounts.income": "income", "accounts.expenditure": "expenditure"}
SIDE_LABELS = {"income": "収入", "expenditure": "支出"}


@dataclass(frozen=True)
class _Line:
    id: int
    parent_id: int | None
    level: int
    code: str
    name: str
    side: str
    role: str
    sort_order: int


@dataclass(frozen=True)
class _Books:
    """The general account's items of the year with their actual (leaves summed upwards)."""

    account_name: str
    lines: tuple[_Line, ...]
    totals: dict[int, int]
    carried_in: int

    def side_total(self, side: str) -> int:
        roots = [line for line in self.lines if line.side == side and line.parent_id is None]
        return sum(self.totals[r.id] for r in roots if r.role != "carry_out")

    def item(self, name: str, side: str) -> _Line | None:
        key = unicodedata.normalize("NFKC", name).strip()
        for line in self.lines:
            if line.side == side and key in (unicodedata.normalize("NFKC", line.name), line.code):
                return line
        return None


def _books(scope: Scope) -> _Books | None:
    session = scope.session
    account = session.scalar(select(Account).where(Account.code == "general"))
    if account is None:
        return None
    year = scope.fiscal_year
    rows = session.scalars(
        select(Item).where(
            Item.account_id == account.id,
            Item.valid_from_year <= year,
            (Item.valid_to_year.is_(None)) | (Item.valid_to_year >= year),
        )
    ).all()
    lines = tuple(
        sorted(
            (
                _Line(r.id, r.parent_id, r.level, r.code, r.name, r.side, r.role, r.sort_order)
                for r in rows
            ),
            key=lambda x: (x.side != "income", x.code),
        )
    )
    actual = actual_by_item(session, account.id, year, scope.first, scope.last)
    carried_in = int(
        session.scalar(
            select(func.coalesce(func.sum(OpeningBalance.amount), 0)).where(
                OpeningBalance.account_id == account.id, OpeningBalance.fiscal_year == year
            )
        )
        or 0
    )
    children: dict[int | None, list[_Line]] = {}
    for line in lines:
        children.setdefault(line.parent_id, []).append(line)
    totals: dict[int, int] = {}

    def total(line: _Line) -> int:
        kids = children.get(line.id, [])
        if kids:
            value = sum(total(k) for k in kids if k.role != "carry_out")
        elif line.role == "carry_in":
            value = carried_in
        elif line.role == "carry_out":
            value = 0
        else:
            value = actual.get(line.id, 0)
        totals[line.id] = value
        return value

    for root in children.get(None, []):
        total(root)
    return _Books(account.name, lines, totals, carried_in)


def dynamic_infos(scope: Scope) -> list[SourceInfo]:
    """One name per item of the general account (収入・支出 by 科目名)."""
    books = _books(scope)
    if books is None:
        return []
    return [
        SourceInfo(
            f"accounts.{line.side}:{line.name}",
            f"一般会計の{SIDE_LABELS[line.side]}「{line.name}」の決算額",
            "yen",
            "円",
        )
        for line in books.lines
        if line.role != "carry_out"
    ]


def _settled(scope: Scope, books: _Books) -> tuple[_Books, int, int, str]:
    """The items' figures, 収入合計 and 支出合計 as the settlement shows them, and where they
    come from: the reports' 収支決算書 when the books are read through the program's context,
    else (the demo's own transaction) the same sums straight from the cash book."""
    if scope.ctx is None:
        basis = f"出納帳の{scope.label}（{scope.period}）の記帳を科目ごとに集計（取消は差し引き）"
        return books, books.side_total("income"), books.side_total("expenditure"), basis
    table = settlement_table(scope.ctx, fiscal_year=scope.fiscal_year, account="general", unit="円")
    income, spent = (section.rows[-1].cells[1] or 0 for section in table.sections)
    shown = {
        row.item_id: row.cells[1]
        for section in table.sections
        for row in section.rows
        if row.item_id in books.totals and row.cells[1] is not None
    }
    basis = f"{table.title}（{scope.period}、決算額は出納帳の科目ごとの合計）"
    return replace(books, totals={**books.totals, **shown}), income, spent, basis


def figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    """The general account's figures of the year that ``wanted`` names."""
    found = _books(scope)
    if found is None:
        return {n: Figure(n, None, "一般会計（コード general）がありません。") for n in wanted}
    books, income, spent, basis = _settled(scope, found)
    out: dict[str, Figure] = {}
    for name in wanted:
        if name == INCOME:
            out[name] = Figure(
                name,
                income,
                f"{basis}: 収入の部の合計 {income:,}円"
                f"（前年度繰越金 {books.carried_in:,}円を含む）。",
                True,
            )
        elif name == EXPENDITURE:
            out[name] = Figure(
                name, spent, f"{basis}: 支出の部の合計 {spent:,}円（次年度繰越金を除く）。", True
            )
        elif name == CARRIED_IN:
            out[name] = Figure(
                name,
                books.carried_in,
                f"{scope.label}の初めの一般会計の残高（現金・預金の繰越）の合計"
                f" {books.carried_in:,}円。",
            )
        elif name == CARRY_FORWARD:
            out[name] = Figure(
                name,
                income - spent,
                f"収入合計 {income:,}円 − 支出合計 {spent:,}円 = {income - spent:,}円。",
                True,
            )
        else:
            out[name] = _item_figure(books, name, basis)
    return out


def _item_figure(books: _Books, name: str, basis: str) -> Figure:
    prefix, _, item_name = name.partition(":")
    side = SIDE_OF_PREFIX.get(prefix, "")
    line = books.item(item_name, side) if side else None
    if line is None:
        return Figure(
            name, None, f"一般会計の{SIDE_LABELS.get(side, '')}に科目「{item_name}」がありません。"
        )
    value = books.totals.get(line.id, 0)
    if line.role == "carry_in":
        return Figure(
            name, value, f"「{line.name}」: 年度初めの一般会計の残高の合計 {value:,}円。", True
        )
    return Figure(name, value, f"{basis}: 「{line.name}」 {value:,}円。", True)


def _leaves(books: _Books, line: _Line) -> list[_Line]:
    below = [x for x in books.lines if x.parent_id == line.id]
    return [leaf for x in below for leaf in _leaves(books, x)] if below else [line]


def _item_detail(scope: Scope, books: _Books, name: str, line: _Line) -> SourceDetail:
    """The cash-book entries of one item (its lowest items) in the year, reversals netted."""
    if line.role == "carry_in":
        rows: tuple[tuple[object, ...], ...] = (
            ("", "", "年度初めの残高（繰越）", "", books.carried_in),
        )
    else:
        ids = [leaf.id for leaf in _leaves(books, line)]
        rows = tuple(
            tuple(row)
            for row in scope.session.execute(
                select(
                    CashBookEntry.entry_date,
                    CashBookEntry.voucher_no,
                    CashBookEntry.description,
                    CashBookEntry.counterparty,
                    CashBookEntry.net_amount,
                )
                .where(
                    CashBookEntry.fiscal_year == scope.fiscal_year,
                    CashBookEntry.item_id.in_(ids),
                    CashBookEntry.entry_date.between(scope.first, scope.last),
                )
                .order_by(CashBookEntry.entry_date, CashBookEntry.voucher_no, CashBookEntry.line_no)
            )
        )
    columns = (
        DetailColumn("日付", "date"),
        DetailColumn("伝票", "int"),
        DetailColumn("摘要"),
        DetailColumn("相手先"),
        DetailColumn("金額", "yen"),
    )
    total = books.totals.get(line.id, 0)
    return SourceDetail(
        name,
        f"{scope.label} 出納帳「{line.name}」",
        columns,
        rows,
        f"計 {len(rows):,}件 {total:,}円",
    )


def detail(scope: Scope, name: str) -> SourceDetail:
    """The items of one side with their actual (the settlement's lines), or for one item the
    cash-book entries behind it."""
    books = _books(scope)
    columns = (DetailColumn("科目コード"), DetailColumn("科目"), DetailColumn("決算額", "yen"))
    if books is None:
        return SourceDetail(name, "一般会計", columns, (), "一般会計がありません")
    prefix, _, item_name = name.partition(":")
    if item_name and (line := books.item(item_name, SIDE_OF_PREFIX.get(prefix, ""))) is not None:
        return _item_detail(scope, books, name, line)
    side = "expenditure" if name == EXPENDITURE else "income"
    if name == CARRY_FORWARD:
        income, spent = books.side_total("income"), books.side_total("expenditure")
        carry: tuple[tuple[object, ...], ...] = (
            ("", "収入合計", income),
            ("", "支出合計", spent),
            ("", "次年度繰越金", income - spent),
        )
        return SourceDetail(
            name,
            f"{scope.label} {books.account_name}の繰越",
            columns,
            carry,
            f"次年度繰越金 {income - spent:,}円",
        )
    rows = tuple(
        (line.code, "　" * depth + line.name, books.totals.get(line.id, 0))
        for line, depth in _tree(books)
        if line.side == side and line.role != "carry_out"
    )
    total = books.side_total(side)
    return SourceDetail(
        name,
        f"{scope.label} {books.account_name} {SIDE_LABELS[side]}の決算額",
        columns,
        rows,
        f"{SIDE_LABELS[side]}合計 {total:,}円",
    )


def _tree(books: _Books) -> list[tuple[_Line, int]]:
    """The items in tree order with their depth (0 for a top item)."""
    children: dict[int | None, list[_Line]] = {}
    for line in books.lines:
        children.setdefault(line.parent_id, []).append(line)
    ordered: list[tuple[_Line, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for line in sorted(children.get(parent, []), key=lambda x: (x.sort_order, x.code)):
            ordered.append((line, depth))
            walk(line.id, depth + 1)

    walk(None, 0)
    return ordered
