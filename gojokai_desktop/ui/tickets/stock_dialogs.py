"""Dialogs of the 入荷・受渡 tab: a lot received, a return, a counter sale of leftovers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.membership import find_member_by_number
from gojokai_desktop.services.tickets.handover import sell_at_counter
from gojokai_desktop.services.tickets.items import ItemView
from gojokai_desktop.services.tickets.sales import collect_payment
from gojokai_desktop.services.tickets.stock import LotInput, LotView, receive_lot, return_tickets
from gojokai_desktop.ui.tickets._common import warn
from gojokai_desktop.ui.widgets import WarekiDateEdit, install_enter_moves_focus


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.rejected.connect(dialog.reject)
    return buttons


def item_key(item_id: int, price_class: str = "adult") -> str:
    """The data of an entry of the item choosers: ``"12:child"``."""
    return f"{item_id}:{price_class}"


def _item_combo(items: list[ItemView]) -> QComboBox:
    combo = QComboBox()
    for item in items:
        if item.referral_only or item.retired:
            continue
        if item.has_child_price:
            combo.addItem(f"{item.name}（大人）", item_key(item.id))
            combo.addItem(f"{item.name}（小人）", item_key(item.id, "child"))
        else:
            combo.addItem(item.name, item_key(item.id))
    return combo


def _chosen(combo: QComboBox) -> tuple[int, str]:
    text = str(combo.currentData() or "")
    item, _sep, price_class = text.partition(":")
    if not item.isdigit():
        raise ValidationError("品目を選んでください。", "品目")
    return int(item), price_class


def _date(edit: WarekiDateEdit) -> dt.date:
    if not edit.commit() or edit.date() is None:
        raise ValidationError(edit.error() or "日付を入力してください。", edit.field())
    day = edit.date()
    assert day is not None
    return day


class LotDialog(QDialog):
    """入荷: how many of which item, the serial numbers if any, how the supplier is paid."""

    def __init__(self, ctx: AppContext, items: list[ItemView], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.saved: LotView | None = None
        self.setWindowTitle("入荷の登録")
        form = QFormLayout(self)
        self.item = _item_combo(items)
        self.day = WarekiDateEdit(field="入荷日", required=True)
        self.day.setDate(ctx.today())
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 99_999)
        self.first = QLineEdit()
        self.first.setPlaceholderText("例: A000101（番号のない券は空欄）")
        self.last = QLineEdit()
        self.method = QComboBox()
        self.method.addItem("振込（預金）", "bank")
        self.method.addItem("現金", "cash")
        self.note = QLineEdit()
        form.addRow("品目", self.item)
        form.addRow("入荷日", self.day)
        form.addRow("入荷数", self.quantity)
        form.addRow("券番号（から）", self.first)
        form.addRow("券番号（まで）", self.last)
        form.addRow("仕入代金の支払", self.method)
        form.addRow("備考", self.note)
        form.addRow(
            QLabel(
                "仕入代金（会員価格分）は斡旋事業費、補助額分は斡旋補助金として出納帳に記帳します。"
            )
        )
        buttons = _buttons(self, "入荷を登録")
        buttons.accepted.connect(self.save)
        form.addRow(buttons)
        install_enter_moves_focus(self)

    def save(self) -> None:
        try:
            item_id, price_class = _chosen(self.item)
            self.saved = receive_lot(self.ctx, LotInput(
                item_id, _date(self.day), self.quantity.value(), price_class,
                self.first.text(), self.last.text(), str(self.method.currentData()),
                note=self.note.text()))  # fmt: skip
        except ValidationError as error:
            warn(self, "入荷", f"{error.field}: {error.message}")
            return
        except RuleViolation as error:
            warn(self, "入荷", error.message)
            return
        self.accept()


class ReturnDialog(QDialog):
    """返品: unallocated tickets of a lot back to the supplier; the refund is re-posted."""

    def __init__(self, ctx: AppContext, lot: LotView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.lot = ctx, lot
        self.setWindowTitle("返品")
        form = QFormLayout(self)
        form.addRow(QLabel(f"{lot.item_title}　入荷No.{lot.lot_no}（在庫 {lot.on_hand}）"))
        self.quantity = QSpinBox()
        self.quantity.setRange(1, max(1, lot.on_hand))
        self.day = WarekiDateEdit(field="返品日", required=True)
        self.day.setDate(ctx.today())
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例: 年度末の残り")
        form.addRow("返品数", self.quantity)
        form.addRow("返品日", self.day)
        form.addRow("理由", self.reason)
        buttons = _buttons(self, "返品する")
        buttons.accepted.connect(self.save)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            return_tickets(self.ctx, self.lot.id, self.quantity.value(), _date(self.day),
                           self.reason.text())  # fmt: skip
        except ValidationError as error:
            warn(self, "返品", f"{error.field}: {error.message}")
            return
        except RuleViolation as error:
            warn(self, "返品", error.message)
            return
        self.accept()


class CounterSaleDialog(QDialog):
    """窓口販売: leftovers to a member, usually paid in cash on the spot with a receipt."""

    def __init__(self, ctx: AppContext, items: list[ItemView], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.payment_id: int | None = None
        self.setWindowTitle("窓口販売（残りの販売）")
        form = QFormLayout(self)
        self.number = QLineEdit()
        self.number.setPlaceholderText("例: 0001-001")
        self.who = QLabel("")
        self.item = _item_combo(items)
        self.quantity = QSpinBox()
        self.quantity.setRange(1, 99)
        self.day = WarekiDateEdit(field="販売日", required=True)
        self.day.setDate(ctx.today())
        self.pay_now = QCheckBox("代金を現金で受け取り、領収書を発行する")
        self.pay_now.setChecked(True)
        form.addRow("会員番号", self.number)
        form.addRow("", self.who)
        form.addRow("品目", self.item)
        form.addRow("数量", self.quantity)
        form.addRow("販売日", self.day)
        form.addRow(self.pay_now)
        buttons = _buttons(self, "販売する")
        buttons.accepted.connect(self.save)
        form.addRow(buttons)
        self.number.editingFinished.connect(self._on_number_finished)
        install_enter_moves_focus(self)

    def _on_number_finished(self) -> None:
        member = find_member_by_number(self.ctx, self.number.text())
        self.who.setText(f"{member.data.name}　{member.establishment_name}" if member
                         else "この会員番号の会員はいません。")  # fmt: skip

    def save(self) -> None:
        member = find_member_by_number(self.ctx, self.number.text())
        if member is None:
            warn(self, "窓口販売", "会員番号: この会員番号の会員はいません。")
            return
        try:
            item_id, price_class = _chosen(self.item)
            day = _date(self.day)
            sold = sell_at_counter(self.ctx, member.id, item_id, self.quantity.value(), day,
                                   price_class=price_class)  # fmt: skip
            if self.pay_now.isChecked() and any(h.amount for h in sold):
                paid = collect_payment(self.ctx, [h.id for h in sold], day, "cash")
                self.payment_id = paid.id
        except ValidationError as error:
            warn(self, "窓口販売", f"{error.field}: {error.message}")
            return
        except RuleViolation as error:
            warn(self, "窓口販売", error.message)
            return
        self.accept()
