"""Annual reports benchmark on the demo (L: 50,000 members, 10 years).

Usage: python -m tests.benchmarks.bench_reports [--db /tmp/reports-L.sqlite3] [--size S|M|L]
       [--repeat N]
Targets (issue 14): the settlement of the last closed year (every account's 収支決算書 and
the 財産目録, as a PDF) and the whole meeting packet (総会資料, cover to 役員名簿), each in at
most 3 s, beside the running status (収支状況) of the same year computed alone, as a ratio.
Wall and CPU time are printed for each.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo
from gojokai_desktop.services.reports.printouts import (
    export_settlement,
    print_activity,
    print_packet,
    print_settlement,
)
from tests.benchmarks.report import Figure, report, timed

FISCAL_YEAR = (DEMO_TODAY.year if DEMO_TODAY.month >= 4 else DEMO_TODAY.year - 1) - 1


def _cpu(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.process_time()
        action()
        samples.append(time.process_time() - start)
    return sorted(samples)[len(samples) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", help="a demo database (made when missing)")
    parser.add_argument("--size", default="L", choices=("S", "M", "L"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        source = Path(args.db) if args.db else work / f"reports-{args.size}.sqlite3"
        if not source.exists():
            print(f"building the {args.size} demo in {source} ...", flush=True)
            generate_demo(source, size=args.size)
        ctx = AppContext(Database(f"sqlite:///{source}"), Actor(None, "bench"), lambda: DEMO_TODAY)
        year = FISCAL_YEAR

        def status() -> object:
            return running_status(ctx, fiscal_year=year)

        def settlement() -> object:
            return print_settlement(ctx, year, work / "settlement.pdf")

        def workbook() -> object:
            return export_settlement(ctx, year, work / "settlement.xlsx")

        def activity() -> object:
            return print_activity(ctx, year, work / "activity.pdf")

        def packet() -> object:
            return print_packet(ctx, year, work / "packet.pdf")

        pages = print_packet(ctx, year, work / "packet.pdf")
        print(f"fiscal year {year}: packet of {pages} pages", flush=True)
        floor = timed(status, args.repeat)
        figures = []
        for name, action, target in (
            ("settlement of a year (every 収支決算書 + 財産目録, PDF)", settlement, 3.0),
            ("settlement workbook (every account + 財産目録)", workbook, 3.0),
            ("activity report (事業報告, PDF)", activity, None),
            ("meeting packet (総会資料, cover to 役員名簿, PDF)", packet, 3.0),
        ):
            wall = timed(action, args.repeat)
            cpu = _cpu(action, args.repeat)
            figures.append(
                Figure(
                    f"{name} [CPU {cpu:.3f} s]",
                    wall,
                    "s",
                    target=target,
                    baseline=floor,
                    baseline_name="running status (収支状況) alone",
                )
            )
        figures.insert(0, Figure("running status (収支状況) of the year alone", floor, "s"))
        ok = report(figures)
        ctx.database.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
