"""Table models of the 推進 screens: items with their targets, results to type, a target
split per establishment, enrolments, an import's lines and a report's lines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.partners.items import SOURCES, parse_figure
from gojokai_desktop.domain.partners.rates import NOT_APPLICABLE, format_rate
from gojokai_desktop.domain.partners.report import ReportHeadings, ReportLine
from gojokai_desktop.services.partners.enrolments import EnrolmentRow
from gojokai_desktop.services.partners.importer import ImportLine
from gojokai_desktop.services.partners.items import ItemView
from gojokai_desktop.services.partners.results import ResultGridRow
from gojokai_desktop.services.partners.targets import EstablishmentTarget
from gojokai_desktop.ui.table_base import Column, HeaderedTableModel

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTER = int(Qt.AlignmentFlag.AlignCenter)
_EDITED = QBrush(QColor("#fff7d6"))
_LOCKED = QBrush(QColor("#f0f0f0"))


def _figure(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


class FigureEditModel(HeaderedTableModel):
    """Rows with one editable figure column; edits are kept until :meth:`changes` is saved.

    A typed figure is read as the clerk writes it (``1,234``, full-width); a minus, a
    fraction or text is refused with ``error_raised`` carrying the message, and the cell
    keeps its value. An empty cell means "no figure" (None).
    """

    EDIT_COLUMN = 0
    error_raised = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._edits: dict[int, int | None] = {}

    # -- to override -------------------------------------------------------------------
    def stored(self, row: int) -> int | None:
        raise NotImplementedError

    def key(self, row: int) -> int:
        raise NotImplementedError

    def editable(self, row: int) -> bool:
        return True

    def cell(self, row: int, column: int) -> Any:
        raise NotImplementedError

    def field_name(self, row: int) -> str:
        return self.HEADERS[self.EDIT_COLUMN]

    # -- shared --------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self._edits = {}
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def current(self, row: int) -> int | None:
        return self._edits[row] if row in self._edits else self.stored(row)

    def changes(self) -> dict[int, int | None]:
        """key → figure of every edited row whose figure differs from the stored one."""
        return {self.key(r): v for r, v in self._edits.items() if v != self.stored(r)}

    def has_changes(self) -> bool:
        return bool(self.changes())

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if (
            self.in_range(index)
            and index.column() == self.EDIT_COLUMN
            and self.editable(index.row())
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_range(index):
            return None
        row, column = index.row(), index.column()
        if column == self.EDIT_COLUMN:
            value = self.current(row)
            if role == Qt.ItemDataRole.DisplayRole:
                return _figure(value)
            if role == Qt.ItemDataRole.EditRole:
                return "" if value is None else str(value)
            if role == Qt.ItemDataRole.UserRole:
                return value
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT
            if role == Qt.ItemDataRole.BackgroundRole:
                if not self.editable(row):
                    return _LOCKED
                return _EDITED if row in self._edits and value != self.stored(row) else None
            return None
        value = self.cell(row, column)
        if role == Qt.ItemDataRole.DisplayRole:
            return _figure(value) if isinstance(value, int) else (value or "")
        if role == Qt.ItemDataRole.UserRole:
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return _RIGHT
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not self.in_range(index)
            or index.column() != self.EDIT_COLUMN
            or not self.editable(index.row())
        ):
            return False
        text = "" if value is None else str(value).strip()
        try:
            figure = None if not text else parse_figure(text, self.field_name(index.row()))
        except ValidationError as error:
            self.error_raised.emit(f"{error.field}: {error.message}")
            return False
        self._edits[index.row()] = figure
        self.dataChanged.emit(index, index)
        return True


class ItemsModel(FigureEditModel):
    """The items of a partner's year; the society's yearly target is typed in place."""

    HEADERS = ("No", "区分", "項目", "単位", "集計方法", "年間目標", "事業所別の目標", "記録")
    EDIT_COLUMN = 5

    def stored(self, row: int) -> int | None:
        item: ItemView = self._rows[row]
        return item.target

    def key(self, row: int) -> int:
        item: ItemView = self._rows[row]
        return item.id

    def field_name(self, row: int) -> str:
        item: ItemView = self._rows[row]
        return f"「{item.name}」の年間目標"

    def cell(self, row: int, column: int) -> Any:
        item: ItemView = self._rows[row]
        if column == 0:
            return row + 1
        if column == 1:
            return item.group
        if column == 2:
            return item.name
        if column == 3:
            return item.unit
        if column == 4:
            return SOURCES[item.source]
        if column == 6:
            if not item.establishment_targets:
                return ""
            return f"{item.establishment_targets}事業所 計 {item.establishment_target_total:,}"
        if column == 7:
            if item.source == "enrolments":
                return f"加入 {item.enrolments:,}件"
            return f"実績 {item.results:,}件" if item.results else ""
        return None


class ResultGridModel(FigureEditModel):
    """The figures of one period for the society or one establishment, typed per item."""

    HEADERS = ("区分", "項目", "単位", "年間目標", "実績", "事業所分", "計", "前年同期", "備考")
    EDIT_COLUMN = 4
    #: Columns of the society's view only (the establishments' results and the sum).
    SOCIETY_COLUMNS = (5, 6)

    def stored(self, row: int) -> int | None:
        line: ResultGridRow = self._rows[row]
        return line.amount

    def key(self, row: int) -> int:
        line: ResultGridRow = self._rows[row]
        return line.item_id

    def editable(self, row: int) -> bool:
        line: ResultGridRow = self._rows[row]
        return not line.blocked

    def field_name(self, row: int) -> str:
        line: ResultGridRow = self._rows[row]
        return f"「{line.name}」の実績"

    def cell(self, row: int, column: int) -> Any:
        line: ResultGridRow = self._rows[row]
        values = (
            line.group,
            line.name,
            line.unit,
            line.target,
            None,
            line.establishments,
            line.total,
            line.last_year,
            line.note,
        )
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and self.in_range(index)
            and self._rows[index.row()].blocked
        ):
            return self._rows[index.row()].blocked
        return super().data(index, role)


class EstablishmentTargetsModel(FigureEditModel):
    """One item's target split per establishment."""

    HEADERS = ("番号", "事業所", "目標")
    EDIT_COLUMN = 2

    def stored(self, row: int) -> int | None:
        est: EstablishmentTarget = self._rows[row]
        return est.target

    def key(self, row: int) -> int:
        est: EstablishmentTarget = self._rows[row]
        return est.establishment_id

    def field_name(self, row: int) -> str:
        est: EstablishmentTarget = self._rows[row]
        return f"{est.name}の目標"

    def cell(self, row: int, column: int) -> Any:
        est: EstablishmentTarget = self._rows[row]
        if column == 0:
            return f"{est.number:04d}"
        return est.name + ("（退会）" if est.left else "")

    def total(self) -> int:
        return sum(v for r in range(len(self._rows)) if (v := self.current(r)) is not None)


ENROLMENT_COLUMNS: tuple[Column[EnrolmentRow], ...] = (
    Column("加入日", lambda r: r.enrolled_on, "date"),
    Column("会員番号", lambda r: r.member_number),
    Column("氏名", lambda r: r.member_name),
    Column("事業所", lambda r: r.establishment),
    Column("商品（項目）", lambda r: r.item),
    Column("数量", lambda r: r.quantity, "int"),
    Column("単位", lambda r: r.unit),
    Column("備考", lambda r: r.note),
)

IMPORT_COLUMNS: tuple[Column[ImportLine], ...] = (
    Column("行", lambda r: r.row, "int"),
    Column("項目", lambda r: r.item),
    Column("事業所", lambda r: r.establishment or "（指定なし）"),
    Column("期間", lambda r: r.period_label),
    Column("実績", lambda r: r.amount, "int"),
    Column("今の値", lambda r: r.previous, "int"),
    Column("取り込むと", lambda r: r.action),
)


class ReportLinesModel(HeaderedTableModel):
    """A report's lines as the printed table shows them: 小計 and 合計 in bold."""

    HEADERS: Sequence[str] = (
        "No",
        "区分",
        "項目",
        "単位",
        "年間目標",
        "上期実績",
        "達成率",
        "前年同期",
        "前年比",
        "評価",
    )

    def set_report(self, headings: ReportHeadings, lines: Sequence[ReportLine]) -> None:
        self.beginResetModel()
        self.HEADERS = ("No", "区分", "項目", "単位", *headings.as_tuple())
        self._rows = tuple(lines)
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.HEADERS) - 1)

    def _value(self, line: ReportLine, column: int) -> Any:
        values: tuple[Any, ...] = (
            line.number,
            line.group,
            line.label,
            line.unit,
            line.target,
            line.result,
            line.achievement,
            line.last_year,
            line.growth,
            line.grade,
        )
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_range(index):
            return None
        line: ReportLine = self._rows[index.row()]
        column = index.column()
        value = self._value(line, column)
        if role == Qt.ItemDataRole.DisplayRole:
            if column in (6, 8):
                return format_rate(value)
            if column in (4, 7):
                return NOT_APPLICABLE if value is None else f"{value:,}"
            if column == 5:
                return f"{value:,}"
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return value.scaled if column in (6, 8) and value is not None else value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if 4 <= column <= 8:
                return _RIGHT
            return _CENTER if column in (0, 3, 9) else None
        if role == Qt.ItemDataRole.FontRole and line.kind != "item":
            font = QFont()
            font.setBold(True)
            return font
        return None
