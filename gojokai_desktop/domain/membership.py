"""Membership dates and numbers: when a membership starts and ends, months charged, member numbers.

Membership starts on the 1st of the month after the cut-off (締め日) and ends on the last day of
the month in which the 退会届 arrives; dues are never pro-rated, so every month touched counts.
"""

from __future__ import annotations

import calendar
import re
import string
from datetime import date
from functools import lru_cache

from gojokai_desktop.domain.errors import ValidationError

DEFAULT_NUMBER_PATTERN = "{establishment:04d}-{person:03d}"
NUMBER_PLACEHOLDERS = ("establishment", "person", "serial")
_NUMBER_FIELD = "会員番号の形式"
_SPEC_RE = re.compile(r"(?:0(?P<width>[1-9][0-9]?))?d")


def _first_of_month_after(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def join_effective_date(received: date, cutoff_day: int) -> date:
    """The day membership starts for an application received on ``received``.

    Received on or before the cut-off day of its month → the 1st of the next month; after it →
    the 1st of the month after next. A cut-off past the month's last day (31, or 30 in
    February) means the end of that month.
    """
    if isinstance(cutoff_day, bool) or not 1 <= cutoff_day <= 31:
        raise ValidationError(
            f"締め日「{cutoff_day}」は1〜31で指定してください（31は月末）", "締め日"
        )
    last = calendar.monthrange(received.year, received.month)[1]
    on_time = received.day <= min(cutoff_day, last)
    return _first_of_month_after(received, 1 if on_time else 2)


def leave_effective_date(received: date) -> date:
    """The last day of the month in which the 退会届 arrived."""
    return received.replace(day=calendar.monthrange(received.year, received.month)[1])


def months_charged(start: date, end: date) -> int:
    """Months touched from ``start`` to ``end`` inclusive; a partial month is a full month."""
    if end < start:
        raise ValidationError(
            f"終了日（{end.isoformat()}）が開始日（{start.isoformat()}）より前です", "期間"
        )
    return (end.year - start.year) * 12 + end.month - start.month + 1


@lru_cache(maxsize=32)
def _parsed_pattern(pattern: str) -> tuple[tuple[str, int | None], ...]:
    """The placeholders of ``pattern`` with their digit widths; refuses anything else.
    (Kept per pattern: an import or the demo numbers tens of thousands of members.)"""
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError:
        raise ValidationError(
            f"「{pattern}」は {{ と }} の対応が取れていません（例: {DEFAULT_NUMBER_PATTERN}）",
            _NUMBER_FIELD,
        ) from None
    fields: list[tuple[str, int | None]] = []
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in NUMBER_PLACEHOLDERS:
            allowed = "、".join(f"{{{p}}}" for p in NUMBER_PLACEHOLDERS)
            raise ValidationError(
                f"「{{{name}}}」は使えません（使えるのは {allowed}）", _NUMBER_FIELD
            )
        match = _SPEC_RE.fullmatch(spec or "d")
        if conversion is not None or match is None:
            typed = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise ValidationError(
                f"「{{{typed}}}」の書式が違います（桁数だけ指定できます。例: {{{name}:04d}}）",
                _NUMBER_FIELD,
            )
        width = match["width"]
        fields.append((name, int(width) if width else None))
    return tuple(fields)


def validate_number_pattern(pattern: str) -> str:
    """Return ``pattern`` if it is a usable member-number format, else raise.

    Allowed placeholders: ``{establishment}``, ``{person}``, ``{serial}``, each with an optional
    zero-padded width (``{person:03d}``). The format must contain ``{person}`` or ``{serial}``,
    or every member of an establishment would get the same number.
    """
    names = {name for name, _width in _parsed_pattern(pattern)}
    if not names & {"person", "serial"}:
        raise ValidationError(
            f"「{pattern}」には {{person}} か {{serial}} が必要です"
            f"（例: {DEFAULT_NUMBER_PATTERN}）",
            _NUMBER_FIELD,
        )
    return pattern


def number_placeholders(pattern: str) -> frozenset[str]:
    """The placeholders ``pattern`` uses (``{"establishment", "person"}`` for the default)."""
    return frozenset(name for name, _width in _parsed_pattern(validate_number_pattern(pattern)))


def format_member_number(
    pattern: str = DEFAULT_NUMBER_PATTERN, *, establishment_no: int, person_no: int, serial: int
) -> str:
    """Fill the member-number format: ``"{establishment:04d}-{person:03d}"`` → ``0012-034``.

    A number that does not fit its width (establishment 12345 in ``:04d``) is refused, so that
    every number of the society keeps one length.
    """
    validate_number_pattern(pattern)
    values = {"establishment": establishment_no, "person": person_no, "serial": serial}
    labels = {"establishment": "事業所番号", "person": "事業所内の会員番号", "serial": "通し番号"}
    for name, width in _parsed_pattern(pattern):
        value = values[name]
        if value < 0:
            raise ValidationError(f"{labels[name]}「{value}」は0以上にしてください", labels[name])
        if width is not None and len(str(value)) > width:
            raise ValidationError(
                f"{labels[name]}「{value}」は会員番号の形式の{width}桁に収まりません", labels[name]
            )
    return pattern.format(**values)
