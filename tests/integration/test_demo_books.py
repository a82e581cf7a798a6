"""The demo's money flows as the program's does: every area's register equals the cash book.

For every fiscal year of the demo, what each area says it received or paid is what the
settlement (収支決算書) prints for that area's items, and the interim status (中間報告) agrees
with the dues ledger. No step of the demo guesses another area's money.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models import DuesBill, DuesBillLine, DuesPayment
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.accounts.balances import negative_days
from gojokai_desktop.services.benefits.register import benefit_register, fiscal_year_filter
from gojokai_desktop.services.benefits.stats import benefit_budget
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.services.dues.billing import preview_in
from gojokai_desktop.services.dues.payments import reconciliation
from gojokai_desktop.services.events.stats import year_report as events_year
from gojokai_desktop.services.reports.activity import activity_report
from gojokai_desktop.services.reports.interim import interim_tables
from gojokai_desktop.services.reports.settlement import settlement_tables
from gojokai_desktop.services.tickets.report import year_report as tickets_year

YEARS = range(2017, 2027)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    path: Path = tmp_path_factory.mktemp("demo-books") / "demo.sqlite3"
    generate_demo(path, size="S")
    database = Database(f"sqlite:///{path}")
    yield AppContext(database, Actor(None, "監査"), clock=lambda: DEMO_TODAY)
    database.dispose()


def _books(ctx: AppContext, year: int) -> dict[str, int]:
    """決算額 of every item of the general account, by item name (the year so far for 2026)."""
    (table,) = settlement_tables(ctx, year)
    return {
        row.label.split(" ", 1)[-1]: row.cells[1] or 0
        for section in table.sections
        for row in section.rows
        if row.kind == "heading"
    }


def _dues_received(ctx: AppContext, year: int) -> int:
    (block,) = activity_report(ctx, year).section("dues").blocks
    (received,) = [row for row in block.rows if str(row[0]).startswith("入金")]
    return int(received[2])


def test_every_areas_register_equals_the_cash_book_every_year(demo: AppContext) -> None:
    entry_fees = 0
    for year in YEARS:
        books = _books(demo, year)
        received = _dues_received(demo, year)
        assert received > 0
        assert received == books["会費"] + books["入会金"], year
        entry_fees += books["入会金"]
        register = benefit_register(demo, fiscal_year_filter(demo, year))
        assert register.paid_total == books["給付事業費"] > 0, year
        tickets = tickets_year(demo, year)
        assert tickets.total("sales_yen") == books["斡旋事業収入"] > 0, year
        assert tickets.total("purchase_yen") == books["斡旋事業費"], year
        assert tickets.total("subsidy_yen") == books["斡旋補助金"], year
        events = events_year(demo, year)
        assert events.fee_income == books["研修事業収入"] + books["行事参加費収入"] > 0, year
        # Study sessions book their subsidy under 研修費 beside their costs.
        assert events.costs + events.subsidy == (
            books["研修費"] + books["行事費"] + books["行事補助金"]
        ), year
        assert events.labour_bank == books["研修助成金収入"], year
    assert entry_fees > 0


def test_the_interim_status_agrees_with_the_dues_ledger(demo: AppContext) -> None:
    (table,) = interim_tables(demo, 2026, month=10)
    interim = table.row("income", "会費").cells[1] + table.row("income", "入会金").cells[1]
    with demo.reader() as session:
        received = session.scalar(
            select(func.sum(DuesPayment.amount)).where(
                DuesPayment.reversed.is_(False),
                DuesPayment.received_date.between(dt.date(2026, 4, 1), dt.date(2026, 10, 31)),
            )
        )
        later = session.scalar(
            select(func.coalesce(func.sum(DuesPayment.amount), 0)).where(
                DuesPayment.received_date > dt.date(2026, 10, 31)
            )
        )
    assert interim == received > 0
    # The 入金・残高 screen: what every establishment paid (applied or kept as credit) is all
    # the dues money the cash book ever received.
    screen = sum(b.paid + b.credit for b in reconciliation(demo))
    ever = sum(_books(demo, y)["会費"] + _books(demo, y)["入会金"] for y in range(2017, 2026))
    assert screen == ever + interim + later


def test_demo_bills_are_what_the_program_would_bill(demo: AppContext) -> None:
    """Joiners with their 入会金 and months, leavers' credits: the program's own preview of
    the demo's last bills gives the same lines (the bills are taken away in a rolled-back
    transaction so that the program bills those establishments again)."""
    compared = 0
    for period in (dt.date(2026, 7, 1), dt.date(2026, 10, 1)):
        with demo.unit_of_work("比較（保存しない）") as uow:
            session = uow.session
            demo_bills = session.scalars(select(DuesBill).where(DuesBill.period == period)).all()
            written = {
                b.establishment_id: sorted(
                    (line.kind, line.member_id, line.months, line.amount) for line in b.lines
                )
                for b in demo_bills
            }
            session.execute(
                DuesBillLine.__table__.delete().where(
                    DuesBillLine.bill_id.in_([b.id for b in demo_bills])
                )
            )
            session.execute(
                DuesBill.__table__.update()
                .where(DuesBill.period == period)
                .values(status="cancelled", cancel_reason="比較")
            )
            preview = preview_in(session, period)
            again = {
                b.establishment_id: sorted(
                    (line.kind, line.member_id, line.months, line.amount) for line in b.lines
                )
                for b in preview.bills
            }
            assert again == written
            compared += sum(
                1 for lines in written.values() for kind, *_rest in lines if kind != "dues"
            )
    assert compared > 0  # joiners or leavers were among them


def test_money_never_goes_below_zero(demo: AppContext) -> None:
    with demo.reader() as session:
        for year in YEARS:
            assert negative_days(session, year) == [], year


def test_benefit_budgets_by_kind_add_up_to_the_item_budget(demo: AppContext) -> None:
    """The 004 benefit table's budget per kind is the settlement's 給付事業費 budget, shared."""
    for year in YEARS:
        kinds = benefit_budget(demo, year)
        (table,) = settlement_tables(demo, year)
        budget = table.row("expenditure", "給付事業費").cells[0]
        assert len(kinds) > 3, year
        assert sum(amount for _count, amount in kinds.values()) == budget > 0, year
