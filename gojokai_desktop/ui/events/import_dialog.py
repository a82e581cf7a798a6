"""申込書（Excel）の取込: choose the file, check it (nothing stored), then take it in whole."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.importer import (
    ImportRefusedError,
    ImportSummary,
    check_import,
    import_applications,
)
from gojokai_desktop.services.events.views import EventDetail
from gojokai_desktop.ui.widgets import WarekiDateEdit


class ImportDialog(QDialog):
    """Two steps: 確認 reads and checks every row; 取り込む stores all of them or none."""

    def __init__(self, ctx: AppContext, detail: EventDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.path: Path | None = None
        self.summary: ImportSummary | None = None
        self.setWindowTitle(f"申込書の取込 — {detail.title}")
        self.resize(700, 480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        file_row = QHBoxLayout()
        self.file_label = QLabel("（ファイルを選んでください）")
        choose = QPushButton("ファイルを選ぶ…")
        choose.clicked.connect(lambda _checked: self._choose())
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(choose)
        self.date_edit = WarekiDateEdit(field="申込日")
        self.date_edit.setDate(ctx.today())
        form.addRow("申込書（.xlsx）", file_row)
        form.addRow("申込日（空欄の行）", self.date_edit)
        layout.addLayout(form)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)
        self.report.setPlainText(
            "申込書式（Excel）の見出しのまま、1行に1人ずつ書いたファイルを選び、"
            "［確認］で読み取ってください。誤りがあると行ごとに表示され、何も登録されません。"
        )
        layout.addWidget(self.report, 1)
        bar = QHBoxLayout()
        self.check_button = QPushButton("確認")
        self.import_button = QPushButton("取り込む")
        self.import_button.setEnabled(False)
        close = QPushButton("閉じる")
        bar.addStretch(1)
        for button in (self.check_button, self.import_button, close):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.check_button.clicked.connect(lambda _checked: self._run(store=False))
        self.import_button.clicked.connect(lambda _checked: self._run(store=True))
        close.clicked.connect(
            lambda _checked: self.reject() if self.summary is None else self.accept()
        )

    def _choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, "申込書を選ぶ", "", "Excel (*.xlsx)")
        if name:
            self.set_path(Path(name))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(str(path))
        self.import_button.setEnabled(False)

    def _run(self, *, store: bool) -> None:
        if self.path is None:
            self.report.setPlainText("【ファイル】申込書のファイルを選んでください。")
            return
        if not self.date_edit.commit():
            self.report.setPlainText(f"【申込日】{self.date_edit.error()}")
            return
        run = import_applications if store else check_import
        try:
            summary = run(self.ctx, self.detail.id, self.path, self.date_edit.date())
        except ImportRefusedError as error:
            self.report.setPlainText(
                "取り込めません（何も登録していません）。直してからもう一度［確認］してください。\n\n"
                + "\n".join(error.errors)
            )
            self.import_button.setEnabled(False)
            return
        except (ValidationError, RuleViolation) as error:
            field = (
                f"【{error.field}】" if isinstance(error, ValidationError) and error.field else ""
            )
            self.report.setPlainText(
                f"取り込めません（何も登録していません）。{field}{error.message}"
            )
            self.import_button.setEnabled(False)
            return
        self.report.setPlainText(summary.message)
        self.import_button.setEnabled(not store)
        if store:
            self.summary = summary
            self.check_button.setEnabled(False)
