"""Dialogs of the survey page: the list behind a figure, and the check before writing."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.survey.definition import Problem
from gojokai_desktop.services.survey.figures import SourceDetail
from gojokai_desktop.ui.survey.models import detail_model

ERROR_COLOR = QColor("#b00020")
WARNING_COLOR = QColor("#8a5a00")


def ask(parent: QWidget, title: str, text: str, yes: str, no: str = "やめる") -> bool:
    """A question with Japanese buttons; True when the clerk chose ``yes``."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)  # fmt: skip
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is accept


def tell(parent: QWidget, title: str, text: str, *, warning: bool = False) -> None:
    """A message with one Japanese button (閉じる)."""
    icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Information
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.addButton("閉じる", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


class DetailDialog(QDialog):
    """The rows a figure was computed from, with how it was reached and the total."""

    def __init__(
        self, question: str, how: str, detail: SourceDetail, parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(f"内訳: {detail.title}")
        self.resize(860, 560)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<b>{question}</b>")
        layout.addWidget(heading)
        self.how_label = QLabel(how)
        self.how_label.setWordWrap(True)
        layout.addWidget(self.how_label)
        self.model = detail_model(detail, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSortingEnabled(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.resizeColumnsToContents()
        layout.addWidget(self.view, 1)
        self.total_label = QLabel(f"<b>{detail.total}</b>")
        layout.addWidget(self.total_label)
        buttons = QDialogButtonBox()
        buttons.addButton("閉じる", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class CheckDialog(QDialog):
    """What the check found before writing: errors stop it (only 閉じる), warnings and the
    unanswered questions are read first and the clerk decides (書き込む / やめる)."""

    def __init__(
        self,
        problems: Sequence[Problem],
        unanswered: Sequence[str],
        action: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("書き込む前の確認")
        self.resize(760, 460)
        errors = [p for p in problems if p.is_error]
        layout = QVBoxLayout(self)
        if errors:
            lead = f"直すところが {len(errors)}件あります。直すまで書き込めません。"
        elif problems or unanswered:
            lead = "次のことを確かめてから書き込んでください。"
        else:
            lead = "問題はありません。"
        self.lead_label = QLabel(lead)
        self.lead_label.setWordWrap(True)
        layout.addWidget(self.lead_label)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        # Errors first: they are what the clerk has to fix before anything is written.
        for problem in sorted(problems, key=lambda p: not p.is_error):
            item = QListWidgetItem(f"{'エラー' if problem.is_error else '注意'}: {problem}")
            item.setForeground(ERROR_COLOR if problem.is_error else WARNING_COLOR)
            self.list.addItem(item)
        if unanswered:
            self.list.addItem(f"未回答の質問 {len(unanswered)}問: {'、'.join(unanswered)}")
        layout.addWidget(self.list, 1)
        buttons = QDialogButtonBox()
        self.go_button = None
        if not errors:
            self.go_button = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.accepted.connect(self.accept)
        buttons.addButton(
            "やめる" if not errors else "閉じる", QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
