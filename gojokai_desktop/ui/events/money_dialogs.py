"""How money moves on the event screens: the date, cash or bank (which account), who paid
or was paid; one small dialog serves fees, costs, the subsidy and the labour bank's refund."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.services.accounts.setup import list_bank_accounts
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.inputs import METHOD_LABELS, VIA_LABELS
from gojokai_desktop.ui.widgets import WarekiDateEdit, YenEdit, install_enter_moves_focus


class MoneyDialog(QDialog):
    """A date, a method (and bank account), optionally who, what and how much."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        ok: str,
        *,
        summary: str = "",
        method: str = "cash",
        payer: str | None = None,
        via: bool = False,
        description: str | None = None,
        amount: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(460, 260)
        layout = QVBoxLayout(self)
        if summary:
            label = QLabel(summary)
            label.setWordWrap(True)
            layout.addWidget(label)
        form = QFormLayout()
        self.date_edit = WarekiDateEdit(field="日付", required=True)
        self.date_edit.setDate(ctx.today())
        form.addRow("日付", self.date_edit)
        self.description_edit: QLineEdit | None = None
        if description is not None:
            self.description_edit = QLineEdit(description)
            self.description_edit.setPlaceholderText("例: 会場使用料、講師謝礼、バス代")
            form.addRow("摘要", self.description_edit)
        self.amount_edit: YenEdit | None = None
        if amount:
            self.amount_edit = YenEdit(field="金額", required=True)
            form.addRow("金額", self.amount_edit)
        self.method_combo = QComboBox()
        for code, words in METHOD_LABELS.items():
            self.method_combo.addItem(words, code)
        self.method_combo.setCurrentIndex(self.method_combo.findData(method))
        self.bank_combo = QComboBox()
        for bank in list_bank_accounts(ctx):
            self.bank_combo.addItem(bank.name, bank.id)
        form.addRow("方法", self.method_combo)
        form.addRow("口座", self.bank_combo)
        self.via_combo: QComboBox | None = None
        if via:
            self.via_combo = QComboBox()
            for code, words in VIA_LABELS.items():
                self.via_combo.addItem(words, code)
            form.addRow("支払", self.via_combo)
        self.payer_edit: QLineEdit | None = None
        if payer is not None:
            self.payer_edit = QLineEdit(payer)
            form.addRow("宛名・相手", self.payer_edit)
        layout.addLayout(form)
        self._finish(layout, ok)

    def _finish(self, layout: QVBoxLayout, ok: str) -> None:
        self.message = QLabel("")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("やめる", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.method_combo.currentIndexChanged.connect(lambda _i: self._show_bank())
        self._show_bank()
        install_enter_moves_focus(self)

    def _show_bank(self) -> None:
        self.bank_combo.setEnabled(self.method_combo.currentData() == "bank")

    def _on_accept(self) -> None:
        for edit in (self.date_edit, self.amount_edit):
            if edit is not None and not edit.commit():
                self.message.setText(f"【{edit.field()}】{edit.error()}")
                return
        self.accept()

    @property
    def day(self) -> dt.date:
        value = self.date_edit.date()
        assert value is not None
        return value

    @property
    def method(self) -> str:
        return str(self.method_combo.currentData())

    @property
    def bank_account(self) -> int | None:
        if self.method != "bank":
            return None
        data = self.bank_combo.currentData()
        return int(data) if data is not None else None

    @property
    def via(self) -> str:
        return str(self.via_combo.currentData()) if self.via_combo is not None else "member"

    @property
    def payer(self) -> str:
        return self.payer_edit.text() if self.payer_edit is not None else ""

    @property
    def description(self) -> str:
        return self.description_edit.text() if self.description_edit is not None else ""

    @property
    def amount(self) -> int:
        value = self.amount_edit.value() if self.amount_edit is not None else None
        return value or 0
