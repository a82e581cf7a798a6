"""Models of the 台帳・統計 tab: register rows, the 004 statistics table, the budget grid."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from gojokai_desktop.domain.benefits.stats import BenefitStatsTable, StatsRow
from gojokai_desktop.domain.yen import format_report_yen, format_yen, parse_yen
from gojokai_desktop.services.benefits.register import RegisterRow
from gojokai_desktop.ui.table_base import Column, HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
NOT_APPLICABLE = "-----"


def _subject(row: RegisterRow) -> str:
    if row.subject_relation == "本人":
        return "本人"
    return f"{row.subject_name}（{row.subject_relation}）"


REGISTER_COLUMNS: tuple[Column[RegisterRow], ...] = (
    Column("受付番号", lambda r: r.number),
    Column("請求日", lambda r: r.claim_date, "date"),
    Column("事由発生日", lambda r: r.event_date, "date"),
    Column("決定日", lambda r: r.decided_on, "date"),
    Column("支払日", lambda r: r.paid_on, "date"),
    Column("会員番号", lambda r: r.member_number),
    Column("氏名", lambda r: r.member_name),
    Column("対象者", _subject),
    Column("給付の種類", lambda r: r.kind_name),
    Column("計算額", lambda r: r.computed_amount, "yen"),
    Column("決定額", lambda r: r.decided_amount, "yen"),
    Column("支払額", lambda r: r.paid_amount, "yen"),
    Column("状態", lambda r: r.status_label),
    Column("上書", lambda r: r.mark),
    Column("支払予定", lambda r: r.batch_label),
    Column("備考", lambda r: r.note),
)


class StatsTableModel(HeaderedTableModel):
    """The 004 table as printed: 区分, 給付の種類, then 件数・金額 for (A), 決算見込, (B), 増減;
    a cell that does not apply shows ``-----``; 小計 and 合計 rows are bold."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._table: BenefitStatsTable | None = None
        self.HEADERS: list[str] = ["区分", "給付の種類"]

    def set_table(self, table: BenefitStatsTable) -> None:
        self.beginResetModel()
        self._table = table
        self._rows = table.rows
        money = "金額（千円）" if table.unit == "千円" else "金額（円）"
        self.HEADERS = ["区分", "給付の種類"]
        for heading in table.headings:
            self.HEADERS += [f"{heading}\n件数", f"{heading}\n{money}"]
        self.endResetModel()

    def row_at(self, row: int) -> StatsRow:
        assert self._table is not None
        return self._table.rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self._table is None or not self.in_range(index):
            return None
        row = self._table.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return row.group
            if column == 1:
                return row.label
            value = row.cells[column - 2]
            return NOT_APPLICABLE if value is None else format_report_yen(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and row.kind != "line":
            font = QFont()
            font.setBold(True)
            return font
        return None


class BudgetModel(HeaderedTableModel):
    """The benefit budget of a year: one row per kind, 件数 and 金額 editable."""

    HEADERS = ("給付の種類", "件数", "金額（円）")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[list[Any]] = []

    def set_rows(self, rows: Sequence[tuple[str, str, int, int]]) -> None:
        """(code, name, count, amount) per kind."""
        self.beginResetModel()
        self._rows = [[code, name, count, amount] for code, name, count, amount in rows]
        self.endResetModel()

    def figures(self) -> dict[str, tuple[int, int]]:
        return {row[0]: (row[2], row[3]) for row in self._rows}

    def total(self) -> tuple[int, int]:
        return sum(row[2] for row in self._rows), sum(row[3] for row in self._rows)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() > 0 else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.HEADERS):
            return None
        value = self._rows[index.row()][index.column() + 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_yen(value) if index.column() == 2 else str(value)
        if role == Qt.ItemDataRole.EditRole:
            return str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return _RIGHT
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Accepts what a clerk types (全角, カンマ); anything else leaves the cell as it was."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() == 0:
            return False
        try:
            number = parse_yen(str(value), self.HEADERS[index.column()])
        except ValueError:
            return False
        if number < 0:
            return False
        self._rows[index.row()][index.column() + 1] = number
        self.dataChanged.emit(index, index, [role])
        return True
