"""The 販売・入金 tab: who owes for tickets handed over, money from a member or from an
establishment for all its members, receipts, and reversals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.services.auth.roles import has_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import list_establishments
from gojokai_desktop.services.tickets.listings import (
    export_unpaid,
    print_payment_receipt,
    print_unpaid,
)
from gojokai_desktop.services.tickets.sales import (
    METHOD_LABELS,
    PaymentView,
    UnpaidRow,
    collect_for_establishment,
    collect_payment,
    issue_receipt,
    payments,
    reverse_payment,
    unpaid,
)
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.tickets._common import (
    attempt,
    compact,
    export_xlsx,
    print_pdf,
    selected_rows,
    table,
    warn,
)
from gojokai_desktop.ui.tickets.allocation_tab import ReasonDialog
from gojokai_desktop.ui.tickets.models import PAYMENT_COLUMNS, UNPAID_COLUMNS
from gojokai_desktop.ui.widgets import WarekiDateEdit


class SalesTab(QWidget):
    data_changed = Signal()

    def __init__(self, ctx: AppContext, year: Callable[[], int], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.est_combo = compact(QComboBox())
        self.day_edit = WarekiDateEdit(field="入金日", required=True)
        self.day_edit.setDate(ctx.today())
        self.method_combo = QComboBox()
        for code, label in METHOD_LABELS.items():
            self.method_combo.addItem(label, code)
        self.receipt_box = QCheckBox("領収書を発行")
        self.receipt_box.setChecked(True)
        for widget in (QLabel("事業所"), self.est_combo, QLabel("入金日"), self.day_edit,
                       self.method_combo, self.receipt_box):  # fmt: skip
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        actions = QHBoxLayout()
        self.member_button = QPushButton("選んだ会員の入金")
        self.est_button = QPushButton("事業所でまとめて入金")
        self.est_button.setToolTip(
            "事業所の全会員の未収を、事業所からの1回の入金にします（振込・給与天引）。"
        )
        self.unpaid_print = QPushButton("未収一覧を印刷…")
        self.unpaid_excel = QPushButton("Excel出力…")
        actions.addWidget(self.member_button)
        actions.addWidget(self.est_button)
        actions.addStretch(1)
        actions.addWidget(self.unpaid_print)
        actions.addWidget(self.unpaid_excel)
        layout.addLayout(actions)
        self.summary = QLabel("")
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.unpaid_model: RowsTableModel[UnpaidRow] = RowsTableModel(UNPAID_COLUMNS, self)
        self.unpaid_view = table(self.unpaid_model)
        self.pay_model: RowsTableModel[PaymentView] = RowsTableModel(PAYMENT_COLUMNS, self)
        self.pay_view = table(self.pay_model)
        splitter.addWidget(self.unpaid_view)
        splitter.addWidget(self.pay_view)
        layout.addWidget(splitter, 1)
        lower = QHBoxLayout()
        lower.addWidget(QLabel("入金の記録（下の一覧）"))
        lower.addStretch(1)
        self.receipt_button = QPushButton("領収書を印刷…")
        self.late_receipt_button = QPushButton("領収書を発行")
        self.reverse_button = QPushButton("入金の取消…")
        for button in (self.receipt_button, self.late_receipt_button, self.reverse_button):
            lower.addWidget(button)
        if not has_role(self.ctx, "admin"):  # the service refuses anyone else too
            self.reverse_button.setEnabled(False)
            self.reverse_button.setToolTip("入金の取消は管理者だけができます")
        layout.addLayout(lower)
        self._connect()

    def _connect(self) -> None:
        self.est_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.method_combo.currentIndexChanged.connect(self._on_method_changed)
        self.member_button.clicked.connect(self.pay_member)
        self.est_button.clicked.connect(self.pay_establishment)
        self.unpaid_print.clicked.connect(self._on_unpaid_print_clicked)
        self.unpaid_excel.clicked.connect(self._on_unpaid_excel_clicked)
        self.receipt_button.clicked.connect(self._on_receipt_clicked)
        self.late_receipt_button.clicked.connect(self._on_late_receipt_clicked)
        self.reverse_button.clicked.connect(self._on_reverse_clicked)

    def refresh(self) -> None:
        if not self.est_combo.count():
            self.est_combo.blockSignals(True)
            self.est_combo.addItem("（すべての事業所）", None)
            for est in list_establishments(self.ctx):
                self.est_combo.addItem(f"{est.number:04d} {est.name}", est.id)
            self.est_combo.blockSignals(False)
        self.load()

    def establishment_id(self) -> int | None:
        data = self.est_combo.currentData()
        return int(data) if data is not None else None

    def load(self) -> None:
        rows = unpaid(self.ctx, fiscal_year=self.year(), establishment_id=self.establishment_id())
        self.unpaid_model.set_rows(rows)
        self.unpaid_view.resizeColumnsToContents()
        self.pay_model.set_rows(payments(self.ctx, self.year()))
        self.pay_view.resizeColumnsToContents()
        self.summary.setText(
            f"未収 {len(rows)}人　{sum(r.amount for r in rows):,}円。"
            "入金すると斡旋事業収入として出納帳に記帳します。"
        )

    def _on_method_changed(self) -> None:
        self.receipt_box.setChecked(self.method_combo.currentData() == "cash")

    def _day(self) -> dt.date | None:
        if not self.day_edit.commit() or self.day_edit.date() is None:
            warn(self, "入金", f"入金日: {self.day_edit.error() or '日付を入力してください。'}")
            return None
        return self.day_edit.date()

    def _paid(self, payment: PaymentView | None) -> None:
        if payment is None:
            return
        self.load()
        receipt = f"（領収書 {payment.receipt.label}）" if payment.receipt else ""
        self.summary.setText(
            f"{payment.payer_name} から {payment.amount:,}円を入金しました{receipt}。"
        )
        self.data_changed.emit()
        if payment.receipt is not None:
            print_pdf(self, "ryoshusho.pdf", "領収書",
                      lambda p: print_payment_receipt(self.ctx, payment.id, p))  # fmt: skip

    def pay_member(self) -> None:
        rows = selected_rows(self.unpaid_view)
        day = self._day()
        if not rows or day is None:
            if not rows:
                warn(self, "入金", "上の一覧で、入金する会員を選んでください。")
            return
        row = self.unpaid_model.row_at(rows[0])
        method, receipt = str(self.method_combo.currentData()), self.receipt_box.isChecked()
        self._paid(attempt(self, "入金", lambda: collect_payment(
            self.ctx, row.handover_ids, day, method, issue_receipt=receipt)))  # fmt: skip

    def pay_establishment(self) -> None:
        est, day = self.establishment_id(), self._day()
        if est is None or day is None:
            if est is None:
                warn(self, "入金", "事業所を選んでください。")
            return
        method, receipt = str(self.method_combo.currentData()), self.receipt_box.isChecked()
        self._paid(attempt(self, "入金", lambda: collect_for_establishment(
            self.ctx, est, day, method, issue_receipt=receipt)))  # fmt: skip

    def current_payment(self) -> PaymentView | None:
        rows = selected_rows(self.pay_view)
        return self.pay_model.row_at(rows[0]) if rows else None

    def _on_receipt_clicked(self) -> None:
        payment = self.current_payment()
        if payment is not None:
            print_pdf(self, "ryoshusho.pdf", "領収書",
                      lambda p: print_payment_receipt(self.ctx, payment.id, p))  # fmt: skip

    def _on_late_receipt_clicked(self) -> None:
        payment = self.current_payment()
        if payment is not None and attempt(
            self, "領収書", lambda: issue_receipt(self.ctx, payment.id)
        ) is not None:  # fmt: skip
            self.load()
            self._on_receipt_clicked_for(payment.id)

    def _on_receipt_clicked_for(self, payment_id: int) -> None:
        print_pdf(self, "ryoshusho.pdf", "領収書",
                  lambda p: print_payment_receipt(self.ctx, payment_id, p))  # fmt: skip

    def _on_reverse_clicked(self) -> None:
        payment = self.current_payment()
        if payment is None or payment.status != "live":
            return
        text = (
            f"{payment.payer_name} の {payment.amount:,}円の入金を取り消します。"
            "出納帳は赤伝、領収書は無効になります。"
        )
        dialog = ReasonDialog("入金の取消", text, parent=self)
        if dialog.exec():
            reason = dialog.reason.text()
            if attempt(self, "入金の取消", lambda: reverse_payment(
                    self.ctx, payment.id, reason, self.ctx.today())) is not None:  # fmt: skip
                self.load()
                self.data_changed.emit()

    def _on_unpaid_print_clicked(self) -> None:
        print_pdf(self, "mishu.pdf", "未収一覧", lambda p: print_unpaid(self.ctx, self.year(), p))

    def _on_unpaid_excel_clicked(self) -> None:
        export_xlsx(self, "未収一覧.xlsx", "未収一覧",
                    lambda p: export_unpaid(self.ctx, self.year(), p))  # fmt: skip
