"""The demo's dues: bills follow the head count with joiners and leavers, idempotent re-runs,
late payers in arrears."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from gojokai_desktop.db.engine import Database
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.services.dues.billing import preview_billing
from gojokai_desktop.services.dues.payments import arrears_list, reconciliation


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dues-demo") / "demo.sqlite3"
    generate_demo(path, size="S")
    return path


@pytest.fixture
def demo_ctx(demo_db: Path):
    database = Database(f"sqlite:///{demo_db}")
    yield AppContext(database, clock=lambda: DEMO_TODAY)
    database.dispose()


def test_bills_equal_the_head_count_on_the_base_date(demo_db: Path) -> None:
    connection = sqlite3.connect(demo_db)
    rows = connection.execute(
        "SELECT b.establishment_id, b.period, b.months, b.head_count, b.amount FROM dues_bills b"
    ).fetchall()
    years = {period[:4] for _e, period, _m, _h, _a in rows}
    assert len(years) >= 10
    for est_id, period, months, heads, amount in rows[:: max(1, len(rows) // 40)]:
        counted = connection.execute(
            "SELECT COUNT(*) FROM affiliations WHERE establishment_id = ? AND start_date <= ? "
            "AND (end_date IS NULL OR end_date >= ?)",
            (est_id, period, period),
        ).fetchone()[0]
        assert heads == counted
        lines = connection.execute(
            "SELECT l.kind, l.amount FROM dues_bill_lines l JOIN dues_bills b ON b.id = l.bill_id"
            " WHERE b.establishment_id = ? AND b.period = ?",
            (est_id, period),
        ).fetchall()
        assert amount == sum(a for _k, a in lines)
        assert [a for k, a in lines if k == "dues"] == ([heads * months * 500] if heads else [])
    kinds = dict(
        connection.execute("SELECT kind, COUNT(*) FROM dues_bill_lines GROUP BY kind").fetchall()
    )
    assert kinds.keys() == {"dues", "entry_fee", "joiner", "leaver_credit"}
    numbers = connection.execute(
        "SELECT fiscal_year, COUNT(*), MIN(number), MAX(number) FROM receipts GROUP BY 1"
    ).fetchall()
    assert numbers
    assert all(count == high and low == 1 for _y, count, low, high in numbers)
    connection.close()


def test_demo_has_late_payers_and_a_rerun_bills_nothing(demo_ctx: AppContext) -> None:
    late = arrears_list(demo_ctx)
    assert len(late) >= 2
    balances = {b.establishment_id: b for b in reconciliation(demo_ctx)}
    for row in late:
        assert balances[row.establishment_id].balance == row.balance
    this_month = DEMO_TODAY.replace(day=1)
    preview = preview_billing(demo_ctx, this_month)
    assert preview.bills == ()
    assert preview.already_billed
