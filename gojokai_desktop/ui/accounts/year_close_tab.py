"""The 年度締め tab of the accounts page: the checklist with the screen that fixes each line,
the close (an administrator's action, after a backup), the re-opening with a reason, and the
history of both."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.wareki import format_local_time, format_wareki
from gojokai_desktop.services.accounts.year_close import (
    ClosingRecord,
    YearCheck,
    YearChecklist,
    close_year,
    closing_history,
    describe_carry,
    reopen_year,
    year_checklist,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.background import BackgroundCall
from gojokai_desktop.ui.messages import tell, warn
from gojokai_desktop.ui.table_base import Column, RowsTableModel

ACTIONS = {"close": "締め", "reopen": "再開"}


class ChecklistModel(RowsTableModel[YearCheck]):
    """The checklist: × stops the close, △ is carried into the next year."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            [
                Column("判定", lambda c: "× 要対応" if c.blocking else "△ 確認"),
                Column("項目", lambda c: c.title),
                Column("直す画面", lambda c: c.screen),
                Column("内容", lambda c: c.detail),
            ],
            parent,
        )

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and index.column() == 0:
            return QColor("#B00020") if self.row_at(index.row()).blocking else QColor("#8A6D00")
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            return self.row_at(index.row()).detail
        return super().data(index, role)


def history_model(parent: QWidget | None = None) -> RowsTableModel[ClosingRecord]:
    return RowsTableModel[ClosingRecord](
        [
            Column("日時", lambda r: format_local_time(r.at)),
            Column("操作", lambda r: ACTIONS.get(r.action, r.action)),
            Column("担当", lambda r: r.user_name),
            Column("理由", lambda r: r.reason),
            Column("締め前のバックアップ", lambda r: r.backup_path),
        ],
        parent,
    )


class ReopenDialog(QDialog):
    """Asks the reason for re-opening a closed year (kept in the audit trail)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{label}の再開")
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"{label}を再開すると、この年度の記帳・修正ができるようになります。\n"
                "監査での指摘など、再開する理由を入力してください（記録に残ります）。"
            )
        )
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setAccessibleName("再開の理由")
        reason_label = QLabel("再開の理由（必須）")
        reason_label.setBuddy(self.reason_edit)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("再開する")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reason(self) -> str:
        return self.reason_edit.toPlainText()


class YearCloseTab(QWidget):
    """Check, close and (if need be) re-open the fiscal year chosen at the top of the page."""

    closed_changed = Signal()
    open_requested = Signal(str, str)

    def __init__(
        self,
        ctx: AppContext,
        fiscal_year: Callable[[], int],
        backup_dir: Callable[[], Path],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._year = fiscal_year
        self._backup_dir = backup_dir
        self.checklist: YearChecklist | None = None
        layout = QVBoxLayout(self)
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.state_label)
        self.model = ChecklistModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.view.doubleClicked.connect(lambda _i: self.open_screen())
        layout.addWidget(self.view, 2)
        row = QHBoxLayout()
        self.check_button = QPushButton("もう一度確認")
        self.check_button.clicked.connect(self.load)
        self.open_button = QPushButton("直す画面を開く")
        self.open_button.clicked.connect(self.open_screen)
        self.close_button = QPushButton("この年度を締める…")
        self.close_button.clicked.connect(self.close_year)
        self.reopen_button = QPushButton("締めた年度を再開…")
        self.reopen_button.clicked.connect(self.reopen_year)
        for button in (self.check_button, self.open_button, self.close_button, self.reopen_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("締め・再開の記録"))
        self.history = history_model(self)
        self.history_view = QTableView()
        self.history_view.setModel(self.history)
        self.history_view.verticalHeader().setVisible(False)
        self.history_view.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.history_view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.history_view, 1)
        self.loader = BackgroundCall(self._read, self._show, self, failed=self._on_loader_failed)

    def load(self) -> None:
        """Run the checklist off the GUI thread (it reads every area; a second on a big
        society) and show it when done; the buttons wait for it."""
        self.close_button.setEnabled(False)
        self.reopen_button.setEnabled(False)
        self.state_label.setText("確認しています…")
        self.loader.start()

    def _read(self) -> tuple[YearChecklist, list[ClosingRecord]]:
        year = self._year()
        return year_checklist(self.ctx, year), closing_history(self.ctx, year)

    def _on_loader_failed(self, error: Exception) -> None:
        self.state_label.setText(f"確認できませんでした: {error}")

    def _show(self, read: tuple[YearChecklist, list[ClosingRecord]]) -> None:
        self.checklist, history = read
        checklist = self.checklist
        self.model.set_rows(checklist.items)
        self.view.resizeRowsToContents()
        self.history.set_rows(history)
        closed = checklist.status == "closed"
        if closed:
            text = (
                f"{checklist.label}は締め済みです。この年度の記帳・修正はできません。"
                "直す必要があるときは、管理者が理由を入力して再開します。"
            )
        elif history and history[0].action == "reopen":
            text = (
                f"{checklist.label}は再開中です（{format_local_time(history[0].at)}、"
                f"理由: {history[0].reason}）。直し終えたら、もう一度締めてください。"
            )
            if checklist.blocking:
                text += f"× の項目が{len(checklist.blocking)}件あります。"
        elif checklist.blocking:
            text = (
                f"{checklist.label}はまだ締められません。× の項目（{len(checklist.blocking)}件）を"
                "直してから締めます。行をダブルクリックすると直す画面が開きます。"
            )
        else:
            text = (
                f"{checklist.label}は締めることができます。締めると、年度末の残高が翌年度の"
                "前年度繰越金になり、この年度は変更できなくなります（締める前にバックアップを取ります）。"
            )
        self.state_label.setText(text)
        self.close_button.setEnabled(checklist.can_close)
        self.reopen_button.setEnabled(closed)

    def open_screen(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            tell(self, "年度締め", "一覧から項目を選んでください。")
            return
        item = self.model.row_at(index.row())
        self.open_requested.emit(item.area, item.tab)

    def _confirm_close(self, label: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "年度の締め", "", parent=self)
        box.setText(
            f"{label}を締めます。\n\n・締める前にデータベースのバックアップを取ります。\n"
            "・年度末の現金・預金の残高を翌年度の前年度繰越金にします。\n"
            "・この年度の出納・会費・給付などの記録は、以後変更できなくなります。"
        )
        server = None
        if self.ctx.database.path is None:
            server = QCheckBox(
                "サーバー側でバックアップを取りました（この端末ではpg_dumpを取りません）"
            )
            box.setCheckBox(server)
        accept = box.addButton("締める", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("やめる", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        self._server_confirmed = bool(server and server.isChecked())
        return box.clickedButton() is accept

    def close_year(self) -> None:
        checklist = self.checklist
        if checklist is None or not self._confirm_close(checklist.label):
            return
        try:
            result = close_year(
                self.ctx,
                checklist.fiscal_year,
                backup_dir=self._backup_dir(),
                server_backup_confirmed=self._server_confirmed,
            )
        except (ValidationError, RuleViolation, OSError) as error:
            text = error.message if isinstance(error, RuleViolation) else str(error)
            warn(self, "締められません", text)
            self.load()
            return
        tell(self, "年度の締め", describe_carry(result))
        self.load()
        self.closed_changed.emit()

    def reopen_year(self) -> None:
        checklist = self.checklist
        if checklist is None:
            return
        dialog = ReopenDialog(checklist.label, self)
        if not dialog.exec():
            return
        try:
            reopen_year(self.ctx, checklist.fiscal_year, dialog.reason())
        except (ValidationError, RuleViolation) as error:
            text = error.message if isinstance(error, RuleViolation) else str(error)
            warn(self, "再開できません", text)
            return
        tell(
            self, "再開", f"{checklist.label}を再開しました（{format_wareki(self.ctx.today())}）。"
        )
        self.load()
        self.closed_changed.emit()
