"""The member import wizard: file → sheet and header row → columns → preview → import → summary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
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
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.export import save_import_summary
from gojokai_desktop.services.members.import_columns import FIELD_LABELS
from gojokai_desktop.services.members.import_read import (
    Columns,
    RawTable,
    columns_for,
    guess_header_row,
    read_table,
    refused_message,
    sheet_names,
)
from gojokai_desktop.services.members.import_sheets import Companions, read_companions
from gojokai_desktop.services.members.importer import (
    ACTION_LABELS,
    ImportPlan,
    ImportRow,
    ImportSummary,
    default_join_dates,
    prepare_import,
    run_import,
)
from gojokai_desktop.services.members.roster_format import (
    ESTABLISHMENTS_SHEET,
    FAMILY_SHEET,
    SOCIETY_SHEET,
)
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.ui.batch import Cancelled, Progress, run_in_background
from gojokai_desktop.ui.setup_dialog import SetupDialog
from gojokai_desktop.ui.table_base import Column, RowsTableModel
from gojokai_desktop.ui.widgets import WarekiDateEdit
from gojokai_desktop.ui.widgets.sizing import resize_within

_ERROR_STYLE = "color: #b00020;"
_NOTE_STYLE = "color: #1d3f6e;"
_OWN_DATE = "own"


def _errors_text(row: ImportRow) -> str:
    return " / ".join(
        f"{e.column}「{e.value}」: {e.message}" if e.value else f"{e.column}: {e.message}"
        for e in row.errors
    )


def _join_text(row: ImportRow) -> str:
    if row.join_date is None:
        return ""
    return format_wareki(row.join_date) + ("（一括）" if row.join_from_default else "")


#: The preview's columns: each heading is defined with its value, so they cannot drift.
PREVIEW_COLUMNS: tuple[Column[ImportRow], ...] = (
    Column("行", lambda r: r.row, "int"),
    Column("処理", lambda r: ACTION_LABELS[r.action]),
    Column("会員番号", lambda r: r.data.number if r.data else ""),
    Column("氏名", lambda r: r.data.name if r.data else ""),
    Column("フリガナ", lambda r: r.data.name_kana if r.data else ""),
    Column("事業所", lambda r: r.establishment),
    Column("入会日", _join_text),
    Column("退会日", lambda r: r.leave_date, "date"),
    Column("重複", lambda r: r.duplicate_of),
    Column("誤り", _errors_text),
)


class ImportWizard(QWizard):
    """Every step can go back; nothing is written until the clerk presses 取り込む."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.table: RawTable | None = None
        self.columns: Columns | None = None
        self.companions = Companions()
        self.plan: ImportPlan | None = None
        self.summary: ImportSummary | None = None
        self.setWindowTitle("会員名簿の取り込み（Excel・CSV）")
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
        resize_within(self, 1000, 680)


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
        form.addRow(self.error_label)
        self.path_edit.editingFinished.connect(self.load_sheets)
        self.sheet_combo.currentTextChanged.connect(lambda _t: self.read())
        self.header_spin.valueChanged.connect(lambda _v: self._show_count())

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "取り込むファイル", "", "名簿 (*.xlsx *.xlsm *.csv *.txt)"
        )
        if name:
            self.path_edit.setText(name)
            self.load_sheets()

    def _say(self, text: str, *, error: bool) -> None:
        self.error_label.setStyleSheet(_ERROR_STYLE if error else _NOTE_STYLE)
        self.error_label.setText(text)

    def load_sheets(self) -> None:
        path = Path(self.path_edit.text().strip())
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        try:
            names = sheet_names(path)
            # The companion sheets of the program's own export go with the roster, not as it.
            companions = (ESTABLISHMENTS_SHEET, FAMILY_SHEET, SOCIETY_SHEET)
            self.sheet_combo.addItems([n for n in names if n not in companions] or names)
        except ValidationError as exc:  # a file refused as it is opened: said as it is
            self._say(f"{exc.field}: {exc.message}", error=True)
            return
        except (OSError, ValueError) as exc:
            self._say(f"ファイル: 開けません（{exc}）", error=True)
            return
        finally:
            self.sheet_combo.blockSignals(False)
        self.read()

    def read(self) -> bool:
        path = Path(self.path_edit.text().strip())
        sheet = self.sheet_combo.currentText() or None
        try:
            self.w.table = read_table(path, None if path.suffix.lower() == ".csv" else sheet)
            self.w.companions = read_companions(path)
        except ValidationError as exc:
            self._say(f"{exc.field}: {exc.message}", error=True)
            return False
        except (OSError, ValueError) as exc:
            self._say(f"ファイル: 読めません（{exc}）", error=True)
            return False
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(guess_header_row(self.w.table))
        self.header_spin.blockSignals(False)
        self._show_count()
        return True

    def data_rows(self) -> int:
        """Rows under the header row (blank rows and the header itself not counted)."""
        table = self.w.table
        header = self.header_spin.value()
        return 0 if table is None else sum(1 for n, _c in table.rows if n > header)

    def _show_count(self) -> None:
        found = self.w.companions
        extra = []
        if found.establishments:
            extra.append(f"事業所シート {len(found.establishments):,} 件")
        if found.families:
            extra.append(f"家族シート {len(found.families):,} 件")
        if found.profile is not None:
            extra.append("互助会シート（基本情報）")
        more = f"\nほかに {'・'.join(extra)} があります。" if extra else ""
        problems = "".join(f"\n{e}" for e in found.errors[:5])
        self._say(f"{self.data_rows():,} 行（見出しと空行を除く）を読みました。{more}{problems}",
                  error=bool(found.errors))  # fmt: skip

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
        self.setSubTitle(
            "見出しの意味から選びました（判定の欄が理由です）。違う列は選び直してください。"
        )
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
        self.refused_label.setStyleSheet(_ERROR_STYLE)
        layout.addWidget(self.refused_label)
        options = QFormLayout()
        self.join_combo = QComboBox()
        self.join_edit = WarekiDateEdit(field="全員の入会日")
        join_row = QHBoxLayout()
        join_row.addWidget(self.join_combo, 1)
        join_row.addWidget(self.join_edit)
        self.join_combo.currentIndexChanged.connect(self._on_join_combo_changed)
        self.duplicate_combo = QComboBox()
        for code in ("skip", "update", "add"):
            self.duplicate_combo.addItem(ACTION_LABELS[code], code)
        self.create_check = QCheckBox(
            "登録されていない事業所は新しく作る（外すとその行は取り込まない）"
        )
        self.create_check.setChecked(True)
        options.addRow("入会日がない行", join_row)
        options.addRow("重複した行の既定", self.duplicate_combo)
        options.addRow("", self.create_check)
        layout.addLayout(options)
        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        layout.addWidget(self.error_label)
        self.combos: list[QComboBox | None] = []
        self.reasons: list[QLabel] = []

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
        titles = ("ファイルの見出し", "最初の行の値", "取り込む項目", "判定")
        for position, title in enumerate(titles):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, position)
        self.combos, self.reasons = [], []
        for position, header in enumerate(columns.headers):
            line = position + 1
            self.grid.addWidget(QLabel(header or f"（{position + 1}列目）"), line, 0)
            refused = position in columns.refused
            value = first[position] if position < len(first) else ""
            self.grid.addWidget(QLabel("（読み込みません）" if refused else str(value)), line, 1)
            match = columns.matches[position] if position < len(columns.matches) else None
            reason = QLabel(match.reason if match is not None else "")
            reason.setStyleSheet("color: #4a5563;")
            self.reasons.append(reason)
            self.grid.addWidget(reason, line, 3)
            if refused:
                self.grid.addWidget(QLabel("取り込まない（マイナンバー）"), line, 2)
                self.combos.append(None)
                continue
            combo = QComboBox()
            combo.addItem("（取り込まない）", None)
            for code, label in FIELD_LABELS.items():
                combo.addItem(label, code)
            combo.setCurrentIndex(max(0, combo.findData(columns.mapping[position])))
            combo.currentIndexChanged.connect(lambda _i, p=position: self._on_choice(p))
            self.grid.addWidget(combo, line, 2)
            self.combos.append(combo)
        notices = self.w.table.messages if self.w.table is not None else ()
        self.refused_label.setText("\n".join([*notices, *refused_message(columns)]))
        self._fill_join_choices()

    def mapping(self) -> tuple[str | None, ...]:
        return tuple(None if c is None else c.currentData() for c in self.combos)

    def _on_choice(self, position: int) -> None:
        self.reasons[position].setText("手で選んだ項目")
        self._fill_join_choices()

    def _fill_join_choices(self) -> None:
        """With a 入会日 column, blank cells may take one date; without one, every row does."""
        has_column = "join_date" in self.mapping()
        chosen = self.join_combo.currentData()
        self.join_combo.blockSignals(True)
        self.join_combo.clear()
        if has_column:
            self.join_combo.addItem("使わない（入会日が空欄の行は取り込まない）", None)
        for label, day in default_join_dates(self.w.ctx):
            self.join_combo.addItem(f"{label}（{format_wareki(day)}）", day)
        self.join_combo.addItem("日付を指定する", _OWN_DATE)
        index = self.join_combo.findData(chosen)
        self.join_combo.setCurrentIndex(max(0, index))
        self.join_combo.blockSignals(False)
        self._on_join_combo_changed()

    def _on_join_combo_changed(self, _index: int = 0) -> None:
        self.join_edit.setVisible(self.join_combo.currentData() == _OWN_DATE)

    def default_join_date(self) -> dt.date | None:
        chosen = self.join_combo.currentData()
        if chosen == _OWN_DATE:
            if not self.join_edit.commit() or self.join_edit.date() is None:
                raise ValidationError(self.join_edit.error() or "日付を入力してください。",
                                      "全員の入会日")  # fmt: skip
            return self.join_edit.date()
        return chosen if isinstance(chosen, dt.date) else None

    def validatePage(self) -> bool:
        columns, table = self.w.columns, self.w.table
        assert columns is not None
        assert table is not None
        mapping = self.mapping()
        chosen = [m for m in mapping if m]
        if len(chosen) != len(set(chosen)):
            self.error_label.setText("列の割り当て: 同じ項目が2つの列に割り当てられています。")
            return False
        self.w.columns = columns.with_mapping(mapping)
        try:
            self.w.plan = prepare_import(
                self.w.ctx, table, self.w.columns,
                on_duplicate=str(self.duplicate_combo.currentData()),
                create_establishments=self.create_check.isChecked(),
                default_join_date=self.default_join_date(),
                companions=self.w.companions,
            )  # fmt: skip
        except ValidationError as exc:
            self.error_label.setText(f"{exc.field}: {exc.message}")
            return False
        self.error_label.clear()
        return True


class _PreviewPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("3. 確認")
        self.setSubTitle("全部の行と誤りです。重複した行は選んで処理を変えられます。")
        layout = QVBoxLayout(self)
        self.counts_label = QLabel("")
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.counts_label)
        self.model: RowsTableModel[ImportRow] = RowsTableModel(PREVIEW_COLUMNS, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        for position, width in enumerate((44, 84, 84, 110, 130, 170, 150, 110, 120)):
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
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(_ERROR_STYLE)
        layout.addWidget(self.error_label)
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "取り込む")

    def initializePage(self) -> None:
        self.show_plan()

    def show_plan(self) -> None:
        plan = self.w.plan
        assert plan is not None
        self.model.set_rows(plan.rows)
        c = plan.counts()
        lines = [f"追加 {c['add']:,}・更新 {c['update']:,}・スキップ {c['skip']:,}・"
                 f"取り込まない（誤り）{c['refuse']:,}"]  # fmt: skip
        if plan.new_establishments:
            names = "、".join(plan.new_establishments[:8])
            more = " …" if len(plan.new_establishments) > 8 else ""
            lines.append(f"新しい事業所 {len(plan.new_establishments):,} 件: {names}{more}")
        if plan.default_join_date is not None:
            lines.append(f"入会日がない行は {format_wareki(plan.default_join_date)}（一括）")
        if plan.companions.families:
            lines.append(f"家族 {len(plan.companions.families):,} 人（家族シート）")
        if plan.profile_needed:
            lines.append(
                "互助会の基本情報は名簿の互助会シートから登録します。"
                if plan.companions.profile is not None
                else "互助会の基本情報が未設定です。取り込む前に入力していただきます。"
            )
        self.counts_label.setText("\n".join(lines))

    def set_selected(self, action: str) -> None:
        plan = self.w.plan
        assert plan is not None
        try:
            for index in self.view.selectionModel().selectedRows():
                plan.set_action(index.row(), action)
        except RuleViolation as exc:
            self.error_label.setText(exc.message)
        self.show_plan()

    def _ask_profile(self) -> bool:
        """A database without a profile (and a file without one) gets it from the clerk."""
        plan = self.w.plan
        assert plan is not None
        if not plan.profile_needed or plan.companions.profile is not None:
            return True
        if load_profile(self.w.ctx) is not None:
            return True
        setup = SetupDialog(self.w.ctx, parent=self)
        return setup.exec() == QDialog.DialogCode.Accepted

    def validatePage(self) -> bool:
        plan = self.w.plan
        assert plan is not None
        ctx = self.w.ctx
        if not self._ask_profile():
            self.error_label.setText("互助会の基本情報がないため取り込めません。")
            return False

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
        self.label.setStyleSheet(_NOTE_STYLE)
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
            f"スキップ {s.skipped:,} 件\n取り込まない {s.refused:,} 件\n"
            f"新しい事業所 {s.establishments_created:,} 件\n家族 {s.family_added:,} 人"
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
