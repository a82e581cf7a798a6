"""Table models of the dues page: bills of a run, balances per establishment, arrears."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from gojokai_desktop.domain.dues import CYCLE_LABELS
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.domain.yen import format_report_yen, format_yen
from gojokai_desktop.services.dues import BillPreview, BillView
from gojokai_desktop.services.dues_payments import METHOD_LABELS, ArrearsRow, EstablishmentBalance

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
COLLECTION_TEXT = {"debit": "口座振替", "transfer": "振込", "cash": "現金"}


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


BILL_COLUMNS: tuple[Column[BillPreview], ...] = (
    Column("番号", lambda b: f"{b.establishment_number:04d}"),
    Column("事業所", lambda b: b.establishment_name),
    Column("周期", lambda b: CYCLE_LABELS.get(b.cycle, b.cycle)),
    Column("人数", lambda b: b.head_count, "int"),
    Column("月数", lambda b: b.months, "int"),
    Column("請求額", lambda b: b.amount, "signed_yen"),
    Column("引落・期限", lambda b: b.due_date, "date"),
    Column("内訳", lambda b: " / ".join(line.description for line in b.lines[:3])),
)

BILL_STATUS_TEXT = {"open": "未納", "paid": "入金済", "cancelled": "取消"}

WRITTEN_BILL_COLUMNS: tuple[Column[BillView], ...] = (
    Column("番号", lambda b: f"{b.establishment_number:04d}"),
    Column("事業所", lambda b: b.establishment_name),
    Column("人数", lambda b: b.head_count, "int"),
    Column("請求額", lambda b: b.amount, "signed_yen"),
    Column("入金", lambda b: b.paid_amount, "yen"),
    Column("状態", lambda b: BILL_STATUS_TEXT.get(b.status, b.status)),
    Column("振替不能", lambda b: "○" if b.debit_failed else ""),
    Column("取消理由", lambda b: b.cancel_reason or ""),
)

BALANCE_COLUMNS: tuple[Column[EstablishmentBalance], ...] = (
    Column("番号", lambda r: f"{r.number:04d}"),
    Column("事業所", lambda r: r.name),
    Column("フリガナ", lambda r: r.name_kana),
    Column("納入方法", lambda r: COLLECTION_TEXT.get(r.collection_method, "")),
    Column("請求累計", lambda r: r.billed, "yen"),
    Column("入金充当", lambda r: r.paid, "yen"),
    Column("前受（過入金）", lambda r: r.credit, "yen"),
    Column("残高", lambda r: r.balance, "signed_yen"),
    Column("未納件数", lambda r: r.open_bills, "int"),
    Column("未納月数", lambda r: r.months_in_arrears, "int"),
)

ARREARS_COLUMNS: tuple[Column[ArrearsRow], ...] = (
    Column("番号", lambda r: f"{r.number:04d}"),
    Column("事業所", lambda r: r.name),
    Column("滞納期間", lambda r: r.bucket),
    Column("件数", lambda r: r.overdue_bills, "int"),
    Column("月数", lambda r: r.months, "int"),
    Column("最初の期限", lambda r: r.oldest_due, "date"),
    Column("未納額", lambda r: r.balance, "yen"),
    Column("振替不能", lambda r: "○" if r.debit_failed else ""),
)

__all__ = [
    "ARREARS_COLUMNS",
    "BALANCE_COLUMNS",
    "BILL_COLUMNS",
    "METHOD_LABELS",
    "WRITTEN_BILL_COLUMNS",
    "Column",
    "RowsTableModel",
]
