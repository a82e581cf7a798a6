"""Benefit register and statistics benchmark on the L demo (50,000 members, 10 years).

Usage: python -m tests.benchmarks.bench_benefit_reports [--db /tmp/benefits-L.sqlite3]
       [--size S|M|L] [--repeat N]
The register of the demo's last full fiscal year (about 5,000 claims) as rows, PDF and
workbook, the auditors' check against the cash book, the 004 statistics table and the
支払決議書 of the largest batch, beside a raw SQL read of the register's columns.
Targets are ours (the issue names none): what a clerk waits for behind a progress dialog.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from sqlalchemy import text

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.benefits.batch_views import list_batches
from gojokai_desktop.services.benefits.printouts import print_decision_notices, print_payment_list
from gojokai_desktop.services.benefits.register import (
    benefit_register,
    export_register,
    fiscal_year_filter,
    print_register,
    register_matches_cash_book,
)
from gojokai_desktop.services.benefits.stats import benefit_statistics, paid_by_kind
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from tests.benchmarks.report import Figure, report, timed

FISCAL_YEAR = (DEMO_TODAY.year if DEMO_TODAY.month >= 4 else DEMO_TODAY.year - 1) - 1
RAW_REGISTER = """
SELECT c.*, m.number, m.name, e.name, f.name, f.relation, b.fiscal_year, b.seq
FROM benefit_claims c JOIN members m ON m.id = c.member_id
JOIN establishments e ON e.id = m.establishment_id
LEFT JOIN family_members f ON f.id = c.family_member_id
LEFT JOIN benefit_payments p ON p.claim_id = c.id AND NOT p.reversed
LEFT JOIN benefit_payment_batches b ON b.id = p.batch_id
WHERE c.paid_on BETWEEN :first AND :last ORDER BY c.paid_on
"""


def _context(path: Path) -> AppContext:
    return AppContext(Database(f"sqlite:///{path}"), Actor(None, "bench"), clock=lambda: DEMO_TODAY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a demo database (made when missing)")
    parser.add_argument("--size", default="L", choices=("S", "M", "L"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.db) if args.db else Path(tmp) / f"benefits-{args.size}.sqlite3"
        if not source.exists():
            generate_demo(source, size=args.size)
        work = Path(tmp) / "work.sqlite3"
        shutil.copy(source, work)
        ctx = _context(work)
        where = fiscal_year_filter(ctx, FISCAL_YEAR)
        with ctx.database.read_session() as session:
            dates = {"first": where.date_from, "last": where.date_to}
            raw = timed(lambda: session.execute(text(RAW_REGISTER), dates).all(), args.repeat)
        register = benefit_register(ctx, where)
        rows_s = timed(lambda: benefit_register(ctx, where), args.repeat)
        pdf_s = timed(lambda: print_register(ctx, register, Path(tmp) / "daicho.pdf"))
        xlsx_s = timed(lambda: export_register(ctx, register, Path(tmp) / "daicho.xlsx"))
        check = register_matches_cash_book(ctx, FISCAL_YEAR)
        check_s = timed(lambda: register_matches_cash_book(ctx, FISCAL_YEAR), args.repeat)
        stats_s = timed(lambda: benefit_statistics(ctx, FISCAL_YEAR + 1, "千円"), args.repeat)
        years = list(range(FISCAL_YEAR - 9, FISCAL_YEAR + 1))
        kinds_s = timed(lambda: paid_by_kind(ctx, years), args.repeat)
        batch = max(list_batches(ctx, FISCAL_YEAR), key=lambda b: b.claim_count)
        list_s = timed(lambda: print_payment_list(ctx, batch.id, Path(tmp) / "kessai.pdf"))
        hundred = [r.claim_id for r in register.rows[:100]]
        notices_s = timed(lambda: print_decision_notices(ctx, hundred, Path(tmp) / "n.pdf"))
        print(
            f"FY{FISCAL_YEAR}: {register.count:,} paid claims, {register.paid_total:,} yen; "
            f"cash book {check.cash_book_total:,} yen, difference {check.difference:,}; "
            f"largest batch {batch.number} with {batch.claim_count} claims"
        )
        ok = report(
            [
                Figure("register rows", rows_s, "s", target=1, baseline=raw,
                       baseline_name="raw SQL of the register's columns"),
                Figure("register PDF", pdf_s, "s", target=10),
                Figure("register workbook", xlsx_s, "s", target=5),
                Figure("register vs cash book", check_s, "s", target=1),
                Figure("004 statistics table", stats_s, "s", target=1),
                Figure("paid by kind, 10 years", kinds_s, "s", target=1),
                Figure(f"支払決議書 ({batch.claim_count} claims)", list_s, "s", target=2),
                Figure("100 decision notices", notices_s, "s", target=3),
            ]
        )  # fmt: skip
        ok = ok and check.matches
        ctx.database.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
