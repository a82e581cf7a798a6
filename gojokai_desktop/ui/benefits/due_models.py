"""The 該当者 list model: due rows with a check box each (only unclaimed rows can be checked)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.due import DueRow
from gojokai_desktop.ui.table_base import HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex
Key = tuple[str, int, int | None, dt.date]
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CLAIMED_COLOR = QColor("#888888")
HEADERS = (
    "給付の種類", "会員番号", "氏名", "事業所", "対象者", "事由発生日", "事由", "金額", "請求",
)  # fmt: skip
AMOUNT_COLUMN = 7


def _values(row: DueRow) -> tuple[Any, ...]:
    person = f"{row.person_name}（{row.person_relation}）"
    claimed = f"請求済 {row.claim_number}" if row.claimed else ""
    return (row.kind_name, row.member_number, row.member_name, row.establishment_name,
            person, row.event_date, row.reason, row.amount, claimed)  # fmt: skip


class DueTableModel(HeaderedTableModel):
    """The rows shown (after the tab's filters) and the keys checked, which survive a filter
    change so the clerk can narrow the list and keep what was chosen."""

    checked_changed = Signal()
    HEADERS = HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[DueRow, ...] = ()
        self._checked: dict[Key, DueRow] = {}

    def set_rows(self, rows: Sequence[DueRow], *, keep_checked: bool = True) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        if not keep_checked:
            self._checked = {}
        self.endResetModel()
        self.checked_changed.emit()

    def row_at(self, row: int) -> DueRow:
        return self._rows[row]

    def checked_rows(self) -> list[DueRow]:
        """The checked rows in the order of the list."""
        return sorted(self._checked.values(), key=lambda r: (r.event_date, r.member_kana))

    def set_all_checked(self, checked: bool) -> None:
        """Check every unclaimed row shown (or uncheck every row shown)."""
        for row in self._rows:
            if checked and not row.claimed:
                self._checked[row.key] = row
            elif not checked:
                self._checked.pop(row.key, None)
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )  # fmt: skip
        self.checked_changed.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_range(index):
            return None
        row = self._rows[index.row()]
        value = _values(row)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, dt.date):
                return format_wareki_short(value)
            return format_yen(value) if index.column() == AMOUNT_COLUMN else value
        if role == Qt.ItemDataRole.UserRole:
            return value.isoformat() if isinstance(value, dt.date) else value
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0 and not row.claimed:
            checked = row.key in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == AMOUNT_COLUMN:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and row.claimed:
            return _CLAIMED_COLOR
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0 and not self._rows[index.row()].claimed:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        row = self._rows[index.row()]
        if row.claimed:
            return False
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked[row.key] = row
        else:
            self._checked.pop(row.key, None)
        self.dataChanged.emit(index, index, [role])
        self.checked_changed.emit()
        return True
