"""Dues benchmark on the demo (L: 50,000 members in about 2,700 establishments, 10 years).

Usage: python -m tests.benchmarks.bench_dues [--size S|M|L] [--db PATH] [--repeat N]
Targets (issue 20): a billing run for every establishment at most 2 s as a preview and 4 s
committed, beside a raw SQL head count per establishment on the same data; the arrears list
and the balances per establishment at most 1 s.
April is billed because every cycle (monthly to yearly) starts then.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import text

from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from gojokai_desktop.services.dues.billing import preview_billing, run_billing
from gojokai_desktop.services.dues.payments import arrears_list, reconciliation
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, figure, measure

NAMES = ("billing_preview", "billing_commit", "arrears_list", "dues_balances")

PERIOD = dt.date(DEMO_TODAY.year + 1, 4, 1)
RAW_HEAD_COUNT = """
SELECT establishment_id, COUNT(*) FROM affiliations
WHERE start_date <= :on AND (end_date IS NULL OR end_date >= :on)
GROUP BY establishment_id
"""


def figures(env: BenchEnv) -> list[Figure]:
    ctx = env.context(env.copy_demo("dues"))
    with ctx.database.read_session() as session:
        raw = measure(
            lambda: session.execute(text(RAW_HEAD_COUNT), {"on": PERIOD}).all(), env.repeat
        )
    preview = preview_billing(ctx, PERIOD)
    preview_t = measure(lambda: preview_billing(ctx, PERIOD), env.repeat)
    commit_t = measure(lambda: run_billing(ctx, PERIOD))
    arrears_t = measure(lambda: arrears_list(ctx), env.repeat)
    balances_t = measure(lambda: reconciliation(ctx), env.repeat)
    heads = sum(b.head_count for b in preview.bills)
    print(f"{len(preview.bills):,} bills, {heads:,} members, {preview.total:,} yen")
    large = env.size == "L"
    ctx.database.dispose()
    floor = "raw SQL head count per establishment"
    return [
        figure("billing_preview", "billing run, preview", preview_t,
               target=2.0 if large else None, floor=raw, floor_name=floor),
        figure("billing_commit", "billing run, committed", commit_t,
               target=4.0 if large else None, floor=raw, floor_name=floor),
        figure("arrears_list", "arrears list (滞納一覧)", arrears_t, target=1.0),
        figure("dues_balances", "balances per establishment", balances_t, target=1.0),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
