"""Study sessions (学習会) held with a partner, counted from the events area.

The labour bank refunds study sessions up to 2,000 yen a participant, and its report asks
how many were held (001: 学習会開催回数). Events are the events area's to record; until that
area exists in this program, the report says so instead of a number.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from dataclasses import dataclass

from gojokai_desktop.services.context import AppContext


@dataclass(frozen=True)
class StudySessions:
    """Sessions with the partner in the period: (date, title) rows and a note for the report."""

    rows: tuple[tuple[str, str], ...]
    note: str


def events_available() -> bool:
    return importlib.util.find_spec("gojokai_desktop.services.events") is not None


def study_sessions(
    ctx: AppContext, partner_name: str, first: dt.date, last: dt.date
) -> StudySessions:
    """What the events area knows of sessions held with ``partner_name`` in the period."""
    del ctx, partner_name, first, last
    return StudySessions(
        (),
        "学習会の開催回数は、研修・行事の機能ができてから行事の記録から数えます"
        "（今は推進項目「学習会開催回数」に入力してください）。",
    )
