"""Pure bookkeeping rules: ratio allocation, running balances, 千円 rounding of a whole table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.yen import round_to_thousand, to_thousand_yen


def allocate_by_ratio(amount: int, weights: Sequence[int]) -> list[int]:
    """Split ``amount`` yen by ``weights`` (9:1 → [9, 1]) so that the parts add up exactly.

    Largest-remainder method: each part gets its floor share and the yen still missing go
    to the largest remainders, earlier position first on ties.
    """
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("amount must be int yen")
    if not weights or any(w < 0 for w in weights) or sum(weights) == 0:
        raise ValidationError("配分比率は0以上で、合計が0より大きい必要があります。", "配分比率")
    total_weight = sum(weights)
    sign = -1 if amount < 0 else 1
    magnitude = abs(amount)
    floors = [magnitude * w // total_weight for w in weights]
    remainders = [magnitude * w % total_weight for w in weights]
    missing = magnitude - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: (-remainders[i], i))
    for i in order[:missing]:
        floors[i] += 1
    return [sign * part for part in floors]


@dataclass(frozen=True)
class BalanceStep:
    """The balance after one movement, and whether it went below zero."""

    date: dt.date
    change: int
    balance: int


def running_balance(opening: int, changes: Iterable[tuple[dt.date, int]]) -> list[BalanceStep]:
    """The balance after each ``(date, signed change)``, in the order given."""
    steps: list[BalanceStep] = []
    balance = opening
    for day, change in changes:
        balance += change
        steps.append(BalanceStep(day, change, balance))
    return steps


def first_negative(steps: Iterable[BalanceStep]) -> BalanceStep | None:
    """The first step where the balance went below zero (cash can never be negative)."""
    for step in steps:
        if step.balance < 0:
            return step
    return None


@dataclass(frozen=True)
class TableNode:
    """A row of a report table: a leaf carries its amounts, a heading sums its children.

    ``amounts`` holds one int yen per column (None where the cell does not apply, "-----").
    """

    key: str
    amounts: tuple[int | None, ...] = ()
    children: tuple[TableNode, ...] = ()

    def totals(self) -> tuple[int | None, ...]:
        if not self.children:
            return self.amounts
        columns = len(self.children[0].totals())
        result: list[int | None] = []
        for c in range(columns):
            cells = [child.totals()[c] for child in self.children]
            present = [v for v in cells if v is not None]
            result.append(sum(present) if present else None)
        return tuple(result)


def round_tree_to_thousand(nodes: Sequence[TableNode]) -> dict[str, tuple[int | None, ...]]:
    """Every row of a table in 千円, each heading still equal to the sum of its rows.

    The grand total of each column is rounded half-up; its parts are then distributed by the
    largest-remainder method top-down, so 小計 and 合計 add up on paper. Returns amounts by key
    for every node, plus ``""`` for the grand total.
    """
    if not nodes:
        return {"": ()}
    columns = len(nodes[0].totals())
    result: dict[str, list[int | None]] = {}

    def distribute(siblings: Sequence[TableNode], column: int, total_thousand: int) -> None:
        exact = [n.totals()[column] for n in siblings]
        present = [i for i, v in enumerate(exact) if v is not None]
        if not present:
            return
        values = [exact[i] for i in present]
        # to_thousand_yen takes yen; the target in 千円 is passed back as yen.
        rounded = to_thousand_yen([v for v in values if v is not None], total_thousand * 1000)
        for i, value in zip(present, rounded, strict=True):
            node = siblings[i]
            result.setdefault(node.key, [None] * columns)[column] = value
            if node.children:
                distribute(node.children, column, value)

    grand: list[int | None] = []
    for column in range(columns):
        cells = [n.totals()[column] for n in nodes]
        present = [v for v in cells if v is not None]
        if not present:
            grand.append(None)
            continue
        target = round_to_thousand(sum(present))
        grand.append(target)
        distribute(nodes, column, target)
    out = {key: tuple(values) for key, values in result.items()}
    out[""] = tuple(grand)
    return out


def percent_used(actual: int, budget: int) -> str:
    """執行率 as printed: one decimal, half-up; ``-----`` when there is no budget."""
    if budget <= 0:
        return "-----"
    tenths = (abs(actual) * 1000 * 2 + budget) // (budget * 2)
    sign = "△" if actual < 0 and tenths else ""
    return f"{sign}{tenths // 10}.{tenths % 10}%"


@dataclass(frozen=True)
class ReportRow:
    """One printed row; ``cells`` hold int yen (or 千円), None prints ``-----``."""

    kind: str  # "heading" (numbered 項), "line" (目), "subtotal", "total"
    group: str  # the 款 written in the left column, on the first row of the 款 only
    label: str
    cells: tuple[int | None, ...]
    rate: str = ""
    explanation: str = ""
    item_id: int | None = None


@dataclass(frozen=True)
class ReportSection:
    side: str
    title: str
    has_groups: bool
    rows: tuple[ReportRow, ...]


@dataclass(frozen=True)
class AccountsTable:
    """A whole report: what the PDF, the workbook and the screen print."""

    title: str
    society: str
    period: str
    unit: str
    columns: tuple[str, ...]
    sub_ledger_columns: tuple[str, ...]
    sub_ledger_heading: str
    rate_column: bool
    sections: tuple[ReportSection, ...]
    #: Rows printed under the sections, in the same columns (収支決算書: 差引残額).
    closing: tuple[ReportRow, ...] = ()
    #: ※ notes printed under the table.
    footnotes: tuple[str, ...] = ()

    def row(self, side: str, label: str) -> ReportRow:
        """The row of ``side`` whose label (without its number) is ``label`` (tests, screens)."""
        for section in self.sections:
            if section.side != side:
                continue
            for row in section.rows:
                if row.label == label or row.label.split(" ", 1)[-1] == label:
                    return row
        raise KeyError(label)


@dataclass(frozen=True)
class CashBookRow:
    """One line of the printed or shown 出納帳; ``balance`` is the money held after it."""

    id: int
    date: dt.date
    fiscal_year: int
    voucher: str
    account: str
    sub_ledger: str
    item_code: str
    item_name: str
    direction: str
    income: int | None
    expenditure: int | None
    balance: int
    description: str
    counterparty: str
    method: str
    source_type: str
    reversal_of_id: int | None
    reversed: bool
    transfer_pair_id: int | None


@dataclass(frozen=True)
class CashBookPage:
    """The entries of a period with the balance before and after them."""

    title: str
    period: str
    rows: tuple[CashBookRow, ...]
    opening: int
    income_total: int
    expenditure_total: int
    closing: int
