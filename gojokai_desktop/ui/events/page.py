"""The 研修・行事 page: a fiscal year and one of its events chosen at the top, then tabs for
the year's events, the event's applications, attendance, fees, money, and the rules."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.views import list_events
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.ui.events.applications_tab import ApplicationsTab
from gojokai_desktop.ui.events.attendance_tab import AttendanceTab
from gojokai_desktop.ui.events.fees_tab import FeesTab
from gojokai_desktop.ui.events.list_tab import EventListTab
from gojokai_desktop.ui.events.money_tab import MoneyTab
from gojokai_desktop.ui.events.rules_tab import RulesTab

EVENT_TABS = ("申込", "出欠・受付", "参加費", "収支")


class EventsPage(QWidget):
    """The events area; any tab's ``data_changed`` is the page's (the home page follows)."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        profile = load_profile(ctx)
        self.calendar = profile.calendar if profile else FiscalCalendar()
        self.label_rule = profile.fiscal_label_rule if profile else "start"
        self.event_id: int | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2200)
        self.year_spin.setSuffix(" 年度")
        self.year_spin.setValue(self.calendar.year_of(ctx.today()))
        self.year_label = QLabel("")
        self.event_combo = QComboBox()
        self.event_combo.setMinimumWidth(360)
        self.summary = QLabel("")
        bar.addWidget(QLabel("年度"))
        bar.addWidget(self.year_spin)
        bar.addWidget(self.year_label)
        bar.addSpacing(12)
        bar.addWidget(QLabel("行事"))
        bar.addWidget(self.event_combo, 1)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.list_tab = EventListTab(self, self)
        self.applications_tab = ApplicationsTab(self, self)
        self.attendance_tab = AttendanceTab(self, self)
        self.fees_tab = FeesTab(self, self)
        self.money_tab = MoneyTab(self, self)
        self.rules_tab = RulesTab(self, self)
        for tab, title in (
            (self.list_tab, "行事一覧"),
            (self.applications_tab, "申込"),
            (self.attendance_tab, "出欠・受付"),
            (self.fees_tab, "参加費"),
            (self.money_tab, "収支"),
            (self.rules_tab, "補助・決まり"),
        ):
            self.tabs.addTab(tab, title)
            tab.data_changed.connect(self._on_tab_data_changed)
        layout.addWidget(self.tabs, 1)
        self.list_tab.event_opened.connect(self.open_event)
        self.year_spin.valueChanged.connect(lambda _v: self.reload_events(None))
        self.event_combo.currentIndexChanged.connect(lambda _i: self._on_event_changed())
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self._loading = False
        self.reload_events(None)

    @property
    def fiscal_year(self) -> int:
        return self.year_spin.value()

    def year_label_text(self) -> str:
        return self.calendar.label(self.fiscal_year, era_rule=self.label_rule)

    # ------------------------------------------------------------------ choosing
    def reload_events(self, keep: int | None) -> None:
        """Fill the event chooser for the year; keep ``keep`` (or the current event) chosen."""
        wanted = keep if keep is not None else self.event_id
        rows = list_events(self.ctx, self.fiscal_year)
        self._loading = True
        self.event_combo.clear()
        for row in rows:
            mark = "（中止）" if row.status == "cancelled" else ""
            self.event_combo.addItem(
                f"{format_wareki_short(row.first_date)}　{row.title}{mark}", row.id
            )
        index = self.event_combo.findData(wanted) if wanted is not None else -1
        if index < 0 and rows:
            upcoming = [r for r in rows if r.last_date >= self.ctx.today()]
            index = self.event_combo.findData((upcoming or rows)[0].id)
        self.event_combo.setCurrentIndex(index)
        self._loading = False
        self.year_label.setText(self.year_label_text())
        self._on_event_changed()

    def show_year(self, year: int, event_id: int | None) -> None:
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(year)
        self.year_spin.blockSignals(False)
        self.reload_events(event_id)

    def open_event(self, event_id: int) -> None:
        index = self.event_combo.findData(event_id)
        if index >= 0:
            self.event_combo.setCurrentIndex(index)
        self.tabs.setCurrentWidget(self.applications_tab)

    def _on_event_changed(self) -> None:
        if self._loading:
            return
        data = self.event_combo.currentData()
        self.event_id = int(data) if data is not None else None
        self.refresh()

    def _on_tab_data_changed(self) -> None:
        self.data_changed.emit()

    # ------------------------------------------------------------------ showing
    def refresh(self) -> None:
        """Reload the tab in view (the others reload when they are shown)."""
        self.show_summary()
        tab = self.tabs.currentWidget()
        if tab is self.list_tab:
            self.list_tab.load()
            if self.event_id is not None:
                self.list_tab.select_event(self.event_id)
        elif tab is self.rules_tab:
            self.rules_tab.load()
        else:
            load = getattr(tab, "load", None)
            if load is not None:
                load(self.event_id)

    def show_summary(self) -> None:
        if self.event_id is None:
            self.summary.setText(
                "この年度の行事はまだありません。［行事一覧］→［新しい行事…］で登録します。"
            )
            return
        rows = {r.id: r for r in list_events(self.ctx, self.fiscal_year)}
        row = rows.get(self.event_id)
        if row is None:
            self.summary.setText("")
            return
        capacity = "定員なし" if row.capacity is None else f"定員 {row.capacity:,}人"
        counts = row.counts
        self.summary.setText(
            f"{row.kind_label}「{row.title}」　{capacity}　参加決定 {counts.confirmed:,}人"
            f"・キャンセル待ち {counts.waiting:,}人・欠席 {counts.absent:,}人　"
            f"状況: {row.state_label(self.ctx.today())}"
        )
