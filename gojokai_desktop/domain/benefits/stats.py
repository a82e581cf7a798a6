"""The benefit statistics table of the 004 layout: 件数・金額 for (A), 決算見込, (B) and 増減.

One row per benefit kind, grouped by 経理区分 (sub-ledger) with 小計 per group and 合計. In
千円 every amount column is rounded so that the printed 小計 and 合計 still add up; counts are
never rounded. ``None`` is a cell that does not apply (printed ``-----``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gojokai_desktop.domain.accounting import TableNode, round_tree_to_thousand
from gojokai_desktop.domain.errors import ValidationError

UNITS = ("円", "千円")
#: (件数, 金額) of one kind in one column; None where there is no figure.
Pair = tuple[int, int] | None
#: The eight cells of a row: (A) 件数・金額, 決算見込 件数・金額, (B) 件数・金額, 増減 件数・金額.
CELLS = 8


@dataclass(frozen=True)
class KindFigures:
    """What is known of one kind: its 経理区分 and the three pairs the table compares."""

    code: str
    name: str
    group: str
    budget_a: Pair
    estimate: Pair
    budget_b: Pair


@dataclass(frozen=True)
class StatsRow:
    """A printed row: ``kind`` is "line", "subtotal" or "total"; ``group`` is written on the
    first row of its group only, as in the printed table."""

    kind: str
    group: str
    label: str
    cells: tuple[int | None, ...]
    code: str = ""

    def pair(self, column: int) -> tuple[int | None, int | None]:
        """(件数, 金額) of column 0 (A), 1 (決算見込), 2 (B) or 3 (増減)."""
        return self.cells[2 * column], self.cells[2 * column + 1]


@dataclass(frozen=True)
class BenefitStatsTable:
    """The whole table, as the PDF, the workbook and the annual report print it."""

    title: str
    society: str
    fiscal_year: int
    unit: str
    headings: tuple[str, str, str, str]
    grouped: bool
    rows: tuple[StatsRow, ...]

    def row(self, label_or_code: str, group: str = "") -> StatsRow:
        """The row whose code or label is given (the 小計 of ``group``), for tests and screens."""
        current = ""
        for row in self.rows:
            current = row.group or current
            if row.code == label_or_code or (
                row.label == label_or_code and (not group or current == group)
            ):
                return row
        raise KeyError(label_or_code)

    @property
    def total(self) -> StatsRow:
        return self.rows[-1]


def _node(key: str, figures: KindFigures) -> TableNode:
    return TableNode(key, tuple(None if p is None else p[1] for p in _pairs(figures)))


def _pairs(figures: KindFigures) -> tuple[Pair, Pair, Pair]:
    return figures.budget_a, figures.estimate, figures.budget_b


def _sum(values: Sequence[int | None]) -> int | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def _counts(figures: Sequence[KindFigures]) -> list[int | None]:
    return [
        _sum([None if (pair := _pairs(f)[column]) is None else pair[0] for f in figures])
        for column in range(3)
    ]


def _diff(a: int | None, b: int | None, columns: tuple[bool, bool]) -> int | None:
    """(B)−(A) of one cell pair. A kind missing on one side counts 0 there (a new kind adds
    all of (B), a dropped one takes away all of (A)), so the 増減 of the kinds adds up to the
    小計 and 合計, which are (B)−(A) of the printed totals; "-----" only when the kind has
    neither figure or a whole column has none (no budget saved for that year)."""
    if not all(columns) or (a is None and b is None):
        return None
    return (b or 0) - (a or 0)


def _cells(
    counts: Sequence[int | None],
    amounts: Sequence[int | None],
    columns: tuple[bool, bool] = (True, True),
) -> tuple[int | None, ...]:
    a_count, f_count, b_count = counts
    a_amount, f_amount, b_amount = amounts
    diff_count = _diff(a_count, b_count, columns)
    diff_amount = _diff(a_amount, b_amount, columns)
    return (a_count, a_amount, f_count, f_amount, b_count, b_amount, diff_count, diff_amount)


def build_stats_table(
    figures: Sequence[KindFigures],
    group_names: Mapping[str, str],
    *,
    unit: str,
    title: str,
    society: str,
    fiscal_year: int,
    headings: tuple[str, str, str, str],
) -> BenefitStatsTable:
    """Rows in the order of ``figures`` grouped by first appearance of their group (or the
    order of ``group_names``); one ungrouped list with only 合計 when no kind names a group."""
    if unit not in UNITS:
        raise ValidationError("単位は円か千円を選んでください。", "単位")
    order = [g for g in group_names if any(f.group == g for f in figures)]
    order += [g for g in dict.fromkeys(f.group for f in figures) if g not in order]
    grouped = any(order)
    groups = {g: [f for f in figures if f.group == g] for g in order}
    nodes = [
        TableNode(f"g:{g}", children=tuple(_node(f"k:{f.code}", f) for f in members))
        for g, members in groups.items()
    ]
    printed: dict[str, tuple[int | None, ...]]
    if unit == "千円":
        printed = round_tree_to_thousand(nodes)
    else:
        printed = {n.key: n.totals() for n in nodes}
        printed.update({c.key: c.totals() for n in nodes for c in n.children})
        if nodes:
            printed[""] = TableNode("", children=tuple(nodes)).totals()
    none = (None, None, None)
    # Whether (A) and (B) have any figure at all: without one, 増減 does not apply anywhere.
    all_counts = _counts(figures)
    columns = (all_counts[0] is not None, all_counts[2] is not None)
    rows: list[StatsRow] = []
    for group, members in groups.items():
        label = group_names.get(group, group) if group else "（区分なし）"
        for n, f in enumerate(members):
            counts = [None if p is None else p[0] for p in _pairs(f)]
            cells = _cells(counts, printed.get(f"k:{f.code}", none), columns)
            rows.append(
                StatsRow("line", label if grouped and n == 0 else "", f.name, cells, f.code)
            )
        if grouped:
            cells = _cells(_counts(members), printed.get(f"g:{group}", none), columns)
            rows.append(StatsRow("subtotal", "", "小計", cells))
    total = printed.get("", none) if figures else none
    rows.append(StatsRow("total", "", "合計", _cells(all_counts, total, columns)))
    return BenefitStatsTable(
        title=title,
        society=society,
        fiscal_year=fiscal_year,
        unit=unit,
        headings=headings,
        grouped=grouped,
        rows=tuple(rows),
    )
