"""Dues printouts and workbooks read back: invoice, receipt, reminder, arrears, debit list."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from gojokai_desktop.db.models import DuesBill
from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset
from gojokai_desktop.services.dues.billing import run_billing
from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
from gojokai_desktop.services.dues.payments import arrears_list, mark_debit_failed, record_payment
from gojokai_desktop.services.dues.printouts import (
    export_arrears,
    export_debit_requests,
    period_text,
    print_arrears,
    print_invoices,
    print_reminders,
    set_payment_info,
)
from gojokai_desktop.services.dues.receipts import (
    issue_receipt,
    receipt_register,
    reissue_receipt,
    void_receipt,
)
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput
from gojokai_desktop.services.print_settings import PrintSettings, save_print_settings
from gojokai_desktop.services.receipts import print_receipt, print_receipt_register

D = dt.date


def text_of(path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages).replace(" ", "")


@pytest.fixture
def billed(ctx, society):
    with ctx.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2020)
        add_bank_account(uow, general, "東邦銀行 普通 1234567")
        uow.commit()
    save_fee_table(ctx, FeeTableInput(2025, entry_fee=200, monthly_dues=500, debit_day=20))
    set_payment_info(ctx, "東邦銀行 県庁支店 普通 1234567 テストチョウゴジョカイ", 2025)
    ids = []
    for name, cycle, method, heads in (
        ("福島商事", "quarterly", "debit", 3),
        ("杉妻工業", "quarterly", "transfer", 2),
    ):
        est = create_establishment(
            ctx,
            EstablishmentInput(name=name, name_kana="フクシマ", billing_cycle=cycle,
                               collection_method=method),
            D(2020, 4, 1),
        )  # fmt: skip
        for n in range(heads):
            join_member(
                ctx, MemberInput(name=f"会員　{n}", name_kana="カイイン"), est.id, D(2024, 12, 1)
            )
        ids.append(est.id)
    run_billing(ctx, D(2025, 4, 1))
    return ids


def test_period_text() -> None:
    assert period_text(D(2025, 4, 1), 3) == "令和7年4月〜令和7年6月分（3か月）"
    assert period_text(D(2025, 4, 1), 1) == "令和7年4月分"
    assert period_text(D(2026, 1, 1), 3) == "令和8年1月〜令和8年3月分（3か月）"


def test_invoice_per_establishment_with_readable_lines(ctx, billed, tmp_path) -> None:
    out = tmp_path / "invoice.pdf"
    result = print_invoices(ctx, D(2025, 4, 1), out)
    assert result.records == 2
    text = text_of(out)
    assert "福島商事" in text
    assert "御中" in text
    assert "会費3人×3か月×500円" in text
    assert "4,500" in text
    assert "3,000" in text
    assert "令和7年4月21日" in text  # the 20th is a Sunday
    assert "東邦銀行県庁支店" in text
    # The members counted on the base date follow the lines (会員明細).
    assert "【会員明細】基準日令和7年4月1日現在" in text
    assert "0001-001\u3000会員\u30000" in text
    assert "0002-002\u3000会員\u30001" in text


def test_receipt_with_and_without_stamp_box_and_reissue(ctx, billed, tmp_path) -> None:
    big = record_payment(ctx, billed[0], 60_000, D(2025, 4, 21), method="cash")
    receipt = issue_receipt(ctx, big.payment_id, issued=D(2025, 4, 21))
    plain = tmp_path / "plain.pdf"
    print_receipt(ctx, receipt, plain)
    assert "収入印紙" not in text_of(plain)
    assert "再発行" not in text_of(plain)
    save_print_settings(ctx, PrintSettings(stamp_box=True))
    stamped = tmp_path / "stamped.pdf"
    print_receipt(ctx, reissue_receipt(ctx, receipt.id), stamped)
    text = text_of(stamped)
    assert "収入印紙" in text
    assert "再発行" in text
    assert "2025-0001" in text
    assert "福島商事" in text


def test_arrears_list_reminder_and_workbooks(ctx, billed, tmp_path) -> None:
    with ctx.reader() as session:
        first = session.scalars(select(DuesBill.id).order_by(DuesBill.id)).first()
    mark_debit_failed(ctx, first, D(2025, 4, 21))
    record_payment(ctx, billed[1], 1000, D(2025, 4, 30), method="cash")
    rows = arrears_list(ctx, D(2025, 6, 1))
    assert [(r.name, r.balance, r.debit_failed) for r in rows] == [
        ("福島商事", 4500, True),
        ("杉妻工業", 2000, False),
    ]
    pdf = tmp_path / "arrears.pdf"
    print_arrears(ctx, rows, pdf, on=D(2025, 6, 1))
    text = text_of(pdf)
    assert "会費滞納一覧" in text
    assert "6,500" in text  # the total of the 未納額 column
    letter = tmp_path / "reminder.pdf"
    print_reminders(ctx, rows[:1], letter)
    letter_text = text_of(letter)
    assert "督促状" in letter_text
    assert "振替不能" in letter_text
    assert "4,500" in letter_text
    book = tmp_path / "arrears.xlsx"
    assert export_arrears(ctx, rows, book) == 2
    sheet = load_workbook(book)["滞納一覧"]
    assert [c.value for c in sheet[2]][:3] == ["0001", "福島商事", "1期"]
    assert sheet["I2"].value == 4500
    assert sheet["J2"].value == "○"


def test_debit_request_list_has_only_debit_establishments(ctx, billed, tmp_path) -> None:
    book = tmp_path / "debit.xlsx"
    assert export_debit_requests(ctx, D(2025, 4, 1), book) == 1
    sheet = load_workbook(book)["口座振替依頼"]
    row = [c.value for c in sheet[2]]
    assert row[:2] == ["0001", "福島商事"]
    assert row[4].date() == D(2025, 4, 21)
    assert row[-1] == 4500


def test_receipt_register_keeps_void_numbers(ctx, billed, tmp_path) -> None:
    a = record_payment(ctx, billed[0], 1000, D(2025, 4, 21), method="cash")
    b = record_payment(ctx, billed[1], 2000, D(2025, 4, 22), method="cash")
    issue_receipt(ctx, a.payment_id, issued=D(2025, 4, 21))
    void_receipt(ctx, issue_receipt(ctx, b.payment_id, issued=D(2025, 4, 22)).id, "金額の誤り")
    out = tmp_path / "register.pdf"
    print_receipt_register(ctx, 2025, receipt_register(ctx, 2025), out)
    text = text_of(out)
    assert "2025-0002" in text
    assert "無効（金額の誤り）" in text
