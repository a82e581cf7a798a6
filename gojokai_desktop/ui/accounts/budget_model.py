"""The budget editor's table: one amount column per sub-ledger (経理区分), their total, 説明.

An account without sub-ledgers has one 予算額 column; one with them (004: 一般経理 and 短期経理)
has a column for each and a read-only 合計, so the 内訳 of the 収支予算書 is typed where it is
printed. Headings (款・項) show the sums of their lines and cannot be edited.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.yen import format_yen, parse_yen
from gojokai_desktop.services.accounts.budget import BudgetEntry

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class LedgerColumn:
    """An amount column: the sub-ledger's id and code (None: 区分なし) and its heading."""

    sub_ledger_id: int | None
    code: str | None
    title: str


SINGLE = (LedgerColumn(None, None, "予算額"),)


@dataclass
class BudgetLineRow:
    """One line of the editor: an item's amounts by sub-ledger id and its 説明."""

    item_id: int
    code: str
    name: str
    amounts: dict[int | None, int] = field(default_factory=dict)
    explanation: str = ""
    heading: bool = False
    side: str = ""
    ancestors: tuple[int, ...] = ()  # the headings above it (款, 項), for their sums
    changed: set[int | None] = field(default_factory=set)
    explanation_changed: bool = False

    @property
    def amount(self) -> int:
        return sum(self.amounts.values())


class BudgetLinesModel(QAbstractTableModel):
    """Amounts by sub-ledger and 説明 of a budget version; headings are read-only sums."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[BudgetLineRow] = []
        self._ledgers: tuple[LedgerColumn, ...] = SINGLE
        self.last_error = ""

    # ------------------------------------------------------------------ layout
    def set_rows(
        self, rows: list[BudgetLineRow], ledgers: tuple[LedgerColumn, ...] = SINGLE
    ) -> None:
        self.beginResetModel()
        self._rows, self._ledgers = rows, ledgers or SINGLE
        self._compute_sums()
        self.endResetModel()

    def ledgers(self) -> tuple[LedgerColumn, ...]:
        return self._ledgers

    def _has_total(self) -> bool:
        return len(self._ledgers) > 1

    def headers(self) -> list[str]:
        titles = ["科目コード", "科目", *(c.title for c in self._ledgers)]
        return titles + (["合計"] if self._has_total() else []) + ["説明"]

    def amount_column(self, ledger: int) -> int:
        return 2 + ledger

    def explanation_column(self) -> int:
        return len(self.headers()) - 1

    # ------------------------------------------------------------------ figures
    def changed_lines(self) -> list[BudgetEntry]:
        """What the clerk changed: one entry per (item, sub-ledger) typed, and the 説明 on
        every line of its item."""
        codes = {c.sub_ledger_id: c.code for c in self._ledgers}
        entries = []
        for row in self._rows:
            touched = set(row.changed)
            if row.explanation_changed:
                touched |= {i for i in row.amounts if i in codes} or {
                    self._ledgers[0].sub_ledger_id
                }
            for sub_id in sorted(touched, key=lambda i: -1 if i is None else i):
                amount = row.amounts.get(sub_id, 0)
                entries.append(BudgetEntry(row.item_id, codes.get(sub_id), amount, row.explanation))
        return entries

    def total(self, side: str | None = None) -> int:
        """The sum of the leaf lines (of one side when given)."""
        return sum(r.amount for r in self._rows if not r.heading and side in (None, r.side))

    # ------------------------------------------------------------------ Qt
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        headers = self.headers()
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(headers)
        ):
            return headers[section]
        return None

    def _ledger_of(self, column: int) -> LedgerColumn | None:
        position = column - 2
        return self._ledgers[position] if 0 <= position < len(self._ledgers) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or self._rows[index.row()].heading:
            return base
        column = index.column()
        if self._ledger_of(column) is not None or column == self.explanation_column():
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def _value(self, row: BudgetLineRow, column: int) -> Any:
        ledger = self._ledger_of(column)
        if column == 0:
            return row.code
        if column == 1:
            return row.name
        if ledger is not None:
            return row.amounts.get(ledger.sub_ledger_id, 0)
        if column == self.explanation_column():
            return row.explanation
        return row.amount  # 合計

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < self.columnCount():
            return None
        row = self._rows[index.row()]
        column = index.column()
        value = self._value(row, column)
        is_amount = isinstance(value, int)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return format_yen(value) if is_amount else value
        if role == Qt.ItemDataRole.TextAlignmentRole and is_amount:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and (row.heading or column == self._total_column()):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _total_column(self) -> int:
        return 2 + len(self._ledgers) if self._has_total() else -1

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self._rows[index.row()]
        if row.heading:
            return False
        ledger = self._ledger_of(index.column())
        if ledger is not None:
            try:
                amount = parse_yen(str(value), "予算額")
            except ValidationError as error:
                self.last_error = error.message
                return False
            if amount < 0:
                self.last_error = "予算額は0円以上で入力してください。"
                return False
            row.amounts[ledger.sub_ledger_id] = amount
            row.changed.add(ledger.sub_ledger_id)
            self._refresh_sums()
        elif index.column() == self.explanation_column():
            row.explanation = str(value)
            row.explanation_changed = True
        else:
            return False
        self.last_error = ""
        self.dataChanged.emit(self.index(index.row(), 0),
                              self.index(index.row(), self.columnCount() - 1))  # fmt: skip
        return True

    def _refresh_sums(self) -> None:
        """Headings (款・項) show the new sums of their lines at once."""
        self._compute_sums()
        last = self.columnCount() - 1
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, last))

    def _compute_sums(self) -> None:
        for heading in (r for r in self._rows if r.heading):
            leaves = [r for r in self._rows if not r.heading and heading.item_id in r.ancestors]
            heading.amounts = {
                c.sub_ledger_id: sum(r.amounts.get(c.sub_ledger_id, 0) for r in leaves)
                for c in self._ledgers
            }
