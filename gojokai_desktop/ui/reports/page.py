"""帳票・報告: the forms (様式), the settlement (決算書), the activity report (事業報告), the
meeting packet with its officers and meetings (総会資料), the interim status (中間報告) and the
print settings, one tab each."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.reports.activity_tab import ActivityTab
from gojokai_desktop.ui.reports.forms_tab import FormsTab
from gojokai_desktop.ui.reports.interim_tab import InterimTab
from gojokai_desktop.ui.reports.packet_tab import PacketTab
from gojokai_desktop.ui.reports.print_settings import PrintSettingsWidget
from gojokai_desktop.ui.reports.settlement_tab import SettlementTab


class ReportsPage(QWidget):
    """The 帳票・報告 area; each tab loads its data when it is shown."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        heading = QLabel("帳票・報告")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.forms = FormsTab(ctx, self)
        self.settlement = SettlementTab(ctx, self)
        self.activity = ActivityTab(ctx, self)
        self.packet = PacketTab(ctx, self)
        self.interim = InterimTab(ctx, self)
        self.settings_widget = PrintSettingsWidget(ctx, self)
        for widget, title in (
            (self.forms, "様式"),
            (self.settlement, "決算書"),
            (self.activity, "事業報告"),
            (self.packet, "総会資料"),
            (self.interim, "中間報告"),
            (self.settings_widget, "印刷設定"),
        ):
            self.tabs.addTab(widget, title)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)
        layout.addWidget(self.tabs)

    def refresh(self) -> None:
        """Reload the tab on screen (the others load when shown) and the print settings,
        which every print of this page uses."""
        current = self.tabs.currentWidget()
        refresh = getattr(current, "refresh", None)
        if callable(refresh):
            refresh()
        if current is not self.settings_widget:
            self.settings_widget.refresh()

    def _on_tabs_current_changed(self, _index: int) -> None:
        self.refresh()
