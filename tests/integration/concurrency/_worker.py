"""One clerk PC for the concurrency tests: ``URL KINDS ROUNDS INDEX PROCESSES SEED``.

Prints ``ready`` once everything is imported and the database answers, waits for ``go`` on
stdin, then does ``ROUNDS`` rounds of ``KINDS`` through the services and prints its report as
one JSON line. An exception a clerk would see is an error; 「ほかの端末で先に変更されました」
on a save of the record another worker saves too is a clean refusal.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy import text

from gojokai_desktop.domain.errors import EditConflict
from gojokai_desktop.services.accounts.ledger_actions import EntryInput, record_entry
from gojokai_desktop.services.benefits.claims import ClaimInput, receive_claim
from gojokai_desktop.services.benefits.payments import create_batch
from gojokai_desktop.services.dues.billing import run_billing
from gojokai_desktop.services.dues.payments import record_payment
from gojokai_desktop.services.dues.receipts import issue_receipt
from gojokai_desktop.services.members.establishments import (
    EstablishmentInput,
    create_establishment,
)
from gojokai_desktop.services.members.membership import get_member, join_member, update_member
from gojokai_desktop.services.members.records import MemberInput
from tests.integration.concurrency.scenario import PAYDAY, D, Seed, WorkerReport, context


class Worker:
    def __init__(self, url: str, index: int, processes: int, rounds: int, seed: Seed) -> None:
        self.ctx = context(url)
        self.index = index
        self.rounds = rounds
        self.seed = seed
        # Each worker pays its own claims: worker i takes the i-th share.
        self.claims = list(seed.batch_claims[index * rounds : (index + 1) * rounds])
        self.billed: list[int] = []

    def join(self, n: int) -> None:
        est = self.seed.establishments[n % len(self.seed.establishments)]
        join_member(
            self.ctx,
            MemberInput(name=f"同時　{self.index}-{n}", name_kana="ドウジ　カイイン"),
            est,
            D(2025, 5, 10),
        )

    def establishment(self, n: int) -> None:
        create_establishment(
            self.ctx, EstablishmentInput(name=f"同時商店{self.index}-{n}"), D(2025, 4, 1)
        )

    def receipt(self, n: int) -> None:
        est = self.seed.establishments[n % len(self.seed.establishments)]
        payment = record_payment(self.ctx, est, 1_000 + n, D(2025, 6, 2), method="cash")
        issue_receipt(self.ctx, payment.payment_id, issued=D(2025, 6, 2))

    def claim(self, n: int) -> None:
        receive_claim(
            self.ctx,
            ClaimInput(
                member_id=self.seed.member, kind_code="sickness", event_date=D(2025, 5, 1),
                claim_date=D(2025, 6, 1), days_off=10 + n,
            ),
        )  # fmt: skip

    def batch(self, _n: int) -> None:
        create_batch(self.ctx, PAYDAY, [self.claims.pop(0)], methods=None)

    def voucher(self, n: int) -> None:
        record_entry(
            self.ctx,
            EntryInput(date=D(2025, 6, 3), item_id=self.seed.item_id, amount=100 + n,
                       description=f"同時記帳 {self.index}-{n}"),
        )  # fmt: skip

    def save(self, n: int) -> None:
        """Read the member, change the phone, save with the version read (two PCs do this
        to the same member at once: one of each clash is told, nothing is lost)."""
        detail = get_member(self.ctx, self.seed.member)
        phone = f"024-{self.index:03d}-{n:04d}"
        update_member(
            self.ctx, detail.id, replace(detail.data, phone=phone), version=detail.version
        )

    def billing(self, _n: int) -> None:
        self.billed.append(run_billing(self.ctx, D(2025, 4, 1)).bill_count)


def main(argv: list[str]) -> int:
    url, kinds, rounds, index, processes, seed_json = argv
    worker = Worker(url, int(index), int(processes), int(rounds), Seed.from_json(seed_json))
    with worker.ctx.reader() as session:
        session.execute(text("SELECT 1"))
    print("ready", flush=True)
    sys.stdin.readline()
    report = WorkerReport()
    started = time.perf_counter()
    for n in range(worker.rounds):
        for kind in kinds.split(","):
            try:
                getattr(worker, kind)(n)
            except EditConflict:
                report.conflicts += 1
            except Exception as exc:  # anything else would reach the clerk
                report.errors.append(f"{kind}: {type(exc).__name__}: {exc}")
                traceback.print_exc(file=sys.stderr)
            else:
                report.ok += 1
    report.seconds = time.perf_counter() - started
    extra: dict[str, Any] = {"billed": worker.billed}
    report.extra = extra
    worker.ctx.database.dispose()
    print(json.dumps(asdict(report), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
