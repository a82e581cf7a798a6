"""Several PCs at once, on SQLite and on PostgreSQL: every numbered thing from N processes ×
M rounds, two billing runs, two saves of one member. All ok or a clean refusal, every number
unique and gapless, nothing lost.

``GOJOKAI_CONCURRENCY=5x100`` runs the full size (the default run does 5 × 20).
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.models import (
    AuditEntry,
    BenefitClaim,
    BenefitPaymentBatch,
    CashBookEntry,
    DuesBill,
    DuesPayment,
    Establishment,
    Member,
    Receipt,
)
from tests.integration.concurrency.scenario import (
    NUMBERED_KINDS,
    Seed,
    context,
    errors_of,
    run_workers,
    seed,
)

SIZE = os.environ.get("GOJOKAI_CONCURRENCY", "5x20")
PROCESSES, ROUNDS = (int(part) for part in SIZE.lower().split("x"))


@pytest.fixture(
    params=[
        pytest.param("sqlite", marks=pytest.mark.sqlite_only),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def url(request, migrated_template: Path, tmp_path: Path, postgres_server) -> Iterator[str]:
    """A fresh migrated database of each kind (workers open it as separate programs)."""
    if request.param == "sqlite":
        path = tmp_path / "multi.sqlite3"
        shutil.copyfile(migrated_template, path)
        yield f"sqlite:///{path}"
        return
    made = postgres_server.fresh_database()
    try:
        yield made
    finally:
        postgres_server.drop(made)


def _gapless(numbers: list[int], start: int = 1) -> bool:
    return sorted(numbers) == list(range(start, start + len(numbers)))


def test_every_numbered_thing_from_several_pcs_is_unique_and_gapless(url: str) -> None:
    seeded: Seed = seed(url, batch_claims=PROCESSES * ROUNDS)
    reports = run_workers(url, seeded, NUMBERED_KINDS, PROCESSES, ROUNDS)
    assert errors_of(reports) == []
    actions = PROCESSES * ROUNDS
    assert sum(r.ok for r in reports) == actions * len(NUMBERED_KINDS)
    ctx = context(url)
    with ctx.reader() as session:
        # 会員番号: per establishment 0001-001, 0001-002, … with no hole (seeded ones first).
        numbers = session.execute(select(Establishment.number, Member.number).join(Member)).all()
        by_est: dict[int, list[int]] = {}
        for est_no, number in numbers:
            prefix, person = number.split("-")
            assert int(prefix) == est_no
            by_est.setdefault(est_no, []).append(int(person))
        assert sum(len(v) for v in by_est.values()) == 2 + actions
        assert all(_gapless(persons) for persons in by_est.values())
        assert _gapless(list(session.scalars(select(Establishment.number))))
        assert session.scalar(select(func.count()).select_from(Establishment)) == 2 + actions
        receipts = session.execute(select(Receipt.number, Receipt.payment_id)).all()
        assert _gapless([n for n, _p in receipts])
        assert len(receipts) == actions
        payments = session.scalar(select(func.count()).select_from(DuesPayment))
        assert payments == actions
        assert len({p for _n, p in receipts}) == actions  # every payment has its one receipt
        claims = list(session.scalars(select(BenefitClaim.seq)))
        assert _gapless(claims)
        assert len(claims) == 2 * actions
        assert _gapless(list(session.scalars(select(BenefitPaymentBatch.seq))))
        assert session.scalar(select(func.count()).select_from(BenefitPaymentBatch)) == actions
        vouchers = session.execute(
            select(CashBookEntry.voucher_no, CashBookEntry.line_no).where(
                CashBookEntry.fiscal_year == 2025
            )
        ).all()
        voucher_numbers = sorted({v for v, _line in vouchers})
        assert _gapless(voucher_numbers)
        # Each payment posts one voucher and each typed entry one: nothing lost, nothing twice.
        assert len(voucher_numbers) == 2 * actions
    ctx.database.dispose()


def test_two_billing_runs_at_once_bill_each_establishment_once(url: str) -> None:
    seeded = seed(url)
    reports = run_workers(url, seeded, ("billing",), 2, 1)
    assert errors_of(reports) == []
    billed = sorted(n for r in reports for n in r.extra["billed"])
    # One run wrote both bills; the other waited, then found them and wrote none.
    assert billed == [0, len(seeded.establishments)]
    ctx = context(url)
    with ctx.reader() as session:
        per_est = Counter(session.scalars(select(DuesBill.establishment_id)))
    ctx.database.dispose()
    assert per_est == dict.fromkeys(seeded.establishments, 1)


def test_two_pcs_saving_one_member_lose_nothing(url: str) -> None:
    seeded = seed(url)
    reports = run_workers(url, seeded, ("save",), 2, ROUNDS)
    assert errors_of(reports) == []
    saved = sum(r.ok for r in reports)
    told = sum(r.conflicts for r in reports)
    assert saved + told == 2 * ROUNDS
    assert saved >= ROUNDS  # each worker's clash is with one save of the other
    ctx = context(url)
    with ctx.reader() as session:
        member = session.get(Member, seeded.member)
        assert member is not None
        updates = session.scalars(
            select(AuditEntry.after_json)
            .where(
                AuditEntry.entity == "members",
                AuditEntry.entity_id == str(seeded.member),
                AuditEntry.operation == "update",
            )
            .order_by(AuditEntry.id)
        ).all()
    ctx.database.dispose()
    # Every save that was not refused is in the record, one version each; the member holds
    # the last one, so no save was silently overwritten.
    assert len(updates) == saved
    assert member.version == 1 + saved
    assert f'"phone": "{member.phone}"' in updates[-1]
