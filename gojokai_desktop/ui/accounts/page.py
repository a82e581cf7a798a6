"""The accounts area (会計): 出納帳, 予算 and 収支状況 tabs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop import paths
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.exports.accounts import write_accounts_table, write_cash_book
from gojokai_desktop.printing.accounts import render_accounts_table, render_cash_book
from gojokai_desktop.services.accounts.balances import cash_negative_warning
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.accounts.cashbook import cash_book, item_ledger
from gojokai_desktop.services.accounts.setup import leaf_items, list_accounts, list_items
from gojokai_desktop.services.accounts.year_close import is_closed
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.ui.accounts.budget_model import BudgetLinesModel
from gojokai_desktop.ui.accounts.budget_tab import BudgetTab
from gojokai_desktop.ui.accounts.dialogs import (
    EntryDialog,
    FundMoveDialog,
    TransferDialog,
    confirm_reversal,
)
from gojokai_desktop.ui.accounts.models import (
    CashBookTableModel,
    StatusTableModel,
)
from gojokai_desktop.ui.accounts.setup_tab import AccountsSetupTab
from gojokai_desktop.ui.accounts.year_close_tab import YearCloseTab
from gojokai_desktop.ui.messages import tell
from gojokai_desktop.ui.output import preview_pdf, save_workbook
from gojokai_desktop.ui.widgets import WarekiDateEdit, fiscal_year_edit


def _table(
    model: QSortFilterProxyModel | StatusTableModel | BudgetLinesModel, stretch: int = -1
) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch >= 0:  # the text column takes the room, amounts stay beside each other
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        view.horizontalHeader().setStretchLastSection(True)
    return view


class AccountsPage(QWidget):
    """Keep the cash book, edit the budget and watch the running status of a fiscal year."""

    data_changed = Signal()
    #: (area, tab): the main window shows that screen (the checklist's "直す画面を開く").
    open_requested = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        profile = load_profile(ctx)
        self.calendar = profile.calendar if profile else FiscalCalendar()
        self.society = profile.name if profile else ""
        layout = QVBoxLayout(self)
        title = QLabel("会計")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        self.year_spin = fiscal_year_edit(ctx, self.calendar.year_of(ctx.today()))
        self.year_spin.valueChanged.connect(self._on_year_spin_value_changed)
        self.year_label = QLabel()
        self.account_combo = QComboBox()
        self.account_combo.currentIndexChanged.connect(self._on_filters_changed)
        for widget in (self.year_spin, self.year_label, QLabel("会計"), self.account_combo):
            top.addWidget(widget)
        top.addStretch(1)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_cash_book_tab(), "出納帳")
        self.budget_tab = BudgetTab(ctx, lambda: self.fiscal_year, self.account_id, self)
        self.budget_tab.saved.connect(self.data_changed)
        self.tabs.addTab(self.budget_tab, "予算")
        self.tabs.addTab(self._build_status_tab(), "収支状況")
        self.setup_tab = AccountsSetupTab(
            ctx, lambda: self.fiscal_year, self.account_id, self._on_setup_changed
        )
        self.tabs.addTab(self.setup_tab, "科目・口座・繰越")
        self.year_close_tab = YearCloseTab(ctx, lambda: self.fiscal_year, paths.backup_dir, self)
        self.year_close_tab.closed_changed.connect(self._on_year_close_tab_closed_changed)
        self.year_close_tab.open_requested.connect(self._on_year_close_tab_open_requested)
        self.tabs.addTab(self.year_close_tab, "年度締め")
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        layout.addWidget(self.tabs, 1)
        QShortcut(QKeySequence("Ctrl+N"), self, self.new_entry)
        QShortcut(QKeySequence("Ctrl+P"), self, self.print_current)
        self._loading = False

    # ------------------------------------------------------------------ building
    def _build_cash_book_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        filters = QHBoxLayout()
        self.month_combo = QComboBox()
        self.item_combo = QComboBox()
        self.method_combo = QComboBox()
        for label, value in (("すべて", None), ("現金", "cash"), ("預金", "bank")):
            self.method_combo.addItem(label, value)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("摘要・相手先・科目で絞り込み（Ctrl+F）")
        self.search_edit.setClearButtonEnabled(True)
        for label, widget in (
            ("月", self.month_combo),
            ("科目", self.item_combo),
            ("出納", self.method_combo),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
            widget.currentIndexChanged.connect(self._on_filters_changed)
        filters.addWidget(self.search_edit, 1)
        layout.addLayout(filters)
        buttons = QHBoxLayout()
        self.new_button = QPushButton("記帳 (Ctrl+N)")
        self.new_button.clicked.connect(self.new_entry)
        self.transfer_button = QPushButton("繰出・繰入")
        self.transfer_button.clicked.connect(self.new_transfer)
        self.move_button = QPushButton("預金引出・預入")
        self.move_button.clicked.connect(self.new_fund_move)
        self.reverse_button = QPushButton("取消（赤伝）")
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.print_button = QPushButton("出納帳を印刷 (Ctrl+P)")
        self.print_button.clicked.connect(self.print_cash_book)
        self.ledger_button = QPushButton("科目別元帳")
        self.ledger_button.clicked.connect(self.print_item_ledger)
        self.export_button = QPushButton("Excelに出力")
        self.export_button.clicked.connect(self.export_cash_book)
        for button in (
            self.new_button,
            self.transfer_button,
            self.move_button,
            self.reverse_button,
            self.print_button,
            self.ledger_button,
            self.export_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.cash_model = CashBookTableModel(self)
        self.cash_proxy = QSortFilterProxyModel(self)
        self.cash_proxy.setSourceModel(self.cash_model)
        self.cash_proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.cash_proxy.setFilterKeyColumn(-1)
        self.cash_proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_edit.textChanged.connect(self.cash_proxy.setFilterFixedString)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search_edit.setFocus)
        self.cash_view = _table(self.cash_proxy, stretch=3)
        layout.addWidget(self.cash_view, 1)
        self.cash_summary = QLabel()
        self.cash_summary.setWordWrap(True)
        self.cash_warning = QLabel()
        self.cash_warning.setWordWrap(True)
        self.cash_warning.setStyleSheet("color: #B00020")
        layout.addWidget(self.cash_summary)
        layout.addWidget(self.cash_warning)
        return tab

    def _build_status_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        self.until_edit = WarekiDateEdit(field="集計日")
        self.until_edit.date_changed.connect(lambda _d: self.load_status())
        self.unit_combo = QComboBox()
        self.unit_combo.addItems(["円", "千円"])
        self.unit_combo.currentIndexChanged.connect(lambda _i: self.load_status())
        self.status_print_button = QPushButton("収支状況を印刷")
        self.status_print_button.clicked.connect(self.print_status)
        self.status_export_button = QPushButton("Excelに出力")
        self.status_export_button.clicked.connect(self.export_status)
        for widget in (
            QLabel("集計日"),
            self.until_edit,
            QLabel("単位"),
            self.unit_combo,
            self.status_print_button,
            self.status_export_button,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        layout.addLayout(row)
        self.status_period = QLabel()
        self.status_period.setWordWrap(True)
        layout.addWidget(self.status_period)
        self.status_model = StatusTableModel(self)
        self.status_view = _table(self.status_model, stretch=0)
        layout.addWidget(self.status_view, 1)
        return tab

    # ------------------------------------------------------------------ state
    @property
    def fiscal_year(self) -> int:
        return self.year_spin.value()

    def account_id(self) -> int | None:
        data = self.account_combo.currentData()
        return data if isinstance(data, int) else None

    def period(self) -> tuple[dt.date, dt.date]:
        month = self.month_combo.currentData()
        if isinstance(month, str):
            year, number = (int(part) for part in month.split("-"))
            start = dt.date(year, number, 1)
            end = dt.date(year + number // 12, number % 12 + 1, 1) - dt.timedelta(days=1)
            return start, end
        return self.calendar.first_day(self.fiscal_year), self.calendar.last_day(self.fiscal_year)

    def _fill_choices(self) -> None:
        self._loading = True
        try:
            account = self.account_id()
            self.account_combo.clear()
            for info in list_accounts(self.ctx):
                self.account_combo.addItem(info.name, info.id)
            if account is not None:
                self.account_combo.setCurrentIndex(max(self.account_combo.findData(account), 0))
            month = self.month_combo.currentData()
            self.month_combo.clear()
            self.month_combo.addItem("年度全体", None)
            for year, number in self.calendar.months(self.fiscal_year):
                # A string, not a tuple: findData compares strings by value.
                self.month_combo.addItem(f"{number}月", f"{year}-{number:02d}")
            if month is not None:
                self.month_combo.setCurrentIndex(max(self.month_combo.findData(month), 0))
            item = self.item_combo.currentData()
            self.item_combo.clear()
            self.item_combo.addItem("すべて", None)
            for leaf in leaf_items(list_items(self.ctx, self.account_id(), self.fiscal_year)):
                self.item_combo.addItem(f"{leaf.code} {leaf.name}", leaf.id)
            if item is not None:
                self.item_combo.setCurrentIndex(max(self.item_combo.findData(item), 0))
        finally:
            self._loading = False
        closed = is_closed(self.ctx, self.fiscal_year)
        label = self.year_spin.textFromValue(self.fiscal_year)
        # The year box already shows 令和8年度; beside it, only whether the year is closed.
        self.year_label.setText("（締め済み）" if closed else "")
        # A closed year refuses every write (the services say so); the buttons say it first.
        for button in (
            self.new_button,
            self.transfer_button,
            self.move_button,
            self.reverse_button,
        ):
            button.setEnabled(not closed)
            button.setToolTip(
                f"{label}は締め済みです（［年度締め］で再開できます）" if closed else ""
            )

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        """Called by the main window when the page is shown, and after every change."""
        self._fill_choices()
        index = self.tabs.currentIndex()
        if index == 0:
            self.load_cash_book()
        elif index == 1:
            self.budget_tab.load()
        elif index == 2:
            self.load_status()
        elif self.tabs.currentWidget() is self.year_close_tab:
            self.year_close_tab.load()
        else:
            self.setup_tab.load()

    def load_cash_book(self) -> None:
        start, end = self.period()
        page = cash_book(
            self.ctx,
            start=start,
            end=end,
            account_id=self.account_id(),
            item_id=self.item_combo.currentData(),
            method=self.method_combo.currentData(),
        )
        self.cash_page = page
        self.cash_model.set_page(page)
        y = format_report_yen
        self.cash_summary.setText(
            f"{page.period}　前期繰越 {y(page.opening)}円　収入 {y(page.income_total)}円　"
            f"支出 {y(page.expenditure_total)}円　残高 {y(page.closing)}円（{len(page.rows):,}件）"
        )
        account = self.account_id()
        warning = (
            None if account is None else cash_negative_warning(self.ctx, account, self.fiscal_year)
        )
        self.cash_warning.setText(warning or "")

    def load_status(self) -> None:
        try:
            table = running_status(
                self.ctx,
                fiscal_year=self.fiscal_year,
                until=self.until_edit.date()
                or min(self.ctx.today(), self.calendar.last_day(self.fiscal_year)),
                account=self.account_id(),
                unit=self.unit_combo.currentText(),
            )
        except ValidationError as error:
            self.status_period.setText(str(error))
            return
        self.status_table = table
        self.status_model.set_table(table)
        self.status_period.setText(f"{table.title}　{table.period}")

    # ------------------------------------------------------------------ actions
    def _on_year_spin_value_changed(self, _year: int) -> None:
        self.refresh()

    def _on_filters_changed(self, _index: int = 0) -> None:
        if not self._loading:
            self.refresh()

    def _on_setup_changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def _on_year_close_tab_closed_changed(self) -> None:
        self._fill_choices()
        self.data_changed.emit()

    def _on_year_close_tab_open_requested(self, area: str, tab: str) -> None:
        if area == "会計":
            for index in range(self.tabs.count()):
                if self.tabs.tabText(index) == tab:
                    self.tabs.setCurrentIndex(index)
            return
        self.open_requested.emit(area, tab)

    def new_entry(self) -> None:
        dialog = EntryDialog(self.ctx, self.fiscal_year, self)
        if dialog.exec() and dialog.entry_id is not None:
            self.refresh()
            self.data_changed.emit()

    def new_transfer(self) -> None:
        dialog = TransferDialog(self.ctx, self)
        if dialog.exec() and dialog.pair is not None:
            self.refresh()
            self.data_changed.emit()

    def new_fund_move(self) -> None:
        dialog = FundMoveDialog(self.ctx, self)
        if dialog.exec() and dialog.pair is not None:
            self.refresh()
            self.data_changed.emit()

    def selected_row(self) -> int | None:
        rows = self.cash_view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.cash_proxy.mapToSource(rows[0]).row()

    def reverse_selected(self) -> None:
        row_index = self.selected_row()
        if row_index is None:
            tell(self, "出納の取消", "取り消す行を選んでください。")
            return
        row = self.cash_model.row_at(row_index)
        if confirm_reversal(self.ctx, self, row.id, row.voucher, row.date) is not None:
            self.refresh()
            self.data_changed.emit()

    def print_current(self) -> None:
        if self.tabs.currentIndex() == 2:
            self.print_status()
        elif self.tabs.currentIndex() == 1:
            self.budget_tab.print_budget()
        else:
            self.print_cash_book()

    def print_cash_book(self) -> None:
        self.load_cash_book()
        page, today = self.cash_page, self.ctx.today()
        preview_pdf(
            self,
            "出納帳.pdf",
            "出納帳",
            lambda path: render_cash_book(page, path, printed_on=today, society=self.society),
        )

    def print_item_ledger(self) -> None:
        item = self.item_combo.currentData()
        if not isinstance(item, int):
            tell(self, "科目別元帳", "「科目」で元帳を作る科目を選んでください。")
            return
        page = item_ledger(self.ctx, fiscal_year=self.fiscal_year, item_id=item)
        today = self.ctx.today()
        preview_pdf(
            self,
            "科目別元帳.pdf",
            page.title,
            lambda path: render_cash_book(page, path, printed_on=today, society=self.society),
        )

    def print_status(self) -> None:
        self.load_status()
        table, today = self.status_table, self.ctx.today()
        preview_pdf(
            self,
            "収支状況.pdf",
            table.title,
            lambda path: render_accounts_table(table, path, printed_on=today),
        )

    def export_cash_book(self) -> None:
        page = self.cash_page
        save_workbook(
            self,
            f"出納帳_{self.fiscal_year}.xlsx",
            lambda path: write_cash_book(page, path, society=self.society),
        )

    def export_status(self) -> None:
        table, today = self.status_table, self.ctx.today()
        save_workbook(
            self,
            f"収支状況_{self.fiscal_year}.xlsx",
            lambda path: write_accounts_table(table, path, printed_on=today),
        )
