"""Choosing a password: the own change (パスワードの変更) and a first or temporary one."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.auth.login import change_password
from gojokai_desktop.services.auth.passwords import MIN_LENGTH, check_new_password
from gojokai_desktop.services.context import AppContext

RULE_TEXT = f"{MIN_LENGTH}文字以上。ログイン名と同じもの、同じ文字だけのものは使えません。"


def _secret() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class _PasswordForm(QDialog):
    """New password twice, a rule line, an error line, Japanese buttons."""

    def __init__(self, title: str, intro: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        self._layout = QVBoxLayout(self)
        label = QLabel(intro)
        label.setWordWrap(True)
        self._layout.addWidget(label)
        self.form = QFormLayout()
        self._layout.addLayout(self.form)
        self.new_edit = _secret()
        self.again_edit = _secret()
        rule = QLabel(RULE_TEXT)
        rule.setWordWrap(True)
        rule.setStyleSheet("color: #555;")
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("決定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        self._tail = (rule, self.error_label, buttons)

    def finish_layout(self) -> None:
        self.form.addRow("新しいパスワード", self.new_edit)
        self.form.addRow("新しいパスワード（確認）", self.again_edit)
        for widget in self._tail:
            self._layout.addWidget(widget)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def password(self) -> str:
        return self.new_edit.text()

    def _same(self) -> bool:
        if self.new_edit.text() != self.again_edit.text():
            self.show_error("新しいパスワード（確認）: 2回の入力が違います。")
            return False
        return True

    def _on_buttons_accepted(self) -> None:
        raise NotImplementedError


class NewPasswordDialog(_PasswordForm):
    """A first password (a user from before passwords); checked here, stored by the caller."""

    def __init__(self, intro: str, login: str, parent: QWidget | None = None) -> None:
        super().__init__("パスワードを決める", intro, parent)
        self.login = login
        self.finish_layout()

    def _on_buttons_accepted(self) -> None:
        if not self._same():
            return
        try:
            check_new_password(self.new_edit.text(), self.login, "新しいパスワード")
        except ValidationError as error:
            self.show_error(str(error))
            return
        self.accept()


class ChangePasswordDialog(_PasswordForm):
    """パスワードの変更 by the logged-in user: the current one, then the new one twice."""

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        *,
        intro: str = "いまのパスワードと、新しいパスワードを入力してください。",
        known_old: str | None = None,
    ) -> None:
        super().__init__("パスワードの変更", intro, parent)
        self.ctx = ctx
        self.old_edit = _secret()
        if known_old is not None:  # just typed at the login: not asked twice
            self.old_edit.setText(known_old)
        else:
            self.form.addRow("いまのパスワード", self.old_edit)
        self.finish_layout()

    def _on_buttons_accepted(self) -> None:
        if not self._same():
            return
        try:
            change_password(self.ctx, self.old_edit.text(), self.new_edit.text())
        except (ValidationError, RuleViolation) as error:
            self.show_error(str(error))
            return
        self.accept()
