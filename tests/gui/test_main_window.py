"""The setup dialog, the main window and the error dialog, driven like a clerk would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gojokai_desktop.services.society import load_profile
from gojokai_desktop.ui.error_dialog import UnexpectedErrorDialog
from gojokai_desktop.ui.main_window import AREAS, AppPaths, MainWindow
from gojokai_desktop.ui.setup_dialog import SetupDialog
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui


def _save_button(dialog: SetupDialog):
    box = dialog.findChild(QDialogButtonBox)
    return box.button(QDialogButtonBox.StandardButton.Save)


def test_setup_dialog_refuses_a_bad_postal_code_and_stores_nothing(qtbot, ctx) -> None:
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog)
    type_text(dialog.name_edit, "みどり町勤労者互助会")
    type_text(dialog.postal_edit, "96-81")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert "郵便番号" in dialog.error_label.text()
    assert "7桁" in dialog.error_label.text()
    assert not dialog.result()
    assert load_profile(ctx) is None


def test_setup_dialog_saves_the_profile_and_the_administrator(qtbot, ctx) -> None:
    from gojokai_desktop.services.auth.login import authenticate

    dialog = SetupDialog(ctx, login_name="midori")
    qtbot.addWidget(dialog)
    assert dialog.admin_login_edit.text() == "midori"
    type_text(dialog.name_edit, "みどり町勤労者互助会")
    type_text(dialog.postal_edit, "９６０８１０１")
    type_text(dialog.representative_edit, "緑 一郎")
    dialog.cutoff_spin.setValue(25)
    type_text(dialog.admin_password_edit, "midori-2025")
    type_text(dialog.admin_again_edit, "midori-2026")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert "2回の入力が違います" in dialog.error_label.text()
    assert load_profile(ctx) is None
    dialog.admin_again_edit.clear()
    type_text(dialog.admin_again_edit, "midori-2025")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == SetupDialog.DialogCode.Accepted
    profile = load_profile(ctx)
    assert profile is not None
    assert (profile.name, profile.postal_code, profile.cutoff_day) == (
        "みどり町勤労者互助会",
        "960-8101",
        25,
    )
    assert dialog.administrator is not None
    assert dialog.administrator.role == "admin"
    assert authenticate(ctx, "midori", "midori-2025").actor == dialog.administrator


@pytest.fixture
def app_paths(tmp_path: Path) -> AppPaths:
    log_file = tmp_path / "gojokai.log"
    log_file.write_text("line 1\nline 2\nlast line\n", encoding="utf-8")
    return AppPaths(tmp_path / "window.ini", log_file, tmp_path / "backups")


def test_main_window_shows_society_figures_and_fiscal_year(qtbot, ctx, society, app_paths):
    window = MainWindow(ctx, app_paths)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle().startswith("テスト町勤労者互助会")
    assert window.fiscal_label.text().strip() == "令和7年度"
    assert window.database_label.text() == str(ctx.database.path)
    assert window.home_page.title.text() == "ホーム — 令和7年度"
    assert window.home_page.as_of.text() == "令和7年6月15日(日) 現在"
    assert window.home_page.members_card.value.text() == "0 人"
    todo_list = window.home_page.todo_list
    todo = [todo_list.item(i).text() for i in range(todo_list.count())]
    assert any("バックアップ" in item for item in todo)
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == [
        area.title for area in AREAS
    ]


def test_navigation_and_shortcuts_switch_pages(qtbot, ctx, society, app_paths):
    from gojokai_desktop.ui.settings.page import SettingsPage

    window = MainWindow(ctx, app_paths)
    qtbot.addWidget(window)
    window.show()
    window.navigation.setCurrentRow(len(AREAS) - 1)
    settings_page = window.pages.currentWidget()
    assert isinstance(settings_page, SettingsPage)
    assert "テスト町勤労者互助会" in settings_page.profile_tab.profile_label.text()
    from PySide6.QtGui import QAction

    shortcuts = {a.shortcut().toString(): a for a in window.findChildren(QAction)}
    assert {"Ctrl+1", "Ctrl+0", "F5", "Ctrl+Q"} <= set(shortcuts)
    shortcuts["Ctrl+1"].trigger()
    assert window.pages.currentWidget() is window.home_page
    shortcuts["Ctrl+0"].trigger()
    assert window.pages.currentWidget() is settings_page


def test_backup_from_the_menu_removes_the_todo(qtbot, ctx, society, app_paths):
    window = MainWindow(ctx, app_paths)
    qtbot.addWidget(window)
    window._on_backup_requested()
    assert len(list(app_paths.backup_dir.glob("*-manual.sqlite3"))) == 1
    assert "バックアップを保存しました（検証済み）" in window.statusBar().currentMessage()
    assert window.todo_items() == []


def test_window_geometry_is_remembered(qtbot, ctx, society, app_paths):
    window = MainWindow(ctx, app_paths)
    qtbot.addWidget(window)
    window.show()
    # The offscreen screen is 800x600 and restoreGeometry clamps width and position to it.
    window.resize(window.width(), 520)
    window.close()
    assert "main_window" in app_paths.settings_file.read_text(encoding="utf-8")
    again = MainWindow(ctx, app_paths)
    qtbot.addWidget(again)
    assert again.height() == 520


def test_error_dialog_shows_the_log_tail(qtbot, app_paths):
    from PySide6.QtWidgets import QLabel

    dialog = UnexpectedErrorDialog("ValueError: boom", app_paths.log_file)
    qtbot.addWidget(dialog)
    assert dialog.log_view.toPlainText().endswith("last line\n")
    labels = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "ValueError: boom" in labels
    assert f"ログファイル: {app_paths.log_file}" in labels


def test_member_number_format_is_chosen_from_presets_with_an_example(qtbot, ctx) -> None:
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    choices = [dialog.pattern_combo.itemText(i) for i in range(dialog.pattern_combo.count())]
    assert choices[:3] == ["0012-034（事業所4桁-個人3桁）", "012-0034（事業所3桁-個人4桁）",
                           "12034（事業所番号＋個人3桁）"]  # fmt: skip
    assert choices[-1] == "その他（詳細で指定）"
    assert not any("{" in choice for choice in choices)  # the pattern only under 詳細
    assert not dialog.pattern_edit.isVisible()
    assert dialog.pattern_example.text() == "例: 事業所12の34人目 → 0012-034"
    dialog.pattern_combo.setCurrentIndex(dialog.pattern_combo.findData("{serial:06d}"))
    assert dialog.pattern_example.text() == "例: 事業所12の34人目 → 001234"
    assert dialog.pattern() == "{serial:06d}"
    dialog.details_button.click()
    assert dialog.pattern_edit.isVisible()
    dialog.pattern_edit.setText("{kaiin:04d}")
    assert "kaiin" in dialog.pattern_example.text()
    assert dialog.pattern_combo.currentText() == "その他（詳細で指定）"
    type_text(dialog.name_edit, "互助会")
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.error_label.text().startswith("会員番号の形式: ")
    assert dialog.pattern_edit.property("formError") is True
    assert load_profile(ctx) is None


def test_setup_dialog_names_every_failed_field(qtbot, ctx) -> None:
    dialog = SetupDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.postal_edit, "96-81")
    dialog.title_edit.clear()
    qtbot.mouseClick(_save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.errors.problems() == [
        "団体名: 入力してください。",
        "郵便番号: 「96-81」は郵便番号として読めません。"
        "7桁の数字で入力してください（例: 960-8101）",
        "代表者の役職: 入力してください。",
    ]
    assert set(dialog.errors.marked()) == {
        dialog.name_edit,
        dialog.postal_edit,
        dialog.title_edit,
    }
    assert load_profile(ctx) is None


def test_area_pages_are_built_on_first_visit(qtbot, ctx, society, app_paths):
    from gojokai_desktop.ui.members.page import MembersPage

    window = MainWindow(ctx, app_paths)
    qtbot.addWidget(window)
    members_row = [area.title for area in AREAS].index("会員")
    assert not isinstance(window.pages.widget(members_row), MembersPage)
    window.navigation.setCurrentRow(members_row)
    page = window.pages.currentWidget()
    assert isinstance(page, MembersPage)
    assert window.pages.indexOf(page) == members_row
    assert window.pages.count() == len(AREAS)
    window.navigation.setCurrentRow(0)
    window.navigation.setCurrentRow(members_row)
    assert window.pages.currentWidget() is page
