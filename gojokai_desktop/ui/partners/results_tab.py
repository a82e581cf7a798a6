"""The 実績の入力 tab: the figures of one period (上期, 下期 or a month) typed per item from
the partner's statement, for the society or one establishment; the import of the partner's
workbook and the entered results as a workbook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.periods import FIRST_HALF, PartnerYear, Period
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import list_establishments
from gojokai_desktop.services.partners.items import PartnerView
from gojokai_desktop.services.partners.results import export_results, result_grid, save_results
from gojokai_desktop.ui.partners._messages import ask, error_text, inform, warn
from gojokai_desktop.ui.partners._views import editable_table
from gojokai_desktop.ui.partners.import_dialog import ImportDialog
from gojokai_desktop.ui.partners.models import ResultGridModel


class ResultsTab(QWidget):
    """Type a period's results, import a workbook, write the entered results out."""

    saved = Signal()

    def __init__(
        self,
        ctx: AppContext,
        partner: Callable[[], PartnerView | None],
        fiscal_year: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._partner = partner
        self._year = fiscal_year
        self._shown: tuple[Period, int | None] | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period_combo = QComboBox()
        self.period_combo.setMinimumWidth(220)
        self.establishment_combo = QComboBox()
        self.establishment_combo.setEditable(True)
        self.establishment_combo.setMinimumWidth(260)
        self.establishment_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.establishment_combo.completer()
        if completer is not None:
            completer.setFilterMode(completer.filterMode().MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        bar.addWidget(QLabel("期間"))
        bar.addWidget(self.period_combo)
        bar.addWidget(QLabel("事業所"))
        bar.addWidget(self.establishment_combo, 1)
        layout.addLayout(bar)
        self.model = ResultGridModel(self)
        self.view = editable_table(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("実績を保存 (Ctrl+S)")
        self.import_button = QPushButton("Excelから取り込む…")
        self.export_button = QPushButton("入力済みの実績をExcelに…")
        self.form_button = QPushButton("書き写し用の表（Excel）…")
        for button in (self.save_button, self.import_button, self.export_button, self.form_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, self.save)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.export_button.clicked.connect(lambda: self._export(blank=False))
        self.form_button.clicked.connect(lambda: self._export(blank=True))
        self.period_combo.activated.connect(self._on_choice_changed)
        self.establishment_combo.activated.connect(self._on_choice_changed)
        self.model.error_raised.connect(lambda text: self.message.setText(f"⚠ {text}"))
        self.model.dataChanged.connect(self._on_model_data_changed)

    # -- choices -------------------------------------------------------------------------
    def _fill_choices(self, partner: PartnerView) -> None:
        year = PartnerYear(self._year(), partner.start_month)
        current = self.period_combo.currentData()
        self.period_combo.clear()
        for period in year.periods():
            self.period_combo.addItem(year.period_label(period), period)
        index = self.period_combo.findData(current if current is not None else FIRST_HALF)
        self.period_combo.setCurrentIndex(max(index, 0))
        chosen = self.establishment_combo.currentData()
        self.establishment_combo.clear()
        self.establishment_combo.addItem("団体全体（事業所を指定しない）", None)
        for est in list_establishments(self.ctx):
            left = "（退会）" if est.leave_date is not None else ""
            self.establishment_combo.addItem(f"{est.number:04d} {est.name}{left}", est.id)
        index = self.establishment_combo.findData(chosen)
        self.establishment_combo.setCurrentIndex(max(index, 0))

    def _choice(self) -> tuple[Period, int | None]:
        period = self.period_combo.currentData()
        est = self.establishment_combo.currentData()
        return (
            period if isinstance(period, Period) else FIRST_HALF,
            est if isinstance(est, int) else None,
        )

    def _on_choice_changed(self) -> None:
        leaving = (
            self._shown is not None and self.model.has_changes() and self._choice() != self._shown
        )
        if leaving and not ask(
            self,
            "保存していない実績",
            "入力した実績がまだ保存されていません。保存せずに切り替えますか？",
            "保存せずに切り替える",
        ):
            self._restore_choice()
            return
        self._show()

    def _restore_choice(self) -> None:
        assert self._shown is not None
        period, est = self._shown
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(period), 0))
        self.establishment_combo.setCurrentIndex(max(self.establishment_combo.findData(est), 0))

    # -- loading -------------------------------------------------------------------------
    def load(self) -> None:
        partner = self._partner()
        for button in (self.save_button, self.import_button, self.export_button, self.form_button):
            button.setEnabled(partner is not None)
        if partner is None:
            self.model.set_rows([])
            self.message.setText("推進先がまだありません。")
            return
        self._fill_choices(partner)
        self._show()

    def _show(self) -> None:
        partner = self._partner()
        if partner is None:
            return
        period, est = self._choice()
        grid = result_grid(self.ctx, partner.id, self._year(), period, est)
        self.model.set_rows(grid.rows)
        for column in ResultGridModel.SOCIETY_COLUMNS:
            self.view.setColumnHidden(column, est is not None)
        self._shown = (period, est)
        if not grid.rows:
            self.message.setText(f"{self._year()}年度の項目がありません（「項目・目標」で作成）。")
            return
        blocked = sum(1 for r in grid.rows if r.blocked)
        note = (
            f"灰色の欄（{blocked}）は入力できません（理由は欄に指を置くと出ます）。"
            if blocked
            else ""
        )
        self.message.setText(
            f"{grid.partner} {grid.year_label} {grid.period_label}・{grid.establishment}。"
            f"実績の欄に推進先の報告の数を入れて「実績を保存」を押してください。{note}"
        )

    def _on_model_data_changed(self) -> None:
        if self.model.has_changes():
            self.message.setText("実績が変更されています。「実績を保存」を押してください。")

    # -- actions -------------------------------------------------------------------------
    def save(self) -> None:
        partner = self._partner()
        if partner is None or self._shown is None or not self.model.has_changes():
            return
        period, est = self._shown
        try:
            summary = save_results(
                self.ctx,
                partner.id,
                self._year(),
                period=period,
                establishment_id=est,
                values=self.model.changes(),
            )
        except (ValidationError, RuleViolation) as error:
            warn(self, "実績の保存", error_text(error))
            return
        self._show()
        self.message.setText(
            f"保存しました（追加 {summary.added}・変更 {summary.changed}"
            f"・削除 {summary.removed}）。"
        )
        self.saved.emit()

    def _on_import_clicked(self) -> None:
        partner = self._partner()
        if partner is None:
            return
        period, _est = self._choice()
        dialog = ImportDialog(self.ctx, partner, self._year(), period, self)
        if dialog.exec() and dialog.outcome is not None:
            o = dialog.outcome
            self._show()
            inform(
                self,
                "実績の取り込み",
                f"取り込みました: 追加 {o.added}・変更 {o.changed}・変更なし {o.unchanged}",
            )
            self.saved.emit()

    def _export(self, *, blank: bool) -> None:
        partner = self._partner()
        if partner is None:
            return
        what = "書き写し用" if blank else "実績"
        default = f"{partner.name}_{self._year()}年度_{what}.xlsx"
        name, _filter = QFileDialog.getSaveFileName(
            self, "Excelに書き出す", default, "Excel (*.xlsx)"
        )
        if not name:
            return
        try:
            rows = export_results(self.ctx, partner.id, self._year(), Path(name), blank_items=blank)
        except (ValidationError, RuleViolation, OSError) as error:
            warn(self, "Excelに書き出す", error_text(error))
            return
        self.message.setText(f"{rows}行を書き出しました: {name}")
