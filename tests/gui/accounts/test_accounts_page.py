"""The accounts page: 出納帳 with filters and running balance, 記帳, 取消, budget editor, status."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from gojokai_desktop.services.accounts import budget, ledger
from gojokai_desktop.services.accounts.balances import set_opening_balance
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.accounts.cashbook import cash_book
from gojokai_desktop.services.accounts.setup import load_preset
from gojokai_desktop.ui.accounts.budget_model import BudgetLineRow, BudgetLinesModel
from gojokai_desktop.ui.accounts.dialogs import EntryDialog
from gojokai_desktop.ui.accounts.models import (
    CashBookTableModel,
    StatusTableModel,
)
from gojokai_desktop.ui.accounts.page import AccountsPage
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui
D = dt.date


@pytest.fixture
def books(ctx, society):
    with ctx.unit_of_work("準備") as uow:
        load_preset(uow, valid_from_year=2020)
        b = budget.create_budget(uow, fiscal_year=2025)
        budget.set_line(uow, b, "101", 1_200_000)
        budget.set_line(uow, b, "206", 100_000)
        set_opening_balance(uow, fiscal_year=2025, account="general", amount=10_000)
        ledger.post(
            uow, date=D(2025, 4, 25), amount=40_000, description="4月分会費 山田商店", item="101"
        )
        ledger.post(uow, date=D(2025, 5, 2), amount=3_000, description="切手", item="207")
        ledger.post(uow, date=D(2025, 5, 9), amount=20_000, description="コピー用紙", item="206")
        uow.commit()
    return b


def _cells(view, column: int) -> list[str]:
    model = view.model()
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_models_pass_the_model_tester(qtmodeltester, ctx, books) -> None:
    cash = CashBookTableModel()
    cash.set_page(cash_book(ctx, start=D(2025, 4, 1), end=D(2026, 3, 31)))
    qtmodeltester.check(cash)
    status = StatusTableModel()
    status.set_table(running_status(ctx, fiscal_year=2025, until=D(2025, 6, 15)))
    qtmodeltester.check(status)
    lines = BudgetLinesModel()
    lines.set_rows(
        [
            BudgetLineRow(1, "101", "会費", {None: 1_200_000}, "", ancestors=(2,)),
            BudgetLineRow(2, "1", "見出し", {}, "", heading=True),
        ]
    )
    qtmodeltester.check(lines)


def test_cash_book_month_with_running_balance_and_filters(qtbot, ctx, books) -> None:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert page.year_spin.text() == "令和7年度"
    assert page.year_spin.value() == 2025
    assert _cells(page.cash_view, 8) == ["50,000", "47,000", "27,000"]
    assert "前期繰越 10,000円" in page.cash_summary.text()
    page.month_combo.setCurrentIndex(page.month_combo.findText("5月"))
    assert _cells(page.cash_view, 3) == ["切手", "コピー用紙"]
    assert _cells(page.cash_view, 8) == ["47,000", "27,000"]  # balance still counts April
    type_text(page.search_edit, "コピー")
    assert _cells(page.cash_view, 3) == ["コピー用紙"]
    page.search_edit.clear()
    page.item_combo.setCurrentIndex(page.item_combo.findText("207 通信運搬費"))
    assert _cells(page.cash_view, 7) == ["3,000"]


def test_sorting_by_amount_uses_the_raw_value(qtbot, ctx, books) -> None:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.cash_view.sortByColumn(8, Qt.SortOrder.AscendingOrder)
    assert _cells(page.cash_view, 8) == ["27,000", "47,000", "50,000"]


def test_entry_dialog_posts_by_item_code_and_refuses_a_missing_item(qtbot, ctx, books) -> None:
    dialog = EntryDialog(ctx, 2025)
    qtbot.addWidget(dialog)
    type_text(dialog.amount_edit, "1,500")
    type_text(dialog.description_edit, "封筒")
    dialog.save()
    assert "科目を選んでください" in dialog.message.text()
    type_text(dialog.item_chooser.lineEdit(), "206")
    dialog.save()
    assert dialog.entry_id is not None
    page = cash_book(ctx, start=D(2025, 6, 15), end=D(2025, 6, 15))
    assert [(r.item_name, r.expenditure, r.description) for r in page.rows] == [
        ("事務費", 1_500, "封筒")
    ]


def test_entry_dialog_chooses_by_name_and_shows_the_services_refusal(qtbot, ctx, books) -> None:
    dialog = EntryDialog(ctx, 2025)
    qtbot.addWidget(dialog)
    type_text(dialog.item_chooser.lineEdit(), "通信")
    type_text(dialog.amount_edit, "800")
    dialog.save()  # no 摘要
    assert "摘要を入力してください" in dialog.message.text()
    type_text(dialog.description_edit, "はがき")
    dialog.save()
    assert dialog.entry_id is not None


def test_reversal_from_the_page(qtbot, ctx, books, monkeypatch) -> None:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    asked: list[str] = []

    def answer(box: QMessageBox) -> int:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "取り消す").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", answer)
    page.cash_view.selectRow(1)
    with qtbot.waitSignal(page.data_changed):
        page.reverse_selected()
    assert asked[0].startswith("伝票No.2（令和7年度、3,000円）を取り消します。")
    assert _cells(page.cash_view, 3)[-1] == "取消（伝票No.2）"
    assert _cells(page.cash_view, 7)[-1] == "△3,000"
    assert _cells(page.cash_view, 8)[-1] == "30,000"
    row = page.cash_model.row_at(1)
    assert row.reversed


def test_budget_editor_saves_amounts_and_status_tab_shows_them(qtbot, ctx, books) -> None:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    assert page.budget_tab.version_combo.currentText().startswith("当初予算")
    model = page.budget_tab.budget_model
    office = next(r for r in range(model.rowCount()) if model.index(r, 1).data() == "事務費")
    assert model.setData(model.index(office, 2), "１５０，０００")
    assert not model.setData(model.index(office, 2), "abc")
    assert "金額として読めません" in model.last_error
    assert model.setData(model.index(office, 3), "コピー機リース")
    page.budget_tab.save_budget()
    lines = {line.item_id: line for line in budget.budget_lines(ctx, books)}
    assert sorted(line.amount for line in lines.values()) == [150_000, 1_200_000]
    page.tabs.setCurrentIndex(2)
    status = page.status_model
    row = next(r for r in range(status.rowCount()) if status.index(r, 0).data() == "6 事務費")
    assert [status.index(row, c).data() for c in range(1, 6)] == [
        "150,000",
        "20,000",
        "130,000",
        "13.3%",
        "0",
    ]


def test_supplementary_budget_button(qtbot, ctx, books) -> None:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    page.budget_tab.create_budget("supplementary")
    assert page.budget_tab.version_combo.currentText().startswith("第1次補正予算")
    assert page.budget_tab.budget_model.total() == 1_300_000
    assert QModelIndex().isValid() is False


def test_first_setup_from_an_empty_database(qtbot, ctx, society, monkeypatch) -> None:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(3)
    assert page.setup_tab.preset_button.isEnabled()
    page.setup_tab.install_preset()
    assert page.account_combo.currentText() == "一般会計"
    names = [
        page.setup_tab.model.index(r, 1).data() for r in range(page.setup_tab.model.rowCount())
    ]
    assert names[:3] == ["会費", "入会金", "補助金"]
    assert "次年度繰越金" in names
    assert not page.setup_tab.preset_button.isEnabled()
    monkeypatch.setattr(
        "gojokai_desktop.ui.accounts.setup_tab.QInputDialog.getText",
        lambda *a, **k: ("東邦銀行 本店 普通 1234567", True),
    )
    page.setup_tab.add_bank()
    with ctx.unit_of_work("期首") as uow:
        from gojokai_desktop.services.accounts.balances import set_opening_balance as opening

        opening(uow, fiscal_year=2024, account="general", amount=5_000)
        uow.commit()
    page.setup_tab.carry_forward()
    assert page.setup_tab.balances_label.text() == "令和7年度の期首残高: 現金 5,000円"


def test_budget_tab_shows_totals(qtbot, ctx, books) -> None:
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.tabs.setCurrentIndex(1)
    assert page.budget_tab.budget_message.text().startswith(
        "収入合計 1,200,000円　支出合計 100,000円　差引 1,100,000円"
    )


def test_print_buttons_write_the_pdf_shown_in_the_preview(
    qtbot, ctx, books, monkeypatch, tmp_path
) -> None:
    from pypdf import PdfReader

    written: list[str] = []

    def fake_preview(parent, name, title, write):
        path = tmp_path / name
        write(path)
        written.append("".join(p.extract_text() for p in PdfReader(path).pages))
        return path

    monkeypatch.setattr("gojokai_desktop.ui.accounts.page.preview_pdf", fake_preview)
    monkeypatch.setattr("gojokai_desktop.ui.accounts.budget_tab.preview_pdf", fake_preview)
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    page.print_cash_book()
    page.tabs.setCurrentIndex(1)
    page.budget_tab.create_budget("forecast")
    assert page.budget_tab.version_combo.currentText().startswith("決算見込")
    page.budget_tab.print_budget()
    page.tabs.setCurrentIndex(2)
    page.print_status()
    cash, budget_pdf, status = written
    assert "出納帳" in cash
    assert "4月分会費 山田商店" in cash
    assert "令和7年度一般会計収支予算" in budget_pdf
    assert "令和7年度一般会計収支状況" in status
    assert "1,200,000" in status


def test_transfer_dialog_posts_both_sides_once(qtbot, ctx, books) -> None:
    from gojokai_desktop.services.accounts.setup import add_item, create_account
    from gojokai_desktop.ui.accounts.dialogs import TransferDialog

    with ctx.unit_of_work("特別会計") as uow:
        special = create_account(uow, "lodging", "宿泊施設特別会計", kind="special")
        add_item(uow, special, "901", "繰入金", "income", role="transfer_in")
        add_item(uow, 1, "211", "繰出金", "expenditure", role="transfer_out")
        uow.commit()
    dialog = TransferDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.from_combo.currentText() == "一般会計 211 繰出金"
    assert dialog.to_combo.currentText() == "宿泊施設特別会計 901 繰入金"
    type_text(dialog.amount_edit, "5492000")
    type_text(dialog.description_edit, "運営費補助")
    dialog.save()
    assert dialog.pair is not None
    rows = cash_book(ctx, start=D(2025, 6, 15), end=D(2025, 6, 15)).rows
    assert [(r.account, r.item_name, r.income, r.expenditure, r.voucher) for r in rows] == [
        ("一般会計", "繰出金", None, 5_492_000, "4"),
        ("宿泊施設特別会計", "繰入金", 5_492_000, None, "4-2"),
    ]


def test_fund_move_dialog_withdraws_cash_from_the_bank(qtbot, ctx, books) -> None:
    from gojokai_desktop.services.accounts.setup import add_bank_account
    from gojokai_desktop.ui.accounts.dialogs import FundMoveDialog

    with ctx.unit_of_work("口座") as uow:
        add_bank_account(uow, 1, "東邦銀行 本店 普通 1234567", bank_name="東邦銀行")
        uow.commit()
    dialog = FundMoveDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.from_combo.currentText() == "預金（東邦銀行 本店 普通 1234567）"
    assert dialog.to_combo.currentText() == "現金"
    type_text(dialog.amount_edit, "30000")
    dialog.save()
    assert dialog.pair is not None
    rows = cash_book(ctx, start=D(2025, 6, 15), end=D(2025, 6, 15), method="cash").rows
    assert [(r.item_name, r.income, r.description) for r in rows] == [
        ("資金移動", 30_000, "預金引出")
    ]


def test_posting_items_dialog_names_the_item_dues_post_to(qtbot, ctx, books) -> None:
    from gojokai_desktop.ui.accounts.setup_tab import PostingItemsDialog

    dialog = PostingItemsDialog(ctx, 2025)
    qtbot.addWidget(dialog)
    assert dialog.combos["dues"].currentText() == "101 会費"
    assert dialog.combos["benefits"].currentText() == "201 給付事業費"
    dialog.combos["dues"].setCurrentIndex(dialog.combos["dues"].findText("106 雑収入"))
    from gojokai_desktop.services.accounts.setup import save_posting_setting

    save_posting_setting(ctx, dialog.mapping(), valid_from_year=2025)
    with ctx.unit_of_work("会費") as uow:
        entry = ledger.post(uow, date=D(2025, 6, 1), amount=500, description="会費", purpose="dues")
        uow.commit()
    rows = cash_book(ctx, start=D(2025, 6, 1), end=D(2025, 6, 1)).rows
    assert [(r.id, r.item_name) for r in rows] == [(entry, "雑収入")]


def test_entry_dialog_splits_a_shared_cost_nine_to_one(qtbot, ctx, society) -> None:
    from gojokai_desktop.services.accounts.setup import PRESETS_DIR

    with ctx.unit_of_work("科目") as uow:
        load_preset(uow, PRESETS_DIR / "items_004_general.toml", valid_from_year=2020)
        uow.commit()
    dialog = EntryDialog(ctx, 2025)
    qtbot.addWidget(dialog)
    assert [
        dialog.sub_ledger_combo.itemText(i) for i in range(dialog.sub_ledger_combo.count())
    ] == [
        "（区分なし）",
        "一般会計 一般経理",
        "一般会計 短期経理",
        "一般会計 按分（9:1）",
    ]
    type_text(dialog.item_chooser.lineEdit(), "G303")
    type_text(dialog.amount_edit, "10001")
    type_text(dialog.description_edit, "コピー機保守")
    dialog.sub_ledger_combo.setCurrentIndex(3)
    dialog.save()
    assert dialog.entry_id is not None
    rows = cash_book(ctx, start=D(2025, 6, 15), end=D(2025, 6, 15)).rows
    assert [(r.voucher, r.sub_ledger, r.expenditure) for r in rows] == [
        ("1", "一般経理", 9_001),
        ("1-2", "短期経理", 1_000),
    ]
