"""The 補助・決まり tab: a band typed wrong is named by its row; the 004 subsidy saved as a
new version changes the subsidy of events saved afterwards only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gojokai_desktop.services.events.rules import rules_in_force, rules_versions
from gojokai_desktop.ui.events.page import EventsPage

pytestmark = pytest.mark.gui


def test_rules_are_edited_and_saved_as_a_new_version(qtbot, ctx, event_society, ui) -> None:
    page = EventsPage(ctx)
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.rules_tab)
    tab = page.rules_tab
    assert tab.grid.rowCount() == 3  # the small society's preset: trip, tournament, check-up
    tab.preset_combo.setCurrentIndex(tab.preset_combo.findData("004"))
    tab._on_preset_clicked()
    assert tab.grid.rowCount() == 3  # 研修旅行 in two bands and 1日人間ドック
    row = tab.grid.index(1, 2)
    tab.grid.setData(row, "半額", Qt.ItemDataRole.EditRole)
    tab._on_save_clicked()
    assert ui.answers["refused"][-1].startswith("補助の表（2行目）の方式|")
    assert rules_versions(ctx) == []
    tab.grid.setData(row, "費用", Qt.ItemDataRole.EditRole)
    tab.limit_spins["trip"].setValue(2)
    tab._on_save_clicked()
    (saved,) = rules_versions(ctx)
    assert saved.valid_from_year == 2025
    rules = rules_in_force(ctx, 2025).rules
    trip = rules.subsidy("trip")
    assert [(b.below, b.amounts.member, b.amounts.family) for b in trip.bands] == [
        (100_000, 5_000, 3_000), (200_000, 8_000, 4_000)
    ]  # fmt: skip
    assert rules.limit_of("trip") == 2
    assert "2025年度からの決まりを保存しました" in tab.message.text()


def test_a_clerk_sees_the_rules_but_cannot_save_them(qtbot, clerk_ctx, event_society, ui) -> None:
    page = EventsPage(clerk_ctx)
    qtbot.addWidget(page)
    page.tabs.setCurrentWidget(page.rules_tab)
    tab = page.rules_tab
    assert tab.grid.rowCount() == 3  # read like everyone
    assert not tab.save_button.isEnabled()
    assert tab.save_button.toolTip() == "行事の決まり（補助）の保存は管理者だけができます"
    tab._on_save_clicked()  # even if pressed: the service refuses
    assert ui.answers["refused"][-1].endswith(
        "は管理者だけができます（いまの利用者: 鈴木 一郎・事務担当）。"
    )
    assert rules_versions(clerk_ctx) == []
