"""The cash book: posting, gapless vouchers, reversal, transfers, balances, closed years."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from sqlalchemy import select

from gojokai_desktop.db.models import AuditEntry, CashBookEntry, FiscalYear
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.accounts import balances as ledger_balances
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.setup import (
    add_bank_account,
    add_item,
    create_account,
    load_preset,
    set_posting_items,
)

D = dt.date


@pytest.fixture
def books(ctx, society):
    """The small preset on the general account, a bank account and a special account."""
    with ctx.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2020)
        bank = add_bank_account(uow, general, "東邦銀行 普通 1234567")
        special = create_account(uow, "lodging", "宿泊施設特別会計", kind="special")
        add_item(uow, special, "901", "繰入金", "income", role="transfer_in")
        add_item(uow, special, "902", "施設管理費", "expenditure")
        add_item(uow, general, "211", "繰出金", "expenditure", role="transfer_out")
        uow.commit()
    return {"general": general, "bank": bank, "special": special}


def _entries(ctx) -> list[CashBookEntry]:
    with ctx.reader() as session:
        return list(session.scalars(select(CashBookEntry).order_by(CashBookEntry.id)))


def test_post_by_purpose_writes_with_the_callers_record(ctx, books) -> None:
    with ctx.unit_of_work("会費の入金") as uow:
        entry_id = ledger.post(
            uow,
            date=D(2025, 5, 10),
            amount=12_000,
            description="4月分会費 山田商店",
            purpose="dues",
            counterparty="山田商店",
            method="bank",
            bank_account=books["bank"],
            source=("dues_payment", 77),
        )
        assert ledger.entries_for_source(uow, "dues_payment", 77) == [entry_id]
        uow.commit()
    (entry,) = _entries(ctx)
    assert (entry.fiscal_year, entry.voucher_no, entry.direction, entry.amount) == (
        2025,
        1,
        "income",
        12_000,
    )
    with ctx.reader() as session:
        audited = session.scalars(
            select(AuditEntry.action).where(AuditEntry.entity == "cash_book_entries")
        ).all()
    assert audited == ["会費の入金"]


def test_a_failed_caller_leaves_no_entry(ctx, books) -> None:
    def pay_dues_then_fail() -> None:
        with ctx.unit_of_work("会費の入金") as uow:
            ledger.post(uow, date=D(2025, 5, 10), amount=500, description="会費", purpose="dues")
            raise RuntimeError("the dues payment failed")

    with pytest.raises(RuntimeError):
        pay_dues_then_fail()
    assert _entries(ctx) == []


def test_voucher_numbers_are_gapless_per_year_and_restart(ctx, books) -> None:
    with ctx.unit_of_work("出納の記帳") as uow:
        for day in (D(2025, 3, 30), D(2025, 4, 1), D(2025, 4, 2), D(2026, 3, 31), D(2026, 4, 1)):
            ledger.post(uow, date=day, amount=100, description="雑収入", item="106")
        uow.commit()
    assert [(e.fiscal_year, e.voucher_no) for e in _entries(ctx)] == [
        (2024, 1),
        (2025, 1),
        (2025, 2),
        (2025, 3),
        (2026, 1),
    ]


def test_concurrent_posting_in_two_sessions_keeps_vouchers_gapless(ctx, books) -> None:
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(15):
                with ctx.unit_of_work("出納の記帳") as uow:
                    ledger.post(
                        uow, date=D(2025, 6, 1), amount=n * 1000 + i, description="会費", item="101"
                    )
                    uow.commit()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(e.voucher_no for e in _entries(ctx)) == list(range(1, 31))


def test_reversal_keeps_the_original_and_nets_to_zero(ctx, books) -> None:
    with ctx.unit_of_work("出納の記帳") as uow:
        wrong = ledger.post(uow, date=D(2025, 5, 1), amount=3_000, description="切手", item="207")
        uow.commit()
    with ctx.unit_of_work("出納の取消") as uow:
        reversal = ledger.reverse(uow, wrong, date=D(2025, 5, 2), reason="金額誤り")
        ledger.post(uow, date=D(2025, 5, 2), amount=2_800, description="切手", item="207")
        uow.commit()
    entries = _entries(ctx)
    assert [(e.voucher_no, e.net_amount, e.reversal_of_id) for e in entries] == [
        (1, 3_000, None),
        (2, -3_000, wrong),
        (3, 2_800, None),
    ]
    assert entries[1].id == reversal
    assert entries[1].description == "取消（伝票No.1）金額誤り"
    with ctx.unit_of_work("出納の取消") as uow, pytest.raises(RuleViolation, match="既に取り消"):
        ledger.reverse(uow, wrong, date=D(2025, 5, 3))


def test_transfer_appears_on_both_sides_and_reverses_on_both(ctx, books) -> None:
    with ctx.unit_of_work("繰出") as uow:
        out_item = ledger.find_item(uow, books["general"], "211")
        in_item = ledger.find_item(uow, books["special"], "901")
        assert out_item is not None
        assert in_item is not None
        out_id, in_id = ledger.transfer(
            uow,
            date=D(2025, 7, 1),
            amount=5_492_000,
            from_item=out_item.id,
            to_item=in_item.id,
            description="宿泊施設特別会計繰出金",
        )
        ledger.reverse(uow, out_id, date=D(2025, 7, 2))
        uow.commit()
    entries = _entries(ctx)
    assert [(e.account_id, e.direction, e.net_amount, e.voucher_no) for e in entries] == [
        (books["general"], "expenditure", 5_492_000, 1),
        (books["special"], "income", 5_492_000, 1),
        (books["general"], "expenditure", -5_492_000, 2),
        (books["special"], "income", -5_492_000, 2),
    ]
    assert entries[0].transfer_pair_id == in_id
    assert entries[1].transfer_pair_id == out_id


def test_closed_year_refuses_posting_and_reversal(ctx, books) -> None:
    with ctx.unit_of_work("出納の記帳") as uow:
        old = ledger.post(uow, date=D(2024, 6, 1), amount=100, description="利息", item="105")
        uow.commit()
    with ctx.unit_of_work("年度の締め") as uow:
        row = uow.session.get(FiscalYear, 2024)
        assert row is not None
        row.status = "closed"
        uow.commit()
    with (
        ctx.unit_of_work("出納の記帳") as uow,
        pytest.raises(RuleViolation, match="令和6年度は締め済み"),
    ):
        ledger.post(uow, date=D(2025, 3, 31), amount=100, description="利息", item="105")
    with ctx.unit_of_work("出納の取消") as uow, pytest.raises(RuleViolation, match="締め済み"):
        ledger.reverse(uow, old, date=D(2025, 3, 31))  # a 赤伝 dated in the closed year


def test_an_entry_of_a_closed_year_is_reversed_in_the_open_year(ctx, books) -> None:
    """The 赤伝 goes into the open year; the clerk is told which year's figures change."""
    from gojokai_desktop.services.accounts.ledger_actions import reversal_notice, reverse_entry

    with ctx.unit_of_work("出納の記帳") as uow:
        old = ledger.post(uow, date=D(2024, 6, 1), amount=1_200, description="利息", item="105")
        uow.commit()
    assert "締め済み" not in reversal_notice(ctx, old, D(2025, 4, 2))
    with ctx.unit_of_work("年度の締め") as uow:
        row = uow.session.get(FiscalYear, 2024)
        assert row is not None
        row.status = "closed"
        uow.commit()
    notice = reversal_notice(ctx, old, D(2025, 4, 2))
    assert notice.splitlines()[0] == "伝票No.1（令和6年度、1,200円）を取り消します。"
    assert notice.splitlines()[-1] == (
        "令和6年度は締め済みのため、取消は令和7年度の記帳になります。令和7年度の「受取利息」"
        "収入の決算額が1,200円減り、予算に対する執行額もその分減ります（令和6年度の決算は"
        "変わりません）。"
    )
    reversal = reverse_entry(ctx, old, date=D(2025, 4, 2))
    with ctx.reader() as session:
        entry = session.get(CashBookEntry, reversal)
        assert entry is not None
        assert (entry.fiscal_year, entry.net_amount, entry.reversal_of_id) == (2025, -1_200, old)


def test_refusals_name_the_field(ctx, books) -> None:
    cases = [
        ({"amount": 0, "item": "101"}, "金額"),
        ({"amount": 100, "item": "107"}, "科目"),  # 前年度繰越金 is derived
        ({"amount": 100, "item": "999"}, "科目"),
        ({"amount": 100, "item": "101", "method": "bank"}, "口座"),
    ]
    for kwargs, field in cases:
        with ctx.unit_of_work("出納の記帳") as uow, pytest.raises(ValidationError) as info:
            ledger.post(uow, date=D(2025, 5, 1), description="x", **kwargs)
        assert info.value.field == field


def test_purpose_without_setting_is_a_rule_violation(ctx, books) -> None:
    with ctx.unit_of_work("出納の記帳") as uow, pytest.raises(RuleViolation, match="計上先"):
        ledger.post(uow, date=D(2025, 5, 1), amount=1, description="x", purpose="lottery")


def test_posting_item_setting_changes_from_a_year(ctx, books) -> None:
    with ctx.unit_of_work("設定") as uow:
        set_posting_items(uow, {"dues": ("general", "106")}, valid_from_year=2026)
        a = ledger.post(uow, date=D(2026, 3, 31), amount=1, description="会費", purpose="dues")
        b = ledger.post(uow, date=D(2026, 4, 1), amount=1, description="会費", purpose="dues")
        codes = [uow.session.get(CashBookEntry, i).item_id for i in (a, b)]  # type: ignore[union-attr]
        assert codes == [ledger.find_item(uow, books["general"], c).id for c in ("101", "106")]  # type: ignore[union-attr]


def test_split_over_sub_ledgers_is_exact(ctx, society) -> None:
    with ctx.unit_of_work("準備") as uow:
        account = create_account(
            uow,
            "general",
            "一般会計",
            sub_ledgers=(("general", "一般経理", 9), ("short", "短期経理", 1)),
        )
        add_item(uow, account, "301", "事務費", "expenditure")
        ids = ledger.post_split(
            uow, date=D(2025, 5, 1), amount=5_189_001, description="事務費", item="301"
        )
        amounts = [uow.session.get(CashBookEntry, i).amount for i in ids]  # type: ignore[union-attr]
        uow.commit()
    assert amounts == [4_670_101, 518_900]
    assert sum(amounts) == 5_189_001


def test_balances_carry_forward_and_cash_never_below_zero(ctx, books) -> None:
    with ctx.unit_of_work("繰越") as uow:
        ledger_balances.set_opening_balance(uow, fiscal_year=2025, account="general", amount=50_000)
        ledger_balances.set_opening_balance(
            uow,
            fiscal_year=2025,
            account="general",
            amount=1_000_000,
            method="bank",
            bank_account=books["bank"],
        )
        ledger.post(uow, date=D(2025, 4, 10), amount=30_000, description="会費", item="101")
        ledger.post(uow, date=D(2025, 5, 10), amount=90_000, description="研修会場", item="204")
        ledger.post(
            uow,
            date=D(2025, 6, 1),
            amount=200_000,
            description="給付",
            item="201",
            method="bank",
            bank_account=books["bank"],
        )
        closing = ledger_balances.carry_forward(uow, 2025)
        uow.commit()
    by_method = {h.method: h.amount for h in closing}
    assert by_method == {"cash": -10_000, "bank": 800_000}
    with ctx.unit_of_work("確認") as uow:
        opening = {
            h.method: h.amount for h in ledger_balances.holdings(uow, 2026, until=D(2026, 3, 31))
        }
        negative = ledger_balances.cash_went_negative(uow, books["general"], 2025)
    assert opening == {"cash": -10_000, "bank": 800_000}
    assert negative == (D(2025, 5, 10), -10_000)


def test_fund_moves_change_where_money_is_not_the_status(ctx, books) -> None:
    from gojokai_desktop.services.accounts.budget_report import running_status
    from gojokai_desktop.services.accounts.cashbook import cash_book

    with ctx.unit_of_work("準備") as uow:
        ledger_balances.set_opening_balance(uow, fiscal_year=2025, account="general", amount=1_000)
        ledger_balances.set_opening_balance(
            uow,
            fiscal_year=2025,
            account="general",
            amount=500_000,
            method="bank",
            bank_account=books["bank"],
        )
        withdraw, _cash_in = ledger.move_funds(
            uow,
            date=D(2025, 4, 3),
            amount=30_000,
            from_bank_account=books["bank"],
            to_bank_account=None,
        )
        ledger.post(uow, date=D(2025, 4, 4), amount=20_000, description="切手", item="207")
        with pytest.raises(ValidationError):
            ledger.move_funds(
                uow, date=D(2025, 4, 5), amount=1, from_bank_account=None, to_bank_account=None
            )
        ledger.reverse(uow, withdraw, date=D(2025, 4, 6))
        held = {
            h.method: h.amount for h in ledger_balances.holdings(uow, 2025, until=D(2025, 4, 5))
        }
        after = {h.method: h.amount for h in ledger_balances.holdings(uow, 2025)}
        negative = ledger_balances.cash_went_negative(uow, books["general"], 2025)
        uow.commit()
    assert held == {"cash": 11_000, "bank": 470_000}
    assert after == {"cash": -19_000, "bank": 500_000}
    assert negative == (D(2025, 4, 6), -19_000)
    cash_only = cash_book(ctx, start=D(2025, 4, 1), end=D(2025, 4, 3), method="cash")
    assert [(r.item_name, r.income, r.balance) for r in cash_only.rows] == [
        ("資金移動", 30_000, 31_000)
    ]
    both = cash_book(ctx, start=D(2025, 4, 1), end=D(2025, 4, 3))
    assert [(r.method, r.income, r.expenditure, r.description, r.balance) for r in both.rows] == [
        ("預金（東邦銀行 普通 1234567）", None, None, "預金引出（30,000円）", 501_000),
        ("現金", None, None, "預金引出（30,000円）", 501_000),
    ]
    assert (both.income_total, both.expenditure_total, both.closing) == (0, 0, 501_000)
    status = running_status(ctx, fiscal_year=2025, until=D(2025, 4, 30))
    assert status.row("income", "合計").cells[1] == 501_000  # only the opening money
    assert status.row("expenditure", "通信運搬費").cells[1] == 20_000
