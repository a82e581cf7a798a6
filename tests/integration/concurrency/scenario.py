"""Several clerk PCs at once: a seeded society, worker processes started together, and what
the database holds afterwards (every number unique and gapless, nothing lost).

Used by the concurrency tests and by ``tests/benchmarks/bench_multi.py``. A worker is a
separate Python process (``python -m tests.integration.concurrency._worker``), as a PC is;
each does ``rounds`` rounds of its ``kinds`` through the services a clerk's screen calls.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

D = dt.date
TODAY = D(2025, 6, 15)
PAYDAY = D(2025, 6, 13)
ROOT = Path(__file__).resolve().parents[3]

# Every numbered thing, in the order a round does them.
NUMBERED_KINDS = ("join", "establishment", "receipt", "claim", "batch", "voucher")


@dataclass(frozen=True)
class Seed:
    """Ids the workers act on (written to the worker's command line as JSON)."""

    establishments: tuple[int, ...]
    member: int
    item_id: int
    batch_claims: tuple[int, ...]

    def as_json(self) -> str:
        return json.dumps(self.__dict__)

    @classmethod
    def from_json(cls, text: str) -> Seed:
        data = json.loads(text)
        return cls(
            tuple(data["establishments"]),
            data["member"],
            data["item_id"],
            tuple(data["batch_claims"]),
        )


@dataclass
class WorkerReport:
    """What one worker saw: actions done, clean refusals, errors a clerk would have seen."""

    ok: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def context(url: str) -> Any:
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.uow import Actor
    from gojokai_desktop.services.context import AppContext

    return AppContext(Database(url), Actor(None, "同時実行テスト"), clock=lambda: TODAY)


def seed(url: str, *, batch_claims: int = 0) -> Seed:
    """A society with books, fees, two establishments with a member each, and ``batch_claims``
    approved claims for the payment-batch workers (written directly: only their batch
    numbers are under test)."""
    from sqlalchemy import select

    from gojokai_desktop.db.models import BenefitClaim, Item
    from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset
    from gojokai_desktop.services.benefits.tables import stored_table_id
    from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )
    from gojokai_desktop.services.members.membership import join_member
    from gojokai_desktop.services.members.records import MemberInput
    from gojokai_desktop.services.society import SocietyProfile, save_profile

    ctx = context(url)
    try:
        save_profile(
            ctx,
            SocietyProfile(
                name="同時町勤労者互助会", postal_code="9608101", address="福島市杉妻町2-16",
                phone="0245211111", representative_name="互助 太郎", clerk_name="事務 花子",
            ),
        )  # fmt: skip
        with ctx.unit_of_work("会計の準備") as uow:
            general = load_preset(uow, valid_from_year=2020)
            add_bank_account(uow, general, "東邦銀行 普通 1234567")
            uow.commit()
        save_fee_table(ctx, FeeTableInput(2025, entry_fee=200, monthly_dues=500, debit_day=20))
        ests = tuple(
            create_establishment(ctx, EstablishmentInput(name=name), D(2020, 4, 1)).id
            for name in ("福島商事", "信夫製作所")
        )
        member = join_member(
            ctx,
            MemberInput(name="佐藤　花子", name_kana="サトウ　ハナコ", birth_date=D(1975, 6, 20)),
            ests[0],
            D(2020, 3, 10),
            effective=D(2020, 4, 1),
        ).id
        join_member(
            ctx,
            MemberInput(name="鈴木　一郎", name_kana="スズキ　イチロウ", birth_date=D(1980, 1, 2)),
            ests[1],
            D(2020, 3, 10),
            effective=D(2020, 4, 1),
        )
        claims: list[int] = []
        with ctx.unit_of_work("支払テスト用の請求") as uow:
            table_id, _table = stored_table_id(uow, 2025)
            item_id = uow.session.scalar(select(Item.id).where(Item.code == "101"))
            for seq in range(1, batch_claims + 1):
                claim = BenefitClaim(
                    fiscal_year=2025, seq=seq, member_id=member, table_id=table_id,
                    kind_code="sickness", kind_name="傷病見舞金", category="見舞",
                    event_date=D(2025, 5, 1), claim_date=D(2025, 6, 1), status="approved",
                    computed_amount=10_000, amount=10_000, payment_method="cash",
                    decided_on=D(2025, 6, 10),
                )  # fmt: skip
                uow.session.add(claim)
                uow.flush()
                claims.append(claim.id)
            uow.commit()
        assert item_id is not None
        return Seed(ests, member, int(item_id), tuple(claims))
    finally:
        ctx.database.dispose()


def run_workers(
    url: str, seed_: Seed, kinds: tuple[str, ...], processes: int, rounds: int
) -> list[WorkerReport]:
    """Start ``processes`` workers, let them go at the same moment, collect their reports."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    children = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.integration.concurrency._worker",
                url,
                ",".join(kinds),
                str(rounds),
                str(index),
                str(processes),
                seed_.as_json(),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        for index in range(processes)
    ]
    for child in children:  # every worker has imported everything and opened its database
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        if line != "ready":
            _out, err = child.communicate(timeout=60)
            raise AssertionError(f"worker did not start: {line!r} {err}")
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    reports = []
    for child in children:
        out, err = child.communicate(timeout=1800)
        if child.returncode != 0:
            raise AssertionError(f"worker failed ({child.returncode}): {err[-3000:]}")
        reports.append(WorkerReport(**json.loads(out.strip().splitlines()[-1])))
    return reports


def errors_of(reports: list[WorkerReport]) -> list[str]:
    return [e for r in reports for e in r.errors]
