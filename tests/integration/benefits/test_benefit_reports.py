"""The benefit register (給付台帳): periods, filters, totals, overrides marked, the PDF and
workbook read back, and the auditors' check against the cash book."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.benefits.batch_views import get_batch
from gojokai_desktop.services.benefits.payments import reverse_payment
from gojokai_desktop.services.benefits.register import (
    RegisterFilter,
    benefit_register,
    export_register,
    fiscal_year_filter,
    print_register,
    register_matches_cash_book,
)
from tests.integration.benefits.benefit_scenario import (
    OVERRIDE_REASON,
    REJECT_REASON,
    Scenario,
    month_of_benefits,
)

D = dt.date
FY2025 = RegisterFilter(D(2025, 4, 1), D(2026, 3, 31))


@pytest.fixture
def month(ctx, benefit_society) -> Scenario:
    return month_of_benefits(ctx, benefit_society)


def _reverse(ctx, month: Scenario, claim_id: int, on: dt.date) -> None:
    line = next(x for x in get_batch(ctx, month.batch).lines if x.claim_id == claim_id)
    reverse_payment(ctx, line.payment_id, "振込先の誤り", on)


def test_register_by_event_date_holds_every_claim_with_totals(ctx, month) -> None:
    register = benefit_register(ctx, FY2025)
    assert [r.number for r in register.rows] == [
        "R7-0001", "R7-0002", "R7-0003", "R7-0004", "R7-0005",
    ]  # fmt: skip
    assert [r.status_label for r in register.rows] == [
        "支払済", "支払済", "支払済", "不支給", "受付",
    ]  # fmt: skip
    first = register.rows[0]
    assert (first.claim_date, first.decided_on, first.paid_on) == (
        D(2025, 6, 1),
        D(2025, 6, 10),
        D(2025, 6, 13),
    )
    assert (first.member_name, first.subject_name, first.subject_relation) == (
        "佐藤　花子",
        "佐藤　花子",
        "本人",
    )
    assert register.rows[1].subject_name == "佐藤　ハナ"
    assert first.batch_label == "R7-支01"
    # computed 20,000 + 10,000 + 20,000 (the override paid 15,000) + 20,000 + 30,000
    assert register.computed_total == 100_000
    assert register.decided_total == 45_000
    assert register.paid_total == 45_000
    assert register.conditions == ("事由発生日 令和7年4月1日〜令和8年3月31日",)


def test_overridden_claims_are_marked_with_the_reason(ctx, month) -> None:
    register = benefit_register(ctx, FY2025)
    [marked] = [r for r in register.rows if r.mark]
    assert marked.claim_id == month.overridden
    assert marked.mark == "★"
    assert (marked.computed_amount, marked.decided_amount) == (20_000, 15_000)
    assert marked.note == f"上書: {OVERRIDE_REASON}"
    assert register.overridden_count == 1
    rejected = next(r for r in register.rows if r.claim_id == month.rejected)
    assert rejected.note == f"不支給: {REJECT_REASON}"
    assert (rejected.decided_amount, rejected.paid_amount) == (None, None)


def test_filters_by_kind_status_establishment_and_paid_date(ctx, month, benefit_society) -> None:
    by_kind = benefit_register(ctx, replace(FY2025, kind_codes=("death_parent",)))
    assert [r.claim_id for r in by_kind.rows] == [month.cash]
    assert "給付の種類: 死亡弔慰金（父母）" in by_kind.conditions[1]
    open_ones = benefit_register(ctx, replace(FY2025, statuses=("received", "rejected")))
    assert {r.claim_id for r in open_ones.rows} == {month.received, month.rejected}
    here = benefit_register(ctx, replace(FY2025, establishment_id=benefit_society.establishment_id))
    assert here.count == 5
    assert "事業所: 福島商事" in here.conditions[1]
    paid = benefit_register(ctx, replace(FY2025, by="paid"))
    assert {r.claim_id for r in paid.rows} == {month.transfer, month.cash, month.overridden}
    assert paid.conditions[0] == "支払日 令和7年4月1日〜令和8年3月31日"
    june_first_week = benefit_register(ctx, RegisterFilter(D(2025, 6, 1), D(2025, 6, 7)))
    assert [r.claim_id for r in june_first_week.rows] == [month.rejected, month.received]


def test_a_period_ending_before_it_starts_is_refused(ctx, society) -> None:
    with pytest.raises(ValidationError) as error:
        benefit_register(ctx, RegisterFilter(D(2025, 6, 1), D(2025, 5, 31)))
    assert error.value.field == "期間"
    with pytest.raises(ValidationError, match="事由発生日か支払日"):
        benefit_register(ctx, replace(FY2025, by="decided"))


def test_a_reversed_payment_is_not_counted(ctx, month) -> None:
    _reverse(ctx, month, month.cash, D(2025, 6, 16))
    register = benefit_register(ctx, fiscal_year_filter(ctx, 2025))
    assert {r.claim_id for r in register.rows} == {month.transfer, month.overridden}
    assert register.paid_total == 35_000
    by_event = benefit_register(ctx, FY2025)
    cash = next(r for r in by_event.rows if r.claim_id == month.cash)
    assert (cash.status_label, cash.paid_amount, cash.batch_label) == ("支給決定", None, "")
    assert by_event.decided_total == 45_000  # still decided, to be paid again


def test_register_matches_the_cash_book_to_the_yen(ctx, month) -> None:
    check = register_matches_cash_book(ctx, 2025)
    assert (check.register_total, check.cash_book_total, check.difference) == (45_000, 45_000, 0)
    assert check.matches
    _reverse(ctx, month, month.cash, D(2025, 6, 16))
    check = register_matches_cash_book(ctx, 2025)
    assert (check.register_total, check.cash_book_total, check.other_year_reversals) == (
        35_000,
        35_000,
        0,
    )
    assert check.matches


def test_a_payment_taken_back_the_next_year_is_explained_in_both_years(ctx, month) -> None:
    _reverse(ctx, month, month.transfer, D(2026, 4, 10))
    paid_year = register_matches_cash_book(ctx, 2025)
    assert (paid_year.register_total, paid_year.cash_book_total) == (25_000, 45_000)
    assert paid_year.other_year_reversals == 20_000
    assert paid_year.matches
    next_year = register_matches_cash_book(ctx, 2026)
    assert (next_year.register_total, next_year.cash_book_total) == (0, -20_000)
    assert next_year.matches


def test_a_cash_book_entry_the_register_does_not_know_shows_as_a_difference(
    ctx, month, benefit_society
) -> None:
    from gojokai_desktop.services.accounts import ledger
    from gojokai_desktop.services.accounts.setup import item_for_purpose

    with ctx.unit_of_work("手入力") as uow:
        item = item_for_purpose(uow, "benefits", 2025)
        ledger.post(
            uow,
            date=D(2025, 6, 20),
            amount=3_000,
            description="給付の手入力",
            item=item.id,
            method="cash",
            source=("benefit_payment", 999),
        )
        uow.commit()
    check = register_matches_cash_book(ctx, 2025)
    assert check.difference == 3_000
    assert not check.matches


def test_register_pdf_has_era_dates_totals_and_the_override_mark(
    ctx, month, tmp_path: Path
) -> None:
    out = tmp_path / "daicho.pdf"
    result = print_register(ctx, benefit_register(ctx, FY2025), out)
    [text] = [p.extract_text() for p in PdfReader(out).pages]
    assert result.pages == 1
    assert "慶弔給付台帳" in text
    assert "事由発生日 令和7年4月1日〜令和8年3月31日" in text
    assert "R7.6.13" in text  # paid on, era dates
    assert "R7-支01" in text
    assert "★" in text
    assert f"上書: {OVERRIDE_REASON}" in text
    assert result.truncated == []
    assert "合計（5件）" in text
    assert "100,000" in text
    assert "45,000" in text
    assert "テスト町勤労者互助会" in text


def test_register_workbook_reads_back(ctx, month, tmp_path: Path) -> None:
    out = tmp_path / "daicho.xlsx"
    assert export_register(ctx, benefit_register(ctx, FY2025), out) == 5
    assert not list(tmp_path.glob("*.tmp"))  # no temporary left beside it
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "慶弔給付台帳　テスト町勤労者互助会"
    assert sheet["A2"].value == "事由発生日 令和7年4月1日〜令和8年3月31日"
    header = [c.value for c in sheet[4]]
    assert header[:5] == ["受付番号", "請求日", "事由発生日", "決定日", "支払日"]
    first = [c.value for c in sheet[5]]
    assert first[0] == "R7-0001"
    assert first[4].date() == D(2025, 6, 13)
    assert first[11:14] == [20_000, 20_000, 20_000]
    assert first[17] == "R7-支01"
    marked = [c.value for c in sheet[7]]
    assert marked[15:19] == ["★", "事務 花子", "R7-支01", f"上書: {OVERRIDE_REASON}"]
    totals = [c.value for c in sheet[10]]
    assert totals[0] == "合計（5件）"
    assert totals[11:14] == [100_000, 45_000, 45_000]
