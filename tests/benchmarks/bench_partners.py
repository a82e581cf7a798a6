"""Partner promotion benchmark on the L demo (50,000 members, 10 years, three partners).

Usage: python -m tests.benchmarks.bench_partners [--size S|M|L] [--db PATH] [--repeat N]
The yearly report of the demo's last full fiscal year for every partner (targets, results,
counted enrolments, last year, the establishment tables) — the issue's target is 1 s at L —
beside a raw SQL read of the same figures (items of both years, targets, result and
enrolment sums); then the 上期 report, the PDF and the workbook. Wall and CPU seconds.
"""

from __future__ import annotations

import sys

from sqlalchemy import text

from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from gojokai_desktop.services.partners.report import (
    export_reports,
    partner_reports,
    print_reports,
)
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, figure, measure

NAMES = ("partners_year", "partners_half", "partners_pdf", "partners_workbook")

FISCAL_YEAR = DEMO_TODAY.year - 1  # every partner's year before the demo's current one
RAW = """
SELECT i.id, i.code, i.fiscal_year, i.unit, i.source,
  (SELECT sum(t.amount) FROM partner_targets t WHERE t.item_id = i.id) AS targets,
  (SELECT sum(r.amount) FROM partner_results r WHERE r.item_id = i.id) AS results,
  (SELECT sum(e.quantity) FROM partner_enrolments e WHERE e.item_id = i.id) AS enrolled
FROM partner_items i WHERE i.fiscal_year IN (:year, :year - 1) ORDER BY i.partner_id, i.sort_order
"""
RAW_BY_ESTABLISHMENT = """
SELECT item_id, establishment_id, sum(amount) FROM partner_results r
JOIN partner_items i ON i.id = r.item_id WHERE i.fiscal_year IN (:year, :year - 1)
GROUP BY item_id, establishment_id
UNION ALL
SELECT item_id, establishment_id, sum(quantity) FROM partner_enrolments e
JOIN partner_items i ON i.id = e.item_id WHERE i.fiscal_year IN (:year, :year - 1)
GROUP BY item_id, establishment_id
"""


def figures(env: BenchEnv) -> list[Figure]:
    repeat = max(env.repeat, 5)
    ctx = env.context(env.copy_demo("partners"))

    def raw() -> None:
        with ctx.database.read_session() as session:
            session.execute(text(RAW), {"year": FISCAL_YEAR}).all()
            session.execute(text(RAW_BY_ESTABLISHMENT), {"year": FISCAL_YEAR}).all()

    raw()  # warm the page cache for both sides alike
    raw_t = measure(raw, repeat)
    reports = partner_reports(ctx, FISCAL_YEAR, "year")
    year_t = measure(lambda: partner_reports(ctx, FISCAL_YEAR, "year"), repeat)
    half_t = measure(lambda: partner_reports(ctx, FISCAL_YEAR, "H1"), repeat)
    pdf = env.work / "report.pdf"
    pdf_t = measure(lambda: print_reports(ctx, reports, pdf))
    pages = print_reports(ctx, reports, pdf)
    xlsx_t = measure(lambda: export_reports(ctx, reports, env.work / "report.xlsx"))
    with ctx.database.read_session() as session:
        counts = session.execute(
            text(
                "SELECT (SELECT count(*) FROM partner_results),"
                " (SELECT count(*) FROM partner_enrolments), (SELECT count(*) FROM members)"
            )
        ).one()
    lines = sum(len(r.lines) for r in reports)
    tables = sum(len(r.establishments) for r in reports)
    print(
        f"FY{FISCAL_YEAR}: {len(reports)} partners, {lines} lines, {tables} establishment"
        f" tables, {pages} PDF pages; {counts[0]:,} results, {counts[1]:,} enrolments,"
        f" {counts[2]:,} members"
    )
    ctx.database.dispose()
    return [
        figure("partners_year", "yearly 推進 report, all partners", year_t, target=1,
               floor=raw_t, floor_name="raw SQL of the same figures"),
        figure("partners_half", "上期 report, all partners", half_t, target=1),
        figure("partners_pdf", "推進 report PDF", pdf_t, target=3),
        figure("partners_workbook", "推進 report workbook", xlsx_t, target=2),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
