"""The 監査ログ tab (the auditor's screen): entries by date, user, table and record with the
values before and after, filtered, exported, and the chain verified."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.files import describe_os_error
from gojokai_desktop.services.audit import (
    MAX_ROWS,
    AuditFilter,
    AuditRow,
    entity_choices,
    export_entries,
    list_entries,
    user_choices,
    verify_trail,
)
from gojokai_desktop.services.auth.roles import current_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.batch import BatchRun
from gojokai_desktop.ui.messages import inform, warn
from gojokai_desktop.ui.settings.models import audit_model, change_model
from gojokai_desktop.ui.widgets.wareki_date_edit import WarekiDateEdit


class AuditTab(QWidget):
    """Filters on top, the entries in the middle, the chosen entry's changes below."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addLayout(self._filters())
        self.model = audit_model()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.changes = change_model()
        self.change_table = QTableView()
        self.change_table.setModel(self.changes)
        self.change_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.change_table.horizontalHeader().setStretchLastSection(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.change_table)
        splitter.setSizes([300, 140])
        layout.addWidget(splitter, 1)
        row = QHBoxLayout()
        self.count_label = QLabel()
        self.export_button = QPushButton("Excelに出力…")
        self.verify_button = QPushButton("監査ログを検証")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        row.addWidget(self.count_label, 1)
        row.addWidget(self.export_button)
        row.addWidget(self.verify_button)
        layout.addLayout(row)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.rows: list[AuditRow] = []

    def _filters(self) -> QGridLayout:
        grid = QGridLayout()
        self.start_edit = WarekiDateEdit(field="開始日")
        self.end_edit = WarekiDateEdit(field="終了日")
        self.user_combo = QComboBox()
        self.user_combo.setEditable(True)
        self.entity_combo = QComboBox()
        self.record_edit = QLineEdit()
        self.record_edit.setPlaceholderText("例: 12")
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText("操作名や値の一部")
        self.search_button = QPushButton("検索")
        self.search_button.clicked.connect(self.search)
        for edit in (self.record_edit, self.text_edit):
            edit.returnPressed.connect(self.search)
        grid.addWidget(QLabel("期間"), 0, 0)
        grid.addWidget(self.start_edit, 0, 1)
        grid.addWidget(QLabel("〜"), 0, 2)
        grid.addWidget(self.end_edit, 0, 3)
        grid.addWidget(QLabel("利用者"), 0, 4)
        grid.addWidget(self.user_combo, 0, 5)
        grid.addWidget(QLabel("表"), 1, 0)
        grid.addWidget(self.entity_combo, 1, 1)
        grid.addWidget(QLabel("記録の番号"), 1, 2)
        grid.addWidget(self.record_edit, 1, 3)
        grid.addWidget(QLabel("語句"), 1, 4)
        grid.addWidget(self.text_edit, 1, 5)
        grid.addWidget(self.search_button, 1, 6)
        grid.setColumnStretch(5, 1)
        return grid

    def allowed(self) -> bool:
        return current_role(self.ctx) in ("system", "admin", "auditor")

    def refresh(self) -> None:
        allowed = self.allowed()
        self.note.setText(
            "すべての変更が、誰が・いつ・何を・どう変えたかとともに記録されています。"
            "記録はつながっていて、プログラムの外で書き換えると［検証］で見つかります。"
            if allowed
            else "監査ログを見られるのは管理者と監事です。"
        )
        for widget in (self.search_button, self.export_button, self.verify_button, self.table):
            widget.setEnabled(allowed)
        if not allowed:
            return
        user = self.user_combo.currentText()
        self.user_combo.clear()
        self.user_combo.addItem("")
        self.user_combo.addItems(user_choices(self.ctx))
        self.user_combo.setCurrentText(user)
        entity = self.entity_combo.currentData()
        self.entity_combo.clear()
        self.entity_combo.addItem("（すべて）", "")
        for name, label in entity_choices(self.ctx):
            self.entity_combo.addItem(f"{label}（{name}）" if label != name else name, name)
        self.entity_combo.setCurrentIndex(max(0, self.entity_combo.findData(entity or "")))
        self.search()

    def wanted(self) -> AuditFilter:
        return AuditFilter(
            start=self.start_edit.date(),
            end=self.end_edit.date(),
            user=self.user_combo.currentText().strip(),
            entity=str(self.entity_combo.currentData() or ""),
            record=self.record_edit.text().strip(),
            text=self.text_edit.text().strip(),
        )

    def search(self) -> None:
        try:
            self.rows = list_entries(self.ctx, self.wanted())
        except (ValidationError, RuleViolation) as error:
            warn(self, "監査ログ", str(error))
            return
        self.model.set_rows(self.rows)
        self.table.resizeColumnsToContents()
        shown = f"{len(self.rows):,} 件"
        if len(self.rows) >= MAX_ROWS:
            shown += f"（新しい順に {MAX_ROWS:,} 件まで。期間などで絞り込んでください）"
        self.count_label.setText(shown)
        self.changes.set_rows([])
        if self.rows:
            self.table.selectRow(0)

    def _on_selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.changes.set_rows(list(self.model.row_at(rows[0].row()).changes) if rows else [])
        self.change_table.resizeColumnsToContents()

    def export_to(self, target: Path) -> bool:
        fmt = "csv" if target.suffix.lower() == ".csv" else "xlsx"
        try:
            export_entries(self.ctx, self.rows, target, fmt)
        except (ValidationError, RuleViolation) as error:
            warn(self, "監査ログの出力", str(error))
            return False
        except OSError as exc:
            warn(self, "監査ログの出力", describe_os_error(exc, target))
            return False
        self.count_label.setText(f"{len(self.rows):,} 件を出力しました: {target}")
        return True

    def _on_export_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "監査ログを出力", "監査ログ.xlsx", "Excel (*.xlsx);;CSV (*.csv)"
        )
        if name:
            self.export_to(Path(name))

    def verify_text(self) -> tuple[bool, str]:
        result = verify_trail(self.ctx)
        head = (
            f"監査ログ {result.entries:,} 件をたどり、{result.tables} 表 {result.rows:,} 行を"
            "記録と照合しました。\n\n"
        )
        if result.ok:
            return True, head + "書き換えは見つかりませんでした。"
        lines = [f"・{finding.message}" for finding in result.findings[:15]]
        more = result.total_findings - len(lines)
        if more > 0:
            lines.append(f"ほかに {more:,} 件")
        return False, head + f"{result.total_findings:,} 件の問題があります:\n" + "\n".join(lines)

    def _on_verify_clicked(self) -> None:
        # A large society has a million rows to compare: off the GUI thread, with 中止.
        run = BatchRun(self, "監査ログを検証しています…", lambda _p, _c: self.verify_text())
        run.exec()
        if run.error:
            warn(self, "監査ログの検証", run.error)
        elif isinstance(run.result, tuple):
            ok, text = run.result
            (inform if ok else warn)(self, "監査ログの検証", str(text))
