"""The round dialog (申込の回): number, dates and the items offered."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets.items import list_items
from gojokai_desktop.services.tickets.rounds import RoundInput, RoundView, save_round
from gojokai_desktop.ui.tickets._common import warn
from gojokai_desktop.ui.widgets import WarekiDateEdit, install_enter_moves_focus


class RoundDialog(QDialog):
    def __init__(
        self, ctx: AppContext, fiscal_year: int, current: RoundView | None = None,
        number: int = 1, parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.fiscal_year, self.current = ctx, fiscal_year, current
        self.saved: RoundView | None = None
        self.setWindowTitle(f"申込の回（{fiscal_year}年度）")
        form = QFormLayout(self)
        self.number = QSpinBox()
        self.number.setRange(1, 12)
        self.number.setPrefix("第")
        self.number.setSuffix("回")
        self.number.setValue(current.number if current else number)
        self.opens = WarekiDateEdit(field="申込開始日", required=True)
        self.closes = WarekiDateEdit(field="申込締切日", required=True)
        self.handover = WarekiDateEdit(field="受渡予定日")
        self.items = QListWidget()
        self.items.setMinimumSize(460, 240)
        chosen = set(current.item_ids) if current else None
        for item in list_items(ctx, fiscal_year):
            if item.retired and (chosen is None or item.id not in chosen):
                continue
            entry = QListWidgetItem(f"{item.category}　{item.name}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = chosen is None or item.id in chosen
            entry.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.items.addItem(entry)
        self.note = QLineEdit()
        if current is not None:
            self.opens.setDate(current.opens_on)
            self.closes.setDate(current.closes_on)
            self.handover.setDate(current.handover_on)
            self.note.setText(current.note)
        form.addRow("回", self.number)
        form.addRow("申込開始日", self.opens)
        form.addRow("申込締切日", self.closes)
        form.addRow("受渡予定日", self.handover)
        form.addRow("取り扱う品目", self.items)
        form.addRow("備考", self.note)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        install_enter_moves_focus(self)

    def item_ids(self) -> tuple[int, ...]:
        return tuple(
            int(self.items.item(n).data(Qt.ItemDataRole.UserRole))
            for n in range(self.items.count())
            if self.items.item(n).checkState() == Qt.CheckState.Checked
        )

    def save(self) -> None:
        for edit in (self.opens, self.closes, self.handover):
            if not edit.commit():
                warn(self, "申込の回", f"{edit.field()}: {edit.error()}")
                return
        opens, closes = self.opens.date(), self.closes.date()
        if opens is None or closes is None:
            warn(self, "申込の回", "申込開始日と締切日を入力してください。")
            return
        data = RoundInput(self.fiscal_year, self.number.value(), opens, closes, self.item_ids(),
                          self.handover.date(), self.note.text())  # fmt: skip
        try:
            self.saved = save_round(
                self.ctx, data, round_id=self.current.id if self.current else None,
                expected_version=self.current.version if self.current else None,
            )  # fmt: skip
        except ValidationError as error:
            warn(self, "申込の回", f"{error.field}: {error.message}")
            return
        except RuleViolation as error:
            warn(self, "申込の回", error.message)
            return
        self.accept()
