"""Benefit printouts: claim forms, decision and payment notices, the 支払決議書 of a batch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader

from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services import printing
from gojokai_desktop.services.benefits.batch_views import get_batch
from gojokai_desktop.services.benefits.payments import reverse_payment
from gojokai_desktop.services.benefits.printouts import (
    print_claim_forms,
    print_decision_notices,
    print_payment_list,
    print_payment_notices,
)
from gojokai_desktop.services.print_settings import load_print_settings, save_print_settings
from tests.integration.benefits.benefit_scenario import (
    OVERRIDE_REASON,
    REJECT_REASON,
    Scenario,
    month_of_benefits,
)

D = dt.date


@pytest.fixture
def month(ctx, benefit_society) -> Scenario:
    return month_of_benefits(ctx, benefit_society)


def _pages(path: Path) -> list[str]:
    return [p.extract_text() for p in PdfReader(path).pages]


def test_claim_forms_are_prefilled_one_sheet_per_claim(ctx, month, tmp_path: Path) -> None:
    out = tmp_path / "claims.pdf"
    result = print_claim_forms(ctx, [month.transfer, month.cash], out)
    first, second = _pages(out)
    assert result.pages == 2
    for text in (first, second):
        assert "慶弔給付金請求書" in text
        assert "佐藤　花子" in text
        assert "福島商事" in text
        assert "テスト町勤労者互助会" in text
        assert "令和　　年　　月　　日" in text  # 事業主証明 left for the employer to date
    assert "R7-0001" in first
    assert "傷病見舞金" in first
    assert "令和7年5月1日" in first  # event date
    assert "令和7年6月1日" in first  # claim date
    assert "腰椎骨折により入院" in first
    assert "休業日数 45日" in first
    assert "■医師の診断書" in first
    assert "本人" in first
    assert "みずほ" in first
    assert "東京営業部" in first
    assert "1234567" in first  # the clerk's own form keeps the account whole
    assert "￥\n2\n0\n0\n0\n0\n" in first  # one digit per box
    assert "佐藤　ハナ" in second
    assert "母" in second
    # Paid in cash: the form's 振込先（請求者本人名義） stays blank.
    assert "みずほ" not in second
    assert "1234567" not in second


def test_decision_notices_say_paid_or_not_with_the_reason(ctx, month, tmp_path: Path) -> None:
    out = tmp_path / "decisions.pdf"
    print_decision_notices(ctx, [month.transfer, month.rejected, month.cash], out)
    paid, rejected, cash = _pages(out)
    assert "慶弔第R7-0001号" in paid
    assert "支給" in paid
    assert "不支給" not in paid
    assert "￥20,000" in paid
    assert "令和7年6月10日" in paid  # decided
    assert "令和7年6月13日" in paid  # paid with the batch
    assert "会員の口座へ振込" in paid
    assert "支給額の算定: 休業日数45日" in paid
    assert "****567" in paid
    assert "1234567" not in paid
    assert "不支給" in rejected
    assert REJECT_REASON in rejected
    assert "￥0" in rejected
    assert "現金（窓口）" in cash
    assert "****" not in cash


def test_account_number_is_printed_whole_when_the_settings_unmask(
    ctx, month, tmp_path: Path
) -> None:
    with ctx.reader() as session:
        settings = load_print_settings(session)
    from dataclasses import replace

    save_print_settings(ctx, replace(settings, mask_accounts=False))
    out = tmp_path / "decision.pdf"
    print_decision_notices(ctx, [month.transfer], out)
    assert "1234567" in _pages(out)[0]


def test_an_undecided_claim_gets_no_decision_notice(ctx, month, tmp_path: Path) -> None:
    with pytest.raises(RuleViolation, match="R7-0005 はまだ決定していません（受付）"):
        print_decision_notices(ctx, [month.transfer, month.received], tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


def test_payment_notices_tell_amount_date_method_and_masked_account(
    ctx, month, tmp_path: Path
) -> None:
    out = tmp_path / "notices.pdf"
    print_payment_notices(ctx, [month.transfer, month.cash], out)
    transfer, cash = _pages(out)
    assert "慶弔給付金支払通知書" in transfer
    assert "佐藤　花子" in transfer
    assert "￥20,000" in transfer
    assert "令和7年6月13日(金)" in transfer
    assert "会員の口座へ振込" in transfer
    assert "****567" in transfer
    assert "1234567" not in transfer
    assert "R7-支01" in transfer
    assert "0245211111" in transfer or "024-521-1111" in transfer  # the society's contact
    assert "￥10,000" in cash
    assert "窓口で現金でお渡ししました" in cash
    with pytest.raises(RuleViolation, match="R7-0004 はまだ支払っていません（不支給）"):
        print_payment_notices(ctx, [month.rejected], tmp_path / "y.pdf")


def test_payment_list_total_equals_the_batch_total(ctx, month, tmp_path: Path) -> None:
    out = tmp_path / "kessai.pdf"
    print_payment_list(ctx, month.batch, out)
    [text] = _pages(out)
    batch = get_batch(ctx, month.batch).row
    assert batch.total_amount == 45_000
    assert "支払決議書" in text
    assert "R7-支01" in text
    assert "令和7年6月13日(金)" in text
    for box in ("決裁", "会長", "事務局長", "担当"):
        assert box in text
    assert "現金 2件 25,000円" in text
    assert "振込（会員） 1件 20,000円" in text
    assert "振込（事業所） 0件 0円" in text
    assert "合計 3件 45,000円" in text
    assert "合計（3件）" in text
    assert "45,000" in text
    assert "鈴木　新人" in text
    assert "佐藤　花子" in text
    assert "みずほ 東京営業部 普通" in text
    assert "****567" in text


def test_a_reversed_payment_leaves_the_payment_list_and_its_total(
    ctx, month, tmp_path: Path
) -> None:
    line = next(x for x in get_batch(ctx, month.batch).lines if x.claim_id == month.cash)
    reverse_payment(ctx, line.payment_id, "二重払いのため返金", D(2025, 6, 16))
    out = tmp_path / "kessai.pdf"
    print_payment_list(ctx, month.batch, out)
    [text] = _pages(out)
    assert get_batch(ctx, month.batch).row.total_amount == 35_000
    assert "合計 2件 35,000円（支払取消 1件を除く）" in text
    assert "佐藤　ハナ" not in text


def test_member_forms_print_bank_names_or_the_code_when_unknown(
    ctx, benefit_society, tmp_path: Path
) -> None:
    from gojokai_desktop.db.models import Member

    with ctx.unit_of_work("口座") as uow:
        newcomer = uow.session.get(Member, benefit_society.newcomer)
        newcomer.bank_code, newcomer.branch_code = "9999", "123"
        uow.commit()
    out = tmp_path / "claim.pdf"
    with ctx.reader() as session:
        numbers = [m.number for m in session.query(Member).order_by(Member.id)]
    printing.render_member_forms(ctx, "benefit_claim", numbers, out, user_forms_dir=None)
    hanako, newcomer_text = _pages(out)
    assert "みずほ" in hanako
    assert "東京営業部" in hanako
    assert "金融機関コード 9999" in newcomer_text
    assert "支店コード 123" in newcomer_text


def test_overridden_claim_prints_no_override_reason_on_the_notice(
    ctx, month, tmp_path: Path
) -> None:
    out = tmp_path / "decision.pdf"
    print_decision_notices(ctx, [month.overridden], out)
    [text] = _pages(out)
    assert "￥15,000" in text
    assert "審査のうえ支給額を決定しました" in text
    assert OVERRIDE_REASON not in text


def test_blank_claim_form_has_the_society_and_empty_fields(ctx, society, tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    printing.render_blank(ctx, "benefit_claim", out, user_forms_dir=None, copies=2)
    pages = _pages(out)
    assert len(pages) == 2
    assert "テスト町勤労者互助会" in pages[0]
    assert "R7-" not in pages[0]
    assert pages[0].count("令和　　年　　月　　日") == 3  # claim, event and certification dates
