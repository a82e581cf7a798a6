"""Numbers that must never clash and never skip: one counter row per kind and scope.

Every numbered thing (members, establishments, receipts, vouchers, claims, payment batches,
table versions, and each new area's numbers) takes its next number with
``next_number(uow, key, scope)`` inside the writing unit of work. The counter row is read
``FOR UPDATE`` (PostgreSQL locks it until the transaction ends; SQLite's writers are already
serialised by ``BEGIN IMMEDIATE``), so two clerks writing at once queue instead of both
taking ``max + 1``; a rolled-back action gives its number back with the rollback, so the
numbers stay gapless.

A missing counter row is made with ``INSERT … ON CONFLICT DO NOTHING`` before it is locked:
when two PCs make the first number of a year at the same moment, the second insert waits for
the first and then does nothing, and both lock the one row (a plain insert would make the
second fail with a unique violation).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from gojokai_desktop.db.models import NumberCounter
from gojokai_desktop.db.tx_cache import tx_cache
from gojokai_desktop.db.uow import UnitOfWork

# The keys in use, so that two areas never share one by accident (scope in brackets).
MEMBER_PERSON = "member.person"  # 会員番号の事業所内番号 (establishment id)
MEMBER_SERIAL = "member.serial"  # 会員番号の通し番号 (0)
ESTABLISHMENT = "establishment"  # 事業所番号 (0)
RECEIPT = "receipt"  # 領収書番号 (fiscal year)
VOUCHER = "voucher"  # 出納の伝票番号 (fiscal year)
CLAIM = "benefit.claim"  # 給付の請求番号 (fiscal year)
PAYMENT_BATCH = "benefit.batch"  # 給付の支払番号 (fiscal year)
BENEFIT_TABLE = "benefit.table"  # 給付表の版 (valid-from fiscal year)
FEE_TABLE = "dues.fee_table"  # 会費表の版 (fiscal year)
BUDGET = "budget"  # 予算の版 (see services.accounts.budget for the scope)
DUES_BILLING = "dues.billing"  # not a number: serialises billing runs (period as yyyymm)


def locked_counter(
    uow: UnitOfWork, key: str, scope: int = 0, *, floor: Callable[[], int] | None = None
) -> NumberCounter:
    """The counter row of ``key`` in ``scope``, made when missing and locked until commit.

    ``floor`` gives the highest number already in use when the counter does not exist yet
    (a database from before the counters, or rows written in bulk by the demo or an import);
    the counter starts from it, so a number is never handed out twice. Callers that take
    many numbers at once (an import) raise ``value`` themselves; the flush writes it.
    """
    session = uow.session
    locked = tx_cache(session).setdefault("counters", {})
    if (key, scope) in locked:
        return locked[(key, scope)]  # type: ignore[no-any-return]
    query = (
        select(NumberCounter)
        .where(NumberCounter.key == key, NumberCounter.scope == scope)
        .with_for_update()
    )
    row = session.scalars(query).first()
    if row is None:
        start = floor() if floor is not None else 0
        dialect = postgresql if uow.database.is_postgres else sqlite
        session.execute(
            dialect.insert(NumberCounter)
            .values(key=key, scope=scope, value=start)
            .on_conflict_do_nothing(index_elements=["key", "scope"])
        )
        # Ours, or the one another writer committed while our insert waited: locked now.
        row = session.scalars(query.execution_options(populate_existing=True)).one()
    locked[(key, scope)] = row
    return row


def next_number(
    uow: UnitOfWork, key: str, scope: int = 0, *, floor: Callable[[], int] | None = None
) -> int:
    """The next number of ``key`` in ``scope`` (e.g. ``"receipt"``, fiscal year 2025)."""
    row = locked_counter(uow, key, scope, floor=floor)
    # The row is locked (or the writers serialised) until commit: the new value is written
    # by the next flush, not by a flush of its own (a batch of 1,000 postings paid 1,000).
    row.value += 1
    return row.value


def serialize(uow: UnitOfWork, key: str, scope: int = 0) -> None:
    """Make writers of ``key``/``scope`` take turns until this transaction ends.

    For actions that number nothing but must not run twice at once (two billing runs of one
    period): the second waits, then sees what the first wrote.
    """
    locked_counter(uow, key, scope)
