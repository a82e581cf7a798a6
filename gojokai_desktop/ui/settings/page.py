"""The 設定 page: the society's profile, users and roles, backups and restore, handover and the
audit trail, one tab each. What a role may not do is shown disabled with the reason; the
services refuse it anyway."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop import paths
from gojokai_desktop.services.auth.roles import has_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import SocietyProfile, load_profile
from gojokai_desktop.ui.settings.audit_tab import AuditTab
from gojokai_desktop.ui.settings.backups_tab import BackupsTab
from gojokai_desktop.ui.settings.handover_tab import HandoverTab
from gojokai_desktop.ui.settings.users_tab import UsersTab
from gojokai_desktop.ui.setup_dialog import SetupDialog


def profile_rows(profile: SocietyProfile, database: str) -> tuple[tuple[str, str], ...]:
    return (
        ("団体名", profile.name),
        (
            "住所",
            f"〒{profile.postal_code} {profile.address}"
            if profile.postal_code
            else profile.address,
        ),
        ("電話番号", profile.phone),
        ("代表者", f"{profile.representative_title} {profile.representative_name}"),
        ("事務担当者", profile.clerk_name),
        ("会員番号の形式", profile.member_number_pattern),
        ("締め日", f"毎月{profile.cutoff_day}日"),
        ("年度開始月", f"{profile.fiscal_year_start_month}月"),
        ("データベース", database),
    )


class ProfileTab(QWidget):
    """The society's profile; an administrator changes it."""

    profile_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.profile: SocietyProfile | None = None
        layout = QVBoxLayout(self)
        self.profile_label = QLabel()
        self.profile_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.profile_label)
        row = QHBoxLayout()
        self.edit_button = QPushButton("団体情報を変更…")
        self.edit_button.clicked.connect(self.edit)
        row.addWidget(self.edit_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def refresh(self) -> None:
        self.profile = load_profile(self.ctx)
        admin = has_role(self.ctx, "admin")
        self.edit_button.setEnabled(admin)
        self.edit_button.setToolTip("" if admin else "団体情報の変更は管理者だけができます")
        if self.profile is None:
            self.profile_label.setText("団体の設定がまだありません。")
            return
        self.profile_label.setText(
            "<table cellpadding='3'>"
            + "".join(
                f"<tr><td><b>{k}</b></td><td>{v}</td></tr>"
                for k, v in profile_rows(self.profile, self.ctx.display_name())
            )
            + "</table>"
        )

    def edit(self) -> None:
        dialog = SetupDialog(self.ctx, self.profile, self)
        if dialog.exec():
            self.refresh()
            self.profile_changed.emit()


class SettingsPage(QWidget):
    """Opened by the main window as the 設定 area. ``database_replaced`` after a restore or a
    handover import: the window asks who logs in to the database now in place."""

    data_changed = Signal()
    database_replaced = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        data_dir = paths.data_dir()
        backup_dir = paths.backup_dir()
        layout = QVBoxLayout(self)
        heading = QLabel("設定")
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        self.tabs = QTabWidget()
        self.profile_tab = ProfileTab(ctx)
        self.users_tab = UsersTab(ctx, data_dir)
        self.backups_tab = BackupsTab(ctx, backup_dir, data_dir)
        self.handover_tab = HandoverTab(ctx, data_dir, backup_dir)
        self.audit_tab = AuditTab(ctx)
        for tab, title in (
            (self.profile_tab, "団体情報"),
            (self.users_tab, "利用者"),
            (self.backups_tab, "バックアップと復元"),
            (self.handover_tab, "引継ぎ"),
            (self.audit_tab, "監査ログ"),
        ):
            self.tabs.addTab(tab, title)
        layout.addWidget(self.tabs, 1)
        self.profile_tab.profile_changed.connect(self.data_changed)
        self.backups_tab.backed_up.connect(self.data_changed)
        self.users_tab.users_changed.connect(self.data_changed)
        self.backups_tab.database_replaced.connect(self.database_replaced)
        self.handover_tab.database_replaced.connect(self.database_replaced)
        self.tabs.currentChanged.connect(self._on_tabs_current_changed)

    def refresh(self) -> None:
        self._on_tabs_current_changed(self.tabs.currentIndex())

    def _on_tabs_current_changed(self, index: int) -> None:
        tab = self.tabs.widget(index)
        refresh = getattr(tab, "refresh", None)
        if refresh is not None:
            refresh()
