"""Due list benchmark on the L demo (50,000 members, 10 years of membership history).

Usage: python -m tests.benchmarks.bench_benefits_due [--size S|M|L] [--db PATH] [--repeat N]
Target (issue 7): the due lists of a fiscal year over 50,000 members in at most 2 s, beside
a raw SQL read of every column they use (the floor any implementation pays). The small-society
table is saved in the working copy first, so all six date-driven kinds (入学 小/中, 成人, 銀婚,
永年, 長寿) are timed whatever tables or claims the demo itself carries.
"""

from __future__ import annotations

from sqlalchemy import text

from gojokai_desktop.services.benefits.due import due_list, due_this_month
from gojokai_desktop.services.benefits.due_print import write_due_workbook
from gojokai_desktop.services.benefits.tables import install_preset
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, figure, measure

NAMES = ("benefits_due_year", "benefits_due_month", "benefits_due_workbook")

FISCAL_YEAR = DEMO_TODAY.year if DEMO_TODAY.month >= 4 else DEMO_TODAY.year - 1
RAW_READS = (
    "SELECT member_id, start_date, end_date FROM membership_periods ORDER BY member_id, start_date",
    "SELECT id, birth_date FROM members WHERE birth_date IS NOT NULL",
    "SELECT member_id, id, name, relation, birth_date, married_on, from_date, to_date"
    " FROM family_members",
    "SELECT kind_code, member_id, family_member_id, event_date, id FROM benefit_claims",
)


def figures(env: BenchEnv) -> list[Figure]:
    ctx = env.context(env.copy_demo("due"))
    install_preset(ctx, "small_gojokai", FISCAL_YEAR)

    def raw() -> None:
        with ctx.database.read_session() as session:
            for query in RAW_READS:
                session.execute(text(query)).all()

    raw_t = measure(raw, env.repeat)
    listed = due_list(ctx, FISCAL_YEAR)
    due_t = measure(lambda: due_list(ctx, FISCAL_YEAR), env.repeat)
    month_t = measure(lambda: due_this_month(ctx), env.repeat)
    book = env.work / "due.xlsx"
    book_t = measure(lambda: write_due_workbook(ctx, listed, book), 1)
    kinds: dict[str, int] = {}
    for row in listed.rows:
        kinds[row.kind_code] = kinds.get(row.kind_code, 0) + 1
    print(
        f"FY{FISCAL_YEAR}: {len(listed.rows):,} due ({len(listed.unclaimed):,} unclaimed), "
        f"{listed.total_amount:,} yen; "
        + ", ".join(f"{code} {count:,}" for code, count in sorted(kinds.items()))
    )
    ctx.database.dispose()
    return [
        figure("benefits_due_year", "due list of a fiscal year", due_t, target=2,
               floor=raw_t, floor_name="raw SQL read of the columns used"),
        figure("benefits_due_month", "due this month (home page)", month_t, target=2),
        figure("benefits_due_workbook", "due list workbook (rows already read)", book_t,
               floor=due_t, floor_name="the due list itself"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
