"""The 研修・行事 page driven as a clerk would: announce a trip, take applications until it is
full, cancel one and print the promotion notice, mark attendance, collect a fee with its
receipt, book the subsidy and print a study session's labour bank claim."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gojokai_desktop.services.events.books import book_check
from gojokai_desktop.services.events.roster import list_applications
from gojokai_desktop.services.events.views import list_events
from gojokai_desktop.ui.events.application_dialogs import ApplicationDialog, GuestsModel
from gojokai_desktop.ui.events.event_dialog import EventDialog
from gojokai_desktop.ui.events.grids import ProgrammeModel, SessionsModel
from gojokai_desktop.ui.events.models import (
    APPLICATION_COLUMNS,
    ATTENDANCE_COLUMNS,
    COST_COLUMNS,
    FEE_COLUMNS,
    PAYMENT_COLUMNS,
    AttendanceModel,
    event_columns,
)
from gojokai_desktop.ui.events.page import EventsPage
from gojokai_desktop.ui.events.rules_tab import SubsidyGridModel
from gojokai_desktop.ui.main_window import AREAS, AppPaths, MainWindow
from gojokai_desktop.ui.style import apply_style
from gojokai_desktop.ui.table_base import RowsTableModel
from tests.gui.typing import type_text
from tests.integration.events.helpers import member_app, study, trip
from tests.integration.events.scenario import trip_scenario

pytestmark = pytest.mark.gui
D = dt.date
SHOTS = Path("/tmp/shots")


def _page(qtbot, ctx) -> EventsPage:
    page = EventsPage(ctx)
    qtbot.addWidget(page)
    page.resize(850, 700)
    page.show()
    return page


def _set_cell(model, row: int, column: int, text: str) -> None:
    assert model.setData(model.index(row, column), text, Qt.ItemDataRole.EditRole)


def test_models_pass_the_model_tester(qtmodeltester, ctx, event_society) -> None:
    from gojokai_desktop.services.events.money import costs_of, payments_of

    scenario = trip_scenario(ctx, event_society)
    apps = list_applications(ctx, scenario.event_id)
    people = [p for a in apps for p in a.participants]
    for columns, rows in (
        (event_columns(ctx.today()), list_events(ctx)),
        (APPLICATION_COLUMNS, apps),
        (FEE_COLUMNS, people),
        (PAYMENT_COLUMNS, payments_of(ctx, scenario.event_id)),
        (COST_COLUMNS, costs_of(ctx, scenario.event_id)),
    ):
        model: RowsTableModel[object] = RowsTableModel(columns)
        model.set_rows(rows)
        qtmodeltester.check(model)
    attendance = AttendanceModel(ATTENDANCE_COLUMNS)
    attendance.set_rows(people)
    qtmodeltester.check(attendance)
    for grid in (SessionsModel(), ProgrammeModel(), GuestsModel(), SubsidyGridModel()):
        grid.add_row()
        qtmodeltester.check(grid)


def test_the_event_dialog_refuses_bad_values_naming_the_field(qtbot, ctx, event_society) -> None:
    dialog = EventDialog(ctx, EventsPage(ctx).calendar, 2025)
    qtbot.addWidget(dialog)
    type_text(dialog.title_edit, "秋の日帰りバス旅行")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("trip"))
    _set_cell(dialog.sessions_model, 0, 0, "R7.2.30")
    dialog.save_button.click()
    assert "【開催日（日程1）】" in dialog.message.text()
    assert "令和7年2月は28日まで" in dialog.message.text()
    _set_cell(dialog.sessions_model, 0, 0, "R7.9.20")
    dialog.capacity_edit.setText("-5")
    dialog.save_button.click()
    assert "【定員】" in dialog.message.text()
    dialog.capacity_edit.setText("40")
    type_text(dialog.deadline_edit, "R7.9.30")
    dialog.save_button.click()
    assert (
        "【申込締切】申込締切は開催日（令和7年9月20日）より後にはできません"
        in dialog.message.text()
    )
    type_text(dialog.fee_edits[1], "-1000")
    dialog.deadline_edit.setDate(D(2025, 8, 31))
    dialog.save_button.click()
    assert "【参加費（家族）】" in dialog.message.text()
    assert list_events(ctx) == []
    dialog.fee_edits[1].setValue(9_000)
    dialog.save_button.click()
    assert dialog.saved is not None
    (row,) = list_events(ctx)
    assert (row.title, row.capacity, row.deadline) == ("秋の日帰りバス旅行", 40, D(2025, 8, 31))


def test_counter_applications_fill_the_trip_and_a_cancellation_promotes(
    qtbot, ctx, event_society, answers, previews
) -> None:
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.services.members.search import load_member_rows

    s = event_society
    event = create_event(ctx, trip(capacity=3))
    members = load_member_rows(ctx)
    page = _page(qtbot, ctx)
    page.open_event(event.id)
    dialog = ApplicationDialog(ctx, page.applications_tab.detail, members)
    qtbot.addWidget(dialog)
    number = next(m.number for m in members if m.id == s.hanako)
    type_text(dialog.picker.edit, number)
    assert dialog.family_model.rowCount() == 3
    dialog.family_model.item(0).setCheckState(Qt.CheckState.Checked)  # the spouse
    dialog.guests_model.add_row()
    dialog.date_edit.setDate(D(2025, 6, 10))
    dialog._on_apply()
    assert "【一般の参加者（1人目）の氏名】" in dialog.message.text()
    _set_cell(dialog.guests_model, 0, 0, "友人　一")
    dialog._on_apply()
    assert dialog.result_ is not None
    assert "参加が決まりました" in dialog.result_.message
    for member in s.crew[:2]:
        from gojokai_desktop.services.events.applications import apply

        apply(ctx, member_app(event.id, member, applied_on=D(2025, 6, 12)))
    page.refresh()
    tab = page.applications_tab
    assert [tab.model.row_at(r).status_label for r in range(tab.model.rowCount())] == [
        "参加決定", "キャンセル待ち1番", "キャンセル待ち2番"
    ]  # fmt: skip
    tab.view.selectRow(0)
    tab._on_cancel_clicked()
    assert "繰上げ: 申込番号2" in tab.status.text()
    assert previews[-1][0] == "申込のお知らせ"
    assert "繰上げ参加のお知らせ" in previews[-1][1]


def test_attendance_is_marked_by_clicks_and_all_present(qtbot, ctx, event_society) -> None:
    scenario = trip_scenario(ctx, event_society)
    page = _page(qtbot, ctx)
    page.show_year(2025, scenario.event_id)
    page.tabs.setCurrentWidget(page.attendance_tab)
    tab = page.attendance_tab
    rows = tab.model.rowCount()
    assert rows == 5
    proxy = tab.view.model()
    first = next(
        proxy.index(r, 0)
        for r in range(rows)
        if tab.model.row_at(proxy.mapToSource(proxy.index(r, 0)).row()).attendance == "present"
    )
    person = tab.model.row_at(proxy.mapToSource(first).row())
    tab._on_view_clicked(first)  # the list is read again: the index is gone
    after = {tab.model.row_at(r).id: tab.model.row_at(r).attendance for r in range(rows)}
    assert (person.attendance, after[person.id]) == ("present", "absent")
    assert "欠席 2人" in tab.count_label.text()
    assert "欠席 2人" in page.summary.text()


def test_a_fee_is_collected_with_its_receipt(qtbot, ctx, event_society, ui) -> None:
    from gojokai_desktop.ui.events import fees_tab

    scenario = trip_scenario(ctx, event_society)
    page = _page(qtbot, ctx)
    page.show_year(2025, scenario.event_id)
    page.tabs.setCurrentWidget(page.fees_tab)
    tab = page.fees_tab
    assert tab.people_model.rowCount() == 1  # the promoted ウエダ has not paid
    tab.people_view.selectRow(0)
    ui.patch(fees_tab.MoneyDialog, "exec", lambda self: True)
    ui.patch(fees_tab.MoneyDialog, "day", property(lambda self: D(2025, 9, 1)))
    tab._on_collect_clicked()
    assert "7,000円を入金しました" in tab.status.text()
    assert ui.previews[-1][0] == "領収書"
    receipt = ui.previews[-1][1]
    assert "ウエダ　太郎3" in receipt
    assert "秋の日帰りバス旅行 参加費" in receipt
    assert "￥\n7\n0\n0\n0" in receipt  # the amount in its digit boxes
    assert book_check(ctx, scenario.event_id).agrees


def test_a_cost_and_the_labour_bank_claim_from_the_money_tab(qtbot, ctx, event_society, ui) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.ui.events import money_tab

    event = create_event(ctx, study())
    for member in event_society.crew[:3]:
        apply(ctx, member_app(event.id, member, applied_on=D(2025, 5, 20)))
    page = _page(qtbot, ctx)
    page.show_year(2025, event.id)
    page.tabs.setCurrentWidget(page.money_tab)
    tab = page.money_tab
    ui.patch(money_tab.MoneyDialog, "exec", lambda self: True)
    ui.patch(money_tab.MoneyDialog, "day", property(lambda self: D(2025, 6, 6)))
    ui.patch(money_tab.MoneyDialog, "description", property(lambda self: "会場使用料"))
    ui.patch(money_tab.MoneyDialog, "amount", property(lambda self: 5_000))
    tab._on_cost_clicked()
    assert "会場使用料 5,000円を記帳しました" in tab.figures.text()
    assert tab.claim_model.rowCount() == 1
    assert tab.claim_model.row_at(0).amount == 5_000  # min(5,000, 2,000 × 3)
    ui.patch(money_tab.ClaimDialog, "exec", lambda self: True)
    tab._on_claim_clicked()
    tab._on_claim_print_clicked()
    title, text = ui.previews[-1]
    assert title == "研修会助成金請求書"
    assert "参加者数" in text
    assert "5,000円" in text


def test_every_tab_fits_a_1024_by_768_window(qtbot, ctx, event_society, tmp_path) -> None:
    import dataclasses

    scenario = trip_scenario(ctx, event_society)
    ctx = dataclasses.replace(ctx, clock=lambda: D(2025, 9, 20))  # the trip's day: 全員出席 on
    apply_style(QApplication.instance())
    window = MainWindow(ctx, AppPaths(tmp_path / "w.ini", None, tmp_path / "b"))
    qtbot.addWidget(window)
    window.resize(1024, 768)
    window.show()
    window.navigation.setCurrentRow([a.title for a in AREAS].index("研修・行事"))
    page = window.pages.currentWidget()
    assert isinstance(page, EventsPage)
    page.show_year(2025, scenario.event_id)
    SHOTS.mkdir(exist_ok=True)
    for index in range(page.tabs.count()):
        page.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        assert page.tabs.currentWidget().minimumSizeHint().width() <= 1024 - 170
        window.grab().save(str(SHOTS / f"events_tab{index}.png"))
    assert window.size().width() == 1024
    # The budget status of the 収支 tab shows its 残額 whole, without scrolling sideways.
    page.tabs.setCurrentWidget(page.money_tab)
    QApplication.processEvents()
    assert page.money_tab.budget_view.horizontalScrollBar().maximum() == 0
    # 全員出席 adds 「（N人を出席にしました）」 to the counts: the window stays 1,024 wide.
    page.tabs.setCurrentWidget(page.attendance_tab)
    narrowest = page.attendance_tab.minimumSizeHint().width()
    page.attendance_tab.all_button.click()
    QApplication.processEvents()
    assert "人を出席にしました" in page.attendance_tab.count_label.text()
    assert page.attendance_tab.minimumSizeHint().width() <= narrowest
    assert window.size().width() == 1024
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "行事一覧", "申込", "出欠・受付", "参加費", "収支", "補助・決まり"
    ]  # fmt: skip


def test_all_present_waits_for_the_event_day(qtbot, ctx, event_society, ui) -> None:
    """Before the trip (R7.9.20) nobody has attended: 全員出席 is greyed out and its tooltip
    says why; on the day it marks everyone."""
    import dataclasses

    from gojokai_desktop.services.events.attendance import set_attendance
    from gojokai_desktop.services.events.roster import participants_of

    scenario = trip_scenario(ctx, event_society)  # today R7.6.15
    page = _page(qtbot, ctx)
    page.show_year(2025, scenario.event_id)
    page.tabs.setCurrentWidget(page.attendance_tab)
    tab = page.attendance_tab
    assert not tab.all_button.isEnabled()
    assert tab.all_button.toolTip() == ("行事の日（令和7年9月20日）より前は出欠を付けられません。")
    tab._on_all_clicked()  # a shortcut or a stale screen: refused with the same words
    assert ui.answers["told"] == ["行事の日（令和7年9月20日）より前は出欠を付けられません。"]
    people = participants_of(ctx, scenario.event_id)
    set_attendance(ctx, [p.id for p in people], "")  # the scenario's marks cleared
    on_the_day = dataclasses.replace(ctx, clock=lambda: D(2025, 9, 20))
    page = _page(qtbot, on_the_day)
    page.show_year(2025, scenario.event_id)
    page.tabs.setCurrentWidget(page.attendance_tab)
    tab = page.attendance_tab
    assert tab.all_button.isEnabled()
    assert "全員出席" in tab.all_button.toolTip()
    tab.all_button.click()
    assert f"（{len(people)}人を出席にしました）" in tab.count_label.text()
    assert {p.attendance_label for p in participants_of(ctx, scenario.event_id)} == {"出席"}


def test_a_cancellation_is_dated_the_day_the_member_said_so(qtbot, ctx, event_society, ui) -> None:
    """花子 phoned on R7.9.10 (10 days before the trip: no キャンセル料); the clerk enters it on
    R7.9.16, inside the 7 days of the 50% fee. The refund follows the day typed."""
    import dataclasses

    from gojokai_desktop.ui.events.common import ReasonAndDayDialog

    scenario = trip_scenario(ctx, event_society)
    ctx = dataclasses.replace(ctx, clock=lambda: D(2025, 9, 16))
    page = _page(qtbot, ctx)
    page.show_year(2025, scenario.event_id)
    page.tabs.setCurrentWidget(page.applications_tab)
    tab = page.applications_tab
    row = next(
        r for r in range(tab.model.rowCount()) if tab.model.row_at(r).id == scenario.hanako_app
    )
    tab.view.selectRow(row)
    ui.answers["days"] = [D(2025, 9, 10)]
    tab._on_cancel_clicked()
    assert "返金: 佐藤　花子 28,000円" in tab.status.text()
    # The dialog itself: era input, and a wrong day named by its field.
    dialog = ReasonAndDayDialog(page, "申込の取消", "取り消します。", "取り消す", D(2025, 9, 16))
    qtbot.addWidget(dialog)
    assert dialog.day.text().startswith("令和7年9月16日")
    dialog.day.clear()
    type_text(dialog.day, "R7.9.31")
    dialog._on_ok()
    assert dialog.message.text().startswith("【取消日】「R7.9.31」は存在しない日付です")
    assert dialog.result() == 0
    dialog.day.clear()
    type_text(dialog.day, "R7.9.10")
    dialog.reason.setText("家族の都合")
    dialog._on_ok()
    assert dialog.answer() == ("家族の都合", D(2025, 9, 10))
