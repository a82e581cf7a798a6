"""Dues billing against a real database: head count, joiners, leavers, idempotent runs."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gojokai_desktop.db.models import DuesBill, FamilyMember
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.dues.billing import cancel_bill, preview_billing, run_billing
from gojokai_desktop.services.dues.fees import (
    FeeTableInput,
    fee_table_for,
    salary_history,
    save_fee_table,
    set_salary,
)
from gojokai_desktop.services.dues.member import member_dues
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member, leave_member, transfer_member
from gojokai_desktop.services.members.records import MemberInput

D = dt.date


def person(n: int) -> MemberInput:
    return MemberInput(name=f"会員　{n}郎", name_kana=f"カイイン　{'ア' * (n % 5 + 1)}")


@pytest.fixture
def flat(ctx, society):
    return save_fee_table(ctx, FeeTableInput(2025, entry_fee=200, monthly_dues=500, debit_day=20))


def firm(ctx, name: str, cycle: str = "quarterly", method: str = "debit") -> int:
    est = create_establishment(
        ctx,
        EstablishmentInput(name=name, billing_cycle=cycle, collection_method=method),
        D(2020, 4, 1),
    )
    return est.id


def join(ctx, est_id: int, n: int, received: dt.date) -> int:
    return join_member(ctx, person(n), est_id, received).id


def bills(ctx) -> list[DuesBill]:
    with ctx.reader() as session:
        rows = session.scalars(select(DuesBill).order_by(DuesBill.id)).all()
        for row in rows:
            _ = row.lines
        return list(rows)


def test_head_count_on_the_base_date_times_the_fee_without_pro_rating(ctx, flat) -> None:
    est = firm(ctx, "福島商事")
    for n in range(3):
        join(ctx, est, n, D(2024, 12, 10))  # members from 2025-01-01
    preview = preview_billing(ctx, D(2025, 4, 1))
    (bill,) = preview.bills
    assert (bill.head_count, bill.months, bill.amount) == (3, 3, 3 * 3 * 500)
    assert bill.lines[0].description == "会費 3人 × 3か月 × 500円"
    # 2025-04-20 is a Sunday: the debit moves to Monday the 21st.
    assert bill.due_date == D(2025, 4, 21)
    assert bills(ctx) == []  # a preview writes nothing


def test_only_establishments_whose_cycle_starts_are_billed(ctx, flat) -> None:
    quarterly = firm(ctx, "四半期商事")
    monthly = firm(ctx, "毎月工業", cycle="monthly")
    join(ctx, quarterly, 1, D(2024, 12, 10))
    join(ctx, monthly, 2, D(2024, 12, 10))
    may = preview_billing(ctx, D(2025, 5, 1))
    assert [b.establishment_id for b in may.bills] == [monthly]
    assert may.total == 500


def test_running_the_same_period_twice_never_bills_twice(ctx, flat) -> None:
    est = firm(ctx, "福島商事")
    join(ctx, est, 1, D(2024, 12, 10))
    first = run_billing(ctx, D(2025, 4, 1))
    second = run_billing(ctx, D(2025, 4, 1))
    assert (first.bill_count, first.total) == (1, 1500)
    assert (second.bill_count, second.total, second.already_billed) == (0, 0, 1)
    assert [b.amount for b in bills(ctx)] == [1500]


def test_a_cancelled_bill_keeps_its_reason_and_the_period_can_be_rerun(ctx, flat) -> None:
    est = firm(ctx, "福島商事")
    join(ctx, est, 1, D(2024, 12, 10))
    run_billing(ctx, D(2025, 4, 1))
    (bill,) = bills(ctx)
    with pytest.raises(ValidationError):
        cancel_bill(ctx, bill.id, "  ")
    cancel_bill(ctx, bill.id, "人数の誤り")
    join(ctx, est, 2, D(2025, 3, 10))  # from 2025-04-01: now two on the base date
    rerun = run_billing(ctx, D(2025, 4, 1))
    old, new = bills(ctx)
    assert (old.status, old.cancel_reason, old.amount) == ("cancelled", "人数の誤り", 1500)
    assert (new.status, new.amount, rerun.total) == ("open", 200 + 3000, 3200)
    with pytest.raises(RuleViolation):
        cancel_bill(ctx, old.id, "二度目")


def test_mid_cycle_joiner_pays_entry_fee_and_months_up_to_the_next_cycle(ctx, flat) -> None:
    est = firm(ctx, "福島商事")
    join(ctx, est, 1, D(2025, 3, 10))  # from 2025-04-01
    run_billing(ctx, D(2025, 4, 1))
    join(ctx, est, 2, D(2025, 4, 15))  # from 2025-05-01: May and June not billed yet
    july = preview_billing(ctx, D(2025, 7, 1))
    (bill,) = july.bills
    kinds = {line.kind: line.amount for line in bill.lines}
    assert kinds["entry_fee"] == 200
    assert kinds["joiner"] == 500 * 2
    assert kinds["entry_fee"] + kinds["joiner"] == 1200
    assert bill.amount == 2 * 3 * 500 + 1200


def test_first_bill_of_a_member_starting_on_the_base_date_has_the_entry_fee(ctx, flat) -> None:
    est = firm(ctx, "福島商事")
    join(ctx, est, 1, D(2025, 3, 10))
    (bill,) = preview_billing(ctx, D(2025, 4, 1)).bills
    assert [(line.kind, line.amount) for line in bill.lines] == [
        ("dues", 1500),
        ("entry_fee", 200),
    ]


def test_leaver_after_the_base_date_is_credited_in_the_next_bill(ctx, flat) -> None:
    est = firm(ctx, "福島商事")
    stays = join(ctx, est, 1, D(2024, 12, 10))
    leaves = join(ctx, est, 2, D(2024, 12, 10))
    assert stays != leaves
    run_billing(ctx, D(2025, 4, 1))
    leave_member(ctx, leaves, D(2025, 4, 25), "retired")  # ends 2025-04-30
    (bill,) = preview_billing(ctx, D(2025, 7, 1)).bills
    credit = [line for line in bill.lines if line.kind == "leaver_credit"]
    assert [(c.months, c.amount) for c in credit] == [(2, -1000)]
    assert bill.head_count == 1
    assert bill.amount == 1500 - 1000


def test_transfer_moves_the_months_without_a_second_entry_fee(ctx, flat) -> None:
    old = firm(ctx, "旧事業所")
    new = firm(ctx, "新事業所")
    member = join(ctx, old, 1, D(2024, 12, 10))
    run_billing(ctx, D(2025, 4, 1))
    transfer_member(ctx, member, new, D(2025, 6, 1))
    by_est = {b.establishment_id: b for b in preview_billing(ctx, D(2025, 7, 1)).bills}
    assert [(x.kind, x.amount) for x in by_est[old].lines] == [("leaver_credit", -500)]
    assert [(x.kind, x.amount) for x in by_est[new].lines] == [("dues", 1500), ("joiner", 500)]


def test_fee_tables_are_versioned_and_the_latest_applies(ctx, flat) -> None:
    est = firm(ctx, "福島商事")
    join(ctx, est, 1, D(2024, 12, 10))
    save_fee_table(ctx, FeeTableInput(2025, entry_fee=300, monthly_dues=600, note="総会で改定"))
    current = fee_table_for(ctx, 2025)
    assert (current.version, current.monthly_dues) == (2, 600)
    assert fee_table_for(ctx, 2026).monthly_dues == 600  # in force until a later year's table
    assert preview_billing(ctx, D(2025, 4, 1)).total == 1800
    with pytest.raises(RuleViolation):
        fee_table_for(ctx, 2024)


def test_dues_classes_have_their_own_amounts(ctx, society) -> None:
    save_fee_table(
        ctx, FeeTableInput(2025, monthly_dues=500, classes=(("part_time", 300),), debit_day=20)
    )
    est = firm(ctx, "福島商事", cycle="monthly")
    join(ctx, est, 1, D(2024, 12, 10))
    join_member(
        ctx,
        MemberInput(name="パート　花子", name_kana="パート　ハナコ", dues_class="part_time"),
        est,
        D(2025, 1, 10),
    )
    (bill,) = preview_billing(ctx, D(2025, 4, 1)).bills
    assert sorted((line.description, line.amount) for line in bill.lines) == [
        ("会費 1人 × 1か月 × 500円", 500),
        ("会費（パート） 1人 × 1か月 × 300円", 300),
    ]


def test_salary_rate_with_dependent_cap_and_short_term_split(ctx, society) -> None:
    save_fee_table(ctx, FeeTableInput(2025, model="salary", debit_day=20))
    est = firm(ctx, "県立学校", cycle="monthly")
    a = join(ctx, est, 1, D(2024, 12, 10))
    b = join(ctx, est, 2, D(2024, 12, 10))
    set_salary(ctx, a, D(2024, 4, 1), 384_718)
    set_salary(ctx, b, D(2024, 4, 1), 250_000)
    set_salary(ctx, b, D(2025, 4, 1), 300_000)  # a raise from the base date on
    set_salary(ctx, b, D(2025, 7, 1), 999_999)  # not yet in force on 2025-04-01
    with pytest.raises(ValidationError):
        set_salary(ctx, b, D(2025, 8, 1), -1)
    assert [s for _d, s in salary_history(ctx, b)] == [250_000, 300_000, 999_999]
    with ctx.unit_of_work("テスト準備") as uow:
        for i in range(5):
            uow.session.add(
                FamilyMember(
                    member_id=b,
                    relation="子",
                    name=f"子{i}",
                    dependent=True,
                    from_date=D(2020, 1, 1),
                )
            )
        uow.commit()
    (bill,) = preview_billing(ctx, D(2025, 4, 1)).bills
    amounts = {line.member_id: (line.amount, line.short_term_amount) for line in bill.lines}
    assert amounts[a] == (2308, 230)  # 384,718 × 6/1000, 10% to 短期経理
    assert amounts[b] == (1800 + 800, 180 + 800)  # five dependents capped at 800
    assert bill.amount == 2308 + 2600


def test_member_dues_history_shows_each_bill_for_the_person(ctx, flat) -> None:
    est = firm(ctx, "福島商事")
    join(ctx, est, 1, D(2024, 12, 10))
    member = join(ctx, est, 2, D(2025, 4, 15))  # from 2025-05-01
    run_billing(ctx, D(2025, 4, 1))
    run_billing(ctx, D(2025, 7, 1))
    lines = member_dues(ctx, member)
    assert [(x.period, x.label, x.months, x.amount, x.bill_status) for x in lines] == [
        (D(2025, 7, 1), "会費", 3, 1500, "open"),
        (D(2025, 7, 1), "入会金", 1, 200, "open"),
        (D(2025, 7, 1), "途中入会分", 2, 1000, "open"),
    ]
    # A later fee version does not rewrite what was billed.
    save_fee_table(ctx, FeeTableInput(2025, entry_fee=300, monthly_dues=700))
    assert member_dues(ctx, member)[0].amount == 1500
