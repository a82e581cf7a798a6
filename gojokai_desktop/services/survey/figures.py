"""What a source is and what it gives: its name and meaning, a figure with how it was reached,
and the list behind the figure (the members counted, the claims summed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.context import AppContext


@dataclass(frozen=True)
class SourceInfo:
    """A name a survey may give as ``source``, with one line of meaning for the clerk.

    ``kind`` is number, yen, text or date.
    """

    name: str
    meaning: str
    kind: str
    unit: str = ""


@dataclass(frozen=True)
class Figure:
    """A computed answer and how it was reached (根拠); ``value`` None: it could not be
    computed, and ``how`` says why (no fee table, no general account, read in the demo…)."""

    name: str
    value: int | str | dt.date | None
    how: str
    has_detail: bool = False


@dataclass(frozen=True)
class DetailColumn:
    """A column of the list behind a figure: heading and kind (text, int, yen, date)."""

    title: str
    kind: str = "text"


@dataclass(frozen=True)
class SourceDetail:
    """The rows a figure was computed from, with a closing line that repeats the figure."""

    name: str
    title: str
    columns: tuple[DetailColumn, ...]
    rows: tuple[tuple[object, ...], ...]
    total: str


@dataclass(frozen=True)
class Scope:
    """One fiscal year's reading of the books (a session the caller opened).

    ``ctx`` is there when the books are read through the program's context (the screens, the
    command line), so areas whose reports take a context (the settlement, 斡旋, 行事) answer
    through them; the demo reads inside its own transaction and has none.
    """

    session: Session
    fiscal_year: int
    calendar: FiscalCalendar
    label_rule: str = "start"
    ctx: AppContext | None = None

    @property
    def first(self) -> dt.date:
        return self.calendar.first_day(self.fiscal_year)

    @property
    def last(self) -> dt.date:
        return self.calendar.last_day(self.fiscal_year)

    @property
    def label(self) -> str:
        return self.calendar.label(self.fiscal_year, era_rule=self.label_rule)

    @property
    def period(self) -> str:
        """令和7年4月1日〜令和8年3月31日."""
        return f"{format_wareki(self.first)}〜{format_wareki(self.last)}"
