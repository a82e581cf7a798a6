"""Dues payments: full, partial and over-payment, cash-book postings, arrears and receipts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.models import CashBookEntry, DuesBill, DuesPayment
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset
from gojokai_desktop.services.dues.billing import run_billing
from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
from gojokai_desktop.services.dues.payments import (
    arrears_list,
    dues_todo,
    mark_debit_failed,
    reconciliation,
    record_payment,
    reverse_payment,
)
from gojokai_desktop.services.dues.receipts import (
    issue_receipt,
    receipt_register,
    reissue_receipt,
    void_receipt,
)
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput

D = dt.date


@pytest.fixture
def books(ctx, society):
    with ctx.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2020)
        bank = add_bank_account(uow, general, "東邦銀行 普通 1234567")
        uow.commit()
    save_fee_table(ctx, FeeTableInput(2025, entry_fee=200, monthly_dues=500, debit_day=20))
    return bank


@pytest.fixture
def firm(ctx, books) -> int:
    est = create_establishment(
        ctx, EstablishmentInput(name="福島商事", billing_cycle="monthly"), D(2020, 4, 1)
    )
    for n in range(4):
        join_member(
            ctx, MemberInput(name=f"会員　{n}", name_kana="カイイン"), est.id, D(2024, 12, 1)
        )
    return est.id


def entries(ctx) -> list[tuple[str, int, str]]:
    with ctx.reader() as session:
        rows = session.scalars(select(CashBookEntry).order_by(CashBookEntry.id)).all()
        return [(r.direction, r.amount, r.source_type) for r in rows]


def bill_states(ctx) -> list[tuple[dt.date, int, int, str]]:
    with ctx.reader() as session:
        rows = session.scalars(select(DuesBill).order_by(DuesBill.period)).all()
        return [(b.period, b.amount, b.paid_amount, b.status) for b in rows]


def test_full_payment_settles_the_bill_and_posts_to_the_cash_book(ctx, firm) -> None:
    run_billing(ctx, D(2025, 4, 1))
    result = record_payment(ctx, firm, 2000, D(2025, 4, 21), method="debit")
    assert (result.applied[0][1], result.credit) == (2000, 0)
    assert bill_states(ctx) == [(D(2025, 4, 1), 2000, 2000, "paid")]
    assert entries(ctx) == [("income", 2000, "dues_payment")]


def test_partial_payment_leaves_a_balance_and_arrears(ctx, firm) -> None:
    run_billing(ctx, D(2025, 4, 1))
    run_billing(ctx, D(2025, 5, 1))
    record_payment(ctx, firm, 1500, D(2025, 4, 25), method="cash")
    assert bill_states(ctx) == [
        (D(2025, 4, 1), 2000, 1500, "open"),
        (D(2025, 5, 1), 2000, 0, "open"),
    ]
    (balance,) = reconciliation(ctx)
    assert (balance.billed, balance.paid, balance.balance) == (4000, 1500, 2500)
    assert (balance.open_bills, balance.months_in_arrears) == (2, 2)
    (late,) = arrears_list(ctx, D(2025, 6, 15))
    assert (late.overdue_bills, late.balance, late.bucket) == (2, 2500, "2期")
    assert arrears_list(ctx, D(2025, 4, 21)) == []  # not due before the debit date


def test_over_payment_is_credit_applied_to_the_next_bill(ctx, firm) -> None:
    run_billing(ctx, D(2025, 4, 1))
    result = record_payment(ctx, firm, 3000, D(2025, 4, 21))
    assert result.credit == 1000
    (balance,) = reconciliation(ctx)
    assert (balance.credit, balance.balance) == (1000, -1000)
    run_billing(ctx, D(2025, 5, 1))
    assert bill_states(ctx)[1] == (D(2025, 5, 1), 2000, 1000, "open")
    # The credit was posted once, when the money came in.
    assert entries(ctx) == [("income", 3000, "dues_payment")]


def test_entry_fees_post_to_their_own_item(ctx, firm) -> None:
    join_member(ctx, MemberInput(name="新人　一郎", name_kana="シンジン"), firm, D(2025, 3, 10))
    run_billing(ctx, D(2025, 4, 1))
    record_payment(ctx, firm, 2700, D(2025, 4, 21))
    with ctx.reader() as session:
        items = session.execute(
            select(CashBookEntry.amount, CashBookEntry.description).order_by(CashBookEntry.id)
        ).all()
    assert [(a, d.split()[0]) for a, d in items] == [(200, "入会金"), (2500, "会費")]


def test_a_refused_posting_leaves_no_payment(ctx, firm) -> None:
    run_billing(ctx, D(2025, 4, 1))
    with pytest.raises(ValidationError):
        record_payment(ctx, firm, 2000, D(2025, 4, 21), bank_account=9999)
    with ctx.reader() as session:
        assert session.scalar(select(func.count()).select_from(DuesPayment)) == 0
    assert bill_states(ctx) == [(D(2025, 4, 1), 2000, 0, "open")]
    assert entries(ctx) == []


@pytest.mark.parametrize("amount", [0, -100, True])
def test_payment_amount_must_be_positive_yen(ctx, firm, amount) -> None:
    with pytest.raises(ValidationError) as err:
        record_payment(ctx, firm, amount, D(2025, 4, 21))
    assert err.value.field == "入金額"


def test_failed_debit_stays_on_the_arrears_list(ctx, firm) -> None:
    run_billing(ctx, D(2025, 4, 1))
    (bill_id,) = [r.id for r in _bills(ctx)]
    mark_debit_failed(ctx, bill_id, D(2025, 4, 21))
    (late,) = arrears_list(ctx, D(2025, 5, 1))
    assert late.debit_failed
    assert late.bucket == "1期"
    record_payment(ctx, firm, 2000, D(2025, 5, 2), method="cash")
    assert arrears_list(ctx, D(2025, 5, 3)) == []
    with pytest.raises(RuleViolation):
        mark_debit_failed(ctx, bill_id, D(2025, 5, 3))


def _bills(ctx) -> list[DuesBill]:
    with ctx.reader() as session:
        return list(session.scalars(select(DuesBill).order_by(DuesBill.id)))


def test_receipt_numbers_are_gapless_and_reissue_keeps_the_number(ctx, firm) -> None:
    first = record_payment(ctx, firm, 1000, D(2025, 4, 21), method="cash")
    second = record_payment(ctx, firm, 500, D(2025, 4, 22), method="cash")
    r1 = issue_receipt(ctx, first.payment_id, issued=D(2025, 4, 21))
    r2 = issue_receipt(ctx, second.payment_id, issued=D(2025, 4, 22))
    assert (r1.label, r2.label, r1.addressee, r1.amount) == (
        "2025-0001",
        "2025-0002",
        "福島商事",
        1000,
    )
    again = reissue_receipt(ctx, r1.id)
    assert (again.number, again.reissued, again.reissue_count) == (1, True, 1)
    with pytest.raises(RuleViolation):
        issue_receipt(ctx, first.payment_id)
    with pytest.raises(ValidationError):
        void_receipt(ctx, r2.id, "")
    void_receipt(ctx, r2.id, "宛名の誤り")
    r3 = issue_receipt(ctx, second.payment_id, addressee="福島商事株式会社", issued=D(2025, 4, 23))
    assert r3.number == 3
    register = receipt_register(ctx, 2025)
    assert [(r.number, r.status, r.void_reason) for r in register] == [
        (1, "issued", None),
        (2, "void", "宛名の誤り"),
        (3, "issued", None),
    ]
    with pytest.raises(RuleViolation):
        reissue_receipt(ctx, r2.id)


def test_receipt_numbers_restart_each_fiscal_year(ctx, firm) -> None:
    march = record_payment(ctx, firm, 1000, D(2025, 3, 31), method="cash")
    april = record_payment(ctx, firm, 1000, D(2025, 4, 1), method="cash")
    assert issue_receipt(ctx, march.payment_id, issued=D(2025, 3, 31)).label == "2024-0001"
    assert issue_receipt(ctx, april.payment_id, issued=D(2025, 4, 1)).label == "2025-0001"


def test_reversing_a_payment_reopens_bills_reverses_entries_and_voids_receipts(ctx, firm) -> None:
    run_billing(ctx, D(2025, 4, 1))
    paid = record_payment(ctx, firm, 2000, D(2025, 4, 21), method="cash")
    receipt = issue_receipt(ctx, paid.payment_id, issued=D(2025, 4, 21))
    assert dues_todo(ctx).unpaid_bills == 0
    with pytest.raises(ValidationError):
        reverse_payment(ctx, paid.payment_id, " ", D(2025, 4, 22))
    reverse_payment(ctx, paid.payment_id, "二重入力", D(2025, 4, 22))
    assert bill_states(ctx) == [(D(2025, 4, 1), 2000, 0, "open")]
    with ctx.reader() as session:
        nets = session.scalars(select(CashBookEntry.net_amount).order_by(CashBookEntry.id)).all()
    assert list(nets) == [2000, -2000]
    (voided,) = receipt_register(ctx, 2025)
    assert (voided.number, voided.status) == (receipt.number, "void")
    todo = dues_todo(ctx)
    assert (todo.unpaid_bills, todo.unpaid_amount, todo.overdue_bills) == (1, 2000, 1)
    with pytest.raises(RuleViolation):
        reverse_payment(ctx, paid.payment_id, "もう一度", D(2025, 4, 22))


def test_salary_rate_payment_posts_the_short_term_share_to_its_sub_ledger(ctx, society) -> None:
    from gojokai_desktop.db.models import SubLedger
    from gojokai_desktop.services.accounts.setup import PRESETS_DIR, set_posting_items
    from gojokai_desktop.services.dues.fees import set_salary

    with ctx.unit_of_work("004の会計") as uow:
        load_preset(uow, PRESETS_DIR / "items_004_general.toml", valid_from_year=2020)
        set_posting_items(uow, {"dues": ("general", "I11")}, valid_from_year=2020)
        uow.commit()
    save_fee_table(ctx, FeeTableInput(2025, model="salary", debit_day=20))
    est = create_establishment(
        ctx, EstablishmentInput(name="県立学校", billing_cycle="monthly"), D(2020, 4, 1)
    )
    member = join_member(
        ctx, MemberInput(name="教員　一", name_kana="キョウイン"), est.id, D(2024, 12, 1)
    )
    set_salary(ctx, member.id, D(2024, 4, 1), 384_718)  # 2,308 a month, 230 of it 短期経理
    run_billing(ctx, D(2025, 4, 1))
    record_payment(ctx, est.id, 2308, D(2025, 4, 21), method="cash")
    with ctx.reader() as session:
        lines = session.execute(
            select(SubLedger.code, CashBookEntry.amount)
            .join(SubLedger, SubLedger.id == CashBookEntry.sub_ledger_id)
            .order_by(CashBookEntry.line_no)
        ).all()
    assert [(c, a) for c, a in lines] == [("general", 2078), ("short", 230)]
