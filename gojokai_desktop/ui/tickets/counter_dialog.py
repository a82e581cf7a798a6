"""At the counter: a member's order of one item (checked against the caps as typed), or a sale
of leftovers paid on the spot."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
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
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.membership import find_member_by_number
from gojokai_desktop.services.tickets.orders import (
    SOURCE_LABELS,
    OrderChange,
    check_orders,
    order_views,
    place_order,
)
from gojokai_desktop.ui.tickets._common import warn
from gojokai_desktop.ui.widgets import WarekiDateEdit, install_enter_moves_focus

Choice = tuple[int, str, str]  # item id, price class, title


class CounterOrderDialog(QDialog):
    """窓口で受付: 会員番号, 品目, 数量; what the caps say is shown while typing."""

    def __init__(
        self, ctx: AppContext, round_id: int, choices: list[Choice], *,
        title: str = "窓口で申込を受付", parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.round_id = ctx, round_id
        self.member_id: int | None = None
        self.setWindowTitle(title)
        form = QFormLayout(self)
        self.number = QLineEdit()
        self.number.setPlaceholderText("例: 0001-001")
        self.who = QLabel("")
        self.item = QComboBox()
        for item_id, price_class, text in choices:
            self.item.addItem(text, f"{item_id}:{price_class}")
        self.quantity = QSpinBox()
        self.quantity.setRange(0, 99)
        self.quantity.setValue(1)
        self.day = WarekiDateEdit(field="受付日", required=True)
        self.day.setDate(ctx.today())
        self.check = QLabel("")
        self.check.setWordWrap(True)
        self.check.setStyleSheet("color: #c62828")
        # What the member already ordered of the item in this round: the quantity typed
        # replaces it (an order from the establishment's sheet was overwritten unseen).
        self.current = QLabel("")
        self.current.setWordWrap(True)
        self.current.setMinimumHeight(self.current.fontMetrics().lineSpacing() * 2 + 4)
        self.setMinimumWidth(480)
        form.addRow("会員番号", self.number)
        form.addRow("", self.who)
        form.addRow("品目", self.item)
        form.addRow("", self.current)
        form.addRow("数量（0で取消）", self.quantity)
        form.addRow("日付", self.day)
        form.addRow(self.check)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("受け付ける", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.number.editingFinished.connect(self._on_number_finished)
        self.item.currentIndexChanged.connect(lambda _i: self.recheck())
        self.quantity.valueChanged.connect(lambda _v: self.recheck())
        install_enter_moves_focus(self)

    def _on_number_finished(self) -> None:
        member = find_member_by_number(self.ctx, self.number.text())
        self.member_id = member.id if member else None
        if member is None:
            self.who.setText("この会員番号の会員はいません。")
        else:
            left = "（退会）" if member.leave_date else ""
            self.who.setText(f"{member.data.name}　{member.establishment_name}{left}")
        self.recheck()

    def day_value(self) -> dt.date:
        return self.day.date() or self.ctx.today()

    def change(self) -> OrderChange | None:
        item, _sep, price_class = str(self.item.currentData() or "").partition(":")
        if self.member_id is None or not item.isdigit():
            return None
        return OrderChange(self.member_id, int(item), self.quantity.value(), price_class)

    def recheck(self) -> list[str]:
        """The caps and rules for what is typed now (nothing is stored)."""
        change = self.change()
        self.current.setText(self._current_text(change))
        problems = (
            check_orders(self.ctx, self.round_id, [change], self.day_value()) if change else []
        )
        self.check.setText("\n".join(problems))
        self.ok.setEnabled(change is not None and not problems)
        return problems

    def _current_text(self, change: OrderChange | None) -> str:
        if change is None:
            return ""
        orders = order_views(
            self.ctx, round_id=self.round_id, member_id=change.member_id, item_id=change.item_id
        )
        same = [o for o in orders if o.price_class == (change.price_class or o.price_class)]
        if not same:
            return "この回の申込はまだありません。"
        held = same[0]
        after = "取り消します" if change.quantity == 0 else f"{change.quantity}に変わります"
        return (
            f"この回の申込: {held.quantity}（{SOURCE_LABELS.get(held.source, held.source)}、"
            f"{format_wareki_short(held.received_on)}）。受け付けると{after}（追加ではありません）。"
        )

    def save(self) -> None:
        change = self.change()
        if change is None:
            warn(self, "窓口で受付", "会員番号と品目を入力してください。")
            return
        try:
            place_order(self.ctx, self.round_id, change.member_id, change.item_id,
                        change.quantity, price_class=change.price_class,
                        received_on=self.day_value())  # fmt: skip
        except (ValidationError, RuleViolation) as error:
            warn(self, "窓口で受付", error.message)
            return
        self.accept()
