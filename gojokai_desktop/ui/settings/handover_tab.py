"""The 引継ぎ tab: one file for the next clerk's PC (database, own forms, settings), and
reading such a file here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.files import describe_os_error
from gojokai_desktop.services.auth.roles import has_role
from gojokai_desktop.services.backups import BackupError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.handover import (
    SUFFIX,
    export_handover,
    inspect_handover,
    take_over,
)
from gojokai_desktop.ui.messages import ask, inform, warn

EXPLANATION = (
    "担当者が替わるときや、パソコンを買い替えるときに使います。\n"
    "引継ぎファイルには、データベース（会員・会計などすべての記録と利用者）、"
    "この団体が独自に直した様式、この端末の設定（バックアップの保存先）が入り、"
    "中身が壊れていないことを確かめるためのチェックサムが付きます。\n"
    "次のパソコンでは、このプログラムを入れてから［引継ぎファイルを読み込む］を押すか、"
    f"gojokai handover import ファイル名{SUFFIX} を実行します。"
    "読み込む前に、そのパソコンのデータベースはバックアップされます。\n"
    "引継ぎファイルには個人情報が入っています。USBメモリで運んだら、読み込んだ後に消してください。"
)


class HandoverTab(QWidget):
    """Export (administrator) and import (administrator) of a handover file."""

    database_replaced = Signal()

    def __init__(
        self, ctx: AppContext, data_dir: Path, backup_dir: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.data_dir = data_dir
        self.backup_dir = backup_dir
        layout = QVBoxLayout(self)
        text = QLabel(EXPLANATION)
        text.setWordWrap(True)
        layout.addWidget(text)
        row = QHBoxLayout()
        self.export_button = QPushButton("引継ぎファイルを作る…")
        self.import_button = QPushButton("引継ぎファイルを読み込む…")
        self.export_button.clicked.connect(self._on_export_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        row.addWidget(self.export_button)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def refresh(self) -> None:
        admin = has_role(self.ctx, "admin")
        for button in (self.export_button, self.import_button):
            button.setEnabled(admin and self.ctx.database.path is not None)
            button.setToolTip("" if admin else "引継ぎは管理者だけができます")

    def export_to(self, target: Path) -> bool:
        try:
            summary = export_handover(self.ctx, target, self.data_dir)
        except (BackupError, RuleViolation) as exc:
            warn(self, "引継ぎファイル", str(exc))
            return False
        except OSError as exc:
            warn(self, "引継ぎファイル", describe_os_error(exc, target))
            return False
        self.status.setText(
            f"引継ぎファイルを作りました: {target}\n"
            f"（{summary.society}、会員 {summary.members:,} 人、"
            f"独自の様式 {len(summary.forms)} 件）"
        )
        return True

    def _on_export_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "引継ぎファイルを作る", f"引継ぎ{SUFFIX}", f"引継ぎファイル (*{SUFFIX})"
        )
        if name:
            self.export_to(Path(name))

    def import_from(self, path: Path, *, confirm: bool = True) -> bool:
        try:
            summary = inspect_handover(path)
        except (ValidationError, BackupError) as exc:
            warn(self, "引継ぎファイル", f"{exc}\n\n何も変えていません。")
            return False
        if confirm and not ask(
            self,
            "引継ぎファイルを読み込む",
            f"{summary.society}（会員 {summary.members:,} 人、{summary.created_at} 作成）の"
            "データに置き換えます。\n今のデータベースは先にバックアップします。\n\n読み込みますか。",
            yes="読み込む",
            no="やめる",
        ):
            return False
        try:
            done = take_over(self.ctx, path, self.data_dir, self.backup_dir)
        except (ValidationError, BackupError, RuleViolation) as exc:
            warn(self, "引継ぎファイル", f"{exc}\n\nデータベースは変わっていません。")
            return False
        except OSError as exc:
            warn(self, "引継ぎファイル", describe_os_error(exc))
            return False
        kept = (
            f"\n今までのデータベースは {done.kept_database} に保存しました。"
            if done.kept_database
            else ""
        )
        inform(self, "引継ぎファイル", f"読み込みました。{kept}\nもう一度ログインしてください。")
        self.database_replaced.emit()
        return True

    def _on_import_clicked(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, "引継ぎファイルを読み込む", "", f"引継ぎファイル (*{SUFFIX})"
        )
        if name:
            self.import_from(Path(name))
