"""Printed accounts: the 004 budget table, the running status and the 出納帳 as PDF text."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from gojokai_desktop.printing.accounts import render_accounts_table, render_cash_book
from gojokai_desktop.services.accounts import balances as ledger_balances
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.budget_report import budget_table, running_status
from gojokai_desktop.services.accounts.cashbook import cash_book, item_ledger
from gojokai_desktop.services.accounts.setup import load_preset
from tests.integration.accounts.test_budget_004 import enter_004_budgets

D = dt.date


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_budget_table_pdf_prints_the_seed_figures(ctx, society, tmp_path) -> None:
    enter_004_budgets(ctx)
    out = tmp_path / "budget.pdf"
    pages = render_accounts_table(
        budget_table(ctx, fiscal_year=2010), out, printed_on=D(2010, 3, 1)
    )
    text = _text(out)
    assert pages == len(PdfReader(out).pages) >= 1
    assert "平成22年度一般会計収支予算" in text
    assert "(単位: 千円)" in text
    for figure in ("643,429", "612,256", "620,350", "△23,079", "517,530", "102,820", "△34,462"):
        assert figure in text
    assert "-----" in text
    assert "一般経理" in text and "短期経理" in text  # noqa: PT018
    assert "職員6人分の基本給・諸手当等" in text


def test_running_status_pdf(ctx, society, tmp_path) -> None:
    enter_004_budgets(ctx)
    with ctx.unit_of_work("出納") as uow:
        ledger.post(
            uow, date=D(2010, 5, 20), amount=52_000_000, description="4月分掛金", item="I11"
        )
        uow.commit()
    out = tmp_path / "status.pdf"
    render_accounts_table(
        running_status(ctx, fiscal_year=2010, until=D(2010, 10, 31)), out, printed_on=D(2010, 11, 1)
    )
    text = _text(out)
    assert "平成22年度一般会計収支状況" in text
    assert "平成22年4月1日から平成22年10月31日まで（当初予算）" in text
    assert "52,000,000" in text
    assert "8.5%" in text  # 52,000,000 / 611,799,000


def test_cash_book_and_item_ledger_pdf(ctx, society, tmp_path) -> None:
    with ctx.unit_of_work("出納") as uow:
        load_preset(uow, valid_from_year=2020)
        ledger_balances.set_opening_balance(
            uow, fiscal_year=2025, account="general", amount=100_000
        )
        ledger.post(
            uow, date=D(2025, 4, 10), amount=24_000, description="4月分会費 山田商店", item="101"
        )
        wrong = ledger.post(uow, date=D(2025, 4, 11), amount=3_000, description="切手", item="207")
        ledger.reverse(uow, wrong, date=D(2025, 4, 12))
        uow.commit()
    page = cash_book(ctx, start=D(2025, 4, 1), end=D(2025, 4, 30))
    out = tmp_path / "cash.pdf"
    render_cash_book(page, out, printed_on=D(2025, 5, 1), society="テスト町勤労者互助会")
    text = _text(out)
    assert "出納帳" in text
    assert "前期繰越 100,000円" in text
    assert "次期繰越 124,000円" in text
    assert "4月分会費 山田商店" in text
    assert "△3,000" in text
    assert "合計（3件）" in text
    dues = item_ledger(ctx, fiscal_year=2025, item_id=1)
    out2 = tmp_path / "item.pdf"
    render_cash_book(dues, out2, printed_on=D(2025, 5, 1))
    assert "科目別元帳" in _text(out2)
    assert "101 会費" in _text(out2)
