"""What the annual reports print: 財産目録, the activity report's sections, the meeting packet.

Plain data and the small rules of their wording: agenda numbers that restart at 1 for each
meeting (報告第1号, 議案第1号), 〃 for a role repeated in the officer list, meeting titles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from gojokai_desktop.domain.accounting import AccountsTable
from gojokai_desktop.domain.benefits.stats import BenefitStatsTable

MEETING_KIND_LABELS = {
    "general": "通常総会",
    "extraordinary": "臨時総会",
    "board": "幹事会",
    "audit": "会計監査",
}
AGENDA_KIND_LABELS = {"report": "報告", "proposal": "議案"}
DITTO = "〃"


def meeting_title(kind: str, number: int) -> str:
    """第39回通常総会, 第99回幹事会; an audit (numbered only to tell them apart) is 会計監査."""
    label = MEETING_KIND_LABELS.get(kind, kind)
    return f"第{number}回{label}" if number > 0 and kind != "audit" else label


def agenda_numbers(kinds: Sequence[str]) -> list[str]:
    """報告第1号, 報告第2号, 議案第1号 … for items in order: each kind counts from 1 within
    one meeting, whatever order the kinds come in."""
    counts: dict[str, int] = {}
    numbers = []
    for kind in kinds:
        counts[kind] = counts.get(kind, 0) + 1
        numbers.append(f"{AGENDA_KIND_LABELS.get(kind, kind)}第{counts[kind]}号")
    return numbers


def ditto_roles(roles: Sequence[str]) -> list[str]:
    """The role column of an officer list: a role equal to the one above prints 〃."""
    printed = []
    previous = None
    for role in roles:
        printed.append(DITTO if role == previous and role else role)
        previous = role
    return printed


# -- 財産目録 ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class InventoryLine:
    """Money held at the year end in cash or one bank account."""

    label: str
    amount: int


@dataclass(frozen=True)
class AccountInventory:
    """One account's money at the year end, checked against its settlement and the next year.

    ``settlement_balance`` is the 差引残額 of the 収支決算書 (income − expenditure by item);
    ``next_opening`` the 前年度繰越金 the next year opened with (None: not carried yet).
    """

    account_name: str
    lines: tuple[InventoryLine, ...]
    settlement_balance: int
    next_opening: int | None

    @property
    def total(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def settlement_difference(self) -> int:
        return self.total - self.settlement_balance

    @property
    def carry_difference(self) -> int | None:
        return None if self.next_opening is None else self.next_opening - self.total

    @property
    def agrees(self) -> bool:
        return self.settlement_difference == 0 and not self.carry_difference


@dataclass(frozen=True)
class PropertyInventory:
    title: str
    society: str
    as_of: dt.date
    accounts: tuple[AccountInventory, ...]

    @property
    def total(self) -> int:
        return sum(a.total for a in self.accounts)


# -- the activity report ------------------------------------------------------------------------
@dataclass(frozen=True)
class ReportTable:
    """A plain table of a report section; int cells print as amounts (△ for negatives).

    The last ``total_rows`` rows print in bold under a rule (合計).
    """

    columns: tuple[str, ...]
    rows: tuple[tuple[str | int | None, ...], ...]
    unit: str = ""
    total_rows: int = 0
    caption: str = ""


@dataclass(frozen=True)
class BarChart:
    """Bars per category for each series (入会・退会 by month), drawn to read in black and white."""

    title: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[int, ...]], ...]
    unit: str


Block = str | ReportTable | BarChart | BenefitStatsTable


@dataclass(frozen=True)
class ActivitySection:
    """One numbered section of the 事業報告; ``blocks`` print in order (a str is a paragraph)."""

    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ActivityReport:
    title: str
    society: str
    fiscal_year: int
    period: str
    sections: tuple[ActivitySection, ...]

    def section(self, key: str) -> ActivitySection:
        return next(s for s in self.sections if s.key == key)


# -- the meeting packet -------------------------------------------------------------------------
@dataclass(frozen=True)
class AgendaLine:
    number: str
    title: str


@dataclass(frozen=True)
class OfficerLine:
    role: str
    organisation: str
    name: str


@dataclass(frozen=True)
class MeetingPacket:
    """Everything the 総会資料 prints, in order."""

    society: str
    fiscal_year: int
    year_label: str
    next_year_label: str
    meeting_title: str
    meeting_date: dt.date | None
    start_time: str
    venue: str
    venue_address: str
    agenda: tuple[AgendaLine, ...]
    activity: ActivityReport
    settlements: tuple[AccountsTable, ...]
    inventory: PropertyInventory
    audit_date: dt.date | None
    audit_opinion: str
    auditors: tuple[str, ...]
    plan_text: str
    budgets: tuple[AccountsTable, ...]
    officers: tuple[OfficerLine, ...]
    officers_as_of: dt.date
    officer_terms: tuple[tuple[dt.date, dt.date | None], ...]
    representative: str
