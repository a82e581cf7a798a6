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


def _parts(cells: Sequence[int | None], parts: Sequence[int]) -> list[int | None]:
    return [cells[c] for c in parts]


def _is_whole(node: TableNode, total: int, parts: Sequence[int]) -> bool:
    """Whether a row's 内訳 is the whole of its amount (blank parts count 0)."""
    cells = node.totals()
    present = [v for v in _parts(cells, parts) if v is not None]
    return cells[total] is not None and bool(present) and sum(present) == cells[total]


def _round_matrix(
    exact: list[list[int | None]], rows: list[int], columns: list[int]
) -> list[list[int | None]]:
    """Yen → 千円 for a block of cells whose row sums (``rows``) and column sums
    (``columns``, same grand sum) are already fixed in 千円: every cell its floor, then +1 to
    the largest remainders where both its row and its column still lack, then (rarely) any
    cell of a row and a column that still lack. Blank cells stay blank when they get 0."""
    width = len(columns)
    value = [[0 if v is None else v // 1000 for v in row] for row in exact]
    row_need = [target - sum(row) for target, row in zip(rows, value, strict=True)]
    col_need = [columns[s] - sum(row[s] for row in value) for s in range(width)]
    order = sorted(
        (
            (-(v % 1000), i, s)
            for i, row in enumerate(exact)
            for s, v in enumerate(row)
            if v is not None and v % 1000
        ),
    )
    for _rem, i, s in order:
        if row_need[i] > 0 and col_need[s] > 0:
            value[i][s] += 1
            row_need[i] -= 1
            col_need[s] -= 1
    for i in range(len(value)):
        for s in sorted(range(width), key=lambda c: exact[i][c] is None):
            while row_need[i] and col_need[s] and (row_need[i] > 0) == (col_need[s] > 0):
                step = 1 if row_need[i] > 0 else -1
                value[i][s] += step
                row_need[i] -= step
                col_need[s] -= step
    return [
        [None if e is None and v == 0 else v for e, v in zip(er, vr, strict=True)]
        for er, vr in zip(exact, value, strict=True)
    ]


def fit_breakdown_to_thousand(
    nodes: Sequence[TableNode],
    printed: dict[str, tuple[int | None, ...]],
    total: int,
    parts: Sequence[int],
) -> dict[str, tuple[int | None, ...]]:
    """The 内訳 columns of a 千円 table (``printed`` from :func:`round_tree_to_thousand`)
    made to add up both ways: a row whose 内訳 is the whole of its amount (column ``total``)
    prints parts that add up to the printed amount, and each heading's parts are the sums of
    its rows' parts. Largest remainder, top-down: a whole row's parts are shared from its
    printed amount, then its rows get their parts from theirs (rows and columns fixed)."""
    out = {key: list(values) for key, values in printed.items()}

    def exact_parts(node: TableNode) -> list[int | None]:
        return _parts(node.totals(), parts)

    def set_parts(key: str, values: Sequence[int | None]) -> None:
        row = out.setdefault(key, [None] * (max(parts) + 1))
        for column, value in zip(parts, values, strict=True):
            row[column] = value

    def summed(children: Sequence[TableNode]) -> list[int | None]:
        result: list[int | None] = []
        for n in range(len(parts)):
            present = [out[c.key][parts[n]] for c in children if out[c.key][parts[n]] is not None]
            result.append(sum(v for v in present if v is not None) if present else None)
        return result

    def share(node: TableNode) -> None:
        """A whole row on its own: its parts shared out of its printed amount."""
        target = out[node.key][total] or 0
        shares = [0 if v is None else v for v in exact_parts(node)]
        rounded = to_thousand_yen(shares, target * 1000)
        set_parts(node.key, [
            None if e is None and r == 0 else r
            for e, r in zip(exact_parts(node), rounded, strict=True)
        ])  # fmt: skip
        fitted(node)

    def free(node: TableNode) -> None:
        """A row that is not whole: its whole rows are fitted on their own, its parts summed."""
        for child in node.children:
            if _is_whole(child, total, parts):
                share(child)
            else:
                free(child)
        if node.children:
            set_parts(node.key, summed(node.children))

    def fitted(node: TableNode) -> None:
        """A whole row whose parts are set: share them out over its rows."""
        if not node.children:
            return
        whole = [c for c in node.children if _is_whole(c, total, parts)]
        for child in node.children:
            if child not in whole:
                free(child)
        left = [
            (v or 0) - sum(out[c.key][col] or 0 for c in node.children if c not in whole)
            for v, col in zip(_parts(out[node.key], parts), parts, strict=True)
        ]
        rows = [out[c.key][total] or 0 for c in whole]
        if sum(rows) == sum(left):
            matrix = _round_matrix([exact_parts(c) for c in whole], rows, left)
            for child, values in zip(whole, matrix, strict=True):
                set_parts(child.key, values)
                fitted(child)
        else:  # not reachable when the heading is the sum of its rows; keep rows whole
            for child in whole:
                share(child)

    free(TableNode("", children=tuple(nodes)))
    return {key: tuple(values) for key, values in out.items()}


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


@dataclass(frozen=True, slots=True)  # a year of a large centre is 20,000 of them
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
