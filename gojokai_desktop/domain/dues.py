"""Dues rules (会費・掛金): fee tables, cycles, joiner and leaver amounts, debit dates.

Pure functions over ints and dates. Money is int yen; every division names its rounding.
Dues are never pro-rated: a partial month is a full month (DOMAIN.md §3–4).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.holidays import next_business_day
from gojokai_desktop.domain.wareki import parse_month

#: Collection cycles and how many months one bill covers.
CYCLE_MONTHS: dict[str, int] = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
CYCLE_LABELS: dict[str, str] = {
    "monthly": "毎月",
    "quarterly": "四半期",
    "half_yearly": "半期",
    "yearly": "年1回",
}

#: Rounding of fractions of a yen: 円未満切り捨て / 四捨五入 / 切り上げ.
ROUNDINGS = ("floor", "half_up", "ceil")
ROUNDING_LABELS = {"floor": "円未満切り捨て", "half_up": "四捨五入", "ceil": "円未満切り上げ"}


def round_yen(numerator: int, denominator: int, rounding: str = "floor") -> int:
    """``numerator / denominator`` as whole yen by ``rounding`` (non-negative amounts)."""
    if rounding not in ROUNDINGS:
        raise ValidationError(
            f"端数処理「{rounding}」は使えません（{'、'.join(ROUNDINGS)}）", "端数処理"
        )
    if denominator <= 0 or numerator < 0:
        raise ValidationError("金額と割合は0以上で指定してください", "端数処理")
    if rounding == "floor":
        return numerator // denominator
    if rounding == "ceil":
        return -(-numerator // denominator)
    return (2 * numerator + denominator) // (2 * denominator)


def _non_negative(value: int, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(f"{value!r} は0以上の整数（円）で入力してください", name)


@dataclass(frozen=True)
class FlatFeeTable:
    """Flat fees of a fiscal year: entry fee, monthly dues, class amounts, employer share.

    ``classes`` maps a dues class (e.g. ``"owner"``, ``"part_time"``) to its monthly amount;
    members without a listed class pay ``monthly_dues``. ``employer_share_percent`` is the
    part the employer must bear at least (some societies: half).
    """

    entry_fee: int
    monthly_dues: int
    classes: tuple[tuple[str, int], ...] = ()
    employer_share_percent: int = 0

    def __post_init__(self) -> None:
        _non_negative(self.entry_fee, "入会金")
        _non_negative(self.monthly_dues, "月額会費")
        for name, amount in self.classes:
            _non_negative(amount, f"会費区分「{name}」の月額")
        if not 0 <= self.employer_share_percent <= 100:
            raise ValidationError("事業主負担割合は0〜100（%）で入力してください", "事業主負担割合")

    def monthly_for(self, dues_class: str = "") -> int:
        """The monthly amount of a member of ``dues_class`` (the standard amount if unlisted)."""
        return dict(self.classes).get(dues_class, self.monthly_dues)

    def employer_share(self, amount: int) -> int:
        """The employer's part of ``amount``; rounded up so it is never below the share."""
        return round_yen(amount * self.employer_share_percent, 100, "ceil")


@dataclass(frozen=True)
class SalaryRateTable:
    """Salary-rate dues (004): per-mille of the monthly salary plus dependent fees.

    Defaults are 004's: 6/1000 of 給料月額, 200 yen per dependent capped at 800 per member,
    10% of the salary part and every dependent fee to the 短期経理 sub-ledger.
    """

    per_mille: int = 6
    dependent_fee: int = 200
    dependent_cap: int = 800
    short_term_percent_of_salary_part: int = 10
    rounding: str = "floor"

    def __post_init__(self) -> None:
        for value, name in (
            (self.per_mille, "掛金率（‰）"),
            (self.dependent_fee, "被扶養者掛金"),
            (self.dependent_cap, "被扶養者掛金の上限"),
        ):
            _non_negative(value, name)
        if not 0 <= self.short_term_percent_of_salary_part <= 100:
            raise ValidationError("短期経理への割合は0〜100（%）で入力してください", "短期経理割合")
        if self.rounding not in ROUNDINGS:
            raise ValidationError(f"端数処理「{self.rounding}」は使えません", "端数処理")


@dataclass(frozen=True)
class SalaryRateDues:
    """One member's monthly salary-rate dues and their split between sub-ledgers."""

    salary_part: int
    dependent_part: int
    general: int = field(default=0)
    short_term: int = field(default=0)

    @property
    def total(self) -> int:
        return self.salary_part + self.dependent_part


def salary_rate_dues(salary: int, dependents: int, table: SalaryRateTable) -> SalaryRateDues:
    """Monthly dues of a member with ``salary`` (給料月額) and ``dependents`` (被扶養者数).

    The salary part is rounded by the table's rule; the 短期経理 share of it is rounded down
    so the 一般経理 keeps the remainder and the two always add up to the salary part.
    """
    _non_negative(salary, "給料月額")
    _non_negative(dependents, "被扶養者数")
    salary_part = round_yen(salary * table.per_mille, 1000, table.rounding)
    dependent_part = min(dependents * table.dependent_fee, table.dependent_cap)
    short_of_salary = round_yen(salary_part * table.short_term_percent_of_salary_part, 100)
    return SalaryRateDues(
        salary_part=salary_part,
        dependent_part=dependent_part,
        general=salary_part - short_of_salary,
        short_term=short_of_salary + dependent_part,
    )


def cycle_months(cycle: str) -> int:
    """How many months one bill of ``cycle`` covers."""
    try:
        return CYCLE_MONTHS[cycle]
    except KeyError:
        raise ValidationError(
            f"請求周期「{cycle}」は使えません（{'、'.join(CYCLE_MONTHS)}）", "請求周期"
        ) from None


def month_index(d: dt.date) -> int:
    """Months since year 0, so month arithmetic is integer arithmetic."""
    return d.year * 12 + d.month - 1


def month_start(index: int) -> dt.date:
    """The 1st of the month with ``month_index`` ``index``."""
    return dt.date(index // 12, index % 12 + 1, 1)


def add_months(d: dt.date, months: int) -> dt.date:
    """The 1st of the month ``months`` after the month of ``d``."""
    return month_start(month_index(d) + months)


def is_cycle_start(cycle: str, period: dt.date, fiscal_start_month: int = 4) -> bool:
    """Whether a bill of ``cycle`` starts in the month of ``period`` (cycles align to the FY)."""
    return (period.month - fiscal_start_month) % cycle_months(cycle) == 0


def cycle_start_of(cycle: str, day: dt.date, fiscal_start_month: int = 4) -> dt.date:
    """The 1st of the month the cycle containing ``day`` starts in."""
    months = cycle_months(cycle)
    offset = (day.month - fiscal_start_month) % months
    return add_months(day, -offset)


def next_cycle_start(cycle: str, day: dt.date, fiscal_start_month: int = 4) -> dt.date:
    """The first day of the next cycle after the one containing ``day``."""
    return add_months(cycle_start_of(cycle, day, fiscal_start_month), cycle_months(cycle))


def months_covered(start: dt.date, end_exclusive: dt.date) -> int:
    """Whole months from the month of ``start`` to the month before ``end_exclusive``.

    A month a member belongs to for one day counts fully (no pro-rating); 0 when the span is
    empty.
    """
    return max(0, month_index(end_exclusive) - month_index(start))


def joiner_months(join_date: dt.date, base_date: dt.date) -> int:
    """Months a member who joined before ``base_date`` owes up to that cycle start.

    The join month counts fully: joining on 2025-05-01 with the next quarterly cycle starting
    2025-07-01 owes May and June (2).
    """
    return months_covered(join_date, base_date)


def joiner_charge(entry_fee: int, monthly: int, months: int) -> int:
    """Entry fee plus the months up to the next cycle (200 + 500 × 2 = 1,200)."""
    _non_negative(months, "月数")
    return entry_fee + monthly * months


def leaver_credit_months(last_day: dt.date, cycle_end_exclusive: dt.date) -> int:
    """Months already billed for a cycle that a leaver no longer belongs to.

    Membership ends at the end of the month the notice arrives; that month is owed in full,
    the months after it until the cycle ends are credited in the next bill.
    """
    return months_covered(add_months(last_day, 1), cycle_end_exclusive)


def debit_date(period: dt.date, debit_day: int) -> dt.date:
    """The debit date of a period: ``debit_day`` of its first month, moved to a bank day.

    A day past the month's end (31 in June) is the month's last day; a weekend, a Japanese
    holiday or 12/31–1/3 moves it to the next bank business day.
    """
    if not 1 <= debit_day <= 31:
        raise ValidationError("引落日は1〜31日で指定してください", "引落日")
    last = add_months(period, 1) - dt.timedelta(days=1)
    day = min(debit_day, last.day)
    return next_business_day(dt.date(period.year, period.month, day))


def parse_period(text: str) -> dt.date:
    """A billing period (請求月) typed as ``R7.4``, ``令和7年4月``, ``2025/4``, ``2025-04`` …
    → 2025-04-01 (every form :func:`parse_month` reads)."""
    return parse_month(text, "請求月")


def ageing_bucket(periods_overdue: int) -> str:
    """滞納 ageing label: 1, 2 or 3+ periods (0 = current)."""
    if periods_overdue <= 0:
        return "当期"
    if periods_overdue >= 3:
        return "3期以上"
    return f"{periods_overdue}期"


def allocate_payment(amount: int, balances: list[int]) -> tuple[list[int], int]:
    """Apply a payment to open bills oldest first; the rest is credit (over-payment).

    Returns the amount applied to each bill and the remainder kept as credit.
    """
    _non_negative(amount, "入金額")
    applied: list[int] = []
    rest = amount
    for balance in balances:
        part = min(rest, max(balance, 0))
        applied.append(part)
        rest -= part
    return applied, rest
