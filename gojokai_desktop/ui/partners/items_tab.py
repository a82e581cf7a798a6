"""The 項目・目標 tab: a partner's items of the year and the society's targets typed in place;
items from the preset or copied from last year; a target split per establishment."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners.items import (
    ItemView,
    PartnerView,
    delete_item,
    items_from_preset,
    list_items,
    move_item,
)
from gojokai_desktop.services.partners.presets import all_presets
from gojokai_desktop.services.partners.targets import set_targets
from gojokai_desktop.ui.partners._messages import ask, error_text, inform, warn
from gojokai_desktop.ui.partners._views import editable_table
from gojokai_desktop.ui.partners.dialogs import (
    CopyYearDialog,
    EstablishmentTargetsDialog,
    ItemDialog,
)
from gojokai_desktop.ui.partners.models import ItemsModel


class ItemsTab(QWidget):
    """Items and the society's yearly targets of the chosen partner and year."""

    saved = Signal()

    def __init__(
        self,
        ctx: AppContext,
        partner: Callable[[], PartnerView | None],
        fiscal_year: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._partner = partner
        self._year = fiscal_year
        layout = QVBoxLayout(self)
        targets = QHBoxLayout()
        self.save_button = QPushButton("目標を保存 (Ctrl+S)")
        self.copy_button = QPushButton("前年度から複写…")
        self.split_button = QPushButton("事業所別の目標…")
        self.preset_button = QPushButton("ひな形から項目を作成")
        self.preset_menu = QMenu(self)
        self.preset_button.setMenu(self.preset_menu)
        for widget in (self.save_button, self.split_button, self.copy_button, self.preset_button):
            targets.addWidget(widget)
        targets.addStretch(1)
        layout.addLayout(targets)
        self.model = ItemsModel(self)
        self.view = editable_table(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        items = QHBoxLayout()
        self.add_button = QPushButton("項目を追加…")
        self.edit_button = QPushButton("項目を変更…")
        self.delete_button = QPushButton("項目を削除")
        self.up_button = QPushButton("上へ")
        self.down_button = QPushButton("下へ")
        for widget in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.up_button,
            self.down_button,
        ):
            items.addWidget(widget)
        items.addStretch(1)
        layout.addLayout(items)
        self.save_button.clicked.connect(self.save_targets)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_targets)
        self.copy_button.clicked.connect(self._on_copy_clicked)
        self.split_button.clicked.connect(self._on_split_clicked)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.delete_button.clicked.connect(self._on_delete_clicked)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self.model.error_raised.connect(self._show_error)
        self.model.dataChanged.connect(self._on_model_data_changed)
        for preset in all_presets():
            action = self.preset_menu.addAction(f"{preset.name}の項目（{len(preset.items)}）")
            action.triggered.connect(lambda _c=False, key=preset.key: self._on_preset(key))

    # -- loading -------------------------------------------------------------------------
    def load(self) -> None:
        partner = self._partner()
        rows = list_items(self.ctx, partner.id, self._year()) if partner else []
        self.model.set_rows(rows)
        for button in (self.save_button, self.copy_button, self.add_button, self.preset_button):
            button.setEnabled(partner is not None)
        if partner is None:
            self.message.setText("推進先がまだありません。上の「推進先を追加」から始めてください。")
        elif not rows:
            self.message.setText(
                f"{self._year()}年度の項目はまだありません。「前年度から複写…」か"
                "「ひな形から項目を作成」で作るか、「項目を追加…」で入力してください。"
            )
        else:
            self.message.setText(
                "年間目標の欄をダブルクリック（または数字を打つ）して入力し、"
                "「目標を保存」を押してください。"
            )

    def selected(self) -> ItemView | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        item: ItemView = self.model.row_at(rows[0].row())
        return item

    def _show_error(self, text: str) -> None:
        self.message.setText(f"⚠ {text}")

    def _on_model_data_changed(self) -> None:
        if self.model.has_changes():
            self.message.setText("目標が変更されています。「目標を保存」を押してください。")

    # -- targets -------------------------------------------------------------------------
    def save_targets(self) -> None:
        partner = self._partner()
        if partner is None or not self.model.has_changes():
            return
        try:
            count = set_targets(self.ctx, partner.id, self._year(), self.model.changes())
        except (ValidationError, RuleViolation) as error:
            warn(self, "目標の保存", error_text(error))
            return
        self.load()
        self.message.setText(f"目標を保存しました（目標のある項目 {count}）。")
        self.saved.emit()

    def _confirm_unsaved(self) -> bool:
        if not self.model.has_changes():
            return True
        return ask(
            self,
            "保存していない目標",
            "入力した目標がまだ保存されていません。保存せずに続けますか？",
            "保存せずに続ける",
        )

    def _on_copy_clicked(self) -> None:
        partner = self._partner()
        if partner is None or not self._confirm_unsaved():
            return
        dialog = CopyYearDialog(self.ctx, partner, self._year(), self)
        if dialog.exec() and dialog.summary is not None:
            s = dialog.summary
            self.load()
            inform(
                self,
                "前年度から複写",
                f"項目 {s.items_added} を作り、目標 {s.targets_set} を写しました"
                + (f"（入力済みの目標 {s.targets_kept} はそのまま）。" if s.targets_kept else "。"),
            )
            self.saved.emit()

    def _on_split_clicked(self) -> None:
        item = self.selected()
        if item is None:
            warn(self, "事業所別の目標", "項目を一覧で選んでください。")
            return
        if EstablishmentTargetsDialog(self.ctx, item, self).exec():
            self.load()
            self.saved.emit()

    def _on_preset(self, key: str) -> None:
        partner = self._partner()
        if partner is None:
            return
        try:
            added = items_from_preset(self.ctx, partner.id, self._year(), key)
        except (ValidationError, RuleViolation) as error:
            warn(self, "ひな形から項目を作成", error_text(error))
            return
        self.load()
        self.message.setText(f"ひな形から項目を {added} 作りました（同じ項目は作りません）。")
        self.saved.emit()

    # -- items ---------------------------------------------------------------------------
    def _groups(self) -> list[str]:
        return list(dict.fromkeys(r.group for r in list_items(self.ctx, *self._key()) if r.group))

    def _key(self) -> tuple[int, int]:
        partner = self._partner()
        assert partner is not None
        return partner.id, self._year()

    def _on_add_clicked(self) -> None:
        if self._partner() is None or not self._confirm_unsaved():
            return
        dialog = ItemDialog(self.ctx, *self._key(), groups=self._groups(), parent=self)
        if dialog.exec():
            self.load()
            self.saved.emit()

    def _on_view_double_clicked(self) -> None:
        if self.view.currentIndex().column() != ItemsModel.EDIT_COLUMN:
            self._on_edit_clicked()

    def _on_edit_clicked(self) -> None:
        item = self.selected()
        if item is None or not self._confirm_unsaved():
            return
        dialog = ItemDialog(self.ctx, *self._key(), item=item, groups=self._groups(), parent=self)
        if dialog.exec():
            self.load()
            self.saved.emit()

    def _on_delete_clicked(self) -> None:
        item = self.selected()
        if item is None:
            return
        if not ask(
            self, "項目の削除", f"「{item.name}」を削除します。目標も消えます。", "削除する"
        ):
            return
        try:
            delete_item(self.ctx, item.id)
        except (ValidationError, RuleViolation) as error:
            warn(self, "項目の削除", error_text(error))
            return
        self.load()
        self.saved.emit()

    def _move(self, step: int) -> None:
        item = self.selected()
        if item is None or not self._confirm_unsaved():
            return
        move_item(self.ctx, item.id, step)
        self.load()
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == item.id:
                self.view.selectRow(row)
