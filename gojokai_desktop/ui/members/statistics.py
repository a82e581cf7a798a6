"""The member statistics dialog: by age and sex, joins and leaves by month, by establishment."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.printouts import member_statistics, render_statistics
from gojokai_desktop.services.members.search import MemberListRow
from gojokai_desktop.ui.members.models import RecordTableModel
from gojokai_desktop.ui.preview import PdfPreviewDialog
from gojokai_desktop.ui.widgets import WarekiDateEdit, fiscal_year_edit
from gojokai_desktop.ui.widgets.sizing import resize_within


class StatisticsDialog(QDialog):
    """Tables for a date and a fiscal year, printable through the listing engine."""

    def __init__(
        self,
        ctx: AppContext,
        rows: Sequence[MemberListRow],
        temp_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.rows, self.temp_dir = ctx, rows, temp_dir
        self.setWindowTitle("会員統計")
        resize_within(self, 760, 600)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("基準日"))
        self.on_edit = WarekiDateEdit(field="基準日")
        self.on_edit.setDate(ctx.today())
        top.addWidget(self.on_edit)
        top.addWidget(QLabel("年度"))
        self.year_spin = fiscal_year_edit(ctx)
        top.addWidget(self.year_spin)
        show = QPushButton("集計")
        show.clicked.connect(self.compute)
        printing = QPushButton("印刷プレビュー")
        printing.clicked.connect(self.print_preview)
        top.addWidget(show)
        top.addWidget(printing)
        top.addStretch(1)
        layout.addLayout(top)
        self.total_label = QLabel("")
        layout.addWidget(self.total_label)
        self.age_model = RecordTableModel(["年齢", "男", "女", "計"])
        self.month_model = RecordTableModel(["月", "入会（再入会を含む）", "退会"])
        self.est_model = RecordTableModel(["事業所", "人数"])
        tabs = QTabWidget()
        for model, title in ((self.age_model, "年齢・性別"), (self.month_model, "月別の入退会"),
                             (self.est_model, "事業所別")):  # fmt: skip
            view = QTableView()
            view.setModel(model)
            view.verticalHeader().hide()
            view.horizontalHeader().setStretchLastSection(True)
            view.setColumnWidth(0, 260)
            tabs.addTab(view, title)
        layout.addWidget(tabs, 1)
        self.compute()

    def compute(self) -> None:
        on = self.on_edit.date() or self.ctx.today()
        self.stats = member_statistics(self.ctx, self.rows, on, self.year_spin.value())
        self.age_model.set_rows(self.stats.by_sex_age)
        self.month_model.set_rows(self.stats.by_month)
        self.est_model.set_rows(self.stats.by_establishment)
        self.total_label.setText(
            f"基準日の会員 {self.stats.total:,} 人・{self.stats.fiscal_label}の入退会"
        )

    def print_preview(self) -> None:
        out = self.temp_dir / "会員統計.pdf"
        render_statistics(self.ctx, self.stats, out)
        PdfPreviewDialog(out, self, title="会員統計").exec()
