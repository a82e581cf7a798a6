"""Achievement rates (達成率・前年比) and grades (○△×), computed from integers only.

A rate is ``numerator / denominator`` in percent, rounded once, from the integers themselves
and never from a rounded figure, the way each partner's tables do it, a setting per report:
half-up to one decimal (こくみん共済 coop, 002: 746/1,150 = 64.869… → 64.9%), truncated to one
(the labour bank, 001: 951/850 = 111.88… → 111.8%) or truncated to two (自治労共済, 003:
968,155/2,314,044 = 41.838… → 41.83%). A zero or missing denominator has no rate: the report
prints ``-----`` instead of an error or infinity.
"""

from __future__ import annotations

from dataclasses import dataclass

from gojokai_desktop.domain.errors import ValidationError

NOT_APPLICABLE = "-----"
#: How a report rounds its rates, with the words the settings show.
ROUNDINGS: dict[str, str] = {
    "half_up_1": "小数第1位まで（四捨五入）",
    "trunc_1": "小数第1位まで（切り捨て）",
    "half_up_2": "小数第2位まで（四捨五入）",
    "trunc_2": "小数第2位まで（切り捨て）",
}
GRADE_BOTH = "○"
GRADE_ONE = "△"
GRADE_NEITHER = "×"


def check_rounding(rounding: str) -> str:
    """``rounding`` if it is one of :data:`ROUNDINGS`, else a ValidationError."""
    if rounding not in ROUNDINGS:
        names = "、".join(ROUNDINGS.values())
        raise ValidationError(f"達成率の丸め方は {names} のどれかです。", "達成率の丸め")
    return rounding


@dataclass(frozen=True, order=True)
class Rate:
    """A percentage held as an integer number of its last decimal (57.7% = 577 with 1)."""

    scaled: int
    decimals: int

    def __str__(self) -> str:
        unit = 10**self.decimals
        whole, part = divmod(self.scaled, unit)
        return f"{whole:,}.{part:0{self.decimals}d}%"

    @property
    def percent_text(self) -> str:
        """The number without the % sign (for a workbook cell formatted as text)."""
        return str(self)[:-1]


def rate(numerator: int, denominator: int | None, rounding: str) -> Rate | None:
    """``numerator`` as a percentage of ``denominator``; None when there is nothing to divide by.

    >>> str(rate(746, 1_150, "half_up_1")), str(rate(951, 850, "trunc_1"))
    ('64.9%', '111.8%')
    """
    check_rounding(rounding)
    for value in (numerator, denominator):
        if isinstance(value, bool) or not isinstance(value, int | None):
            raise TypeError("rates are computed from int figures only")
    if denominator is None or denominator <= 0:
        return None
    if numerator < 0:
        raise ValueError("a promotion figure is never negative")
    decimals = int(rounding[-1])
    scale = 100 * 10**decimals
    if rounding.startswith("half_up"):
        scaled = (2 * numerator * scale + denominator) // (2 * denominator)
    else:
        scaled = numerator * scale // denominator
    return Rate(scaled, decimals)


def format_rate(value: Rate | None) -> str:
    """``57.7%``, or ``-----`` where there is no rate."""
    return NOT_APPLICABLE if value is None else str(value)


def target_reached(result: int, target: int | None, elapsed_months: int) -> bool | None:
    """Whether ``result`` reaches the target for the months gone (None: no target to reach).

    Part-way through the year the yearly target counts pro rata (上期: half of it), as the
    partners grade their half-year tables (003: 新契約 51.59% of the year after six months is
    達成ペース); the comparison is done on integers, ``result × 12 ≥ target × months``.
    """
    if target is None or target <= 0:
        return None
    return result * 12 >= target * elapsed_months


def last_year_reached(result: int, last_year: int | None) -> bool | None:
    """Whether ``result`` is at least last year's (None: nothing to compare with).

    Nothing against nothing is no progress: 0 against 0 is not reached (003 grades it ×).
    """
    if last_year is None:
        return None
    return result > 0 and result >= last_year


def grade(result: int, target: int | None, last_year: int | None, elapsed_months: int) -> str:
    """○ target and last year both reached, △ one of the two, × neither; ``-----`` when the
    target is zero or missing or there is no figure of last year to compare with."""
    on_target = target_reached(result, target, elapsed_months)
    on_last = last_year_reached(result, last_year)
    if on_target is None or on_last is None:
        return NOT_APPLICABLE
    if on_target and on_last:
        return GRADE_BOTH
    return GRADE_ONE if on_target or on_last else GRADE_NEITHER
