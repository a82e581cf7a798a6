"""Annual reports benchmark on the demo (L: 50,000 members, 10 years).

Usage: python -m tests.benchmarks.bench_reports [--size S|M|L] [--db PATH] [--repeat N]
Targets (issue 14): the settlement of the last closed year (every account's 収支決算書 and
the 財産目録, as a PDF) and the whole meeting packet (総会資料, cover to 役員名簿), each in at
most 3 s, beside the running status (収支状況) of the same year computed alone, as a ratio.
Wall and CPU time are printed for each.
"""

from __future__ import annotations

import sys

from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from gojokai_desktop.services.reports.printouts import (
    export_settlement,
    print_activity,
    print_packet,
    print_settlement,
)
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, figure, measure

NAMES = ("reports_status", "settlement_pdf", "settlement_workbook", "activity_pdf", "packet_pdf")

FISCAL_YEAR = (DEMO_TODAY.year if DEMO_TODAY.month >= 4 else DEMO_TODAY.year - 1) - 1


def figures(env: BenchEnv) -> list[Figure]:
    repeat = env.repeat
    work = env.work
    ctx = env.context(env.demo())
    year = FISCAL_YEAR

    def status() -> object:
        return running_status(ctx, fiscal_year=year)

    pages = print_packet(ctx, year, work / "packet.pdf")
    print(f"fiscal year {year}: packet of {pages} pages", flush=True)
    floor = measure(status, repeat)
    floor_name = "running status (収支状況) alone"
    result = [figure("reports_status", "running status (収支状況) of the year alone", floor)]
    for key, name, action, target in (
        ("settlement_pdf", "settlement of a year (every 収支決算書 + 財産目録, PDF)",
         lambda: print_settlement(ctx, year, work / "settlement.pdf"), 3.0),
        ("settlement_workbook", "settlement workbook (every account + 財産目録)",
         lambda: export_settlement(ctx, year, work / "settlement.xlsx"), 3.0),
        ("activity_pdf", "activity report (事業報告, PDF)",
         lambda: print_activity(ctx, year, work / "activity.pdf"), None),
        ("packet_pdf", "meeting packet (総会資料, cover to 役員名簿, PDF)",
         lambda: print_packet(ctx, year, work / "packet.pdf"), 3.0),
    ):  # fmt: skip
        result.append(
            figure(key, name, measure(action, repeat), target=target, floor=floor,
                   floor_name=floor_name)
        )  # fmt: skip
    ctx.database.dispose()
    return result


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
