"""中間報告 tab: the running budget status to the end of a month (October for the autumn
meeting) of each account on screen, and all accounts printed as the 収支中間報告."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gojokai_desktop.services.accounts.setup import list_accounts
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.interim import DEFAULT_MONTH, interim_tables, print_interim
from gojokai_desktop.services.reports.texts import report_years, year_calendar
from gojokai_desktop.ui.reports.common import (
    FIXABLE,
    YearBar,
    preview_report,
    show_problem,
    table_view,
)
from gojokai_desktop.ui.reports.models import AccountsTableModel


class InterimTab(QWidget):
    """The 収支中間報告 of a fiscal year up to a chosen month."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        calendar, self.label_of, _society = year_calendar(ctx)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.year_bar = YearBar(
            self.label_of, calendar.year_of(ctx.today()), years=report_years(ctx)
        )
        self.year_bar.year_changed.connect(lambda _y: self.reload())
        top.addWidget(self.year_bar)
        self.month_combo = QComboBox()
        for _year, month in calendar.months(self.year_bar.year):
            self.month_combo.addItem(f"{month}月末まで", month)
        self.month_combo.setCurrentIndex(self.month_combo.findData(DEFAULT_MONTH))
        self.account_combo = QComboBox()
        self.unit_combo = QComboBox()
        self.unit_combo.addItems(["円", "千円"])
        for label, widget in (("期間", self.month_combo), ("会計", self.account_combo),
                              ("単位", self.unit_combo)):  # fmt: skip
            top.addWidget(QLabel(label))
            top.addWidget(widget)
            widget.currentIndexChanged.connect(lambda _i: self.reload())
        self.print_button = QPushButton("中間報告を印刷（全会計）…")
        self.print_button.clicked.connect(self.print_interim)
        top.addStretch(1)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        self.title_label = QLabel()
        layout.addWidget(self.title_label)
        self.model = AccountsTableModel(self)
        self.view = table_view(self.model)
        layout.addWidget(self.view, 1)
        self._loading = False

    @property
    def month(self) -> int:
        return int(self.month_combo.currentData() or DEFAULT_MONTH)

    @property
    def unit(self) -> str:
        return self.unit_combo.currentText() or "円"

    def refresh(self) -> None:
        self._loading = True
        chosen = self.account_combo.currentData()
        self.account_combo.clear()
        for account in list_accounts(self.ctx):
            self.account_combo.addItem(account.name, account.id)
        self.account_combo.setCurrentIndex(max(self.account_combo.findData(chosen), 0))
        self._loading = False
        self.reload()

    def reload(self) -> None:
        if self._loading:
            return
        index = self.account_combo.currentIndex()
        try:
            tables = interim_tables(self.ctx, self.year_bar.year, month=self.month, unit=self.unit)
        except FIXABLE as error:
            show_problem(self, "中間報告", error)
            return
        table = tables[index] if 0 <= index < len(tables) else None
        self.model.set_table(table)
        self.title_label.setText("" if table is None else f"{table.title}　{table.period}")
        self.view.resizeColumnsToContents()

    def print_interim(self) -> None:
        year, month, unit = self.year_bar.year, self.month, self.unit
        preview_report(
            self,
            f"収支中間報告_{year}_{month}月.pdf",
            f"{self.label_of(year)} 収支中間報告（{month}月末まで）",
            lambda path: print_interim(self.ctx, year, path, month=month, unit=unit),
        )
