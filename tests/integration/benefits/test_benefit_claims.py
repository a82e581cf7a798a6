"""Benefit claims: entry with the computed amount, every check named, the status flow, steps."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.models import BenefitClaim, BenefitClaimStep, BenefitTableVersion, User
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.benefits.claim_views import (
    ClaimFilter,
    claims_todo,
    get_claim,
    list_claims,
    member_benefits,
)
from gojokai_desktop.services.benefits.claims import (
    ClaimInput,
    OverrideInput,
    approve_claim,
    assess,
    change_amount,
    receive_claim,
    reject_claim,
    reopen_claim,
    review_claim,
    update_claim,
    withdraw_claim,
)
from gojokai_desktop.services.benefits.presets import load_preset
from gojokai_desktop.services.benefits.tables import (
    install_preset,
    save_table,
    table_in_force,
    table_versions,
)
from gojokai_desktop.services.context import AppContext

D = dt.date
MARRIAGE_PAPER = "戸籍謄本（婚姻の記載があるもの）または婚姻届受理証明書"
DEATH_PAPER = "死亡診断書の写しまたは会葬礼状"


def admin_ctx(ctx: AppContext) -> AppContext:
    with ctx.reader() as session:
        admin = session.scalar(select(User).where(User.role == "admin"))
        assert admin is not None
        return AppContext(ctx.database, Actor(admin.id, admin.display_name), ctx.clock)


def sickness(member: int, days: int, **extra: object) -> ClaimInput:
    return ClaimInput(
        member_id=member,
        kind_code="sickness",
        event_date=D(2025, 5, 1),
        claim_date=D(2025, 6, 1),
        days_off=days,
        evidence=("医師の診断書",),
        employer_certified=True,
        **extra,  # type: ignore[arg-type]
    )


def test_assessment_shows_the_amount_the_band_and_no_failure(ctx, benefit_society) -> None:
    result = assess(ctx, sickness(benefit_society.hanako, 45))
    assert result.eligible
    assert result.amount == 20_000
    assert any("休業日数45日" in line and "30日以上60日未満" in line for line in result.explanation)
    assert "小規模互助会" in result.table_label


def test_each_failed_check_is_named(ctx, benefit_society) -> None:
    # 新人 joined 2025-04-01: a 結婚 on 2025-05-01 is in the 6-month waiting period, the
    # paper is missing and the employer has not certified.
    result = assess(
        ctx,
        ClaimInput(
            member_id=benefit_society.newcomer,
            kind_code="marriage",
            event_date=D(2025, 5, 1),
            claim_date=D(2025, 6, 1),
        ),
    )
    codes = {f.code for f in result.failures}
    assert codes == {"waiting", "evidence", "employer"}
    waiting = next(f.message for f in result.failures if f.code == "waiting")
    assert "令和7年9月30日までの事由は対象外" in waiting
    assert result.amount == 0
    assert result.computed_amount == 30_000


def test_a_family_kind_needs_a_family_member_of_the_right_relation(ctx, benefit_society) -> None:
    base = ClaimInput(
        member_id=benefit_society.hanako,
        kind_code="death_spouse",
        event_date=D(2025, 5, 1),
        claim_date=D(2025, 5, 20),
        evidence=(DEATH_PAPER,),
    )
    assert {f.code for f in assess(ctx, base).failures} == {"family"}
    from dataclasses import replace

    wrong = assess(ctx, replace(base, family_member_id=benefit_society.child))
    assert [f.code for f in wrong.failures] == ["relation"]
    right = assess(ctx, replace(base, family_member_id=benefit_society.spouse))
    assert right.eligible
    assert right.amount == 30_000


def test_a_member_kind_refuses_a_family_member(ctx, benefit_society) -> None:
    with pytest.raises(ValidationError) as error:
        assess(ctx, sickness(benefit_society.hanako, 45, family_member_id=benefit_society.child))
    assert error.value.field == "対象の家族"


def test_someone_elses_family_member_is_refused(ctx, benefit_society) -> None:
    with pytest.raises(ValidationError, match="家族ではありません"):
        assess(
            ctx,
            ClaimInput(
                member_id=benefit_society.newcomer,
                kind_code="death_child",
                event_date=D(2025, 5, 1),
                claim_date=D(2025, 5, 2),
                family_member_id=benefit_society.child,
            ),
        )


def test_a_claim_date_in_the_future_is_refused(ctx, benefit_society) -> None:
    from dataclasses import replace

    with pytest.raises(ValidationError) as error:
        receive_claim(ctx, replace(sickness(benefit_society.hanako, 45), claim_date=D(2025, 7, 1)))
    assert error.value.field == "請求日"
    with ctx.reader() as session:
        assert session.scalar(select(func.count()).select_from(BenefitClaim)) == 0


def test_receive_review_approve_records_every_step(ctx, benefit_society) -> None:
    claim = receive_claim(ctx, sickness(benefit_society.hanako, 45))
    assert claim.row.status == "received"
    assert claim.row.number == "R7-0001"
    assert claim.row.amount == 0
    assert claim.row.computed_amount == 20_000
    claim = review_claim(ctx, claim.row.id)
    assert claim.row.status == "reviewed"
    claim = approve_claim(ctx, claim.row.id, D(2025, 6, 10))
    assert (claim.row.status, claim.row.amount, claim.row.decided_on) == (
        "approved",
        20_000,
        D(2025, 6, 10),
    )
    assert [s.step for s in claim.steps] == ["received", "reviewed", "approved"]
    assert all(s.user_name == "テスト担当" for s in claim.steps)
    # The preset was saved as version 1 so the claim names the rules it met.
    versions = table_versions(ctx)
    assert [(v.valid_from_year, v.version) for v in versions] == [(2025, 1)]
    assert claim.table_id == versions[0].id


def test_claim_numbers_count_per_fiscal_year_of_the_claim_date(ctx, benefit_society) -> None:
    from dataclasses import replace

    first = receive_claim(ctx, sickness(benefit_society.hanako, 45))
    second = receive_claim(
        ctx,
        replace(
            sickness(benefit_society.hanako, 20),
            event_date=D(2025, 1, 10),
            claim_date=D(2025, 3, 1),
        ),
    )
    third = receive_claim(
        ctx, replace(sickness(benefit_society.hanako, 20), event_date=D(2025, 6, 2))
    )
    assert [c.row.number for c in (first, second, third)] == ["R7-0001", "R6-0001", "R7-0002"]


def test_approval_of_a_failed_claim_is_refused_naming_the_check(ctx, benefit_society) -> None:
    claim = receive_claim(ctx, sickness(benefit_society.newcomer, 45))
    with pytest.raises(RuleViolation, match="待機期間中"):
        approve_claim(ctx, claim.row.id)
    assert get_claim(ctx, claim.row.id).row.status == "received"


def test_override_needs_an_administrator_and_a_reason(ctx, clerk_ctx, benefit_society) -> None:
    claim = receive_claim(ctx, sickness(benefit_society.newcomer, 45))
    with pytest.raises(ValidationError, match="管理者だけ"):
        approve_claim(clerk_ctx, claim.row.id, override=OverrideInput("理事会で承認"))
    admin = admin_ctx(ctx)
    with pytest.raises(ValidationError, match="理由"):
        approve_claim(admin, claim.row.id, override=OverrideInput("  "))
    done = approve_claim(admin, claim.row.id, override=OverrideInput("理事会で承認", 15_000))
    assert (done.row.status, done.row.amount, done.row.overridden) == ("approved", 15_000, True)
    assert done.override_reason == "理事会で承認"
    assert done.override_by == "事務 花子"
    assert "上書き: 理事会で承認" in done.steps[-1].reason


def test_limits_count_approved_claims_of_the_same_person(ctx, benefit_society) -> None:
    from dataclasses import replace

    first = receive_claim(ctx, sickness(benefit_society.hanako, 45))
    approve_claim(ctx, first.row.id)
    again = assess(ctx, replace(sickness(benefit_society.hanako, 30), event_date=D(2025, 6, 1)))
    assert [f.code for f in again.failures] == ["limit"]
    assert "年度内1回まで" in again.failures[0].message
    # Re-assessing the approved claim itself does not count it against itself.
    assert assess(ctx, sickness(benefit_society.hanako, 45), claim_id=first.row.id).eligible


def test_reject_needs_a_reason_and_reopen_goes_back_to_received(ctx, benefit_society) -> None:
    claim = receive_claim(ctx, sickness(benefit_society.hanako, 45))
    with pytest.raises(ValidationError):
        reject_claim(ctx, claim.row.id, "")
    rejected = reject_claim(ctx, claim.row.id, "診断書の日付が事由と合わない")
    assert (rejected.row.status, rejected.reject_reason) == (
        "rejected",
        "診断書の日付が事由と合わない",
    )
    with pytest.raises(RuleViolation, match="不支給"):
        approve_claim(ctx, claim.row.id)
    reopened = reopen_claim(ctx, claim.row.id, "診断書を出し直した")
    assert reopened.row.status == "received"
    assert reopened.reject_reason is None


def test_amount_change_needs_approval_a_reason_and_an_administrator(
    ctx, clerk_ctx, benefit_society
) -> None:
    claim = receive_claim(ctx, sickness(benefit_society.hanako, 45))
    with pytest.raises(RuleViolation):
        change_amount(ctx, claim.row.id, 25_000, "端数調整")
    approve_claim(ctx, claim.row.id)
    with pytest.raises(ValidationError):
        change_amount(ctx, claim.row.id, 25_000, "")
    # An amount other than the computed one is an override: a clerk may not set it.
    with pytest.raises(RuleViolation, match="管理者だけ"):
        change_amount(clerk_ctx, claim.row.id, 25_000, "理事会の決定")
    changed = change_amount(admin_ctx(ctx), claim.row.id, 25_000, "理事会の決定")
    assert (changed.row.amount, changed.row.overridden) == (25_000, True)
    assert changed.override_reason == "決定額を25,000円に変更: 理事会の決定"
    assert changed.steps[-1].step == "amount_changed"
    assert "20000円→25000円" in changed.steps[-1].reason
    # Back to the computed amount needs no administrator.
    assert change_amount(clerk_ctx, claim.row.id, 20_000, "元に戻す").row.amount == 20_000


def test_an_amount_in_a_payment_batch_cannot_change(ctx, benefit_society) -> None:
    from gojokai_desktop.services.benefits.payments import create_batch

    claim = receive_claim(ctx, sickness(benefit_society.hanako, 45))
    approve_claim(ctx, claim.row.id)
    create_batch(ctx, D(2025, 6, 20), [claim.row.id])
    with pytest.raises(RuleViolation, match="支払予定 R7-支01 に入っています"):
        change_amount(admin_ctx(ctx), claim.row.id, 25_000, "理事会の決定")
    with pytest.raises(RuleViolation, match="支払予定 R7-支01 に入っています"):
        withdraw_claim(ctx, claim.row.id, "本人から取下げの申出")


def test_a_decision_date_before_the_claim_is_refused(ctx, benefit_society) -> None:
    claim = receive_claim(ctx, sickness(benefit_society.hanako, 45))
    for decide in (approve_claim, lambda c, i, d: reject_claim(c, i, "理由", d)):
        with pytest.raises(ValidationError) as error:
            decide(ctx, claim.row.id, D(2025, 5, 31))
        assert error.value.field == "決定日"
    assert get_claim(ctx, claim.row.id).row.status == "received"


def test_update_reassesses_and_a_withdrawn_claim_stays(ctx, benefit_society) -> None:
    claim = receive_claim(ctx, sickness(benefit_society.hanako, 20))
    assert claim.row.computed_amount == 10_000
    updated = update_claim(ctx, claim.row.id, sickness(benefit_society.hanako, 70))
    assert updated.row.computed_amount == 30_000
    withdrawn = withdraw_claim(ctx, claim.row.id, "本人から取下げの申出")
    assert withdrawn.row.status == "withdrawn"
    with ctx.reader() as session:
        steps = session.scalars(select(BenefitClaimStep.step).order_by(BenefitClaimStep.id)).all()
    assert steps == ["received", "updated", "withdrawn"]


def test_lists_filter_by_status_text_and_member(ctx, benefit_society) -> None:
    a = receive_claim(ctx, sickness(benefit_society.hanako, 45))
    receive_claim(ctx, sickness(benefit_society.newcomer, 45))
    approve_claim(ctx, a.row.id)
    assert [r.member_name for r in list_claims(ctx, ClaimFilter(text="ｽｽﾞｷ"))] == ["鈴木　新人"]
    assert [r.id for r in list_claims(ctx, ClaimFilter(statuses=("approved",)))] == [a.row.id]
    assert len(member_benefits(ctx, benefit_society.hanako)) == 1
    todo = claims_todo(ctx)
    assert (todo.received, todo.approved, todo.approved_amount) == (1, 1, 20_000)


def test_tables_are_versioned_and_the_year_picks_its_table(ctx, benefit_society) -> None:
    install_preset(ctx, "small_gojokai", 2020)
    raised = load_preset("small_gojokai")
    from dataclasses import replace

    from gojokai_desktop.domain.benefits.table import AmountRule

    kinds = tuple(
        replace(k, rule=AmountRule("fixed", 50_000)) if k.code == "marriage" else k
        for k in raised.kinds
    )
    save_table(ctx, replace(raised, kinds=kinds), 2025, "結婚祝金を増額")
    assert table_in_force(ctx, 2024).table.kind("marriage").rule.amount == 30_000
    assert table_in_force(ctx, 2025).table.kind("marriage").rule.amount == 50_000
    assert table_in_force(ctx, 2019).valid_from_year == 2020  # before the first: the first
    with ctx.reader() as session:
        assert session.scalar(select(func.count()).select_from(BenefitTableVersion)) == 2
    result = assess(
        ctx,
        ClaimInput(
            member_id=benefit_society.hanako,
            kind_code="marriage",
            event_date=D(2025, 5, 1),
            claim_date=D(2025, 5, 2),
            evidence=(MARRIAGE_PAPER,),
            employer_certified=True,
        ),
    )
    assert result.amount == 50_000


@pytest.mark.parametrize(
    ("event", "waiting"),
    [(D(2025, 9, 30), True), (D(2025, 10, 1), False)],  # joined 2025-04-01, 6 months
)
def test_the_waiting_period_ends_on_its_last_day(ctx, benefit_society, event, waiting) -> None:
    later = AppContext(ctx.database, ctx.actor, lambda: D(2026, 1, 10))
    result = assess(
        later,
        ClaimInput(
            member_id=benefit_society.newcomer,
            kind_code="marriage",
            event_date=event,
            claim_date=D(2026, 1, 10),
            evidence=(MARRIAGE_PAPER,),
            employer_certified=True,
        ),
    )
    assert ("waiting" in {f.code for f in result.failures}) is waiting
    assert result.amount == (0 if waiting else 30_000)


@pytest.mark.parametrize(
    ("claimed", "late"),
    [(D(2025, 11, 1), False), (D(2025, 11, 2), True)],  # event 2025-05-01, 6 months
)
def test_the_claim_deadline_includes_its_last_day(ctx, benefit_society, claimed, late) -> None:
    from dataclasses import replace

    later = AppContext(ctx.database, ctx.actor, lambda: D(2026, 1, 10))
    result = assess(later, replace(sickness(benefit_society.hanako, 45), claim_date=claimed))
    assert ("deadline" in {f.code for f in result.failures}) is late
    if late:
        assert "令和7年11月1日まで" in result.failures[0].message
