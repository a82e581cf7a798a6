"""The report tabs driven as a clerk would: the settlement with its 説明, the activity texts,
meetings and officers, the packet and the interim report printed into the preview."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.balances import set_opening_balance
from gojokai_desktop.services.accounts.budget import create_budget, set_line
from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset
from gojokai_desktop.services.reports.register import (
    AgendaItemInput,
    MeetingInput,
    OfficerInput,
    list_meetings,
    list_officers,
    save_meeting,
    save_officer,
)
from gojokai_desktop.services.reports.settlement import settlement_table
from gojokai_desktop.services.reports.texts import report_texts
from gojokai_desktop.ui.preview import PdfPreviewDialog
from gojokai_desktop.ui.reports.models import (
    AccountsTableModel,
    AgendaModel,
    meeting_model,
    officer_model,
)
from gojokai_desktop.ui.reports.page import ReportsPage
from gojokai_desktop.ui.reports.register_dialogs import MeetingDialog, OfficerDialog
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui
D = dt.date


def _text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture
def admin(ctx, society):
    with ctx.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2024)
        bank = add_bank_account(uow, general, "東邦銀行 普通 1234567")
        set_opening_balance(uow, fiscal_year=2024, account=general, amount=30_000)
        set_opening_balance(
            uow, fiscal_year=2024, account=general, amount=500_000, method="bank", bank_account=bank
        )
        ledger.post(
            uow,
            date=D(2024, 5, 25),
            amount=120_000,
            description="会費",
            item="101",
            method="bank",
            bank_account=bank,
        )
        ledger.post(uow, date=D(2024, 9, 9), amount=12_345, description="事務用品", item="206")
        for year in (2024, 2025):
            budget = create_budget(uow, fiscal_year=year, account=general)
            set_line(uow, budget, "101", 130_000)
            set_line(uow, budget, "206", 10_000)
        ledger.post(
            uow,
            date=D(2025, 5, 25),
            amount=60_000,
            description="会費",
            item="101",
            method="bank",
            bank_account=bank,
        )
        uow.commit()
    return dataclasses.replace(ctx, actor=Actor(1, "管理者"))


@pytest.fixture
def previews(monkeypatch) -> list[dict[str, object]]:
    shown: list[dict[str, object]] = []

    def fake_exec(dialog: PdfPreviewDialog) -> int:
        shown.append(
            {"title": dialog.windowTitle(), "path": dialog.pdf_path, "text": _text(dialog.pdf_path)}
        )
        return 0

    monkeypatch.setattr(PdfPreviewDialog, "exec", fake_exec)
    return shown


@pytest.fixture
def page(qtbot, admin) -> ReportsPage:
    widget = ReportsPage(admin)
    qtbot.addWidget(widget)
    widget.resize(1024, 768)
    widget.show()
    return widget


def _row(model: AccountsTableModel, label: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data() == label)


def test_models_pass_the_model_tester(qtmodeltester, admin) -> None:
    table = AccountsTableModel(editable=True)
    table.set_table(settlement_table(admin, fiscal_year=2024))
    qtmodeltester.check(table)
    agenda = AgendaModel()
    agenda.set_items([AgendaItemInput("proposal", "事業報告"), AgendaItemInput("report", "監査")])
    qtmodeltester.check(agenda)
    meetings = meeting_model(lambda y: f"{y}年度")
    meetings.set_rows(list_meetings(admin))
    qtmodeltester.check(meetings)
    officers = officer_model()
    officers.set_rows(list_officers(admin))
    qtmodeltester.check(officers)


def test_settlement_tab_shows_the_year_takes_explanations_and_prints(
    qtbot, page, admin, previews
) -> None:
    page.tabs.setCurrentWidget(page.settlement)
    tab = page.settlement
    assert tab.year_bar.year == 2024  # the year last ended
    model = tab.model
    assert model.headerData(1, Qt.Orientation.Horizontal) == "予算額 (A)"
    row = _row(model, "6 事務費")
    assert [model.index(row, c).data() for c in range(1, 4)] == ["10,000", "12,345", "2,345"]
    assert "差引残額と一致" in tab.check_label.text()
    assert model.setData(model.index(row, 4), "コピー機の修理")
    assert not model.setData(model.index(_row(model, "収入合計"), 4), "合計に説明は書けない")
    tab.print_settlement()  # saves the 説明 first
    (shown,) = previews
    assert shown["title"].endswith("令和6年度 収支決算書")
    assert "コピー機の修理" in shown["text"]
    assert "令和6年度財産目録" in shown["text"]
    assert settlement_table(admin, fiscal_year=2024).row("expenditure", "事務費").explanation == (
        "コピー機の修理"
    )
    tab.unit_combo.setCurrentText("千円")
    assert model.index(_row(model, "6 事務費"), 2).data() == "12"


def test_activity_tab_saves_the_texts_and_prints_them(qtbot, page, admin, previews) -> None:
    page.tabs.setCurrentWidget(page.activity)
    tab = page.activity
    type_text(tab.editors["activities"], "・記念品を贈りました。")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert report_texts(admin, 2024)["activities"] == "・記念品を贈りました。"
    assert "令和6年度の文章を保存しました" in tab.state_label.text()
    assert "会員（人）: 前年度末 0" in tab.summary.toPlainText()
    tab.print_report()
    assert "・記念品を贈りました。" in previews[0]["text"]
    assert "1 会員の状況" in previews[0]["text"]


def test_officer_and_meeting_dialogs_fill_the_registers(qtbot, admin, monkeypatch) -> None:
    dialog = OfficerDialog(admin)
    qtbot.addWidget(dialog)
    dialog.role_combo.setCurrentText("")
    dialog.save()
    # Every refusal names its field (as the form labels it) and the cursor goes there.
    assert dialog.errors.problems()[0].startswith("任期（自）: ")
    type_text(dialog.start_edit, "R7.5.24")
    dialog.save()
    assert dialog.errors.problems() == ["役職: 入力してください。"]
    dialog.role_combo.setCurrentText("監事")
    dialog.save()
    assert dialog.errors.problems() == ["氏名: 入力してください。"]
    type_text(dialog.name_edit, "石川　理恵")
    type_text(dialog.end_edit, "R7.5.1")
    dialog.save()
    assert dialog.errors.problems() == [
        "任期（至）: 任期の終わりは始まりより後の日付にしてください。"
    ]
    dialog.end_edit.clear()
    dialog.save()
    assert dialog.saved is not None
    assert (dialog.saved.role, dialog.saved.term_start) == ("監事", D(2025, 5, 24))

    meeting = MeetingDialog(admin, lambda y: f"令和{y - 2018}年度", 2024)
    qtbot.addWidget(meeting)
    assert meeting.number_spin.value() == 1
    meeting.number_spin.setValue(38)
    type_text(meeting.date_edit, "R7.5.24")
    type_text(meeting.time_edit, "13:30")
    meeting.fill_standard_agenda()
    assert meeting.agenda.index(2, 0).data() == "報告第1号"
    meeting.agenda.setData(meeting.agenda.index(0, 2), "承認")
    meeting.save()
    assert meeting.saved is not None
    assert meeting.saved.title == "第38回通常総会"
    assert [a.number for a in meeting.saved.agenda][:3] == ["議案第1号", "議案第2号", "報告第1号"]
    assert meeting.saved.agenda[0].result == "承認"


def test_packet_tab_prints_the_packet(qtbot, page, admin, previews) -> None:
    agenda = [AgendaItemInput("proposal", "令和6年度事業報告（案）の承認について")]
    save_meeting(
        admin, MeetingInput("general", 38, 2024, D(2025, 5, 24), "13:30", "福祉会館"), agenda
    )
    save_officer(admin, OfficerInput("会長", "佐藤　正男", D(2023, 5, 27)))
    page.tabs.setCurrentWidget(page.packet)
    tab = page.packet
    assert "第38回通常総会（議題 1件）" in tab.meeting_label.text()
    assert tab.meetings.rowCount() == 1
    assert tab.officers.rowCount() == 1
    type_text(tab.plan_edit, "会員の福利の向上に努めます。")
    qtbot.mouseClick(tab.save_texts_button, Qt.MouseButton.LeftButton)
    assert report_texts(admin, 2025)["plan"] == "会員の福利の向上に努めます。"
    tab.print_packet()
    text = previews[0]["text"]
    for expected in (
        "第38回通常総会",
        "令和7年5月24日(土)",
        "議案第1号",
        "監 査 報 告 書",
        "会員の福利の向上に努めます。",
        "役 員 名 簿",
    ):
        assert expected in text, expected


def test_interim_tab_reports_to_the_chosen_month(qtbot, page, admin, previews) -> None:
    page.tabs.setCurrentWidget(page.interim)
    tab = page.interim
    assert tab.year_bar.year == 2025
    assert "（4月〜10月）" in tab.title_label.text()
    tab.month_combo.setCurrentIndex(tab.month_combo.findData(5))
    assert "（4月〜5月）" in tab.title_label.text()
    row = _row(tab.model, "1 会費")
    assert tab.model.index(row, 2).data() == "60,000"
    tab.print_interim()
    assert "令和7年度一般会計収支中間報告（4月〜5月）" in previews[0]["text"]


def test_unsaved_texts_are_offered_for_saving_when_the_year_changes(
    qtbot, page, admin, monkeypatch
) -> None:
    page.tabs.setCurrentWidget(page.activity)
    tab = page.activity
    type_text(tab.editors["meetings"], "総会を開きました。")
    monkeypatch.setattr(QMessageBox, "exec", lambda box: box.buttons()[0].click())
    # The year box offers the years with books only: 2024 (the first) to 2025 (today's).
    assert (tab.year_bar.spin.minimum(), tab.year_bar.spin.maximum()) == (2024, 2025)
    tab.year_bar.spin.setValue(2025)
    assert report_texts(admin, 2024)["meetings"] == "総会を開きました。"
    assert tab.editors["meetings"].toPlainText() == ""


def test_a_long_explanation_never_pushes_the_figures_off_the_screen(qtbot, page, admin) -> None:
    """説明 takes the room left at 1,024 px and wraps; the figures keep their full width."""
    from gojokai_desktop.services.reports.texts import SETTLEMENT_NOTE, save_report_texts

    item = settlement_table(admin, fiscal_year=2024).row("expenditure", "事務費").item_id
    long_note = "コピー機の修理と、トナー・用紙などの消耗品を年度末にまとめて購入したため。" * 4
    save_report_texts(admin, 2024, {f"{SETTLEMENT_NOTE}{item}": long_note})
    page.tabs.setCurrentWidget(page.settlement)
    tab = page.settlement
    tab.reload()
    qtbot.wait(50)
    view, model = tab.view, tab.model
    assert view.horizontalScrollBar().maximum() == 0
    header = view.horizontalHeader()
    note_column = model.columnCount() - 1
    assert model.headerData(note_column, Qt.Orientation.Horizontal) == "説明"
    # Every column but 説明 is as wide as its widest cell: no figure is cut.
    assert all(header.sectionSize(c) >= view.sizeHintForColumn(c) for c in range(note_column))
    assert header.sectionSize(note_column) <= view.viewport().width()
    row = _row(model, "6 事務費")
    assert model.index(row, note_column).data() == long_note
    assert view.rowHeight(row) > 2 * view.fontMetrics().height()  # wrapped, not cut
