"""The year close: checklist, close by an administrator, carry-forward, lock, re-opening."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.models import (
    AuditEntry,
    Budget,
    BudgetLine,
    CashBookEntry,
    FiscalYear,
    FiscalYearClosing,
    OpeningBalance,
)
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.accounts import ledger, year_close
from gojokai_desktop.services.accounts.balances import set_opening_balance
from gojokai_desktop.services.accounts.budget import create_budget, set_line
from gojokai_desktop.services.accounts.setup import (
    add_bank_account,
    add_item,
    create_account,
    load_preset,
)

D = dt.date


@pytest.fixture
def admin(ctx, society):
    return dataclasses.replace(ctx, actor=Actor(1, "管理者"))


@pytest.fixture
def year_2024(admin):
    """Books from 2024: opening money, a year of entries, budgets for 2024 and 2025."""
    with admin.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2024)
        bank = add_bank_account(uow, general, "東邦銀行 普通 1234567")
        set_opening_balance(uow, fiscal_year=2024, account=general, amount=30_000)
        set_opening_balance(
            uow, fiscal_year=2024, account=general, amount=500_000, method="bank", bank_account=bank
        )
        ledger.post(uow, date=D(2024, 5, 25), amount=120_000, description="会費", item="101",
                    method="bank", bank_account=bank)  # fmt: skip
        ledger.post(uow, date=D(2024, 6, 5), amount=8_000, description="切手", item="207")
        ledger.post(uow, date=D(2025, 3, 20), amount=45_000, description="福利厚生", item="202",
                    method="bank", bank_account=bank)  # fmt: skip
        for year in (2024, 2025):
            budget = create_budget(uow, fiscal_year=year, account=general)
            set_line(uow, budget, "101", 130_000)
        uow.commit()
    return {"general": general, "bank": bank}


def _opening(ctx, year: int) -> dict[str, int]:
    with ctx.reader() as session:
        rows = session.scalars(select(OpeningBalance).where(OpeningBalance.fiscal_year == year))
        return {r.method: r.amount for r in rows}


def test_only_an_administrator_closes(ctx, clerk_ctx, year_2024, tmp_path) -> None:
    with pytest.raises(RuleViolation, match="管理者だけ"):
        year_close.close_year(clerk_ctx, 2024, backup_dir=tmp_path)
    assert not year_close.is_closed(ctx, 2024)


def test_a_year_not_yet_ended_cannot_close(admin, year_2024, tmp_path) -> None:
    checklist = year_close.year_checklist(admin, 2025)
    assert [c.key for c in checklist.blocking] == ["year_not_ended", "previous_open"]
    assert "令和8年3月31日" in checklist.blocking[0].title
    with pytest.raises(RuleViolation, match="まだ締められません"):
        year_close.close_year(admin, 2025, backup_dir=tmp_path)


def test_close_backs_up_carries_forward_and_locks(admin, year_2024, tmp_path) -> None:
    checklist = year_close.year_checklist(admin, 2024)
    assert checklist.can_close, checklist.items
    result = year_close.close_year(admin, 2024, backup_dir=tmp_path)
    assert result.backup is not None
    assert result.backup.exists()
    assert result.backup.parent == tmp_path / "年度締め"
    # 30,000 − 8,000 cash; 500,000 + 120,000 − 45,000 in the bank.
    assert _opening(admin, 2025) == {"cash": 22_000, "bank": 575_000}
    assert result.carried_total == 597_000
    assert "597,000円" in year_close.describe_carry(result)
    assert year_close.is_closed(admin, 2024)
    with admin.reader() as session:
        (record,) = session.scalars(select(FiscalYearClosing)).all()
        assert (record.action, record.backup_path) == ("close", str(result.backup))
        assert json.loads(record.summary_json)["carried"][0][1] in (22_000, 575_000)
    with pytest.raises(RuleViolation, match="既に締め済み"):
        year_close.close_year(admin, 2024, backup_dir=tmp_path)


def test_a_closed_year_refuses_every_write(admin, year_2024, tmp_path) -> None:
    year_close.close_year(admin, 2024, backup_dir=tmp_path)
    with admin.unit_of_work("出納の記帳") as uow, pytest.raises(RuleViolation, match="令和6年度"):
        ledger.post(uow, date=D(2025, 3, 31), amount=100, description="利息", item="105")
    # A row written without the ledger's own check is refused by the unit of work.
    with admin.reader() as session:
        template = session.scalars(select(CashBookEntry)).first()
        budget_id = session.scalar(select(Budget.id).where(Budget.fiscal_year == 2024))
        line_id = session.scalar(select(BudgetLine.id).where(BudgetLine.budget_id == budget_id))
    assert template is not None
    with admin.unit_of_work("直接の書き込み") as uow:
        uow.session.add(
            CashBookEntry(fiscal_year=2024, voucher_no=99, line_no=1, entry_date=D(2024, 7, 1),
                          account_id=template.account_id, item_id=template.item_id,
                          direction=template.direction, amount=1, net_amount=1,
                          description="x", method="cash")
        )  # fmt: skip
        with pytest.raises(RuleViolation, match=r"令和6年度は締め済み.*出納は追加できません"):
            uow.flush()
    with admin.unit_of_work("予算の修正") as uow:
        line = uow.session.get(BudgetLine, line_id)
        assert line is not None
        line.amount = 1
        with pytest.raises(RuleViolation, match="予算は変更できません"):
            uow.flush()
    with admin.unit_of_work("出納の移動") as uow:
        entry = uow.session.get(CashBookEntry, template.id)
        assert entry is not None
        entry.entry_date = D(2025, 4, 1)  # moving a row out of the closed year is a change too
        with pytest.raises(RuleViolation, match="締め済み"):
            uow.flush()
    with admin.unit_of_work("出納の削除") as uow:
        uow.session.delete(uow.session.get(CashBookEntry, template.id))
        with pytest.raises(RuleViolation, match="削除できません"):
            uow.flush()
    # The next year stays open.
    with admin.unit_of_work("出納の記帳") as uow:
        ledger.post(uow, date=D(2025, 4, 2), amount=100, description="利息", item="105")
        uow.commit()


def test_a_crash_inside_the_close_leaves_the_year_open_and_nothing_carried(
    admin, year_2024, tmp_path, monkeypatch
) -> None:
    def crash(*_args: object) -> None:
        raise OSError("電源が切れた")

    monkeypatch.setattr(year_close, "_lock_year", crash)
    with pytest.raises(OSError, match="電源"):
        year_close.close_year(admin, 2024, backup_dir=tmp_path)
    assert not year_close.is_closed(admin, 2024)
    assert _opening(admin, 2025) == {}
    with admin.reader() as session:
        assert session.scalar(select(func.count()).select_from(FiscalYearClosing)) == 0


def test_blocking_checks_refuse_the_close(admin, year_2024, tmp_path) -> None:
    with admin.unit_of_work("出納の記帳") as uow:
        # Paid 40,000 in cash with 22,000 on hand (30,000 − 8,000): the 預金引出 was never written.
        ledger.post(uow, date=D(2024, 8, 1), amount=40_000, description="記念品", item="202")
        special = create_account(uow, "lodging", "宿泊施設特別会計", kind="special")
        add_item(uow, special, "901", "繰入金", "income", role="transfer_in")
        add_item(uow, year_2024["general"], "211", "繰出金", "expenditure", role="transfer_out")
        ledger.post(uow, date=D(2024, 9, 1), amount=5_000, description="繰出", item="211",
                    method="bank", bank_account=year_2024["bank"])  # fmt: skip
        uow.commit()
    checklist = year_close.year_checklist(admin, 2024)
    keys = {c.key: c for c in checklist.blocking}
    assert set(keys) == {"negative_money", "transfer_mismatch"}
    assert "令和6年8月1日に△18,000円" in keys["negative_money"].detail
    assert keys["negative_money"].screen == "［会計］→［出納帳］"
    assert "繰出金 5,000円、繰入金 0円" in keys["transfer_mismatch"].detail
    with pytest.raises(RuleViolation) as refused:
        year_close.close_year(admin, 2024, backup_dir=tmp_path)
    assert "残高がマイナス" in refused.value.message
    assert "繰出金と繰入金" in refused.value.message
    assert not year_close.is_closed(admin, 2024)
    assert not (tmp_path / "年度締め").exists()


def test_reopen_needs_a_reason_and_the_next_year_open(admin, year_2024, tmp_path) -> None:
    year_close.close_year(admin, 2024, backup_dir=tmp_path)
    with pytest.raises(ValidationError) as missing:
        year_close.reopen_year(admin, 2024, "  ")
    assert missing.value.field == "理由"
    with admin.unit_of_work("翌年度を締めた") as uow:
        row = uow.session.get(FiscalYear, 2025)
        assert row is not None
        row.status = "closed"
        uow.commit()
    with pytest.raises(RuleViolation, match="先に翌年度"):
        year_close.reopen_year(admin, 2024, "監査で記帳漏れが見つかった")
    with admin.unit_of_work("翌年度を戻す") as uow:
        row = uow.session.get(FiscalYear, 2025)
        assert row is not None
        row.status = "open"
        uow.commit()
    year_close.reopen_year(admin, 2024, "監査で記帳漏れが見つかった")
    assert not year_close.is_closed(admin, 2024)
    history = year_close.closing_history(admin, 2024)
    assert [(h.action, h.reason) for h in history] == [
        ("reopen", "監査で記帳漏れが見つかった"),
        ("close", ""),
    ]
    with admin.reader() as session:
        audited = session.scalars(
            select(AuditEntry.after_json).where(AuditEntry.entity == "fiscal_year_closings")
        ).all()
    assert any("監査で記帳漏れ" in (a or "") for a in audited)
    with admin.unit_of_work("出納の記帳") as uow:
        ledger.post(uow, date=D(2025, 3, 31), amount=300, description="利息", item="105",
                    method="bank", bank_account=year_2024["bank"])  # fmt: skip
        uow.commit()
    year_close.close_year(admin, 2024, backup_dir=tmp_path)
    assert _opening(admin, 2025) == {"cash": 22_000, "bank": 575_300}


def test_the_previous_year_must_be_closed_first(admin, year_2024, tmp_path) -> None:
    later = dataclasses.replace(admin, clock=lambda: D(2026, 5, 1))
    checklist = year_close.year_checklist(later, 2025)
    assert [c.key for c in checklist.blocking] == ["previous_open"]
    assert "令和6年度" in checklist.blocking[0].title
    budgets = [c for c in checklist.items if c.key.startswith("budget_missing")]
    assert [c.title for c in budgets] == ["翌年度（令和8年度）の予算がありません"]
    assert not budgets[0].blocking
