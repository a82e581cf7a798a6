"""決算書 tab: the 収支決算書 of each account on screen with its 説明 typed in the table, the
財産目録 check, and the whole settlement printed or saved as a workbook."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.setup import list_accounts
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.printouts import export_settlement, print_settlement
from gojokai_desktop.services.reports.settlement import property_inventory, settlement_table
from gojokai_desktop.services.reports.texts import (
    SETTLEMENT_NOTE,
    report_years,
    save_report_texts,
    year_calendar,
)
from gojokai_desktop.ui.output import save_workbook
from gojokai_desktop.ui.reports.common import (
    FIXABLE,
    YearBar,
    preview_report,
    show_problem,
    table_view,
)
from gojokai_desktop.ui.reports.models import AccountsTableModel


class SettlementTab(QWidget):
    """Read the settlement of a year, write its 説明, print it with the 財産目録."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        calendar, self.label_of, _society = year_calendar(ctx)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year_bar = YearBar(
            self.label_of, calendar.year_of(ctx.today()) - 1, years=report_years(ctx)
        )
        self.year_bar.year_changed.connect(self._on_choice_changed)
        self.account_combo = QComboBox()
        self.unit_combo = QComboBox()
        self.unit_combo.addItems(["円", "千円"])
        for label, widget in (("会計", self.account_combo), ("単位", self.unit_combo)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
            widget.currentIndexChanged.connect(self._on_choice_changed)
        top.insertWidget(0, self.year_bar)
        top.addStretch(1)
        layout.addLayout(top)
        self.model = AccountsTableModel(self, editable=True)
        self.model.explanation_edited.connect(self._on_model_explanation_edited)
        self.view = table_view(self.model)
        layout.addWidget(self.view, 1)
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        layout.addWidget(self.check_label)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("説明を保存")
        self.save_button.setToolTip("表の「説明」欄をダブルクリックして入力し、保存します")
        self.save_button.clicked.connect(self.save_explanations)
        self.print_button = QPushButton("決算書を印刷（全会計・財産目録）…")
        self.print_button.clicked.connect(self.print_settlement)
        self.export_button = QPushButton("Excelに出力…")
        self.export_button.clicked.connect(self.export_settlement)
        for button in (self.save_button, self.print_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._edits: dict[int, str] = {}
        self._loading = False

    @property
    def fiscal_year(self) -> int:
        return self.year_bar.year

    @property
    def unit(self) -> str:
        return self.unit_combo.currentText() or "円"

    def refresh(self) -> None:
        self._loading = True
        chosen = self.account_combo.currentData()
        self.account_combo.clear()
        for account in list_accounts(self.ctx):
            self.account_combo.addItem(account.name, account.id)
        at = self.account_combo.findData(chosen)
        self.account_combo.setCurrentIndex(max(at, 0))
        self._loading = False
        self.reload()

    def reload(self) -> None:
        account = self.account_combo.currentData()
        self._edits.clear()
        if account is None:
            self.model.set_table(None)
            self.check_label.setText(
                "会計がまだ設定されていません（［会計］→［科目・口座・繰越］）。"
            )
            return
        try:
            table = settlement_table(
                self.ctx, fiscal_year=self.fiscal_year, account=account, unit=self.unit
            )
            inventory = property_inventory(self.ctx, self.fiscal_year)
        except FIXABLE as error:
            # Said beside the (emptied) table: choosing a year should not pop up a box.
            self.model.set_table(None)
            self.check_label.setText(getattr(error, "message", str(error)))
            return
        self.model.set_table(table)
        self.view.resizeRowsToContents()  # a long 説明 wraps onto more lines
        lines = []
        for acc in inventory.accounts:
            verdict = (
                "一致"
                if acc.settlement_difference == 0
                else (f"差額 {format_report_yen(acc.settlement_difference)}円")
            )
            carry = ""
            if acc.next_opening is not None:
                carry = "、翌年度の前年度繰越金と" + (
                    "一致"
                    if not acc.carry_difference
                    else f"差額 {format_report_yen(acc.carry_difference or 0)}円"
                )
            lines.append(
                f"{acc.account_name}: 年度末の現金・預金 {format_report_yen(acc.total)}円 — "
                f"差引残額と{verdict}{carry}"
            )
        self.check_label.setText("財産目録の照合　" + "　／　".join(lines))

    def _on_choice_changed(self, *_args: object) -> None:
        if not self._loading:
            if self._edits and not self._confirm_discard():
                return
            self.reload()

    def _confirm_discard(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "決算書",
            "保存していない説明があります。保存しますか？",
            parent=self,
        )
        save = box.addButton("保存する", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("保存しない", QMessageBox.ButtonRole.DestructiveRole)
        box.exec()
        if box.clickedButton() is save:
            self.save_explanations()
        return True

    def _on_model_explanation_edited(self, item_id: int, text: str) -> None:
        self._edits[item_id] = text

    def save_explanations(self) -> bool:
        if not self._edits:
            return True
        texts = {f"{SETTLEMENT_NOTE}{item}": text for item, text in self._edits.items()}
        try:
            save_report_texts(self.ctx, self.fiscal_year, texts)
        except FIXABLE as error:
            show_problem(self, "説明を保存できません", error)
            return False
        self._edits.clear()
        return True

    def print_settlement(self) -> None:
        self.save_explanations()
        year, unit = self.fiscal_year, self.unit
        preview_report(
            self,
            f"収支決算書_{year}.pdf",
            f"{self.label_of(year)} 収支決算書",
            lambda path: print_settlement(self.ctx, year, path, unit=unit),
        )

    def export_settlement(self) -> None:
        self.save_explanations()
        year, unit = self.fiscal_year, self.unit
        try:
            save_workbook(
                self,
                f"収支決算書_{year}.xlsx",
                lambda path: export_settlement(self.ctx, year, path, unit=unit),
            )
        except (*FIXABLE, OSError) as error:
            show_problem(self, "Excelに出力できません", error)
