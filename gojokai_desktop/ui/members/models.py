"""Table models of the member register: the 50,000-row member list and small record tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from gojokai_desktop.domain.age import age_on
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.services.members.records import (
    EMPLOYMENT_LABELS,
    LEAVE_REASON_LABELS,
    SEX_LABELS,
)
from gojokai_desktop.services.members.search import MemberListRow, SearchIndex

ModelIndex = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_FORMER_COLOR = QColor("#888888")
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_USER = int(Qt.ItemDataRole.UserRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
#: The roles the member list answers; the view asks seven per cell as it paints.
_ANSWERED = frozenset((_DISPLAY, _USER, _ALIGNMENT, _FOREGROUND))


def _date_text(value: dt.date | None) -> str:
    return "" if value is None else format_wareki_short(value)


@dataclass(frozen=True)
class Column:
    """A list column: its title, the raw value (for sorting) and how it is shown."""

    key: str
    title: str
    value: Callable[[MemberListRow, dt.date], Any]
    text: Callable[[Any], str] = str
    right: bool = False
    sort: Callable[[MemberListRow, dt.date], Any] | None = None


MEMBER_COLUMNS: tuple[Column, ...] = (
    Column("number", "会員番号", lambda r, _t: r.number),
    Column("name", "氏名", lambda r, _t: r.name),
    Column(
        "kana",
        "フリガナ",
        lambda r, _t: r.name_kana,
        # The order load_member_rows delivers (reading without spaces, then number).
        sort=lambda r, _t: (r.name_kana.replace("　", ""), r.number),
    ),
    Column("sex", "性別", lambda r, _t: r.sex, lambda v: SEX_LABELS.get(v, "")),
    Column("birth", "生年月日", lambda r, _t: r.birth_date, _date_text),
    Column(
        "age",
        "年齢",
        lambda r, t: None if r.birth_date is None else age_on(r.birth_date, t),
        lambda v: "" if v is None else f"{v}歳",
        right=True,
    ),
    Column("est_no", "事業所番号", lambda r, _t: r.establishment_number, right=True),
    Column("est", "事業所", lambda r, _t: r.establishment_name),
    Column(
        "employment",
        "雇用形態",
        lambda r, _t: r.employment_type,
        lambda v: EMPLOYMENT_LABELS.get(v, v),
    ),
    Column("join", "入会日", lambda r, _t: r.join_date, _date_text),
    Column("leave", "退会日", lambda r, _t: r.leave_date, _date_text),
    Column(
        "reason",
        "退会理由",
        lambda r, _t: r.leave_reason,
        lambda v: LEAVE_REASON_LABELS.get(v, "") if v else "",
    ),
    Column("postal", "郵便番号", lambda r, _t: r.postal_code),
    Column("address", "住所", lambda r, _t: r.address),
    Column("phone", "電話番号", lambda r, _t: r.phone),
)
DEFAULT_HIDDEN = ("est_no", "employment", "reason", "postal")
KANA_COLUMN = 2
_TEXTS_KEPT = 5_000
_ALIGNMENTS = tuple(int(_RIGHT.value) if c.right else None for c in MEMBER_COLUMNS)


def _sort_key(value: Any) -> tuple[int, Any]:
    # Empty values go last whichever way the column is sorted by value.
    return (1, 0) if value is None or value == "" else (0, value)


class MemberTableModel(QAbstractTableModel):
    """All loaded members, of which ``visible`` rows are shown in the current sort order.

    Filtering is done by the page on the plain rows (a list of indexes), never by a proxy
    calling back into Python per row, so a keystroke costs one pass over 50,000 rows.
    """

    def __init__(self, today: dt.date, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today
        self._rows: list[MemberListRow] = []
        # The rows as loaded (the search index is built from them off the GUI thread) and
        # their index once built; until then the search scans.
        self._loaded: tuple[MemberListRow, ...] = ()
        self._index: SearchIndex | None = None
        self._visible: list[int] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._order = 0
        # The texts of a row's cells, made the first time the row is painted: a keystroke
        # repaints the rows on screen, mostly the same ones as before.
        self._texts: dict[int, tuple[str, ...]] = {}
        self._texts_today = today

    # ---------------------------------------------------------------- contents
    def set_rows(self, rows: Sequence[MemberListRow]) -> None:
        """Show ``rows``, which come in kana order: re-sorted only for another sort column."""
        self.beginResetModel()
        self._loaded = tuple(rows)
        self._rows = list(self._loaded)
        self._texts.clear()
        self._index = None
        self._order += 1
        self._visible = list(range(len(self._rows)))
        if self._sort != (KANA_COLUMN, Qt.SortOrder.AscendingOrder):
            self._apply_sort()
        self.endResetModel()

    def rows(self) -> list[MemberListRow]:
        """All loaded rows in the current sort order (filters return indexes into this)."""
        return self._rows

    def loaded_rows(self) -> tuple[MemberListRow, ...]:
        """The rows as :meth:`set_rows` got them (a new tuple each time)."""
        return self._loaded

    def search_index(self) -> SearchIndex | None:
        """The search index of :meth:`rows` in their current order (None until built)."""
        return self._index

    def set_search_index(self, index: SearchIndex, built_from: tuple[MemberListRow, ...]) -> bool:
        """Take an index built from ``built_from``; False (and ignored) when the rows were
        replaced meanwhile."""
        if built_from is not self._loaded:
            return False
        if self._rows != list(self._loaded):
            index.follow(self._rows)
        self._index = index
        return True

    def set_visible(self, indexes: list[int]) -> None:
        self.beginResetModel()
        self._visible = indexes
        self.endResetModel()

    def visible_indexes(self) -> list[int]:
        return self._visible

    def order(self) -> int:
        """Changes whenever the loaded rows are replaced or re-sorted (indexes go stale)."""
        return self._order

    def row_at(self, row: int) -> MemberListRow:
        return self._rows[self._visible[row]]

    def visible_rows(self) -> list[MemberListRow]:
        return [self._rows[i] for i in self._visible]

    def row_of_member(self, member_id: int) -> int | None:
        for position, index in enumerate(self._visible):
            if self._rows[index].id == member_id:
                return position
        return None

    # ---------------------------------------------------------------- Qt model
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(MEMBER_COLUMNS)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called about 2,000 times a repaint: the roles the list does not answer leave first.
        if role not in _ANSWERED or not index.isValid():
            return None
        if role == _DISPLAY:
            return self._row_texts(index.row())[index.column()]
        if role == _ALIGNMENT:
            return _ALIGNMENTS[index.column()]
        row = self._rows[self._visible[index.row()]]
        if role == _FOREGROUND:
            return _FORMER_COLOR if row.leave_date is not None else None
        return MEMBER_COLUMNS[index.column()].value(row, self.today)

    def _row_texts(self, position: int) -> tuple[str, ...]:
        row = self._rows[self._visible[position]]
        if self._texts_today != self.today:
            self._texts.clear()
            self._texts_today = self.today
        texts = self._texts.get(row.id)
        if texts is None:
            if len(self._texts) >= _TEXTS_KEPT:
                self._texts.clear()  # scrolled through thousands: start again, memory stays small
            today = self.today
            texts = self._texts[row.id] = tuple(
                "" if (value := column.value(row, today)) is None else column.text(value)
                for column in MEMBER_COLUMNS
            )
        return texts

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(MEMBER_COLUMNS):
            return MEMBER_COLUMNS[section].title
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort every loaded row by the column's value; the page filters again afterwards."""
        if not 0 <= column < len(MEMBER_COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        shown = {self._rows[i].id for i in self._visible}
        self._sort = (column, order)
        self._order += 1
        self._apply_sort()
        self._visible = [i for i, r in enumerate(self._rows) if r.id in shown]
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        get = MEMBER_COLUMNS[column].sort or MEMBER_COLUMNS[column].value
        today = self.today
        self._rows.sort(
            key=lambda r: _sort_key(get(r, today)),
            reverse=order == Qt.SortOrder.DescendingOrder,
        )
        if self._index is not None:
            self._index.follow(self._rows)


class RecordTableModel(QAbstractTableModel):
    """A small read-only table (family, history, an establishment's members)."""

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._rows: list[tuple[Any, ...]] = []
        self._keys: list[Any] = []

    def set_rows(self, rows: Sequence[tuple[Any, ...]], keys: Sequence[Any] = ()) -> None:
        self.beginResetModel()
        self._rows = [tuple(r) for r in rows]
        self._keys = list(keys)
        self.endResetModel()

    def key(self, row: int) -> Any:
        return self._keys[row] if 0 <= row < len(self._keys) else None

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, dt.date):
                return format_wareki_short(value)
            if isinstance(value, int) and not isinstance(value, bool):
                return f"{value:,}"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, str) and len(value) > 12:
            return value  # long messages and reasons are cut off in the cell
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(_RIGHT.value)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._headers):
            return self._headers[section]
        return None
