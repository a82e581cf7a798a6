"""The dialog for unexpected errors: what happened, the log tail, and where the log is."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.ui.widgets.sizing import resize_within

LOG_TAIL_LINES = 60


def log_tail(log_path: Path | None, lines: int = LOG_TAIL_LINES) -> str:
    if log_path is None or not log_path.exists():
        return "（ログはありません）"
    with log_path.open(encoding="utf-8", errors="replace") as handle:
        return "".join(handle.readlines()[-lines:])


class UnexpectedErrorDialog(QDialog):
    """Shown instead of a silent exit; the clerk can copy the text for whoever helps them."""

    def __init__(self, summary: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("予期しないエラー")
        resize_within(self, 720, 480)
        layout = QVBoxLayout(self)
        message = QLabel(
            "予期しないエラーが起きました。入力中だった操作は保存されていません。\n"
            "同じことが続くときは、下の内容をコピーしてサポート担当に伝えてください。\n\n"
            f"エラー: {summary}"
        )
        message.setWordWrap(True)
        layout.addWidget(message)
        if log_path is not None:
            layout.addWidget(QLabel(f"ログファイル: {log_path}"))
        self.log_view = QPlainTextEdit(log_tail(log_path))
        self.log_view.setReadOnly(True)
        layout.addWidget(self.log_view)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy_button = buttons.addButton("コピー", QDialogButtonBox.ButtonRole.ActionRole)
        copy_button.clicked.connect(self._on_copy_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.log_view.moveCursor(self.log_view.textCursor().MoveOperation.End)

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.log_view.toPlainText())
