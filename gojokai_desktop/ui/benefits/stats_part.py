"""統計・給付予算: the 004 table (給付件数と給付金額) of a budget year and the budget per kind."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.benefits.stats import BenefitStatsTable
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.stats import (
    benefit_budget,
    benefit_statistics,
    export_paid_by_kind,
    export_statistics,
    paid_by_kind,
    print_paid_by_kind,
    print_statistics,
    set_benefit_budget,
)
from gojokai_desktop.services.benefits.tables import table_in_force
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.benefits.register_models import BudgetModel, StatsTableModel
from gojokai_desktop.ui.output import preview_pdf, save_workbook
from gojokai_desktop.ui.widgets import fiscal_year_edit
from gojokai_desktop.ui.widgets.sizing import resize_within


class BudgetDialog(QDialog):
    """給付予算: 件数 and 金額 planned per kind of the year's benefit table."""

    def __init__(self, ctx: AppContext, year: int, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.year = year
        self.setWindowTitle(f"{label}の給付予算")
        resize_within(self, 520, 560)
        layout = QVBoxLayout(self)
        note = QLabel(
            f"{label}の給付表の種類ごとに、予定する件数と金額を入力します（セルをダブルクリック）。"
            "統計の本年度予算(B)になり、翌年度の統計では前年度予算(A)になります。"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.model = BudgetModel(self)
        saved = benefit_budget(ctx, year)
        self.model.set_rows(
            [(k.code, k.name, *saved.get(k.code, (0, 0)))
             for k in table_in_force(ctx, year).table.kinds]
        )  # fmt: skip
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.verticalHeader().setVisible(False)
        self.view.setColumnWidth(0, 220)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.total_label = QLabel("")
        layout.addWidget(self.total_label)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.model.dataChanged.connect(self._show_total)
        self._show_total()

    def _show_total(self, *_args: object) -> None:
        count, amount = self.model.total()
        self.total_label.setText(f"合計 {count:,}件・￥{format_yen(amount)}")

    def save(self) -> None:
        try:
            set_benefit_budget(self.ctx, self.year, self.model.figures())
        except ValidationError as exc:
            self.error_label.setText(f"{exc.field}: {exc.message}")
            return
        self.accept()


#: How many fiscal years the 種類別支給実績 shows, ending with the chosen year.
HISTORY_YEARS = 5


class BenefitStatsPart(QWidget):
    """The 004 table for a budget year, in 円 or 千円, printed or as a workbook."""

    budget_saved = Signal()

    def __init__(self, ctx: AppContext, calendar: FiscalCalendar, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.calendar = calendar
        self.table: BenefitStatsTable | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        # The table is made for next year's budget most of the time: the current year is (B).
        self.year_spin = fiscal_year_edit(ctx, calendar.year_of(ctx.today()))
        self.unit_combo = QComboBox()
        self.unit_combo.addItems(["円", "千円"])
        self.budget_button = QPushButton("給付予算の入力…")
        self.print_button = QPushButton("印刷")
        self.export_button = QPushButton("Excelに出力…")
        self.history_button = QPushButton(f"年度別実績（{HISTORY_YEARS}年）")
        self.history_button.setToolTip(
            f"本年度までの{HISTORY_YEARS}年度分の種類別支給実績（件数・金額）を印刷またはExcelに出力"
        )
        for widget in (QLabel("本年度(B)"), self.year_spin, QLabel("単位"), self.unit_combo):
            top.addWidget(widget)
        top.addStretch(1)
        for button in (
            self.budget_button,
            self.print_button,
            self.export_button,
            self.history_button,
        ):
            top.addWidget(button)
        layout.addLayout(top)
        self.model = StatsTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setColumnWidth(0, 80)
        self.view.setColumnWidth(1, 170)
        layout.addWidget(self.view, 1)
        self.note_label = QLabel(
            "決算見込は前年度に支払った実績（支払日の年度、取り消した支払を除く）。"
            "「-----」は数字のない欄です。"
        )
        self.note_label.setWordWrap(True)
        layout.addWidget(self.note_label)
        self.year_spin.valueChanged.connect(lambda _year: self.refresh())
        self.unit_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.budget_button.clicked.connect(self.edit_budget)
        self.print_button.clicked.connect(self.print_table)
        self.export_button.clicked.connect(self.export)
        self.history_button.clicked.connect(self.output_history)

    def refresh(self) -> None:
        self.table = benefit_statistics(
            self.ctx, self.year_spin.value(), self.unit_combo.currentText()
        )
        self.model.set_table(self.table)
        for column in range(2, self.model.columnCount()):
            self.view.setColumnWidth(column, 118)

    def edit_budget(self) -> None:
        year = self.year_spin.value()
        dialog = BudgetDialog(self.ctx, year, self.calendar.label(year), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.budget_saved.emit()

    def print_table(self) -> None:
        if self.table is None:
            return
        table = self.table
        preview_pdf(self, f"給付件数と給付金額_{table.fiscal_year}年度.pdf", table.title,
                    lambda path: print_statistics(self.ctx, table, path))  # fmt: skip

    def export(self) -> None:
        if self.table is None:
            return
        table = self.table
        try:
            save_workbook(self, f"給付件数と給付金額_{table.fiscal_year}年度.xlsx",
                          lambda path: export_statistics(table, path))  # fmt: skip
        except (ValidationError, OSError) as exc:
            QMessageBox.warning(self, "Excelに出力できません", str(exc))

    def output_history(self) -> None:
        """種類別支給実績 of the last years: preview (print) or workbook, as the clerk picks."""
        last = self.year_spin.value()
        data = paid_by_kind(self.ctx, range(last - HISTORY_YEARS + 1, last + 1))
        choice = self._history_choice(f"{data.year_labels[0]}〜{data.year_labels[-1]}")
        name = f"種類別支給実績_{data.years[0]}-{data.years[-1]}年度"
        if choice == "print":
            preview_pdf(self, f"{name}.pdf", "種類別支給実績",
                        lambda path: print_paid_by_kind(self.ctx, data, path))  # fmt: skip
        elif choice == "excel":
            try:
                save_workbook(self, f"{name}.xlsx",
                              lambda path: export_paid_by_kind(self.ctx, data, path))  # fmt: skip
            except (ValidationError, OSError) as exc:
                QMessageBox.warning(self, "Excelに出力できません", str(exc))

    def _history_choice(self, years: str) -> str:
        """Ask print or workbook: ``"print"``, ``"excel"`` or ``""`` (やめる)."""
        box = QMessageBox(self)
        box.setWindowTitle("年度別実績")
        box.setText(f"{years}の種類別支給実績（件数・金額）を出力します。")
        show = box.addButton("印刷（プレビュー）", QMessageBox.ButtonRole.AcceptRole)
        excel = box.addButton("Excelに出力…", QMessageBox.ButtonRole.ActionRole)
        box.addButton("やめる", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        return "print" if clicked is show else "excel" if clicked is excel else ""
