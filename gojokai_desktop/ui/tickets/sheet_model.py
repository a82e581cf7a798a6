"""The establishment's order sheet as an editable table, checked against the caps as typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.tickets.sheet import EstablishmentSheet, SheetMember
from gojokai_desktop.ui.table_base import HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex
FIXED = 2  # 会員番号, 氏名
MAX_TYPED = 99
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_PROBLEM = QBrush(QColor("#fde2e2"))
_CHANGED = QBrush(QColor("#fff8d6"))


def _heading(name: str, class_label: str, price: int, width: int = 7) -> str:
    """A column heading in three short lines: the name over two, then class and price."""
    first, rest = name[:width], name[width:]
    second = rest if len(rest) <= width else rest[: width - 1] + "…"
    return "\n".join(part for part in (first, second, f"{class_label} {price:,}円".strip()) if part)


class SheetTableModel(HeaderedTableModel):
    """Rows: members; columns: 会員番号, 氏名, one per item and price class, 金額, 確認.

    A typed quantity is kept until saved; the 確認 column names any cap it breaks (the same
    check the service makes on saving), and the row turns red.
    """

    typed_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.sheet: EstablishmentSheet | None = None
        self.typed: dict[tuple[int, int], int] = {}
        self.problems: dict[int, str] = {}
        self.HEADERS = ("会員番号", "氏名", "金額", "確認")

    def set_sheet(self, sheet: EstablishmentSheet | None) -> None:
        self.beginResetModel()
        self.sheet = sheet
        self.typed = {}
        self.problems = {}
        self._rows = sheet.members if sheet else ()
        columns = [_heading(c.item_name, c.class_label, c.member_price)
                   for c in sheet.columns] if sheet else []  # fmt: skip
        self.HEADERS = ("会員番号", "氏名", *columns, "金額", "確認")
        self.endResetModel()

    @property
    def changed(self) -> bool:
        saved = {m.member_id: m.saved for m in self._rows}
        return any(q != saved[m][c] for (m, c), q in self.typed.items())

    def quantity(self, member: SheetMember, column: int) -> int:
        return self.typed.get((member.member_id, column), member.saved[column])

    def _item_column(self, column: int) -> int | None:
        count = len(self.sheet.columns) if self.sheet else 0
        return column - FIXED if FIXED <= column < FIXED + count else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and self.sheet is not None
            and (column := self._item_column(section)) is not None
        ):
            c = self.sheet.columns[column]
            cap = f"、上限 {c.cap}{c.unit}" if c.cap else ""
            return f"{c.title}　会員価格 {c.member_price:,}円{cap}"
        return super().headerData(section, orientation, role)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not self.in_range(index):
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.sheet and self.sheet.is_open and self._item_column(index.column()) is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_range(index) or self.sheet is None:
            return None
        member: SheetMember = self._rows[index.row()]
        column = index.column()
        item_column = self._item_column(column)
        count = len(self.sheet.columns)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
                    Qt.ItemDataRole.UserRole):  # fmt: skip
            if column == 0:
                return member.number
            if column == 1:
                return member.name + ("" if member.present else "（退会等）")
            if item_column is not None:
                value = self.quantity(member, item_column)
                if role == Qt.ItemDataRole.DisplayRole:
                    return str(value) if value else ""
                return value
            if column == FIXED + count:
                amount = self.member_amount(member)
                return format_yen(amount) if role == Qt.ItemDataRole.DisplayRole else amount
            return self.problems.get(member.member_id, "")
        if (
            role == Qt.ItemDataRole.TextAlignmentRole
            and column >= FIXED
            and column <= FIXED + count
        ):
            return _RIGHT
        if role == Qt.ItemDataRole.BackgroundRole:
            if member.member_id in self.problems:
                return _PROBLEM
            if (
                item_column is not None
                and self.quantity(member, item_column) != member.saved[item_column]
            ):
                return _CHANGED
        if role == Qt.ItemDataRole.ToolTipRole and member.member_id in self.problems:
            return self.problems[member.member_id]
        return None

    def member_amount(self, member: SheetMember) -> int:
        assert self.sheet is not None
        return sum(self.quantity(member, n) * c.member_price
                   for n, c in enumerate(self.sheet.columns))  # fmt: skip

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        item_column = self._item_column(index.column())
        if role != Qt.ItemDataRole.EditRole or item_column is None or not self.in_range(index):
            return False
        text = str(value).strip().translate(str.maketrans("０１２３４５６７８９", "0123456789"))
        if text == "":
            quantity = 0
        elif text.isdigit() and int(text) <= MAX_TYPED:
            quantity = int(text)
        else:
            return False  # the editor keeps what was there; nothing odd is stored
        member: SheetMember = self._rows[index.row()]
        self.typed[(member.member_id, item_column)] = quantity
        self.recheck()
        last = self.index(self.rowCount() - 1, self.columnCount() - 1)
        self.dataChanged.emit(self.index(0, 0), last)
        self.typed_changed.emit()
        return True

    def recheck(self) -> None:
        self.problems = self.sheet.problems(self.typed) if self.sheet else {}

    def total(self) -> int:
        return sum(self.member_amount(m) for m in self._rows) if self.sheet else 0
