"""事業報告 tab: the texts the clerk writes for the year (会議の開催状況, 主な事業) beside the
figures the program gathers, saved with the year and printed together."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.reports import ActivityReport, BarChart, ReportTable
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.activity import activity_report
from gojokai_desktop.services.reports.printouts import print_activity
from gojokai_desktop.services.reports.texts import (
    TEXT_LABELS,
    report_texts,
    report_years,
    save_report_texts,
    year_calendar,
)
from gojokai_desktop.ui.reports.common import FIXABLE, YearBar, preview_report, show_problem

TEXT_KEYS = ("meetings", "activities")
HINTS = {
    "meetings": "例: 5月24日に第38回通常総会を開き、全議案が承認されました。幹事会を4回開きました。"
    "\n（登録した会議の一覧は自動で載ります。ここには補足を書きます）",
    "activities": "例: ・夏季・年末に会員全員へ記念品を贈りました。"
    "\n・10月に日帰り研修旅行を実施しました。",
}


def summary_text(report: ActivityReport) -> str:
    """What the report will say, section by section, for the clerk to read before printing."""
    lines = [f"{report.title}　{report.period}", ""]
    for section in report.sections:
        lines.append(f"■ {section.title}")
        for block in section.blocks:
            if isinstance(block, str):
                lines.append(f"　{block.splitlines()[0] if block else ''}")
            elif isinstance(block, ReportTable):
                if block.caption:
                    lines.append(f"　［{block.caption}］")
                for row in block.rows:
                    figures = "　".join(
                        f"{title} {value:,}" if isinstance(value, int) else f"{title} {value}"
                        for title, value in zip(block.columns[1:], row[1:], strict=True)
                        if value not in (None, "")
                    )
                    lines.append(f"　{row[0]}: {figures}")
            elif isinstance(block, BarChart):
                lines.append(f"　［グラフ: {block.title}］")
            else:
                count, amount = block.total.pair(1)
                lines.append(f"　［{block.title}: 合計 {count or 0:,}件 {amount or 0:,}円］")
        lines.append("")
    return "\n".join(lines)


class ActivityTab(QWidget):
    """Write the report's texts and print the 事業報告 of a year."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        calendar, self.label_of, _society = year_calendar(ctx)
        layout = QVBoxLayout(self)
        self.year_bar = YearBar(
            self.label_of, calendar.year_of(ctx.today()) - 1, years=report_years(ctx, members=True)
        )
        self.year_bar.year_changed.connect(self._on_year_bar_year_changed)
        layout.addWidget(self.year_bar)
        splitter = QSplitter()
        editors = QWidget()
        form = QFormLayout(editors)
        self.editors: dict[str, QPlainTextEdit] = {}
        for key in TEXT_KEYS:
            edit = QPlainTextEdit()
            edit.setPlaceholderText(HINTS[key])
            edit.setAccessibleName(TEXT_LABELS[key])
            form.addRow(TEXT_LABELS[key], edit)
            self.editors[key] = edit
        splitter.addWidget(editors)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        splitter.addWidget(self.summary)
        splitter.setSizes([520, 420])
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("文章を保存 (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save_texts)
        self.print_button = QPushButton("事業報告を印刷…")
        self.print_button.clicked.connect(self.print_report)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        self.state_label = QLabel()
        buttons.addWidget(self.state_label)
        layout.addLayout(buttons)
        self._shown_year = self.fiscal_year

    @property
    def fiscal_year(self) -> int:
        return self.year_bar.year

    def refresh(self) -> None:
        self._shown_year = self.fiscal_year
        texts = report_texts(self.ctx, self.fiscal_year)
        for key, edit in self.editors.items():
            edit.setPlainText(texts.get(key, ""))
            edit.document().setModified(False)
        self.state_label.setText("")
        try:
            self.summary.setPlainText(summary_text(activity_report(self.ctx, self.fiscal_year)))
        except FIXABLE as error:
            self.summary.setPlainText(str(error))

    def _modified(self) -> bool:
        return any(e.document().isModified() for e in self.editors.values())

    def _on_year_bar_year_changed(self, _year: int) -> None:
        if self._modified():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "事業報告",
                f"{self.label_of(self._shown_year)}の文章が保存されていません。保存しますか？",
                parent=self,
            )
            save = box.addButton("保存する", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("保存しない", QMessageBox.ButtonRole.DestructiveRole)
            box.exec()
            if box.clickedButton() is save:
                self.save_texts()
        self.refresh()

    def save_texts(self) -> bool:
        """Store the texts of the year shown (even after the year selector moved on)."""
        texts = {key: edit.toPlainText() for key, edit in self.editors.items()}
        try:
            save_report_texts(self.ctx, self._shown_year, texts)
        except FIXABLE as error:
            show_problem(self, "保存できません", error)
            return False
        for edit in self.editors.values():
            edit.document().setModified(False)
        self.state_label.setText(f"{self.label_of(self._shown_year)}の文章を保存しました。")
        self.summary.setPlainText(summary_text(activity_report(self.ctx, self._shown_year)))
        return True

    def print_report(self) -> None:
        if self._modified() and not self.save_texts():
            return
        year = self.fiscal_year
        preview_report(
            self,
            f"事業報告_{year}.pdf",
            f"{self.label_of(year)} 事業報告",
            lambda path: print_activity(self.ctx, year, path),
        )
