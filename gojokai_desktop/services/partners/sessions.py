"""Study sessions (学習会) held with a partner, for the report.

The labour bank refunds study sessions up to 2,000 yen a participant, and its report asks
how many were held (001: 学習会開催回数). The sessions are the events area's: a 研修会 with a
programme item the partner presented, or (for the labour bank) one claimed from it. The report
lists them and says how many; the count typed as an item (the ろうきん preset has
学習会開催回数 in 運動項目) stays the clerk's figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.study_sessions import study_sessions_with

#: Words by which a partner appears as the presenting organisation of a programme item.
PRESENTER_WORDS = {
    "ろうきん": ("労働金庫", "ろうきん"),
    "こくみん共済": ("こくみん共済", "全労済"),
    "自治労共済": ("自治労共済",),
}
LABOUR_BANK_WORDS = ("ろうきん", "労働金庫")


@dataclass(frozen=True)
class StudySessions:
    """Sessions with the partner in the period: (date, title) rows and a note for the report."""

    rows: tuple[tuple[str, str], ...]
    note: str


def _words(partner_name: str) -> tuple[str, ...]:
    for key, words in PRESENTER_WORDS.items():
        if key in partner_name:
            return words
    return (partner_name,)


def study_sessions(
    ctx: AppContext, partner_name: str, first: dt.date, last: dt.date
) -> StudySessions:
    """The sessions held with ``partner_name`` between the dates, from the events' records."""
    found = study_sessions_with(
        ctx,
        _words(partner_name),
        first,
        last,
        labour_bank=any(w in partner_name for w in LABOUR_BANK_WORDS),
    )
    rows = tuple(
        (format_wareki_short(s.day), f"{s.title}（参加 {s.participants:,}人）") for s in found
    )
    if not rows:
        return StudySessions((), "この期間の研修・行事の記録に、学習会はありません。")
    return StudySessions(rows, f"学習会の開催 {len(rows)}回（研修・行事の記録から）。")
