"""The demo society's books: dues as the dues ledger received them, years carry forward,
vouchers gapless."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    generate_demo(path, size="S")
    return path


def test_dues_income_is_the_dues_payments_of_each_month(demo_db: Path) -> None:
    connection = sqlite3.connect(demo_db)
    for month in ("2019-06", "2023-01", "2026-10"):
        payments = connection.execute(
            "SELECT SUM(amount) FROM dues_payments WHERE strftime('%Y-%m', received_date) = ?",
            (month,),
        ).fetchone()[0]
        dues = connection.execute(
            "SELECT SUM(e.amount) FROM cash_book_entries e JOIN items i ON i.id = e.item_id "
            "WHERE i.name IN ('会費', '入会金') AND strftime('%Y-%m', e.entry_date) = ? "
            "AND e.source_type = 'dues_payment'",
            (month,),
        ).fetchone()[0]
        assert payments > 0
        assert dues == payments
    connection.close()


def test_each_year_opens_with_last_years_closing_and_vouchers_are_gapless(demo_db: Path) -> None:
    connection = sqlite3.connect(demo_db)
    years = [r[0] for r in connection.execute("SELECT year FROM fiscal_years ORDER BY year")]
    assert len(years) == 10
    for year in years:
        numbers = [
            r[0]
            for r in connection.execute(
                "SELECT DISTINCT voucher_no FROM cash_book_entries WHERE fiscal_year = ? "
                "ORDER BY 1",
                (year,),
            )
        ]
        assert numbers == list(range(1, len(numbers) + 1))
    for year in years[:-1]:
        closing = connection.execute(
            "SELECT (SELECT SUM(amount) FROM opening_balances WHERE fiscal_year = :y) + "
            "(SELECT SUM(CASE direction WHEN 'income' THEN net_amount ELSE -net_amount END) "
            "FROM cash_book_entries WHERE fiscal_year = :y)",
            {"y": year},
        ).fetchone()[0]
        opening = connection.execute(
            "SELECT SUM(amount) FROM opening_balances WHERE fiscal_year = ?", (year + 1,)
        ).fetchone()[0]
        assert opening == closing
    connection.close()


def test_demo_status_and_closed_years(demo_db: Path) -> None:
    database = Database(f"sqlite:///{demo_db}")
    ctx = AppContext(database, Actor(None, "テスト"), clock=lambda: DEMO_TODAY)
    try:
        status = running_status(ctx, fiscal_year=2026, until=DEMO_TODAY)
        dues = status.row("income", "会費")
        assert dues.cells[0] > 0
        assert 0 < dues.cells[1] < dues.cells[0]  # seven of twelve months received
        assert dues.cells[3] > 0  # last year's same period
        with ctx.unit_of_work("出納") as uow, pytest.raises(RuleViolation, match="締め済み"):
            ledger.post(uow, date=dt.date(2025, 5, 1), amount=1, description="x", purpose="dues")
        with ctx.unit_of_work("出納") as uow:
            entry = ledger.post(
                uow, date=DEMO_TODAY, amount=500, description="会費", purpose="dues"
            )
            assert entry > 0
    finally:
        database.dispose()
