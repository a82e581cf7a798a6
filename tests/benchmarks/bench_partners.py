"""Partner promotion benchmark on the L demo (50,000 members, 10 years, three partners).

Usage: python -m tests.benchmarks.bench_partners [--db /tmp/partners-L.sqlite3]
       [--size S|M|L] [--repeat N]
The yearly report of the demo's last full fiscal year for every partner (targets, results,
counted enrolments, last year, the establishment tables) — the issue's target is 1 s at L —
beside a raw SQL read of the same figures (items of both years, targets, result and
enrolment sums); then the 上期 report, the PDF and the workbook. Wall and CPU seconds.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.services.partners.report import (
    export_reports,
    partner_reports,
    print_reports,
)
from tests.benchmarks.report import Figure, report, timed

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


def _context(path: Path) -> AppContext:
    return AppContext(Database(f"sqlite:///{path}"), Actor(None, "bench"), clock=lambda: DEMO_TODAY)


def _cpu(action: object, repeat: int) -> float:
    """Median CPU seconds of ``repeat`` runs (the process, all threads)."""
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        action()  # type: ignore[operator]
        samples.append(time.process_time() - start)
    return sorted(samples)[len(samples) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a demo database (made when missing)")
    parser.add_argument("--size", default="L", choices=("S", "M", "L"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.db) if args.db else Path(tmp) / f"partners-{args.size}.sqlite3"
        if not source.exists():
            generate_demo(source, size=args.size)
        work = Path(tmp) / "work.sqlite3"
        shutil.copy(source, work)
        ctx = _context(work)

        def raw() -> None:
            with ctx.database.read_session() as session:
                session.execute(text(RAW), {"year": FISCAL_YEAR}).all()
                session.execute(text(RAW_BY_ESTABLISHMENT), {"year": FISCAL_YEAR}).all()

        raw()  # warm the page cache for both sides alike
        raw_s = timed(raw, args.repeat)
        raw_cpu = _cpu(raw, args.repeat)
        reports = partner_reports(ctx, FISCAL_YEAR, "year")
        year_s = timed(lambda: partner_reports(ctx, FISCAL_YEAR, "year"), args.repeat)
        year_cpu = _cpu(lambda: partner_reports(ctx, FISCAL_YEAR, "year"), args.repeat)
        half_s = timed(lambda: partner_reports(ctx, FISCAL_YEAR, "H1"), args.repeat)
        pdf = Path(tmp) / "report.pdf"
        pdf_s = timed(lambda: print_reports(ctx, reports, pdf))
        pages = print_reports(ctx, reports, pdf)
        xlsx_s = timed(lambda: export_reports(ctx, reports, Path(tmp) / "report.xlsx"))
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
        ok = report(
            [
                Figure(
                    "yearly report, all partners (wall)",
                    year_s,
                    "s",
                    target=1,
                    baseline=raw_s,
                    baseline_name="raw SQL of the same figures",
                ),
                Figure(
                    "yearly report, all partners (CPU)",
                    year_cpu,
                    "s",
                    target=1,
                    baseline=raw_cpu,
                    baseline_name="raw SQL (CPU)",
                ),
                Figure("上期 report, all partners", half_s, "s", target=1),
                Figure("report PDF", pdf_s, "s", target=3),
                Figure("report workbook", xlsx_s, "s", target=2),
            ]
        )
        ctx.database.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
