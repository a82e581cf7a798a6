"""A closed year refuses writes in every area (dues, receipts, benefits), while a later year's
payment may still settle an old bill and a lost receipt may be reprinted; and the dues and
benefit checks of the year-close checklist."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from gojokai_desktop.db.models import DuesBill, FiscalYear
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.accounts.setup import add_bank_account, load_preset
from gojokai_desktop.services.accounts.year_close import close_year, year_checklist
from gojokai_desktop.services.dues.billing import cancel_bill, run_billing
from gojokai_desktop.services.dues.fees import FeeTableInput, save_fee_table
from gojokai_desktop.services.dues.payments import arrears_list, record_payment
from gojokai_desktop.services.dues.receipts import issue_receipt, reissue_receipt, void_receipt
from gojokai_desktop.services.members.establishments import EstablishmentInput, create_establishment
from gojokai_desktop.services.members.membership import join_member
from gojokai_desktop.services.members.records import MemberInput

D = dt.date


@pytest.fixture
def admin(ctx, society):
    # 2025-06-15 as in every test: fiscal 2024 has ended.
    return dataclasses.replace(ctx, actor=Actor(1, "管理者"))


@pytest.fixture
def billed(admin):
    """An establishment of 3 members billed monthly from April 2024 to March 2025; March
    left unpaid, the rest paid in the year."""
    with admin.unit_of_work("会計の準備") as uow:
        general = load_preset(uow, valid_from_year=2020)
        bank = add_bank_account(uow, general, "東邦銀行 普通 1234567")
        uow.commit()
    for year in (2024, 2025):
        save_fee_table(admin, FeeTableInput(year, entry_fee=0, monthly_dues=500, debit_day=20))
    est = create_establishment(
        admin, EstablishmentInput(name="福島商事", billing_cycle="monthly"), D(2020, 4, 1)
    )
    for n in range(3):
        join_member(admin, MemberInput(name=f"会員　{n}", name_kana="カイイン"), est.id,
                    D(2024, 3, 1), effective=D(2024, 4, 1))  # fmt: skip
    for month in range(12):
        period = D(2024 + (month + 3) // 12, (month + 3) % 12 + 1, 1)
        run_billing(admin, period)
    payment = record_payment(admin, est.id, 1_500 * 11, D(2025, 3, 10), bank_account=bank)
    return {"est": est.id, "bank": bank, "payment": payment.payment_id}


def _bill(ctx, period: dt.date) -> int:
    with ctx.reader() as session:
        found = session.scalar(select(DuesBill.id).where(DuesBill.period == period))
    assert found is not None
    return found


def test_dues_checks_name_unbilled_months_and_unpaid_bills(admin, billed) -> None:
    checklist = year_checklist(admin, 2024)
    keys = {c.key: c for c in checklist.items}
    assert "dues_unbilled" not in keys
    assert keys["dues_unpaid"].detail.startswith("1件 1,500円")
    assert not keys["dues_unpaid"].blocking
    assert checklist.can_close
    cancel_bill(admin, _bill(admin, D(2025, 3, 1)), "人数の誤り")
    unbilled = {c.key: c for c in year_checklist(admin, 2024).blocking}["dues_unbilled"]
    assert "3月分 1事業所" in unbilled.detail
    assert unbilled.screen == "［会費］→［請求］"


def test_closed_year_dues_refusals_and_what_a_later_year_may_still_do(
    admin, billed, tmp_path
) -> None:
    receipt = issue_receipt(admin, billed["payment"], issued=D(2025, 3, 10))
    close_year(admin, 2024, backup_dir=tmp_path)
    with pytest.raises(RuleViolation, match="令和6年度は締め済み"):
        record_payment(admin, billed["est"], 100, D(2025, 3, 31), bank_account=billed["bank"])
    with pytest.raises(RuleViolation, match=r"令和6年度は締め済み.*会費の請求"):
        run_billing(admin, D(2025, 3, 1))  # nothing new, but the run itself is dated there
    with pytest.raises(RuleViolation, match="会費の請求は変更できません"):
        cancel_bill(admin, _bill(admin, D(2025, 3, 1)), "誤り")
    with pytest.raises(RuleViolation, match="領収書は変更できません"):
        void_receipt(admin, receipt.id, "書き損じ")
    again = reissue_receipt(admin, receipt.id)  # a lost receipt is reprinted (再発行)
    assert again.reissue_count == 1
    # The March bill of the closed year is paid in April: the bill is settled all the same.
    record_payment(admin, billed["est"], 1_500, D(2025, 4, 8), bank_account=billed["bank"])
    assert arrears_list(admin, D(2025, 6, 15)) == []


def test_a_draft_payment_batch_stops_the_close(admin, tmp_path, monkeypatch) -> None:
    from gojokai_desktop.db.models import BenefitPaymentBatch

    with admin.unit_of_work("年度") as uow:
        uow.session.add(FiscalYear(year=2024, start_date=D(2024, 4, 1), end_date=D(2025, 3, 31)))
        uow.session.add(
            BenefitPaymentBatch(fiscal_year=2024, seq=3, payment_date=D(2025, 3, 25),
                                status="draft", claim_count=2, created_by="事務")
        )  # fmt: skip
        uow.commit()
    check = {c.key: c for c in year_checklist(admin, 2024).blocking}["benefit_draft_batches"]
    assert check.title == "作成中のままの支払予定があります"
    assert "R6-支03（R7.3.25、2件）" in check.detail
    assert check.screen == "［慶弔給付］→［支払］"
    with pytest.raises(RuleViolation, match="作成中のままの支払予定"):
        close_year(admin, 2024, backup_dir=tmp_path)


def test_closed_year_refuses_member_records_dated_in_it(admin, billed, tmp_path) -> None:
    """Joins, leaves, transfers and family records dated in a closed year are refused with
    the year named; a membership begun in the closed year still ends, and its family record
    still changes, in the open year."""
    from gojokai_desktop.services.members.family import add_family, end_family, update_family
    from gojokai_desktop.services.members.membership import (
        get_member,
        leave_member,
        transfer_member,
    )
    from gojokai_desktop.services.members.records import FamilyInput

    (first, second, third) = [m.id for m in _members(admin)]
    spouse = FamilyInput(relation="配偶者", name="会員　花子", from_date=D(2024, 6, 1))
    family_id = add_family(admin, first, spouse).family[0].id
    other = create_establishment(
        admin, EstablishmentInput(name="信夫工業", billing_cycle="monthly"), D(2020, 4, 1)
    )
    close_year(admin, 2024, backup_dir=tmp_path)
    closed = r"令和6年度は締め済みのため、令和6年度の(会員期間|所属事業所|異動履歴)"
    with pytest.raises(RuleViolation, match=closed):
        join_member(admin, MemberInput(name="新人　一郎", name_kana="シンジン"), billed["est"],
                    D(2025, 2, 1), effective=D(2025, 3, 1))  # fmt: skip
    with pytest.raises(RuleViolation, match=closed):
        leave_member(admin, first, D(2025, 3, 10), "retired")
    with pytest.raises(RuleViolation, match=closed):
        transfer_member(admin, second, other.id, D(2025, 3, 1))
    with pytest.raises(RuleViolation, match="令和6年度の家族・被扶養者は追加できません"):
        add_family(admin, third, dataclasses.replace(spouse, from_date=D(2025, 1, 1)))
    with pytest.raises(RuleViolation, match="令和6年度の家族・被扶養者は変更できません"):
        end_family(admin, family_id, D(2025, 3, 31))
    # Nothing of the refused writes was kept.
    assert get_member(admin, first).leave_date is None
    assert get_member(admin, second).establishment_id == billed["est"]
    # The open year: a 2024 membership ends, a 2024 family record is corrected and ended.
    renamed = dataclasses.replace(spouse, name="会員　華子")
    assert update_family(admin, family_id, renamed).family[0].name == "会員　華子"
    assert end_family(admin, family_id, D(2025, 5, 31)).family[0].to_date == D(2025, 5, 31)
    assert leave_member(admin, first, D(2025, 4, 10), "retired").leave_date == D(2025, 4, 30)
    assert transfer_member(admin, second, other.id, D(2025, 5, 1)).establishment_id == other.id


def _members(ctx):
    from gojokai_desktop.db.models import Member

    with ctx.reader() as session:
        return list(session.scalars(select(Member).order_by(Member.id)))
