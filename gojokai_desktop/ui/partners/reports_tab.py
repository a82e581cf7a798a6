"""The 報告書 tab: the promotion report of the year (上期 or 年間) on screen, as a PDF for the
partners' meeting, or as a workbook; one partner or all, rounding as the report needs."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.periods import REPORT_PERIODS
from gojokai_desktop.domain.partners.rates import ROUNDINGS
from gojokai_desktop.domain.partners.report import HEADINGS, PartnerReport
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners.items import PartnerView
from gojokai_desktop.services.partners.report import (
    export_reports,
    partner_report,
    partner_reports,
    print_reports,
)
from gojokai_desktop.ui.batch import BatchRun
from gojokai_desktop.ui.partners._messages import error_text, warn
from gojokai_desktop.ui.partners._views import list_table
from gojokai_desktop.ui.partners.models import ReportLinesModel
from gojokai_desktop.ui.preview import PdfPreviewDialog


class ReportsTab(QWidget):
    """Choose the period and what to print; the chosen partner's table shows below."""

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
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.period_combo = QComboBox()
        for key, label in REPORT_PERIODS.items():
            self.period_combo.addItem(label, key)
        self.scope_combo = QComboBox()
        self.scope_combo.addItem("この推進先", "one")
        self.scope_combo.addItem("すべての推進先", "all")
        self.rounding_combo = QComboBox()
        self.rounding_combo.addItem("推進先の設定のとおり", None)
        for key, label in ROUNDINGS.items():
            self.rounding_combo.addItem(label, key)
        self.establishment_check = QCheckBox("事業所別の表も付ける")
        self.establishment_check.setChecked(True)
        for label, widget in (
            ("期間", self.period_combo),
            ("対象", self.scope_combo),
            ("達成率", self.rounding_combo),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget)
        bar.addWidget(self.establishment_check)
        bar.addStretch(1)
        layout.addLayout(bar)
        buttons = QHBoxLayout()
        self.show_button = QPushButton("画面に表示")
        self.print_button = QPushButton("印刷プレビュー…")
        self.export_button = QPushButton("Excelに出力…")
        for button in (self.show_button, self.print_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.model = ReportLinesModel(self)
        self.view = list_table(self.model)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        self.show_button.clicked.connect(self.load)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.period_combo.activated.connect(lambda _i: self.load())
        self.rounding_combo.activated.connect(lambda _i: self.load())

    def _options(self) -> dict[str, Any]:
        return {
            "rounding": self.rounding_combo.currentData(),
            "by_establishment": self.establishment_check.isChecked(),
        }

    def _period(self) -> str:
        return str(self.period_combo.currentData())

    def load(self) -> None:
        """The chosen partner's report on screen."""
        partner = self._partner()
        for button in (self.show_button, self.print_button, self.export_button):
            button.setEnabled(partner is not None)
        if partner is None:
            self.title.setText("")
            self.model.set_report(HEADINGS[self._period()], ())
            return
        try:
            report = partner_report(
                self.ctx, partner.id, self._year(), self._period(), **self._options()
            )
        except (ValidationError, RuleViolation) as error:
            self.title.setText("")
            self.model.set_report(HEADINGS[self._period()], ())
            self.notes.setText(error_text(error))
            return
        self.show_report(report)

    def show_report(self, report: PartnerReport) -> None:
        self.title.setText(report.title)
        self.model.set_report(report.headings, report.lines)
        tables = len(report.establishments)
        extra = f"　事業所別の表 {tables}（印刷・Excelに出ます）" if tables else ""
        self.notes.setText(
            f"対象期間: {report.period_label}{extra}\n" + "\n".join(report.footnotes)
        )

    def reports(self) -> list[PartnerReport]:
        partner = self._partner()
        one = self.scope_combo.currentData() == "one" and partner is not None
        return partner_reports(
            self.ctx,
            self._year(),
            self._period(),
            partner_id=partner.id if one and partner else None,
            **self._options(),
        )

    def _run(self, label: str, work: Callable[[], Any]) -> Any:
        run = BatchRun(self, label, lambda _progress, _cancelled: work())
        run.exec()
        if run.error:
            warn(self, "推進実績報告", run.error)
            return None
        return run.result

    def _on_print_clicked(self) -> None:
        path = Path(tempfile.mkdtemp(prefix="gojokai-")) / f"推進実績報告_{self._year()}.pdf"

        def work() -> Path:
            print_reports(self.ctx, self.reports(), path)
            return path

        if self._run("推進実績報告を作成中", work) is not None:
            PdfPreviewDialog(path, self, title="推進実績報告").exec()

    def _on_export_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Excelに出力", f"推進実績報告_{self._year()}.xlsx", "Excel (*.xlsx)"
        )
        if not name:
            return

        def work() -> Path:
            export_reports(self.ctx, self.reports(), Path(name))
            return Path(name)

        if self._run("推進実績報告を作成中", work) is not None:
            self.notes.setText(f"Excelに出力しました: {name}")
