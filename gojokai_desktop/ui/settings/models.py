"""Table models of the settings page: users, backups, audit entries and their changes."""

from __future__ import annotations

import datetime as dt

from gojokai_desktop.services.audit import AuditRow, Change
from gojokai_desktop.services.auth.users import UserRow
from gojokai_desktop.services.backups import BackupEntry
from gojokai_desktop.ui.table_base import Column, RowsTableModel


def _when(moment: dt.datetime | None) -> str:
    return "" if moment is None else moment.strftime("%Y-%m-%d %H:%M")


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def _size(size: int) -> str:
    return f"{size / 1024 / 1024:,.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:,.0f} KB"


USER_COLUMNS: tuple[Column[UserRow], ...] = (
    Column("ログイン名", lambda r: r.login),
    Column("氏名", lambda r: r.display_name),
    Column("役割", lambda r: r.role_label),
    Column("状態", lambda r: r.status_label),
    Column("最終ログイン", lambda r: _when(_local(r.last_login_at))),
)

BACKUP_COLUMNS: tuple[Column[BackupEntry], ...] = (
    Column("日時", lambda e: e.taken_at.strftime("%Y-%m-%d %H:%M")),
    Column("種類", lambda e: e.reason_label),
    Column("大きさ", lambda e: _size(e.size)),
    Column("会員数", lambda e: e.members, "int"),
    Column("状態", lambda e: e.problem or "読めます"),
    Column("場所", lambda e: str(e.path.parent)),
)

AUDIT_COLUMNS: tuple[Column[AuditRow], ...] = (
    Column("番号", lambda r: r.id, "int"),
    Column("日時", lambda r: r.at.strftime("%Y-%m-%d %H:%M:%S")),
    Column("利用者", lambda r: r.user_name),
    Column("操作", lambda r: r.action),
    Column("種類", lambda r: r.operation_label),
    Column("表", lambda r: r.entity_label),
    Column("記録", lambda r: r.entity_id),
    Column("内容", lambda r: r.summary),
)

CHANGE_COLUMNS: tuple[Column[Change], ...] = (
    Column("項目", lambda c: c.label),
    Column("変更前", lambda c: c.before),
    Column("変更後", lambda c: c.after),
)


def user_model() -> RowsTableModel[UserRow]:
    return RowsTableModel(USER_COLUMNS)


def backup_model() -> RowsTableModel[BackupEntry]:
    return RowsTableModel(BACKUP_COLUMNS)


def audit_model() -> RowsTableModel[AuditRow]:
    return RowsTableModel(AUDIT_COLUMNS)


def change_model() -> RowsTableModel[Change]:
    return RowsTableModel(CHANGE_COLUMNS)
