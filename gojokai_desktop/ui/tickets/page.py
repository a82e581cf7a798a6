"""The 斡旋 page: 品目, 申込, 配分・抽選, 入荷・受渡, 販売・入金, 実績 for the chosen year."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QTabWidget, QVBoxLayout, QWidget

from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets.rounds import year_of_today
from gojokai_desktop.ui.tickets.allocation_tab import AllocationTab
from gojokai_desktop.ui.tickets.items_tab import ItemsTab
from gojokai_desktop.ui.tickets.orders_tab import OrdersTab
from gojokai_desktop.ui.tickets.report_tab import ReportTab
from gojokai_desktop.ui.tickets.sales_tab import SalesTab
from gojokai_desktop.ui.tickets.stock_tab import StockTab


class TicketsPage(QWidget):
    """One tab per step of a round; a tab reloads when shown or when the year changes."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        corner = QWidget()
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 4, 0)
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2099)
        self.year_spin.setValue(year_of_today(ctx))
        self.year_spin.setSuffix("年度")
        self.year_label = QLabel("")
        corner_layout.addWidget(self.year_label)
        corner_layout.addWidget(self.year_spin)
        self.tabs.setCornerWidget(corner)
        layout.addWidget(self.tabs)
        self.items_tab = ItemsTab(ctx, self.year, self)
        self.orders_tab = OrdersTab(ctx, self.year, self)
        self.allocation_tab = AllocationTab(ctx, self.year, self)
        self.stock_tab = StockTab(ctx, self.year, self)
        self.sales_tab = SalesTab(ctx, self.year, self)
        self.report_tab = ReportTab(ctx, self.year, self)
        for tab, title in (
            (self.items_tab, "品目"),
            (self.orders_tab, "申込"),
            (self.allocation_tab, "配分・抽選"),
            (self.stock_tab, "入荷・受渡"),
            (self.sales_tab, "販売・入金"),
            (self.report_tab, "実績"),
        ):
            self.tabs.addTab(tab, title)
            changed = getattr(tab, "data_changed", None)
            if changed is not None:
                changed.connect(self.data_changed)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.year_spin.valueChanged.connect(lambda _v: self.refresh())

    def year(self) -> int:
        return self.year_spin.value()

    def refresh(self) -> None:
        """Reload the tab in view (the others reload when they are shown)."""
        self.year_label.setText(FiscalCalendar().label(self.year()))
        refresh = getattr(self.tabs.currentWidget(), "refresh", None)
        if refresh is not None:
            refresh()
