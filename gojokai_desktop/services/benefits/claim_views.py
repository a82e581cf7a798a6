"""Reading benefit claims: numbers, labels, list rows, the whole claim and the to-do counts.

The writing side (:mod:`benefit_claims`) and the payments, registers and screens all read
claims through these rows, so a claim looks the same wherever it is shown.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row, Select, func, or_, select
from sqlalchemy.orm import Session, object_session

from gojokai_desktop.db.models import (
    BenefitClaim,
    BenefitClaimStep,
    BenefitPayment,
    BenefitPaymentBatch,
    Establishment,
    FamilyMember,
    Member,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import START_LABEL, FiscalLabel
from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.services import collection
from gojokai_desktop.services.benefits.tables import calendar_of_session, table_in_force
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import fiscal_label_in

STATUS_LABELS = {
    "received": "受付",
    "reviewed": "審査済",
    "approved": "支給決定",
    "rejected": "不支給",
    "paid": "支払済",
    "withdrawn": "取下げ",
}
STEP_LABELS = {
    "received": "受付",
    "updated": "内容の修正",
    "reviewed": "審査",
    "approved": "支給決定",
    "rejected": "不支給決定",
    "amount_changed": "決定額の変更",
    "reopened": "再審査",
    "withdrawn": "取下げ",
    "batched": "支払予定に追加",
    "unbatched": "支払予定から除外",
    "paid": "支払",
    "payment_reversed": "支払の取消",
}
METHOD_LABELS = {
    "cash": "現金（窓口）",
    "member_account": "会員の口座へ振込",
    "establishment_account": "事業所の口座へ振込",
}
#: Claims whose benefit counts against the limits (once only, per year, ...).
COUNTED_STATUSES = ("approved", "paid")
OPEN_STATUSES = ("received", "reviewed", "approved")


@dataclass(frozen=True)
class ClaimInput:
    """What the clerk enters at the counter (請求の受付)."""

    member_id: int
    kind_code: str
    event_date: dt.date
    claim_date: dt.date
    family_member_id: int | None = None
    days_off: int | None = None
    damage_class: str | None = None
    children: int = 1
    service_years: int | None = None
    spouse_also_claimed: bool = False
    evidence: tuple[str, ...] = ()
    employer_certified: bool = False
    detail: str = ""
    payment_method: str = "member_account"
    note: str = ""
    origin: str = ""


@dataclass(frozen=True)
class Failure:
    code: str
    message: str


@dataclass(frozen=True)
class ClaimRow:
    """One line of a claim list or register."""

    id: int
    number: str
    fiscal_year: int
    member_id: int
    member_number: str
    member_name: str
    member_kana: str
    establishment_name: str
    subject_name: str
    subject_relation: str
    kind_code: str
    kind_name: str
    category: str
    event_date: dt.date
    claim_date: dt.date
    status: str
    computed_amount: int
    amount: int
    overridden: bool
    failure_count: int
    payment_method: str
    decided_on: dt.date | None
    paid_on: dt.date | None
    batch_label: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class StepRow:
    step: str
    at: dt.datetime
    user_name: str
    amount: int | None
    reason: str

    @property
    def label(self) -> str:
        return STEP_LABELS.get(self.step, self.step)


@dataclass(frozen=True)
class ClaimDetail:
    """A claim whole: its row, the facts entered, the assessment and its story."""

    row: ClaimRow
    data: ClaimInput
    explanation: tuple[str, ...]
    failures: tuple[Failure, ...]
    evidence_required: tuple[str, ...]
    employer_certification: bool
    override_by: str | None
    override_reason: str | None
    reject_reason: str | None
    table_id: int
    steps: tuple[StepRow, ...]
    # The optimistic lock: an action on the claim names the version its screen loaded.
    version: int = 1


@dataclass(frozen=True)
class ClaimsTodo:
    """Claims waiting at each step, for the home page."""

    received: int
    reviewed: int
    approved: int
    approved_amount: int
    #: Of the approved ones, those already in a draft payment (支払予定, not yet committed).
    in_draft: int = 0
    in_draft_amount: int = 0


def claim_number(fiscal_year: int, seq: int, label: FiscalLabel = START_LABEL) -> str:
    """``R7-0012``: the era letter and year of the fiscal year (by the society's label rule:
    ``R1`` for a society that writes 令和元年度, else ``H31``), then the receipt number."""
    return f"{label.prefix(fiscal_year)}-{seq:04d}"


def label_of(row: object) -> FiscalLabel:
    """The society's fiscal-year label, read through the session ``row`` was loaded in."""
    session = object_session(row)
    return START_LABEL if session is None else fiscal_label_in(session)


def number_of_claim(claim: BenefitClaim) -> str:
    """The claim's 受付番号 (``R7-0012``), by the society's label rule."""
    return claim_number(claim.fiscal_year, claim.seq, label_of(claim))


def person_key(family_member_id: int | None) -> str:
    return "member" if family_member_id is None else f"family:{family_member_id}"


def input_of(claim: BenefitClaim) -> ClaimInput:
    return ClaimInput(
        member_id=claim.member_id,
        kind_code=claim.kind_code,
        event_date=claim.event_date,
        claim_date=claim.claim_date,
        family_member_id=claim.family_member_id,
        days_off=claim.days_off,
        damage_class=claim.damage_class,
        children=claim.children,
        service_years=claim.service_years,
        spouse_also_claimed=claim.spouse_also_claimed,
        evidence=tuple(json.loads(claim.evidence_json)),
        employer_certified=claim.employer_certified,
        detail=claim.detail,
        payment_method=claim.payment_method,
        note=claim.note,
        origin=claim.origin,
    )


def live_payment(session: Session, claim_id: int) -> BenefitPayment | None:
    return session.scalar(
        select(BenefitPayment).where(
            BenefitPayment.claim_id == claim_id, BenefitPayment.reversed.is_(False)
        )
    )


# -- reading --------------------------------------------------------------------------------
#: The claim's columns a list row needs: reading columns rather than whole ORM objects makes a
#: list of ten years' claims (30,000 on the L demo) about twice as fast.
_LISTED = (
    BenefitClaim.id,
    BenefitClaim.fiscal_year,
    BenefitClaim.seq,
    BenefitClaim.member_id,
    BenefitClaim.kind_code,
    BenefitClaim.kind_name,
    BenefitClaim.category,
    BenefitClaim.event_date,
    BenefitClaim.claim_date,
    BenefitClaim.status,
    BenefitClaim.computed_amount,
    BenefitClaim.amount,
    BenefitClaim.overridden,
    BenefitClaim.failures_json,
    BenefitClaim.payment_method,
    BenefitClaim.decided_on,
    BenefitClaim.paid_on,
)


def _row_query() -> Select[*tuple[Any, ...]]:
    return (
        select(
            *_LISTED,
            Member.number,
            Member.name,
            Member.name_kana,
            Establishment.name,
            FamilyMember.name,
            FamilyMember.relation,
            BenefitPaymentBatch.fiscal_year,
            BenefitPaymentBatch.seq,
        )
        .join(Member, Member.id == BenefitClaim.member_id)
        .join(Establishment, Establishment.id == Member.establishment_id)
        .outerjoin(FamilyMember, FamilyMember.id == BenefitClaim.family_member_id)
        .outerjoin(
            BenefitPayment,
            (BenefitPayment.claim_id == BenefitClaim.id) & BenefitPayment.reversed.is_(False),
        )
        .outerjoin(BenefitPaymentBatch, BenefitPaymentBatch.id == BenefitPayment.batch_id)
    )


def _row(values: Row[*tuple[Any, ...]], label: FiscalLabel) -> ClaimRow:
    (claim_id, fiscal_year, seq, member_id, kind_code, kind_name, category, event_date,
     claim_date, status, computed_amount, amount, overridden, failures_json, payment_method,
     decided_on, paid_on, number, name, kana, est, fam_name, fam_rel, batch_year,
     batch_seq) = values  # fmt: skip
    return ClaimRow(
        id=claim_id,
        number=claim_number(fiscal_year, seq, label),
        fiscal_year=fiscal_year,
        member_id=member_id,
        member_number=number,
        member_name=name,
        member_kana=kana,
        establishment_name=est,
        subject_name=name if fam_name is None else fam_name,
        subject_relation="本人" if fam_rel is None else fam_rel,
        kind_code=kind_code,
        kind_name=kind_name,
        category=category,
        event_date=event_date,
        claim_date=claim_date,
        status=status,
        computed_amount=computed_amount,
        amount=amount,
        overridden=overridden,
        failure_count=0 if failures_json == "[]" else len(json.loads(failures_json)),
        payment_method=payment_method,
        decided_on=decided_on,
        paid_on=paid_on,
        batch_label="" if batch_seq is None else batch_number(batch_year, batch_seq, label),
    )


def batch_number(fiscal_year: int, seq: int, label: FiscalLabel = START_LABEL) -> str:
    """``R7-支03``: the payment batch's number within its fiscal year (label rule as above)."""
    return f"{label.prefix(fiscal_year)}-支{seq:02d}"


@dataclass(frozen=True)
class ClaimFilter:
    """What the claim list shows; every field narrows it, empty ones do not."""

    statuses: tuple[str, ...] = ()
    fiscal_year: int | None = None
    kind_code: str = ""
    member_id: int | None = None
    text: str = ""
    event_from: dt.date | None = None
    event_to: dt.date | None = None
    limit: int | None = None


def list_claims(ctx: AppContext, where: ClaimFilter = ClaimFilter()) -> list[ClaimRow]:
    """Claims, newest first, filtered; ``text`` matches number, member number, name or kana."""
    query = _row_query()
    if where.statuses:
        query = query.where(BenefitClaim.status.in_(where.statuses))
    if where.fiscal_year is not None:
        query = query.where(BenefitClaim.fiscal_year == where.fiscal_year)
    if where.kind_code:
        query = query.where(BenefitClaim.kind_code == where.kind_code)
    if where.member_id is not None:
        query = query.where(BenefitClaim.member_id == where.member_id)
    if where.event_from is not None:
        query = query.where(BenefitClaim.event_date >= where.event_from)
    if where.event_to is not None:
        query = query.where(BenefitClaim.event_date <= where.event_to)
    key = where.text.strip()
    if key:
        kana = normalize_for_search(key)
        query = query.where(
            or_(
                Member.number.startswith(key),
                Member.name.contains(key),
                Member.kana_search.startswith(kana),
                FamilyMember.name.contains(key),
            )
        )
    query = query.order_by(BenefitClaim.claim_date.desc(), BenefitClaim.id.desc())
    if where.limit is not None:
        query = query.limit(where.limit)
    # Ten years of a large centre's claims made at once, none of them garbage.
    with collection.paused(), ctx.reader() as session:
        label = fiscal_label_in(session)
        # Plain rows (not through the ORM's loading): a tenth of the time at 30,000 claims.
        return [_row(values, label) for values in session.connection().execute(query)]


def member_benefits(ctx: AppContext, member_id: int) -> list[ClaimRow]:
    """Every claim of a member and the member's family (the record's 給付 tab)."""
    return list_claims(ctx, ClaimFilter(member_id=member_id))


def get_claim(ctx: AppContext, claim_id: int) -> ClaimDetail:
    with ctx.reader() as session:
        values = session.execute(_row_query().where(BenefitClaim.id == claim_id)).first()
        claim = session.get(BenefitClaim, claim_id)
        if values is None or claim is None:
            raise ValidationError("指定の請求がありません", "請求")
        row = _row(values, fiscal_label_in(session))
        fy = calendar_of_session(session).year_of(claim.event_date)
        table = table_in_force(session, fy).table
        try:
            kind = table.kind(claim.kind_code)
            evidence, employer = kind.evidence, kind.employer_certification
        except ValidationError:  # the kind left a later table: keep what the claim says
            evidence, employer = (), False
        steps = session.scalars(
            select(BenefitClaimStep)
            .where(BenefitClaimStep.claim_id == claim_id)
            .order_by(BenefitClaimStep.id)
        ).all()
        return ClaimDetail(
            row=row,
            data=input_of(claim),
            explanation=tuple(claim.explanation.splitlines()),
            failures=tuple(Failure(c, m) for c, m in json.loads(claim.failures_json)),
            evidence_required=evidence,
            employer_certification=employer,
            override_by=claim.override_by,
            override_reason=claim.override_reason,
            reject_reason=claim.reject_reason,
            table_id=claim.table_id,
            steps=tuple(StepRow(s.step, s.at, s.user_name, s.amount, s.reason) for s in steps),
            version=claim.version,
        )


def claims_todo(ctx: AppContext) -> ClaimsTodo:
    with ctx.reader() as session:
        counts = dict(
            session.execute(
                select(BenefitClaim.status, func.count())
                .where(BenefitClaim.status.in_(OPEN_STATUSES))
                .group_by(BenefitClaim.status)
            ).all()
        )
        unpaid = session.scalar(
            select(func.coalesce(func.sum(BenefitClaim.amount), 0)).where(
                BenefitClaim.status == "approved"
            )
        )
        in_draft, in_draft_amount = session.execute(
            select(func.count(), func.coalesce(func.sum(BenefitPayment.amount), 0))
            .join(BenefitPaymentBatch, BenefitPaymentBatch.id == BenefitPayment.batch_id)
            .where(BenefitPaymentBatch.status == "draft", BenefitPayment.reversed.is_(False))
        ).one()
    return ClaimsTodo(
        int(counts.get("received", 0)),
        int(counts.get("reviewed", 0)),
        int(counts.get("approved", 0)),
        int(unpaid or 0),
        int(in_draft),
        int(in_draft_amount),
    )
