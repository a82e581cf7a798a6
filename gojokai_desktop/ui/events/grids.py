"""Editable grids of the event dialog: the sessions (日程) and the programme (内容).

Cells hold what the clerk typed; the dialog reads them into the service's inputs when it
saves, so an impossible date (令和7年2月30日) is refused there with the cell it came from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.wareki import format_wareki, parse_date
from gojokai_desktop.services.events.inputs import ProgrammeInput, SessionInput
from gojokai_desktop.ui.table_base import HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex


class TextGridModel(HeaderedTableModel):
    """Rows of texts, every cell editable; ``ids`` keep the stored row each line came from."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []
        self.ids: list[int | None] = []

    def set_texts(self, rows: list[list[str]], ids: list[int | None]) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self.ids = list(ids)
        self.endResetModel()

    def texts(self) -> list[list[str]]:
        return [list(r) for r in self._rows]

    def add_row(self, values: list[str] | None = None) -> None:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append(values or [""] * len(self.HEADERS))
        self.ids.append(None)
        self.endInsertRows()

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            del self.ids[row]
            self.endRemoveRows()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not self.in_range(index):
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_range(index):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._rows[index.row()][index.column()]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.in_range(index):
            return False
        self._rows[index.row()][index.column()] = str(value).strip()
        self.dataChanged.emit(index, index)
        return True


class SessionsModel(TextGridModel):
    HEADERS = ("開催日", "終了日", "開始時刻", "会場（医療機関）", "会場の住所", "定員", "備考")

    def set_sessions(self, sessions: tuple[SessionInput, ...]) -> None:
        self.set_texts(
            [
                [
                    format_wareki(s.date) if s.date else "",
                    format_wareki(s.end_date) if s.end_date else "",
                    s.start_time,
                    s.place,
                    s.place_address,
                    "" if s.capacity is None else str(s.capacity),
                    s.note,
                ]
                for s in sessions
            ],
            [s.id for s in sessions],
        )

    def sessions(self) -> tuple[SessionInput, ...]:
        """The rows as inputs; a date or a capacity that cannot be read names its cell."""
        result = []
        for number, (row, session_id) in enumerate(zip(self._rows, self.ids, strict=True), 1):
            where = f"（日程{number}）"
            day = _date(row[0], f"開催日{where}", required=True)
            result.append(
                SessionInput(
                    date=day,
                    end_date=_date(row[1], f"終了日{where}"),
                    start_time=row[2],
                    place=row[3],
                    place_address=row[4],
                    capacity=parse_count(row[5], f"定員{where}"),
                    note=row[6],
                    id=session_id,
                )
            )
        return tuple(result)


class ProgrammeModel(TextGridModel):
    HEADERS = ("内容", "講師・発表する団体")

    def set_programme(self, items: tuple[ProgrammeInput, ...]) -> None:
        self.set_texts([[p.title, p.presenter] for p in items], [None] * len(items))

    def programme(self) -> tuple[ProgrammeInput, ...]:
        return tuple(ProgrammeInput(r[0], r[1]) for r in self._rows if r[0] or r[1])


def _date(text: str, field: str, *, required: bool = False) -> dt.date | None:
    if not text.strip():
        if required:
            raise ValidationError("日付を入力してください（例: R7.6.6、令和7年6月6日）。", field)
        return None
    return parse_date(text, field)


def parse_count(text: str, field: str) -> int | None:
    """A number of people typed as text (blank: no limit); ``-5`` reaches the service,
    which refuses it with the field's name."""
    cleaned = text.strip().replace(",", "").replace("人", "").replace("名", "")
    if not cleaned:
        return None
    normalized = cleaned.translate(str.maketrans("０１２３４５６７８９－−", "0123456789--"))
    try:
        return int(normalized)
    except ValueError:
        raise ValidationError(f"「{text}」は人数として読めません（例: 40）。", field) from None
