"""The 品目 tab: the year's items, added or changed in a dialog, retired, copied from last year."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets.items import (
    CATEGORIES,
    ItemView,
    category_caps,
    copy_items,
    delete_item,
    list_items,
    set_category_cap,
    set_retired,
)
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.tickets._common import ask, attempt, selected_rows, table
from gojokai_desktop.ui.tickets.item_dialog import ItemDialog
from gojokai_desktop.ui.tickets.models import ITEM_COLUMNS


class CategoryCapDialog(QDialog):
    """区分ごとの上限: one category's per-member yearly cap (0: none)."""

    def __init__(self, caps: dict[str, int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("区分ごとの上限")
        self.caps = caps
        form = QFormLayout(self)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(CATEGORIES)
        self.cap = QSpinBox()
        self.cap.setRange(0, 999)
        self.cap.setSpecialValueText("制限なし")
        form.addRow(QLabel("区分のすべての品目を合わせた、1会員の年間の上限です。"))
        form.addRow("区分", self.category)
        form.addRow("上限", self.cap)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.category.currentTextChanged.connect(
            lambda text: self.cap.setValue(self.caps.get(text, 0))
        )
        self.cap.setValue(self.caps.get(self.category.currentText(), 0))


class ItemsTab(QWidget):
    data_changed = Signal()

    def __init__(self, ctx: AppContext, year: Callable[[], int], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.new_button = QPushButton("品目を登録…")
        self.edit_button = QPushButton("変更…")
        self.retire_button = QPushButton("取扱終了／再開")
        self.delete_button = QPushButton("削除")
        self.copy_button = QPushButton("前年度からコピー")
        self.caps_button = QPushButton("区分ごとの上限…")
        for button in (self.new_button, self.edit_button, self.retire_button,
                       self.delete_button):  # fmt: skip
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.copy_button)
        bar.addWidget(self.caps_button)
        layout.addLayout(bar)
        self.summary = QLabel("")
        layout.addWidget(self.summary)
        self.model: RowsTableModel[ItemView] = RowsTableModel(ITEM_COLUMNS, self)
        self.view = table(self.model)
        layout.addWidget(self.view)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.view.doubleClicked.connect(lambda _i: self._on_edit_clicked())
        self.retire_button.clicked.connect(self._on_retire_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.caps_button.clicked.connect(self._on_caps_clicked)

    def refresh(self) -> None:
        items = list_items(self.ctx, self.year())
        self.model.set_rows(items)
        self.view.resizeColumnsToContents()
        caps = category_caps(self.ctx, self.year())
        cap_text = "、".join(f"{c} {n}" for c, n in caps.items()) or "なし"
        self.summary.setText(
            f"{self.year()}年度の品目 {len(items)}件（区分ごとの上限: {cap_text}）。"
            "補助額は互助会が1枚ごとに負担する額です。"
        )

    def current(self) -> ItemView | None:
        rows = selected_rows(self.view)
        return self.model.row_at(rows[0]) if rows else None

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def _on_new_clicked(self) -> None:
        if ItemDialog(self.ctx, self.year(), None, self).exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def _on_edit_clicked(self) -> None:
        item = self.current()
        if item is None:
            return
        if ItemDialog(self.ctx, self.year(), item, self).exec() == QDialog.DialogCode.Accepted:
            self._changed()

    def _on_retire_clicked(self) -> None:
        item = self.current()
        if item is None:
            return
        done = attempt(self, "斡旋品目", lambda: set_retired(self.ctx, item.id, not item.retired))
        if done is not None:
            self._changed()

    def _on_delete_clicked(self) -> None:
        item = self.current()
        if item is None or not ask(self, "斡旋品目", f"「{item.name}」を削除しますか？",
                                   "削除する", "やめる"):  # fmt: skip
            return
        attempt(self, "斡旋品目の削除", lambda: delete_item(self.ctx, item.id))
        self._changed()

    def _on_copy_clicked(self) -> None:
        year = self.year()
        question = (
            f"{year - 1}年度の品目（取扱終了を除く）を{year}年度にコピーしますか？"
            "同じ名前の品目が既にあるものはコピーしません。"
        )
        if not ask(self, "前年度からコピー", question, "コピーする", "やめる"):
            return
        count = attempt(self, "前年度からコピー", lambda: copy_items(self.ctx, year - 1, year))
        if count is not None:
            self.summary.setText(f"{count}件の品目をコピーしました。価格を確かめてください。")
            self.refresh()
            self.data_changed.emit()

    def _on_caps_clicked(self) -> None:
        dialog = CategoryCapDialog(category_caps(self.ctx, self.year()), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            cap = dialog.cap.value() or None
            category = dialog.category.currentText()
            attempt(self, "区分ごとの上限",
                    lambda: set_category_cap(self.ctx, self.year(), category, cap))  # fmt: skip
            self._changed()
