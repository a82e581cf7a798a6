"""Choosing what a payment pays (支払予定の作成・追加) and on which bank business day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.holidays import is_business_day, next_business_day
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.claim_views import METHOD_LABELS, ClaimRow
from gojokai_desktop.services.benefits.payments import check_payment_date
from gojokai_desktop.ui.benefits.models import PayableClaimsModel
from gojokai_desktop.ui.widgets import WarekiDateEdit
from gojokai_desktop.ui.widgets.sizing import resize_within

Index = QModelIndex | QPersistentModelIndex
ERROR_STYLE = "color: #c62828;"


def first_business_day(day: dt.date) -> dt.date:
    return day if is_business_day(day) else next_business_day(day)


class MethodDelegate(QStyledItemDelegate):
    """The 支払方法 cell is edited with a list of the three methods."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for code, label in METHOD_LABELS.items():
            combo.addItem(label, code)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PaymentDateEdit(WarekiDateEdit):
    """A payment date: a weekend or holiday is refused with the next business day named."""

    def parse(self, text: str) -> object:
        day = super().parse(text)
        assert isinstance(day, dt.date)
        check_payment_date(day)
        return day


def date_row(edit: WarekiDateEdit, label: str) -> tuple[QHBoxLayout, QLabel]:
    """``label [edit]`` with the edit's message in red beside it."""
    row = QHBoxLayout()
    error = QLabel("")
    error.setStyleSheet(ERROR_STYLE)
    error.setWordWrap(True)
    edit.error_changed.connect(lambda message: error.setText(str(message or "")))
    row.addWidget(QLabel(label))
    row.addWidget(edit)
    row.addWidget(error, 1)
    return row, error


class PayableClaimsDialog(QDialog):
    """The approved claims not yet in a payment, each with a check box and its method; the
    total of the checked ones follows. With ``ask_date`` (a new payment) the payment date is
    asked too."""

    def __init__(
        self,
        rows: Sequence[ClaimRow],
        today: dt.date,
        parent: QWidget | None = None,
        *,
        ask_date: bool = True,
        title: str = "支払予定の作成",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        resize_within(self, 900, 560)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "支払う請求にチェックを付け、支払方法を確かめてください（支払方法の欄をクリックすると"
            "選べます）。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.all_check = QCheckBox("すべて選ぶ")
        layout.addWidget(self.all_check)
        self.model = PayableClaimsModel(self)
        self.model.set_rows(rows)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(PayableClaimsModel.METHOD_COLUMN, MethodDelegate(self))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.resizeColumnsToContents()
        layout.addWidget(self.view, 1)
        self.date_edit = PaymentDateEdit(field="支払日", required=True)
        self.date_edit.setDate(first_business_day(today))
        row, self.date_error = date_row(self.date_edit, "支払日")
        self.date_box = QWidget()
        self.date_box.setLayout(row)
        self.date_box.setVisible(ask_date)
        layout.addWidget(self.date_box)
        self.total_label = QLabel("")
        self.total_label.setStyleSheet("font-size: 15px; font-weight: bold;")
        layout.addWidget(self.total_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("支払予定を作成" if ask_date else "支払予定に追加")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._ask_date = ask_date
        self.all_check.toggled.connect(self.model.set_all_checked)
        self.model.checked_changed.connect(self._show_total)
        self._show_total()
        if not rows:
            self.total_label.setText("支払える請求（支給決定済みで未払いのもの）がありません。")

    def _show_total(self) -> None:
        count, total, transfers, transfer_total = self.model.totals()
        self.total_label.setText(
            f"選択 {count:,}件　合計 {format_yen(total)}円"
            f"（うち振込 {transfers:,}件 {format_yen(transfer_total)}円）"
        )
        self.ok_button.setEnabled(count > 0)

    def payment_date(self) -> dt.date | None:
        return self.date_edit.date()

    def _on_ok(self) -> None:
        if self._ask_date and not self.date_edit.commit():
            self.date_edit.setFocus()
            return
        self.accept()


class PaymentDateDialog(QDialog):
    """支払日の変更 (a bank business day)."""

    def __init__(self, current: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("支払日の変更")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        self.date_edit = PaymentDateEdit(field="支払日", required=True)
        self.date_edit.setDate(current)
        row, self.date_error = date_row(self.date_edit, "新しい支払日")
        layout.addLayout(row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def payment_date(self) -> dt.date | None:
        return self.date_edit.date()

    def _on_ok(self) -> None:
        if self.date_edit.commit():
            self.accept()
