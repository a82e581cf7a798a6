"""The demo's tickets: ten years of two rounds, a lottery every year, returns and leftovers,
the 斡旋実績 equal to the cash book and to the running budget status, work in hand today."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.services.receipts import receipt_register
from gojokai_desktop.services.tickets.items import list_items
from gojokai_desktop.services.tickets.lottery_record import list_runs, verify_run
from gojokai_desktop.services.tickets.report import reconcile, year_report
from gojokai_desktop.services.tickets.rounds import list_rounds
from gojokai_desktop.services.tickets.sales import unpaid
from gojokai_desktop.services.tickets.stock import stock_rows
from gojokai_desktop.services.tickets.todo import tickets_todo

YEARS = range(2017, 2027)


@pytest.fixture(scope="module")
def demo_ctx(tmp_path_factory: pytest.TempPathFactory):
    path: Path = tmp_path_factory.mktemp("tickets-demo") / "demo.sqlite3"
    generate_demo(path, size="S")
    database = Database(f"sqlite:///{path}")
    yield AppContext(database, Actor(None, "監査"), clock=lambda: DEMO_TODAY)
    database.dispose()


def test_items_from_seed_000_and_two_rounds_a_year(demo_ctx) -> None:
    names_2025 = [i.name for i in list_items(demo_ctx, 2025)]
    assert "スパリゾートハワイアンズ入場券" in names_2025
    assert "那須ハイランドパーク契約法人優待券" in names_2025  # new in 2025 (seed 000)
    assert "那須ハイランドパーク契約法人優待券" not in [i.name for i in list_items(demo_ctx, 2024)]
    disney = next(i for i in list_items(demo_ctx, 2025) if i.name.startswith("東京ディズニー"))
    assert (disney.valid_from, disney.valid_to) == (dt.date(2025, 7, 1), dt.date(2025, 10, 31))
    assert disney.is_free
    for year in YEARS:
        assert [r.title for r in list_rounds(demo_ctx, year)] == ["第1回", "第2回"]
    last = list_rounds(demo_ctx, 2026)
    assert last[1].is_open  # on the demo's today the autumn round is taking orders
    assert last[1].orders > 0


def test_a_lottery_every_year_that_re_runs_to_the_same_result(demo_ctx) -> None:
    for year in YEARS:
        lotteries = [r for r in list_runs(demo_ctx, year) if r.method_label == "抽選"]
        assert lotteries, year
        assert all(r.losers > 0 for r in lotteries)
        assert verify_run(demo_ctx, lotteries[0].id)


def test_year_report_equals_the_cash_book_and_the_budget_status(demo_ctx) -> None:
    returned = 0
    for year in YEARS:
        report = year_report(demo_ctx, year)
        check = reconcile(demo_ctx, year)
        assert check.agrees, (year, check.differences)
        status = running_status(demo_ctx, fiscal_year=year)
        assert status.row("income", "斡旋事業収入").cells[1] == report.total("sales_yen") > 0
        assert status.row("expenditure", "斡旋補助金").cells[1] == report.total("subsidy_yen")
        assert status.row("expenditure", "斡旋事業費").cells[1] == report.total("purchase_yen")
        for row in report.rows:
            assert row.allocated <= row.ordered
            assert row.sold <= row.received
            assert row.stock == row.received - row.sold - row.returned >= 0
        returned += report.total("returned")
    assert returned > 0


def test_cash_payments_have_receipts_after_the_dues_receipts(demo_ctx) -> None:
    register = receipt_register(demo_ctx, 2024)
    numbers = [r.number for r in register]
    assert numbers == list(range(1, len(numbers) + 1))
    tickets = [r for r in register if r.source == "tickets"]
    assert tickets
    assert all(r.purpose == "斡旋品代として" for r in tickets)


def test_work_in_hand_on_the_demo_today(demo_ctx) -> None:
    todo = tickets_todo(demo_ctx)
    assert [r.title for r in todo.closing] == ["令和8年度 第2回"]
    assert todo.unpaid_members > 0
    assert unpaid(demo_ctx, fiscal_year=2026)
    leftovers = [r for r in stock_rows(demo_ctx, 2026) if r.free > 0]
    assert leftovers
