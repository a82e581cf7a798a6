"""Budget versions, copying last year, and the running status (収支状況) against the cash book."""

from __future__ import annotations

import datetime as dt

import pytest

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.accounts import balances as ledger_balances
from gojokai_desktop.services.accounts import budget, ledger
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.accounts.setup import load_preset

D = dt.date


@pytest.fixture
def small(ctx, society):
    with ctx.unit_of_work("準備") as uow:
        load_preset(uow, valid_from_year=2020)
        initial = budget.create_budget(uow, fiscal_year=2025, decided_on=D(2025, 3, 20))
        for code, amount in {
            "101": 1_200_000,
            "103": 300_000,
            "107": 0,
            "206": 100_000,
            "201": 800_000,
            "209": 50_000,
        }.items():
            budget.set_line(uow, initial, code, amount)
        ledger_balances.set_opening_balance(
            uow, fiscal_year=2024, account="general", amount=400_000
        )
        ledger.post(uow, date=D(2024, 5, 1), amount=90_000, description="会費", item="101")
        ledger.post(uow, date=D(2024, 9, 30), amount=5_000, description="事務用品", item="206")
        ledger.post(uow, date=D(2024, 10, 1), amount=7_000, description="10月の会費", item="101")
        ledger_balances.carry_forward(uow, 2024)
        uow.commit()
    return initial


def test_supplementary_budget_is_a_new_version_from_its_date(ctx, small) -> None:
    with ctx.unit_of_work("補正予算") as uow:
        supp = budget.create_budget(
            uow, fiscal_year=2025, kind="supplementary", decided_on=D(2025, 10, 15)
        )
        budget.set_line(uow, supp, "206", 150_000, explanation="複合機の更新")
        uow.commit()
    versions = budget.list_budgets(ctx, 1, 2025)
    assert [(v.label, v.decided_on) for v in versions] == [
        ("当初予算", D(2025, 3, 20)),
        ("第1次補正予算", D(2025, 10, 15)),
    ]
    before = running_status(ctx, fiscal_year=2025, until=D(2025, 9, 30))
    after = running_status(ctx, fiscal_year=2025, until=D(2025, 10, 31))
    assert before.row("expenditure", "事務費").cells[0] == 100_000
    assert after.row("expenditure", "事務費").cells[0] == 150_000
    assert after.row("income", "会費").cells[0] == 1_200_000  # copied from 当初予算
    assert "第1次補正予算" in after.period
    assert budget.budget_lines(ctx, versions[0].id) != budget.budget_lines(ctx, versions[1].id)


def test_copy_last_year_starts_the_next_budget(ctx, small) -> None:
    with ctx.unit_of_work("予算のコピー") as uow:
        copied = budget.copy_last_year(uow, fiscal_year=2026)
        uow.commit()
    assert budget.budget_total(ctx, copied, "income") == 1_500_000
    assert budget.budget_total(ctx, copied, "expenditure") == 950_000
    with ctx.unit_of_work("予算のコピー") as uow, pytest.raises(ValidationError, match="既に"):
        budget.copy_last_year(uow, fiscal_year=2026)


def test_running_status_budget_actual_remaining_rate_and_last_year(ctx, small) -> None:
    with ctx.unit_of_work("出納") as uow:
        ledger.post(uow, date=D(2025, 4, 30), amount=400_000, description="4月分会費", item="101")
        ledger.post(uow, date=D(2025, 9, 1), amount=33_333, description="事務用品", item="206")
        wrong = ledger.post(uow, date=D(2025, 9, 2), amount=9_999, description="誤り", item="206")
        ledger.reverse(uow, wrong, date=D(2025, 9, 3))
        ledger.post(
            uow, date=D(2025, 11, 1), amount=500_000, description="11月以降は入らない", item="101"
        )
        uow.commit()
    status = running_status(ctx, fiscal_year=2025, until=D(2025, 10, 31))
    assert status.title == "令和7年度一般会計収支状況"
    assert status.period.startswith("令和7年4月1日から令和7年10月31日まで")
    dues = status.row("income", "会費")
    assert dues.cells == (1_200_000, 400_000, 800_000, 97_000)  # last year: 4/1–10/31 of 2024
    assert dues.rate == "33.3%"
    office = status.row("expenditure", "事務費")
    assert office.cells == (100_000, 33_333, 66_667, 5_000)
    carried = status.row("income", "前年度繰越金")
    assert carried.cells[1] == 400_000 + 97_000 - 5_000
    income_total = status.row("income", "合計")
    assert income_total.cells[1] == 400_000 + 492_000
    left = status.row("expenditure", "次年度繰越金")
    assert left.cells[1] == 892_000 - 33_333
    assert status.row("expenditure", "合計").cells[1] == income_total.cells[1]
    assert status.row("expenditure", "研修費").rate == "-----"


def test_set_line_refuses_headings_and_negative_amounts(ctx, small) -> None:
    with ctx.unit_of_work("予算") as uow:
        with pytest.raises(ValidationError) as info:
            budget.set_line(uow, small, "101", -1)
        assert info.value.field == "予算額"
        with pytest.raises(ValidationError):
            budget.set_line(uow, small, "999", 1)
