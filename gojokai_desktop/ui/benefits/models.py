"""Table models of the 慶弔給付 page: claims, their steps, payment batches and their lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor

from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services import collection
from gojokai_desktop.services.bank_codes import describe_account
from gojokai_desktop.services.benefits.batch_views import BatchLine, BatchRow
from gojokai_desktop.services.benefits.claim_views import METHOD_LABELS, ClaimRow, StepRow
from gojokai_desktop.ui.table_base import Column, HeaderedTableModel, RowsTableModel

Index = QModelIndex | QPersistentModelIndex
ERROR_COLOR = QColor("#c62828")
MUTED_COLOR = QColor("#8a8f98")
DECIDED = ("approved", "paid")
OPEN = ("received", "reviewed", "approved")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def subject_text(row: ClaimRow) -> str:
    return f"{row.subject_name}（{row.subject_relation}）"


def _payment_text(row: ClaimRow) -> str:
    if row.paid_on is not None:
        return f"{row.batch_label}（{format_wareki_short(row.paid_on)}）"
    return f"{row.batch_label}（予定）" if row.batch_label else ""


def _status_text(row: ClaimRow) -> str:
    if row.failure_count and row.status in ("received", "reviewed"):
        return f"{row.status_label}（要確認{row.failure_count}）"
    return row.status_label


CLAIM_COLUMNS: tuple[Column[ClaimRow], ...] = (
    Column("受付番号", lambda r: r.number),
    Column("請求日", lambda r: r.claim_date, "date"),
    Column("会員番号", lambda r: r.member_number),
    Column("氏名", lambda r: r.member_name),
    Column("事業所", lambda r: r.establishment_name),
    Column("対象者", subject_text),
    Column("給付の種類", lambda r: r.kind_name),
    Column("事由発生日", lambda r: r.event_date, "date"),
    Column("計算額", lambda r: r.computed_amount, "yen"),
    Column("決定額", lambda r: r.amount if r.status in DECIDED else None, "yen"),
    Column("状態", _status_text),
    Column("上書", lambda r: "○" if r.overridden else ""),
    Column("支払", _payment_text),
)


def local_time(at: dt.datetime) -> str:
    """A stored (UTC) time as the office clock showed it: ``R7.6.15 14:05``."""
    local = at.replace(tzinfo=dt.UTC).astimezone()
    return f"{format_wareki_short(local.date())} {local:%H:%M}"


STEP_COLUMNS: tuple[Column[StepRow], ...] = (
    Column("日時", lambda s: local_time(s.at)),
    Column("処理", lambda s: s.label),
    Column("担当", lambda s: s.user_name),
    Column("金額", lambda s: s.amount, "yen"),
    Column("理由・内容", lambda s: s.reason),
)

BATCH_COLUMNS: tuple[Column[BatchRow], ...] = (
    Column("番号", lambda b: b.number),
    Column("支払日", lambda b: b.payment_date, "date"),
    Column("状態", lambda b: b.status_label),
    Column("件数", lambda b: b.claim_count, "int"),
    Column("合計", lambda b: b.total_amount, "yen"),
    Column("振込件数", lambda b: b.transfer_count, "int"),
    Column("振込合計", lambda b: b.transfer_total, "yen"),
    Column("全銀ファイル", lambda b: b.zengin_file or ""),
)


def _account_text(line: BatchLine) -> str:
    if line.method == "cash":
        return ""
    if line.problem:
        return line.problem
    where = describe_account(
        line.bank_code, line.branch_code, line.account_type, line.account_number
    )
    return f"{where}　{line.account_holder_kana}"


BATCH_LINE_COLUMNS: tuple[Column[BatchLine], ...] = (
    Column("受付番号", lambda x: x.claim_number),
    Column("会員番号", lambda x: x.member_number),
    Column("氏名", lambda x: x.member_name),
    Column("給付の種類", lambda x: x.kind_name),
    Column("対象者", lambda x: x.subject_name),
    Column("支払方法", lambda x: x.method_label),
    Column("金額", lambda x: x.amount, "yen"),
    Column("振込先", _account_text),
    Column("状態", lambda x: "取消済" if x.reversed else ""),
)


class MarkedRowsModel(RowsTableModel[Any]):
    """Rows whose text turns red (a problem) or grey (no longer counts), with a tooltip."""

    def __init__(
        self,
        columns: Sequence[Column[Any]],
        mark: Callable[[Any], tuple[str, str]],
        parent: Any = None,
    ) -> None:
        super().__init__(columns, parent)
        self._mark = mark

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole):
            if not index.isValid() or not 0 <= index.row() < self.rowCount():
                return None
            kind, why = self._mark(self.row_at(index.row()))
            if role == Qt.ItemDataRole.ToolTipRole:
                return why or None
            return {"error": ERROR_COLOR, "muted": MUTED_COLOR}.get(kind)
        return super().data(index, role)


def claim_mark(row: ClaimRow) -> tuple[str, str]:
    if row.status in ("rejected", "withdrawn"):
        return "muted", ""
    if row.failure_count and row.status in ("received", "reviewed"):
        return "error", f"条件を満たしていない項目が{row.failure_count}件あります"
    return "", ""


def line_mark(line: BatchLine) -> tuple[str, str]:
    if line.reversed:
        return "muted", "この支払は取り消されています"
    if line.problem:
        return "error", line.problem
    return "", ""


def claim_model(parent: Any = None) -> MarkedRowsModel:
    return MarkedRowsModel(CLAIM_COLUMNS, claim_mark, parent)


def batch_line_model(parent: Any = None) -> MarkedRowsModel:
    return MarkedRowsModel(BATCH_LINE_COLUMNS, line_mark, parent)


class ClaimSearchProxy(QSortFilterProxyModel):
    """Finds claims as the clerk types: 受付番号, 会員番号, 氏名, フリガナ, 対象者 or 種類."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self._needles: list[str] = []
        self._keys: list[str] | None = None
        #: Whether each source row holds every needle (None: not matched yet).
        self._shown: list[bool] | None = None

    @property
    def searching(self) -> bool:
        """Whether typed text narrows the rows."""
        return bool(self._needles)

    def set_text(self, text: str) -> None:
        """Narrow to the rows holding every typed word. The rows are matched here in one
        pass (the keys made once per load), not one call from Qt per row each keystroke."""
        self.beginFilterChange()
        self._needles = [normalize_for_search(w) for w in text.split() if w.strip()]
        self._shown = None  # matched again at the first row Qt asks about
        self.endFilterChange()

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        model.modelAboutToBeReset.connect(self._forget)  # new rows, new keys

    def _forget(self) -> None:
        self._keys = None
        self._shown = None

    def _matches(self) -> list[bool]:
        keys = self._all_keys()
        shown = [True] * len(keys)
        for needle in self._needles:
            shown = [was and needle in key for was, key in zip(shown, keys, strict=True)]
        return shown

    def _all_keys(self) -> list[str]:
        if self._keys is None:
            model = self.sourceModel()
            assert isinstance(model, RowsTableModel)
            with collection.paused():  # one text per claim, none of them garbage
                self._keys = [
                    normalize_for_search(
                        "|".join(
                            (
                                row.number,
                                row.member_number,
                                row.member_name,
                                row.member_kana,
                                row.subject_name,
                                row.kind_name,
                            )
                        )
                    )
                    for row in map(model.row_at, range(model.rowCount()))
                ]
        return self._keys

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needles:
            return True
        shown = self._shown
        if shown is None or len(shown) != self.sourceModel().rowCount():
            self._shown = shown = self._matches()  # new text, or the rows were replaced
        return shown[source_row]


class PayableClaimsModel(HeaderedTableModel):
    """Approved claims to put into a payment: a check box per claim and its payment method
    (chosen from a list in the 支払方法 column)."""

    checked_changed = Signal()
    METHOD_COLUMN = 6
    HEADERS = ("受付番号", "会員番号", "氏名", "給付の種類", "対象者", "決定額", "支払方法")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[ClaimRow, ...] = ()
        self._checked: set[int] = set()
        self._methods: dict[int, str] = {}

    def set_rows(self, rows: Sequence[ClaimRow]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self._checked = set()
        self._methods = {r.id: r.payment_method for r in rows}
        self.endResetModel()
        self.checked_changed.emit()

    def row_at(self, row: int) -> ClaimRow:
        return self._rows[row]

    def _values(self, row: ClaimRow) -> tuple[Any, ...]:
        method = self._methods[row.id]
        return (row.number, row.member_number, row.member_name, row.kind_name,
                subject_text(row), row.amount, METHOD_LABELS[method])  # fmt: skip

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.in_range(index):
            return None
        row = self._rows[index.row()]
        value = self._values(row)[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return format_yen(value) if isinstance(value, int) else value
        if role == Qt.ItemDataRole.EditRole and index.column() == self.METHOD_COLUMN:
            return self._methods[row.id]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            checked = row.id in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return _RIGHT
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        if index.column() == self.METHOD_COLUMN:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 0:
            if Qt.CheckState(value) == Qt.CheckState.Checked:
                self._checked.add(row.id)
            else:
                self._checked.discard(row.id)
        elif (
            role == Qt.ItemDataRole.EditRole
            and index.column() == self.METHOD_COLUMN
            and value in METHOD_LABELS
        ):
            self._methods[row.id] = str(value)
        else:
            return False
        self.dataChanged.emit(index, index, [role])
        self.checked_changed.emit()
        return True

    def set_all_checked(self, checked: bool) -> None:
        self._checked = {r.id for r in self._rows} if checked else set()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(len(self._rows) - 1, 0),
                [Qt.ItemDataRole.CheckStateRole],
            )
        self.checked_changed.emit()

    def checked_ids(self) -> list[int]:
        return [r.id for r in self._rows if r.id in self._checked]

    def methods(self) -> dict[int, str]:
        """The chosen method of every checked claim."""
        return {i: self._methods[i] for i in self.checked_ids()}

    def totals(self) -> tuple[int, int, int, int]:
        """(count, total, transfer count, transfer total) of the checked claims."""
        chosen = [r for r in self._rows if r.id in self._checked]
        transfers = [r for r in chosen if self._methods[r.id] != "cash"]
        return (len(chosen), sum(r.amount for r in chosen),
                len(transfers), sum(r.amount for r in transfers))  # fmt: skip
