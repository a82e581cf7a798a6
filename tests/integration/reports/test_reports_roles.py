"""Roles in the reports and the year close: an auditor (監事) closes nothing and keeps no
register; re-opening a closed year is an administrator's alone."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.models import AuditEntry, FiscalYear, Officer
from gojokai_desktop.domain.errors import PermissionDenied
from gojokai_desktop.services.accounts.year_close import close_year, reopen_year
from gojokai_desktop.services.reports.register import OfficerInput, list_officers, save_officer

D = dt.date
READ_ONLY = "監事（閲覧のみ）の利用者は記録を変更できません"


def _state(ctx) -> tuple[object, ...]:
    with ctx.reader() as session:
        year = session.get(FiscalYear, 2024)
        return (
            None if year is None else year.status,
            session.scalar(select(func.count()).select_from(Officer)),
            session.scalar(select(func.count()).select_from(AuditEntry)),
        )


def test_an_auditor_closes_no_year_and_keeps_no_register(
    admin, auditor_ctx, small_books, tmp_path
) -> None:
    before = _state(admin)
    backups = tmp_path / "backups"
    backups.mkdir()
    with pytest.raises(PermissionDenied, match=READ_ONLY) as refused:
        close_year(auditor_ctx, 2024, backup_dir=backups)
    assert "（年度の締め）" in refused.value.message
    assert list(backups.iterdir()) == []  # not even the backup taken before a close
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        save_officer(auditor_ctx, OfficerInput("監事", "山田　監", D(2025, 5, 1)))
    assert _state(admin) == before
    assert list_officers(auditor_ctx) == []  # reading stays open to the auditor


def test_a_closed_year_is_reopened_by_an_administrator_only(
    admin, clerk_ctx, auditor_ctx, small_books, tmp_path
) -> None:
    close_year(admin, 2024, backup_dir=tmp_path)
    closed = _state(admin)
    assert closed[0] == "closed"
    with pytest.raises(PermissionDenied, match="「締めた年度の再開」は管理者だけ"):
        reopen_year(clerk_ctx, 2024, "記帳漏れ")
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        reopen_year(auditor_ctx, 2024, "記帳漏れ")
    assert _state(admin) == closed
    reopen_year(admin, 2024, "記帳漏れ")
    assert _state(admin)[0] == "open"
