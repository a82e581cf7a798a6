"""Reading payment batches: their rows and lines, where each payment goes, what blocks it.

The editing side (:mod:`benefit_payments`), the bank file (:mod:`benefit_zengin`), the
printouts and the screens read batches through these rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    BenefitClaim,
    BenefitPayment,
    BenefitPaymentBatch,
    Establishment,
    FamilyMember,
    Member,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.zengin import ZenginSettings
from gojokai_desktop.services.benefits.claim_views import (
    METHOD_LABELS,
    ClaimFilter,
    ClaimRow,
    batch_number,
    label_of,
    list_claims,
    number_of_claim,
)
from gojokai_desktop.services.benefits.zengin import (
    TRANSFER_METHODS,
    load_zengin_account,
    payee_label,
    transfer_of,
    transfer_problem,
)
from gojokai_desktop.services.context import AppContext

BATCH_STATUS_LABELS = {"draft": "作成中", "committed": "支払済", "cancelled": "取消"}


@dataclass(frozen=True)
class BatchRow:
    """One payment batch, for the list of batches and the CLI."""

    id: int
    number: str
    fiscal_year: int
    payment_date: dt.date
    status: str
    claim_count: int
    total_amount: int
    transfer_count: int
    transfer_total: int
    note: str
    created_by: str
    committed_at: dt.datetime | None
    committed_by: str | None
    zengin_file: str | None
    zengin_written_at: dt.datetime | None

    @property
    def status_label(self) -> str:
        return BATCH_STATUS_LABELS[self.status]


@dataclass(frozen=True)
class BatchLine:
    """One claim in a batch with how it is paid; ``problem`` says what blocks a transfer."""

    payment_id: int
    claim_id: int
    claim_number: str
    member_number: str
    member_name: str
    establishment_name: str
    kind_code: str
    kind_name: str
    subject_name: str
    event_date: dt.date
    method: str
    amount: int
    payee_name: str
    bank_code: str
    branch_code: str
    account_type: str
    account_number: str
    account_holder_kana: str
    reversed: bool
    problem: str

    @property
    def method_label(self) -> str:
        return METHOD_LABELS[self.method]


@dataclass(frozen=True)
class BatchDetail:
    row: BatchRow
    lines: tuple[BatchLine, ...]


def number_of(batch: BenefitPaymentBatch) -> str:
    return batch_number(batch.fiscal_year, batch.seq, label_of(batch))


def batch_of(session: Session, batch_id: int, *, lock: bool = False) -> BenefitPaymentBatch:
    """The batch; ``lock`` holds it until commit (two PCs changing one batch take turns)."""
    batch = session.get(BenefitPaymentBatch, batch_id, with_for_update=lock, populate_existing=lock)
    if batch is None:
        raise ValidationError("指定の支払バッチがありません", "支払バッチ")
    return batch


def account_of(session: Session, claim: BenefitClaim, method: str) -> tuple[str, ...]:
    """(payee, bank, branch, type, number, holder kana) for a transfer, from today's records."""
    member = session.get(Member, claim.member_id)
    assert member is not None
    if method == "member_account":
        return (
            member.name,
            member.bank_code,
            member.branch_code,
            member.account_type or "",
            member.account_number,
            member.account_holder_kana,
        )
    est = session.get(Establishment, member.establishment_id)
    assert est is not None
    return (
        est.name,
        est.bank_code,
        est.branch_code,
        est.account_type or "",
        est.account_number,
        est.account_holder_kana,
    )


def missing_account(method: str, account: Sequence[str]) -> str:
    if method == "cash":
        return ""
    whose = "会員" if method == "member_account" else "事業所"
    _payee, bank_code, branch_code, account_type, number, holder = account
    if not (bank_code and branch_code and account_type and number and holder):
        return f"{whose}の振込先口座が登録されていません"
    return ""


# -- batches --------------------------------------------------------------------------------
def batch_row(session: Session, batch: BenefitPaymentBatch) -> BatchRow:
    transfer_count, transfer_total = session.execute(
        select(func.count(), func.coalesce(func.sum(BenefitPayment.amount), 0)).where(
            BenefitPayment.batch_id == batch.id,
            BenefitPayment.reversed.is_(False),
            BenefitPayment.method.in_(TRANSFER_METHODS),
        )
    ).one()
    return BatchRow(
        id=batch.id,
        number=number_of(batch),
        fiscal_year=batch.fiscal_year,
        payment_date=batch.payment_date,
        status=batch.status,
        claim_count=batch.claim_count,
        total_amount=batch.total_amount,
        transfer_count=int(transfer_count),
        transfer_total=int(transfer_total),
        note=batch.note,
        created_by=batch.created_by,
        committed_at=batch.committed_at,
        committed_by=batch.committed_by,
        zengin_file=batch.zengin_file,
        zengin_written_at=batch.zengin_written_at,
    )


def list_batches(ctx: AppContext, fiscal_year: int | None = None) -> list[BatchRow]:
    """Batches, newest first."""
    with ctx.reader() as session:
        query = select(BenefitPaymentBatch).order_by(
            BenefitPaymentBatch.payment_date.desc(), BenefitPaymentBatch.id.desc()
        )
        if fiscal_year is not None:
            query = query.where(BenefitPaymentBatch.fiscal_year == fiscal_year)
        return [batch_row(session, b) for b in session.scalars(query)]


def get_batch(ctx: AppContext, batch_id: int) -> BatchDetail:
    with ctx.reader() as session:
        batch = batch_of(session, batch_id)
        rows = session.execute(
            select(BenefitPayment, BenefitClaim, Member, Establishment.name, FamilyMember.name)
            .join(BenefitClaim, BenefitClaim.id == BenefitPayment.claim_id)
            .join(Member, Member.id == BenefitClaim.member_id)
            .join(Establishment, Establishment.id == Member.establishment_id)
            .outerjoin(FamilyMember, FamilyMember.id == BenefitClaim.family_member_id)
            .where(BenefitPayment.batch_id == batch.id)
            .order_by(BenefitPayment.id)
        ).all()
        zengin = load_zengin_account(session)
        settings = zengin.settings if zengin is not None else ZenginSettings()
        lines = []
        for payment, claim, member, est_name, family_name in rows:
            committed = batch.status == "committed"
            account = (
                (
                    payment.payee_name,
                    payment.bank_code,
                    payment.branch_code,
                    payment.account_type,
                    payment.account_number,
                    payment.account_holder_kana,
                )
                if committed
                else account_of(session, claim, payment.method)
            )
            if payment.method == "cash":
                account = (member.name, "", "", "", "", "")
            lines.append(
                BatchLine(
                    payment_id=payment.id,
                    claim_id=claim.id,
                    claim_number=number_of_claim(claim),
                    member_number=member.number,
                    member_name=member.name,
                    establishment_name=est_name,
                    kind_code=claim.kind_code,
                    kind_name=claim.kind_name,
                    subject_name=family_name or member.name,
                    event_date=claim.event_date,
                    method=payment.method,
                    amount=payment.amount,
                    payee_name=account[0],
                    bank_code=account[1],
                    branch_code=account[2],
                    account_type=account[3],
                    account_number=account[4],
                    account_holder_kana=account[5],
                    reversed=payment.reversed,
                    problem="" if committed else _problem(payment, member, account, settings),
                )
            )
        return BatchDetail(batch_row(session, batch), tuple(lines))


def _problem(
    payment: BenefitPayment, member: Member, account: Sequence[str], settings: ZenginSettings
) -> str:
    """What would stop this draft line at the commit: no account, or one the bank refuses."""
    missing = missing_account(payment.method, account)
    if missing or payment.method == "cash":
        return missing
    transfer = transfer_of(payee_label(member), account, payment.amount, member.number)
    return transfer_problem(transfer, settings)


def payable_claims(ctx: AppContext) -> list[ClaimRow]:
    """Approved claims not yet in a batch: what the next batch can pay."""
    return [
        row for row in list_claims(ctx, ClaimFilter(statuses=("approved",))) if not row.batch_label
    ]
