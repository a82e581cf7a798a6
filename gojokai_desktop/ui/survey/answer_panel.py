"""The answer of the chosen question: the figure from the books and how it was reached, the
editor for the clerk's own answer (or a changed one, with its reason), and last year's."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.survey.values import format_value
from gojokai_desktop.services.survey.filling import AnswerRow
from gojokai_desktop.ui.widgets import WarekiDateEdit, YenEdit

_EDITOR_PAGES = {"number": 0, "yen": 1, "date": 2, "choice": 3, "text": 4}
UNANSWERED_CHOICE = "（未回答）"


OVERRIDE_FOR_ADMIN = (
    "帳簿から計算した値を変えられるのは管理者だけです（帳簿の値に戻すことはできます）。"
)


class AnswerPanel(QGroupBox):
    """Edits one answer; the page stores it when ``save_requested`` comes."""

    save_requested = Signal(str, object, str)  # question id, raw answer, reason
    revert_requested = Signal(str)
    detail_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("回答", parent)
        self.row: AnswerRow | None = None
        layout = QVBoxLayout(self)
        #: Whether this user may change a figure computed from the books (an administrator's
        #: action: the service refuses anyone else, the panel says so before they type).
        self.may_override = True
        self.question_label = QLabel("左の表から質問を選んでください。")
        self.question_label.setWordWrap(True)
        self.question_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.question_label.font()
        font.setBold(True)
        self.question_label.setFont(font)
        layout.addWidget(self.question_label)
        self.hint_label = QLabel("")
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #4a5563;")
        layout.addWidget(self.hint_label)
        layout.addLayout(self._form())
        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.save_button = QPushButton("回答を保存")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("帳簿からの値に戻す")
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.save_button.clicked.connect(self._on_save_button_clicked)
        self.revert_button.clicked.connect(self._on_revert_button_clicked)
        self.detail_button.clicked.connect(self._on_detail_button_clicked)
        for edit in (self.number_edit, self.yen_edit, self.date_edit, self.note_edit):
            edit.returnPressed.connect(self._on_save_button_clicked)
        self.show_row(None)

    def _form(self) -> QFormLayout:
        form = self.form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.computed_label = QLabel("")
        self.computed_label.setWordWrap(True)
        self.computed_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        computed_row = QHBoxLayout()
        computed_row.addWidget(self.computed_label, 1)
        self.detail_button = QPushButton("内訳を見る…")
        self.detail_button.setToolTip("この数字のもとになった一覧（数えた会員、合計した給付など）")
        computed_row.addWidget(self.detail_button, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow("帳簿から:", computed_row)
        self.editors = QStackedWidget()
        self.number_edit = QLineEdit()
        self.number_edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.yen_edit = YenEdit(field="回答", allow_negative=True)
        self.date_edit = WarekiDateEdit(field="回答")
        self.choice_combo = QComboBox()
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setFixedHeight(84)
        for narrow in (self.number_edit, self.yen_edit, self.choice_combo):
            narrow.setMaximumWidth(280)
        for editor in (self.number_edit, self.yen_edit, self.date_edit, self.choice_combo,
                       self.text_edit):  # fmt: skip
            # Each editor keeps its own height: a one-line field is not stretched to the
            # height of the text box on the other page.
            holder = QWidget()
            holder_layout = QVBoxLayout(holder)
            holder_layout.setContentsMargins(0, 0, 0, 0)
            holder_layout.addWidget(editor)
            holder_layout.addStretch(1)
            self.editors.addWidget(holder)
        self.unit_label = QLabel("")
        answer_row = QHBoxLayout()
        answer_row.addWidget(self.editors, 1)
        answer_row.addWidget(self.unit_label)
        form.addRow("回答:", answer_row)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("帳簿からの値を変えるときの理由（必須）")
        form.addRow("変更の理由:", self.note_edit)
        self.last_year_label = QLabel("")
        self.last_year_label.setWordWrap(True)
        form.addRow("前年度:", self.last_year_label)
        return form

    # ------------------------------------------------------------ showing
    def show_row(self, row: AnswerRow | None) -> None:
        """Show one question (None: nothing chosen)."""
        self.row = row
        self.error_label.setText("")
        enabled = row is not None
        for widget in (self.editors, self.save_button, self.note_edit):
            widget.setEnabled(enabled)
        if row is None:
            self.question_label.setText("上の表から質問を選んでください。")
            self.hint_label.setText("")
            self.computed_label.setText("")
            self.detail_button.setVisible(False)
            self.revert_button.setVisible(False)
            self.last_year_label.setText("")
            return
        question = row.question
        self.question_label.setText(f"{question.number}. {question.text}")
        locked = row.is_computable and not self.may_override
        hint = "\n".join(t for t in (question.hint, OVERRIDE_FOR_ADMIN if locked else "") if t)
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))
        if locked:
            for widget in (self.editors, self.save_button, self.note_edit):
                widget.setEnabled(False)
        self.computed_label.setText(self._computed_text(row))
        self.detail_button.setVisible(row.has_detail)
        self.revert_button.setVisible(row.origin == "overridden")
        self.note_edit.setEnabled(row.is_computable)
        # The reason is asked only where a figure from the books could be changed.
        self.form.setRowVisible(self.note_edit, row.is_computable)
        self.note_edit.setText(row.note)
        self.unit_label.setText(question.unit)
        self._show_editor(row)
        last = row.last_year_display or "（記録なし）"
        note = f"（{row.last_year_note}）" if row.last_year_note else ""
        unit = question.unit if row.last_year is not None else ""
        self.last_year_label.setText(f"{last} {unit}{note}".strip())

    @staticmethod
    def _computed_text(row: AnswerRow) -> str:
        if row.question.source is None:
            return "（手で答える質問です）"
        if row.computed is None:
            return row.how or "（計算できません。手で答えてください）"
        value = f"{row.computed_display} {row.question.unit}".strip()
        changed = ""
        if row.books_changed:
            saved = format_value(row.question.kind, row.saved_computed)
            changed = f"（前回保存したときは {saved}。帳簿が変わりました）"
        return f"{value} — {row.how}{changed}"

    def _show_editor(self, row: AnswerRow) -> None:
        kind = row.question.kind
        self.editors.setCurrentIndex(_EDITOR_PAGES[kind])
        self.editors.setFixedHeight(self.text_edit.height() if kind == "text" else
                                    self.number_edit.sizeHint().height())  # fmt: skip
        value = row.value
        if kind == "number":
            self.number_edit.setText("" if value is None else f"{value:,}")
        elif kind == "yen":
            self.yen_edit.setText("" if value is None else f"{value:,}")
            self.yen_edit.commit()
        elif kind == "date":
            self.date_edit.setDate(value if not isinstance(value, int | str) else None)
        elif kind == "choice":
            self.choice_combo.clear()
            self.choice_combo.addItem(UNANSWERED_CHOICE)
            self.choice_combo.addItems(list(row.question.choices))
            self.choice_combo.setCurrentText(str(value) if value is not None else UNANSWERED_CHOICE)
        else:
            self.text_edit.setPlainText("" if value is None else str(value))
        editors = (self.number_edit, self.yen_edit, self.date_edit, self.choice_combo,
                   self.text_edit)  # fmt: skip
        editors[_EDITOR_PAGES[kind]].setFocus()

    # ------------------------------------------------------------ reading
    def raw_answer(self) -> object:
        """What the clerk typed, as text (or a date); the service checks it by kind."""
        kind = self.row.question.kind if self.row is not None else "text"
        if kind == "number":
            return self.number_edit.text()
        if kind == "yen":
            return self.yen_edit.text()
        if kind == "date":
            if self.date_edit.text().strip() and not self.date_edit.commit():
                return self.date_edit.text()
            return self.date_edit.date()
        if kind == "choice":
            text = self.choice_combo.currentText()
            return "" if text == UNANSWERED_CHOICE else text
        return self.text_edit.toPlainText()

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)

    def _on_save_button_clicked(self) -> None:
        if self.row is not None:
            self.save_requested.emit(self.row.id, self.raw_answer(), self.note_edit.text())

    def _on_revert_button_clicked(self) -> None:
        if self.row is not None:
            self.revert_requested.emit(self.row.id)

    def _on_detail_button_clicked(self) -> None:
        if self.row is not None:
            self.detail_requested.emit(self.row.id)
