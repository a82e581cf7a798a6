"""Benefit register and statistics benchmark on the L demo (50,000 members, 10 years).

Usage: python -m tests.benchmarks.bench_benefit_reports [--size S|M|L] [--db PATH] [--repeat N]
The register of the demo's last full fiscal year (about 5,000 claims) as rows, PDF and
workbook, the auditors' check against the cash book, the 004 statistics table and the
支払決議書 of the largest batch, beside a raw SQL read of the register's columns.
Targets are ours (the issue names none): what a clerk waits for behind a progress dialog.
"""

from __future__ import annotations

import sys

from sqlalchemy import text

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
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, figure, measure

NAMES = (
    "benefit_register_rows",
    "benefit_register_pdf",
    "benefit_register_workbook",
    "benefit_register_check",
    "benefit_statistics",
    "benefit_paid_by_kind",
    "benefit_payment_list",
    "benefit_notices_100",
)

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


def figures(env: BenchEnv) -> list[Figure]:
    repeat = env.repeat
    tmp = env.work
    ctx = env.context(env.copy_demo("benefit-reports"))
    where = fiscal_year_filter(ctx, FISCAL_YEAR)
    with ctx.database.read_session() as session:
        dates = {"first": where.date_from, "last": where.date_to}
        raw = measure(lambda: session.execute(text(RAW_REGISTER), dates).all(), repeat)
    register = benefit_register(ctx, where)
    rows_t = measure(lambda: benefit_register(ctx, where), repeat)
    pdf_t = measure(lambda: print_register(ctx, register, tmp / "daicho.pdf"))
    xlsx_t = measure(lambda: export_register(ctx, register, tmp / "daicho.xlsx"))
    check = register_matches_cash_book(ctx, FISCAL_YEAR)
    check_t = measure(lambda: register_matches_cash_book(ctx, FISCAL_YEAR), repeat)
    stats_t = measure(lambda: benefit_statistics(ctx, FISCAL_YEAR + 1, "千円"), repeat)
    years = list(range(FISCAL_YEAR - 9, FISCAL_YEAR + 1))
    kinds_t = measure(lambda: paid_by_kind(ctx, years), repeat)
    batch = max(list_batches(ctx, FISCAL_YEAR), key=lambda b: b.claim_count)
    list_t = measure(lambda: print_payment_list(ctx, batch.id, tmp / "kessai.pdf"))
    hundred = [r.claim_id for r in register.rows[:100]]
    notices_t = measure(lambda: print_decision_notices(ctx, hundred, tmp / "n.pdf"))
    print(
        f"FY{FISCAL_YEAR}: {register.count:,} paid claims, {register.paid_total:,} yen; "
        f"cash book {check.cash_book_total:,} yen, difference {check.difference:,}; "
        f"largest batch {batch.number} with {batch.claim_count} claims"
    )
    if not check.matches:
        raise RuntimeError("the benefit register does not match the cash book")
    ctx.database.dispose()
    return [
        figure("benefit_register_rows", "register rows", rows_t, target=1, floor=raw,
               floor_name="raw SQL of the register's columns"),
        figure("benefit_register_pdf", "register PDF", pdf_t, target=10),
        figure("benefit_register_workbook", "register workbook", xlsx_t, target=5),
        figure("benefit_register_check", "register vs cash book", check_t, target=1),
        figure("benefit_statistics", "004 statistics table", stats_t, target=1),
        figure("benefit_paid_by_kind", "paid by kind, 10 years", kinds_t, target=1),
        figure("benefit_payment_list", f"支払決議書 ({batch.claim_count} claims)", list_t,
               target=2),
        figure("benefit_notices_100", "100 decision notices", notices_t, target=3),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
