"""収支: the event's fees, costs and subsidy beside the cash book, the labour bank's refund
for study sessions, and the budget status of the items the events area posts to."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.events.books import BudgetLine, book_check, budget_status
from gojokai_desktop.services.events.labour_bank import (
    LabourBankClaim,
    claims_of,
    receive_claim,
    save_claim,
)
from gojokai_desktop.services.events.letters import print_labour_bank_claims
from gojokai_desktop.services.events.money import (
    CostView,
    costs_of,
    post_subsidy,
    record_cost,
    reverse_cost,
)
from gojokai_desktop.services.events.views import EventDetail, get_event
from gojokai_desktop.ui import output
from gojokai_desktop.ui.events.common import (
    EventsHost,
    ask_text,
    current_source_row,
    fit,
    refuse,
    table,
    tell,
)
from gojokai_desktop.ui.events.models import BUDGET_COLUMNS, CLAIM_COLUMNS, COST_COLUMNS
from gojokai_desktop.ui.events.money_dialogs import MoneyDialog
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.widgets import WarekiDateEdit, YenEdit


class ClaimDialog(QDialog):
    """The session's figures for the labour bank: participants and costs (請求額 follows)."""

    def __init__(self, claim: LabourBankClaim, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("労働金庫への助成の請求")
        form = QFormLayout(self)
        self.count_spin = QSpinBox()
        self.count_spin.setRange(0, 100_000)
        self.count_spin.setValue(claim.participants)
        self.count_spin.setSuffix(" 人")
        self.costs_edit = YenEdit(field="経費", required=True)
        self.costs_edit.setValue(claim.costs)
        self.date_edit = WarekiDateEdit(field="請求日", required=True)
        self.date_edit.setDate(claim.claimed_on or claim.session_date)
        self.amount_label = QLabel("")
        form.addRow("参加者数", self.count_spin)
        form.addRow("経費", self.costs_edit)
        form.addRow("請求日", self.date_edit)
        form.addRow("請求額", self.amount_label)
        self.message = QLabel("")
        self.message.setStyleSheet("color: #b00020;")
        form.addRow(self.message)
        buttons = QDialogButtonBox()
        buttons.addButton("請求を保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("やめる", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.per_head = claim.per_head
        self.count_spin.valueChanged.connect(lambda _v: self._show())
        self.costs_edit.value_changed.connect(lambda _v: self._show())
        self._show()

    def _show(self) -> None:
        costs = self.costs_edit.value() or 0
        limit = self.per_head * self.count_spin.value()
        self.amount_label.setText(
            f"{min(costs, limit):,}円（経費 {costs:,}円 と {self.per_head:,}円 × "
            f"{self.count_spin.value()}人 = {limit:,}円 の少ない方）"
        )

    def _on_accept(self) -> None:
        for edit in (self.costs_edit, self.date_edit):
            if not edit.commit():
                self.message.setText(f"【{edit.field()}】{edit.error()}")
                return
        self.accept()


class MoneyTab(QWidget):
    """Costs and subsidy of the chosen event, and its labour bank claims."""

    data_changed = Signal()

    def __init__(self, page: EventsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        self.detail: EventDetail | None = None
        layout = QVBoxLayout(self)
        self.figures = QLabel("")
        self.figures.setWordWrap(True)
        layout.addWidget(self.figures)
        costs_box = QGroupBox("経費と補助金（出納帳に記帳）")
        costs_layout = QVBoxLayout(costs_box)
        bar = QHBoxLayout()
        self.cost_button = QPushButton("経費の支払…")
        self.subsidy_button = QPushButton("補助金の計上…")
        self.reverse_button = QPushButton("取消…")
        for button in (self.cost_button, self.subsidy_button, self.reverse_button):
            bar.addWidget(button)
        bar.addStretch(1)
        costs_layout.addLayout(bar)
        self.cost_model: RowsTableModel[CostView] = RowsTableModel(COST_COLUMNS, self)
        self.cost_view = table(self.cost_model)
        costs_layout.addWidget(self.cost_view)
        layout.addWidget(costs_box, 2)
        lower = QHBoxLayout()
        self.claims_box = QGroupBox("労働金庫の研修助成（研修会）")
        claims_layout = QVBoxLayout(self.claims_box)
        claim_bar = QHBoxLayout()
        self.claim_button = QPushButton("請求…")
        self.receive_button = QPushButton("助成金の受取…")
        self.claim_print_button = QPushButton("請求書を印刷…")
        for button in (self.claim_button, self.receive_button, self.claim_print_button):
            claim_bar.addWidget(button)
        claim_bar.addStretch(1)
        claims_layout.addLayout(claim_bar)
        self.claim_model: RowsTableModel[LabourBankClaim] = RowsTableModel(CLAIM_COLUMNS, self)
        self.claim_view = table(self.claim_model, sortable=False)
        claims_layout.addWidget(self.claim_view)
        lower.addWidget(self.claims_box, 3)
        budget_box = QGroupBox("予算の執行状況（今年度）")
        budget_layout = QVBoxLayout(budget_box)
        self.budget_model: RowsTableModel[BudgetLine] = RowsTableModel(BUDGET_COLUMNS, self)
        self.budget_view = table(self.budget_model, sortable=False)
        budget_layout.addWidget(self.budget_view)
        lower.addWidget(budget_box, 2)
        layout.addLayout(lower, 2)
        self.cost_button.clicked.connect(self._on_cost_clicked)
        self.subsidy_button.clicked.connect(self._on_subsidy_clicked)
        self.reverse_button.clicked.connect(self._on_reverse_clicked)
        self.claim_button.clicked.connect(self._on_claim_clicked)
        self.receive_button.clicked.connect(self._on_receive_clicked)
        self.claim_print_button.clicked.connect(self._on_claim_print_clicked)

    def _fit_budget(self) -> None:
        """The budget status is read whole: its box is at least as wide as its columns (in
        the lower half beside the labour bank's box it was cut at 残額 and scrolled)."""
        view = self.budget_view
        fit(view)
        rows = view.verticalHeader()
        view.setMinimumWidth(
            view.horizontalHeader().length()
            + (0 if rows.isHidden() else rows.sizeHint().width())
            + 2 * view.frameWidth()
            + view.verticalScrollBar().sizeHint().width()
        )

    def load(self, event_id: int | None) -> None:
        self.detail = get_event(self.ctx, event_id) if event_id is not None else None
        self.budget_model.set_rows(budget_status(self.ctx, self.page.fiscal_year))
        self._fit_budget()
        if self.detail is None:
            for model in (self.cost_model, self.claim_model):
                model.set_rows([])
            self.figures.setText("")
            return
        self.cost_model.set_rows(costs_of(self.ctx, self.detail.id))
        training = self.detail.data.kind == "training"
        self.claims_box.setEnabled(training)
        self.claim_model.set_rows(claims_of(self.ctx, self.detail.id) if training else [])
        for view in (self.cost_view, self.claim_view):
            fit(view)
        check = book_check(self.ctx, self.detail.id)
        money = check.event
        agreed = (
            "出納帳と一致しています。"
            if check.agrees
            else "※ 出納帳と一致しません。会計で確かめてください。"
        )
        pending = money.subsidy_due - money.subsidy
        self.figures.setText(
            f"参加費収入 {money.fee_income:,}円（未入金 {money.unpaid:,}円）"
            f"　経費 {money.costs:,}円　"
            f"補助金 {money.subsidy:,}円（補助額 {money.subsidy_due:,}円"
            + (f"、未計上 {pending:,}円" if pending else "")
            + f"）　労働金庫の助成 {money.labour_bank:,}円"
            f"　会の負担 {format_report_yen(money.burden)}円　{agreed}"
        )

    def _after(self, message: str) -> None:
        self.load(self.detail.id if self.detail else None)
        self.figures.setText(message + "\n" + self.figures.text())
        self.data_changed.emit()

    def _on_cost_clicked(self) -> None:
        if self.detail is None:
            return
        dialog = MoneyDialog(
            self.ctx,
            "経費の支払",
            "支払を記帳",
            method="bank",
            payer="",
            description="",
            amount=True,
            parent=self,
        )
        if not dialog.exec():
            return
        try:
            cost = record_cost(
                self.ctx,
                self.detail.id,
                dialog.day,
                dialog.description,
                dialog.amount,
                payee=dialog.payer,
                method=dialog.method,
                bank_account=dialog.bank_account,
            )
        except (ValidationError, RuleViolation) as error:
            refuse(self, "経費の支払", error)
            return
        self._after(f"{cost.description} {cost.amount:,}円を記帳しました。")

    def _on_subsidy_clicked(self) -> None:
        if self.detail is None:
            return
        dialog = MoneyDialog(
            self.ctx,
            "補助金の計上",
            "計上する",
            method="bank",
            payer="",
            summary="参加者（欠席を除く）の補助額の合計を記帳します。"
            "前に計上した分との差額だけが記帳されます。",
            parent=self,
        )
        if not dialog.exec():
            return
        try:
            posted = post_subsidy(
                self.ctx,
                self.detail.id,
                dialog.day,
                method=dialog.method,
                bank_account=dialog.bank_account,
                payee=dialog.payer,
            )
        except (ValidationError, RuleViolation) as error:
            refuse(self, "補助金の計上", error)
            return
        self._after(posted.message)

    def _on_reverse_clicked(self) -> None:
        row = current_source_row(self.cost_view)
        if row is None:
            tell(self, "取消", "取り消す支払を選んでください。")
            return
        cost = self.cost_model.row_at(row)
        reason = ask_text(
            self, "支払の取消", f"「{cost.description}」{cost.amount:,}円を取り消す理由", "取り消す"
        )
        if reason is None:
            return
        try:
            reverse_cost(self.ctx, cost.id, self.ctx.today(), reason)
        except (ValidationError, RuleViolation) as error:
            refuse(self, "支払の取消", error)
            return
        self._after(f"「{cost.description}」を取り消しました（取消の記帳が追加されました）。")

    def _selected_claim(self) -> LabourBankClaim | None:
        row = current_source_row(self.claim_view)
        if row is None:
            if self.claim_model.rowCount() == 1:
                return self.claim_model.row_at(0)
            tell(self, "研修助成", "日程を選んでください。")
            return None
        return self.claim_model.row_at(row)

    def _on_claim_clicked(self) -> None:
        claim = self._selected_claim()
        if claim is None:
            return
        dialog = ClaimDialog(claim, self)
        if not dialog.exec():
            return
        day = dialog.date_edit.date()
        assert day is not None
        try:
            saved = save_claim(
                self.ctx,
                claim.session_id,
                dialog.count_spin.value(),
                dialog.costs_edit.value() or 0,
                day,
            )
        except (ValidationError, RuleViolation) as error:
            refuse(self, "研修助成の請求", error)
            return
        self._after(
            f"請求額 {saved.amount:,}円で請求を保存しました。［請求書を印刷…］で印刷できます。"
        )

    def _on_receive_clicked(self) -> None:
        claim = self._selected_claim()
        if claim is None or claim.id is None:
            tell(self, "助成金の受取", "先に［請求…］で請求を保存してください。")
            return
        dialog = MoneyDialog(
            self.ctx,
            "助成金の受取",
            "受取を記帳",
            method="bank",
            summary=f"請求額 {claim.amount:,}円を研修事業の収入として記帳します。",
            parent=self,
        )
        if not dialog.exec():
            return
        try:
            receive_claim(
                self.ctx,
                claim.id,
                dialog.day,
                method=dialog.method,
                bank_account=dialog.bank_account,
            )
        except (ValidationError, RuleViolation) as error:
            refuse(self, "助成金の受取", error)
            return
        self._after(f"助成金 {claim.amount:,}円を記帳しました。")

    def _on_claim_print_clicked(self) -> None:
        claim = self._selected_claim()
        if claim is None or self.detail is None:
            return
        if claim.id is None:
            tell(self, "研修助成", "先に［請求…］で参加者数と経費を確かめて保存してください。")
            return
        event_id = self.detail.id
        output.preview_pdf(
            self,
            "研修会助成金請求書.pdf",
            "研修会助成金請求書",
            lambda p: print_labour_bank_claims(self.ctx, event_id, [claim], p),
        )
