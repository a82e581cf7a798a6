"""The 予算 tab of the accounts page: budget versions (当初/補正/決算見込) and their lines."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.printing.accounts import render_accounts_table
from gojokai_desktop.services.accounts import budget
from gojokai_desktop.services.accounts.budget_report import budget_table
from gojokai_desktop.services.accounts.setup import leaf_items, list_accounts, list_items
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.accounts.budget_model import (
    SINGLE,
    BudgetLineRow,
    BudgetLinesModel,
    LedgerColumn,
)
from gojokai_desktop.ui.messages import warn
from gojokai_desktop.ui.output import preview_pdf
from gojokai_desktop.ui.table_base import fit_columns_with_free_text_last
from gojokai_desktop.ui.widgets import FlowLayout


class BudgetTab(QWidget):
    """Create a version, type amounts and 説明, save; print the 収支予算書."""

    saved = Signal()

    def __init__(
        self,
        ctx: AppContext,
        fiscal_year: Callable[[], int],
        account_id: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._year = fiscal_year
        self._account = account_id
        layout = QVBoxLayout(self)
        row = FlowLayout()
        self.version_combo = QComboBox()
        self.version_combo.currentIndexChanged.connect(self._on_version_changed)
        self.initial_button = QPushButton("当初予算を作成（前年度からコピー）")
        self.initial_button.clicked.connect(lambda: self.create_budget("initial"))
        self.supplementary_button = QPushButton("補正予算を作成")
        self.supplementary_button.clicked.connect(lambda: self.create_budget("supplementary"))
        self.forecast_button = QPushButton("決算見込を作成")
        self.forecast_button.clicked.connect(lambda: self.create_budget("forecast"))
        self.budget_print_button = QPushButton("収支予算書を印刷")
        self.budget_print_button.clicked.connect(self.print_budget)
        self.save_budget_button = QPushButton("保存 (Ctrl+S)")
        self.save_budget_button.clicked.connect(self.save_budget)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save_budget)
        row.addWidget(QLabel("版"))
        for widget in (
            self.version_combo,
            self.initial_button,
            self.supplementary_button,
            self.forecast_button,
            self.save_budget_button,
            self.budget_print_button,
        ):
            row.addWidget(widget)
        layout.addLayout(row)
        self.budget_model = BudgetLinesModel(self)
        self.budget_view = QTableView()
        self.budget_view.setModel(self.budget_model)
        self.budget_view.verticalHeader().setVisible(False)
        fit_columns_with_free_text_last(self.budget_view)  # 説明 last, never too wide
        layout.addWidget(self.budget_view, 1)
        self.budget_message = QLabel()
        self.budget_message.setWordWrap(True)
        layout.addWidget(self.budget_message)

    def load(self) -> None:
        account = self._account()
        current = self.version_combo.currentData()
        self.version_combo.blockSignals(True)
        self.version_combo.clear()
        if account is not None:
            for info in budget.list_budgets(self.ctx, account, self._year()):
                decided = f"（{info.decided_on:%Y/%m/%d}）" if info.decided_on else ""
                self.version_combo.addItem(f"{info.label}{decided}", info.id)
        if current is not None and self.version_combo.findData(current) >= 0:
            self.version_combo.setCurrentIndex(self.version_combo.findData(current))
        else:
            self.version_combo.setCurrentIndex(self.version_combo.count() - 1)
        self.version_combo.blockSignals(False)
        self._on_version_changed()

    def _on_version_changed(self, _index: int = 0) -> None:
        budget_id = self.version_combo.currentData()
        account = self._account()
        if not isinstance(budget_id, int) or account is None:
            self.budget_model.set_rows([])
            self.budget_message.setText(
                "この年度の予算はまだありません。「当初予算を作成」を押してください。"
            )
            return
        lines = budget.budget_lines(self.ctx, budget_id)
        amounts: dict[int, dict[int | None, int]] = {}
        notes: dict[int, str] = {}
        for line in lines:
            by_ledger = amounts.setdefault(line.item_id, {})
            by_ledger[line.sub_ledger_id] = by_ledger.get(line.sub_ledger_id, 0) + line.amount
            notes[line.item_id] = line.explanation or notes.get(line.item_id, "")
        items = list_items(self.ctx, account, self._year())
        leaves = {i.id for i in leaf_items(items)}
        parents = {i.id: i.parent_id for i in items}

        def ancestors(item_id: int) -> tuple[int, ...]:
            found, parent = [], parents.get(item_id)
            while parent is not None:
                found.append(parent)
                parent = parents.get(parent)
            return tuple(found)

        rows = [
            BudgetLineRow(
                i.id,
                i.code,
                i.name,
                dict(amounts.get(i.id, {})),
                notes.get(i.id, ""),
                heading=i.id not in leaves,
                side=i.side,
                ancestors=ancestors(i.id),
            )
            for i in items
        ]
        self.budget_model.set_rows(rows, self._ledger_columns(account, lines))
        self.budget_view.resizeRowsToContents()  # a long 説明 wraps onto more lines
        self._show_budget_totals(
            "金額と説明はセルをダブルクリックして入力し、「保存」を押してください。"
        )

    def _ledger_columns(
        self, account: int, lines: list[budget.BudgetLineInfo]
    ) -> tuple[LedgerColumn, ...]:
        """One amount column per sub-ledger of the account (and 区分なし when older lines
        have none); a single 予算額 column for an account without sub-ledgers."""
        subs = next((a.sub_ledgers for a in list_accounts(self.ctx) if a.id == account), ())
        if not subs:
            return SINGLE
        columns = tuple(LedgerColumn(s.id, s.code, s.name) for s in subs)
        if any(line.sub_ledger_id is None and line.amount for line in lines):
            columns += (LedgerColumn(None, None, "区分なし"),)
        return columns

    def _show_budget_totals(self, note: str) -> None:
        income = self.budget_model.total("income")
        spent = self.budget_model.total("expenditure")
        y = format_report_yen
        self.budget_message.setText(
            f"収入合計 {y(income)}円　支出合計 {y(spent)}円　差引 {y(income - spent)}円　{note}"
        )

    def create_budget(self, kind: str) -> None:
        account = self._account()
        if account is None:
            return
        try:
            created = budget.new_budget(
                self.ctx,
                fiscal_year=self._year(),
                account_id=account,
                kind=kind,
                decided_on=self.ctx.today(),
                copy_last=kind == "initial" and self._has_last_year(account),
            )
        except (ValidationError, RuleViolation) as error:
            warn(self, "予算の作成", str(error))
            return
        self.load()
        self.version_combo.setCurrentIndex(self.version_combo.findData(created))

    def _has_last_year(self, account: int) -> bool:
        return bool(budget.list_budgets(self.ctx, account, self._year() - 1))

    def save_budget(self) -> None:
        budget_id = self.version_combo.currentData()
        if not isinstance(budget_id, int):
            return
        try:
            budget.save_entries(self.ctx, budget_id, self.budget_model.changed_lines())
        except (ValidationError, RuleViolation) as error:
            warn(self, "予算の保存", str(error))
            return
        self._on_version_changed()
        self._show_budget_totals("保存しました。")
        self.saved.emit()

    # ------------------------------------------------------------------ output
    def print_budget(self) -> None:
        """収支予算書 in the 004 layout: (A), 見込, (B), (B)−(A), 内訳, 説明, in 千円."""
        table = budget_table(self.ctx, fiscal_year=self._year(), account=self._account())
        today = self.ctx.today()
        preview_pdf(
            self,
            "収支予算書.pdf",
            table.title,
            lambda path: render_accounts_table(table, path, printed_on=today),
        )
