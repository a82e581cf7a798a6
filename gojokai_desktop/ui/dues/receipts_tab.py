"""The 領収書 tab: the receipts of a fiscal year, reprint (再発行), void with a reason, register."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues.receipts import (
    ReceiptView,
    receipt_register,
    reissue_receipt,
    void_receipt,
)
from gojokai_desktop.services.receipts import print_receipt, print_receipt_register
from gojokai_desktop.ui import output
from gojokai_desktop.ui.table_base import Column, RowsTableModel
from gojokai_desktop.ui.widgets import fiscal_year_edit

RECEIPT_COLUMNS: tuple[Column[ReceiptView], ...] = (
    Column("番号", lambda r: r.label),
    Column("発行日", lambda r: r.issued_date, "date"),
    Column("区分", lambda r: r.source_label),
    Column("宛名", lambda r: r.addressee),
    Column("金額", lambda r: r.amount, "yen"),
    Column("状態", lambda r: "発行" if r.status == "issued" else f"無効（{r.void_reason}）"),
    Column("再発行", lambda r: r.reissue_count, "int"),
)


class ReceiptsTab(QWidget):
    """領収書の控え: every number of the year stays listed, voids included."""

    receipts_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.year_spin = fiscal_year_edit(ctx)
        self.reissue_button = QPushButton("再発行（印刷）…")
        self.void_button = QPushButton("無効にする…")
        self.register_button = QPushButton("発行簿を印刷…")
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year_spin)
        bar.addStretch(1)
        for button in (self.reissue_button, self.void_button, self.register_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.model: RowsTableModel[Any] = RowsTableModel(RECEIPT_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        layout.addWidget(self.view)
        self.year_spin.valueChanged.connect(lambda _v: self.load())
        self.reissue_button.clicked.connect(self._on_reissue_clicked)
        self.void_button.clicked.connect(self._on_void_clicked)
        self.register_button.clicked.connect(self._on_register_clicked)

    def load(self) -> None:
        self.model.set_rows(receipt_register(self.ctx, self.year_spin.value()))
        self.view.resizeColumnsToContents()

    def _selected(self) -> ReceiptView | None:
        index = self.view.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, "領収書", "領収書を一覧で選んでください。")
            return None
        receipt: ReceiptView = self.model.row_at(index.row())
        return receipt

    def _on_reissue_clicked(self) -> None:
        receipt = self._selected()
        if receipt is None:
            return
        try:
            again = reissue_receipt(self.ctx, receipt.id)
        except RuleViolation as error:
            QMessageBox.warning(self, "領収書", error.message)
            return
        self.load()
        output.preview_pdf(
            self, f"領収書_{again.label}_再発行.pdf", "領収書（再発行）",
            lambda p: print_receipt(self.ctx, again, p),
        )  # fmt: skip

    def _on_void_clicked(self) -> None:
        receipt = self._selected()
        if receipt is None:
            return
        reason, ok = QInputDialog.getText(
            self, "領収書を無効にする", f"No.{receipt.label} を無効にする理由（番号は残ります）"
        )
        if not ok:
            return
        try:
            void_receipt(self.ctx, receipt.id, reason)
        except (ValidationError, RuleViolation) as error:
            QMessageBox.warning(self, "領収書", error.message)
            return
        self.load()
        self.receipts_changed.emit()

    def _on_register_clicked(self) -> None:
        year = self.year_spin.value()
        rows = receipt_register(self.ctx, year)
        output.preview_pdf(
            self, f"領収書発行簿_{year}.pdf", "領収書発行簿",
            lambda p: print_receipt_register(self.ctx, year, rows, p),
        )  # fmt: skip
