"""Fiscal years (年度): which year a date falls in, its first and last day, months and labels.

A fiscal year is the ``int`` of the calendar year it starts in: with the usual April start,
2025 is 2025-04-01 … 2026-03-31, labelled 令和7年度.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.wareki import ERAS, Era, era_by_name, era_of

#: How a fiscal year is labelled when a new era begins during it.
#: ``"start"``: by the era of its first day (FY2019 = 平成31年度, the rule in DOMAIN.md §10).
#: ``"reiwa_gannen"``: by an era that begins later in the fiscal year's first calendar year
#: (FY2019 = 令和元年度), for societies that say so.
ERA_RULES = ("start", "reiwa_gannen")


@dataclass(frozen=True)
class FiscalCalendar:
    """A society's fiscal year, starting on the 1st of ``start_month`` (April by default)."""

    start_month: int = 4

    def __post_init__(self) -> None:
        if isinstance(self.start_month, bool) or not 1 <= self.start_month <= 12:
            raise ValidationError(
                f"年度の開始月「{self.start_month}」は1〜12で指定してください", "年度開始月"
            )

    def year_of(self, d: date) -> int:
        """The fiscal year ``d`` falls in (the calendar year in which that year starts)."""
        return d.year if d.month >= self.start_month else d.year - 1

    def first_day(self, fy: int) -> date:
        """The first day of fiscal year ``fy`` (2025 → 2025-04-01)."""
        return date(fy, self.start_month, 1)

    def last_day(self, fy: int) -> date:
        """The last day of fiscal year ``fy`` (2025 → 2026-03-31)."""
        return self.first_day(fy + 1) - timedelta(days=1)

    def contains(self, fy: int, d: date) -> bool:
        """Whether ``d`` lies in fiscal year ``fy``."""
        return self.year_of(d) == fy

    def months(self, fy: int) -> list[tuple[int, int]]:
        """The 12 ``(year, month)`` pairs of fiscal year ``fy``, in order."""
        first = self.start_month - 1
        return [(fy + (first + i) // 12, (first + i) % 12 + 1) for i in range(12)]

    def _label_era(self, fy: int, era_rule: str) -> tuple[Era, int]:
        # Asked for every claim of a list (30,000 at a large centre), of a handful of years.
        return _label_era(self, fy, era_rule)

    def _find_label_era(self, fy: int, era_rule: str) -> tuple[Era, int]:
        if era_rule not in ERA_RULES:
            raise ValidationError(
                f"年度の元号の付け方「{era_rule}」は使えません（{'、'.join(ERA_RULES)}）",
                "年度の元号",
            )
        first = self.first_day(fy)
        era, year = era_of(first)
        if era_rule == "reiwa_gannen":
            last = self.last_day(fy)
            for later in ERAS[ERAS.index(era) + 1 :]:
                if first < later.start <= last and later.start.year == fy:
                    era, year = later, 1
        return era, year

    def label(self, fy: int, *, era_rule: str = "start") -> str:
        """``令和7年度``; FY2019 is ``平成31年度``, or ``令和元年度`` with ``"reiwa_gannen"``."""
        era, year = self._label_era(fy, era_rule)
        return f"{era.name}{'元' if year == 1 else year}年度"

    def label_short(self, fy: int, *, era_rule: str = "start") -> str:
        """``R7年度`` (year 1 is written ``R1年度``)."""
        era, year = self._label_era(fy, era_rule)
        return f"{era.letter}{year}年度"

    def prefix(self, fy: int, *, era_rule: str = "start") -> str:
        """``R7``: the era letter and year that begin claim and batch numbers (``R1``, not 元)."""
        era, year = self._label_era(fy, era_rule)
        return f"{era.letter}{year}"


@lru_cache(maxsize=1024)
def _label_era(calendar: FiscalCalendar, fy: int, era_rule: str) -> tuple[Era, int]:
    return calendar._find_label_era(fy, era_rule)


#: The usual calendar: 1 April – 31 March.
APRIL_START = FiscalCalendar()


@dataclass(frozen=True)
class FiscalLabel:
    """How a society writes its fiscal years: its calendar and its era rule (ERA_RULES).

    Every label and every number that names a year (受付番号 ``R1-0012``, 支払番号
    ``R1-支03``) goes through one of these, so FY2019 reads 令和元年度 everywhere for a society
    that says so, and 平成31年度 everywhere for the others.
    """

    calendar: FiscalCalendar = APRIL_START
    era_rule: str = "start"

    def year(self, fy: int) -> str:
        """``令和7年度``."""
        return self.calendar.label(fy, era_rule=self.era_rule)

    def short(self, fy: int) -> str:
        """``R7年度``."""
        return self.calendar.label_short(fy, era_rule=self.era_rule)

    def prefix(self, fy: int) -> str:
        """``R7`` (the start of claim and batch numbers)."""
        return self.calendar.prefix(fy, era_rule=self.era_rule)


#: The label of a society that never said otherwise (DOMAIN.md §10: the era of 1 April).
START_LABEL = FiscalLabel()


_FY_EXAMPLES = "例: 令和8年度、R8、2026"


def parse_fiscal_year(text: str, field: str = "年度") -> int:
    """A fiscal year typed as ``令和8年度``, ``R8``, ``令8``, ``2026``, ``2026年度`` or ``8``.

    A year without an era and of one or two digits is read in the era in force (令和);
    ``令和元年度`` and ``平成31年度`` are both 2019, whichever label the society uses.
    """
    shown = text.strip()
    key = "".join(unicodedata.normalize("NFKC", text).split()).upper()
    key = key.removesuffix("年度").removesuffix("度").removesuffix("年")
    if not key:
        raise ValidationError(f"{field}を入力してください（{_FY_EXAMPLES}）", field)
    if re.fullmatch(r"\d{4}", key):
        year = int(key)
        if not 1900 <= year <= 2100:
            raise ValidationError(f"「{shown}」は扱える範囲の外です（1900〜2100年度）", field)
        return year
    match = re.fullmatch(r"(?P<era>[^\d元]+)?(?P<year>元|\d{1,2})", key)
    if match is None:
        raise ValidationError(f"「{shown}」は年度として読めません（{_FY_EXAMPLES}）", field)
    try:
        era = era_by_name(match["era"]) if match["era"] else ERAS[-1]
    except ValidationError as exc:
        raise exc.with_field(field) from None
    number = 1 if match["year"] == "元" else int(match["year"])
    if number == 0:
        raise ValidationError(f"「{shown}」: {era.name}0年度はありません（元年度からです）", field)
    return era.start.year + number - 1
