"""The 慶弔給付 page: claims, payments, and the tabs of due lists, registers and the table."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QPushButton, QTabWidget, QVBoxLayout, QWidget

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.benefits.claims_tab import ClaimsTab
from gojokai_desktop.ui.benefits.due_tab import BenefitDueTab
from gojokai_desktop.ui.benefits.payments_tab import PaymentsTab
from gojokai_desktop.ui.benefits.register_tab import BenefitRegisterTab
from gojokai_desktop.ui.benefits.table_tab import BenefitTableTab
from gojokai_desktop.ui.benefits.zengin_dialog import ZenginSettingsDialog


class BenefitsPage(QWidget):
    """請求 and 支払, then one tab per further part of the area; a tab is refreshed when shown,
    and any tab's ``data_changed`` is the page's."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.claims_tab = ClaimsTab(ctx, self)
        self.payments_tab = PaymentsTab(ctx, self)
        self.add_tab(self.claims_tab, "請求")
        self.add_tab(self.payments_tab, "支払")
        # ── The further tabs go here, one add_tab line each, in this order: 該当者
        # (BenefitDueTab), 台帳・統計 (BenefitRegisterTab), 給付表 (BenefitTableTab). ──
        self.add_tab(BenefitDueTab(ctx, self), "該当者")
        self.add_tab(BenefitRegisterTab(ctx, self), "台帳・統計")
        self.add_tab(BenefitTableTab(ctx, self), "給付表")
        self.zengin_button = QPushButton("振込設定…")
        self.zengin_button.setToolTip("団体の振込元口座と、全銀ファイルの形式（取引銀行の指定）")
        self.tabs.setCornerWidget(self.zengin_button)
        self.zengin_button.clicked.connect(self.open_zengin_settings)
        self.tabs.currentChanged.connect(lambda _index: self.refresh())

    def add_tab(self, tab: QWidget, title: str) -> None:
        """Add a tab; its ``data_changed`` (if any) becomes the page's."""
        self.tabs.addTab(tab, title)
        changed = getattr(tab, "data_changed", None)
        if changed is not None:
            changed.connect(self.data_changed)

    def refresh(self) -> None:
        """Reload the tab in view (the others reload when they are shown)."""
        refresh = getattr(self.tabs.currentWidget(), "refresh", None)
        if refresh is not None:
            refresh()

    def open_zengin_settings(self) -> None:
        dialog = ZenginSettingsDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.payments_tab.status_label.setText("振込設定を保存しました。")
