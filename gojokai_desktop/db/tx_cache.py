"""What one transaction already knows: locked counters, open fiscal years, closed years.

A payment batch posts 1,000 vouchers in one unit of work; each posting used to read and
lock the fiscal year, the voucher counter and the list of closed years again. Once a row
is locked it stays locked until the transaction ends, so the second reading only costs.
The cache lives in ``session.info`` and is emptied when the transaction commits or rolls
back (a savepoint's rollback too: PostgreSQL then gives up the locks taken inside it).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = "tx_cache"


def tx_cache(session: Session) -> dict[str, Any]:
    """The dictionary of what the current transaction of ``session`` knows."""
    cache = session.info.get(_KEY)
    if cache is None:
        cache = session.info[_KEY] = {}
        event.listen(session, "after_commit", forget)
        event.listen(session, "after_soft_rollback", _forget_after_rollback)
    return cache


def forget(session: Session) -> None:
    """Empty the cache (the transaction ended, or what it held may have changed)."""
    cache = session.info.get(_KEY)
    if cache:
        cache.clear()


def _forget_after_rollback(session: Session, _previous: object) -> None:
    forget(session)
