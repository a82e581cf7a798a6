"""The login dialog (ログイン): the PC's login name pre-filled, the password, what went wrong."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.auth.login import (
    LoginRefused,
    PasswordNotSet,
    authenticate,
    login_names,
    set_first_password,
)
from gojokai_desktop.services.context import Actor, AppContext
from gojokai_desktop.ui.auth.password_dialog import ChangePasswordDialog, NewPasswordDialog

ERROR_STYLE = "color: #b00020;"


class LoginDialog(QDialog):
    """Asks who is at the PC. ``actor`` is set when the dialog is accepted.

    A user from before passwords chooses one here; a user with a temporary password (set by
    an administrator) must change it before going on.
    """

    def __init__(
        self,
        ctx: AppContext,
        login: str = "",
        parent: QWidget | None = None,
        *,
        note: str = "",
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor | None = None
        self.setWindowTitle("ログイン")
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        heading = QLabel(
            f"{ctx.display_name()}\nを開きます。ログイン名とパスワードを入力してください。"
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if note:
            hint = QLabel(note)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555;")
            layout.addWidget(hint)
        form = QFormLayout()
        self.login_combo = QComboBox()
        self.login_combo.setEditable(True)
        self.login_combo.addItems(login_names(ctx))
        names = [self.login_combo.itemText(i).lower() for i in range(self.login_combo.count())]
        self.login_combo.setCurrentText(login if login.lower() in names else "")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("ログイン名", self.login_combo)
        form.addRow("パスワード", self.password_edit)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("ログイン")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("終了")
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if self.login_combo.currentText():
            self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def log_in(self, login: str, password: str) -> bool:
        """Try the password (also used by the tests); True when someone is logged in."""
        try:
            result = authenticate(self.ctx, login, password)
        except PasswordNotSet as exc:
            return self._first_password(exc)
        except (LoginRefused, RuleViolation) as exc:
            self.password_edit.clear()
            self.show_error(exc.message)
            return False
        if result.must_change_password:
            logged_in = AppContext(self.ctx.database, result.actor, self.ctx.clock)
            dialog = ChangePasswordDialog(
                logged_in,
                self,
                intro="仮のパスワードでログインしました。続ける前に、自分のパスワードに変えてください。",
                known_old=password,
            )
            if dialog.exec() != QDialog.DialogCode.Accepted:
                self.show_error("パスワードを変えるまで使えません。")
                return False
        self.actor = result.actor
        return True

    def _first_password(self, exc: PasswordNotSet) -> bool:
        dialog = NewPasswordDialog(exc.message, exc.login, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        try:
            result = set_first_password(self.ctx, exc.login, dialog.password())
        except (ValidationError, RuleViolation) as error:
            self.show_error(str(error))
            return False
        self.actor = result.actor
        return True

    def _on_buttons_accepted(self) -> None:
        if self.log_in(self.login_combo.currentText(), self.password_edit.text()):
            self.accept()
