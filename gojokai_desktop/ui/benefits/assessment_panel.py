"""The claim form's right side: the amount in large type, what fails in red, and why."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.claims import ClaimAssessment

ERROR_STYLE = "color: #c62828;"
AMOUNT_STYLE = "font-size: 30px; font-weight: bold; color: {};"
WAITING = "会員・給付の種類・事由発生日を入れると計算します。"


def _rich_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    return label


class AssessmentPanel(QFrame):
    """Shows a :class:`ClaimAssessment` (nothing saved yet), or what is still missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame { background: #fafbfc; }")
        column = QVBoxLayout(self)
        caption = QLabel("支給額（自動計算）")
        caption.setStyleSheet("color: #4a5563;")
        self.amount_label = QLabel("—")
        self.amount_label.setStyleSheet(AMOUNT_STYLE.format("#1d3f6e"))
        self.verdict_label = QLabel(WAITING)
        self.verdict_label.setWordWrap(True)
        self.failures_label = _rich_label()
        self.explanation_label = _rich_label()
        self.table_label = QLabel("")
        self.table_label.setWordWrap(True)
        self.table_label.setStyleSheet("color: #6b7280;")
        for widget in (caption, self.amount_label, self.verdict_label, self.failures_label,
                       self.explanation_label):  # fmt: skip
            column.addWidget(widget)
        column.addStretch(1)
        column.addWidget(self.table_label)

    def show_nothing(self, *, failed: bool) -> None:
        """No assessment: the input is incomplete, or (``failed``) a field is wrong."""
        self.amount_label.setText("—")
        self.amount_label.setStyleSheet(AMOUNT_STYLE.format("#1d3f6e"))
        self.verdict_label.setText(
            "入力に誤りがあります（赤字の欄を直してください）。" if failed else WAITING
        )
        self.verdict_label.setStyleSheet(ERROR_STYLE if failed else "")
        for label in (self.failures_label, self.explanation_label, self.table_label):
            label.setText("")

    def show_result(self, result: ClaimAssessment, table_text: str) -> None:
        """The payable amount (0 while a check fails), the verdict, failures and reasons."""
        self.amount_label.setText(f"{format_yen(result.amount)}円")
        color = "#1d3f6e" if result.eligible else "#c62828"
        self.amount_label.setStyleSheet(AMOUNT_STYLE.format(color))
        if result.eligible:
            self.verdict_label.setText("支給の条件を満たしています。")
            self.verdict_label.setStyleSheet("color: #2e7d32; font-weight: bold;")
        else:
            self.verdict_label.setText(
                f"支給できません（計算額 {format_yen(result.computed_amount)}円）。"
                "次の条件を満たしていません:"
            )
            self.verdict_label.setStyleSheet(ERROR_STYLE + " font-weight: bold;")
        self.failures_label.setText(
            "".join(
                f'<div style="color:#c62828">× {html.escape(f.message)}</div>'
                for f in result.failures
            )
        )
        self.explanation_label.setText(
            "<b>計算の根拠</b>"
            + "".join(f"<div>・{html.escape(line)}</div>" for line in result.explanation)
        )
        self.table_label.setText(table_text)
