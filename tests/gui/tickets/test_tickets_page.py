"""The 斡旋 page end to end: a clerk runs a whole round in it, at 1,024×768."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from gojokai_desktop.services.dashboard import work_figures, work_todo
from gojokai_desktop.services.tickets.allocation import round_allocation
from gojokai_desktop.services.tickets.handover import outstanding
from gojokai_desktop.services.tickets.items import list_items
from gojokai_desktop.services.tickets.orders import order_views
from gojokai_desktop.services.tickets.report import reconcile
from gojokai_desktop.services.tickets.sheet import establishment_sheet
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.tickets import (
    _common,
    allocation_tab,
    counter_dialog,
    item_dialog,
    items_tab,
    orders_tab,
    round_dialog,
    sales_tab,
    stock_dialogs,
    stock_tab,
)
from gojokai_desktop.ui.tickets import models as columns
from gojokai_desktop.ui.tickets.item_dialog import ItemDialog
from gojokai_desktop.ui.tickets.page import TicketsPage
from gojokai_desktop.ui.tickets.round_dialog import RoundDialog
from gojokai_desktop.ui.tickets.sheet_model import SheetTableModel
from gojokai_desktop.ui.tickets.stock_dialogs import CounterSaleDialog, LotDialog, item_key
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui
D = dt.date


@pytest.fixture
def screen(qtbot, ctx, tickets, monkeypatch, tmp_path):
    """The page at 1,024×768 less the navigation; previews and questions answered."""
    shown: list[tuple[str, str]] = []
    warnings: list[str] = []

    def preview(parent, name, title, write):
        path = Path(tmp_path) / name
        write(path)
        shown.append((title, "".join(p.extract_text() for p in PdfReader(path).pages)))
        return path

    monkeypatch.setattr(_common, "preview_pdf", preview)

    def modal(self, *_args):
        raise AssertionError(f"a dialog would wait for the clerk: {self.windowTitle()}")

    monkeypatch.setattr(QDialog, "exec", modal)
    monkeypatch.setattr(QMessageBox, "exec", modal)
    for module in (_common, orders_tab, allocation_tab, items_tab, stock_tab, sales_tab,
                   stock_dialogs, item_dialog, round_dialog, counter_dialog):  # fmt: skip
        if hasattr(module, "ask"):
            monkeypatch.setattr(module, "ask", lambda *_a, **_k: True)
        if hasattr(module, "warn"):
            monkeypatch.setattr(module, "warn", lambda _p, _t, text: warnings.append(text))
    page = TicketsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1024 - 170, 768 - 60)
    page.show()
    page.year_spin.setValue(2025)
    page.refresh()
    return page, shown, warnings


def test_every_list_model_passes_the_model_tester(qtmodeltester, ctx, tickets) -> None:
    for name in dir(columns):
        if name.endswith("_COLUMNS"):
            model: RowsTableModel[object] = RowsTableModel(getattr(columns, name))
            qtmodeltester.check(model)
    model_items: RowsTableModel[object] = RowsTableModel(columns.ITEM_COLUMNS)
    model_items.set_rows(list_items(ctx, 2025))
    qtmodeltester.check(model_items)
    sheet = SheetTableModel()
    sheet.set_sheet(establishment_sheet(ctx, tickets.round1, tickets.fukushima))
    qtmodeltester.check(sheet)


def test_item_dialog_saves_prices_and_names_the_field_that_is_wrong(
    qtbot, ctx, tickets, monkeypatch
) -> None:
    dialog = ItemDialog(ctx, 2025)
    qtbot.addWidget(dialog)
    dialog.category.setCurrentText("レジャー施設")
    type_text(dialog.name, "アクアマリンふくしま入館券")
    dialog.adult.set_values(1_850, 1_100, 800)
    messages: list[str] = []
    monkeypatch.setattr(item_dialog, "warn", lambda _p, _t, text: messages.append(text))
    dialog.save()
    assert messages
    assert messages[0].startswith("補助額: ")
    dialog.adult.set_values(1_850, 1_100, 450)
    assert dialog.adult.discount.text() == "取扱先の割引 300円"
    dialog.has_child.setChecked(True)
    dialog.child.set_values(900, 500, 250)
    dialog.cap.setValue(2)
    dialog.save()
    assert dialog.saved is not None
    assert dialog.saved.child_subsidy == 250
    assert dialog.saved.cap_text == "1会員2枚"


def test_a_whole_round_in_the_page(qtbot, ctx, tickets, screen) -> None:
    page, shown, warnings = screen
    t = tickets
    # 品目: the year's items are listed.
    assert page.items_tab.model.rowCount() == 4

    # 申込: the establishment's sheet, typed and checked as typed, saved in one go.
    page.tabs.setCurrentWidget(page.orders_tab)
    tab = page.orders_tab
    assert tab.current_round().id == t.round1
    tab.est_combo.setCurrentIndex(tab.est_combo.findData(t.fukushima))
    tab.load_sheet()
    model = tab.sheet_model
    assert [model.index(r, 1).data() for r in range(model.rowCount())] == [
        "佐藤　花子",
        "鈴木　一郎",
    ]
    book = next(n for n, c in enumerate(model.sheet.columns) if c.item_id == t.book_card) + 2
    hawaiians = next(n for n, c in enumerate(model.sheet.columns) if c.item_id == t.hawaiians) + 2
    disney = next(n for n, c in enumerate(model.sheet.columns) if c.item_id == t.disney) + 2
    assert model.setData(model.index(1, book), "６")  # full-width digits are fine
    assert "上限は年間5枚" in model.index(1, model.columnCount() - 1).data()
    assert not tab.save_button.isEnabled()
    assert not model.setData(model.index(1, book), "-1")  # refused as typed
    model.setData(model.index(1, book), "4")
    model.setData(model.index(0, hawaiians), "2")
    model.setData(model.index(1, hawaiians), "2")
    model.setData(model.index(0, disney), "1")
    model.setData(model.index(1, disney), "1")
    assert tab.save_button.isEnabled()
    assert "合計 11,200円" in tab.sheet_label.text()
    # 金額 is sized for amounts, not for the 0s of the empty sheet: 「6,0…」 was unreadable.
    amount = model.columnCount() - 2
    metrics = tab.sheet_view.fontMetrics()
    for row in range(model.rowCount()):
        shown_amount = model.index(row, amount).data()
        assert shown_amount not in ("", "0")
        assert tab.sheet_view.columnWidth(amount) >= metrics.horizontalAdvance(shown_amount) + 12
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "保存しました: 新規 5件" in tab.sheet_label.text()
    assert tab.orders_model.rowCount() == 5
    qtbot.mouseClick(tab.forms_button, Qt.MouseButton.LeftButton)
    assert shown[-1][0] == "斡旋申込書"
    assert "3,200" in shown[-1][1]  # 一郎's four book cards
    qtbot.mouseClick(tab.announce_button, Qt.MouseButton.LeftButton)
    assert "斡旋のご案内" in shown[-1][1]
    page.grab().save(str(Path(page.ctx.database.path).parent / "tickets_orders.png"))

    # 締切, once.
    qtbot.mouseClick(tab.close_button, Qt.MouseButton.LeftButton)
    assert "締切済" in tab.round_combo.currentText()
    assert not tab.close_button.isEnabled()

    # 入荷 before the allocation: 3 ハワイアンズ for 4 asked → a lottery.
    stock = page.stock_tab.stock_part
    lots = ((t.hawaiians, 3, "A000101", "A000103"), (t.book_card, 5, "", ""), (t.disney, 2, "", ""))
    for item_id, quantity, first, last in lots:
        dialog = LotDialog(ctx, list_items(ctx, 2025), page)
        dialog.item.setCurrentIndex(dialog.item.findData(item_key(item_id)))
        dialog.quantity.setValue(quantity)
        dialog.first.setText(first)
        dialog.last.setText(last)
        dialog.save()
        assert dialog.saved is not None
    page.tabs.setCurrentWidget(page.stock_tab)
    page.stock_tab.parts.setCurrentWidget(stock)
    assert stock.lot_model.rowCount() == 3

    # 配分・抽選: preview with a seed, then commit that very result; the rest in full.
    page.tabs.setCurrentWidget(page.allocation_tab)
    alloc = page.allocation_tab
    states = [alloc.state_model.row_at(r) for r in range(alloc.state_model.rowCount())]
    alloc.state_view.selectRow(next(n for n, s in enumerate(states) if s.item_id == t.hawaiians))
    assert "要抽選" in alloc.state_model.index(alloc.current_row(), 4).data()
    alloc.seed_edit.setText("12345678")
    qtbot.mouseClick(alloc.preview_button, Qt.MouseButton.LeftButton)
    assert "抽選の種 12345678" in alloc.result_label.text()
    assert "まだ確定していません" in alloc.result_label.text()
    qtbot.mouseClick(alloc.commit_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(alloc.full_button, Qt.MouseButton.LeftButton)
    assert all(s.state in ("配分済", "申込なし") for s in round_allocation(ctx, t.round1))
    alloc.state_view.selectRow(next(n for n, s in enumerate(states) if s.item_id == t.hawaiians))
    qtbot.mouseClick(alloc.record_button, Qt.MouseButton.LeftButton)
    assert "12345678" in shown[-1][1]
    qtbot.mouseClick(alloc.notice_button, Qt.MouseButton.LeftButton)
    assert "抽選結果のお知らせ" in shown[-1][1].replace(" ", "")
    page.grab().save(str(Path(page.ctx.database.path).parent / "tickets_allocation.png"))

    # 受渡 to the establishment's members, with the signature list.
    page.tabs.setCurrentWidget(page.stock_tab)
    hand = page.stock_tab.handover_part
    page.stock_tab.parts.setCurrentWidget(hand)
    hand.est_combo.setCurrentIndex(hand.est_combo.findData(t.fukushima))
    hand.day_edit.setDate(D(2025, 7, 10))
    assert hand.todo_model.rowCount() == len(outstanding(ctx, establishment_id=t.fukushima))
    qtbot.mouseClick(hand.all_button, Qt.MouseButton.LeftButton)
    assert hand.todo_model.rowCount() == 0
    qtbot.mouseClick(hand.list_button, Qt.MouseButton.LeftButton)
    assert shown[-1][0] == "受渡一覧"
    assert "受領印" in shown[-1][1]
    assert "A000101" in shown[-1][1]

    # 販売・入金: 福島商事 pays for both members by payroll deduction; then a counter sale.
    page.tabs.setCurrentWidget(page.sales_tab)
    sales = page.sales_tab
    assert sales.unpaid_model.rowCount() == 2
    sales.est_combo.setCurrentIndex(sales.est_combo.findData(t.fukushima))
    sales.method_combo.setCurrentIndex(sales.method_combo.findData("payroll"))
    assert not sales.receipt_box.isChecked()
    sales.day_edit.setDate(D(2025, 7, 25))
    qtbot.mouseClick(sales.est_button, Qt.MouseButton.LeftButton)
    assert sales.unpaid_model.rowCount() == 0
    assert "福島商事 から" in sales.summary.text()
    counter = CounterSaleDialog(ctx, list_items(ctx, 2025), page)
    type_text(counter.number, "0002-001")
    counter.number.editingFinished.emit()
    assert "田中　次郎" in counter.who.text()
    counter.item.setCurrentIndex(counter.item.findData(item_key(t.book_card)))
    counter.day.setDate(D(2025, 8, 1))
    counter.save()
    assert counter.payment_id is not None
    sales.refresh()
    # 状態 (入金 or 取消) is in view at 1,024 pixels; the long 内訳 comes last.
    heads = [sales.pay_model.headerData(c, Qt.Orientation.Horizontal)
             for c in range(sales.pay_model.columnCount())]  # fmt: skip
    assert heads[-2:] == ["状態", "内訳"]
    state = heads.index("状態")
    right = sales.pay_view.columnViewportPosition(state) + sales.pay_view.columnWidth(state)
    assert right <= sales.pay_view.viewport().width()
    sales.pay_view.selectRow(0)
    qtbot.mouseClick(sales.receipt_button, Qt.MouseButton.LeftButton)
    assert shown[-1][0] == "領収書"
    assert "田中" in shown[-1][1]
    page.grab().save(str(Path(page.ctx.database.path).parent / "tickets_sales.png"))

    # 実績: the year agrees with the cash book; the home page has nothing owed.
    page.tabs.setCurrentWidget(page.report_tab)
    assert "出納帳と一致しています" in page.report_tab.check_label.text()
    assert reconcile(ctx, 2025).agrees
    assert not [x for x in work_todo(work_figures(ctx)) if "未入金" in x.text]
    assert warnings == []
    assert len(order_views(ctx)) == 5


def test_round_dialog_and_import_refusal_shown_to_the_clerk(qtbot, ctx, tickets, screen,
                                                            tmp_path) -> None:  # fmt: skip
    page, _shown, warnings = screen
    dialog = RoundDialog(ctx, 2025, None, 2, page)
    dialog.opens.setDate(D(2025, 10, 1))
    dialog.closes.setDate(D(2025, 9, 1))
    dialog.save()
    assert warnings[-1].startswith("申込締切日: 締切日は開始日以降")
    dialog.closes.setDate(D(2025, 10, 20))
    dialog.save()
    assert dialog.saved is not None
    assert dialog.saved.title == "第2回"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"not a workbook")
    page.tabs.setCurrentWidget(page.orders_tab)
    page.orders_tab.import_file(bad)
    assert "Excelファイル（.xlsx）として読めません" in warnings[-1]


def test_the_counter_dialog_shows_what_the_member_ordered_in_the_round(qtbot, ctx, tickets) -> None:
    """The quantity typed replaces the member's order of the round: the dialog says so first."""
    from gojokai_desktop.services.tickets.orders import place_order
    from gojokai_desktop.ui.tickets.counter_dialog import CounterOrderDialog

    t = tickets
    place_order(ctx, t.round1, t.hanako, t.book_card, 3)
    dialog = CounterOrderDialog(
        ctx, t.round1, [(t.hawaiians, "adult", "ハワイアンズ（大人）"),
                        (t.book_card, "adult", "図書カード")],
    )  # fmt: skip
    qtbot.addWidget(dialog)
    dialog.number.setText("0001-001")
    dialog.number.editingFinished.emit()
    assert dialog.current.text() == "この回の申込はまだありません。"
    dialog.item.setCurrentIndex(1)
    dialog.quantity.setValue(4)
    assert dialog.current.text() == (
        "この回の申込: 3（窓口、R7.6.15）。受け付けると4に変わります（追加ではありません）。"
    )
    dialog.quantity.setValue(0)
    assert "受け付けると取り消します" in dialog.current.text()
