"""Table models of the accounts page: the 出納帳, the budget lines and the 収支状況."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gojokai_desktop.domain.accounting import AccountsTable, CashBookPage, CashBookRow, ReportRow
from gojokai_desktop.domain.fiscal import START_LABEL, FiscalLabel
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.setup import LEVEL_LABELS, SIDE_LABELS, ItemInfo

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_REVERSAL = QBrush(QColor("#B00020"))
_REVERSED = QBrush(QColor("#888888"))

CASH_BOOK_COLUMNS = ("日付", "伝票", "科目", "摘要", "相手先", "出納", "収入", "支出", "残高")


class CashBookTableModel(QAbstractTableModel):
    """The entries of a period; raw values (dates, int yen) in UserRole for sorting."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[CashBookRow, ...] = ()

    def set_page(self, page: CashBookPage) -> None:
        self.beginResetModel()
        self._rows = page.rows
        self.endResetModel()

    def row_at(self, row: int) -> CashBookRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CASH_BOOK_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if (
            role == Qt.ItemDataRole.DisplayRole
            and horizontal
            and 0 <= section < len(CASH_BOOK_COLUMNS)
        ):
            return CASH_BOOK_COLUMNS[section]
        return None

    def _raw(self, row: CashBookRow, column: int) -> Any:
        values: tuple[Any, ...] = (
            row.date.isoformat(),
            row.id,
            f"{row.item_code} {row.item_name}",
            row.description,
            row.counterparty,
            row.method,
            row.income,
            row.expenditure,
            row.balance,
        )
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.UserRole:
            raw = self._raw(row, column)
            return -(2**62) if raw is None and column >= 6 else raw
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return format_wareki_short(row.date)
            if column == 1:
                return row.voucher
            if column >= 6:
                value = self._raw(row, column)
                return "" if value is None else format_report_yen(value)
            return str(self._raw(row, column))
        if role == Qt.ItemDataRole.TextAlignmentRole and (column >= 6 or column == 1):
            return _RIGHT
        return _reversal_hint(row, role)


def _reversal_hint(row: CashBookRow, role: int) -> Any:
    """Reversals in red, reversed entries in grey, each with a tooltip saying so."""
    if row.reversal_of_id is not None:
        hints: tuple[Any, str] = (_REVERSAL, "取消の記帳（赤伝）")
    elif row.reversed:
        hints = (_REVERSED, "この記帳は取り消されています")
    else:
        return None
    if role == Qt.ItemDataRole.ForegroundRole:
        return hints[0]
    if role == Qt.ItemDataRole.ToolTipRole:
        return hints[1]
    return None


class StatusTableModel(QAbstractTableModel):
    """The rows of a 収支予算書 / 収支状況 table, both sides, headings in bold."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers: tuple[str, ...] = ("区分",)
        self._rows: list[tuple[str, ReportRow | None]] = []

    def set_table(self, table: AccountsTable) -> None:
        self.beginResetModel()
        headers = ["区分", *table.columns]
        if table.rate_column:
            headers.insert(len(headers) - 1, "執行率")
        self._headers = (*headers, *table.sub_ledger_columns)
        self._rows = []
        for section in table.sections:
            self._rows.append((section.title, None))
            self._rows.extend((section.side, row) for row in section.rows)
        self._rate = table.rate_column
        self._amounts = len(table.columns)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(self._headers):
            return self._headers[section].replace(" ", "")
        return None

    def _values(self, row: ReportRow) -> list[Any]:
        amounts: list[Any] = list(row.cells[: self._amounts])
        if self._rate:
            amounts.insert(len(amounts) - 1, row.rate)
        return [row.label, *amounts, *row.cells[self._amounts :]]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        title, row = self._rows[index.row()]
        column = index.column()
        if row is None:
            if role == Qt.ItemDataRole.DisplayRole and column == 0:
                return title
            return None
        value = self._values(row)[column]
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, int):
                return format_report_yen(value)
            if value is None:
                return "-----"
            return value if column or row.kind != "line" else f"　{value}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return _RIGHT
        if role == Qt.ItemDataRole.FontRole and row.kind != "line":
            font = QFont()
            font.setBold(True)
            return font
        return None


ITEM_COLUMNS = ("科目コード", "科目", "区分", "階層", "使用期間")


class ItemsTableModel(QAbstractTableModel):
    """The 科目 tree as a flat list in tree order, names indented by level."""

    def __init__(self, parent: Any = None, label: FiscalLabel = START_LABEL) -> None:
        super().__init__(parent)
        self._rows: list[ItemInfo] = []
        self.label = label  # the society's way of writing years (令和元年度 or 平成31年度)

    def set_items(self, items: list[ItemInfo]) -> None:
        self.beginResetModel()
        self._rows = items
        # Indent by depth in the tree, not by level: a tree without 款 starts at the margin.
        self._depth: dict[int, int] = {}
        for item in items:  # tree order: a parent comes before its children
            parent = item.parent_id
            self._depth[item.id] = 0 if parent is None else self._depth.get(parent, -1) + 1
        self.endResetModel()

    def item_at(self, row: int) -> ItemInfo:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ITEM_COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(ITEM_COLUMNS):
            return ITEM_COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return None
        until = f"{self.label.year(item.valid_to_year)}まで" if item.valid_to_year else ""
        values = (
            item.code,
            "　" * self._depth.get(item.id, 0) + item.name
            if role == Qt.ItemDataRole.DisplayRole
            else item.name,
            SIDE_LABELS[item.side],
            LEVEL_LABELS[item.level],
            f"{self.label.year(item.valid_from_year)}から{until}",
        )
        return values[index.column()]
