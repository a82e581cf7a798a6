"""Study sessions (学習会) held with a partner, for the report.

The labour bank refunds study sessions up to 2,000 yen a participant, and its report asks
how many were held (001: 学習会開催回数). Sessions are the events area's to record; that area
is not part of this program yet, so the report says so and the clerk types the count as an
item (the ろうきん preset has 学習会開催回数 in 運動項目).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gojokai_desktop.services.context import AppContext

NOT_COUNTED = (
    "学習会の開催回数は研修・行事の記録からはまだ数えていません"
    "（推進項目「学習会開催回数」に入力してください）。"
)


@dataclass(frozen=True)
class StudySessions:
    """Sessions with the partner in the period: (date, title) rows and a note for the report."""

    rows: tuple[tuple[str, str], ...]
    note: str


def study_sessions(
    ctx: AppContext, partner_name: str, first: dt.date, last: dt.date
) -> StudySessions:
    """The sessions held with ``partner_name`` between the dates, as far as the program knows."""
    del ctx, partner_name, first, last
    return StudySessions((), NOT_COUNTED)
