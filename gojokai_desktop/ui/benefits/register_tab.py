"""The 台帳・統計 tab: the benefit register (給付台帳) of a period checked against the cash book,
and the statistics of a fiscal year in the 004 layout with the benefit budget per kind."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.yen import format_report_yen, format_yen
from gojokai_desktop.services.benefits.claim_views import STATUS_LABELS
from gojokai_desktop.services.benefits.register import (
    PERIOD_BASES,
    CashBookCheck,
    Register,
    RegisterFilter,
    RegisterRow,
    benefit_register,
    export_register,
    print_register,
    register_matches_cash_book,
)
from gojokai_desktop.services.benefits.tables import table_in_force
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import list_establishments
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.ui.batch import Cancelled, Progress, run_in_background
from gojokai_desktop.ui.benefits.register_models import REGISTER_COLUMNS
from gojokai_desktop.ui.benefits.stats_part import BenefitStatsPart
from gojokai_desktop.ui.output import save_workbook
from gojokai_desktop.ui.preview import PdfPreviewDialog
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.widgets import WarekiDateEdit, fiscal_year_edit

MATCH_STYLE = "color: #1b5e20; font-weight: bold;"
MISMATCH_STYLE = "color: #b00020; font-weight: bold;"


def check_text(check: CashBookCheck, label: str) -> str:
    """The auditors' check in one sentence: 一致, or the difference and what makes it."""
    head = (
        f"出納帳との照合: {label}に支払った給付（台帳を支払日で集計） "
        f"￥{format_yen(check.register_total)}・出納帳（給付の支払） "
        f"￥{format_yen(check.cash_book_total)}"
    )
    other = (
        f"（他の年度に取り消した支払 ￥{format_report_yen(check.other_year_reversals)} を含む）"
        if check.other_year_reversals
        else ""
    )
    if check.matches:
        return f"{head}{other} → 一致"
    return (
        f"{head}{other} → 差額 ￥{format_report_yen(check.difference)}（出納帳を確認してください）"
    )


def _combo(first: str) -> QComboBox:
    combo = QComboBox()
    combo.addItem(first, None)
    return combo


class RegisterPart(QWidget):
    """給付台帳: a period by event or payment date, narrowed by kind, status, establishment."""

    def __init__(self, ctx: AppContext, calendar: FiscalCalendar, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.calendar = calendar
        self.register: Register | None = None
        layout = QVBoxLayout(self)
        self._filters(layout)
        self.model: RowsTableModel[RegisterRow] = RowsTableModel(REGISTER_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setStretchLastSection(True)
        widths = (70, 75, 75, 75, 75, 70, 90, 150, 140, 70, 70, 70, 60, 40, 75)
        for column, width in enumerate(widths):
            self.view.setColumnWidth(column, width)
        layout.addWidget(self.view, 1)
        self.totals_label = QLabel("")
        layout.addWidget(self.totals_label)
        self.check_label = QLabel("")
        self.check_label.setWordWrap(True)
        layout.addWidget(self.check_label)
        self._set_year_period()
        self.year_spin.valueChanged.connect(lambda _year: self._on_year_changed())
        for edit in (self.from_edit, self.to_edit):
            edit.date_changed.connect(lambda _date: self.load_register())
        for combo in (self.by_combo, self.kind_combo, self.status_combo,
                      self.establishment_combo):  # fmt: skip
            combo.currentIndexChanged.connect(lambda _index: self.load_register())
        self.print_button.clicked.connect(self.print_register)
        self.export_button.clicked.connect(self.export)

    def _filters(self, layout: QVBoxLayout) -> None:
        top = QHBoxLayout()
        self.year_spin = fiscal_year_edit(self.ctx, self.calendar.year_of(self.ctx.today()))
        self.from_edit = WarekiDateEdit(field="期間の始め", required=True)
        self.to_edit = WarekiDateEdit(field="期間の終わり", required=True)
        self.by_combo = QComboBox()
        for code, label in PERIOD_BASES.items():
            self.by_combo.addItem(f"{label}で", code)
        self.kind_combo = _combo("すべての給付")
        self.status_combo = _combo("すべての状態")
        for code, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, code)
        self.establishment_combo = _combo("すべての事業所")
        for widget in (QLabel("年度"), self.year_spin, QLabel("期間"), self.from_edit,
                       QLabel("〜"), self.to_edit, self.by_combo):  # fmt: skip
            top.addWidget(widget)
        top.addStretch(1)
        layout.addLayout(top)
        narrow = QHBoxLayout()
        for widget in (self.kind_combo, self.status_combo, self.establishment_combo):
            narrow.addWidget(widget)
        narrow.addStretch(1)
        self.print_button = QPushButton("給付台帳を印刷")
        self.export_button = QPushButton("Excelに出力…")
        narrow.addWidget(self.print_button)
        narrow.addWidget(self.export_button)
        layout.addLayout(narrow)

    def _set_year_period(self) -> None:
        year = self.year_spin.value()
        for edit, day in ((self.from_edit, self.calendar.first_day(year)),
                          (self.to_edit, self.calendar.last_day(year))):  # fmt: skip
            edit.blockSignals(True)
            edit.setDate(day)
            edit.blockSignals(False)

    def _on_year_changed(self) -> None:
        self._set_year_period()
        self.refresh()

    def _fill_choices(self) -> None:
        """Kinds of the year's table and the establishments, keeping what was chosen."""
        kind, est = self.kind_combo.currentData(), self.establishment_combo.currentData()
        for combo in (self.kind_combo, self.establishment_combo):
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
        for item in table_in_force(self.ctx, self.year_spin.value()).table.kinds:
            self.kind_combo.addItem(item.name, item.code)
        for row in list_establishments(self.ctx):
            self.establishment_combo.addItem(f"{row.number:04d} {row.name}", row.id)
        for combo, value in ((self.kind_combo, kind), (self.establishment_combo, est)):
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)

    def current_filter(self) -> RegisterFilter:
        for edit in (self.from_edit, self.to_edit):
            if not edit.commit():
                raise ValidationError(edit.error() or "", edit.field())
        first, last = self.from_edit.date(), self.to_edit.date()
        assert first is not None
        assert last is not None
        kind, status = self.kind_combo.currentData(), self.status_combo.currentData()
        return RegisterFilter(
            date_from=first,
            date_to=last,
            by=str(self.by_combo.currentData()),
            kind_codes=(kind,) if kind else (),
            statuses=(status,) if status else (),
            establishment_id=self.establishment_combo.currentData(),
        )

    def refresh(self) -> None:
        """Reload the register and the cash-book check of the year (the data may have
        changed); a filter change reloads the register alone."""
        if self.kind_combo.count() == 1:
            self._fill_choices()
        self.load_register()
        self._show_check()

    def load_register(self) -> None:
        try:
            register = benefit_register(self.ctx, self.current_filter())
        except ValidationError as exc:
            self.totals_label.setText(f"{exc.field}: {exc.message}")
            return
        self.register = register
        self.model.set_rows(register.rows)
        overridden = (
            f"　上書 {register.overridden_count:,}件（★）" if register.overridden_count else ""
        )
        self.totals_label.setText(
            f"{register.count:,}件　計算額 ￥{format_yen(register.computed_total)}"
            f"　決定額 ￥{format_yen(register.decided_total)}"
            f"　支払額 ￥{format_yen(register.paid_total)}{overridden}"
        )

    def _show_check(self) -> None:
        year = self.year_spin.value()
        check = register_matches_cash_book(self.ctx, year)
        self.check_label.setText(check_text(check, self.calendar.label(year)))
        self.check_label.setStyleSheet(MATCH_STYLE if check.matches else MISMATCH_STYLE)

    def print_register(self) -> None:
        """The register as shown (a large one is written off the GUI thread, with Cancel)."""
        if self.register is None:
            return
        register = self.register
        out = Path(tempfile.mkdtemp(prefix="gojokai-")) / "慶弔給付台帳.pdf"

        def task(progress: Progress, cancelled: Cancelled) -> Path | None:
            result = print_register(
                self.ctx, register, out, progress=progress, is_cancelled=cancelled
            )
            return None if result.cancelled else out

        if run_in_background(self, f"給付台帳（{register.count:,}件）を作成中", task):
            PdfPreviewDialog(out, self, title="慶弔給付台帳").exec()

    def export(self) -> None:
        if self.register is None:
            return
        register = self.register
        try:
            written = save_workbook(
                self, f"慶弔給付台帳_{self.ctx.today():%Y%m%d}.xlsx",
                lambda path: export_register(self.ctx, register, path),
            )  # fmt: skip
        except ValidationError as exc:
            QMessageBox.warning(self, "Excelに出力できません", exc.message)
            return
        except OSError as exc:  # a folder gone, or the file open in Excel
            QMessageBox.warning(
                self,
                "Excelに出力できません",
                f"保存できませんでした（{exc.strerror or exc}）。"
                "同じ名前のファイルをExcelで開いていれば閉じて、もう一度出力してください。",
            )
            return
        if written is not None:
            self.totals_label.setText(f"{written} に出力しました。")


class BenefitRegisterTab(QWidget):
    """給付台帳 and 統計 side by side as two inner tabs; each reloads when shown."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        profile = load_profile(ctx)
        calendar = profile.calendar if profile else FiscalCalendar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.parts = QTabWidget()
        self.register_part = RegisterPart(ctx, calendar, self)
        self.stats_part = BenefitStatsPart(ctx, calendar, self)
        self.parts.addTab(self.register_part, "給付台帳")
        self.parts.addTab(self.stats_part, "統計・給付予算")
        layout.addWidget(self.parts)
        self.stats_part.budget_saved.connect(self.data_changed)
        self.parts.currentChanged.connect(lambda _index: self.refresh())

    def refresh(self) -> None:
        try:
            part = self.parts.currentWidget()
            if part is self.register_part:
                self.register_part.refresh()
            else:
                self.stats_part.refresh()
        except (ValidationError, RuleViolation) as exc:
            QMessageBox.warning(self, "台帳・統計", exc.message)
