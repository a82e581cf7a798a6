"""Messages that name every field: a refused save lists all failed fields and marks each."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from gojokai_desktop.db.models import CashBookEntry, DuesPayment, Member
from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset
from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.ui.accounts.dialogs import EntryDialog
from gojokai_desktop.ui.dues.page import DuesPage
from gojokai_desktop.ui.members.record_dialog import MemberDialog
from tests.gui.screens import shots_dir
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui
D = dt.date


@pytest.fixture
def books(ctx, society):
    with ctx.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2020)
        add_bank_account(uow, general, "東邦銀行 普通 1234567")
        uow.commit()
    save_fee_table(ctx, FeeTableInput(2025, entry_fee=200, monthly_dues=500))
    est = create_establishment(
        ctx, EstablishmentInput(name="福島商事", name_kana="フクシマショウジ"), D(2020, 4, 1)
    )
    join_member(ctx, MemberInput(name="会員　一", name_kana="カイイン"), est.id, D(2024, 12, 1))
    return ctx


def test_a_new_member_saved_empty_names_name_establishment_and_kana(qtbot, books, tmp_path):
    dialog = MemberDialog(books)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save()
    assert dialog.errors.problems() == [
        "フリガナ: フリガナを入力してください",
        "氏名: 入力してください。",
        "事業所: 一覧から選んでください。",
    ]
    marked = dialog.errors.marked()
    assert {dialog.kana_edit, dialog.name_edit, dialog.establishment_combo} == set(marked)
    assert dialog.kana_edit.error() == "フリガナを入力してください"
    assert dialog.establishment_combo.property("formError") is True
    dialog.grab().save(str(shots_dir(tmp_path) / "member_new_errors.png"))
    with books.reader() as session:
        assert session.scalar(select(func.count()).select_from(Member)) == 1  # nothing stored
    # Fixed, the marks go and the member is saved.
    type_text(dialog.name_edit, "山田　太郎")
    type_text(dialog.kana_edit, "やまだ　たろう")
    dialog.establishment_combo.setCurrentIndex(0)
    assert dialog.save()
    assert dialog.errors.problems() == []
    assert dialog.establishment_combo.property("formError") is False


def test_an_unreadable_payment_says_which_field(qtbot, books, tmp_path) -> None:
    page = DuesPage(books)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.tabs.setCurrentIndex(1)
    page.amount_edit.setText("1,5OO")  # the letter O typed for zeros
    page.received_edit.setText("R7.6.31")
    qtbot.mouseClick(page.pay_button, Qt.MouseButton.LeftButton)
    problems = page.payment_errors.problems()
    assert problems[0] == "事業所: 入金した事業所を一覧で選んでください。"
    assert problems[1].startswith("入金額: 「1,5OO」は")
    assert problems[2] == "入金日: 「R7.6.31」は存在しない日付です（令和7年6月は30日まで）"
    assert "入金額と入金日を入力してください" not in " ".join(problems)
    assert "b00020" not in page.payment_status.styleSheet()
    page.grab().save(str(shots_dir(tmp_path) / "dues_payment_errors.png"))
    with books.reader() as session:
        assert session.scalar(select(func.count()).select_from(DuesPayment)) == 0


def test_the_cash_book_dialog_shows_every_error_whole(qtbot, books, tmp_path) -> None:
    dialog = EntryDialog(books, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date_edit.setText("R7.2.30")
    dialog.amount_edit.setText("千円")
    dialog.save()
    assert dialog.errors.problems() == [
        "日付: 「R7.2.30」は存在しない日付です（令和7年2月は28日まで）",
        "金額: 「千円」は金額として読めません（数字で入力してください。例: 1,234）",
        "科目: 科目を選んでください（コードか名称を入力）。",
    ]
    # The message is not cut off: the dialog grew to show every line.
    assert dialog.height() >= dialog.sizeHint().height()
    assert dialog.message.height() >= dialog.message.sizeHint().height()
    dialog.grab().save(str(shots_dir(tmp_path) / "cashbook_errors.png"))
    with books.reader() as session:
        assert session.scalar(select(func.count()).select_from(CashBookEntry)) == 0


def test_a_refused_month_clears_the_figures_of_the_month_before(qtbot, books) -> None:
    page = DuesPage(books)
    qtbot.addWidget(page)
    page.show()
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert page.bill_model.rowCount() == 1
    assert page.billing_summary.text().startswith("令和7年6月の請求: 1事業所 1人")
    page.period_edit.setText("R7.13")
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert page.bill_model.rowCount() == 0
    assert page.billing_summary.text() == (
        "請求月: 「R7.13」の月が違います（1〜12月で入力してください）"
    )
    assert not page.run_button.isEnabled()
    page.period_edit.setText("令和7年7月")
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert page.billing_summary.text().startswith("令和7年7月の請求")
