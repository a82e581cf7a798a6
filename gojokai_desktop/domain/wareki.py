"""Japanese era dates (和暦): the one place that reads and writes 令和7年4月1日 and R7.4.1.

Decisions:

* Range: :data:`MIN_DATE` (1873-01-01, the first day of the Gregorian calendar in Japan) to
  :data:`MAX_DATE` (2100-12-31). Anything outside is refused with a message.
* Era boundaries are strict. An era date past the end of its era is refused, not silently
  converted: ``H31.5.1`` gets "平成は31年4月30日までです（平成31年5月1日は令和元年5月1日です）".
  A clerk who types H31.5.1 has usually copied an old form, and the books must carry the date
  the document really names; the message tells them the right way to write it. Likewise a
  date before its era began (``R1.4.30``) is refused with the date written in the era in force.
* Impossible days are refused with the month's length (``R7.2.29`` → 令和7年2月は28日まで).
* A trailing weekday ``(火)``, ``（火曜）``, ``(火曜日)`` is checked, not trusted: a wrong
  weekday is refused, because it usually means the day or the month was mistyped.
* Input is NFKC-normalised first, so full-width digits and letters, ``㋿`` and ``㍻`` work;
  spaces anywhere are ignored; ``ー``, ``−`` and other dashes count as ``-``.
* Western two-digit years (``25/4/1``) are refused as ambiguous.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from gojokai_desktop.domain.errors import ValidationError


@dataclass(frozen=True)
class Era:
    """A Japanese era: its name (令和), its letter (R) and its first day."""

    name: str
    letter: str
    start: date


ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 1, 25)),
    Era("大正", "T", date(1912, 7, 30)),
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)
MIN_DATE = date(1873, 1, 1)
MAX_DATE = date(2100, 12, 31)
WEEKDAYS = "月火水木金土日"

_EXAMPLES = "例: R7.4.1、令和7年4月1日、2025-04-01"
_DASHES = str.maketrans(dict.fromkeys("ー−‐‑–—―ｰ", "-"))
#: 令和, 令 and R all name the same era.
_ERA_KEYS: dict[str, Era] = {
    key: era for era in ERAS for key in (era.name, era.name[0], era.letter)
}
_ERA_ALTERNATION = "|".join(sorted(_ERA_KEYS, key=len, reverse=True))
_SEP_YEAR = r"(?:年|[./-])"
_SEP_MONTH = r"(?:月|[./-])"
_ERA_RE = re.compile(
    rf"(?P<era>{_ERA_ALTERNATION})(?P<year>元|\d{{1,3}}){_SEP_YEAR}"
    rf"(?P<month>\d{{1,2}}){_SEP_MONTH}(?P<day>\d{{1,2}})日?"
)
_WESTERN_RE = re.compile(
    rf"(?P<year>\d{{4}}){_SEP_YEAR}(?P<month>\d{{1,2}}){_SEP_MONTH}(?P<day>\d{{1,2}})日?"
)
_COMPACT_RE = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})(?P<day>\d{2})")
_SHORT_YEAR_RE = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{1,2}")
_WEEKDAY_RE = re.compile(rf"\((?P<weekday>[{WEEKDAYS}])(?:曜日?)?\)$")


def era_by_name(key: str) -> Era:
    """The era for ``令和``, ``令`` or ``R`` (case-insensitive, full-width accepted)."""
    era = _ERA_KEYS.get(unicodedata.normalize("NFKC", key).strip().upper())
    if era is None:
        names = "、".join(f"{e.name}({e.letter})" for e in ERAS)
        raise ValidationError(f"「{key}」という元号はありません（{names}）", "元号")
    return era


def era_end(era: Era) -> date | None:
    """The last day of ``era``; ``None`` for the era in force."""
    index = ERAS.index(era)
    if index + 1 == len(ERAS):
        return None
    return ERAS[index + 1].start - timedelta(days=1)


def _check_range(d: date, field: str) -> None:
    if not MIN_DATE <= d <= MAX_DATE:
        raise ValidationError(
            f"{d.year}年{d.month}月{d.day}日は扱える範囲の外です"
            f"（{MIN_DATE.year}年{MIN_DATE.month}月{MIN_DATE.day}日から"
            f"{MAX_DATE.year}年{MAX_DATE.month}月{MAX_DATE.day}日まで）",
            field,
        )


def era_of(d: date) -> tuple[Era, int]:
    """The era in force on ``d`` and the year number within it (1 for 元年)."""
    _check_range(d, "日付")
    era = next(e for e in reversed(ERAS) if e.start <= d)
    return era, d.year - era.start.year + 1


def _year_text(year: int) -> str:
    return "元" if year == 1 else str(year)


def format_era_year(d: date) -> str:
    """``令和7年``; the first year is ``令和元年``."""
    era, year = era_of(d)
    return f"{era.name}{_year_text(year)}年"


def format_wareki(d: date, *, weekday: bool = False) -> str:
    """``令和7年4月1日``; with ``weekday`` ``令和7年4月1日(火)``; year 1 is ``元年``."""
    text = f"{format_era_year(d)}{d.month}月{d.day}日"
    return f"{text}({WEEKDAYS[d.weekday()]})" if weekday else text


def format_wareki_short(d: date) -> str:
    """``R7.4.1`` (year 1 is ``R1``)."""
    era, year = era_of(d)
    return f"{era.letter}{year}.{d.month}.{d.day}"


def blank_wareki(era_name: str = "令和") -> str:
    """A date line to fill in by hand on a blank form: ``令和　　年　　月　　日``."""
    return f"{era_name}　　年　　月　　日"


def _era_text(era: Era, year: int, month: int, day: int) -> str:
    return f"{era.name}{_year_text(year)}年{month}月{day}日"


def _checked_date(
    year: int, month: int, day: int, *, month_label: str, text: str, field: str
) -> date:
    """Build the date or say why it does not exist; ``month_label`` is e.g. ``令和7年2月``."""
    if not 1 <= month <= 12:
        raise ValidationError(f"「{text}」の月が違います（1〜12月で入力してください）", field)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationError(
            f"「{text}」は存在しない日付です（{month_label}は{last}日まで）", field
        )
    return date(year, month, day)


def _rewrite_hint(typed: str, d: date) -> str:
    """How to write ``d`` in the era really in force, when it is in range at all."""
    return f"（{typed}は{format_wareki(d)}です）" if MIN_DATE <= d <= MAX_DATE else ""


def _parse_era(match: re.Match[str], text: str, field: str) -> date:
    era = _ERA_KEYS[match["era"]]
    year = 1 if match["year"] == "元" else int(match["year"])
    month, day = int(match["month"]), int(match["day"])
    if year == 0:
        raise ValidationError(
            f"「{text}」: {era.name}0年はありません（最初の年は{era.name}元年です）", field
        )
    d = _checked_date(
        era.start.year + year - 1,
        month,
        day,
        month_label=f"{era.name}{_year_text(year)}年{month}月",
        text=text,
        field=field,
    )
    typed = _era_text(era, year, month, day)
    end = era_end(era)
    if end is not None and d > end:
        end_year = end.year - era.start.year + 1
        raise ValidationError(
            f"{era.name}は{end_year}年{end.month}月{end.day}日までです{_rewrite_hint(typed, d)}",
            field,
        )
    if d < era.start:
        first = f"元年{era.start.month}月{era.start.day}日"
        raise ValidationError(
            f"{era.name}は{first}からです{_rewrite_hint(typed, d)}",
            field,
        )
    _check_range(d, field)
    return d


def _parse_western(match: re.Match[str], text: str, field: str) -> date:
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not MIN_DATE.year <= year <= MAX_DATE.year:
        raise ValidationError(
            f"「{text}」は扱える範囲の外です（{MIN_DATE.year}年から{MAX_DATE.year}年まで）", field
        )
    d = _checked_date(year, month, day, month_label=f"{year}年{month}月", text=text, field=field)
    _check_range(d, field)
    return d


def parse_date(text: str, field: str = "日付") -> date:
    """Read a date in any form clerks type (see the module docstring for what is refused)."""
    shown = text.strip()
    normalized = "".join(unicodedata.normalize("NFKC", text).translate(_DASHES).split()).upper()
    if not normalized:
        raise ValidationError(f"{field}を入力してください（{_EXAMPLES}）", field)
    weekday_match = _WEEKDAY_RE.search(normalized)
    if weekday_match is not None:
        normalized = normalized[: weekday_match.start()]
    if match := _ERA_RE.fullmatch(normalized):
        d = _parse_era(match, shown, field)
    elif match := _WESTERN_RE.fullmatch(normalized) or _COMPACT_RE.fullmatch(normalized):
        d = _parse_western(match, shown, field)
    elif _SHORT_YEAR_RE.fullmatch(normalized):
        raise ValidationError(
            f"「{shown}」は年がわかりません（西暦は4桁、和暦は元号を付けてください。{_EXAMPLES}）",
            field,
        )
    else:
        raise ValidationError(f"「{shown}」は日付として読めません（{_EXAMPLES}）", field)
    if weekday_match is not None:
        typed, actual = weekday_match["weekday"], WEEKDAYS[d.weekday()]
        if typed != actual:
            raise ValidationError(
                f"{format_wareki(d)}は{actual}曜日です（{typed}曜日と入力されています）", field
            )
    return d


_MONTH_EXAMPLES = "例: R7.4、令和7年4月、7.4、2025/4、2025-04"
_ERA_MONTH_RE = re.compile(
    rf"(?P<era>{_ERA_ALTERNATION})?(?P<year>元|\d{{1,2}}){_SEP_YEAR}(?P<month>\d{{1,2}})月?(?:分)?"
)
_WESTERN_MONTH_RE = re.compile(rf"(?P<year>\d{{4}}){_SEP_YEAR}(?P<month>\d{{1,2}})月?(?:分)?")
_COMPACT_MONTH_RE = re.compile(r"(?P<year>\d{4})(?P<month>\d{2})")


def format_wareki_month(d: date) -> str:
    """``令和7年4月`` (the month of ``d``)."""
    return f"{format_era_year(d)}{d.month}月"


def _month_in_era(era: Era, year: int, month: int, shown: str, field: str) -> date:
    if year == 0:
        raise ValidationError(
            f"「{shown}」: {era.name}0年はありません（最初の年は{era.name}元年です）", field
        )
    if not 1 <= month <= 12:
        raise ValidationError(f"「{shown}」の月が違います（1〜12月で入力してください）", field)
    first = date(era.start.year + year - 1, month, 1)
    end = era_end(era)
    typed = f"{era.name}{_year_text(year)}年{month}月"
    if end is not None and first > end:
        end_year = end.year - era.start.year + 1
        in_force = format_wareki_month(first) if MIN_DATE <= first <= MAX_DATE else ""
        hint = f"（{typed}は{in_force}です）" if in_force else ""
        raise ValidationError(f"{era.name}は{end_year}年{end.month}月までです{hint}", field)
    if (first.year, first.month) < (era.start.year, era.start.month):
        raise ValidationError(f"{era.name}は元年{era.start.month}月からです", field)
    return first


def parse_month(text: str, field: str = "年月") -> date:
    """Read a month (the 1st of it) in any form clerks type.

    ``R7.4``, ``令和7年4月``, ``令7.4``, ``2025/4``, ``2025-04``, ``2025年4月``, ``202504``, a
    whole date (``R7.4.1``: its month), and ``7.4`` — a year without an era is read in the
    era in force today (令和), as clerks say 「7年4月分」.
    """
    shown = text.strip()
    normalized = "".join(unicodedata.normalize("NFKC", text).translate(_DASHES).split()).upper()
    if not normalized:
        raise ValidationError(f"{field}を入力してください（{_MONTH_EXAMPLES}）", field)
    if match := _WESTERN_MONTH_RE.fullmatch(normalized) or _COMPACT_MONTH_RE.fullmatch(normalized):
        year, month = int(match["year"]), int(match["month"])
        if not 1 <= month <= 12:
            raise ValidationError(f"「{shown}」の月が違います（1〜12月で入力してください）", field)
        if not MIN_DATE.year <= year <= MAX_DATE.year:
            raise ValidationError(
                f"「{shown}」は扱える範囲の外です（{MIN_DATE.year}年から{MAX_DATE.year}年まで）",
                field,
            )
        return date(year, month, 1)
    if match := _ERA_MONTH_RE.fullmatch(normalized):
        era = _ERA_KEYS[match["era"]] if match["era"] else ERAS[-1]
        year = 1 if match["year"] == "元" else int(match["year"])
        return _month_in_era(era, year, int(match["month"]), shown, field)
    try:
        return parse_date(text, field).replace(day=1)
    except ValidationError:
        raise ValidationError(
            f"「{shown}」は年月として読めません（{_MONTH_EXAMPLES}）", field
        ) from None


def local_time(at: datetime) -> datetime:
    """A stored time (naive UTC, as ``utcnow`` writes it) in the computer's own time zone."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone().replace(tzinfo=None)


def format_local_time(at: datetime) -> str:
    """A stored UTC time as the clerk reads it: ``R7.6.15 14:05`` in local time."""
    local = local_time(at)
    return f"{format_wareki_short(local.date())} {local:%H:%M}"
