"""Numbers that must never clash and never skip: one counter row per kind and scope.

Every numbered thing (receipts, and each area's numbers as they move here) takes its next
number with ``next_number(uow, key, scope)`` inside the writing unit of work. The counter row
is read ``FOR UPDATE`` (PostgreSQL locks it until the transaction ends; SQLite's writers are
already serialised by ``BEGIN IMMEDIATE``), so two clerks writing at once queue instead of
both taking ``max + 1``; a rolled-back action gives its number back with the rollback, so the
numbers stay gapless.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from gojokai_desktop.db.models import NumberCounter
from gojokai_desktop.db.uow import UnitOfWork


def next_number(
    uow: UnitOfWork, key: str, scope: int = 0, *, floor: Callable[[], int] | None = None
) -> int:
    """The next number of ``key`` in ``scope`` (e.g. ``"receipt"``, fiscal year 2025).

    ``floor`` gives the highest number already in use when the counter does not exist yet
    (a database from before the counters, or rows written in bulk by the demo or an import);
    the counter starts from it, so a number is never handed out twice.
    """
    session = uow.session
    row = session.scalars(
        select(NumberCounter)
        .where(NumberCounter.key == key, NumberCounter.scope == scope)
        .with_for_update()
    ).first()
    if row is None:
        start = floor() if floor is not None else 0
        try:
            with session.begin_nested():
                row = NumberCounter(key=key, scope=scope, value=start)
                session.add(row)
        except IntegrityError:
            # Another writer created the row between our read and insert: take theirs, locked.
            row = session.scalars(
                select(NumberCounter)
                .where(NumberCounter.key == key, NumberCounter.scope == scope)
                .with_for_update()
            ).one()
    row.value += 1
    session.flush()
    return row.value
