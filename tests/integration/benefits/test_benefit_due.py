"""Due lists from the database: who is listed, on which day, for how much, and claiming them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gojokai_desktop.db.models import BenefitClaim, BenefitClaimStep
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.benefits.claims import reject_claim, withdraw_claim
from gojokai_desktop.services.benefits.due import (
    DueRow,
    create_claims_from_due,
    due_list,
    due_this_month,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.family import end_family
from tests.integration.benefits.due_people import People, join, make_people
from tests.integration.conftest import BenefitSociety

D = dt.date


@pytest.fixture
def people(ctx: AppContext, benefit_society: BenefitSociety) -> People:
    return make_people(ctx, benefit_society)


def keyed(rows: tuple[DueRow, ...]) -> dict[tuple[str, int, int | None], DueRow]:
    return {(r.kind_code, r.member_id, r.family_member_id): r for r in rows}


def test_due_list_of_a_fiscal_year(ctx: AppContext, people: People) -> None:
    listed = due_list(ctx, 2025)
    assert [k.code for k in listed.kinds] == [
        "school_elementary",
        "school_junior",
        "adult",
        "silver_wedding",
        "long_service",
        "longevity",
    ]
    summary = [
        (r.kind_code, r.person_name, r.person_relation, r.event_date, r.reason, r.amount)
        for r in listed.rows
    ]
    assert summary == [
        ("school_elementary", "山田　早生", "子", D(2025, 4, 1), "小学校入学", 10_000),
        ("school_junior", "山田　中一", "子", D(2025, 4, 1), "中学校入学", 10_000),
        ("longevity", "高橋　一", "本人", D(2025, 4, 1), "満70歳", 10_000),
        ("silver_wedding", "佐藤　花子", "本人", D(2025, 5, 5), "結婚25年", 20_000),
        ("long_service", "戻　る人", "本人", D(2025, 9, 30), "会員期間10年", 30_000),
        ("longevity", "閏　年男", "本人", D(2026, 2, 28), "満70歳", 10_000),
    ]
    assert listed.total_amount == 90_000
    row = keyed(listed.rows)[("school_elementary", people.parent, people.child_1_april)]
    assert (row.member_name, row.member_kana, row.establishment_name) == (
        "山田　親",
        "ヤマダ　オヤ",
        "福島商事",
    )
    assert row.member_number
    assert (row.claimed, row.status_label) == (False, "未請求")
    assert listed.table_label == "小規模互助会 慶弔給付表（ひな形）"


def test_left_member_and_ended_family_are_not_listed(ctx: AppContext, people: People) -> None:
    rows = due_list(ctx, 2025).rows
    assert people.left not in {r.member_id for r in rows}
    # The child deregistered before 1 April is not offered the school benefit.
    end_family(ctx, people.junior, D(2025, 3, 31))
    assert "school_junior" not in {r.kind_code for r in due_list(ctx, 2025).rows}


def test_neighbouring_years(ctx: AppContext, people: People) -> None:
    earlier = due_list(ctx, 2024).rows
    assert ("高橋　二", D(2025, 3, 31), "満70歳") in {
        (r.person_name, r.event_date, r.reason) for r in earlier
    }
    later = due_list(ctx, 2026).rows
    assert ("山田　遅生", D(2026, 4, 1), "小学校入学") in {
        (r.person_name, r.event_date, r.reason) for r in later
    }
    with pytest.raises(ValidationError, match="年度として正しくありません"):
        due_list(ctx, 20)


def test_claims_from_due_rows_in_one_step(ctx: AppContext, people: People) -> None:
    rows = due_list(ctx, 2025).rows
    chosen = [r for r in rows if r.kind_code in ("school_elementary", "silver_wedding")]
    created = create_claims_from_due(ctx, chosen, D(2025, 6, 15))
    assert [c.number for c in created] == ["R7-0001", "R7-0002"]
    with ctx.reader() as session:
        claims = session.scalars(select(BenefitClaim).order_by(BenefitClaim.id)).all()
        made = [(c.kind_code, c.origin, c.family_member_id, c.event_date, c.computed_amount)
                for c in claims]  # fmt: skip
        assert made == [
            ("school_elementary", "due:school_elementary", people.child_1_april, D(2025, 4, 1),
             10_000),
            ("silver_wedding", "due:silver_wedding", None, D(2025, 5, 5), 20_000),
        ]  # fmt: skip
        assert claims[0].detail == "該当者一覧から: 小学校入学"
        assert {c.status for c in claims} == {"received"}
        steps = session.scalars(select(BenefitClaimStep.step)).all()
        assert steps == ["received", "received"]
    again = due_list(ctx, 2025).rows
    marked = {r.kind_code: (r.claimed, r.claim_number, r.status_label) for r in again}
    assert marked["school_elementary"] == (True, "R7-0001", "請求済")
    assert marked["silver_wedding"] == (True, "R7-0002", "請求済")
    assert marked["school_junior"] == (False, "", "未請求")


def test_already_claimed_rows_are_refused_whole(ctx: AppContext, people: People) -> None:
    rows = due_list(ctx, 2025).rows
    wedding = next(r for r in rows if r.kind_code == "silver_wedding")
    junior = next(r for r in rows if r.kind_code == "school_junior")
    create_claims_from_due(ctx, [wedding], D(2025, 6, 1))
    with pytest.raises(RuleViolation) as error:
        create_claims_from_due(ctx, [junior, wedding], D(2025, 6, 15))
    assert error.value.message == (
        "次の給付はすでに請求されています。\n"
        f"・{wedding.member_number} 佐藤　花子 銀婚祝金 令和7年5月5日（R7-0001）"
    )
    with ctx.reader() as session:
        assert session.scalars(select(BenefitClaim.kind_code)).all() == ["silver_wedding"]


def test_rejected_or_withdrawn_claims_do_not_count(ctx: AppContext, people: People) -> None:
    rows = due_list(ctx, 2025).rows
    wedding = next(r for r in rows if r.kind_code == "silver_wedding")
    first = create_claims_from_due(ctx, [wedding], D(2025, 6, 1))[0]
    withdraw_claim(ctx, first.claim_id, "重複して受け付けたため")
    assert not next(r for r in due_list(ctx, 2025).rows if r.kind_code == "silver_wedding").claimed
    second = create_claims_from_due(ctx, [wedding], D(2025, 6, 2))[0]
    reject_claim(ctx, second.claim_id, "婚姻日の確認ができないため", D(2025, 6, 3))
    again = create_claims_from_due(ctx, [wedding], D(2025, 6, 4))
    assert again[0].number == "R7-0003"


def test_claim_date_and_empty_choice_refused(ctx: AppContext, people: People) -> None:
    rows = due_list(ctx, 2025).rows
    with pytest.raises(ValidationError) as error:
        create_claims_from_due(ctx, rows[:1], D(2025, 6, 16))
    assert error.value.field == "請求日"
    with pytest.raises(ValidationError, match="該当者を選んでください"):
        create_claims_from_due(ctx, [], D(2025, 6, 15))


def test_early_claim_of_an_anniversary_is_not_a_failure(ctx: AppContext, people: People) -> None:
    service = next(r for r in due_list(ctx, 2025).rows if r.kind_code == "long_service")
    created = create_claims_from_due(ctx, [service], D(2025, 6, 15))
    with ctx.reader() as session:
        claim = session.get(BenefitClaim, created[0].claim_id)
        assert claim is not None
        assert "請求日が事由発生日より前です" not in claim.failures_json
        assert claim.computed_amount == 30_000


def test_due_this_month(ctx: AppContext, people: People) -> None:
    # Today is 2025-06-15: 満20歳 on 2025-06-09 (born 2005-06-10) is due this month.
    young = join(ctx, 1, "若　者", "ワカ　モノ", birth=D(2005, 6, 10), start=D(2024, 4, 1))
    month = due_this_month(ctx)
    assert month.month == D(2025, 6, 1)
    assert [(r.member_id, r.kind_code, r.event_date, r.reason) for r in month.rows] == [
        (young, "adult", D(2025, 6, 9), "満20歳")
    ]
    assert (month.count, month.amount) == (1, 10_000)
    create_claims_from_due(ctx, month.rows, D(2025, 6, 15))
    assert due_this_month(ctx).count == 0
