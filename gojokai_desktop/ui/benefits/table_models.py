"""Models of the 給付表 tab: the kinds of a table, its saved versions, and small edit grids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from gojokai_desktop.domain.benefits.table import LIMITS, BenefitKind, Limit, rule_in_words
from gojokai_desktop.domain.fiscal import START_LABEL, FiscalLabel
from gojokai_desktop.services.benefits.tables import TableVersionRow
from gojokai_desktop.ui.table_base import Column, HeaderedTableModel, RowsTableModel

Index = QModelIndex | QPersistentModelIndex
SUB_LEDGER_LABELS = {"": "", "general": "一般経理", "short": "短期経理"}


def months_words(months: int) -> str:
    """``6か月``, ``1年``, ``2年`` — as the bylaws write periods."""
    return f"{months // 12}年" if months and months % 12 == 0 else f"{months}か月"


def limit_words(limit: Limit) -> str:
    if limit.kind == "per_period":
        return f"{limit.period_years}年間に{limit.count}回"
    return LIMITS[limit.kind]


def occasion_words(kind: BenefitKind) -> str:
    """When a date-driven kind falls due (the due lists find these from the society's data)."""
    words = []
    if kind.ages:
        words.append(f"満{'・'.join(str(a) for a in kind.ages)}歳")
    if kind.school_entry_age is not None:
        words.append({6: "小学校入学", 12: "中学校入学"}.get(kind.school_entry_age, "入学"))
    if kind.wedding_years is not None:
        words.append(f"結婚{kind.wedding_years}年")
    if kind.membership_anniversaries:
        years = "・".join(str(y) for y in kind.membership_anniversaries)
        words.append(f"会員期間{years}年")
    return "、".join(words)


KIND_COLUMNS: tuple[Column[BenefitKind], ...] = (
    Column("コード", lambda k: k.code),
    Column("名称", lambda k: k.name),
    Column("分類", lambda k: k.category_label),
    Column("対象", lambda k: k.subject_label),
    Column("支給額", lambda k: "／".join(rule_in_words(k.rule))),
    Column("該当", occasion_words),
    Column("待機", lambda k: months_words(k.waiting_months) if k.waiting_months else "なし"),
    Column("期限", lambda k: months_words(k.deadline_months)),
    Column("回数制限", lambda k: limit_words(k.limit)),
    Column("必要書類", lambda k: "、".join(k.evidence)),
    Column("事業主証明", lambda k: "要" if k.employer_certification else ""),
    Column("科目", lambda k: k.item_code),
    Column("経理区分", lambda k: SUB_LEDGER_LABELS.get(k.sub_ledger, k.sub_ledger)),
)


def version_columns(label: FiscalLabel = START_LABEL) -> tuple[Column[TableVersionRow], ...]:
    """The saved versions' columns, years written by the society's label rule."""
    return (
        Column("適用年度", lambda v: f"{label.year(v.valid_from_year)}から"),
        *VERSION_COLUMNS[1:],
    )


VERSION_COLUMNS: tuple[Column[TableVersionRow], ...] = (
    Column("適用年度", lambda v: f"{START_LABEL.year(v.valid_from_year)}から"),
    Column("版", lambda v: v.version, "int"),
    Column("名称", lambda v: v.name),
    Column("種類", lambda v: v.kinds, "int"),
    Column("備考", lambda v: v.note),
    Column("保存日時", lambda v: f"{v.saved_at:%Y-%m-%d %H:%M}"),
    Column("保存者", lambda v: v.saved_by),
)


class KindTableModel(RowsTableModel[BenefitKind]):
    """The kinds of a table; a cell too long for its column shows whole in its tooltip."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(KIND_COLUMNS, parent)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            text = super().data(index, Qt.ItemDataRole.DisplayRole)
            return text if isinstance(text, str) and len(text) > 8 else None
        return super().data(index, role)


class GridModel(HeaderedTableModel):
    """A small editable grid of text cells (bands, damage classes); ``checks`` are the
    columns shown as check boxes, whose cells hold bools."""

    def __init__(
        self, headers: Sequence[str], checks: Sequence[int] = (), parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.HEADERS = list(headers)
        self._checks = frozenset(checks)
        self._rows: list[list[Any]] = []

    def _blank(self) -> list[Any]:
        return [False if column in self._checks else "" for column in range(len(self.HEADERS))]

    def set_rows(self, rows: Sequence[Sequence[Any]]) -> None:
        self.beginResetModel()
        self._rows = [list(row) for row in rows]
        self.endResetModel()

    def rows(self) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._rows]

    def add_row(self) -> int:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(self._blank())
        self.endInsertRows()
        return position

    def remove_row(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in self._checks:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        value = self._rows[index.row()][index.column()]
        if index.column() in self._checks:
            if role == Qt.ItemDataRole.CheckStateRole:
                return Qt.CheckState.Checked if value else Qt.CheckState.Unchecked
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return str(value)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return False
        column = index.column()
        if column in self._checks and role == Qt.ItemDataRole.CheckStateRole:
            self._rows[index.row()][column] = value in (Qt.CheckState.Checked, 2)
        elif column not in self._checks and role == Qt.ItemDataRole.EditRole:
            self._rows[index.row()][column] = str(value).strip()
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        return True
