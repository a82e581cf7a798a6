"""The member record's 会費 tab: the member's share of each bill, its state, and their cash."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import Problems, RuleViolation, ValidationError
from gojokai_desktop.domain.wareki import format_wareki_month
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues.member import (
    MemberDuesLine,
    MemberDuesRecord,
    MemberPayment,
    member_dues_record,
    record_member_cash,
)
from gojokai_desktop.services.dues.receipts import issue_receipt
from gojokai_desktop.services.receipts import print_receipt
from gojokai_desktop.ui.output import preview_pdf
from gojokai_desktop.ui.table_base import Column, RowsTableModel
from gojokai_desktop.ui.widgets import FormErrors, WarekiDateEdit, YenEdit

LINE_COLUMNS: tuple[Column[MemberDuesLine], ...] = (
    Column("請求月", lambda x: format_wareki_month(x.period)),
    Column("事業所", lambda x: x.establishment_name),
    Column("内容", lambda x: x.label),
    Column("月数", lambda x: x.months, "int"),
    Column("単価", lambda x: x.unit_amount, "signed_yen"),
    Column("本人分", lambda x: x.amount, "signed_yen"),
    Column("請求の状態", lambda x: x.status_label),
    Column("納期限", lambda x: x.due_date, "date"),
    Column("入金日", lambda x: x.paid_on, "date"),
)
PAYMENT_COLUMNS: tuple[Column[MemberPayment], ...] = (
    Column("入金日", lambda p: p.received_date, "date"),
    Column("金額", lambda p: p.amount, "yen"),
    Column("方法", lambda p: p.method_label + ("（取消）" if p.reversed else "")),
    Column("領収書", lambda p: p.receipt),
)


def _view(model: QAbstractTableModel, widths: tuple[int, ...]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        view.setColumnWidth(column, width)
    return view


class MemberCashDialog(QDialog):
    """本人から現金で受け取る: the amount (their open 入会金・途中入会分), the date, a receipt."""

    def __init__(self, today: dt.date, amount: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("本人からの現金入金")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        note = QLabel("入会金と、次の請求までの月分を本人から現金で受け取ります。")
        note.setWordWrap(True)
        layout.addWidget(note)
        form = QFormLayout()
        self.amount_edit = YenEdit(field="入金額", required=True)
        self.amount_edit.setValue(amount or None)
        self.date_edit = WarekiDateEdit(field="入金日", required=True)
        self.date_edit.setDate(today)
        self.receipt_check = QCheckBox("領収書を発行する（本人宛）")
        self.receipt_check.setChecked(True)
        form.addRow("入金額（円）", self.amount_edit)
        form.addRow("入金日", self.date_edit)
        form.addRow("", self.receipt_check)
        layout.addLayout(form)
        self.error_label = QLabel()
        layout.addWidget(self.error_label)
        self.errors = FormErrors(
            self.error_label, {"入金額": self.amount_edit, "入金日": self.date_edit}
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("入金を登録")
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _check(self) -> None:
        problems = Problems()
        for edit in (self.amount_edit, self.date_edit):
            if not edit.commit():
                problems.add(edit.error() or "", edit.field())
        if problems:
            self.errors.show(problems.items)
            return
        self.accept()


class MemberDuesTab(QWidget):
    """What the member was billed (their share of the establishment's bills and their own
    lines), each bill's state, what is open, and the cash they paid at the counter."""

    paid = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id: int | None = None
        self.member_name = ""
        self.record: MemberDuesRecord | None = None
        layout = QVBoxLayout(self)
        self.lines_model: RowsTableModel[MemberDuesLine] = RowsTableModel(LINE_COLUMNS, self)
        self.payments_model: RowsTableModel[MemberPayment] = RowsTableModel(PAYMENT_COLUMNS, self)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(_view(self.lines_model, (86, 140, 84, 44, 64, 72, 72, 76)))
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("本人からの入金（窓口での現金）"))
        lower_layout.addWidget(_view(self.payments_model, (90, 90, 80)))
        splitter.addWidget(lower)
        splitter.setSizes([300, 120])
        layout.addWidget(splitter, 1)
        self.total_label = QLabel("")
        self.total_label.setWordWrap(True)
        layout.addWidget(self.total_label)
        row = QHBoxLayout()
        self.cash_button = QPushButton("本人から現金で受け取る…")
        self.cash_button.clicked.connect(self.take_cash)
        row.addWidget(self.cash_button)
        row.addStretch(1)
        layout.addLayout(row)
        note = QLabel("事業所ごとの請求・入金は［会費］で行います。")
        note.setStyleSheet("color: #6b7280;")
        layout.addWidget(note)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)

    def show_member(self, member_id: int, name: str = "") -> None:
        self.member_id, self.member_name = member_id, name
        self.refresh()

    def refresh(self) -> None:
        if self.member_id is None:
            self.cash_button.setEnabled(False)
            return
        self.record = record = member_dues_record(self.ctx, self.member_id)
        self.lines_model.set_rows(record.lines)
        self.payments_model.set_rows(record.payments)
        y = format_yen
        self.total_label.setText(
            f"請求（本人分）合計 ￥{y(record.billed)}　うち未納 ￥{y(record.open_share)}"
            f"（入会金・途中入会分 ￥{y(record.own_open)}）"
            f"　本人からの入金 ￥{y(record.paid_by_member)}"
        )
        self.cash_button.setEnabled(record.own_open > 0)

    def take_cash(self) -> None:
        if self.member_id is None or self.record is None:
            return
        dialog = MemberCashDialog(self.ctx.today(), self.record.own_open, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        amount, day = dialog.amount_edit.value(), dialog.date_edit.date()
        assert amount is not None
        assert day is not None
        try:
            result = record_member_cash(self.ctx, self.member_id, amount, day)
            receipt = (
                issue_receipt(self.ctx, result.payment_id, addressee=self.member_name, issued=day)
                if dialog.receipt_check.isChecked()
                else None
            )
        except (ValidationError, RuleViolation) as error:
            self.message.setStyleSheet("color: #b00020;")
            self.message.setText(str(error))
            return
        self.message.setStyleSheet("")
        self.message.setText(f"￥{format_yen(amount)} を受け取り、出納帳に記帳しました。")
        self.refresh()
        self.paid.emit()
        if receipt is not None:
            preview_pdf(self, f"領収書_{receipt.label}.pdf", "領収書",
                        lambda p: print_receipt(self.ctx, receipt, p))  # fmt: skip
