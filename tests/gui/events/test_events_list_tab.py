"""The 行事一覧 tab: copy last year's event into this year, cancel one with its refunds,
refuse to delete one with money, print the announcement and the year's report."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from gojokai_desktop.services.events.views import list_events
from gojokai_desktop.ui.events.page import EventsPage
from tests.integration.events.scenario import trip_scenario

pytestmark = pytest.mark.gui


def _select(page: EventsPage, title: str) -> None:
    tab = page.list_tab
    for row in range(tab.model.rowCount()):
        if tab.model.row_at(row).title == title:
            tab.select_event(tab.model.row_at(row).id)
            return
    raise AssertionError(title)


def test_copy_cancel_delete_and_print_from_the_list(qtbot, ctx, event_society, ui) -> None:
    trip_scenario(ctx, event_society)
    # The clerk comes back after the summer: the payments of July lie in the past.
    ctx = dataclasses.replace(ctx, clock=lambda: dt.date(2025, 10, 1))
    page = EventsPage(ctx)
    qtbot.addWidget(page)
    page.show_year(2025, None)
    page.tabs.setCurrentWidget(page.list_tab)
    assert page.list_tab.model.rowCount() == 2
    _select(page, "事務担当者研修会")
    page.list_tab._on_copy_clicked()
    assert page.fiscal_year == 2026
    (copied,) = list_events(ctx, 2026)
    assert copied.title == "事務担当者研修会"
    assert "令和8年6月5日(金)「事務担当者研修会」を作りました" in ui.answers["told"][-1]
    page.show_year(2025, None)
    page.tabs.setCurrentWidget(page.list_tab)
    page.refresh()
    _select(page, "秋の日帰りバス旅行")
    page.list_tab._on_delete_clicked()
    assert "削除できません" in ui.answers["refused"][-1]
    page.list_tab._on_cancel_clicked()
    told = ui.answers["told"][-1]
    assert "申込 4件を取り消しました。" in told  # イトウ had cancelled before
    assert "返金: 佐藤　花子 28,000円" in told
    assert "（中止）" in page.event_combo.currentText() or any(
        "（中止）" in page.event_combo.itemText(i) for i in range(page.event_combo.count())
    )
    _select(page, "事務担当者研修会")
    page.list_tab._on_announce_clicked()
    page.list_tab._on_report_clicked()
    titles = [title for title, _text in ui.previews]
    assert titles == ["開催案内", "行事の実績"]
    assert "（中止）" in ui.previews[-1][1]


def test_a_new_event_of_next_year_is_shown_in_its_year_and_said(
    qtbot, ctx, event_society, ui
) -> None:
    """In March the clerk enters April's study session: it is next year's, and stays in view."""
    from gojokai_desktop.ui.events import list_tab as module
    from tests.gui.typing import type_text

    page = EventsPage(ctx)
    qtbot.addWidget(page)
    page.show_year(2025, None)
    assert page.event_combo.count() == 0

    def fill_and_save(dialog) -> int:
        type_text(dialog.title_edit, "新年度 事務担当者研修会")
        model = dialog.sessions_model
        model.setData(model.index(0, 0), "R8.4.20")
        dialog.save_button.click()
        return 1 if dialog.saved is not None else 0

    ui.patch(module.EventDialog, "exec", fill_and_save)
    page.list_tab._on_new_clicked()
    assert [row.title for row in list_events(ctx, 2026)] == ["新年度 事務担当者研修会"]
    assert page.fiscal_year == 2026
    assert page.event_combo.currentText().endswith("新年度 事務担当者研修会")
    assert ui.answers["told"][-1] == (
        "「新年度 事務担当者研修会」は開催日が令和8年4月20日(月)のため、令和8年度の行事です。"
        "表示を令和8年度に切り替えました。"
    )
