"""Periods of a partner's year: months and halves (上期・下期), what a report adds up.

A partner keeps its own fiscal year (the labour bank April–March, the co-op insurers
June–May); its year ``N`` starts on the 1st of its start month in ``N``. A result is entered
for one month or one half of that year, and stored as the first day of the period and its
number of months. Months are numbered 1–12 within the partner's year.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_era_year, parse_date

HALF = 6
#: The periods a report covers: the first half, or the whole year.
REPORT_PERIODS: dict[str, str] = {"H1": "上期", "year": "年間"}
_FIRST_HALF = ("上期", "上半期", "前期", "前半期", "上", "H1", "1H")
_SECOND_HALF = ("下期", "下半期", "後期", "後半期", "下", "H2", "2H")
_MONTH_ONLY = re.compile(r"^(\d{1,2})月(?:分|実績)?$")
_YEAR_MONTH = re.compile(r"^(\d{4})[年./-](\d{1,2})月?(?:分|実績)?$")
_BRACKETED = re.compile(r"\(.*\)$")
_ERA_MONTH = re.compile(r"^(.+?)[年./-](\d{1,2})月?(?:分|実績)?$")


@dataclass(frozen=True, order=True)
class Period:
    """Months ``first`` … ``first + months - 1`` (1–12) of a partner's year."""

    first: int
    months: int

    def __post_init__(self) -> None:
        if self.months not in (1, HALF):
            raise ValueError("a period is one month or one half year")
        if self.months == HALF and self.first not in (1, HALF + 1):
            raise ValueError("a half year starts at month 1 or 7")
        if not 1 <= self.first <= 12:
            raise ValueError("months of a year are 1 to 12")

    @property
    def last(self) -> int:
        return self.first + self.months - 1

    @property
    def is_half(self) -> bool:
        return self.months == HALF

    def covers(self, month: int) -> bool:
        return self.first <= month <= self.last

    def overlaps(self, other: Period) -> bool:
        return self.first <= other.last and other.first <= self.last


FIRST_HALF = Period(1, HALF)
SECOND_HALF = Period(HALF + 1, HALF)


def month_period(month: int) -> Period:
    return Period(month, 1)


def report_months(period_key: str) -> int:
    """How many months of the year a report period covers (上期 6, 年間 12)."""
    if period_key not in REPORT_PERIODS:
        raise ValidationError("期間は 上期（H1）か 年間（year）です。", "期間")
    return HALF if period_key == "H1" else 12


@dataclass(frozen=True)
class PartnerYear:
    """Year ``fiscal_year`` of a partner whose year starts in ``start_month``."""

    fiscal_year: int
    start_month: int

    @property
    def calendar(self) -> FiscalCalendar:
        return FiscalCalendar(self.start_month)

    @property
    def first_day(self) -> dt.date:
        return self.calendar.first_day(self.fiscal_year)

    @property
    def last_day(self) -> dt.date:
        return self.calendar.last_day(self.fiscal_year)

    def month_start(self, month: int) -> dt.date:
        """The 1st of month ``month`` (1–12) of this year."""
        year, calendar_month = self.calendar.months(self.fiscal_year)[month - 1]
        return dt.date(year, calendar_month, 1)

    def end_of_month(self, month: int) -> dt.date:
        """The last day of month ``month`` (1–12) of this year."""
        return self.end_of(month_period(month))

    def start_of(self, period: Period) -> dt.date:
        return self.month_start(period.first)

    def end_of(self, period: Period) -> dt.date:
        """The last day of ``period``."""
        following = period.last + 1
        if following > 12:
            return self.last_day
        return self.month_start(following) - dt.timedelta(days=1)

    def month_of(self, day: dt.date) -> int | None:
        """The month number (1–12) of ``day`` in this year, or None when outside it."""
        if not self.first_day <= day <= self.last_day:
            return None
        return (day.year * 12 + day.month - (self.first_day.year * 12 + self.first_day.month)) + 1

    def period_at(self, start: dt.date, months: int) -> Period | None:
        """The period stored as (first day, months), or None when it is not one of this year."""
        month = self.month_of(start)
        if month is None or start.day != 1:
            return None
        try:
            return Period(month, months)
        except ValueError:
            return None

    def label(self) -> str:
        """``2025年度（令和7年4月〜令和8年3月）``."""
        return f"{self.fiscal_year}年度（{self.span(self.first_day, self.last_day)}）"

    @staticmethod
    def span(first: dt.date, last: dt.date) -> str:
        return f"{format_era_year(first)}{first.month}月〜{format_era_year(last)}{last.month}月"

    def period_label(self, period: Period) -> str:
        """``上期（令和7年4月〜令和7年9月）`` or ``令和7年9月``."""
        first, last = self.start_of(period), self.end_of(period)
        if period.is_half:
            name = "上期" if period.first == 1 else "下期"
            return f"{name}（{self.span(first, last)}）"
        return f"{format_era_year(first)}{first.month}月"

    def periods(self) -> list[Period]:
        """What a result can be entered for: 上期, 下期, then the twelve months."""
        return [FIRST_HALF, SECOND_HALF, *(month_period(m) for m in range(1, 13))]

    def report_span(self, period_key: str) -> tuple[dt.date, dt.date]:
        """First and last day a report period covers."""
        if report_months(period_key) == HALF:
            return self.first_day, self.end_of(FIRST_HALF)
        return self.first_day, self.last_day

    def parse_period(self, text: object, field: str = "期間") -> Period:
        """A period as a partner's statement writes it: 上期・下期, ``9月``, ``2025年9月``,
        ``R7.9``, ``2025-09``, or a date of the month; it must lie in this year."""
        if isinstance(text, dt.date):
            return self._month_of_date(text, field, str(text))
        raw = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")
        # The program's own labels carry the months in brackets: 上期(令和7年4月〜令和7年9月).
        raw = _BRACKETED.sub("", raw) or raw
        if not raw:
            raise ValidationError("期間を入力してください（例: 上期、9月、R7.9）。", field)
        if raw.upper() in _FIRST_HALF:
            return FIRST_HALF
        if raw.upper() in _SECOND_HALF:
            return SECOND_HALF
        if match := _MONTH_ONLY.match(raw):
            calendar_month = int(match[1])
            if not 1 <= calendar_month <= 12:
                raise ValidationError(f"「{raw}」の月は1〜12です。", field)
            start = next(
                dt.date(y, m, 1)
                for y, m in self.calendar.months(self.fiscal_year)
                if m == calendar_month
            )
            return month_period(self._month_of_date(start, field, raw).first)
        return self._month_of_date(self._year_month(raw, field), field, raw)

    def _year_month(self, raw: str, field: str) -> dt.date:
        if match := _YEAR_MONTH.match(raw):
            year, month = int(match[1]), int(match[2])
            if not 1 <= month <= 12:
                raise ValidationError(f"「{raw}」の月は1〜12です。", field)
            return dt.date(year, month, 1)
        if match := _ERA_MONTH.match(raw):
            # An era year and month (R7.9, 令和7年9月): read as the 1st of that month.
            try:
                return parse_date(f"{match[1]}.{match[2]}.1", field)
            except ValidationError:
                pass
        try:
            return parse_date(raw, field)
        except ValidationError:
            raise ValidationError(
                f"「{raw}」は期間として読めません（上期・下期、9月、R7.9、2025年9月のように）。",
                field,
            ) from None

    def _month_of_date(self, day: dt.date, field: str, shown: str) -> Period:
        month = self.month_of(day)
        if month is None:
            raise ValidationError(f"「{shown}」はこの推進先の{self.label()}の外です。", field)
        return month_period(month)
