"""Table models of the report tabs: a 004-layout table (決算書, 中間報告), officers, meetings,
and the agenda of a meeting being edited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QFont

from gojokai_desktop.domain.accounting import AccountsTable
from gojokai_desktop.domain.reports import agenda_numbers
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.reports.register import AgendaItemInput, MeetingRow, OfficerRow
from gojokai_desktop.ui.table_base import Column, HeaderedTableModel, RowsTableModel

Index = QModelIndex | QPersistentModelIndex
NOT_APPLICABLE = "-----"
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
AGENDA_KINDS = {"report": "報告", "proposal": "議案"}


@dataclass(frozen=True)
class _Line:
    kind: str  # "section", "heading", "line", "subtotal", "total"
    label: str
    cells: tuple[int | None, ...]
    rate: str
    explanation: str
    item_id: int | None


class AccountsTableModel(HeaderedTableModel):
    """An :class:`AccountsTable` as the screen shows it: the (収入)/(支出) title rows, the
    rows of each side and the rows under them; 説明 is editable when ``editable``."""

    explanation_edited = Signal(int, str)

    def __init__(self, parent: Any = None, *, editable: bool = False) -> None:
        super().__init__(parent)
        # The columns depend on the table shown (内訳, 執行率): set with each table.
        self.HEADERS: tuple[str, ...] = ()
        self._table: AccountsTable | None = None
        self._editable = editable

    def set_table(self, table: AccountsTable | None) -> None:
        self.beginResetModel()
        self._table = table
        rows: list[_Line] = []
        headers: list[str] = []
        if table is not None:
            headers = ["区分", *table.columns]
            if table.rate_column:
                headers.insert(len(headers) - 1, "執行率")
            headers += [f"内訳 {n}" for n in table.sub_ledger_columns] + ["説明"]
            for section in table.sections:
                rows.append(_Line("section", section.title, (), "", "", None))
                for r in section.rows:
                    label = f"{r.group}　{r.label}" if r.group and r.kind == "line" else r.label
                    rows.append(_Line(r.kind, label, r.cells, r.rate, r.explanation, r.item_id))
            rows += [
                _Line(r.kind, r.label, r.cells, r.rate, r.explanation, r.item_id)
                for r in table.closing
            ]
        self._rows = rows
        self.HEADERS = tuple(headers)
        self.endResetModel()

    def line(self, row: int) -> _Line:
        line: _Line = self._rows[row]
        return line

    def _amount_columns(self) -> int:
        return len(self.HEADERS) - 2

    def _cell(self, line: _Line, column: int) -> Any:
        if column == 0:
            return line.label
        if column == len(self.HEADERS) - 1:
            return line.explanation
        if line.kind == "section":
            return None
        cells: list[Any] = list(line.cells)
        if self._table is not None and self._table.rate_column:
            cells.insert(len(self._table.columns) - 1, line.rate)
        value = cells[column - 1] if column - 1 < len(cells) else None
        return value

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_range(index):
            return None
        line = self.line(index.row())
        value = self._cell(line, index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if isinstance(value, int):
                return format_report_yen(value)
            if (
                value is None
                and line.kind != "section"
                and 0 < index.column() < len(self.HEADERS) - 1
            ):
                return NOT_APPLICABLE
            return value
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and 0 < index.column() < len(self.HEADERS) - 1:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and line.kind in (
            "section",
            "heading",
            "subtotal",
            "total",
        ):
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _can_edit(self, index: Index) -> bool:
        if not (self._editable and self.in_range(index)):
            return False
        line = self.line(index.row())
        return (
            index.column() == len(self.HEADERS) - 1
            and line.item_id is not None
            and line.kind in ("line", "heading")
        )

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self._can_edit(index):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self._can_edit(index):
            return False
        line = self.line(index.row())
        text = str(value).strip()
        rows = list(self._rows)
        rows[index.row()] = _Line(line.kind, line.label, line.cells, line.rate, text, line.item_id)
        self._rows = rows
        self.dataChanged.emit(index, index)
        assert line.item_id is not None
        self.explanation_edited.emit(line.item_id, text)
        return True


def officer_model(parent: Any = None) -> RowsTableModel[OfficerRow]:
    return RowsTableModel[OfficerRow](
        [
            Column("役職", lambda o: o.role),
            Column("団体", lambda o: o.organisation),
            Column("氏名", lambda o: o.name),
            Column("任期（自）", lambda o: o.term_start, "date"),
            Column("任期（至）", lambda o: o.term_end, "date"),
            Column("順", lambda o: o.sort_order, "int"),
        ],
        parent,
    )


def meeting_model(label_of: Callable[[int], str], parent: Any = None) -> RowsTableModel[MeetingRow]:
    return RowsTableModel[MeetingRow](
        [
            Column("開催日", lambda m: m.held_on, "date"),
            Column("会議", lambda m: m.title),
            Column("対象年度", lambda m: label_of(m.fiscal_year)),
            Column("会場", lambda m: m.venue),
            Column("議題", lambda m: len(m.agenda), "int"),
        ],
        parent,
    )


class AgendaModel(HeaderedTableModel):
    """The agenda being edited: 報告/議案 with their number (restarting at 1 per meeting),
    the title and the result; the title and result are typed in the table."""

    HEADERS = ("番号", "議題", "結果")

    def set_items(self, items: list[AgendaItemInput]) -> None:
        self.beginResetModel()
        self._rows = list(items)
        self.endResetModel()

    def items(self) -> list[AgendaItemInput]:
        return list(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_range(index):
            return None
        item: AgendaItemInput = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return agenda_numbers([i.kind for i in self._rows])[index.row()]
            return item.title if index.column() == 1 else item.result
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if self.in_range(index) and index.column() > 0:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.in_range(index) or index.column() == 0:
            return False
        item: AgendaItemInput = self._rows[index.row()]
        text = str(value).strip()
        rows = list(self._rows)
        rows[index.row()] = (
            AgendaItemInput(item.kind, text, item.result)
            if index.column() == 1
            else AgendaItemInput(item.kind, item.title, text)
        )
        self._rows = rows
        self.dataChanged.emit(index, index)
        return True

    def add(self, kind: str, title: str = "") -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows = [
            *self._rows,
            AgendaItemInput(kind, title or f"（{AGENDA_KINDS[kind]}の議題）"),
        ]
        self.endInsertRows()
        self._renumber()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            self._rows = [r for n, r in enumerate(self._rows) if n != row]
            self.endRemoveRows()
            self._renumber()

    def move(self, row: int, step: int) -> int:
        target = row + step
        if not (0 <= row < len(self._rows) and 0 <= target < len(self._rows)):
            return row
        rows = list(self._rows)
        rows[row], rows[target] = rows[target], rows[row]
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()
        return target

    def _renumber(self) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0))
