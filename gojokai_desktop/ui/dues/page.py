"""The 会費 page: billing runs per period, payments with receipts, balances and arrears."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import Problems, RuleViolation, ValidationError
from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.domain.wareki import format_wareki_month
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues.billing import (
    BillingPreview,
    BillView,
    bills_of_period,
    cancel_bill,
    preview_billing,
    run_billing,
)
from gojokai_desktop.services.dues.payments import (
    EstablishmentBalance,
    arrears_list,
    mark_debit_failed,
    reconciliation,
    record_payment,
    unpaid_of,
)
from gojokai_desktop.services.dues.printouts import (
    export_arrears,
    export_debit_requests,
    print_arrears,
    print_invoices,
    print_reminders,
)
from gojokai_desktop.services.dues.receipts import ReceiptView, issue_receipt
from gojokai_desktop.services.receipts import print_receipt
from gojokai_desktop.ui.dues.fees_tab import FeeTableTab
from gojokai_desktop.ui.dues.models import (
    ARREARS_COLUMNS,
    BALANCE_COLUMNS,
    BILL_COLUMNS,
    METHOD_LABELS,
    WRITTEN_BILL_COLUMNS,
)
from gojokai_desktop.ui.dues.receipts_tab import ReceiptsTab
from gojokai_desktop.ui.output import preview_pdf, save_workbook
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.widgets import (
    FormErrors,
    MonthEdit,
    WarekiDateEdit,
    YenEdit,
    install_enter_moves_focus,
)

Index = QModelIndex | QPersistentModelIndex


def _table(model: Any) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setWordWrap(False)
    view.verticalHeader().setVisible(False)
    return view


class BalanceFilterProxy(QSortFilterProxyModel):
    """Finds an establishment by its number (from the start) or its フリガナ (from the start)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(Qt.ItemDataRole.UserRole)  # sort by the raw value
        self._key = ""

    def set_key(self, text: str) -> None:
        self.beginFilterChange()
        self._key = normalize_for_search(text.strip())
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._key:
            return True
        model = self.sourceModel()
        assert isinstance(model, RowsTableModel)
        row: EstablishmentBalance = model.row_at(source_row)
        if self._key.isdigit():
            return f"{row.number:04d}".startswith(self._key.zfill(4)) or str(row.number).startswith(
                self._key
            )
        return normalize_for_search(row.name_kana).startswith(self._key) or self._key in row.name


class DuesPage(QWidget):
    """請求 (periods and runs), 入金 (balances, payment entry, receipts) and 滞納."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.preview: BillingPreview | None = None
        self.last_receipt: ReceiptView | None = None
        self.last_payment_id: int | None = None
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._billing_tab(), "請求")
        self.tabs.addTab(self._payment_tab(), "入金・残高")
        self.tabs.addTab(self._arrears_tab(), "滞納")
        self.fees_tab = FeeTableTab(ctx)
        self.receipts_tab = ReceiptsTab(ctx)
        self.tabs.insertTab(2, self.receipts_tab, "領収書")
        self.tabs.addTab(self.fees_tab, "会費表")

    # -- building ------------------------------------------------------------------------
    def _billing_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.period_edit = MonthEdit(field="請求月", required=True)
        self.period_edit.setMonth(self.ctx.today())
        self.preview_button = QPushButton("請求内容を確認")
        self.run_button = QPushButton("請求を作成")
        self.run_button.setEnabled(False)
        self.invoice_button = QPushButton("請求書を印刷…")
        self.debit_button = QPushButton("口座振替依頼（Excel）…")
        bar.addWidget(QLabel("請求月"))
        bar.addWidget(self.period_edit)
        for button in (self.preview_button, self.run_button, self.invoice_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.debit_button)
        layout.addLayout(bar)
        self.billing_summary = QLabel("請求月を入れて「請求内容を確認」を押してください。")
        layout.addWidget(self.billing_summary)
        self.bill_model: RowsTableModel[Any] = RowsTableModel(BILL_COLUMNS, self)
        self.bill_view = _table(self.bill_model)
        layout.addWidget(self.bill_view, 3)
        written_bar = QHBoxLayout()
        written_bar.addWidget(QLabel("作成済みの請求"))
        written_bar.addStretch(1)
        self.cancel_button = QPushButton("請求を取消…")
        self.failed_button = QPushButton("振替不能にする")
        self.request_button = QPushButton("払込依頼を印刷…")
        written_bar.addWidget(self.cancel_button)
        written_bar.addWidget(self.failed_button)
        written_bar.addWidget(self.request_button)
        layout.addLayout(written_bar)
        self.written_model: RowsTableModel[Any] = RowsTableModel(WRITTEN_BILL_COLUMNS, self)
        self.written_view = _table(self.written_model)
        layout.addWidget(self.written_view, 2)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.failed_button.clicked.connect(self._on_failed_clicked)
        self.request_button.clicked.connect(self._on_request_clicked)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.period_edit.returnPressed.connect(self._on_preview_clicked)
        self.period_edit.textEdited.connect(lambda _t: self._forget_preview())
        self.run_button.clicked.connect(self._on_run_clicked)
        self.invoice_button.clicked.connect(self._on_invoice_clicked)
        self.debit_button.clicked.connect(self._on_debit_clicked)
        return tab

    def _payment_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("事業所番号またはフリガナで探す（例: 12、ふくしま）")
        layout.addWidget(self.search_edit)
        self.balance_model: RowsTableModel[Any] = RowsTableModel(BALANCE_COLUMNS, self)
        self.balance_proxy = BalanceFilterProxy(self)
        self.balance_proxy.setSourceModel(self.balance_model)
        self.balance_view = _table(self.balance_proxy)
        layout.addWidget(self.balance_view)
        form = QHBoxLayout()
        self.payer_label = QLabel("事業所: （一覧で選択）")
        self.amount_edit = YenEdit(field="入金額", required=True)
        self.amount_edit.setMinimumWidth(110)
        self.received_edit = WarekiDateEdit(field="入金日", required=True)
        self.received_edit.setDate(self.ctx.today())
        self.method_combo = QComboBox()
        for code, label in METHOD_LABELS.items():
            self.method_combo.addItem(label, code)
        self.method_combo.setCurrentIndex(1)
        self.pay_button = QPushButton("入金を登録")
        self.receipt_button = QPushButton("領収書を発行…")
        self.receipt_button.setEnabled(False)
        layout.addWidget(self.payer_label)
        for widget in (
            QLabel("入金額"),
            self.amount_edit,
            QLabel("入金日"),
            self.received_edit,
            self.method_combo,
            self.pay_button,
            self.receipt_button,
        ):
            form.addWidget(widget)
        layout.addLayout(form)
        self.payment_error = QLabel("")
        layout.addWidget(self.payment_error)
        self.payment_errors = FormErrors(
            self.payment_error,
            {"事業所": self.balance_view, "入金額": self.amount_edit, "入金日": self.received_edit,
             "入金方法": self.method_combo},
        )  # fmt: skip
        self.payment_status = QLabel("")
        layout.addWidget(self.payment_status)
        install_enter_moves_focus(tab)
        self.search_edit.textChanged.connect(self._on_search_edit_text_changed)
        self.balance_view.selectionModel().currentRowChanged.connect(self._on_balance_selected)
        self.pay_button.clicked.connect(self._on_pay_clicked)
        self.receipt_button.clicked.connect(self._on_receipt_clicked)
        return tab

    def _arrears_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.arrears_summary = QLabel("")
        self.arrears_print_button = QPushButton("滞納一覧を印刷…")
        self.reminder_button = QPushButton("督促状を印刷…")
        self.arrears_excel_button = QPushButton("Excelに出力…")
        bar.addWidget(self.arrears_summary)
        bar.addStretch(1)
        for button in (self.arrears_print_button, self.reminder_button, self.arrears_excel_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.arrears_model: RowsTableModel[Any] = RowsTableModel(ARREARS_COLUMNS, self)
        self.arrears_view = _table(self.arrears_model)
        layout.addWidget(self.arrears_view)
        self.arrears_print_button.clicked.connect(self._on_arrears_print_clicked)
        self.reminder_button.clicked.connect(self._on_reminder_clicked)
        self.arrears_excel_button.clicked.connect(self._on_arrears_excel_clicked)
        return tab

    # -- refresh -------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload balances and arrears (the main window calls this when the page is shown)."""
        self.fees_tab.load()
        self.receipts_tab.load()
        self.balance_model.set_rows(reconciliation(self.ctx))
        self.balance_view.resizeColumnsToContents()
        rows = arrears_list(self.ctx)
        self.arrears_model.set_rows(rows)
        self.arrears_view.resizeColumnsToContents()
        total = sum(r.balance for r in rows)
        self.arrears_summary.setText(f"期限を過ぎた未納: {len(rows):,}事業所 {total:,}円")

    def _warn(self, error: ValidationError | RuleViolation) -> None:
        QMessageBox.warning(self, "会費", error.message)

    def _period(self) -> dt.date | None:
        """The 請求月 typed (R7.4, 令和7年4月, 2025/4 …); a refused month clears the figures
        of the month shown before, so they are never taken for the new one."""
        if not self.period_edit.commit():
            self._forget_preview()
            self.billing_summary.setText(f"{self.period_edit.field()}: {self.period_edit.error()}")
            self.billing_summary.setStyleSheet("color: #c62828;")
            return None
        return self.period_edit.month()

    def _forget_preview(self) -> None:
        self.preview = None
        self.run_button.setEnabled(False)
        self.bill_model.set_rows([])
        self.written_model.set_rows([])
        self.billing_summary.setStyleSheet("")
        self.billing_summary.setText("請求月を入れて「請求内容を確認」を押してください。")

    # -- billing -------------------------------------------------------------------------
    def _on_preview_clicked(self) -> None:
        period = self._period()
        if period is None:
            return
        try:
            self.preview = preview_billing(self.ctx, period)
        except (ValidationError, RuleViolation) as error:
            self._warn(error)
            return
        self.bill_model.set_rows(self.preview.bills)
        self.bill_view.resizeColumnsToContents()
        heads = sum(b.head_count for b in self.preview.bills)
        self.billing_summary.setStyleSheet("")
        self.billing_summary.setText(
            f"{format_wareki_month(period)}の請求: {len(self.preview.bills):,}事業所 {heads:,}人 "
            f"合計 {self.preview.total:,}円（請求済み {len(self.preview.already_billed):,}事業所）"
        )
        self.run_button.setEnabled(bool(self.preview.bills))
        self._load_written(period)

    def _load_written(self, period: dt.date) -> None:
        self.written_model.set_rows(bills_of_period(self.ctx, period))
        self.written_view.resizeColumnsToContents()

    def _selected_written(self) -> BillView | None:
        index = self.written_view.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, "会費", "作成済みの請求を一覧で選んでください。")
            return None
        bill: BillView = self.written_model.row_at(index.row())
        return bill

    def _after_bill_change(self, bill: BillView) -> None:
        self._load_written(bill.period)
        for row in range(self.written_model.rowCount()):
            if self.written_model.row_at(row).id == bill.id:
                self.written_view.selectRow(row)
        self.refresh()
        self.data_changed.emit()

    def _on_cancel_clicked(self) -> None:
        bill = self._selected_written()
        if bill is None:
            return
        reason, ok = QInputDialog.getText(
            self, "請求の取消", f"{bill.establishment_name}の請求を取り消す理由"
        )
        if not ok:
            return
        try:
            cancel_bill(self.ctx, bill.id, reason)
        except (ValidationError, RuleViolation) as error:
            self._warn(error)
            return
        self._after_bill_change(bill)

    def _on_failed_clicked(self) -> None:
        bill = self._selected_written()
        if bill is None:
            return
        try:
            mark_debit_failed(self.ctx, bill.id, self.ctx.today())
        except (ValidationError, RuleViolation) as error:
            self._warn(error)
            return
        self._after_bill_change(bill)

    def _on_run_clicked(self) -> None:
        if self.preview is None:
            return
        try:
            result = run_billing(self.ctx, self.preview.period)
        except (ValidationError, RuleViolation) as error:
            self._warn(error)
            return
        self.billing_summary.setText(
            f"請求を作成しました: {result.bill_count:,}件 合計 {result.total:,}円"
        )
        self.run_button.setEnabled(False)
        self._load_written(self.preview.period)
        self.refresh()
        self.data_changed.emit()

    def _on_invoice_clicked(self) -> None:
        period = self._period()
        if period is None:
            return
        try:
            preview_pdf(
                self, "会費請求書.pdf", "会費請求書", lambda p: print_invoices(self.ctx, period, p)
            )
        except (ValidationError, RuleViolation) as error:
            self._warn(error)

    def _on_debit_clicked(self) -> None:
        period = self._period()
        if period is not None:
            save_workbook(
                self,
                f"口座振替依頼_{period:%Y%m}.xlsx",
                lambda p: export_debit_requests(self.ctx, period, p),
            )

    def _on_request_clicked(self) -> None:
        """A payment request (slip) for everything the establishment still owes."""
        bill = self._selected_written()
        if bill is None:
            return
        row = unpaid_of(self.ctx, bill.establishment_id)
        if row is None:
            QMessageBox.information(
                self, "会費", f"{bill.establishment_name}に未納の請求はありません。"
            )
            return
        preview_pdf(self, "払込依頼.pdf", "会費納入のお願い",
                    lambda p: print_reminders(self.ctx, [row], p))  # fmt: skip

    # -- payments ------------------------------------------------------------------------
    def _on_search_edit_text_changed(self, text: str) -> None:
        self.balance_proxy.set_key(text)
        if self.balance_proxy.rowCount() == 1:
            self.balance_view.selectRow(0)

    def _selected_balance(self) -> EstablishmentBalance | None:
        index = self.balance_view.currentIndex()
        if not index.isValid():
            return None
        row: EstablishmentBalance = self.balance_model.row_at(
            self.balance_proxy.mapToSource(index).row()
        )
        return row

    def _on_balance_selected(self, *_args: object) -> None:
        row = self._selected_balance()
        if row is not None:
            self.payer_label.setText(
                f"事業所: {row.number:04d} {row.name}（残高 {row.balance:,}円）"
            )
            if row.balance > 0 and self.amount_edit.value() is None:
                self.amount_edit.setValue(row.balance)

    def _on_pay_clicked(self) -> None:
        self.payment_errors.clear()
        self.payment_status.clear()
        row = self._selected_balance()
        problems = Problems()
        if row is None:
            problems.add("入金した事業所を一覧で選んでください。", "事業所")
        for edit in (self.amount_edit, self.received_edit):
            if not edit.commit():
                problems.add(edit.error() or "", edit.field())
        amount, received = self.amount_edit.value(), self.received_edit.date()
        if problems or row is None or amount is None or received is None:
            self.payment_errors.show(problems.items)
            return
        try:
            result = record_payment(
                self.ctx, row.establishment_id, amount, received,
                method=str(self.method_combo.currentData()),
            )  # fmt: skip
        except (ValidationError, RuleViolation) as error:
            self.payment_errors.show(error)
            return
        self.last_payment_id = result.payment_id
        credit = f"、前受 {result.credit:,}円" if result.credit else ""
        self.payment_status.setText(
            f"{row.name}の入金 {amount:,}円を登録し、出納帳に記帳しました{credit}。"
        )
        self.receipt_button.setEnabled(True)
        self.amount_edit.setValue(None)
        self.refresh()
        self.data_changed.emit()

    def _on_receipt_clicked(self) -> None:
        if self.last_payment_id is None:
            return
        try:
            self.last_receipt = issue_receipt(self.ctx, self.last_payment_id)
        except (ValidationError, RuleViolation) as error:
            self._warn(error)
            return
        receipt = self.last_receipt
        self.receipt_button.setEnabled(False)
        self.payment_status.setText(f"領収書 No.{receipt.label} を発行しました。")
        self.receipts_tab.load()
        preview_pdf(self, f"領収書_{receipt.label}.pdf", "領収書",
                    lambda p: print_receipt(self.ctx, receipt, p))  # fmt: skip

    # -- arrears -------------------------------------------------------------------------
    def _on_arrears_print_clicked(self) -> None:
        rows = arrears_list(self.ctx)
        today = self.ctx.today()
        preview_pdf(self, "会費滞納一覧.pdf", "会費滞納一覧",
                    lambda p: print_arrears(self.ctx, rows, p, on=today))  # fmt: skip

    def _on_reminder_clicked(self) -> None:
        rows = arrears_list(self.ctx)
        if not rows:
            QMessageBox.information(self, "会費", "期限を過ぎた未納はありません。")
            return
        preview_pdf(self, "督促状.pdf", "督促状", lambda p: print_reminders(self.ctx, rows, p))

    def _on_arrears_excel_clicked(self) -> None:
        rows = arrears_list(self.ctx)
        save_workbook(
            self,
            f"滞納一覧_{self.ctx.today():%Y%m%d}.xlsx",
            lambda p: export_arrears(self.ctx, rows, Path(p)),
        )
