"""参加費: who still owes, payments with receipts (cash or through the establishment), refunds."""

from __future__ import annotations

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

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.events.applications import refund_application
from gojokai_desktop.services.events.money import (
    PaymentView,
    collect_fees,
    collect_for_establishment,
    payments_of,
)
from gojokai_desktop.services.events.printouts import print_refund_list
from gojokai_desktop.services.events.roster import ParticipantView, list_applications
from gojokai_desktop.services.receipts import print_receipt, reissue_receipt
from gojokai_desktop.ui import output
from gojokai_desktop.ui.events.common import (
    EventsHost,
    ask,
    current_source_row,
    fit,
    refuse,
    source_rows,
    table,
    tell,
)
from gojokai_desktop.ui.events.models import FEE_COLUMNS, PAYMENT_COLUMNS
from gojokai_desktop.ui.events.money_dialogs import MoneyDialog
from gojokai_desktop.ui.table_base import RowsTableModel


class FeesTab(QWidget):
    """Fees of the chosen event: collect, print the receipt, refund what cancellations paid."""

    data_changed = Signal()

    def __init__(self, page: EventsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        self.event_id: int | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.unpaid_check = QCheckBox("未入金の人だけ")
        self.unpaid_check.setChecked(True)
        self.collect_button = QPushButton("選んだ人の参加費を入金…")
        self.establishment_combo = QComboBox()
        self.establishment_combo.setMinimumWidth(180)
        self.establishment_button = QPushButton("事業所ごとに入金…")
        bar.addWidget(self.unpaid_check)
        bar.addWidget(self.collect_button)
        bar.addStretch(1)
        bar.addWidget(QLabel("事業所"))
        bar.addWidget(self.establishment_combo)
        bar.addWidget(self.establishment_button)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.people_model: RowsTableModel[ParticipantView] = RowsTableModel(FEE_COLUMNS, self)
        self.people_view = table(self.people_model, multi=True)
        splitter.addWidget(self.people_view)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        pay_bar = QHBoxLayout()
        pay_bar.addWidget(QLabel("入金の記録"))
        pay_bar.addStretch(1)
        self.receipt_button = QPushButton("領収書を印刷…")
        self.reissue_button = QPushButton("領収書を再発行…")
        self.refund_button = QPushButton("取消の返金…")
        self.refund_list_button = QPushButton("返金一覧…")
        for button in (
            self.receipt_button,
            self.reissue_button,
            self.refund_button,
            self.refund_list_button,
        ):
            pay_bar.addWidget(button)
        lower_layout.addLayout(pay_bar)
        self.payment_model: RowsTableModel[PaymentView] = RowsTableModel(PAYMENT_COLUMNS, self)
        self.payment_view = table(self.payment_model)
        lower_layout.addWidget(self.payment_view)
        splitter.addWidget(lower)
        layout.addWidget(splitter, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.unpaid_check.toggled.connect(lambda _on: self.load(self.event_id))
        self.collect_button.clicked.connect(self._on_collect_clicked)
        self.establishment_button.clicked.connect(self._on_establishment_clicked)
        self.receipt_button.clicked.connect(lambda _c: self._print_receipt(reissue=False))
        self.reissue_button.clicked.connect(lambda _c: self._print_receipt(reissue=True))
        self.refund_button.clicked.connect(self._on_refund_clicked)
        self.refund_list_button.clicked.connect(self._on_refund_list_clicked)

    def load(self, event_id: int | None) -> None:
        self.event_id = event_id
        apps = list_applications(self.ctx, event_id) if event_id is not None else []
        people = [p for a in apps if a.status == "confirmed" for p in a.participants]
        unpaid = [p for p in people if p.unpaid]
        self.people_model.set_rows(unpaid if self.unpaid_check.isChecked() else people)
        self.payment_model.set_rows(payments_of(self.ctx, event_id) if event_id is not None else [])
        for view in (self.people_view, self.payment_view):
            fit(view)
        owing: dict[int, str] = {}
        for person in unpaid:
            if person.establishment_id is not None:
                owing[person.establishment_id] = person.establishment_name
        self.establishment_combo.clear()
        for est_id, name in sorted(owing.items(), key=lambda item: item[1]):
            self.establishment_combo.addItem(name, est_id)
        refunds = sum(a.paid_total for a in apps if a.status == "cancelled")
        self.status.setText(
            f"未入金 {len(unpaid)}人・{sum(p.unpaid for p in unpaid):,}円　"
            f"入金済 {sum(p.paid for p in people):,}円"
            + (f"　返金が済んでいない取消 {refunds:,}円" if refunds else "")
        )

    def _after(self, message: str) -> None:
        self.load(self.event_id)
        self.page.show_summary()
        self.status.setText(message + "　" + self.status.text())
        self.data_changed.emit()

    def _on_collect_clicked(self) -> None:
        people = [self.people_model.row_at(r) for r in source_rows(self.people_view)]
        owed = [p for p in people if p.unpaid]
        if self.event_id is None or not owed:
            tell(
                self,
                "参加費の入金",
                "未入金の参加者を一覧で選んでください（同じ申込の人をまとめて選べます）。",
            )
            return
        payer = owed[0].name if owed[0].category == "member" else ""
        dialog = MoneyDialog(
            self.ctx,
            "参加費の入金",
            "入金する",
            payer=payer,
            via=True,
            summary=f"{len(owed)}人・{sum(p.unpaid for p in owed):,}円（領収書を発行します）",
            parent=self,
        )
        if owed[0].pay_via == "establishment" and dialog.via_combo is not None:
            dialog.via_combo.setCurrentIndex(dialog.via_combo.findData("establishment"))
        if not dialog.exec():
            return
        self._collect(
            lambda: collect_fees(
                self.ctx,
                self.event_id or 0,
                [p.id for p in owed],
                dialog.day,
                method=dialog.method,
                via=dialog.via,
                bank_account=dialog.bank_account,
                payer=dialog.payer,
            )
        )

    def _on_establishment_clicked(self) -> None:
        est_id = self.establishment_combo.currentData()
        if self.event_id is None or est_id is None:
            tell(self, "事業所ごとの入金", "未入金のある事業所を選んでください。")
            return
        dialog = MoneyDialog(
            self.ctx,
            "事業所ごとの入金",
            "入金する",
            method="bank",
            summary=f"{self.establishment_combo.currentText()} の未入金をまとめて入金します。",
            parent=self,
        )
        if not dialog.exec():
            return
        self._collect(
            lambda: collect_for_establishment(
                self.ctx,
                self.event_id or 0,
                int(est_id),
                dialog.day,
                method=dialog.method,
                bank_account=dialog.bank_account,
            )
        )

    def _collect(self, action: Callable[[], PaymentView]) -> None:
        try:
            paid = action()
        except (ValidationError, RuleViolation) as error:
            refuse(self, "参加費の入金", error)
            return
        number = paid.receipt.label if paid.receipt else ""
        self._after(f"{paid.payer} {paid.amount:,}円を入金しました（領収書 {number}）。")
        if paid.receipt is not None and ask(self, "領収書", "領収書を印刷しますか？", "印刷する"):
            receipt = paid.receipt
            output.preview_pdf(
                self,
                f"領収書_{receipt.label}.pdf",
                "領収書",
                lambda p: print_receipt(self.ctx, receipt, p),
            )

    def _selected_payment(self) -> PaymentView | None:
        row = current_source_row(self.payment_view)
        if row is None:
            tell(self, "領収書", "入金の記録を選んでください。")
            return None
        return self.payment_model.row_at(row)

    def _print_receipt(self, *, reissue: bool) -> None:
        payment = self._selected_payment()
        if payment is None:
            return
        if payment.receipt is None:
            tell(self, "領収書", "この入金は返金済みのため、領収書は無効になっています。")
            return
        receipt = payment.receipt
        if reissue:
            try:
                receipt = reissue_receipt(self.ctx, receipt.id)
            except RuleViolation as error:
                refuse(self, "領収書", error)
                return
            self.load(self.event_id)
        output.preview_pdf(
            self,
            f"領収書_{receipt.label}.pdf",
            "領収書",
            lambda p: print_receipt(self.ctx, receipt, p),
        )

    def _on_refund_clicked(self) -> None:
        if self.event_id is None:
            return
        due = [
            a
            for a in list_applications(self.ctx, self.event_id)
            if a.status == "cancelled" and a.paid_total > 0
        ]
        if not due:
            tell(self, "返金", "返金が済んでいない取消はありません。")
            return
        app = due[0]
        if not ask(
            self,
            "返金",
            f"申込番号{app.number} {app.applicant_name} の入金 {app.paid_total:,}円を"
            "行事のキャンセル料の決まりで返金し、出納帳に記帳します。",
            "返金する",
        ):
            return
        try:
            done = refund_application(self.ctx, app.id, self.ctx.today())
        except (ValidationError, RuleViolation) as error:
            refuse(self, "返金", error)
            return
        self._after("返金しました: " + "、".join(f"{d.payer} {d.refunded:,}円" for d in done))

    def _on_refund_list_clicked(self) -> None:
        if self.event_id is None:
            return
        event_id = self.event_id
        output.preview_pdf(
            self, "返金一覧.pdf", "返金一覧", lambda p: print_refund_list(self.ctx, event_id, p)
        )
