"""Table models of the survey page: the questions with their answers, and the list behind a
figure (the members counted, the claims summed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from gojokai_desktop.domain.survey.values import NUMERIC_KINDS
from gojokai_desktop.services.survey.figures import SourceDetail
from gojokai_desktop.services.survey.filling import AnswerRow
from gojokai_desktop.ui.table_base import Column, HeaderedTableModel, RowsTableModel

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
#: The colour of the 出所 column: computed blue, changed orange, typed black, missing red.
ORIGIN_COLORS = {
    "computed": QColor("#1d4f91"),
    "overridden": QColor("#b45309"),
    "typed": QColor("#1f2937"),
    "unanswered": QColor("#b00020"),
}
NUMBER_COLUMN, SECTION_COLUMN, QUESTION_COLUMN, ANSWER_COLUMN = 0, 1, 2, 3
UNIT_COLUMN, ORIGIN_COLUMN, LAST_YEAR_COLUMN, CELL_COLUMN = 4, 5, 6, 7


def _raw(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


class AnswerTableModel(HeaderedTableModel):
    """One row per question: number, section, text, answer, unit, where the answer came from,
    last year's answer and the cell in the council's workbook."""

    HEADERS = ("No.", "区分", "質問", "回答", "単位", "出所", "前年度", "セル")

    def set_rows(self, rows: Sequence[AnswerRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> AnswerRow:
        found: AnswerRow = self._rows[row]
        return found

    def replace_row(self, updated: AnswerRow) -> None:
        """Show one changed answer without rebuilding the table (keeps the selection)."""
        for number, row in enumerate(self._rows):
            if row.id == updated.id:
                rows = list(self._rows)
                rows[number] = updated
                self._rows = tuple(rows)
                self.dataChanged.emit(
                    self.index(number, 0), self.index(number, len(self.HEADERS) - 1)
                )
                return

    def _display(self, row: AnswerRow, column: int) -> str:
        question = row.question
        if column == NUMBER_COLUMN:
            return str(question.number)
        if column == SECTION_COLUMN:
            return question.section
        if column == QUESTION_COLUMN:
            return question.text
        if column == ANSWER_COLUMN:
            return row.display if row.value is not None else "（未回答）"
        if column == UNIT_COLUMN:
            return question.unit
        if column == ORIGIN_COLUMN:
            mark = "（帳簿が変わりました）" if row.books_changed else ""
            return row.origin_label + mark
        if column == LAST_YEAR_COLUMN:
            return row.last_year_display
        return str(question.cell) if question.cell is not None else ""

    def _sort_value(self, row: AnswerRow, column: int) -> object:
        if column == NUMBER_COLUMN:
            return row.question.number
        if column == ANSWER_COLUMN:
            return _raw(row.value)
        if column == LAST_YEAR_COLUMN:
            return _raw(row.last_year)
        return self._display(row, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_range(index):
            return None
        row = self.row_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.UserRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.basis or row.question.hint or None
        if role == Qt.ItemDataRole.ForegroundRole and column in (ANSWER_COLUMN, ORIGIN_COLUMN):
            return ORIGIN_COLORS[row.origin]
        numeric = row.question.kind in NUMERIC_KINDS
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and numeric
            and column in (ANSWER_COLUMN, LAST_YEAR_COLUMN)
        ):
            return _RIGHT
        return None


_DETAIL_KINDS = {"int": "int", "yen": "yen", "date": "date", "text": "text"}


def _item(position: int) -> Callable[[tuple[object, ...]], object]:
    return lambda row: row[position]


def detail_model(detail: SourceDetail, parent: Any = None) -> RowsTableModel[tuple[object, ...]]:
    """The list behind a figure, one column per :class:`DetailColumn`."""
    columns = [
        Column(c.title, _item(i), _DETAIL_KINDS.get(c.kind, "text"))
        for i, c in enumerate(detail.columns)
    ]
    model: RowsTableModel[tuple[object, ...]] = RowsTableModel(columns, parent)
    model.set_rows(detail.rows)
    return model
