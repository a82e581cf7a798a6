"""The 会費 page end to end: a billing run, a payment with its cash-book entry, a receipt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from sqlalchemy import select

from gojokai_desktop.db.models import CashBookEntry, DuesBill
from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset
from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.ui.dues.models import (
    ARREARS_COLUMNS,
    BALANCE_COLUMNS,
    BILL_COLUMNS,
)
from gojokai_desktop.ui.dues.page import DuesPage
from gojokai_desktop.ui.table_base import RowsTableModel
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui
D = dt.date


@pytest.fixture
def dues_ready(ctx, society):
    with ctx.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2020)
        add_bank_account(uow, general, "東邦銀行 普通 1234567")
        uow.commit()
    save_fee_table(ctx, FeeTableInput(2025, entry_fee=200, monthly_dues=500))
    for name, kana, heads in (
        ("福島商事", "フクシマショウジ", 3),
        ("杉妻工業", "スギノツマコウギョウ", 2),
    ):
        est = create_establishment(
            ctx, EstablishmentInput(name=name, name_kana=kana, billing_cycle="monthly"),
            D(2020, 4, 1),
        )  # fmt: skip
        for n in range(heads):
            join_member(
                ctx, MemberInput(name=f"会員　{n}", name_kana="カイイン"), est.id, D(2024, 12, 1)
            )
    return ctx


def test_models_pass_the_model_tester(qtmodeltester, dues_ready) -> None:
    from gojokai_desktop.services.dues.billing import preview_billing

    for columns, rows in (
        (BILL_COLUMNS, preview_billing(dues_ready, D(2025, 6, 1)).bills),
        (BALANCE_COLUMNS, ()),
        (ARREARS_COLUMNS, ()),
    ):
        model: RowsTableModel[object] = RowsTableModel(columns)
        model.set_rows(rows)
        qtmodeltester.check(model)


def test_billing_run_payment_and_receipt(qtbot, dues_ready, monkeypatch, tmp_path) -> None:
    ctx = dues_ready
    previews: list[tuple[str, str]] = []

    def fake_preview(parent, name, title, write):
        path = Path(tmp_path) / name
        write(path)
        previews.append((title, "".join(p.extract_text() for p in PdfReader(path).pages)))
        return path

    monkeypatch.setattr("gojokai_desktop.ui.dues.page.preview_pdf", fake_preview)
    page = DuesPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()

    # 請求: preview then create the June bills (today is 2025-06-15).
    assert page.period_edit.text() == "令和7年6月"
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert page.bill_model.rowCount() == 2
    assert "2事業所 5人 合計 2,500円" in page.billing_summary.text()
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert "請求を作成しました: 2件 合計 2,500円" in page.billing_summary.text()
    with ctx.reader() as session:
        assert sorted(session.scalars(select(DuesBill.amount))) == [1000, 1500]
    qtbot.mouseClick(page.invoice_button, Qt.MouseButton.LeftButton)
    assert previews[-1][0] == "会費請求書"
    assert "福島商事" in previews[-1][1]

    # 入金: find the establishment by kana, pay its bill, the cash book has the entry.
    page.tabs.setCurrentIndex(1)
    type_text(page.search_edit, "ふくしま")
    assert page.balance_proxy.rowCount() == 1
    assert "福島商事" in page.payer_label.text()
    assert page.amount_edit.value() == 1500
    with qtbot.waitSignal(page.data_changed):
        qtbot.mouseClick(page.pay_button, Qt.MouseButton.LeftButton)
    assert "1,500円を登録" in page.payment_status.text()
    with ctx.reader() as session:
        entries = session.execute(select(CashBookEntry.amount, CashBookEntry.description)).all()
    assert [(a, d) for a, d in entries] == [(1500, "会費 福島商事（振込）")]
    page.search_edit.clear()
    balances = {
        page.balance_model.row_at(r).name: page.balance_model.row_at(r).balance
        for r in range(page.balance_model.rowCount())
    }
    assert balances == {"福島商事": 0, "杉妻工業": 1000}

    # 領収書: issued with the first number of the year and shown in the preview.
    qtbot.mouseClick(page.receipt_button, Qt.MouseButton.LeftButton)
    assert page.last_receipt is not None
    assert page.last_receipt.label == "2025-0001"
    title, text = previews[-1]
    assert title == "領収書"
    assert "2025-0001" in text
    assert "福島商事" in text
    assert not page.receipt_button.isEnabled()
    page.grab().save(str(tmp_path / "dues_page.png"))


def test_cancel_and_failed_debit_from_the_written_bills(
    qtbot, dues_ready, monkeypatch, tmp_path
) -> None:
    from PySide6.QtWidgets import QInputDialog

    ctx = dues_ready
    page = DuesPage(ctx)
    qtbot.addWidget(page)
    page.resize(900, 600)
    page.refresh()
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    assert page.written_model.rowCount() == 2
    page.written_view.selectRow(0)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("人数の誤り", True))
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    first = page.written_model.row_at(0)
    assert (first.establishment_name, first.status, first.cancel_reason) == (
        "福島商事",
        "cancelled",
        "人数の誤り",
    )
    page.written_view.selectRow(1)
    qtbot.mouseClick(page.failed_button, Qt.MouseButton.LeftButton)
    assert page.written_model.row_at(1).debit_failed
    texts: list[str] = []

    def fake_preview(parent, name, title, write):
        path = Path(tmp_path) / name
        write(path)
        texts.append("".join(p.extract_text() for p in PdfReader(path).pages))
        return path

    monkeypatch.setattr("gojokai_desktop.ui.dues.page.preview_pdf", fake_preview)
    qtbot.mouseClick(page.request_button, Qt.MouseButton.LeftButton)
    assert "杉妻工業" in texts[-1]
    assert "（振替不能）" in texts[-1]
    assert "1,000" in texts[-1]
    # The cancelled establishment can be billed again for the same month.
    qtbot.mouseClick(page.preview_button, Qt.MouseButton.LeftButton)
    assert [
        page.bill_model.row_at(r).establishment_name for r in range(page.bill_model.rowCount())
    ] == ["福島商事"]
    page.grab().save(str(tmp_path / "billing.png"))


def test_fee_table_tab_saves_a_new_version_that_bills_use(qtbot, ctx, society) -> None:
    from gojokai_desktop.services.dues.fees import fee_table_for

    page = DuesPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    tab = page.fees_tab
    assert tab.year_spin.value() == 2025
    assert "まだありません" in tab.version_label.text()
    tab.entry_edit.setValue(200)
    tab.monthly_edit.setValue(600)
    tab.debit_spin.setValue(27)
    type_text(tab.note_edit, "総会で改定")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "第1版を登録しました" in tab.version_label.text()
    fees = fee_table_for(ctx, 2025)
    assert (fees.entry_fee, fees.monthly_dues, fees.debit_day, fees.note) == (
        200,
        600,
        27,
        "総会で改定",
    )
    tab.year_spin.setValue(2026)
    assert "令和8年度も引き続き適用" in tab.version_label.text()
    assert tab.monthly_edit.value() == 600


def test_receipts_tab_reprints_voids_and_prints_the_register(
    qtbot, dues_ready, monkeypatch, tmp_path
) -> None:
    from PySide6.QtWidgets import QInputDialog

    from gojokai_desktop.services.dues.payments import record_payment
    from gojokai_desktop.services.dues.receipts import issue_receipt

    ctx = dues_ready
    previews: list[tuple[str, str]] = []

    def fake_preview(parent, name, title, write):
        path = Path(tmp_path) / name
        write(path)
        previews.append((title, "".join(p.extract_text() for p in PdfReader(path).pages)))
        return path

    monkeypatch.setattr("gojokai_desktop.ui.output.preview_pdf", fake_preview)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("宛名の誤り", True))
    firm = create_establishment(ctx, EstablishmentInput(name="現金商店"), D(2020, 4, 1))
    for amount in (1000, 2000):
        paid = record_payment(ctx, firm.id, amount, D(2025, 6, 10), method="cash")
        issue_receipt(ctx, paid.payment_id, issued=D(2025, 6, 10))
    page = DuesPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    tab = page.receipts_tab
    assert tab.model.rowCount() == 2
    tab.view.selectRow(0)
    qtbot.mouseClick(tab.reissue_button, Qt.MouseButton.LeftButton)
    title, text = previews[-1]
    assert title == "領収書（再発行）"
    assert "再発行" in text
    assert "2025-0001" in text
    assert tab.model.row_at(0).reissue_count == 1
    tab.view.selectRow(1)
    qtbot.mouseClick(tab.void_button, Qt.MouseButton.LeftButton)
    assert tab.model.row_at(1).status == "void"
    qtbot.mouseClick(tab.register_button, Qt.MouseButton.LeftButton)
    title, text = previews[-1]
    assert title == "領収書発行簿"
    assert "無効（宛名の誤り）" in text
