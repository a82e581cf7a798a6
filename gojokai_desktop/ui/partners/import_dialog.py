"""Importing a partner's workbook of results: choose the file and sheet, check the columns
(guessed from the headings), see every row — a refused row is named by its row and nothing
is stored until the whole file passes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.periods import PartnerYear, Period
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners.import_read import (
    FIELD_LABELS,
    ColumnMap,
    ResultSheet,
    guess_columns,
    headers_of,
    read_sheet,
    sheet_names,
)
from gojokai_desktop.services.partners.importer import (
    ImportOutcome,
    ResultImportPlan,
    commit_result_import,
    prepare_result_import,
)
from gojokai_desktop.services.partners.items import PartnerView
from gojokai_desktop.ui.batch import BatchRun
from gojokai_desktop.ui.partners._messages import error_text
from gojokai_desktop.ui.partners._views import list_table
from gojokai_desktop.ui.partners.models import IMPORT_COLUMNS
from gojokai_desktop.ui.table_base import RowsTableModel

_NO_COLUMN = "（なし）"


class ImportDialog(QDialog):
    """File → columns → 確認 → 取り込む; the import button waits for a plan without problems."""

    def __init__(
        self,
        ctx: AppContext,
        partner: PartnerView,
        fiscal_year: int,
        period: Period,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.partner = partner
        self.fiscal_year = fiscal_year
        self.year = PartnerYear(fiscal_year, partner.start_month)
        self.sheet: ResultSheet | None = None
        self.plan: ResultImportPlan | None = None
        self.outcome: ImportOutcome | None = None
        self.setWindowTitle(f"実績の取り込み — {partner.name} {self.year.label()}")
        self.resize(980, 680)
        layout = QVBoxLayout(self)
        layout.addLayout(self._file_row())
        layout.addLayout(self._columns_form(period))
        layout.addLayout(self._check_row())
        layout.addWidget(self._results(), 1)
        layout.addLayout(self._buttons())

    def _file_row(self) -> QHBoxLayout:
        file_row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("推進先から届いたExcel（.xlsx）かCSVのファイル")
        browse = QPushButton("ファイルを選ぶ…")
        browse.clicked.connect(self._on_browse_clicked)
        self.sheet_combo = QComboBox()
        self.sheet_combo.activated.connect(lambda _i: self._read())
        file_row.addWidget(QLabel("ファイル"))
        file_row.addWidget(self.path_edit, 1)
        file_row.addWidget(browse)
        file_row.addWidget(QLabel("シート"))
        file_row.addWidget(self.sheet_combo)
        return file_row

    def _columns_form(self, period: Period) -> QFormLayout:
        form = QFormLayout()
        columns_row = QHBoxLayout()
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 99)
        self.header_spin.setSuffix("行目")
        self.header_spin.valueChanged.connect(self._on_header_changed)
        columns_row.addWidget(QLabel("見出しの行"))
        columns_row.addWidget(self.header_spin)
        self.column_combos: dict[str, QComboBox] = {}
        for field, label in FIELD_LABELS.items():
            combo = QComboBox()
            combo.setMinimumWidth(110)
            self.column_combos[field] = combo
            columns_row.addWidget(QLabel(label))
            columns_row.addWidget(combo)
        columns_row.addStretch(1)
        form.addRow("列", columns_row)
        self.period_combo = QComboBox()
        self.period_combo.addItem("期間の列から（列がなければ取り込めません）", None)
        for choice in self.year.periods():
            self.period_combo.addItem(self.year.period_label(choice), choice)
        self.period_combo.setCurrentIndex(max(self.period_combo.findData(period), 0))
        form.addRow("期間の列が空のとき", self.period_combo)
        return form

    def _check_row(self) -> QHBoxLayout:
        check_row = QHBoxLayout()
        self.check_button = QPushButton("確認する")
        self.check_button.clicked.connect(self.check)
        self.summary = QLabel("ファイルを選んでください。")
        self.summary.setWordWrap(True)
        check_row.addWidget(self.check_button)
        check_row.addWidget(self.summary, 1)
        return check_row

    def _results(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.lines_model: RowsTableModel[Any] = RowsTableModel(IMPORT_COLUMNS, self)
        self.lines_view = list_table(self.lines_model)
        header = self.lines_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.problems = QListWidget()
        splitter.addWidget(self.lines_view)
        splitter.addWidget(self.problems)
        splitter.setSizes([380, 160])
        return splitter

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.import_button = QPushButton("取り込む")
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self._on_import_clicked)
        close = QPushButton("閉じる")
        close.clicked.connect(self.reject)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        return buttons

    # -- the file ------------------------------------------------------------------------
    def _on_browse_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "取り込むファイル", "", "Excel・CSV (*.xlsx *.xlsm *.csv)"
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read the file's sheets and the first sheet (also used by the tests)."""
        self.path_edit.setText(str(path))
        self.sheet_combo.clear()
        try:
            self.sheet_combo.addItems(sheet_names(path))
        except ValidationError as error:
            self._fail(error_text(error))
            return
        self._read()

    def _fail(self, text: str) -> None:
        self.sheet = None
        self.plan = None
        self.lines_model.set_rows([])
        self.problems.clear()
        self.summary.setText(f"⚠ {text}")
        self.import_button.setEnabled(False)

    def _read(self) -> None:
        path = Path(self.path_edit.text())
        try:
            self.sheet = read_sheet(path, self.sheet_combo.currentText() or None)
        except ValidationError as error:
            self._fail(error_text(error))
            return
        columns = guess_columns(self.sheet)
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(columns.header_row)
        self.header_spin.blockSignals(False)
        self._fill_columns(columns)
        self.check()

    def _on_header_changed(self, row: int) -> None:
        if self.sheet is None:
            return
        headers = headers_of(self.sheet, row)
        self._fill_columns(ColumnMap(row, headers, None, None))

    def _fill_columns(self, columns: ColumnMap) -> None:
        assert self.sheet is not None
        headers = headers_of(self.sheet, columns.header_row)
        for field, combo in self.column_combos.items():
            combo.clear()
            combo.addItem(_NO_COLUMN, None)
            for position, header in enumerate(headers):
                combo.addItem(header, position)
            chosen = columns.of(field)
            combo.setCurrentIndex(0 if chosen is None else chosen + 1)

    def columns(self) -> ColumnMap:
        def chosen(field: str) -> int | None:
            value = self.column_combos[field].currentData()
            return value if isinstance(value, int) else None

        assert self.sheet is not None
        row = self.header_spin.value()
        return ColumnMap(
            row,
            headers_of(self.sheet, row),
            chosen("item"),
            chosen("amount"),
            chosen("establishment"),
            chosen("period"),
        )

    # -- check and store -----------------------------------------------------------------
    def check(self) -> None:
        if self.sheet is None:
            return
        default = self.period_combo.currentData()
        try:
            self.plan = prepare_result_import(
                self.ctx,
                self.sheet,
                self.columns(),
                partner_id=self.partner.id,
                fiscal_year=self.fiscal_year,
                default_period=default if isinstance(default, Period) else None,
            )
        except (ValidationError, RuleViolation) as error:
            self._fail(error_text(error))
            return
        plan = self.plan
        self.lines_model.set_rows(plan.lines)
        self.problems.clear()
        for problem in plan.problems:
            self.problems.addItem(f"✖ {problem}")
        for row, why in plan.skipped:
            self.problems.addItem(f"－ {row}行目: {why}")
        actions = [line.action for line in plan.lines]
        counts = "・".join(f"{a} {actions.count(a)}" for a in ("追加", "変更", "変更なし"))
        if plan.problems:
            self.summary.setText(
                f"⚠ 取り込めない行が {len(plan.problems)} 行あります（下の一覧）。"
                "ファイルを直してから「確認する」を押してください。このままでは何も保存しません。"
            )
        elif not plan.lines:
            self.summary.setText("取り込める行がありません。列の割り当てを確かめてください。")
        else:
            self.summary.setText(f"{len(plan.lines)} 行を取り込めます（{counts}）。")
        self.import_button.setEnabled(plan.ok)

    def _on_import_clicked(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok:
            return

        def task(progress: Any, cancelled: Any) -> ImportOutcome:
            return commit_result_import(
                self.ctx,
                plan,
                progress=lambda done, total: (progress(done, total), not cancelled())[1],
            )

        run = BatchRun(self, "実績を取り込み中", task)
        run.exec()
        if run.error or run.cancelled:
            self.summary.setText(f"⚠ {run.error or '中止しました。何も保存していません。'}")
            self.check()
            return
        assert isinstance(run.result, ImportOutcome)
        self.outcome = run.result
        self.accept()
