"""The 設定 page and the login, driven as a clerk, an administrator and an auditor would."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSize

from gojokai_desktop.services.auth.users import create_user
from gojokai_desktop.services.context import Actor, AppContext
from gojokai_desktop.ui.auth.login_dialog import LoginDialog
from gojokai_desktop.ui.settings import backups_tab, handover_tab, users_tab
from gojokai_desktop.ui.settings.page import SettingsPage

pytestmark = pytest.mark.gui
SHOTS = os.environ.get("GOJOKAI_SHOTS")  # a folder: the tests save what they show as PNG


def shot(widget, name: str) -> None:
    """Pages at 1,024×768; dialogs at the size they open with."""
    from PySide6.QtWidgets import QDialog

    if SHOTS:
        if isinstance(widget, QDialog):
            widget.adjustSize()
        else:
            widget.resize(QSize(1024, 768))
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def quiet(monkeypatch):
    """Message boxes answer themselves and are remembered (a real one would wait)."""
    said: list[tuple[str, str]] = []
    for module in (users_tab, backups_tab, handover_tab):
        monkeypatch.setattr(
            module, "ask", lambda _p, title, text, **_k: said.append((title, text)) or True
        )
        for name in ("warn", "inform"):
            if hasattr(module, name):
                monkeypatch.setattr(
                    module, name, lambda _p, title, text: said.append((title, text))
                )
    return said


def _page(qtbot, ctx: AppContext) -> SettingsPage:
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1024, 768)
    page.show()
    page.refresh()
    return page


def test_the_models_behave(qtbot, ctx, society, admin_user_ctx, qtmodeltester) -> None:
    page = _page(qtbot, admin_user_ctx)
    page.tabs.setCurrentWidget(page.users_tab)
    qtmodeltester.check(page.users_tab.model)
    page.tabs.setCurrentWidget(page.audit_tab)
    qtmodeltester.check(page.audit_tab.model)
    qtmodeltester.check(page.audit_tab.changes)
    page.tabs.setCurrentWidget(page.backups_tab)
    page.backups_tab.backup_now()
    qtmodeltester.check(page.backups_tab.model)


def test_login_dialog_prefills_the_pc_login_and_says_what_went_wrong(qtbot, ctx, clerk_ctx) -> None:
    dialog = LoginDialog(ctx, "suzuki")
    qtbot.addWidget(dialog)
    assert dialog.login_combo.currentText() == "suzuki"
    assert not dialog.log_in("suzuki", "wrong-password")
    assert (
        dialog.error_label.text()
        == "ログイン名かパスワードが違います（あと4回間違えるとロックします）。"
    )
    assert dialog.log_in("suzuki", "password-123")
    assert dialog.actor == Actor(dialog.actor.user_id, "鈴木 一郎", "clerk")
    unknown = LoginDialog(ctx, "somebody-else")
    qtbot.addWidget(unknown)
    assert unknown.login_combo.currentText() == ""
    shot(dialog, "login")


def test_an_administrator_manages_users_and_a_clerk_only_sees_them(
    qtbot, admin_user_ctx, clerk_ctx, quiet
) -> None:
    create_user(admin_user_ctx, "yamada", "山田 花子", "auditor", "temporary-1")
    admin_page = _page(qtbot, admin_user_ctx)
    admin_page.tabs.setCurrentWidget(admin_page.users_tab)
    tab = admin_page.users_tab
    rows = [(r.login, r.role_label, r.status_label) for r in tab.model_rows()]
    assert ("yamada", "監事", "パスワード変更待ち") in rows
    assert tab.add_button.isEnabled()
    tab.table.selectRow([r.login for r in tab.model_rows()].index("yamada"))
    assert tab.active_button.text() == "無効にする"
    tab._on_active_clicked()
    assert quiet[-1][0] == "利用者を無効にする"
    assert [r.status_label for r in tab.model_rows() if r.login == "yamada"] == ["無効"]
    shot(admin_page, "settings_users")
    clerk_page = _page(qtbot, clerk_ctx)
    clerk_page.tabs.setCurrentWidget(clerk_page.users_tab)
    assert not clerk_page.users_tab.add_button.isEnabled()
    assert "管理者だけ" in clerk_page.users_tab.note.text()
    assert not clerk_page.users_tab.pc_enable.isEnabled()


@pytest.mark.usefixtures("clerk_ctx")
def test_this_pc_logs_in_as_a_clerk_when_an_administrator_sets_it(
    qtbot, ctx, admin_user_ctx, quiet
) -> None:
    from gojokai_desktop.services import local_settings
    from gojokai_desktop.services.auth.login import pc_login

    page = _page(qtbot, admin_user_ctx)
    page.tabs.setCurrentWidget(page.users_tab)
    tab = page.users_tab
    assert tab.pc_combo.currentText() == "鈴木 一郎（suzuki）"
    tab._on_pc_enable_clicked()
    assert "弱い設定" in quiet[-1][1]
    assert "「鈴木 一郎」として自動ログイン" in tab.pc_state.text()
    token = local_settings.pc_login_token(tab.data_dir, ctx.display_name())
    assert pc_login(ctx, token).name == "鈴木 一郎"
    tab._on_pc_disable_clicked()
    assert pc_login(ctx, token) is None
    assert local_settings.pc_login_token(tab.data_dir, ctx.display_name()) is None


def test_a_clerk_restores_yesterdays_backup_from_the_screen(
    qtbot, admin_user_ctx, quiet, db_path: Path
) -> None:
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )

    page = _page(qtbot, admin_user_ctx)
    page.tabs.setCurrentWidget(page.backups_tab)
    tab = page.backups_tab
    assert tab.backup_now()
    assert "検証済み、会員 0 人" in tab.status.text()
    create_establishment(
        admin_user_ctx, EstablishmentInput(name="あとで入力した商店"), dt.date(2025, 6, 1)
    )
    entries = [tab.model.row_at(i) for i in range(tab.model.rowCount())]
    assert [(e.reason_label, e.members) for e in entries] == [("手動", 0)]
    assert tab.model.data(tab.model.index(0, 3)) == "0"
    shot(page, "settings_backups")
    replaced: list[bool] = []
    page.database_replaced.connect(lambda: replaced.append(True))
    assert tab.restore(entries[0])
    assert replaced == [True]
    assert "もう一度ログインしてください" in quiet[-1][1]
    with sqlite3.connect(db_path) as db:
        assert db.execute("SELECT count(*) FROM establishments").fetchone() == (0,)
    tab.refresh()
    reasons = sorted(tab.model.row_at(i).reason_label for i in range(tab.model.rowCount()))
    assert reasons == ["復元の前", "手動"]


def test_an_auditor_reads_filters_and_exports_the_trail_and_verifies_it(
    qtbot, ctx, auditor_ctx, db_path: Path, tmp_path: Path
) -> None:
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )

    est = create_establishment(ctx, EstablishmentInput(name="福島商事"), dt.date(2020, 4, 1))
    page = _page(qtbot, auditor_ctx)
    page.tabs.setCurrentWidget(page.audit_tab)
    tab = page.audit_tab
    assert tab.model.rowCount() > 3
    assert not page.profile_tab.edit_button.isEnabled()
    page.tabs.setCurrentWidget(page.users_tab)
    assert not page.users_tab.add_button.isEnabled()
    page.tabs.setCurrentWidget(page.audit_tab)
    tab.entity_combo.setCurrentIndex(tab.entity_combo.findData("establishments"))
    tab.search()
    assert [tab.model.row_at(i).entity_id for i in range(tab.model.rowCount())] == [str(est.id)]
    tab.table.selectRow(0)
    changes = (
        {c.label: c.after for c in tab.changes_rows()}
        if hasattr(tab, "changes_rows")
        else {
            tab.changes.row_at(i).label: tab.changes.row_at(i).after
            for i in range(tab.changes.rowCount())
        }
    )
    assert changes["氏名・名称"] == "福島商事"
    shot(page, "settings_audit")
    out = tmp_path / "監査ログ.xlsx"
    assert tab.export_to(out)
    sheet = openpyxl.load_workbook(out).active
    assert [c.value for c in sheet[1]][:4] == ["番号", "日時", "利用者", "操作"]
    assert "福島商事" in [c.value for row in sheet.iter_rows() for c in row]
    ok, text = tab.verify_text()
    assert ok
    assert "書き換えは見つかりませんでした" in text
    with sqlite3.connect(db_path) as db:
        db.execute("UPDATE establishments SET name = '改ざん商事'")
    ok, text = tab.verify_text()
    assert not ok
    assert "事業所 1 改ざん商事" in text


def test_the_handover_tab_writes_a_file_an_administrator_reads_back(
    qtbot, admin_user_ctx, quiet, tmp_path: Path
) -> None:
    page = _page(qtbot, admin_user_ctx)
    page.tabs.setCurrentWidget(page.handover_tab)
    tab = page.handover_tab
    target = tmp_path / "引継ぎ.gojokai"
    assert tab.export_to(target)
    assert "引継ぎファイルを作りました" in tab.status.text()
    shot(page, "settings_handover")
    assert tab.import_from(target)
    assert quiet[-1][1].startswith("読み込みました。")


def test_after_a_restore_the_window_asks_who_logs_in_and_rebuilds_its_pages(
    qtbot, admin_user_ctx, quiet, tmp_path: Path, monkeypatch
) -> None:
    from gojokai_desktop.ui import main_window as main_window_module
    from gojokai_desktop.ui.auth import login_dialog
    from gojokai_desktop.ui.main_window import AREAS, AppPaths, MainWindow

    asked: list[str] = []

    class AnsweredLogin:
        """The login dialog, answered by the administrator at once."""

        def __init__(self, ctx, login, parent=None, **_kwargs) -> None:
            asked.append(ctx.actor.name)
            self.actor = admin_user_ctx.actor

        def exec(self) -> int:
            return 1

    monkeypatch.setattr(login_dialog, "LoginDialog", AnsweredLogin)
    window = MainWindow(admin_user_ctx, AppPaths(tmp_path / "w.ini", None, tmp_path / "b"))
    qtbot.addWidget(window)
    window.show()
    window.open_area("設定", "バックアップと復元")
    page = window.pages.currentWidget()
    assert isinstance(page, SettingsPage)
    assert page.backups_tab.backup_now()
    entry = page.backups_tab.model.row_at(0)
    assert page.backups_tab.restore(entry)
    qtbot.waitUntil(lambda: asked == ["ログイン画面"], timeout=3000)
    assert window.user_label.text().strip() == "管理 次郎（管理者）"
    # The settings page was built afresh for the context of the new login.
    window.navigation.setCurrentRow(len(AREAS) - 1)
    assert window.pages.currentWidget() is not page
    assert main_window_module.AREAS[-1].title == "設定"
