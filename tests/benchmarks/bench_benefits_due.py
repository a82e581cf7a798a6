"""Due list benchmark on the L demo (50,000 members, 10 years of membership history).

Usage: python -m tests.benchmarks.bench_benefits_due [--db /tmp/due-L.sqlite3] [--repeat N]
Target (issue 7): the due lists of a fiscal year over 50,000 members in at most 2 s, beside
a raw SQL read of every column they use (the floor any implementation pays). The small-society
table is saved in the working copy first, so all six date-driven kinds (入学 小/中, 成人, 銀婚,
永年, 長寿) are timed whatever tables or claims the demo itself carries.
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
from gojokai_desktop.services.benefits.due import due_list, due_this_month
from gojokai_desktop.services.benefits.due_print import write_due_workbook
from gojokai_desktop.services.benefits.tables import install_preset
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from tests.benchmarks.report import Figure, report, timed

FISCAL_YEAR = DEMO_TODAY.year if DEMO_TODAY.month >= 4 else DEMO_TODAY.year - 1
RAW_READS = (
    "SELECT member_id, start_date, end_date FROM membership_periods ORDER BY member_id, start_date",
    "SELECT id, birth_date FROM members WHERE birth_date IS NOT NULL",
    "SELECT member_id, id, name, relation, birth_date, married_on, from_date, to_date"
    " FROM family_members",
    "SELECT kind_code, member_id, family_member_id, event_date, id FROM benefit_claims",
)


def _context(path: Path) -> AppContext:
    return AppContext(Database(f"sqlite:///{path}"), Actor(None, "bench"), clock=lambda: DEMO_TODAY)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="an L demo database (made when missing)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.db) if args.db else Path(tmp) / "due-L.sqlite3"
        if not source.exists():
            generate_demo(source, size="L")
        work = Path(tmp) / "work.sqlite3"
        shutil.copy(source, work)
        ctx = _context(work)
        install_preset(ctx, "small_gojokai", FISCAL_YEAR)

        def raw() -> None:
            with ctx.database.read_session() as session:
                for query in RAW_READS:
                    session.execute(text(query)).all()

        raw_s = timed(raw, args.repeat)
        listed = due_list(ctx, FISCAL_YEAR)
        due_s = timed(lambda: due_list(ctx, FISCAL_YEAR), args.repeat)
        month_s = timed(lambda: due_this_month(ctx), args.repeat)
        book = Path(tmp) / "due.xlsx"
        book_s = timed(lambda: write_due_workbook(ctx, listed, book), 1)
        kinds: dict[str, int] = {}
        for row in listed.rows:
            kinds[row.kind_code] = kinds.get(row.kind_code, 0) + 1
        print(
            f"FY{FISCAL_YEAR}: {len(listed.rows):,} due ({len(listed.unclaimed):,} unclaimed), "
            f"{listed.total_amount:,} yen; "
            + ", ".join(f"{code} {count:,}" for code, count in sorted(kinds.items()))
        )
        ok = report(
            [
                Figure("due list of a fiscal year", due_s, "s", target=2, baseline=raw_s,
                       baseline_name="raw SQL read of the columns used"),
                Figure("due this month (home page)", month_s, "s", target=2),
                Figure("due list workbook (rows already read)", book_s, "s", baseline=due_s,
                       baseline_name="the due list itself"),
            ]
        )  # fmt: skip
        ctx.database.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
