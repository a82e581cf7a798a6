"""Accounts benchmark: 10 years × 20,000 cash-book entries (200,000) at L.

Usage: python -m tests.benchmarks.bench_accounts [--size S|M|L] [--repeat N]
Its own cash book, 10 years of 20,000 entries at L (2,000 at M, 200 at S). Targets (issue
5): the running status (収支状況) of a fiscal year (``budget_status``) in at most 0.5 s and
the 出納帳 page of a month (``cashbook_month``) in at most 0.3 s, each beside the raw SQL
aggregate/select on the same data as a ratio.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
from pathlib import Path

from sqlalchemy import insert, select, text

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.migrate import upgrade
from gojokai_desktop.db.models import CashBookEntry, FiscalYear, Item
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.accounts import budget
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.accounts.cashbook import cash_book
from gojokai_desktop.services.accounts.setup import load_preset
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import SocietyProfile, save_profile
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, figure, measure

NAMES = ("budget_status", "cashbook_month")
PER_YEAR = {"S": 200, "M": 2_000, "L": 20_000}

FIRST_YEAR = 2016
YEARS = 10

RAW_STATUS = """
SELECT item_id, SUM(net_amount) FROM cash_book_entries
WHERE fiscal_year = :fy AND account_id = :account AND entry_date BETWEEN :start AND :end
GROUP BY item_id
"""
RAW_MONTH = """
SELECT e.*, i.code, i.name FROM cash_book_entries e JOIN items i ON i.id = e.item_id
WHERE e.entry_date BETWEEN :start AND :end ORDER BY e.entry_date, e.voucher_no, e.line_no
"""


def build(path: Path, per_year: int) -> AppContext:
    database = Database(f"sqlite:///{path}")
    upgrade(database, None)
    ctx = AppContext(database, Actor(None, "bench"), clock=lambda: dt.date(2026, 1, 15))
    save_profile(ctx, SocietyProfile(name="ベンチ町勤労者互助会"))
    with ctx.unit_of_work("準備") as uow:
        load_preset(uow, valid_from_year=2000)
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS + 1):
            if uow.session.get(FiscalYear, year) is None:
                uow.session.add(
                    FiscalYear(
                        year=year,
                        start_date=dt.date(year, 4, 1),
                        end_date=dt.date(year + 1, 3, 31),
                    )
                )
        uow.flush()
        items = [
            (i.id, i.side) for i in uow.session.scalars(select(Item).where(Item.role == "normal"))
        ]
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            b = budget.create_budget(uow, fiscal_year=year)
            for item_id, _side in items:
                budget.set_line(uow, b, item_id, 1_000_000)
        rng = random.Random(5)
        for year in range(FIRST_YEAR, FIRST_YEAR + YEARS):
            start = dt.date(year, 4, 1)
            days = sorted(rng.randrange(365) for _ in range(per_year))
            rows = []
            for n, offset in enumerate(days, start=1):
                item_id, side = items[rng.randrange(len(items))]
                amount = rng.randint(100, 200_000)
                rows.append(
                    {
                        "fiscal_year": year,
                        "voucher_no": n,
                        "line_no": 1,
                        "entry_date": start + dt.timedelta(days=offset),
                        "account_id": 1,
                        "item_id": item_id,
                        "direction": side,
                        "amount": amount,
                        "net_amount": amount,
                        "description": f"摘要 {n}",
                        "counterparty": "",
                        "method": "cash",
                        "source_type": "",
                    }
                )
            uow.session.execute(insert(CashBookEntry), rows)
        uow.audit("cash_book_entries", "bench", {"entries": per_year * YEARS})
        uow.commit()
    with database.engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    return ctx


def figures(env: BenchEnv) -> list[Figure]:
    per_year = PER_YEAR[env.size]
    print(f"building {per_year * YEARS:,} entries ...", flush=True)
    ctx = build(env.work / "accounts.sqlite3", per_year)
    year = FIRST_YEAR + YEARS - 1
    until = dt.date(year + 1, 3, 31)
    month = (dt.date(year, 10, 1), dt.date(year, 10, 31))

    def raw_status() -> object:
        with ctx.reader() as session:
            return session.execute(
                text(RAW_STATUS),
                {"fy": year, "account": 1, "start": dt.date(year, 4, 1), "end": until},
            ).all()

    def raw_month() -> object:
        with ctx.reader() as session:
            return session.execute(text(RAW_MONTH), {"start": month[0], "end": month[1]}).all()

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSortFilterProxyModel, Qt
    from PySide6.QtWidgets import QApplication, QTableView

    from gojokai_desktop.ui.accounts.models import CashBookTableModel

    app = QApplication.instance() or QApplication([])
    model = CashBookTableModel()
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    view = QTableView()
    view.setModel(proxy)
    view.resize(1200, 700)
    view.show()

    def show_month() -> None:
        # What the page does: read the month, fill the model, let the view paint.
        model.set_page(cash_book(ctx, start=month[0], end=month[1]))
        app.processEvents()

    status = running_status(ctx, fiscal_year=year, until=until)
    page = cash_book(ctx, start=month[0], end=month[1])
    print(
        f"status rows: {sum(len(s.rows) for s in status.sections)}, month rows: {len(page.rows):,}"
    )
    result = [
        figure(
            "budget_status",
            "running status of a fiscal year (収支状況, with last year's same period)",
            measure(lambda: running_status(ctx, fiscal_year=year, until=until), env.repeat),
            target=0.5,
            floor=measure(raw_status, env.repeat),
            floor_name="raw SQL SUM … GROUP BY item",
        ),
        figure(
            "cashbook_month",
            "出納帳 page of a month shown (query, running balance, table model, view)",
            measure(show_month, env.repeat),
            target=0.3,
            floor=measure(raw_month, env.repeat),
            floor_name="raw SQL SELECT of the month",
        ),
    ]
    view.close()
    ctx.database.dispose()
    return result


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
