"""Benefit statistics: the budget per kind as a dated setting, paid figures per kind and
year, and the 004 table (A)/決算見込/(B)/増減 with 小計 and 合計, as PDF and workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.benefits.batch_views import get_batch
from gojokai_desktop.services.benefits.payments import reverse_payment
from gojokai_desktop.services.benefits.stats import (
    benefit_budget,
    benefit_statistics,
    export_paid_by_kind,
    export_statistics,
    paid_by_kind,
    print_paid_by_kind,
    print_statistics,
    set_benefit_budget,
)
from gojokai_desktop.services.benefits.tables import install_preset
from tests.integration.benefits.benefit_scenario import Scenario, month_of_benefits

D = dt.date


@pytest.fixture
def month(ctx, benefit_society) -> Scenario:
    return month_of_benefits(ctx, benefit_society)


@pytest.fixture
def budgets(ctx, month) -> None:
    set_benefit_budget(ctx, 2025, {"sickness": (3, 60_000), "death_parent": (1, 10_000)})
    set_benefit_budget(ctx, 2026, {"sickness": (2, 40_000), "marriage": (2, 60_000)})


def test_budget_is_kept_per_fiscal_year(ctx, budgets) -> None:
    assert benefit_budget(ctx, 2025) == {"sickness": (3, 60_000), "death_parent": (1, 10_000)}
    assert benefit_budget(ctx, 2026)["marriage"] == (2, 60_000)
    assert benefit_budget(ctx, 2027) == {}  # a year has its own budget or none
    set_benefit_budget(ctx, 2025, {"sickness": (4, 80_000)})  # a new budget replaces the old
    assert benefit_budget(ctx, 2025) == {"sickness": (4, 80_000)}


@pytest.mark.parametrize(
    ("figures", "field", "message"),
    [
        ({"sickness": (-1, 10_000)}, "件数", "「傷病見舞金」の件数は0以上の整数（件）"),
        ({"sickness": (1, 1.5)}, "金額", "「傷病見舞金」の金額は0以上の整数（円）"),
        ({"sickness": (1, True)}, "金額", "金額は0以上の整数"),
        ({"nonesuch": (1, 1_000)}, "給付の種類", "給付コード「nonesuch」は令和7年度の給付表"),
    ],
)
def test_budget_figures_are_checked_and_nothing_is_saved(
    ctx, month, figures, field, message
) -> None:
    with pytest.raises(ValidationError) as error:
        set_benefit_budget(ctx, 2025, {"death_parent": (1, 10_000), **figures})
    assert error.value.field == field
    assert message in error.value.message
    assert benefit_budget(ctx, 2025) == {}


def test_paid_by_kind_counts_payments_in_the_year_they_were_made(ctx, month) -> None:
    data = paid_by_kind(ctx, [2025, 2024])
    assert data.years == (2024, 2025)
    assert data.year_labels == ("令和6年度", "令和7年度")
    assert data.row("sickness").figures == ((0, 0), (2, 35_000))
    assert data.row("death_parent").figures == ((0, 0), (1, 10_000))
    assert data.row("marriage").figures == ((0, 0), (0, 0))  # in the table, nothing paid
    assert data.totals == ((0, 0), (3, 45_000))
    line = next(x for x in get_batch(ctx, month.batch).lines if x.claim_id == month.cash)
    reverse_payment(ctx, line.payment_id, "返金", D(2025, 6, 16))
    assert paid_by_kind(ctx, [2025]).totals == ((2, 35_000),)


def test_statistics_compare_last_years_budget_and_actual_with_this_budget(ctx, budgets) -> None:
    table = benefit_statistics(ctx, 2026)
    assert table.title == "令和8年度 給付件数と給付金額"
    assert table.headings == (
        "令和7年度予算(A)",
        "令和7年度決算見込",
        "令和8年度予算(B)",
        "増減(B)-(A)",
    )
    assert not table.grouped  # the small society's table has no 経理区分
    assert table.row("sickness").cells == (3, 60_000, 2, 35_000, 2, 40_000, -1, -20_000)
    # Budgeted on one side only: the missing side counts 0 in 増減 (dropped, new).
    assert table.row("death_parent").cells == (1, 10_000, 1, 10_000, None, None, -1, -10_000)
    assert table.row("marriage").cells == (None, None, 0, 0, 2, 60_000, 2, 60_000)
    assert table.total.cells == (4, 70_000, 3, 45_000, 4, 100_000, 0, 30_000)
    lines = [r for r in table.rows if r.kind == "line"]
    for column in range(8):
        present = [r.cells[column] for r in lines if r.cells[column] is not None]
        assert table.total.cells[column] == sum(present)


def test_statistics_in_thousand_yen_still_add_up(ctx, month) -> None:
    set_benefit_budget(
        ctx, 2026, {"sickness": (3, 61_400), "marriage": (1, 30_400), "birth": (1, 10_400)}
    )
    table = benefit_statistics(ctx, 2026, unit="千円")
    assert table.unit == "千円"
    lines = [r for r in table.rows if r.kind == "line" and r.cells[5] is not None]
    # 30.4 + 10.4 + 61.4 = 102.2 → 102: the missing 千円 goes to the first of equal remainders
    assert [r.cells[5] for r in lines] == [31, 10, 61]
    assert table.total.cells[5] == 102
    assert table.total.cells[3] == 45  # 決算見込 45,000 yen


def test_004_table_groups_kinds_by_sub_ledger_with_subtotals(ctx, society) -> None:
    install_preset(ctx, "004", 2025)
    set_benefit_budget(
        ctx, 2025, {"death_member": (18, 18_000_000), "leisure": (1_167, 67_141_000),
                    "birth": (409, 4_090_000), "sickness": (23, 1_150_000)},
    )  # fmt: skip
    set_benefit_budget(
        ctx, 2026, {"death_member": (15, 15_000_000), "leisure": (1_084, 54_200_000),
                    "birth": (391, 3_910_000), "sickness": (27, 1_366_000)},
    )  # fmt: skip
    table = benefit_statistics(ctx, 2026, unit="千円")
    assert table.grouped
    assert [r.group for r in table.rows if r.group] == ["一般経理", "短期経理"]
    general = table.row("小計", "一般経理")
    short = table.row("小計", "短期経理")
    assert general.pair(0) == (1_185, 85_141)
    assert short.pair(2) == (418, 5_276)
    assert general.pair(3) == (-86, -15_941)
    assert table.total.cells == (1_617, 90_381, 0, 0, 1_517, 74_476, -100, -15_905)
    assert table.row("death_member").pair(1) == (0, 0)  # in last year's table, none paid


def test_statistics_pdf_shows_pairs_triangles_and_dashes(ctx, budgets, tmp_path: Path) -> None:
    out = tmp_path / "stats.pdf"
    pages = print_statistics(ctx, benefit_statistics(ctx, 2026), out)
    [text] = [p.extract_text() for p in PdfReader(out).pages]
    assert pages == 1
    assert "令和8年度 給付件数と給付金額" in text
    assert "令和7年度予算(A)" in text
    assert "件数" in text
    assert "(単位: 件・円)" in text
    assert "△20,000" in text
    # The printed 増減 of each kind and of 合計 (which is the sum of those above it).
    cells = text.split()

    def printed(label: str) -> list[str]:
        at = cells.index(label)
        return cells[at + 1 : at + 9]

    assert printed("傷病見舞金") == ["3", "60,000", "2", "35,000", "2", "40,000", "△1", "△20,000"]
    assert printed("死亡弔慰金（父母）")[-4:] == ["-----", "-----", "△1", "△10,000"]
    assert printed("結婚祝金")[-2:] == ["2", "60,000"]
    assert printed("出産祝金")[-2:] == ["-----", "-----"]
    assert printed("合計") == ["4", "70,000", "3", "45,000", "4", "100,000", "0", "30,000"]
    assert "-----" in text
    assert "合計" in text
    assert "100,000" in text


def test_004_statistics_pdf_has_groups_and_subtotals(ctx, society, tmp_path: Path) -> None:
    install_preset(ctx, "004", 2025)
    set_benefit_budget(ctx, 2026, {"death_member": (15, 15_000_000), "birth": (391, 3_910_000)})
    out = tmp_path / "stats004.pdf"
    print_statistics(ctx, benefit_statistics(ctx, 2026, unit="千円"), out)
    [text] = [p.extract_text() for p in PdfReader(out).pages]
    assert "一般経理" in text
    assert "短期経理" in text
    assert [line for line in text.splitlines() if line.strip() == "小計"] == ["小計", "小計"]
    assert "(単位: 件・千円)" in text
    assert "15,000" in text
    assert "3,910" in text


def test_statistics_workbook_reads_back(ctx, budgets, tmp_path: Path) -> None:
    out = tmp_path / "stats.xlsx"
    table = benefit_statistics(ctx, 2026)
    export_statistics(table, out)
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "令和8年度 給付件数と給付金額"
    assert sheet["A3"].value == "(単位: 件・円)"
    assert [sheet.cell(5, c).value for c in (1, 3, 5, 7, 9)] == [
        "区分", "令和7年度予算(A)", "令和7年度決算見込", "令和8年度予算(B)", "増減(B)-(A)",
    ]  # fmt: skip
    assert [sheet.cell(6, c).value for c in (3, 4)] == ["件数", "金額"]
    rows = {sheet.cell(r, 2).value or sheet.cell(r, 1).value: r for r in range(7, 7 + 20)}
    sickness = [sheet.cell(rows["傷病見舞金"], c).value for c in range(3, 11)]
    assert sickness == [3, 60_000, 2, 35_000, 2, 40_000, -1, -20_000]
    assert sheet.cell(rows["傷病見舞金"], 10).number_format == '#,##0;"△"#,##0;0'
    assert sheet.cell(rows["結婚祝金"], 3).value == "-----"
    total = [sheet.cell(rows["合計"], c).value for c in range(3, 11)]
    assert total == list(table.total.cells)


def test_paid_by_kind_pdf_and_workbook(ctx, month, tmp_path: Path) -> None:
    data = paid_by_kind(ctx, [2024, 2025])
    pdf = tmp_path / "kinds.pdf"
    print_paid_by_kind(ctx, data, pdf)
    [text] = [p.extract_text() for p in PdfReader(pdf).pages]
    assert "種類別支給実績" in text
    assert "令和7年度 金額" in text
    assert "35,000" in text
    assert "45,000" in text
    xlsx = tmp_path / "kinds.xlsx"
    export_paid_by_kind(ctx, data, xlsx)
    sheet = load_workbook(xlsx).active
    assert [sheet.cell(3, c).value for c in (1, 2, 4)] == ["給付の種類", "令和6年度", "令和7年度"]
    names = {sheet.cell(r, 1).value: r for r in range(5, 5 + len(data.rows) + 1)}
    assert [sheet.cell(names["傷病見舞金"], c).value for c in (2, 3, 4, 5)] == [0, 0, 2, 35_000]
    assert [sheet.cell(names["合計"], c).value for c in (4, 5)] == [3, 45_000]
