"""Long lists of values read through ``IN (...)`` a part at a time.

SQLite built before 3.32 takes at most 999 bound parameters in one statement; PostgreSQL
takes far more, but a list of 50,000 in one statement is slow to build on both. Every read
by a long list of ids or numbers goes through :func:`in_lists`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

#: Values in one ``IN (...)``: under SQLite's 999, leaving room for the statement's others.
IN_LIST_SIZE = 900


def in_lists(values: Sequence[T]) -> Iterator[Sequence[T]]:
    """``values`` in consecutive parts of at most :data:`IN_LIST_SIZE`, in order."""
    for start in range(0, len(values), IN_LIST_SIZE):
        yield values[start : start + IN_LIST_SIZE]
