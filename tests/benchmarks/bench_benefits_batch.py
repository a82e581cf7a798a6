"""Benefit payment benchmark on the L demo: one batch of 1,000 approved claims.

Usage: python -m tests.benchmarks.bench_benefits_batch [--size S|M|L] [--db PATH]
Target (issue 7): create_batch + commit_batch (1,000 cash-book postings) + write_zengin at most
5 s together. The baseline posts the same 1,000 entries with ``ledger.post`` alone in one unit
of work on another copy of the same database (what the commit cannot do with less).
The 1,000 claims are written with SQL (approved, of members present on the payday, paid to
the member's account where one is registered, else to the establishment's or in cash), so the
timed part is the batch alone.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

from sqlalchemy import func, insert, select

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models import BenefitClaim, Establishment, Item, Member
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.benefits.payments import commit_batch, create_batch
from gojokai_desktop.services.benefits.zengin import write_zengin
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, Timing, figure, measure

NAMES = ("benefits_batch_create", "benefits_batch_commit", "zengin_file", "benefits_batch")
CLAIMS = {"S": 100, "M": 1_000, "L": 1_000}

PAYDAY = dt.date(2026, 11, 30)  # a Monday, after the demo's draft batch of the 25th
TARGET_SECONDS = 5.0
AMOUNTS = (10_000, 10_000, 20_000, 30_000, 50_000)


def _context(path: Path) -> AppContext:
    # The demo's administrator (user 1) acts, as the GUI does.
    return AppContext(
        Database(f"sqlite:///{path}"), Actor(1, "鈴木　美穂"), clock=lambda: DEMO_TODAY
    )


def add_approved_claims(ctx: AppContext, count: int) -> list[int]:
    """``count`` approved 傷病見舞金 claims of members present today, inserted with SQL."""
    with ctx.unit_of_work("ベンチマーク用の請求") as uow:
        session = uow.session
        members = session.execute(
            select(Member.id, Member.bank_code, Establishment.bank_code)
            .join(Establishment, Establishment.id == Member.establishment_id)
            .where(Member.leave_date.is_(None))
            .order_by(Member.id)
            .limit(count)
        ).all()
        if len(members) < count:
            raise SystemExit(f"only {len(members)} members present; use the L demo")
        year = 2026
        seq = session.scalar(
            select(func.coalesce(func.max(BenefitClaim.seq), 0)).where(
                BenefitClaim.fiscal_year == year
            )
        )
        table_id = session.scalar(select(func.min(BenefitClaim.table_id)))
        first_id = (session.scalar(select(func.max(BenefitClaim.id))) or 0) + 1
        stamp = dt.datetime.combine(DEMO_TODAY, dt.time(10))
        rows = []
        for n, (member_id, own_bank, workplace_bank) in enumerate(members):
            amount = AMOUNTS[n % len(AMOUNTS)]
            if own_bank:
                method = "member_account"
            elif workplace_bank:
                method = "establishment_account"
            else:
                method = "cash"
            rows.append(
                {
                    "id": first_id + n,
                    "fiscal_year": year,
                    "seq": seq + n + 1,
                    "member_id": member_id,
                    "family_member_id": None,
                    "table_id": table_id,
                    "kind_code": "sickness",
                    "kind_name": "傷病見舞金",
                    "category": "sympathy",
                    "event_date": DEMO_TODAY - dt.timedelta(days=60),
                    "claim_date": DEMO_TODAY - dt.timedelta(days=10),
                    "days_off": 30,
                    "evidence_json": json.dumps(["医師の診断書"], ensure_ascii=False),
                    "employer_certified": True,
                    "status": "approved",
                    "computed_amount": amount,
                    "amount": amount,
                    "decided_on": DEMO_TODAY - dt.timedelta(days=3),
                    "payment_method": method,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
        session.execute(insert(BenefitClaim), rows)
        uow.commit()
    return [r["id"] for r in rows]


def _batch(ctx: AppContext, claim_ids: list[int], out: Path) -> tuple[Timing, Timing, Timing, str]:
    batch_id = 0

    def create() -> None:
        nonlocal batch_id
        batch_id = create_batch(ctx, PAYDAY, claim_ids).row.id

    created = measure(create)
    committed = measure(lambda: commit_batch(ctx, batch_id))
    written = measure(lambda: write_zengin(ctx, batch_id, out))
    with ctx.reader() as session:
        methods = dict(
            session.execute(
                select(BenefitClaim.payment_method, func.count())
                .where(BenefitClaim.id.in_(claim_ids))
                .group_by(BenefitClaim.payment_method)
            ).all()
        )
    return created, committed, written, ", ".join(f"{k} {v:,}" for k, v in sorted(methods.items()))


def _ledger_baseline(ctx: AppContext, count: int) -> Timing:
    """The same number of postings by ``ledger.post`` alone, in one unit of work."""
    with ctx.reader() as session:
        item_id = session.scalar(select(Item.id).where(Item.code == "201"))
    assert item_id is not None

    def post_all() -> None:
        with ctx.unit_of_work("ベンチマーク") as uow:
            for n in range(count):
                ledger.post(
                    uow,
                    date=PAYDAY,
                    amount=AMOUNTS[n % len(AMOUNTS)],
                    description=f"傷病見舞金 ベンチ{n}",
                    item=item_id,
                    method="bank",
                    bank_account=1,
                    counterparty="ベンチ",
                )
            uow.commit()

    return measure(post_all)


def figures(env: BenchEnv) -> list[Figure]:
    count = CLAIMS[env.size]
    ctx = _context(env.copy_demo("batch"))
    claim_ids = add_approved_claims(ctx, count)
    out = env.work / "zengin.txt"
    created, committed, written, methods = _batch(ctx, claim_ids, out)
    ctx.database.dispose()
    baseline_ctx = _context(env.copy_demo("batch-baseline"))
    baseline = _ledger_baseline(baseline_ctx, count)
    baseline_ctx.database.dispose()
    total = Timing(
        created.wall + committed.wall + written.wall, created.cpu + committed.cpu + written.cpu
    )
    print(f"{count:,} claims ({methods}); bank file {out.stat().st_size:,} bytes")
    floor = f"ledger.post x{count:,}"
    return [
        figure("benefits_batch_create", "create_batch", created),
        figure("benefits_batch_commit", "commit_batch", committed, floor=baseline,
               floor_name=floor),
        figure("zengin_file", "write_zengin", written),
        figure("benefits_batch", f"payment batch of {count:,} claims, total", total,
               target=TARGET_SECONDS, floor=baseline, floor_name=floor),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
