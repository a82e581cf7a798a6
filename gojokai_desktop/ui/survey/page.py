"""The アンケート page: open the council's survey, see the answers the books give and how each
was reached, answer the rest, change one with a reason, and write the council's workbook."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop import paths
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.auth.roles import has_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.services.survey.files import (
    SurveyFile,
    check_survey,
    last_survey_file,
    load_survey_file,
    remember_survey_file,
)
from gojokai_desktop.services.survey.filling import AnswerRow, SurveyFill, answer, fill_survey
from gojokai_desktop.services.survey.sources import source_detail
from gojokai_desktop.services.survey.writing import (
    Written,
    print_survey,
    write_council_workbook,
    write_standard_workbook,
)
from gojokai_desktop.ui.background import BackgroundCall
from gojokai_desktop.ui.output import preview_pdf
from gojokai_desktop.ui.survey.answer_panel import AnswerPanel
from gojokai_desktop.ui.survey.dialogs import CheckDialog, DetailDialog, tell
from gojokai_desktop.ui.survey.models import AnswerTableModel

SAMPLE = "survey/sample_2025.toml"
EMPTY_TEXT = (
    "連絡協議会から届いたアンケートのファイル（.toml）を［アンケートを開く…］で開いてください。"
    "［見本を開く］で見本の調査を試せます。"
)
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')
_COLUMN_WIDTHS = (36, 90, 250, 110, 36, 110, 90, 90)
Writer = Callable[[AppContext, SurveyFill, Path], Written]


class SurveyPage(QWidget):
    """The council's survey of one fiscal year, answered from the books and by the clerk."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.file: SurveyFile | None = None
        self.fill: SurveyFill | None = None
        self._request: tuple[SurveyFile, int] | None = None
        profile = load_profile(ctx)
        self.calendar = profile.calendar if profile else FiscalCalendar()
        layout = QVBoxLayout(self)
        heading = QLabel("アンケート（連絡協議会の調査）")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        layout.addLayout(self._toolbar())
        self.info_label = QLabel(EMPTY_TEXT)
        self.info_label.setWordWrap(True)
        layout.addWidget(self.info_label)
        self.summary_label = QLabel("")
        self.summary_label.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._table())
        self.panel = AnswerPanel()
        self.panel.may_override = has_role(ctx, "admin")
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([360, 250])
        layout.addWidget(splitter, 1)
        layout.addLayout(self._outputs())
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.loader = BackgroundCall(self._load_work, self._on_loaded, self, self._on_load_failed)
        self.panel.save_requested.connect(self._on_panel_save_requested)
        self.panel.revert_requested.connect(self._on_panel_revert_requested)
        self.panel.detail_requested.connect(self.show_detail)
        QShortcut(QKeySequence.StandardKey.Open, self, self.choose_file)
        self._set_enabled(False)

    # ------------------------------------------------------------ building
    def _toolbar(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.open_button = QPushButton("アンケートを開く…")
        self.open_button.setToolTip("連絡協議会のアンケートのファイル（.toml）を開く（Ctrl+O）")
        self.sample_button = QPushButton("見本を開く")
        self.sample_button.setToolTip("見本の調査（令和7年度 勤労者互助会運営状況調査）を開く")
        row.addWidget(self.open_button)
        row.addWidget(self.sample_button)
        row.addSpacing(16)
        row.addWidget(QLabel("年度:"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1990, 2100)
        self.year_spin.setValue(self.calendar.year_of(self.ctx.today()) - 1)
        row.addWidget(self.year_spin)
        self.year_label = QLabel("")
        row.addWidget(self.year_label)
        self.reload_button = QPushButton("計算し直す")
        self.reload_button.setToolTip("帳簿をもう一度読み、計算した回答を新しくする")
        row.addWidget(self.reload_button)
        row.addStretch(1)
        self.open_button.clicked.connect(self.choose_file)
        self.sample_button.clicked.connect(self.open_sample)
        self.year_spin.valueChanged.connect(self._on_year_spin_value_changed)
        self.reload_button.clicked.connect(self.reload)
        self._show_year_label()
        return row

    def _table(self) -> QTableView:
        self.model = AnswerTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate(_COLUMN_WIDTHS):
            self.view.setColumnWidth(column, width)
        self.view.selectionModel().currentRowChanged.connect(self._on_view_current_row_changed)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        return self.view

    def _outputs(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.check_button = QPushButton("確認…")
        self.check_button.setToolTip("アンケートと協議会の様式を確かめる（書き込みはしません）")
        self.council_button = QPushButton("協議会の様式に書き込む…")
        self.council_button.setToolTip(
            "協議会から届いたブックの指定のセルだけに回答を書き込み、別の名前で保存する"
        )
        self.standard_button = QPushButton("標準の様式で保存…")
        self.pdf_button = QPushButton("PDFを表示")
        self.pdf_button.setToolTip("質問と回答の一覧（控え）を印刷用に表示する")
        for button in (self.check_button, self.council_button, self.standard_button,
                       self.pdf_button):  # fmt: skip
            row.addWidget(button)
        row.addStretch(1)
        self.check_button.clicked.connect(self.check)
        self.council_button.clicked.connect(self.write_council)
        self.standard_button.clicked.connect(self.write_standard)
        self.pdf_button.clicked.connect(self.show_pdf)
        return row

    def _set_enabled(self, loaded: bool) -> None:
        for widget in (self.check_button, self.standard_button, self.pdf_button,
                       self.reload_button):  # fmt: skip
            widget.setEnabled(loaded)
        has_template = loaded and self.file is not None and self.file.template is not None
        self.council_button.setEnabled(has_template)

    def _show_year_label(self) -> None:
        self.year_label.setText(self.calendar.label(self.year_spin.value()))

    # ------------------------------------------------------------ opening and loading
    def refresh(self) -> None:
        """When the page is shown: the last survey file, or the open one computed again."""
        if self.file is None:
            last = last_survey_file(self.ctx)
            if last is not None:
                self.open_file(last, remember=False)
        else:
            self.reload()

    def choose_file(self) -> None:
        start = str(self.file.path.parent) if self.file else str(Path.home())
        name, _filter = QFileDialog.getOpenFileName(
            self, "アンケートのファイルを開く", start, "アンケート (*.toml);;すべてのファイル (*)"
        )
        if name:
            self.open_file(Path(name))

    def open_sample(self) -> None:
        self.open_file(paths.shipped_dir("resources") / SAMPLE, remember=False)

    def open_file(self, path: Path, *, remember: bool = True) -> bool:
        """Read a survey file; a file that cannot be read is explained and nothing changes."""
        try:
            file = load_survey_file(path)
        except ValidationError as error:
            tell(self, "アンケートを開けません", error.message, warning=True)
            return False
        if file.survey is None:
            CheckDialog(file.problems, (), "", self).exec()
            return False
        self.file = file
        if remember:
            remember_survey_file(self.ctx, path)
        survey = file.survey
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(survey.fiscal_year)
        self.year_spin.blockSignals(False)
        self._show_year_label()
        self._show_info(file)
        self.reload()
        return True

    def _show_info(self, file: SurveyFile) -> None:
        survey = file.require()
        parts = [f"<b>{survey.title}</b>"]
        if survey.council:
            parts.append(f"提出先: {survey.council}")
        if survey.deadline is not None:
            parts.append(f"提出期限: {format_wareki(survey.deadline, weekday=True)}")
        template = file.template
        parts.append(f"様式: {template.name}" if template else "様式: なし（標準の様式で保存）")
        self.info_label.setText("　".join(parts))
        self.info_label.setToolTip(str(file.path))

    def reload(self) -> None:
        """Compute every answer again off the GUI thread (the books may have changed)."""
        if self.file is None:
            return
        self._request = (self.file, self.year_spin.value())
        self.summary_label.setText("帳簿から計算しています…")
        self.loader.start()

    def _load_work(self) -> SurveyFill | None:
        if self._request is None:
            return None
        file, year = self._request
        return fill_survey(self.ctx, file, year)

    def _on_loaded(self, fill: SurveyFill | None) -> None:
        if fill is None:
            return
        current = self._current_row()
        self.fill = fill
        self.model.set_rows(fill.rows)
        self._show_summary()
        self._set_enabled(True)
        self._select(current.id if current else fill.rows[0].id)

    def _on_load_failed(self, error: Exception) -> None:
        self.summary_label.setText(f"計算できませんでした: {error}")

    def _on_year_spin_value_changed(self, _year: int) -> None:
        self._show_year_label()
        self.reload()

    def _show_summary(self) -> None:
        if self.fill is None:
            return
        text = f"{self.fill.year_label}　{self.fill.summary}"
        self.summary_label.setText(text)

    # ------------------------------------------------------------ the table and the panel
    def _current_row(self) -> AnswerRow | None:
        index = self.view.currentIndex()
        if not index.isValid() or self.fill is None:
            return None
        return self.model.row_at(self.proxy.mapToSource(index).row())

    def _select(self, question_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.row_at(source.row()).id == question_id:
                self.view.setCurrentIndex(self.proxy.index(row, 0))
                self.view.scrollTo(self.proxy.index(row, 0))
                self.panel.show_row(self.model.row_at(source.row()))
                return

    def _on_view_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            self.panel.show_row(None)
            return
        self.panel.show_row(self.model.row_at(self.proxy.mapToSource(current).row()))

    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        row = self.model.row_at(self.proxy.mapToSource(index).row())
        if row.has_detail:
            self.show_detail(row.id)

    def _next_after(self, question_id: str) -> str:
        """The next question in view after ``question_id`` that still needs an answer, else the
        next one."""
        ids = [
            self.model.row_at(self.proxy.mapToSource(self.proxy.index(r, 0)).row())
            for r in range(self.proxy.rowCount())
        ]
        at = next(i for i, r in enumerate(ids) if r.id == question_id)
        later = ids[at + 1 :] + ids[:at]
        waiting = [r for r in later if r.value is None and r.question.required]
        if waiting:
            return waiting[0].id
        return ids[at + 1].id if at + 1 < len(ids) else question_id

    def save_answer(self, question_id: str, raw: object, note: str) -> bool:
        """Store one answer; a refused one is explained in the panel and nothing is stored."""
        if self.fill is None:
            return False
        try:
            self.fill = answer(self.ctx, self.fill, question_id, raw, note)
        except ValidationError as error:
            self.panel.show_error(error.message)
            return False
        row = self.fill.row(question_id)
        self.model.replace_row(row)
        self._show_summary()
        self.status_label.setText(
            f"「{row.question.text}」の回答を保存しました（{row.origin_label}）。"
        )
        self._select(self._next_after(question_id))
        self.data_changed.emit()
        return True

    def _on_panel_save_requested(self, question_id: str, raw: object, note: str) -> None:
        self.save_answer(question_id, raw, note)

    def _on_panel_revert_requested(self, question_id: str) -> None:
        self.save_answer(question_id, "", "")

    def show_detail(self, question_id: str) -> None:
        """The list behind a computed figure (the members counted, the claims summed)."""
        if self.fill is None:
            return
        row = self.fill.row(question_id)
        if not row.has_detail or row.question.source is None:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            detail = source_detail(self.ctx, self.fill.fiscal_year, row.question.source)
        except RuleViolation as error:
            QGuiApplication.restoreOverrideCursor()
            tell(self, "内訳", error.message, warning=True)
            return
        QGuiApplication.restoreOverrideCursor()
        DetailDialog(row.question.text, row.how, detail, self).exec()

    # ------------------------------------------------------------ checking and writing
    def check(self) -> None:
        """Show what the check finds, without writing anything."""
        if self.fill is None:
            return
        result = check_survey(self.ctx, self.fill.file, self.fill.fiscal_year)
        CheckDialog(result.problems, self.fill.unanswered, "閉じる", self).exec()

    def _confirmed(self, action: str) -> bool:
        assert self.fill is not None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = check_survey(self.ctx, self.fill.file, self.fill.fiscal_year)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if not result.problems and not self.fill.unanswered:
            return True
        dialog = CheckDialog(result.problems, self.fill.unanswered, action, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _default_path(self, suffix: str) -> Path:
        assert self.fill is not None
        society = load_profile(self.ctx)
        name = _UNSAFE_NAME.sub("_", f"{self.fill.survey.title}_{society.name if society else ''}")
        folder = self.fill.file.path.parent
        shipped = paths.shipped_dir("resources")
        if folder.is_relative_to(shipped):
            folder = Path.home()
        return folder / f"{name.strip('_')}{suffix}"

    def choose_output(self, title: str, suffix: str) -> Path | None:
        """Where to write (a dialog; tests replace it)."""
        name, _filter = QFileDialog.getSaveFileName(
            self, title, str(self._default_path(suffix)), "Excel (*.xlsx)"
        )
        return Path(name) if name else None

    def _write(self, action: str, title: str, write: Writer) -> Written | None:
        if self.fill is None or not self._confirmed(action):
            return None
        out = self.choose_output(title, ".xlsx")
        if out is None:
            return None
        if out.suffix.lower() != ".xlsx":
            out = out.with_suffix(".xlsx")
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            written = write(self.ctx, self.fill, out)
        except (RuleViolation, ValidationError) as error:
            QGuiApplication.restoreOverrideCursor()
            tell(self, "書き込めませんでした", error.message, warning=True)
            return None
        QGuiApplication.restoreOverrideCursor()
        self.status_label.setText(written.message.replace("\n", "　"))
        tell(self, "書き込みました", written.message)
        self.data_changed.emit()
        return written

    def write_council(self) -> Written | None:
        """The council's own workbook with the answers in their cells, saved under a new name."""
        return self._write("書き込む", "協議会の様式に書き込んで保存", write_council_workbook)

    def write_standard(self) -> Written | None:
        """The standard layout workbook (番号・区分・質問・回答・単位・根拠)."""
        return self._write("保存する", "標準の様式で保存", write_standard_workbook)

    def show_pdf(self) -> None:
        """The questions and answers as a PDF in the preview (印刷・保存)."""
        if self.fill is None:
            return
        fill = self.fill
        preview_pdf(self, "survey.pdf", fill.survey.title,
                    lambda path: print_survey(self.ctx, fill, path))  # fmt: skip
