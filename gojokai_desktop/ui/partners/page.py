"""The 推進 page: choose the partner and its fiscal year, then items and targets, results,
members' enrolments and the reports in their tabs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.partners.periods import PartnerYear
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners.items import (
    PartnerView,
    add_partner_from_preset,
    list_partners,
)
from gojokai_desktop.services.partners.presets import all_presets
from gojokai_desktop.ui.partners._messages import error_text, warn
from gojokai_desktop.ui.partners.dialogs import PartnerDialog
from gojokai_desktop.ui.partners.enrolments_tab import EnrolmentsTab
from gojokai_desktop.ui.partners.items_tab import ItemsTab
from gojokai_desktop.ui.partners.reports_tab import ReportsTab
from gojokai_desktop.ui.partners.results_tab import ResultsTab
from gojokai_desktop.ui.widgets import FiscalYearEdit


class PartnersPage(QWidget):
    """ろうきん・共済の推進: one partner and one of its years at a time."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._partners: list[PartnerView] = []
        layout = QVBoxLayout(self)
        heading = QLabel("推進（ろうきん・共済）")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        bar = QHBoxLayout()
        self.partner_combo = QComboBox()
        self.partner_combo.setMinimumWidth(180)
        # The partner's own year (a co-op's runs June–May), written with its era: 令和7年度.
        self.year_spin = FiscalYearEdit(year=ctx.today().year)
        self.span_label = QLabel()
        self.add_button = QPushButton("推進先を追加")
        self.add_menu = QMenu(self)
        self.add_button.setMenu(self.add_menu)
        self.edit_button = QPushButton("推進先の設定…")
        bar.addWidget(QLabel("推進先"))
        bar.addWidget(self.partner_combo)
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year_spin)
        bar.addWidget(self.span_label, 1)
        bar.addWidget(self.add_button)
        bar.addWidget(self.edit_button)
        layout.addLayout(bar)
        self.tabs = QTabWidget()
        self.items_tab = ItemsTab(ctx, self.partner, self.fiscal_year)
        self.results_tab = ResultsTab(ctx, self.partner, self.fiscal_year)
        self.enrolments_tab = EnrolmentsTab(ctx, self.partner, self.fiscal_year)
        self.reports_tab = ReportsTab(ctx, self.partner, self.fiscal_year)
        self.tabs.addTab(self.items_tab, "項目・目標")
        self.tabs.addTab(self.results_tab, "実績の入力")
        self.tabs.addTab(self.enrolments_tab, "会員の加入")
        self.tabs.addTab(self.reports_tab, "報告書")
        layout.addWidget(self.tabs, 1)
        for tab in (self.items_tab, self.results_tab, self.enrolments_tab):
            tab.saved.connect(self.data_changed)
        self.partner_combo.activated.connect(self._on_partner_changed)
        self.year_spin.valueChanged.connect(lambda _v: self._reload())
        self.tabs.currentChanged.connect(lambda _i: self._load_tab())
        self.edit_button.clicked.connect(self._on_edit_clicked)
        for preset in all_presets():
            action = self.add_menu.addAction(f"{preset.name}（ひな形から）")
            action.triggered.connect(lambda _c=False, key=preset.key: self._on_add_preset(key))
        self.add_menu.addSeparator()
        self.add_menu.addAction("新しく入力…").triggered.connect(self._on_add_new)
        self._fill_partners()
        self._current_year_of_partner()
        self._reload()

    # -- what is chosen ------------------------------------------------------------------
    def partner(self) -> PartnerView | None:
        index = self.partner_combo.currentIndex()
        return self._partners[index] if 0 <= index < len(self._partners) else None

    def fiscal_year(self) -> int:
        return self.year_spin.value()

    def _fill_partners(self, select: int | None = None) -> None:
        chosen = select if select is not None else self.partner_combo.currentData()
        self._partners = list_partners(self.ctx)
        self.partner_combo.blockSignals(True)
        self.partner_combo.clear()
        for partner in self._partners:
            unused = "" if partner.data.active else "（使っていない）"
            self.partner_combo.addItem(partner.name + unused, partner.id)
        index = self.partner_combo.findData(chosen)
        self.partner_combo.setCurrentIndex(max(index, 0) if self._partners else -1)
        self.partner_combo.blockSignals(False)
        self.edit_button.setEnabled(bool(self._partners))

    def _current_year_of_partner(self) -> None:
        """The partner's year that holds today (a co-op's year runs June–May)."""
        partner = self.partner()
        start = partner.start_month if partner else 4
        self.year_spin.blockSignals(True)
        self.year_spin.set_label_rule(FiscalCalendar(start), "start")
        self.year_spin.setValue(PartnerYear(0, start).calendar.year_of(self.ctx.today()))
        self.year_spin.blockSignals(False)

    def _on_partner_changed(self, _index: int) -> None:
        self._current_year_of_partner()
        self._reload()

    def _reload(self) -> None:
        partner = self.partner()
        if partner is None:
            self.span_label.setText("")
        else:
            year = PartnerYear(self.fiscal_year(), partner.start_month)
            self.span_label.setText(f"（{PartnerYear.span(year.first_day, year.last_day)}）")
        self._load_tab()

    def _load_tab(self) -> None:
        tab = self.tabs.currentWidget()
        load = getattr(tab, "load", None)
        if load is not None:
            load()

    def refresh(self) -> None:
        """Called by the main window when the page is shown."""
        self._fill_partners()
        self._reload()

    # -- partners ------------------------------------------------------------------------
    def _on_add_preset(self, key: str) -> None:
        try:
            added = add_partner_from_preset(self.ctx, key, self.fiscal_year())
        except (ValidationError, RuleViolation) as error:
            warn(self, "推進先の追加", error_text(error))
            return
        self._fill_partners(select=added.id)
        self._current_year_of_partner()
        self._reload()
        self.data_changed.emit()

    def _on_add_new(self) -> None:
        dialog = PartnerDialog(self.ctx, None, self)
        if dialog.exec() and dialog.saved is not None:
            self._fill_partners(select=dialog.saved.id)
            self._reload()
            self.data_changed.emit()

    def _on_edit_clicked(self) -> None:
        partner = self.partner()
        if partner is None:
            return
        dialog = PartnerDialog(self.ctx, partner, self)
        if dialog.exec() and dialog.saved is not None:
            self._fill_partners(select=dialog.saved.id)
            self._reload()
            self.data_changed.emit()
