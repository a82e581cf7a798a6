"""収支決算書 and 財産目録: figures equal the cash book, totals add up, the year carries over."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from gojokai_desktop.db.models import CashBookEntry, Item
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.budget import create_budget, set_line
from gojokai_desktop.services.accounts.setup import PRESETS_DIR, load_preset
from gojokai_desktop.services.accounts.year_close import close_year
from gojokai_desktop.services.reports import printouts
from gojokai_desktop.services.reports.settlement import (
    BALANCE_LABEL,
    property_inventory,
    settlement_table,
    settlement_tables,
)
from gojokai_desktop.services.reports.texts import SETTLEMENT_NOTE, save_report_texts

D = dt.date


def _cells(table, side: str, label: str) -> tuple:
    return table.row(side, label).cells


def test_settlement_compares_the_final_budget_with_the_cash_book(admin, small_books) -> None:
    table = settlement_table(admin, fiscal_year=2024)
    assert table.title == "令和6年度一般会計収支決算書"
    assert table.columns == ("予算額 (A)", "決算額 (B)", "差額 (B)-(A)")
    assert _cells(table, "income", "会費") == (130_000, 120_000, -10_000)
    assert _cells(table, "income", "前年度繰越金") == (530_000, 530_000, 0)
    assert _cells(table, "income", "収入合計") == (660_100, 650_037, -10_063)
    assert _cells(table, "expenditure", "事務費") == (10_000, 12_345, 2_345)
    assert _cells(table, "expenditure", "支出合計") == (170_000, 65_345, -104_655)
    # 次年度繰越金 is not an expenditure line: it is the 差引残額 under the table.
    with pytest.raises(KeyError):
        table.row("expenditure", "次年度繰越金")
    (balance,) = table.closing
    assert balance.label == BALANCE_LABEL
    assert balance.cells == (660_100 - 170_000, 650_037 - 65_345, 584_692 - 490_100)


def test_a_supplementary_budget_is_the_budget_compared(admin, small_books) -> None:
    from gojokai_desktop.services.accounts.budget import new_budget

    supplementary = new_budget(admin, fiscal_year=2024, account_id=small_books["general"],
                               kind="supplementary")  # fmt: skip
    with admin.unit_of_work("補正") as uow:
        set_line(uow, supplementary, "206", 13_000)
        uow.commit()
    table = settlement_table(admin, fiscal_year=2024)
    assert _cells(table, "expenditure", "事務費") == (13_000, 12_345, -655)


def test_every_item_equals_the_cash_book_and_the_balance_carries(admin, small_books, tmp_path):
    close_year(admin, 2024, backup_dir=tmp_path)
    table = settlement_table(admin, fiscal_year=2024)
    with admin.reader() as session:
        sums = dict(
            session.execute(
                select(Item.name, func.sum(CashBookEntry.net_amount))
                .join(Item, Item.id == CashBookEntry.item_id)
                .where(CashBookEntry.fiscal_year == 2024)
                .group_by(Item.name)
            ).all()
        )
    for section in table.sections:
        for row in section.rows:
            if row.kind == "line" and row.label in sums:
                assert row.cells[1] == sums[row.label], row.label
    income = table.row("income", "収入合計").cells[1]
    spent = table.row("expenditure", "支出合計").cells[1]
    assert income - spent == table.closing[0].cells[1] == 584_692
    next_year = settlement_table(admin, fiscal_year=2025)
    assert next_year.row("income", "前年度繰越金").cells[1] == 584_692
    inventory = property_inventory(admin, 2024)
    (general,) = inventory.accounts
    assert [(line.label, line.amount) for line in general.lines] == [
        ("現金", 30_000 - 8_000 - 12_345),
        ("預金 東邦銀行 普通 1234567", 500_000 + 120_000 - 45_000 + 37),
    ]
    assert general.total == general.settlement_balance == general.next_opening == 584_692
    assert general.agrees


def test_inventory_shows_a_difference_when_the_next_year_opened_otherwise(admin, small_books):
    from gojokai_desktop.services.accounts.balances import save_opening_balance

    save_opening_balance(admin, fiscal_year=2025, account_id=small_books["general"], amount=1_000)
    (general,) = property_inventory(admin, 2024).accounts
    assert general.settlement_difference == 0
    assert general.carry_difference == 1_000 - 584_692
    assert not general.agrees


def test_thousand_yen_settlement_adds_up(admin, small_books) -> None:
    table = settlement_table(admin, fiscal_year=2024, unit="千円")
    for section in table.sections:
        lines = [r for r in section.rows if r.kind != "total"]
        total = section.rows[-1]
        for column in (0, 1):
            assert sum(r.cells[column] or 0 for r in lines) == total.cells[column]
        for row in section.rows:
            a, b, diff = row.cells[:3]
            assert diff == b - a
    income = table.row("income", "収入合計").cells
    spent = table.row("expenditure", "支出合計").cells
    assert table.closing[0].cells[:2] == (income[0] - spent[0], income[1] - spent[1])
    assert table.row("income", "会費").cells[:2] == (130, 120)
    assert any("千円未満を四捨五入" in note for note in table.footnotes)


def test_explanations_written_by_the_clerk_print_in_the_settlement(admin, small_books) -> None:
    with admin.reader() as session:
        item = session.scalar(select(Item.id).where(Item.code == "206"))
    save_report_texts(admin, 2024, {f"{SETTLEMENT_NOTE}{item}": "コピー機の修理 <2回>"})
    table = settlement_table(admin, fiscal_year=2024)
    assert table.row("expenditure", "事務費").explanation == "コピー機の修理 <2回>"


@pytest.fixture
def books_004(admin):
    """The 004 general account (一般経理 / 短期経理) with a year of split entries."""
    with admin.unit_of_work("会計の準備") as uow:
        load_preset(uow, PRESETS_DIR / "items_004_general.toml", valid_from_year=2024)
        budget = create_budget(uow, fiscal_year=2024)
        set_line(uow, budget, "I11", 500_000_000, sub_ledger="general")
        set_line(uow, budget, "I11", 100_000_000, sub_ledger="short")
        set_line(uow, budget, "G101", 150_000_000, sub_ledger="general")
        set_line(uow, budget, "G102", 90_000_000, sub_ledger="short")
        ledger.post_lines(uow, date=D(2024, 5, 20), amounts=[(509_504_400, "general"),
                          (102_295_300, "short")], description="掛金", item="I11")  # fmt: skip
        ledger.post(uow, date=D(2024, 6, 1), amount=7_990_499, description="利息",
                    item="I12", sub_ledger="general")  # fmt: skip
        ledger.post(uow, date=D(2024, 6, 1), amount=525_499, description="利息",
                    item="I12", sub_ledger="short")  # fmt: skip
        ledger.post(uow, date=D(2024, 7, 1), amount=157_882_444, description="医療給付金",
                    item="G101", sub_ledger="general")  # fmt: skip
        ledger.post(uow, date=D(2024, 7, 1), amount=76_030_333, description="家族療養費",
                    item="G102", sub_ledger="short")  # fmt: skip
        ledger.post_split(uow, date=D(2024, 8, 1), amount=39_559_111, description="職員給与",
                          item="G301")  # fmt: skip
        uow.commit()


def test_sub_ledger_columns_split_the_actual(admin, books_004) -> None:
    table = settlement_table(admin, fiscal_year=2024)
    assert table.sub_ledger_columns == ("一般経理", "短期経理")
    assert table.sub_ledger_heading == "決算額の内訳"
    assert _cells(table, "income", "掛金") == (
        600_000_000, 611_799_700, 11_799_700, 509_504_400, 102_295_300)  # fmt: skip
    a, b, _diff, general, short = _cells(table, "expenditure", "職員給与")
    assert (a, b, general + short) == (0, 39_559_111, 39_559_111)
    assert _cells(table, "income", "前年度繰越金")[3:] == (None, None)
    assert table.row("expenditure", "支出合計").cells[1] == 157_882_444 + 76_030_333 + 39_559_111
    thousand = settlement_table(admin, fiscal_year=2024, unit="千円")
    heading = thousand.row("income", "1 事業収入").cells
    parts = [thousand.row("income", name).cells for name in ("掛金", "利息及び配当金", "雑収入")]
    for column in (0, 1, 3, 4):
        assert heading[column] == sum(p[column] or 0 for p in parts)
    income = thousand.row("income", "収入合計").cells
    assert income[1] == 620_316  # 611,799,700 + 8,515,998 yen rounds to 620,316 千円
    assert thousand.row("income", "1 事業収入").cells[1] == 620_316
    # In 千円 the 内訳 of every row adds up to its 決算額, as its rows' 内訳 add up to it.
    for section in thousand.sections:
        for row in section.rows:
            parts = [v for v in row.cells[3:] if v is not None]
            if parts:
                assert sum(parts) == row.cells[1], row.label
    interest = thousand.row("income", "利息及び配当金").cells  # 7,990,499 + 525,499 yen
    assert interest[1] == 8_516
    assert interest[3:] == (7_991, 525)  # each rounded alone: 7,990 + 525 = 8,515 (tie: first)
    assert not [n for n in thousand.footnotes if "一致しない" in n]


def test_settlement_pdf_and_workbook(admin, small_books, tmp_path) -> None:
    pdf = tmp_path / "決算書.pdf"
    printouts.print_settlement(admin, 2024, pdf, unit="円")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    for expected in ("令和6年度一般会計収支決算書", "予算額", "決算額", "収入合計", "支出合計",
                     "差引残額", "584,692", "△10,000", "令和6年度財産目録", "一致"):  # fmt: skip
        assert expected in text, expected
    book_path = tmp_path / "決算書.xlsx"
    printouts.export_settlement(admin, 2024, book_path, unit="円")
    book = load_workbook(book_path)
    sheet = book["一般会計"]
    found = {}
    for row in sheet.iter_rows(values_only=True):
        texts = [v for v in row if isinstance(v, str) and v]
        if texts and texts[0] in ("収入合計", "支出合計", BALANCE_LABEL):
            at = row.index(texts[0])
            found[texts[0]] = row[at + 1 : at + 3]
    assert found == {
        "収入合計": (660_100, 650_037),
        "支出合計": (170_000, 65_345),
        BALANCE_LABEL: (490_100, 584_692),
    }
    assert "財産目録" in book.sheetnames
    # Dates on the sheets are era dates, as on paper.
    assert book["財産目録"]["A2"].value.startswith("令和7年3月31日現在")


def test_a_year_before_the_books_is_refused_with_a_message(admin, small_books, tmp_path) -> None:
    """The books begin in 2024 (the preset, opening balances, budgets): 2023 has no reports,
    and the year boxes offer 2024 to the current year only."""
    from gojokai_desktop.domain.errors import RuleViolation
    from gojokai_desktop.services.reports.activity import activity_report
    from gojokai_desktop.services.reports.interim import interim_tables
    from gojokai_desktop.services.reports.texts import report_years

    assert report_years(admin) == (2024, 2025)
    said = "令和5年度の帳簿.*はありません（この互助会の帳簿.*は令和6年度からです）。"
    for make in (
        lambda: settlement_tables(admin, 2023),
        lambda: interim_tables(admin, 2023),
        lambda: printouts.print_packet(admin, 2023, tmp_path / "packet.pdf"),
    ):
        with pytest.raises(RuleViolation, match=said):
            make()
    assert not (tmp_path / "packet.pdf").exists()
    # The activity report also begins with the first member (none here).
    with pytest.raises(RuleViolation, match="令和5年度の帳簿・会員・会議の記録はありません"):
        activity_report(admin, 2023)
    assert report_years(admin, members=True) == (2024, 2025)
    assert settlement_tables(admin, 2024)[0].title.startswith("令和6年度")


def test_004_budget_page_carries_in_what_the_settlement_carries_in(admin, books_004) -> None:
    """The 004 tree has no 前年度繰越金 item: the budget page prints the derived row as the
    settlements do — 決算見込 is last year's carry, (B) this year's (estimated from last
    year's books until this year is opened, then the opening itself)."""
    from gojokai_desktop.services.accounts.balances import set_opening_balance
    from gojokai_desktop.services.accounts.budget_report import budget_table

    with admin.unit_of_work("期首残高") as uow:
        set_opening_balance(uow, fiscal_year=2024, account="general", amount=3_000_000)
        uow.commit()
    last = settlement_table(admin, fiscal_year=2024)
    carried = last.row("income", "前年度繰越金").cells
    assert carried[:3] == (3_000_000, 3_000_000, 0)
    closing = last.closing[0].cells[1]
    page = budget_table(admin, fiscal_year=2025, unit="円")
    assert page.row("income", "前年度繰越金").cells[:3] == (3_000_000, 3_000_000, closing)
    with admin.unit_of_work("期首残高") as uow:
        set_opening_balance(uow, fiscal_year=2025, account="general", amount=closing)
        uow.commit()
    this = settlement_table(admin, fiscal_year=2025).row("income", "前年度繰越金").cells
    page = budget_table(admin, fiscal_year=2025, unit="円")
    assert page.row("income", "前年度繰越金").cells[2] == this[1] == this[0] == closing
    # In 千円 the carried money rounds as a leaf like any other.
    thousand = budget_table(admin, fiscal_year=2025, unit="千円")
    assert thousand.row("income", "前年度繰越金").cells[2] == (closing + 500) // 1000
