"""One object per repeated value in rows read for a screen or a printout.

The database driver makes a new object of every value of every row: 20,000 lines of a cash
book carry 20,000 copies of 「普通預金」 and of each date. A sharer hands back the first equal
value it was given, so a list held on screen keeps each name, word and date once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

V = TypeVar("V", bound=Hashable)


def sharer() -> Callable[[V], V]:
    """A function returning, for each value, the first equal value it was given. Give it
    values of one kind (texts, dates): ``1`` and ``True`` are equal to a dictionary."""
    seen: dict[object, object] = {}

    def share(value: V) -> V:
        return seen.setdefault(value, value)  # type: ignore[return-value]

    return share
