"""Dues benchmark on the L demo (50,000 members in about 300 establishments, 10 years).

Usage: python -m tests.benchmarks.bench_dues [--db /tmp/dues-L.sqlite3] [--repeat N]
Targets (issue 6): a billing run for every establishment at most 10 s as a preview and
15 s committed, beside a raw SQL head count on the same data; the arrears list at most 1 s.
April is billed because every cycle (monthly to yearly) starts then.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

from sqlalchemy import text

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.services.dues.billing import preview_billing, run_billing
from gojokai_desktop.services.dues.payments import arrears_list, reconciliation
from tests.benchmarks.report import Figure, report, timed

PERIOD = dt.date(DEMO_TODAY.year + 1, 4, 1)
RAW_HEAD_COUNT = """
SELECT establishment_id, COUNT(*) FROM affiliations
WHERE start_date <= :on AND (end_date IS NULL OR end_date >= :on)
GROUP BY establishment_id
"""


def _context(path: Path) -> AppContext:
    return AppContext(Database(f"sqlite:///{path}"), Actor(None, "bench"), clock=lambda: DEMO_TODAY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an L demo database (made when missing)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.db) if args.db else Path(tmp) / "dues-L.sqlite3"
        if not source.exists():
            generate_demo(source, size="L")
        work = Path(tmp) / "work.sqlite3"
        shutil.copy(source, work)
        ctx = _context(work)
        with ctx.database.read_session() as session:
            raw = timed(
                lambda: session.execute(text(RAW_HEAD_COUNT), {"on": PERIOD}).all(), args.repeat
            )
        preview = preview_billing(ctx, PERIOD)
        preview_s = timed(lambda: preview_billing(ctx, PERIOD), args.repeat)
        commit_s = timed(lambda: run_billing(ctx, PERIOD))
        arrears_s = timed(lambda: arrears_list(ctx), args.repeat)
        balances_s = timed(lambda: reconciliation(ctx), args.repeat)
        heads = sum(b.head_count for b in preview.bills)
        print(f"{len(preview.bills):,} bills, {heads:,} members, {preview.total:,} yen")
        ok = report(
            [
                Figure("billing preview", preview_s, "s", target=10, baseline=raw,
                       baseline_name="raw SQL head count"),
                Figure("billing commit", commit_s, "s", target=15, baseline=raw,
                       baseline_name="raw SQL head count"),
                Figure("arrears list", arrears_s, "s", target=1),
                Figure("balances per establishment", balances_s, "s", target=1),
            ]
        )  # fmt: skip
        ctx.database.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
