"""The バックアップと復元 tab: the backup folder (e.g. a USB drive), every backup with its date,
size and member count, a backup now, and a restore from the chosen one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.files import describe_os_error
from gojokai_desktop.services import local_settings
from gojokai_desktop.services.auth.roles import has_role
from gojokai_desktop.services.backups import (
    BackupEntry,
    BackupError,
    backup_folders,
    list_backups,
    make_backup,
    restore_backup,
    target_folder,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.maintenance import DatabaseTooNewError
from gojokai_desktop.ui.messages import ask, inform, warn
from gojokai_desktop.ui.settings.models import backup_model

THINNING_TEXT = (
    "古いバックアップは自動で整理します: 直近2日はすべて、2週間までは1日1つ、"
    "3か月までは1週1つ、それより前は1か月に1つを残します。"
    "壊れたデータベースはバックアップせず、その旨をお知らせします。"
)


class BackupsTab(QWidget):
    """Backups of this database; ``database_replaced`` after a restore (log in again)."""

    database_replaced = Signal()
    backed_up = Signal()

    def __init__(
        self,
        ctx: AppContext,
        default_dir: Path,
        data_dir: Path,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.default_dir = default_dir
        self.data_dir = data_dir
        layout = QVBoxLayout(self)
        folder_row = QHBoxLayout()
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        choose = QPushButton("保存先を変える…")
        choose.clicked.connect(self._on_choose_clicked)
        self.default_button = QPushButton("いつもの場所に戻す")
        self.default_button.clicked.connect(self._on_default_clicked)
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(choose)
        folder_row.addWidget(self.default_button)
        layout.addLayout(folder_row)
        rule = QLabel(THINNING_TEXT)
        rule.setWordWrap(True)
        rule.setStyleSheet("color: #555;")
        layout.addWidget(rule)
        self.model = backup_model()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.backup_button = QPushButton("今すぐバックアップ")
        self.restore_button = QPushButton("選んだバックアップから復元…")
        open_button = QPushButton("フォルダを開く")
        self.backup_button.clicked.connect(self._on_backup_clicked)
        self.restore_button.clicked.connect(self._on_restore_clicked)
        open_button.clicked.connect(self._on_open_clicked)
        for button in (self.backup_button, self.restore_button, open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def refresh(self) -> None:
        folder, note = target_folder(self.default_dir, self.data_dir)
        chosen = local_settings.backup_folder(self.data_dir)
        self.folder_label.setText(
            f"保存先: {folder}"
            + ("（設定したフォルダ）" if chosen == folder else "")
            + (f"\n{note}" if note else "")
        )
        self.default_button.setEnabled(chosen is not None)
        self.model.set_rows(
            list_backups(self.ctx.database, backup_folders(self.default_dir, self.data_dir))
        )
        self.table.resizeColumnsToContents()
        if self.model.rowCount():
            self.table.selectRow(0)
        server = self.ctx.database.path is None
        self.backup_button.setEnabled(not server)
        self.restore_button.setEnabled(not server and has_role(self.ctx, "admin"))
        self.restore_button.setToolTip(
            "" if has_role(self.ctx, "admin") else "復元は管理者だけができます"
        )
        if server:
            self.status.setText("サーバーのデータベースはサーバー側でバックアップしてください。")

    def selected(self) -> BackupEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _on_choose_clicked(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "バックアップの保存先（USBメモリなど）", str(self.default_dir)
        )
        if chosen:
            local_settings.update_local(self.data_dir, backup_folder=chosen)
            self.refresh()

    def _on_default_clicked(self) -> None:
        local_settings.update_local(self.data_dir, backup_folder=None)
        self.refresh()

    def backup_now(self) -> bool:
        try:
            result = make_backup(self.ctx.database, self.default_dir, settings_dir=self.data_dir)
        except BackupError as exc:
            warn(
                self,
                "バックアップできませんでした",
                f"{exc}\n\n今までのバックアップはそのまま残っています。",
            )
            return False
        except OSError as exc:
            warn(self, "バックアップできませんでした", describe_os_error(exc))
            return False
        if result is None:
            return False
        self.status.setText(
            f"バックアップを保存しました（検証済み、会員 {result.facts.members:,} 人）: "
            f"{result.path}" + (f"\n{result.note}" if result.note else "")
        )
        self.refresh()
        self.backed_up.emit()
        return True

    def _on_backup_clicked(self) -> None:
        self.backup_now()

    def _on_open_clicked(self) -> None:
        folder, _note = target_folder(self.default_dir, self.data_dir)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def restore(self, entry: BackupEntry) -> bool:
        """Restore ``entry`` after the clerk confirmed (called by the button and the tests)."""
        try:
            result = restore_backup(
                self.ctx, entry.path, self.default_dir, settings_dir=self.data_dir
            )
        except (BackupError, DatabaseTooNewError, RuleViolation) as exc:
            warn(self, "復元できませんでした", f"{exc}\n\nデータベースは変わっていません。")
            return False
        except OSError as exc:
            warn(self, "復元できませんでした", describe_os_error(exc))
            return False
        kept = f"\n復元する前のデータベースは {result.kept} に保存しました。" if result.kept else ""
        inform(
            self,
            "復元しました",
            f"{entry.taken_at:%Y-%m-%d %H:%M} のバックアップ（会員 {result.facts.members:,} 人）"
            f"に戻しました。{kept}\nもう一度ログインしてください。",
        )
        self.database_replaced.emit()
        return True

    def _on_restore_clicked(self) -> None:
        entry = self.selected()
        if entry is None:
            return
        if entry.problem:
            warn(self, "復元", f"このバックアップは使えません: {entry.problem}")
            return
        if ask(
            self,
            "バックアップから復元",
            f"{entry.taken_at:%Y-%m-%d %H:%M} のバックアップ（{entry.reason_label}、会員 "
            f"{entry.members or 0:,} 人）に戻します。\nそれより後に入力したことは消えます"
            "（今のデータベースは先にバックアップします）。\n\n復元しますか。",
            yes="復元する",
            no="やめる",
        ):
            self.restore(entry)
