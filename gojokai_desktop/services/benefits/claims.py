"""Benefit claims (給付請求): entry, assessment, the status flow and the claim's story.

受付 (received) → 審査 (reviewed) → 決定: 支給 (approved) or 不支給 (rejected, with a reason)
→ 支払 (paid, by a payment batch in :mod:`benefit_payments`). A claim may be withdrawn
(取下げ) before it is paid; a rejected claim may be reopened for a second review. Every step
records who and when in ``benefit_claim_steps``, in the same transaction as the change.

The amount is always computed by :func:`gojokai_desktop.domain.benefits.rules.assess_claim`
from the table in force in the event's fiscal year; a failed check blocks approval unless an
administrator overrides it with a reason, which the register marks.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.conflicts import expect_version
from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import (
    BenefitClaim,
    BenefitClaimStep,
    BenefitPaymentBatch,
    FamilyMember,
    Member,
    MembershipPeriod,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.benefits import rules
from gojokai_desktop.domain.benefits.table import BenefitKind, BenefitTable
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services import numbering
from gojokai_desktop.services.auth.roles import has_role
from gojokai_desktop.services.benefits.claim_views import (
    COUNTED_STATUSES,
    METHOD_LABELS,
    OPEN_STATUSES,
    STATUS_LABELS,
    ClaimDetail,
    ClaimInput,
    Failure,
    batch_number,
    get_claim,
    input_of,
    label_of,
    live_payment,
    number_of_claim,
    person_key,
)
from gojokai_desktop.services.benefits.tables import (
    calendar_of_session,
    stored_table_id,
    table_in_force,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.numbering import next_number


@dataclass(frozen=True)
class OverrideInput:
    """An administrator's decision to pay despite failed checks (理由は必須)."""

    reason: str
    amount: int | None = None


@dataclass(frozen=True)
class ClaimAssessment:
    """The amount, how it was reached, and what failed, for the entry dialog."""

    kind_code: str
    kind_name: str
    computed_amount: int
    amount: int
    explanation: tuple[str, ...]
    failures: tuple[Failure, ...]
    evidence_required: tuple[str, ...]
    employer_certification: bool
    table_label: str

    @property
    def eligible(self) -> bool:
        return not self.failures


# -- facts from the database ---------------------------------------------------------------
def _member(session: Session, member_id: int) -> Member:
    member = session.get(Member, member_id)
    if member is None:
        raise ValidationError("会員が見つかりません", "会員")
    return member


def _family(session: Session, member: Member, family_id: int | None) -> FamilyMember | None:
    if family_id is None:
        return None
    person = session.get(FamilyMember, family_id)
    if person is None or person.member_id != member.id:
        raise ValidationError(f"選んだ家族は{member.name}さんの家族ではありません", "対象の家族")
    return person


def _history(session: Session, member_id: int, exclude: int | None) -> list[rules.PastClaim]:
    query = select(
        BenefitClaim.kind_code, BenefitClaim.event_date, BenefitClaim.family_member_id
    ).where(BenefitClaim.member_id == member_id, BenefitClaim.status.in_(COUNTED_STATUSES))
    if exclude is not None:
        query = query.where(BenefitClaim.id != exclude)
    return [
        rules.PastClaim(code, event, person_key(family_id))
        for code, event, family_id in session.execute(query)
    ]


def _facts(session: Session, data: ClaimInput, override: rules.Override | None) -> rules.ClaimFacts:
    member = _member(session, data.member_id)
    family = _family(session, member, data.family_member_id)
    periods = session.scalars(
        select(MembershipPeriod)
        .where(MembershipPeriod.member_id == member.id)
        .order_by(MembershipPeriod.start_date)
    ).all()
    return rules.ClaimFacts(
        event_date=data.event_date,
        claim_date=data.claim_date,
        membership=tuple(rules.MembershipPeriod(p.start_date, p.end_date) for p in periods),
        member_birth=member.birth_date,
        family_member=None
        if family is None
        else rules.FamilyMember(
            person_key(family.id),
            family.name,
            family.relation,
            family.birth_date,
            family.from_date,
            family.to_date,
        ),
        days_off=data.days_off,
        damage_class=data.damage_class,
        children=data.children,
        service_years=data.service_years,
        spouse_also_claimed=data.spouse_also_claimed,
        override=override,
        evidence_received=data.evidence,
        employer_certified=data.employer_certified,
    )


def _validated(data: ClaimInput, today: dt.date) -> ClaimInput:
    if data.claim_date > today:
        raise ValidationError("請求日（受付日）に未来の日付は入れられません", "請求日")
    for value, field in ((data.days_off, "休業日数"), (data.service_years, "勤続年数")):
        if value is not None and (isinstance(value, bool) or value < 0 or value > 36_500):
            raise ValidationError("0以上の日数・年数を入力してください", field)
    if isinstance(data.children, bool) or not 0 <= data.children <= 20:
        raise ValidationError("子の数は0〜20で入力してください", "子の数")
    if data.payment_method not in METHOD_LABELS:
        raise ValidationError(
            f"支払方法は{'・'.join(METHOD_LABELS.values())}から選んでください", "支払方法"
        )
    return replace(
        data,
        detail=clean_text(data.detail, "事由の内容", 2000),
        note=clean_text(data.note, "備考", 2000),
        evidence=tuple(dict.fromkeys(e.strip() for e in data.evidence if e.strip())),
    )


def _kind(table: BenefitTable, code: str) -> BenefitKind:
    return table.kind(code)


def _assessment(
    session: Session,
    table: BenefitTable,
    data: ClaimInput,
    exclude: int | None,
    override: rules.Override | None = None,
) -> tuple[BenefitKind, rules.Assessment]:
    kind = _kind(table, data.kind_code)
    if kind.subject == "member" and data.family_member_id is not None:
        raise ValidationError(
            f"{kind.name}は会員本人の給付です。対象の家族は選ばないでください", "対象の家族"
        )
    facts = _facts(session, data, override)
    history = _history(session, data.member_id, exclude)
    calendar = calendar_of_session(session)
    return kind, rules.assess_claim(kind, facts, history, calendar)


def _to_dto(kind: BenefitKind, result: rules.Assessment, label: str) -> ClaimAssessment:
    return ClaimAssessment(
        kind.code,
        kind.name,
        result.computed_amount,
        result.amount,
        result.explanation,
        tuple(Failure(f.code, f.message) for f in result.failures),
        kind.evidence,
        kind.employer_certification,
        label,
    )


def assess(ctx: AppContext, data: ClaimInput, claim_id: int | None = None) -> ClaimAssessment:
    """What the claim would get, and why, without saving anything (the entry dialog)."""
    data = _validated(data, ctx.today())
    with ctx.reader() as session:
        fy = calendar_of_session(session).year_of(data.event_date)
        found = table_in_force(session, fy)
        kind, result = _assessment(session, found.table, data, claim_id)
        label = f"{found.table.name}（{found.valid_from_year}年度〜 第{found.version}版）"
        return _to_dto(kind, result, label)


# -- writing --------------------------------------------------------------------------------
def add_step(
    uow: UnitOfWork, claim: BenefitClaim, step: str, *, amount: int | None = None, reason: str = ""
) -> None:
    uow.session.add(
        BenefitClaimStep(
            claim_id=claim.id,
            step=step,
            user_id=uow.actor.user_id,
            user_name=uow.actor.name,
            amount=amount,
            reason=reason[:400],
        )
    )


def _store_assessment(claim: BenefitClaim, result: rules.Assessment) -> None:
    claim.computed_amount = result.computed_amount
    claim.explanation = "\n".join(result.explanation)
    claim.failures_json = json.dumps(
        [[f.code, f.message] for f in result.failures], ensure_ascii=False
    )


def _apply_input(claim: BenefitClaim, data: ClaimInput, kind: BenefitKind) -> None:
    claim.member_id = data.member_id
    claim.family_member_id = data.family_member_id
    claim.kind_code = kind.code
    claim.kind_name = kind.name
    claim.category = kind.category
    claim.event_date = data.event_date
    claim.claim_date = data.claim_date
    claim.days_off = data.days_off
    claim.damage_class = data.damage_class
    claim.children = data.children
    claim.service_years = data.service_years
    claim.spouse_also_claimed = data.spouse_also_claimed
    claim.detail = data.detail
    claim.evidence_json = json.dumps(list(data.evidence), ensure_ascii=False)
    claim.employer_certified = data.employer_certified
    claim.payment_method = data.payment_method
    claim.note = data.note


def _next_seq(uow: UnitOfWork, fiscal_year: int) -> int:
    """The claim's number within its fiscal year (R7-0012), gapless."""

    def last() -> int:
        return int(
            uow.session.scalar(
                select(func.max(BenefitClaim.seq)).where(BenefitClaim.fiscal_year == fiscal_year)
            )
            or 0
        )

    return next_number(uow, numbering.CLAIM, fiscal_year, floor=last)


def receive_in(uow: UnitOfWork, data: ClaimInput) -> BenefitClaim:
    """受付 inside the caller's transaction (the due list turns many items into claims)."""
    session = uow.session
    calendar = calendar_of_session(session)
    table_id, table = stored_table_id(uow, calendar.year_of(data.event_date))
    kind, result = _assessment(session, table, data, None)
    fiscal_year = calendar.year_of(data.claim_date)
    claim = BenefitClaim(
        fiscal_year=fiscal_year,
        seq=_next_seq(uow, fiscal_year),
        table_id=table_id,
        status="received",
        amount=0,
        origin=data.origin[:40],
    )
    _apply_input(claim, data, kind)
    _store_assessment(claim, result)
    session.add(claim)
    uow.flush()
    add_step(uow, claim, "received", amount=result.computed_amount)
    return claim


@retry_on_conflict
def receive_claim(ctx: AppContext, data: ClaimInput) -> ClaimDetail:
    """受付: store the claim with its assessment; nothing is decided yet."""
    data = _validated(data, ctx.today())
    with ctx.unit_of_work("給付請求の受付") as uow:
        claim = receive_in(uow, data)
        uow.commit()
        claim_id = claim.id
    return get_claim(ctx, claim_id)


def _claim(session: Session, claim_id: int, version: int | None = None) -> BenefitClaim:
    """The claim; with ``version`` (the one the clerk's screen loaded) refused when another
    PC acted on it since."""
    claim = session.get(BenefitClaim, claim_id)
    if claim is None:
        raise ValidationError("指定の請求がありません", "請求")
    expect_version(session, claim, version, f"請求 {number_of_claim(claim)}")
    return claim


def _require(claim: BenefitClaim, allowed: Sequence[str], action: str) -> None:
    if claim.status not in allowed:
        now = STATUS_LABELS[claim.status]
        number = number_of_claim(claim)
        raise RuleViolation(f"請求 {number} は「{now}」のため{action}できません。")


def _reassess(
    uow: UnitOfWork, claim: BenefitClaim, override: rules.Override | None = None
) -> rules.Assessment:
    calendar = calendar_of_session(uow.session)
    table_id, table = stored_table_id(uow, calendar.year_of(claim.event_date))
    claim.table_id = table_id
    _kind_row, result = _assessment(uow.session, table, input_of(claim), claim.id, override)
    _store_assessment(claim, result)
    return result


def update_claim(
    ctx: AppContext, claim_id: int, data: ClaimInput, *, version: int | None = None
) -> ClaimDetail:
    """Correct what was entered (before the decision); the claim is assessed again."""
    data = _validated(data, ctx.today())
    with ctx.unit_of_work("給付請求の修正") as uow:
        claim = _claim(uow.session, claim_id, version)
        _require(claim, ("received", "reviewed"), "修正")
        calendar = calendar_of_session(uow.session)
        _table_id, table = stored_table_id(uow, calendar.year_of(data.event_date))
        kind = _kind(table, data.kind_code)
        if data.member_id != claim.member_id:
            raise RuleViolation("請求者（会員）は変更できません。取下げて受け付け直してください。")
        _apply_input(claim, data, kind)
        result = _reassess(uow, claim)
        add_step(uow, claim, "updated", amount=result.computed_amount)
        uow.commit()
    return get_claim(ctx, claim_id)


def _failure_text(result: rules.Assessment) -> str:
    return " / ".join(f.message for f in result.failures)


def review_claim(ctx: AppContext, claim_id: int, *, version: int | None = None) -> ClaimDetail:
    """審査: assess again with today's records; the result is kept for the decision."""
    with ctx.unit_of_work("給付請求の審査") as uow:
        claim = _claim(uow.session, claim_id, version)
        _require(claim, ("received", "reviewed"), "審査")
        result = _reassess(uow, claim)
        claim.status = "reviewed"
        add_step(
            uow, claim, "reviewed", amount=result.computed_amount, reason=_failure_text(result)
        )
        uow.commit()
    return get_claim(ctx, claim_id)


def approve_claim(
    ctx: AppContext,
    claim_id: int,
    decided_on: dt.date | None = None,
    *,
    override: OverrideInput | None = None,
    version: int | None = None,
) -> ClaimDetail:
    """支給決定. The claim is assessed once more; a failed check is refused, naming it,
    unless an administrator overrides it with a reason (and, if need be, an amount)."""
    day = decided_on or ctx.today()
    with ctx.unit_of_work("給付の支給決定") as uow:
        claim = _claim(uow.session, claim_id, version)
        _require(claim, ("received", "reviewed"), "支給決定")
        if day < claim.claim_date:
            raise ValidationError("決定日は請求日より後の日付にしてください", "決定日")
        domain_override = None
        if override is not None:
            domain_override = rules.Override(
                uow.actor.name,
                has_role(uow, "admin"),
                clean_text(override.reason, "上書き理由", 400),
                override.amount,
            )
        result = _reassess(uow, claim, domain_override)
        if not result.payable:
            if result.failures:
                raise RuleViolation(
                    "支給の条件を満たしていません: "
                    + _failure_text(result)
                    + "（管理者が理由を付けて上書きするか、不支給にしてください）"
                )
            raise RuleViolation("支給額が0円のため支給決定できません。")
        claim.status = "approved"
        claim.amount = result.amount
        claim.decided_on = day
        claim.overridden = result.overridden
        claim.override_by = domain_override.approved_by if domain_override else None
        claim.override_reason = domain_override.reason if domain_override else None
        reason = f"上書き: {domain_override.reason}" if domain_override else ""
        add_step(uow, claim, "approved", amount=claim.amount, reason=reason)
        uow.commit()
    return get_claim(ctx, claim_id)


def _reason(reason: str, field: str) -> str:
    text = clean_text(reason, field, 400)
    if not text:
        raise ValidationError(f"{field}を入力してください", field)
    return text


def reject_claim(
    ctx: AppContext,
    claim_id: int,
    reason: str,
    decided_on: dt.date | None = None,
    *,
    version: int | None = None,
) -> ClaimDetail:
    """不支給決定, with the reason printed on the notice."""
    text = _reason(reason, "不支給の理由")
    with ctx.unit_of_work("給付の不支給決定") as uow:
        claim = _claim(uow.session, claim_id, version)
        _require(claim, ("received", "reviewed"), "不支給に")
        day = decided_on or ctx.today()
        if day < claim.claim_date:
            raise ValidationError("決定日は請求日より後の日付にしてください", "決定日")
        claim.status = "rejected"
        claim.amount = 0
        claim.decided_on = day
        claim.reject_reason = text
        add_step(uow, claim, "rejected", amount=0, reason=text)
        uow.commit()
    return get_claim(ctx, claim_id)


def _in_batch(session: Session, claim: BenefitClaim) -> RuleViolation | None:
    payment = live_payment(session, claim.id)
    if payment is None:
        return None
    batch = session.get(BenefitPaymentBatch, payment.batch_id)
    assert batch is not None
    return RuleViolation(
        f"支払予定 {batch_number(batch.fiscal_year, batch.seq, label_of(batch))} に入っています。"
        "先に［支払］でその支払予定から外してください。"
    )


def change_amount(
    ctx: AppContext, claim_id: int, amount: int, reason: str, *, version: int | None = None
) -> ClaimDetail:
    """Change an approved amount (before it is put in a payment), with the reason.

    An amount other than the computed one is an override: only an administrator may set
    it, and the claim is marked on the register with the reason, like an override at the
    decision.
    """
    text = _reason(reason, "変更の理由")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError("決定額は1円以上の整数で入力してください", "決定額")
    with ctx.unit_of_work("給付決定額の変更") as uow:
        session = uow.session
        claim = _claim(session, claim_id, version)
        _require(claim, ("approved",), "決定額を変更")
        if amount == claim.amount:
            raise ValidationError("今の決定額と同じです", "決定額")
        refused = _in_batch(session, claim)
        if refused is not None:
            raise refused
        if amount != claim.computed_amount:
            if not has_role(uow, "admin"):
                raise RuleViolation(
                    f"計算額（{claim.computed_amount:,}円）と違う決定額にできるのは管理者だけです。"
                )
            claim.overridden = True
            claim.override_by = uow.actor.name
            claim.override_reason = f"決定額を{amount:,}円に変更: {text}"[:400]
        add_step(
            uow,
            claim,
            "amount_changed",
            amount=amount,
            reason=f"{claim.amount}円→{amount}円: {text}",
        )
        claim.amount = amount
        uow.commit()
    return get_claim(ctx, claim_id)


def reopen_claim(
    ctx: AppContext, claim_id: int, reason: str, *, version: int | None = None
) -> ClaimDetail:
    """再審査: a rejected claim goes back to 受付 (e.g. the missing paper arrived)."""
    text = _reason(reason, "再審査の理由")
    with ctx.unit_of_work("給付請求の再審査") as uow:
        claim = _claim(uow.session, claim_id, version)
        _require(claim, ("rejected",), "再審査に")
        claim.status = "received"
        claim.reject_reason = None
        claim.decided_on = None
        add_step(uow, claim, "reopened", reason=text)
        uow.commit()
    return get_claim(ctx, claim_id)


def withdraw_claim(
    ctx: AppContext, claim_id: int, reason: str, *, version: int | None = None
) -> ClaimDetail:
    """取下げ: the claim stays on record with its reason; an approved claim must not be in a
    payment batch."""
    text = _reason(reason, "取下げの理由")
    with ctx.unit_of_work("給付請求の取下げ") as uow:
        claim = _claim(uow.session, claim_id, version)
        _require(claim, OPEN_STATUSES, "取下げ")
        refused = _in_batch(uow.session, claim)
        if refused is not None:
            raise refused
        claim.status = "withdrawn"
        claim.amount = 0
        add_step(uow, claim, "withdrawn", reason=text)
        uow.commit()
    return get_claim(ctx, claim_id)
