"""Japanese public holidays (国民の祝日・振替休日・国民の休日) and bank business days.

Computed from the Holidays Act (祝日法) as amended, for 1980–2099 (the equinox formulas
hold for that range), so the program needs no network and no yearly update. The
equinox days are fixed each February by the Cabinet; the standard formula has matched
every announcement so far. Banks are also closed on 12/31 – 1/3.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

FIRST_YEAR = 1980
LAST_YEAR = 2099

_MONDAY = 0
_SUNDAY = 6

# One-off holidays of the imperial calendar.
_SPECIAL = {
    dt.date(1989, 2, 24): "昭和天皇の大喪の礼",
    dt.date(1990, 11, 12): "即位礼正殿の儀",
    dt.date(1993, 6, 9): "皇太子徳仁親王の結婚の儀",
    dt.date(2019, 5, 1): "天皇の即位の日",
    dt.date(2019, 10, 22): "即位礼正殿の儀",
}

# The Olympic years moved three holidays by special law.
_OLYMPIC_MOVES = {
    2020: {"海の日": (7, 23), "スポーツの日": (7, 24), "山の日": (8, 10)},
    2021: {"海の日": (7, 22), "スポーツの日": (7, 23), "山の日": (8, 8)},
}


def _nth_monday(year: int, month: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    offset = (_MONDAY - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def _equinox_day(year: int, base: float) -> int:
    years = year - 1980
    return int(base + 0.242194 * years - years // 4)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{year}年の祝日は計算できません（{FIRST_YEAR}〜{LAST_YEAR}年）")


def _moving_holidays(year: int) -> dict[dt.date, str]:
    days: dict[dt.date, str] = {}
    days[_nth_monday(year, 1, 2) if year >= 2000 else dt.date(year, 1, 15)] = "成人の日"
    moves = _OLYMPIC_MOVES.get(year, {})
    if year >= 1996:
        if "海の日" in moves:
            days[dt.date(year, *moves["海の日"])] = "海の日"
        else:
            days[_nth_monday(year, 7, 3) if year >= 2003 else dt.date(year, 7, 20)] = "海の日"
    if year >= 2016:
        days[dt.date(year, *moves.get("山の日", (8, 11)))] = "山の日"
    days[_nth_monday(year, 9, 3) if year >= 2003 else dt.date(year, 9, 15)] = "敬老の日"
    if "スポーツの日" in moves:
        days[dt.date(year, *moves["スポーツの日"])] = "スポーツの日"
    elif year >= 2000:
        days[_nth_monday(year, 10, 2)] = "スポーツの日" if year >= 2020 else "体育の日"
    else:
        days[dt.date(year, 10, 10)] = "体育の日"
    return days


def _national_holidays(year: int) -> dict[dt.date, str]:
    """The 国民の祝日 themselves (before substitute and in-between days)."""
    days = {
        dt.date(year, 1, 1): "元日",
        dt.date(year, 2, 11): "建国記念の日",
        dt.date(year, 3, _equinox_day(year, 20.8431)): "春分の日",
        dt.date(year, 5, 3): "憲法記念日",
        dt.date(year, 5, 5): "こどもの日",
        dt.date(year, 9, _equinox_day(year, 23.2488)): "秋分の日",
        dt.date(year, 11, 3): "文化の日",
        dt.date(year, 11, 23): "勤労感謝の日",
    }
    if year <= 1988:
        days[dt.date(year, 4, 29)] = "天皇誕生日"
    elif year <= 2006:
        days[dt.date(year, 4, 29)] = "みどりの日"
    else:
        days[dt.date(year, 4, 29)] = "昭和の日"
        days[dt.date(year, 5, 4)] = "みどりの日"
    if 1989 <= year <= 2018:
        days[dt.date(year, 12, 23)] = "天皇誕生日"
    elif year >= 2020:
        days[dt.date(year, 2, 23)] = "天皇誕生日"
    days.update(_moving_holidays(year))
    days.update({d: name for d, name in _SPECIAL.items() if d.year == year})
    return days


@cache
def holidays_of_year(year: int) -> dict[dt.date, str]:
    """Every public holiday of ``year`` with its name, including 振替休日 and 国民の休日."""
    _check_year(year)
    named = _national_holidays(year)
    days = dict(named)
    for day in sorted(named):
        if day.weekday() != _SUNDAY:
            continue
        substitute = day + dt.timedelta(days=1)
        if year >= 2007:
            # Since 2007 the substitute is the next day that is not itself a holiday.
            while substitute in named:
                substitute += dt.timedelta(days=1)
        if substitute not in days and substitute.year == year:
            days[substitute] = "振替休日"
    for day in sorted(named):
        between = day + dt.timedelta(days=1)
        after = day + dt.timedelta(days=2)
        if (
            between not in days
            and after in named
            and between.weekday() != _SUNDAY
            and between.year == year
        ):
            days[between] = "国民の休日"
    return dict(sorted(days.items()))


def holiday_name(day: dt.date) -> str | None:
    """The holiday's name, or None on an ordinary day."""
    return holidays_of_year(day.year).get(day)


def is_bank_holiday(day: dt.date) -> bool:
    """Banks are closed on weekends, public holidays and 12/31 – 1/3."""
    if day.weekday() >= 5:
        return True
    if (day.month, day.day) in ((12, 31), (1, 1), (1, 2), (1, 3)):
        return True
    return day in holidays_of_year(day.year)


def is_business_day(day: dt.date) -> bool:
    return not is_bank_holiday(day)


def next_business_day(day: dt.date) -> dt.date:
    """``day`` itself when banks are open, else the next day they are (debit dates move on)."""
    while is_bank_holiday(day):
        day += dt.timedelta(days=1)
    return day


def previous_business_day(day: dt.date) -> dt.date:
    """``day`` or the last open day before it (for payment dates that must not be late)."""
    while is_bank_holiday(day):
        day -= dt.timedelta(days=1)
    return day
