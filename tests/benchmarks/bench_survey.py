"""Survey benchmark on the L demo (50,000 members, 10 years of books).

Usage: python -m tests.benchmarks.bench_survey [--size S|M|L] [--db PATH] [--repeat N]
Target (issue 15): computing every source of a fiscal year (the fixed ones and the year's
per-kind and per-item ones) in at most 2 s, beside the same figures read by raw SQL (the
floor any implementation pays); then the sample survey filled, the longest list behind a
figure (the members on 31 March), and the council's workbook written and read back. Each
figure is wall time with the CPU time of this process beside it.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Callable

from sqlalchemy import text

from gojokai_desktop import paths
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from gojokai_desktop.services.survey.files import load_survey_file
from gojokai_desktop.services.survey.filling import fill_survey
from gojokai_desktop.services.survey.sources import compute_sources, list_sources, source_detail
from gojokai_desktop.services.survey.writing import write_council_workbook
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, Timing, figure

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


NAMES = ("survey_sources", "survey_fill", "survey_detail", "survey_workbook")


def figures(env: BenchEnv) -> list[Figure]:
    work = env.copy_demo("survey")
    database = Database(f"sqlite:///{work}")
    ctx = AppContext(database, Actor(None, "bench"), clock=lambda: DEMO_TODAY)
    names = [s.name for s in list_sources(ctx, YEAR)]

    def raw() -> None:
        with database.read_session() as session:
            for query in RAW:
                session.execute(text(query), {"first": FIRST, "last": LAST}).all()

    raw_t = Timing(*_timed(raw, env.repeat))
    all_t = Timing(*_timed(lambda: compute_sources(ctx, YEAR, names), env.repeat))
    found = compute_sources(ctx, YEAR, names)
    folder = env.work / "survey"
    shutil.copytree(paths.shipped_dir("resources") / "survey", folder)
    file = load_survey_file(folder / "sample_2025.toml")
    fill_t = Timing(*_timed(lambda: fill_survey(ctx, file), env.repeat))
    detail_t = Timing(*_timed(lambda: source_detail(ctx, YEAR, "members.count_at_end"), env.repeat))
    fill = fill_survey(ctx, file)
    out = env.work / "回答.xlsx"
    write_t = Timing(*_timed(lambda: write_council_workbook(ctx, fill, out), 1))
    print(
        f"FY{YEAR}: {len(names)} sources; members at end "
        f"{found['members.count_at_end'].value:,}, benefits paid "
        f"{found['benefits.count'].value:,} ({found['benefits.amount'].value:,} yen), "
        f"dues billed {found['dues.billed'].value:,} yen; sample survey "
        f"{fill.computed_count}/{len(fill.rows)} computed"
    )
    database.dispose()
    floor = "raw SQL of the same figures"
    return [
        figure("survey_sources", "every source of a fiscal year", all_t, target=2,
               floor=raw_t, floor_name=floor),
        figure("survey_fill", "sample survey filled (40 questions)", fill_t, target=2,
               floor=raw_t, floor_name=floor),
        figure("survey_detail", "list behind 年度末会員数", detail_t, target=2),
        figure("survey_workbook", "council's workbook written and read back", write_t,
               target=2),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
