"""Survey benchmark on the L demo (50,000 members, 10 years of books).

Usage: python -m tests.benchmarks.bench_survey [--db /tmp/survey-L.sqlite3] [--repeat N]
Target (issue 15): computing every source of a fiscal year (the fixed ones and the year's
per-kind and per-item ones) in at most 2 s, beside the same figures read by raw SQL (the
floor any implementation pays); then the sample survey filled, the longest list behind a
figure (the members on 31 March), and the council's workbook written and read back. Each
figure is wall time with the CPU time of this process beside it.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text

from gojokai_desktop import paths
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.services.survey.files import load_survey_file
from gojokai_desktop.services.survey.filling import fill_survey
from gojokai_desktop.services.survey.sources import compute_sources, list_sources, source_detail
from gojokai_desktop.services.survey.writing import write_council_workbook
from tests.benchmarks.report import Figure, report

YEAR = 2025
FIRST, LAST = "2025-04-01", "2026-03-31"
RAW = (
    "SELECT COUNT(*) FROM membership_periods WHERE start_date <= :first"
    " AND (end_date IS NULL OR end_date >= :first)",
    "SELECT m.sex, COUNT(*) FROM membership_periods p JOIN members m ON m.id = p.member_id"
    " WHERE p.start_date <= :last AND (p.end_date IS NULL OR p.end_date >= :last) GROUP BY m.sex",
    "SELECT COUNT(*) FROM membership_periods WHERE start_date BETWEEN :first AND :last",
    "SELECT COUNT(*) FROM membership_periods WHERE end_date BETWEEN :first AND :last",
    "SELECT COUNT(DISTINCT establishment_id) FROM affiliations WHERE start_date <= :last"
    " AND (end_date IS NULL OR end_date >= :last)",
    "SELECT COUNT(*) FROM establishments WHERE join_date <= :last"
    " AND (leave_date IS NULL OR leave_date >= :last)",
    "SELECT SUM(amount) FROM dues_bills WHERE status != 'cancelled'"
    " AND period BETWEEN :first AND :last",
    "SELECT SUM(amount) FROM dues_payments WHERE NOT reversed"
    " AND received_date BETWEEN :first AND :last",
    "SELECT SUM(b.amount) - COALESCE((SELECT SUM(a.amount) FROM dues_allocations a"
    " JOIN dues_payments p ON p.id = a.payment_id JOIN dues_bills x ON x.id = a.bill_id"
    " WHERE NOT p.reversed AND p.received_date <= :last AND x.status != 'cancelled'"
    " AND x.period <= :last), 0) FROM dues_bills b WHERE b.status != 'cancelled'"
    " AND b.period <= :last",
    "SELECT kind_code, COUNT(*), SUM(amount) FROM benefit_claims WHERE status = 'paid'"
    " AND paid_on BETWEEN :first AND :last GROUP BY kind_code",
    "SELECT item_id, SUM(net_amount) FROM cash_book_entries WHERE fiscal_year = 2025"
    " AND entry_date BETWEEN :first AND :last GROUP BY item_id",
    "SELECT SUM(amount) FROM opening_balances WHERE fiscal_year = 2025",
    "SELECT h.item_id, SUM(h.quantity) FROM ticket_handovers h JOIN ticket_items i"
    " ON i.id = h.item_id WHERE i.fiscal_year = 2025 AND h.status = 'live' GROUP BY h.item_id",
    "SELECT l.item_id, SUM(l.amount) FROM ticket_payment_lines l JOIN ticket_payments p"
    " ON p.id = l.payment_id JOIN ticket_items i ON i.id = l.item_id"
    " WHERE i.fiscal_year = 2025 AND p.status = 'live' GROUP BY l.item_id",
    "SELECT s.item_id, SUM(s.quantity * s.subsidy) FROM ticket_stock_lots s JOIN ticket_items i"
    " ON i.id = s.item_id WHERE i.fiscal_year = 2025 GROUP BY s.item_id",
    "SELECT e.id, e.status, a.status, COUNT(*) FROM events e"
    " LEFT JOIN event_applications a ON a.event_id = e.id"
    " WHERE e.fiscal_year = 2025 GROUP BY e.id, e.status, a.status",
)


def _timed(action: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return sorted(walls)[len(walls) // 2], sorted(cpus)[len(cpus) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an L demo database (made when missing)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.db) if args.db else Path(tmp) / "survey-L.sqlite3"
        if not source.exists():
            generate_demo(source, size="L")
        work = Path(tmp) / "work.sqlite3"
        shutil.copy(source, work)
        database = Database(f"sqlite:///{work}")
        ctx = AppContext(database, Actor(None, "bench"), clock=lambda: DEMO_TODAY)
        names = [s.name for s in list_sources(ctx, YEAR)]

        def raw() -> None:
            with database.read_session() as session:
                for query in RAW:
                    session.execute(text(query), {"first": FIRST, "last": LAST}).all()

        raw_s, raw_cpu = _timed(raw, args.repeat)
        all_s, all_cpu = _timed(lambda: compute_sources(ctx, YEAR, names), args.repeat)
        figures = compute_sources(ctx, YEAR, names)
        resources = paths.shipped_dir("resources") / "survey"
        folder = Path(tmp) / "survey"
        shutil.copytree(resources, folder)
        file = load_survey_file(folder / "sample_2025.toml")
        fill_s, fill_cpu = _timed(lambda: fill_survey(ctx, file), args.repeat)
        detail_s, detail_cpu = _timed(
            lambda: source_detail(ctx, YEAR, "members.count_at_end"), args.repeat
        )
        fill = fill_survey(ctx, file)
        out = Path(tmp) / "回答.xlsx"
        write_s, write_cpu = _timed(lambda: write_council_workbook(ctx, fill, out), 1)
        print(
            f"FY{YEAR} on L: {len(names)} sources; members at end "
            f"{figures['members.count_at_end'].value:,}, benefits paid "
            f"{figures['benefits.count'].value:,} ({figures['benefits.amount'].value:,} yen), "
            f"dues billed {figures['dues.billed'].value:,} yen; sample survey "
            f"{fill.computed_count}/{len(fill.rows)} computed"
        )
        print(
            f"CPU seconds: raw {raw_cpu:.3f}, every source {all_cpu:.3f}, fill {fill_cpu:.3f}, "
            f"list of members {detail_cpu:.3f}, council workbook {write_cpu:.3f}"
        )
        ok = report(
            [
                Figure("every source of a fiscal year", all_s, "s", target=2, baseline=raw_s,
                       baseline_name="raw SQL of the same figures"),
                Figure("sample survey filled (40 questions)", fill_s, "s", target=2,
                       baseline=raw_s, baseline_name="raw SQL of the same figures"),
                Figure("list behind 年度末会員数", detail_s, "s", target=2),
                Figure("council's workbook written and read back", write_s, "s", target=2),
            ]
        )  # fmt: skip
        database.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
