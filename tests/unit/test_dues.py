"""Dues rules: flat and salary-rate fees, cycles, joiners, leavers, debit dates, allocation."""

from __future__ import annotations

import datetime as dt

import pytest

from gojokai_desktop.domain.dues import (
    CYCLE_MONTHS,
    FlatFeeTable,
    SalaryRateTable,
    add_months,
    ageing_bucket,
    allocate_payment,
    cycle_months,
    cycle_start_of,
    debit_date,
    is_cycle_start,
    joiner_charge,
    joiner_months,
    leaver_credit_months,
    months_covered,
    next_cycle_start,
    parse_period,
    round_yen,
    salary_rate_dues,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.holidays import is_business_day

D = dt.date


@pytest.mark.parametrize(
    ("num", "den", "rounding", "expected"),
    [
        (1799, 1000, "floor", 1),
        (1799, 1000, "ceil", 2),
        (1799, 1000, "half_up", 2),
        (1500, 1000, "half_up", 2),
        (1499, 1000, "half_up", 1),
        (2000, 1000, "ceil", 2),
        (0, 1000, "ceil", 0),
    ],
)
def test_round_yen_is_explicit(num: int, den: int, rounding: str, expected: int) -> None:
    assert round_yen(num, den, rounding) == expected


def test_round_yen_refuses_unknown_rule() -> None:
    with pytest.raises(ValidationError) as err:
        round_yen(1, 3, "banker")
    assert err.value.field == "端数処理"


def test_flat_table_classes_and_employer_share() -> None:
    table = FlatFeeTable(
        entry_fee=200, monthly_dues=500, classes=(("part_time", 300),), employer_share_percent=50
    )
    assert table.monthly_for("") == 500
    assert table.monthly_for("part_time") == 300
    assert table.monthly_for("unknown") == 500
    assert table.employer_share(500) == 250
    # An odd amount: the employer bears at least half, so the odd yen is theirs.
    assert table.employer_share(501) == 251


@pytest.mark.parametrize(
    "kwargs",
    [
        {"entry_fee": -1, "monthly_dues": 500},
        {"entry_fee": 200, "monthly_dues": -500},
        {"entry_fee": 200, "monthly_dues": 500, "employer_share_percent": 101},
        {"entry_fee": 200, "monthly_dues": 500, "classes": (("owner", -1),)},
    ],
)
def test_flat_table_refuses_bad_values(kwargs: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        FlatFeeTable(**kwargs)  # type: ignore[arg-type]


def test_salary_rate_004_example() -> None:
    table = SalaryRateTable()
    dues = salary_rate_dues(384_718, 2, table)
    # 384,718 × 6/1000 = 2,308.308 → 2,308 (円未満切り捨て)
    assert dues.salary_part == 2308
    assert dues.dependent_part == 400
    # 10% of the salary part (230.8 → 230) plus all dependent fees go to 短期経理.
    assert dues.short_term == 230 + 400
    assert dues.general == 2308 - 230
    assert dues.general + dues.short_term == dues.total == 2708


@pytest.mark.parametrize(("dependents", "fee"), [(0, 0), (1, 200), (4, 800), (5, 800), (9, 800)])
def test_dependent_fee_is_capped_at_800(dependents: int, fee: int) -> None:
    assert salary_rate_dues(300_000, dependents, SalaryRateTable()).dependent_part == fee


def test_salary_rate_rounding_is_a_setting() -> None:
    salary = 250_250  # × 6/1000 = 1,501.5
    assert salary_rate_dues(salary, 0, SalaryRateTable()).salary_part == 1501
    assert salary_rate_dues(salary, 0, SalaryRateTable(rounding="half_up")).salary_part == 1502
    assert salary_rate_dues(salary, 0, SalaryRateTable(rounding="ceil")).salary_part == 1502


@pytest.mark.parametrize("salary", range(0, 1_000_000, 7919))
def test_salary_split_always_adds_up(salary: int) -> None:
    dues = salary_rate_dues(salary, 3, SalaryRateTable())
    assert dues.general + dues.short_term == dues.total
    assert dues.general >= 0
    assert dues.short_term >= dues.dependent_part


def test_salary_rate_refuses_negative_salary() -> None:
    with pytest.raises(ValidationError) as err:
        salary_rate_dues(-1, 0, SalaryRateTable())
    assert err.value.field == "給料月額"


@pytest.mark.parametrize(("cycle", "months"), list(CYCLE_MONTHS.items()))
def test_cycle_months(cycle: str, months: int) -> None:
    assert cycle_months(cycle) == months


def test_unknown_cycle_is_refused() -> None:
    with pytest.raises(ValidationError):
        cycle_months("weekly")


@pytest.mark.parametrize(
    ("cycle", "starts"),
    [
        ("monthly", list(range(1, 13))),
        ("quarterly", [1, 4, 7, 10]),
        ("half_yearly", [4, 10]),
        ("yearly", [4]),
    ],
)
def test_cycle_starts_align_with_the_fiscal_year(cycle: str, starts: list[int]) -> None:
    found = [m for m in range(1, 13) if is_cycle_start(cycle, D(2025, m, 1))]
    assert found == starts


def test_cycle_start_and_next_cycle() -> None:
    assert cycle_start_of("quarterly", D(2025, 5, 17)) == D(2025, 4, 1)
    assert next_cycle_start("quarterly", D(2025, 5, 17)) == D(2025, 7, 1)
    assert cycle_start_of("quarterly", D(2026, 2, 1)) == D(2026, 1, 1)
    assert next_cycle_start("half_yearly", D(2026, 1, 5)) == D(2026, 4, 1)
    assert next_cycle_start("yearly", D(2025, 4, 1)) == D(2026, 4, 1)
    assert next_cycle_start("monthly", D(2025, 12, 31)) == D(2026, 1, 1)


def test_months_covered_has_no_pro_rating() -> None:
    assert months_covered(D(2025, 4, 30), D(2025, 5, 1)) == 1  # one day is a month
    assert months_covered(D(2025, 4, 1), D(2025, 7, 1)) == 3
    assert months_covered(D(2025, 7, 1), D(2025, 4, 1)) == 0
    assert add_months(D(2025, 11, 20), 3) == D(2026, 2, 1)


def test_mid_cycle_joiner_pays_entry_fee_and_months_to_next_cycle() -> None:
    months = joiner_months(D(2025, 5, 1), next_cycle_start("quarterly", D(2025, 5, 1)))
    assert months == 2
    assert joiner_charge(200, 500, months) == 1200


def test_joiner_on_the_base_date_owes_no_extra_months() -> None:
    assert joiner_months(D(2025, 7, 1), D(2025, 7, 1)) == 0
    assert joiner_charge(200, 500, 0) == 200


def test_leaver_credit_months() -> None:
    # Quarterly April–June billed; leaves at the end of April: May and June come back.
    assert leaver_credit_months(D(2025, 4, 30), D(2025, 7, 1)) == 2
    # Leaves at the end of June: nothing to credit.
    assert leaver_credit_months(D(2025, 6, 30), D(2025, 7, 1)) == 0
    # A mid-month day still counts the whole month as owed.
    assert leaver_credit_months(D(2025, 5, 10), D(2025, 7, 1)) == 1


@pytest.mark.parametrize(
    ("period", "day", "expected"),
    [
        (D(2025, 4, 1), 20, D(2025, 4, 21)),  # Sunday → Monday
        (D(2025, 7, 1), 20, D(2025, 7, 22)),  # Sunday, then 海の日 21st
        (D(2025, 10, 1), 20, D(2025, 10, 20)),  # Monday, open
        (D(2026, 1, 1), 2, D(2026, 1, 5)),  # 1/2–1/3 closed, 4th Sunday
        (D(2025, 6, 1), 31, D(2025, 6, 30)),  # past the month's end → last day
        (D(2025, 5, 1), 3, D(2025, 5, 7)),  # ゴールデンウィーク
    ],
)
def test_debit_date_moves_to_next_bank_day(period: dt.date, day: int, expected: dt.date) -> None:
    assert debit_date(period, day) == expected
    assert is_business_day(expected)


@pytest.mark.parametrize("month", range(1, 13))
def test_debit_dates_of_a_year_are_business_days(month: int) -> None:
    result = debit_date(D(2027, month, 1), 20)
    assert is_business_day(result)
    assert result >= D(2027, month, 20)


def test_debit_day_out_of_range() -> None:
    with pytest.raises(ValidationError):
        debit_date(D(2025, 4, 1), 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-04", D(2025, 4, 1)), ("2025/4", D(2025, 4, 1)), (" 2026-1 ", D(2026, 1, 1)),
     ("R7.4", D(2025, 4, 1)), ("令和7年4月", D(2025, 4, 1)), ("7.4", D(2025, 4, 1)),
     ("令和元年5月", D(2019, 5, 1)), ("2025-04-01", D(2025, 4, 1))],
)  # fmt: skip
def test_parse_period(text: str, expected: dt.date) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["2025", "2025-13", "abc", "R1.4", "H31.5"])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_period(text)
    assert err.value.field == "請求月"


def test_ageing_buckets() -> None:
    assert [ageing_bucket(n) for n in range(5)] == ["当期", "1期", "2期", "3期以上", "3期以上"]


def test_allocate_payment_full_partial_over() -> None:
    assert allocate_payment(3000, [1000, 2000]) == ([1000, 2000], 0)
    assert allocate_payment(1500, [1000, 2000]) == ([1000, 500], 0)
    assert allocate_payment(4000, [1000, 2000]) == ([1000, 2000], 1000)
    assert allocate_payment(500, []) == ([], 500)
