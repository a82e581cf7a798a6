"""The member import wizard: file → sheet and header row → columns → preview → import → summary."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.export import save_import_summary
from gojokai_desktop.services.members.import_read import (
    FIELD_LABELS,
    Columns,
    RawTable,
    columns_for,
    guess_header_row,
    read_table,
    refused_message,
    sheet_names,
)
from gojokai_desktop.services.members.importer import (
    ACTION_LABELS,
    ImportPlan,
    ImportSummary,
    prepare_import,
    run_import,
)
from gojokai_desktop.ui.batch import Cancelled, Progress, run_in_background
from gojokai_desktop.ui.members.models import RecordTableModel

_PREVIEW_HEADERS = [
    "行",
    "処理",
    "会員番号",
    "氏名",
    "フリガナ",
    "事業所",
    "入会日",
    "重複",
    "誤り",
]


class ImportWizard(QWizard):
    """Every step can go back; nothing is written until the clerk presses 取り込む."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table: RawTable | None = None
        self.columns: Columns | None = None
        self.plan: ImportPlan | None = None
        self.summary: ImportSummary | None = None
        self.setWindowTitle("会員名簿の取り込み（Excel・CSV）")
        self.resize(1000, 680)
        self.file_page = _FilePage(self)
        self.mapping_page = _MappingPage(self)
        self.preview_page = _PreviewPage(self)
        self.result_page = _ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.result_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, "次へ >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< 戻る")
        self.setButtonText(QWizard.WizardButton.CancelButton, "キャンセル")
        self.setButtonText(QWizard.WizardButton.FinishButton, "閉じる")


class _FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("1. ファイルを選ぶ")
        self.setSubTitle("Excel（.xlsx）かCSV（UTF-8・Shift_JIS）の会員名簿を選んでください。")
        form = QFormLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        browse = QPushButton("参照…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        form.addRow("ファイル", row)
        self.sheet_combo = QComboBox()
        form.addRow("シート", self.sheet_combo)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 100)
        form.addRow("見出しの行", self.header_spin)
        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        form.addRow(self.error_label)
        self.path_edit.editingFinished.connect(self.load_sheets)
        self.sheet_combo.currentTextChanged.connect(lambda _t: self.read())

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "取り込むファイル", "", "名簿 (*.xlsx *.xlsm *.csv *.txt)"
        )
        if name:
            self.path_edit.setText(name)
            self.load_sheets()

    def load_sheets(self) -> None:
        path = Path(self.path_edit.text().strip())
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        try:
            self.sheet_combo.addItems(sheet_names(path))
        except (OSError, ValueError) as exc:
            self.error_label.setText(f"ファイル: 開けません（{exc}）")
            return
        finally:
            self.sheet_combo.blockSignals(False)
        self.read()

    def read(self) -> bool:
        path = Path(self.path_edit.text().strip())
        sheet = self.sheet_combo.currentText() or None
        try:
            self.w.table = read_table(path, None if path.suffix.lower() == ".csv" else sheet)
        except ValidationError as exc:
            self.error_label.setText(f"{exc.field}: {exc.message}")
            return False
        except (OSError, ValueError) as exc:
            self.error_label.setText(f"ファイル: 読めません（{exc}）")
            return False
        self.header_spin.setValue(guess_header_row(self.w.table))
        rows = len(self.w.table.rows)
        self.error_label.setText(f"{rows:,} 行（空行を除く）を読みました。")
        return True

    def validatePage(self) -> bool:
        if self.w.table is None and not self.read():
            return False
        assert self.w.table is not None
        self.w.columns = columns_for(self.w.table, self.header_spin.value())
        return True


class _MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("2. 列の割り当て")
        self.setSubTitle("見出しから推測しました。違う列は選び直してください。")
        layout = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.grid_widget = QWidget()
        self.grid = QGridLayout(self.grid_widget)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll.setWidget(self.grid_widget)
        layout.addWidget(scroll, 1)
        self.refused_label = QLabel("")
        self.refused_label.setWordWrap(True)
        self.refused_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.refused_label)
        options = QFormLayout()
        self.duplicate_combo = QComboBox()
        for code in ("skip", "update", "add"):
            self.duplicate_combo.addItem(ACTION_LABELS[code], code)
        self.create_check = QCheckBox(
            "登録されていない事業所は新しく作る（外すとその行は取り込まない）"
        )
        self.create_check.setChecked(True)
        options.addRow("重複した行の既定", self.duplicate_combo)
        options.addRow("", self.create_check)
        layout.addLayout(options)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        self.combos: list[QComboBox | None] = []

    def initializePage(self) -> None:
        columns, table = self.w.columns, self.w.table
        assert columns is not None
        assert table is not None
        first = next((cells for n, cells in table.rows if n > columns.header_row), ())
        while self.grid.count():
            item = self.grid.takeAt(0)
            old = item.widget() if item is not None else None
            if old is not None:
                old.deleteLater()
        for position, title in enumerate(("ファイルの見出し", "最初の行の値", "取り込む項目")):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, position)
        self.combos = []
        for position, header in enumerate(columns.headers):
            line = position + 1
            self.grid.addWidget(QLabel(header or f"（{position + 1}列目）"), line, 0)
            refused = position in columns.refused
            value = first[position] if position < len(first) else ""
            self.grid.addWidget(QLabel("（読み込みません）" if refused else str(value)), line, 1)
            if refused:
                self.grid.addWidget(QLabel("取り込まない（マイナンバー）"), line, 2)
                self.combos.append(None)
                continue
            combo = QComboBox()
            combo.addItem("（取り込まない）", None)
            for code, label in FIELD_LABELS.items():
                combo.addItem(label, code)
            combo.setCurrentIndex(max(0, combo.findData(columns.mapping[position])))
            self.grid.addWidget(combo, line, 2)
            self.combos.append(combo)
        notices = self.w.table.messages if self.w.table is not None else ()
        self.refused_label.setText("\n".join([*notices, *refused_message(columns)]))

    def validatePage(self) -> bool:
        columns, table = self.w.columns, self.w.table
        assert columns is not None
        assert table is not None
        mapping = tuple(None if c is None else c.currentData() for c in self.combos)
        chosen = [m for m in mapping if m]
        if len(chosen) != len(set(chosen)):
            self.error_label.setText("列の割り当て: 同じ項目が2つの列に割り当てられています。")
            return False
        self.w.columns = Columns(columns.header_row, columns.headers, mapping, columns.refused)
        try:
            self.w.plan = prepare_import(
                self.w.ctx, table, self.w.columns,
                on_duplicate=str(self.duplicate_combo.currentData()),
                create_establishments=self.create_check.isChecked(),
            )  # fmt: skip
        except ValidationError as exc:
            self.error_label.setText(f"{exc.field}: {exc.message}")
            return False
        return True


class _PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("3. 確認")
        self.setSubTitle("全部の行と誤りです。重複した行は選んで処理を変えられます。")
        layout = QVBoxLayout(self)
        self.counts_label = QLabel("")
        layout.addWidget(self.counts_label)
        self.model = RecordTableModel(_PREVIEW_HEADERS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        for position, width in enumerate((44, 90, 380, 120, 80, 100, 130, 150)):
            self.view.setColumnWidth(position, width)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        for code in ("add", "update", "skip"):
            button = QPushButton(f"選んだ行を「{ACTION_LABELS[code]}」にする")
            button.clicked.connect(lambda _c=False, a=code: self.set_selected(a))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "取り込む")

    def initializePage(self) -> None:
        self.show_plan()

    def show_plan(self) -> None:
        plan = self.w.plan
        assert plan is not None
        self.model.set_rows(
            [(r.row, ACTION_LABELS[r.action],
              " / ".join(f"{e.column}「{e.value}」: {e.message}" if e.value else
                         f"{e.column}: {e.message}" for e in r.errors),
              r.duplicate_of, r.data.number if r.data else "", r.data.name if r.data else "",
              r.data.name_kana if r.data else "", r.establishment, r.join_date)
             for r in plan.rows]
        )  # fmt: skip
        c = plan.counts()
        new = f"　新しい事業所 {len(plan.new_establishments)} 件" if plan.new_establishments else ""
        self.counts_label.setText(
            f"追加 {c['add']:,}・更新 {c['update']:,}・スキップ {c['skip']:,}・"
            f"取り込まない（誤り）{c['refuse']:,}{new}"
        )

    def set_selected(self, action: str) -> None:
        plan = self.w.plan
        assert plan is not None
        try:
            for index in self.view.selectionModel().selectedRows():
                plan.set_action(index.row(), action)
        except RuleViolation as exc:
            self.error_label.setText(exc.message)
        self.show_plan()

    def validatePage(self) -> bool:
        plan = self.w.plan
        assert plan is not None
        ctx = self.w.ctx

        def task(progress: Progress, cancelled: Cancelled) -> Any:
            def report(done: int, total: int) -> bool:
                progress(done, total)
                return not cancelled()

            try:
                return run_import(ctx, plan, progress=report)
            except (ValidationError, RuleViolation) as exc:
                return exc

        result = run_in_background(self, "会員を取り込み中", task)
        if isinstance(result, ImportSummary):
            self.w.summary = result
            return True
        message = getattr(result, "message", "取り込みを中止しました。データベースは元のままです。")
        self.error_label.setText(message)
        return False


class _ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("4. 結果")
        layout = QVBoxLayout(self)
        self.label = QLabel("")
        layout.addWidget(self.label)
        save = QPushButton("結果をExcelに保存…")
        save.clicked.connect(self._save)
        layout.addWidget(save)
        layout.addStretch(1)

    def initializePage(self) -> None:
        s = self.w.summary
        assert s is not None
        self.label.setText(
            f"取り込みました。\n追加 {s.added:,} 件\n更新 {s.updated:,} 件\n"
            f"スキップ {s.skipped:,} 件\n取り込まない {s.refused:,} 件"
        )

    def save_to(self, path: Path) -> None:
        assert self.w.summary is not None
        save_import_summary(path, self.w.summary)

    def _save(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "取り込み結果", "取り込み結果.xlsx", "Excel (*.xlsx)"
        )
        if name:
            self.save_to(Path(name))
            QMessageBox.information(self, "保存しました", f"{name} に保存しました。")
