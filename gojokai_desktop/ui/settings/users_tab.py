"""The 利用者 tab: users and roles, disabling, new passwords, and this PC's automatic login."""

from __future__ import annotations

import socket
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services import local_settings
from gojokai_desktop.services.auth.login import (
    disable_pc_login,
    enable_pc_login,
    pc_login_user,
)
from gojokai_desktop.services.auth.passwords import MIN_LENGTH
from gojokai_desktop.services.auth.roles import ROLE_DESCRIPTIONS, ROLE_ORDER, has_role
from gojokai_desktop.services.auth.users import (
    UserRow,
    create_user,
    list_users,
    reset_password,
    set_active,
    update_user,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.messages import ask, warn
from gojokai_desktop.ui.settings.models import user_model

ROLE_NAMES = {"admin": "管理者", "clerk": "事務担当", "auditor": "監事"}
PC_LOGIN_WARNING = (
    "この端末を起動すると、パスワードを聞かずに選んだ事務担当としてログインします。"
    "パソコンに触れる人は誰でもその事務担当として操作できる、弱い設定です。"
    "事務室に1台だけで、パソコン自体にパスワードがある場合にだけ使ってください。"
    "管理者と監事は選べません。"
)


class UserDialog(QDialog):
    """Add a user (login, name, role, temporary password) or change name and role."""

    def __init__(self, parent: QWidget | None, user: UserRow | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("利用者の追加" if user is None else "利用者の変更")
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.login_edit = QLineEdit(user.login if user else "")
        self.login_edit.setEnabled(user is None)
        self.login_edit.setPlaceholderText("半角英数字（例: suzuki）")
        self.name_edit = QLineEdit(user.display_name if user else "")
        # The role's name in the box, what it may do below it (a long text would widen the
        # dialog past a 1,024-pixel screen).
        self.role_combo = QComboBox()
        for role in ROLE_ORDER:
            self.role_combo.addItem(ROLE_NAMES[role], role)
        self.role_note = QLabel()
        self.role_note.setWordWrap(True)
        self.role_combo.currentIndexChanged.connect(self._show_role_note)
        if user is not None:
            self.role_combo.setCurrentIndex(ROLE_ORDER.index(user.role))
        else:
            self.role_combo.setCurrentIndex(ROLE_ORDER.index("clerk"))
        self._show_role_note()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("ログイン名", self.login_edit)
        form.addRow("氏名", self.name_edit)
        form.addRow("役割", self.role_combo)
        form.addRow("", self.role_note)
        if user is None:
            form.addRow(f"仮のパスワード（{MIN_LENGTH}文字以上）", self.password_edit)
        layout.addLayout(form)
        if user is None:
            note = QLabel("本人が最初にログインしたとき、自分のパスワードに変えてもらいます。")
            note.setWordWrap(True)
            layout.addWidget(note)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def role(self) -> str:
        return str(self.role_combo.currentData())

    def _show_role_note(self) -> None:
        self.role_note.setText(f"できること: {ROLE_DESCRIPTIONS[self.role()]}")

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


class PasswordResetDialog(QDialog):
    """パスワードの再設定: a temporary password the user changes at the next login."""

    def __init__(self, parent: QWidget | None, user: UserRow) -> None:
        super().__init__(parent)
        self.setWindowTitle("パスワードの再設定")
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"{user.display_name}（{user.login}）に仮のパスワードを決めます。"
            "本人は次のログインで自分のパスワードに変えます。ロックも解除されます。"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(f"仮のパスワード（{MIN_LENGTH}文字以上）", self.password_edit)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("再設定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class UsersTab(QWidget):
    """Every user with role and state; only an administrator changes anything here."""

    users_changed = Signal()

    def __init__(self, ctx: AppContext, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data_dir = data_dir
        self.pc_name = socket.gethostname()
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.model = user_model()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._on_edit_clicked)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("追加…")
        self.edit_button = QPushButton("変更…")
        self.active_button = QPushButton("無効にする")
        self.reset_button = QPushButton("パスワードの再設定…")
        for button, slot in (
            (self.add_button, self._on_add_clicked),
            (self.edit_button, self._on_edit_clicked),
            (self.active_button, self._on_active_clicked),
            (self.reset_button, self._on_reset_clicked),
        ):
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self._pc_login_box())
        self.is_admin = False  # until refresh() has read the acting user's role
        for button in (self.add_button, self.pc_enable, self.pc_disable):
            button.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def _pc_login_box(self) -> QGroupBox:
        box = QGroupBox(f"この端末（{self.pc_name}）の自動ログイン")
        inner = QVBoxLayout(box)
        warning = QLabel(PC_LOGIN_WARNING)
        warning.setWordWrap(True)
        warning.setStyleSheet("color: #8a4b00;")
        inner.addWidget(warning)
        row = QHBoxLayout()
        self.pc_state = QLabel()
        self.pc_combo = QComboBox()
        self.pc_enable = QPushButton("この事務担当で自動ログインにする")
        self.pc_disable = QPushButton("自動ログインをやめる")
        self.pc_enable.clicked.connect(self._on_pc_enable_clicked)
        self.pc_disable.clicked.connect(self._on_pc_disable_clicked)
        row.addWidget(self.pc_state, 1)
        row.addWidget(self.pc_combo)
        row.addWidget(self.pc_enable)
        row.addWidget(self.pc_disable)
        inner.addLayout(row)
        return box

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        self.is_admin = has_role(self.ctx, "admin")
        self.model.set_rows(list_users(self.ctx))
        self.table.resizeColumnsToContents()
        self.note.setText(
            "利用者を追加・変更できます。利用者は削除せず無効にします（監査ログに名前が残ります）。"
            if self.is_admin
            else "利用者の追加・変更・パスワードの再設定は管理者だけができます。"
        )
        self.pc_combo.clear()
        for user in self.model_rows():
            if user.role == "clerk" and user.active:
                self.pc_combo.addItem(f"{user.display_name}（{user.login}）", user.id)
        current = pc_login_user(self.ctx, self.pc_name)
        self.pc_state.setText(
            f"いまは「{current}」として自動ログインします。"
            if current
            else "いまは起動のたびにログインします（おすすめ）。"
        )
        self.pc_disable.setEnabled(self.is_admin and current is not None)
        self.pc_enable.setEnabled(self.is_admin and self.pc_combo.count() > 0)
        self.pc_combo.setEnabled(self.is_admin)
        self.add_button.setEnabled(self.is_admin)
        self._update_buttons()

    def model_rows(self) -> list[UserRow]:
        return [self.model.row_at(i) for i in range(self.model.rowCount())]

    def selected(self) -> UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        user = self.selected()
        chosen = self.is_admin and user is not None
        for button in (self.edit_button, self.active_button, self.reset_button):
            button.setEnabled(chosen)
        self.active_button.setText(
            "有効に戻す" if user is not None and not user.active else "無効にする"
        )

    # ------------------------------------------------------------------ actions
    def _on_add_clicked(self) -> None:
        dialog = UserDialog(self)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                create_user(
                    self.ctx,
                    dialog.login_edit.text(),
                    dialog.name_edit.text(),
                    dialog.role(),
                    dialog.password_edit.text(),
                )
            except (ValidationError, RuleViolation) as error:
                dialog.show_error(str(error))
                continue
            self._changed()
            return

    def _on_edit_clicked(self) -> None:
        user = self.selected()
        if user is None or not self.is_admin:
            return
        dialog = UserDialog(self, user)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                update_user(self.ctx, user.id, dialog.name_edit.text(), dialog.role())
            except (ValidationError, RuleViolation) as error:
                dialog.show_error(str(error))
                continue
            self._changed()
            return

    def _on_active_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        if user.active and not ask(
            self,
            "利用者を無効にする",
            f"{user.display_name}（{user.login}）を無効にします。ログインできなくなりますが、"
            "監査ログの名前はそのまま残ります。",
            yes="無効にする",
            no="やめる",
        ):
            return
        try:
            set_active(self.ctx, user.id, not user.active)
        except (ValidationError, RuleViolation) as error:
            warn(self, "利用者", str(error))
            return
        self._changed()

    def _on_reset_clicked(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = PasswordResetDialog(self, user)
        while dialog.exec() == QDialog.DialogCode.Accepted:
            try:
                reset_password(self.ctx, user.id, dialog.password_edit.text())
            except (ValidationError, RuleViolation) as error:
                dialog.error_label.setText(str(error))
                dialog.error_label.show()
                continue
            self._changed()
            return

    def _on_pc_enable_clicked(self) -> None:
        user_id = self.pc_combo.currentData()
        if user_id is None or not ask(
            self, "自動ログイン", PC_LOGIN_WARNING + "\n\nこの設定にしますか。", yes="設定する"
        ):
            return
        try:
            token = enable_pc_login(self.ctx, int(user_id), self.pc_name)
        except (ValidationError, RuleViolation) as error:
            warn(self, "自動ログイン", str(error))
            return
        local_settings.update_local(
            self.data_dir, pc_login={"database": self.ctx.display_name(), "token": token}
        )
        self._changed()

    def _on_pc_disable_clicked(self) -> None:
        try:
            disable_pc_login(self.ctx, self.pc_name)
        except (ValidationError, RuleViolation) as error:
            warn(self, "自動ログイン", str(error))
            return
        local_settings.update_local(self.data_dir, pc_login=None)
        self._changed()

    def _changed(self) -> None:
        self.refresh()
        self.users_changed.emit()
