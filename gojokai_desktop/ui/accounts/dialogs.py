"""Dialogs of the accounts page: 記帳 with the item chooser, 繰出・繰入, and 取消."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from gojokai_desktop.domain.errors import Problems, RuleViolation, ValidationError
from gojokai_desktop.services.accounts.cashbook import search_items
from gojokai_desktop.services.accounts.ledger_actions import (
    EntryInput,
    record_entry,
    record_fund_move,
    record_transfer,
    reversal_notice,
    reverse_entry,
    transfer_items,
)
from gojokai_desktop.services.accounts.setup import (
    SIDE_LABELS,
    list_accounts,
    list_bank_accounts,
    list_items,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.messages import warn
from gojokai_desktop.ui.widgets import (
    FormErrors,
    WarekiDateEdit,
    YenEdit,
    install_enter_moves_focus,
)

SPLIT = "__split__"


class ItemChooser(QComboBox):
    """Choose a 科目 by typing its code (``206``) or part of its name (``事務``)."""

    def __init__(self, ctx: AppContext, fiscal_year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        sides = {i.id: i.side for i in list_items(ctx)}
        for item_id, code, name in search_items(ctx, "", fiscal_year):
            self.addItem(f"{code} {name}（{SIDE_LABELS[sides[item_id]]}）", item_id)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)
        edit = self.lineEdit()
        if edit is not None:
            edit.setPlaceholderText("科目コードまたは科目名（例: 206、事務）")

    def item_id(self) -> int | None:
        """The chosen item: the matching entry, or the only item whose code/name fits."""
        text = self.currentText().strip()
        index = self.findText(text)
        if index < 0 and text:
            matches = [
                i
                for i in range(self.count())
                if self.itemText(i).startswith(text + " ") or text in self.itemText(i)
            ]
            index = matches[0] if len(matches) == 1 else -1
        if index < 0:
            return None
        data = self.itemData(index)
        return data if isinstance(data, int) else None


class EntryDialog(QDialog):
    """記帳: date, item, amount, 摘要, 相手先, 現金/預金; posts through the ledger service."""

    def __init__(self, ctx: AppContext, fiscal_year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.entry_id: int | None = None
        self.setWindowTitle("出納の記帳")
        form = QFormLayout(self)
        self.date_edit = WarekiDateEdit(field="日付", required=True)
        self.date_edit.setDate(ctx.today())
        self.item_chooser = ItemChooser(ctx, fiscal_year)
        self.amount_edit = YenEdit(field="金額", required=True)
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText("例: 4月分会費 山田商店")
        self.counterparty_edit = QLineEdit()
        self.sub_ledger_combo = QComboBox()
        self.sub_ledger_combo.addItem("（区分なし）", None)
        for account in list_accounts(ctx):
            for sub in account.sub_ledgers:
                self.sub_ledger_combo.addItem(f"{account.name} {sub.name}", sub.code)
            if account.sub_ledgers:
                ratio = ":".join(str(s.ratio) for s in account.sub_ledgers)
                self.sub_ledger_combo.addItem(f"{account.name} 按分（{ratio}）", SPLIT)
        self.method_combo = QComboBox()
        self.method_combo.addItem("現金", ("cash", None))
        for bank in list_bank_accounts(ctx):
            self.method_combo.addItem(f"預金（{bank.name}）", ("bank", bank.id))
        form.addRow("日付", self.date_edit)
        form.addRow("科目", self.item_chooser)
        form.addRow("金額（円）", self.amount_edit)
        form.addRow("摘要", self.description_edit)
        form.addRow("相手先", self.counterparty_edit)
        form.addRow("出納", self.method_combo)
        if self.sub_ledger_combo.count() > 1:  # only societies with 一般経理/短期経理 see it
            form.addRow("経理区分", self.sub_ledger_combo)
        self.message = QLabel()
        form.addRow(self.message)
        self.errors = FormErrors(
            self.message,
            {"日付": self.date_edit, "科目": self.item_chooser, "金額": self.amount_edit,
             "摘要": self.description_edit, "相手先": self.counterparty_edit,
             "出納": self.method_combo, "経理区分": self.sub_ledger_combo},
        )  # fmt: skip
        self.setMinimumWidth(520)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("記帳する")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        install_enter_moves_focus(self)

    def save(self) -> None:
        """Post the entry; every refusal is listed in the dialog, which stays open to fix it."""
        self.errors.clear()
        problems = Problems()
        for edit in (self.date_edit, self.amount_edit):
            if not edit.commit():
                problems.add(edit.error() or "", edit.field())
        day = self.date_edit.date()
        amount = self.amount_edit.value()
        item_id = self.item_chooser.item_id()
        if item_id is None:
            problems.add("科目を選んでください（コードか名称を入力）。", "科目")
        if problems or day is None or item_id is None or amount is None:
            self.errors.show(problems.items)
            return
        method, bank_id = self.method_combo.currentData()
        sub_ledger = self.sub_ledger_combo.currentData()
        try:
            self.entry_id = record_entry(
                self.ctx,
                EntryInput(
                    date=day,
                    item_id=item_id,
                    amount=amount,
                    description=self.description_edit.text(),
                    counterparty=self.counterparty_edit.text(),
                    method=method,
                    bank_account_id=bank_id,
                    sub_ledger=None if sub_ledger == SPLIT else sub_ledger,
                    split=sub_ledger == SPLIT,
                ),
            )
        except (ValidationError, RuleViolation) as error:
            self.errors.show(error)
            return
        self.accept()


def confirm_reversal(
    ctx: AppContext, parent: QWidget, entry_id: int, voucher: str, day: dt.date
) -> int | None:
    """Ask, then write the reversing entry dated today (or the entry's date if later); the
    question says which year's books change when the entry's year is closed."""
    date = max(ctx.today(), day)
    try:
        notice = reversal_notice(ctx, entry_id, date)
    except (ValidationError, RuleViolation) as error:
        warn(parent, "出納の取消", str(error))
        return None
    box = QMessageBox(QMessageBox.Icon.Question, "出納の取消", notice, parent=parent)
    yes = box.addButton("取り消す", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("やめる", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not yes:
        return None
    try:
        return reverse_entry(ctx, entry_id, date=date)
    except (ValidationError, RuleViolation) as error:
        warn(parent, "出納の取消", str(error))
        return None


class TransferDialog(QDialog):
    """繰出・繰入: one amount leaves one account (繰出金) and enters another (繰入金)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pair: tuple[int, int] | None = None
        self.setWindowTitle("会計間の繰出・繰入")
        form = QFormLayout(self)
        self.date_edit = WarekiDateEdit(field="日付", required=True)
        self.date_edit.setDate(ctx.today())
        self.from_combo = QComboBox()
        self.to_combo = QComboBox()
        for item_id, label, role in transfer_items(ctx):
            (self.from_combo if role == "transfer_out" else self.to_combo).addItem(label, item_id)
        self.amount_edit = YenEdit(field="金額", required=True)
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText("例: 宿泊施設特別会計への運営費補助")
        form.addRow("日付", self.date_edit)
        form.addRow("繰出（支出）", self.from_combo)
        form.addRow("繰入（収入）", self.to_combo)
        form.addRow("金額（円）", self.amount_edit)
        form.addRow("摘要", self.description_edit)
        self.message = QLabel()
        self.errors = FormErrors(
            self.message,
            {"日付": self.date_edit, "繰出（支出）": self.from_combo,
             "繰入（収入）": self.to_combo, "金額": self.amount_edit},
        )  # fmt: skip
        if self.from_combo.count() == 0 or self.to_combo.count() == 0:
            self.message.setText(
                "繰出金・繰入金の科目がありません。「科目・口座・繰越」で科目を追加してください。"
            )
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        install_enter_moves_focus(self)

    def save(self) -> None:
        self.errors.clear()
        problems = Problems()
        for edit in (self.date_edit, self.amount_edit):
            if not edit.commit():
                problems.add(edit.error() or "", edit.field())
        day, amount = self.date_edit.date(), self.amount_edit.value()
        from_item, to_item = self.from_combo.currentData(), self.to_combo.currentData()
        if from_item is None:
            problems.add("繰出金の科目を選んでください。", "繰出（支出）")
        if to_item is None:
            problems.add("繰入金の科目を選んでください。", "繰入（収入）")
        if problems or day is None or amount is None:
            self.errors.show(problems.items)
            return
        try:
            self.pair = record_transfer(
                self.ctx,
                date=day,
                from_item=from_item,
                to_item=to_item,
                amount=amount,
                description=self.description_edit.text(),
            )
        except (ValidationError, RuleViolation) as error:
            self.errors.show(error)
            return
        self.accept()


class FundMoveDialog(QDialog):
    """預金引出・預入: cash ↔ a bank account, or bank to bank, within one account."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.pair: tuple[int, int] | None = None
        self.setWindowTitle("預金の引出・預入")
        form = QFormLayout(self)
        self.date_edit = WarekiDateEdit(field="日付", required=True)
        self.date_edit.setDate(ctx.today())
        self.from_combo = QComboBox()
        self.to_combo = QComboBox()
        for combo in (self.from_combo, self.to_combo):
            combo.addItem("現金", None)
            for bank in list_bank_accounts(ctx):
                combo.addItem(f"預金（{bank.name}）", bank.id)
        self.from_combo.setCurrentIndex(min(1, self.from_combo.count() - 1))
        self.amount_edit = YenEdit(field="金額", required=True)
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText("空欄なら「預金引出」「預入」")
        form.addRow("日付", self.date_edit)
        form.addRow("出金元", self.from_combo)
        form.addRow("入金先", self.to_combo)
        form.addRow("金額（円）", self.amount_edit)
        form.addRow("摘要", self.description_edit)
        self.message = QLabel()
        form.addRow(self.message)
        self.errors = FormErrors(
            self.message,
            {"日付": self.date_edit, "出金元": self.from_combo, "入金先": self.to_combo,
             "金額": self.amount_edit},
        )  # fmt: skip
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        install_enter_moves_focus(self)

    def save(self) -> None:
        self.errors.clear()
        problems = Problems()
        for edit in (self.date_edit, self.amount_edit):
            if not edit.commit():
                problems.add(edit.error() or "", edit.field())
        day, amount = self.date_edit.date(), self.amount_edit.value()
        if problems or day is None or amount is None:
            self.errors.show(problems.items)
            return
        banks = {b.id: b.account_id for b in list_bank_accounts(self.ctx)}
        source, target = self.from_combo.currentData(), self.to_combo.currentData()
        account = banks.get(source) or banks.get(target)
        try:
            self.pair = record_fund_move(
                self.ctx,
                date=day,
                amount=amount,
                from_bank_account=source,
                to_bank_account=target,
                description=self.description_edit.text(),
                account=account,
            )
        except (ValidationError, RuleViolation) as error:
            self.errors.show(error)
            return
        self.accept()
