"""Bank account fields (銀行・支店コード, 種別, 番号, 名義), names looked up as the clerk types."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QWidget

from gojokai_desktop.services.bank_codes import bank, branch
from gojokai_desktop.services.members.records import ACCOUNT_TYPE_LABELS

_UNKNOWN_STYLE = "color: #b45309;"
_NAME_STYLE = "color: #1d3f6e;"


def _code(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def bank_name_text(bank_code: str) -> tuple[str, bool]:
    """What to show beside a bank code, and whether the code is known."""
    code = _code(bank_code)
    if len(code) != 4 or not code.isdigit():
        return "", True
    found = bank(code)
    if found is None:
        return "一覧にない金融機関コードです（コードだけで扱います）", False
    return f"{found.name}（{found.kana}）", True


def branch_name_text(bank_code: str, branch_code: str) -> tuple[str, bool]:
    """What to show beside a branch code (the bank must be known to look it up)."""
    bank_key, code = _code(bank_code), _code(branch_code)
    if len(code) != 3 or not code.isdigit() or bank(bank_key) is None:
        return "", True
    found = branch(bank_key, code)
    if found is None:
        return "この金融機関の一覧にない支店コードです", False
    return f"{found.name}（{found.kana}）", True


class BankAccountFields:
    """The five account fields, added as rows of a form; names follow the codes live."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.bank_edit = QLineEdit(parent)
        self.bank_edit.setPlaceholderText("4桁")
        self.bank_edit.setMaxLength(4)
        self.bank_name = QLabel(parent)
        self.branch_edit = QLineEdit(parent)
        self.branch_edit.setPlaceholderText("3桁")
        self.branch_edit.setMaxLength(3)
        self.branch_name = QLabel(parent)
        self.account_type_combo = QComboBox(parent)
        self.account_type_combo.addItem("", None)
        for code, text in ACCOUNT_TYPE_LABELS.items():
            self.account_type_combo.addItem(text, code)
        self.account_edit = QLineEdit(parent)
        self.account_edit.setPlaceholderText("7桁まで")
        self.account_edit.setMaxLength(7)
        self.holder_edit = QLineEdit(parent)
        self.holder_edit.setPlaceholderText("サトウ　ハナコ")
        for edit in (self.bank_edit, self.branch_edit, self.account_edit):
            edit.setMaximumWidth(90)
        self.bank_edit.textChanged.connect(self._show_names)
        self.branch_edit.textChanged.connect(self._show_names)

    def add_to(self, form: QFormLayout) -> None:
        form.addRow("銀行コード", self._with_name(self.bank_edit, self.bank_name))
        form.addRow("支店コード", self._with_name(self.branch_edit, self.branch_name))
        form.addRow("口座種別", self.account_type_combo)
        form.addRow("口座番号", self.account_edit)
        form.addRow("口座名義（カナ）", self.holder_edit)

    @staticmethod
    def _with_name(edit: QLineEdit, name: QLabel) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit)
        row.addWidget(name, 1)
        return row

    def on_edited(self, slot: Callable[..., Any]) -> None:
        """Call ``slot`` whenever the clerk changes any of the fields."""
        for edit in (self.bank_edit, self.branch_edit, self.account_edit, self.holder_edit):
            edit.textEdited.connect(slot)
        self.account_type_combo.currentIndexChanged.connect(slot)

    def _show_names(self) -> None:
        for label, (text, known) in (
            (self.bank_name, bank_name_text(self.bank_edit.text())),
            (self.branch_name, branch_name_text(self.bank_edit.text(), self.branch_edit.text())),
        ):
            label.setText(text)
            label.setStyleSheet(_NAME_STYLE if known else _UNKNOWN_STYLE)

    def set_values(
        self,
        bank_code: str,
        branch_code: str,
        account_type: str | None,
        account_number: str,
        holder_kana: str,
    ) -> None:
        self.bank_edit.setText(bank_code)
        self.branch_edit.setText(branch_code)
        self.account_type_combo.setCurrentIndex(
            max(0, self.account_type_combo.findData(account_type))
        )
        self.account_edit.setText(account_number)
        self.holder_edit.setText(holder_kana)

    def bank_code(self) -> str:
        return self.bank_edit.text()

    def branch_code(self) -> str:
        return self.branch_edit.text()

    def account_type(self) -> str | None:
        data = self.account_type_combo.currentData()
        return None if data is None else str(data)

    def account_number(self) -> str:
        return self.account_edit.text()

    def holder_kana(self) -> str:
        return self.holder_edit.text()
