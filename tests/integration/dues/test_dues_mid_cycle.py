"""途中入会・退会 between two bills (issue 18's member, 2026-07-01 to 2026-10-31), whatever
the order in which the clerk entered things: every month of membership billed once."""

from __future__ import annotations

import datetime as dt

import pytest

from gojokai_desktop.services.dues.billing import preview_billing, run_billing
from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
from gojokai_desktop.services.dues.member import member_dues
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member, leave_member
from gojokai_desktop.services.members.records import MemberInput

D = dt.date
ENTRY, MONTHLY = 1_000, 500


@pytest.fixture
def firm(ctx, society) -> int:
    for year in (2025, 2026):
        save_fee_table(ctx, FeeTableInput(year, entry_fee=ENTRY, monthly_dues=MONTHLY))
    est = create_establishment(
        ctx, EstablishmentInput(name="福島商事", billing_cycle="quarterly"), D(2020, 4, 1)
    ).id
    join_member(ctx, MemberInput(name="古株　一郎", name_kana="フルカブ　イチロウ"), est,
                D(2020, 3, 10))  # fmt: skip
    run_billing(ctx, D(2026, 4, 1))
    return est


def _newcomer(ctx, est: int, received: dt.date) -> int:
    data = MemberInput(name="新人　花子", name_kana="シンジン　ハナコ")
    return join_member(ctx, data, est, received).id


def _billed(ctx, member: int) -> list[tuple[dt.date, str, int, int]]:
    return [(x.period, x.label, x.months, x.amount) for x in member_dues(ctx, member)]


def test_the_issue_member_pays_entry_fee_and_four_months(ctx, firm) -> None:
    member = _newcomer(ctx, firm, D(2026, 6, 10))  # from 2026-07-01
    run_billing(ctx, D(2026, 7, 1))
    run_billing(ctx, D(2026, 10, 1))
    leave_member(ctx, member, D(2026, 10, 15), "retired")  # to 2026-10-31
    run_billing(ctx, D(2027, 1, 1))
    assert _billed(ctx, member) == [
        (D(2026, 7, 1), "会費", 3, 1_500),
        (D(2026, 7, 1), "入会金", 1, 1_000),
        (D(2026, 10, 1), "会費", 3, 1_500),
        (D(2027, 1, 1), "退会調整", 2, -1_000),
    ]
    assert sum(line[3] for line in _billed(ctx, member)) == ENTRY + 4 * MONTHLY


def test_a_join_entered_after_its_bill_is_billed_on_the_next(ctx, firm) -> None:
    run_billing(ctx, D(2026, 7, 1))  # made before the clerk entered the newcomer
    member = _newcomer(ctx, firm, D(2026, 6, 10))  # from 2026-07-01, entered late
    october = {line.kind: line for line in preview_billing(ctx, D(2026, 10, 1)).bills[0].lines
               if line.member_id == member}  # fmt: skip
    assert (october["entry_fee"].amount, october["joiner"].months) == (ENTRY, 3)
    run_billing(ctx, D(2026, 10, 1))
    leave_member(ctx, member, D(2026, 10, 15), "retired")
    run_billing(ctx, D(2027, 1, 1))
    assert _billed(ctx, member) == [
        (D(2026, 10, 1), "会費", 3, 1_500),
        (D(2026, 10, 1), "入会金", 1, 1_000),
        (D(2026, 10, 1), "途中入会分", 3, 1_500),
        (D(2027, 1, 1), "退会調整", 2, -1_000),
    ]
    assert sum(line[3] for line in _billed(ctx, member)) == ENTRY + 4 * MONTHLY


def test_join_and_leave_inside_one_cycle(ctx, firm) -> None:
    run_billing(ctx, D(2026, 7, 1))
    member = _newcomer(ctx, firm, D(2026, 7, 10))  # from 2026-08-01
    leave_member(ctx, member, D(2026, 9, 5), "withdrawn")  # to 2026-09-30
    (bill,) = preview_billing(ctx, D(2026, 10, 1)).bills
    mine = [(x.kind, x.months, x.amount, x.description) for x in bill.lines
            if x.member_id == member]  # fmt: skip
    assert mine == [
        ("entry_fee", 1, 1_000, "入会金 0001-002 新人　花子"),
        ("joiner", 2, 1_000, "途中入会 0001-002 新人　花子 2か月 × 500円（退会済）"),
    ]
    assert bill.head_count == 1  # not counted for October–December
    run_billing(ctx, D(2026, 10, 1))
    run_billing(ctx, D(2027, 1, 1))
    assert sum(line[3] for line in _billed(ctx, member)) == ENTRY + 2 * MONTHLY


def test_a_long_standing_member_entered_late_owes_only_from_the_first_bill(ctx, firm) -> None:
    run_billing(ctx, D(2026, 7, 1))
    member = _newcomer(ctx, firm, D(2015, 3, 10))  # a member since 2015, entered only now
    (bill,) = preview_billing(ctx, D(2026, 10, 1)).bills
    mine = [(x.kind, x.months) for x in bill.lines if x.member_id == member]
    # April–September 2026: the months this program billed the establishment without them;
    # before April 2026 the dues were settled outside the program, the entry fee long ago.
    assert mine == [("joiner", 6)]
