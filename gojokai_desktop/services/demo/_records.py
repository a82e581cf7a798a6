"""The records the demo history is made of: months, periods, affiliations, events, people.

Months are indexes (``year * 12 + month - 1``): joins and transfers take effect on the 1st of a
month, leaves on its last day.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field


def month_index(d: dt.date) -> int:
    return d.year * 12 + d.month - 1


def first_day(m: int) -> dt.date:
    return dt.date(m // 12, m % 12 + 1, 1)


def last_day(m: int) -> dt.date:
    return first_day(m + 1) - dt.timedelta(days=1)


@dataclass(slots=True)
class Period:
    """A membership period: from the 1st of ``start_m`` to the last day of ``end_m``."""

    start_m: int
    end_m: int | None = None
    reason: str | None = None


@dataclass(slots=True)
class Stint:
    """An affiliation with one establishment, in whole months."""

    establishment: int
    start_m: int
    end_m: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A line of a member's history (kind as in ``EVENT_KINDS``)."""

    kind: str
    m: int
    establishment: int
    from_establishment: int | None
    reason: str


@dataclass(slots=True)
class SimEstablishment:
    key: int
    join_m: int
    leave_m: int | None
    closure: str  # "", "closed" (廃業), "withdrew" (退会), "empty" (last member left)
    target: int
    cap: int
    retire_age: int
    count: int = 0
    max_count: int = 0
    persons: int = 0
    created: bool = False
    number: int = 0
    present: set[int] = field(default_factory=set)

    def open_in(self, m: int, margin: int = 0) -> bool:
        return self.join_m <= m and (self.leave_m is None or self.leave_m > m + margin)


@dataclass(slots=True)
class SimPerson:
    key: int
    sex: str
    birth: dt.date
    employment: str
    first_establishment: int
    serial: int
    establishment: int
    present: bool = True
    leave_m: int | None = None
    leave_reason: str = ""
    leave_text: str = ""
    transfer_m: int | None = None
    rejoin_m: int | None = None
    periods: list[Period] = field(default_factory=list)
    stints: list[Stint] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


@dataclass
class History:
    """The outcome: establishments that had members, and every person who was a member."""

    establishments: list[SimEstablishment]
    persons: list[SimPerson]
    first_m: int
    last_m: int

    @functools.cached_property
    def establishments_by_key(self) -> dict[int, SimEstablishment]:
        return {e.key: e for e in self.establishments}
