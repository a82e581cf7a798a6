"""Table models over lists of rows: fixed titles, or columns that say how each value shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.domain.yen import format_report_yen, format_yen

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass(frozen=True)
class Column(Generic[Row]):
    """A column: title, raw value (for sorting) and how it is shown."""

    title: str
    value: Callable[[Row], Any]
    kind: str = "text"  # text, int, yen, signed_yen, date


def _show(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == "yen":
        return format_yen(value)
    if kind == "signed_yen":
        return format_report_yen(value)
    if kind == "date" and isinstance(value, dt.date):
        return format_wareki_short(value)
    if kind == "int":
        return f"{value:,}"
    return str(value)


class RowsTableModel(QAbstractTableModel, Generic[Row]):
    """Frozen service rows shown by column; UserRole holds the raw value for sorting."""

    def __init__(self, columns: Sequence[Column[Row]], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: tuple[Row, ...] = ()

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not 0 <= index.column() < len(self._columns):
            return None
        column = self._columns[index.column()]
        value = column.value(self._rows[index.row()])
        if role == Qt.ItemDataRole.DisplayRole:
            return _show(value, column.kind)
        if role == Qt.ItemDataRole.UserRole:
            return value.isoformat() if isinstance(value, dt.date) else value
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind in (
            "int",
            "yen",
            "signed_yen",
        ):
            return _RIGHT
        return None


class HeaderedTableModel(QAbstractTableModel):
    """Rows in ``self._rows``, one column per title of ``HEADERS``.

    Subclasses set ``HEADERS``, keep ``self._rows`` and implement ``data`` (and ``flags`` /
    ``setData`` where cells are edited); counts and the horizontal header come from here.
    """

    HEADERS: Sequence[str] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[Any] = ()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def in_range(self, index: Index) -> bool:
        """Whether ``index`` names a cell of the table."""
        return (
            index.isValid()
            and 0 <= index.row() < len(self._rows)
            and 0 <= index.column() < len(self.HEADERS)
        )


def fit_columns_with_free_text_last(view: QTableView, widest: int = 420) -> None:
    """Figures and short columns as wide as their contents; the last column (説明, 備考: free
    text) takes the room that is left and wraps, so a long text never pushes the figures
    off the screen: no column grows past ``widest`` pixels, the last one stretches."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setMaximumSectionSize(widest)
    header.setStretchLastSection(True)
    view.setWordWrap(True)
