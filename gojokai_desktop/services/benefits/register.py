"""The benefit register (給付台帳) for any period, and its check against the cash book.

A row per claim: numbers, dates (claim, decision, payment), member and person, kind, the
amount computed and the amount decided and paid, status, ★ for a claim approved by an
administrator's override with the reason, and the payment number. The auditors' check
compares the paid total of a fiscal year with the cash-book entries the payments posted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session, aliased

from gojokai_desktop.db.models import (
    Affiliation,
    BenefitClaim,
    BenefitPayment,
    BenefitPaymentBatch,
    CashBookEntry,
    Establishment,
    FamilyMember,
    Member,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import FiscalLabel
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.exports.benefits.register import RegisterSheet, write_register
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.benefits.claim_views import (
    STATUS_LABELS,
    batch_number,
    claim_number,
)
from gojokai_desktop.services.benefits.tables import calendar_of_session
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import fiscal_label_in, load_profile

#: Which date puts a claim in the period: the event (事由発生日) or the payment (支払日).
PERIOD_BASES = {"event": "事由発生日", "paid": "支払日"}
OVERRIDE_MARK = "★"
#: Claims whose amount is decided (the 決定額 column and total).
DECIDED = ("approved", "paid")


@dataclass(frozen=True)
class RegisterFilter:
    """What the register holds: a period by event or payment date, narrowed by kind, status
    and establishment (empty: all)."""

    date_from: dt.date
    date_to: dt.date
    by: str = "event"
    kind_codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    establishment_id: int | None = None


@dataclass(frozen=True)
class RegisterRow:
    """One claim of the register; the decided and paid amounts are None where they do not
    apply yet (a claim still being checked, a rejected one)."""

    claim_id: int
    number: str
    claim_date: dt.date
    event_date: dt.date
    decided_on: dt.date | None
    paid_on: dt.date | None
    member_number: str
    member_name: str
    establishment_name: str
    subject_name: str
    subject_relation: str
    kind_code: str
    kind_name: str
    computed_amount: int
    decided_amount: int | None
    paid_amount: int | None
    status: str
    overridden: bool
    override_by: str
    override_reason: str
    reject_reason: str
    batch_label: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def mark(self) -> str:
        return OVERRIDE_MARK if self.overridden else ""

    @property
    def note(self) -> str:
        """備考: why an override was allowed, or why the claim was not paid."""
        if self.overridden:
            return f"上書: {self.override_reason}"
        if self.status == "rejected":
            return f"不支給: {self.reject_reason}"
        return ""


@dataclass(frozen=True)
class Register:
    """The register with the conditions it was made with and its totals."""

    conditions: tuple[str, ...]
    rows: tuple[RegisterRow, ...]
    computed_total: int
    decided_total: int
    paid_total: int
    overridden_count: int
    period: tuple[dt.date, dt.date] = field(default=(dt.date.min, dt.date.max))

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class CashBookCheck:
    """The auditors' check of a fiscal year (must be 0 yen).

    ``other_year_reversals``: payments taken back in another fiscal year than they were made
    (a returned transfer): the cash book of the year of payment still holds them (+), the year
    of the reversal holds the reversal (−), while the register shows the claim unpaid.
    ``difference`` = cash book − register − other-year reversals.
    """

    fiscal_year: int
    register_total: int
    cash_book_total: int
    other_year_reversals: int

    @property
    def difference(self) -> int:
        return self.cash_book_total - self.register_total - self.other_year_reversals

    @property
    def matches(self) -> bool:
        return self.difference == 0


def fiscal_year_filter(ctx: AppContext, fiscal_year: int, by: str = "paid") -> RegisterFilter:
    """The filter of a whole fiscal year (the society's own start month)."""
    with ctx.reader() as session:
        calendar = calendar_of_session(session)
    return RegisterFilter(calendar.first_day(fiscal_year), calendar.last_day(fiscal_year), by)


def _check(where: RegisterFilter) -> None:
    if where.by not in PERIOD_BASES:
        raise ValidationError("期間の基準は事由発生日か支払日を選んでください", "期間の基準")
    if where.date_to < where.date_from:
        raise ValidationError("期間の終わりは始まりと同じ日か後の日にしてください", "期間")
    unknown = [s for s in where.statuses if s not in STATUS_LABELS]
    if unknown:
        raise ValidationError(f"状態「{'、'.join(unknown)}」はありません", "状態")


def benefit_register(ctx: AppContext, where: RegisterFilter) -> Register:
    """給付台帳: the claims of the period, oldest first, with their totals."""
    _check(where)
    date = BenefitClaim.event_date if where.by == "event" else BenefitClaim.paid_on
    # The establishment the member belonged to on the event date (a transfer later does not
    # move old claims); the member's present one only when no affiliation covers that date.
    at_event = aliased(Affiliation)
    event_est = aliased(Establishment)
    est_id = func.coalesce(at_event.establishment_id, Member.establishment_id)
    query = (
        select(
            BenefitClaim,
            Member.number,
            Member.name,
            func.coalesce(event_est.name, Establishment.name),
            FamilyMember.name,
            FamilyMember.relation,
            BenefitPaymentBatch.fiscal_year,
            BenefitPaymentBatch.seq,
        )
        .join(Member, Member.id == BenefitClaim.member_id)
        .join(Establishment, Establishment.id == Member.establishment_id)
        .outerjoin(
            at_event,
            and_(
                at_event.member_id == BenefitClaim.member_id,
                at_event.start_date <= BenefitClaim.event_date,
                or_(at_event.end_date.is_(None), at_event.end_date >= BenefitClaim.event_date),
            ),
        )
        .outerjoin(event_est, event_est.id == at_event.establishment_id)
        .outerjoin(FamilyMember, FamilyMember.id == BenefitClaim.family_member_id)
        .outerjoin(
            BenefitPayment,
            (BenefitPayment.claim_id == BenefitClaim.id) & BenefitPayment.reversed.is_(False),
        )
        .outerjoin(BenefitPaymentBatch, BenefitPaymentBatch.id == BenefitPayment.batch_id)
        .where(date >= where.date_from, date <= where.date_to)
        .order_by(date, BenefitClaim.fiscal_year, BenefitClaim.seq)
    )
    if where.kind_codes:
        query = query.where(BenefitClaim.kind_code.in_(where.kind_codes))
    if where.statuses:
        query = query.where(BenefitClaim.status.in_(where.statuses))
    if where.establishment_id is not None:
        query = query.where(est_id == where.establishment_id)
    with ctx.reader() as session:
        label = fiscal_label_in(session)
        rows = tuple(_row(tuple(values), label) for values in session.execute(query))
        conditions = _conditions(session, where, rows)
    return Register(
        conditions=conditions,
        rows=rows,
        computed_total=sum(r.computed_amount for r in rows),
        decided_total=sum(r.decided_amount or 0 for r in rows),
        paid_total=sum(r.paid_amount or 0 for r in rows),
        overridden_count=sum(1 for r in rows if r.overridden),
        period=(where.date_from, where.date_to),
    )


def _row(values: tuple[object, ...], label: FiscalLabel) -> RegisterRow:
    claim, number, name, est, fam_name, fam_rel, batch_year, batch_seq = values
    assert isinstance(claim, BenefitClaim)
    batch = (
        "" if batch_seq is None else batch_number(int(str(batch_year)), int(str(batch_seq)), label)
    )
    return RegisterRow(
        claim_id=claim.id,
        number=claim_number(claim.fiscal_year, claim.seq, label),
        claim_date=claim.claim_date,
        event_date=claim.event_date,
        decided_on=claim.decided_on,
        paid_on=claim.paid_on,
        member_number=str(number),
        member_name=str(name),
        establishment_name=str(est),
        subject_name=str(name) if fam_name is None else str(fam_name),
        subject_relation="本人" if fam_rel is None else str(fam_rel),
        kind_code=claim.kind_code,
        kind_name=claim.kind_name,
        computed_amount=claim.computed_amount,
        decided_amount=claim.amount if claim.status in DECIDED else None,
        paid_amount=claim.amount if claim.status == "paid" else None,
        status=claim.status,
        overridden=claim.overridden,
        override_by=claim.override_by or "",
        override_reason=claim.override_reason or "",
        reject_reason=claim.reject_reason or "",
        batch_label=batch,
    )


def _conditions(
    session: Session, where: RegisterFilter, rows: tuple[RegisterRow, ...]
) -> tuple[str, ...]:
    period = (
        f"{PERIOD_BASES[where.by]} {format_wareki(where.date_from)}〜{format_wareki(where.date_to)}"
    )
    narrowed = []
    if where.kind_codes:
        names = {r.kind_code: r.kind_name for r in rows}
        narrowed.append("給付の種類: " + "・".join(names.get(c, c) for c in where.kind_codes))
    if where.statuses:
        narrowed.append("状態: " + "・".join(STATUS_LABELS[s] for s in where.statuses))
    if where.establishment_id is not None:
        narrowed.append("事業所: " + _establishment_name(session, where.establishment_id))
    return (period, "　".join(narrowed)) if narrowed else (period,)


def _establishment_name(session: Session, establishment_id: int) -> str:
    est = session.get(Establishment, establishment_id)
    return est.name if est is not None else str(establishment_id)


# -- output ---------------------------------------------------------------------------------
REGISTER_COLUMNS = (
    ListColumn("受付番号", "number", 21),
    ListColumn("請求日", "claim_date", 12, "era_date_short"),
    ListColumn("事由発生日", "event_date", 12, "era_date_short"),
    ListColumn("決定日", "decided_on", 12, "era_date_short"),
    ListColumn("支払日", "paid_on", 12, "era_date_short"),
    ListColumn("会員番号", "member_number", 15),
    ListColumn("氏名", "member_name", 20),
    ListColumn("対象者（続柄）", "subject", 28),
    ListColumn("給付の種類", "kind_name", 29),
    ListColumn("算定額", "computed_amount", 16, "yen", total=True),
    ListColumn("決定額", "decided_amount", 16, "yen", total=True),
    ListColumn("支払額", "paid_amount", 16, "yen", total=True),
    ListColumn("状態", "status", 13, align="center"),
    ListColumn("上書", "mark", 7, align="center"),
    ListColumn("支払番号", "batch", 13),
    ListColumn("備考", "note", 54),
)
REGISTER_NOTES = (
    f"※ {OVERRIDE_MARK} 審査の条件を満たさない請求を、管理者が理由を付けて支給決定したもの"
    "（上書）。",
    "※ 決定額は支給決定・支払済の請求、支払額は支払済の請求の金額。"
    "支払を取り消した請求は支払額に含めない。",
)


def _register_record(row: RegisterRow) -> dict[str, object]:
    return {
        "number": row.number,
        "claim_date": row.claim_date,
        "event_date": row.event_date,
        "decided_on": row.decided_on,
        "paid_on": row.paid_on,
        "member_number": row.member_number,
        "member_name": row.member_name,
        # The member's own events say 本人 alone: the name is in the column before.
        "subject": "本人"
        if row.subject_relation == "本人"
        else f"{row.subject_name}（{row.subject_relation}）",
        "kind_name": row.kind_name,
        "computed_amount": row.computed_amount,
        "decided_amount": row.decided_amount,
        "paid_amount": row.paid_amount,
        "status": row.status_label,
        "mark": row.mark,
        "batch": row.batch_label,
        "note": row.note,
    }


def print_register(
    ctx: AppContext,
    register: Register,
    out: Output,
    *,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """給付台帳 as an A4 landscape list: era dates, yen with commas, totals, ★ explained."""
    profile = load_profile(ctx)
    spec = ListingSpec(
        title="慶弔給付台帳",
        columns=REGISTER_COLUMNS,
        printed_on=ctx.today(),
        conditions=register.conditions,
        society_name=profile.name if profile else "",
        unit_note="単位:円",
        footnotes=REGISTER_NOTES,
        landscape=True,
        font_size=8.0,
        totals_label="合計",
    )
    records = [_register_record(r) for r in register.rows]
    return render_listing(spec, records, out, progress=progress, is_cancelled=is_cancelled)


def _sheet_row(r: RegisterRow) -> tuple[object, ...]:
    return (
        r.number, r.claim_date, r.event_date, r.decided_on, r.paid_on, r.member_number,
        r.member_name, r.establishment_name, r.subject_name, r.subject_relation, r.kind_name,
        r.computed_amount, r.decided_amount, r.paid_amount, r.status_label, r.mark,
        r.override_by, r.batch_label, r.note,
    )  # fmt: skip


def export_register(ctx: AppContext, register: Register, path: Path) -> int:
    """給付台帳 as a workbook (real dates and numbers, totals), written whole or not at all."""
    profile = load_profile(ctx)
    rows = tuple(_sheet_row(r) for r in register.rows)
    sheet = RegisterSheet(
        title=f"慶弔給付台帳　{profile.name if profile else ''}".strip(),
        conditions=register.conditions,
        rows=rows,
        totals=(register.computed_total, register.decided_total, register.paid_total),
    )
    return write_register(path, sheet)


# -- the auditors' check ----------------------------------------------------------------------
def register_matches_cash_book(ctx: AppContext, fiscal_year: int) -> CashBookCheck:
    """The paid total of the register of ``fiscal_year`` (by payment date) against the net of
    the cash-book entries the benefit payments posted in that year (reversals included)."""
    register = benefit_register(ctx, fiscal_year_filter(ctx, fiscal_year))
    with ctx.reader() as session:
        calendar = calendar_of_session(session)
        cash_book = session.scalar(
            select(func.coalesce(func.sum(CashBookEntry.net_amount), 0)).where(
                CashBookEntry.source_type == "benefit_payment",
                CashBookEntry.fiscal_year == fiscal_year,
            )
        )
        reversed_payments = session.execute(
            select(
                BenefitPayment.amount, BenefitPaymentBatch.payment_date, BenefitPayment.reversed_on
            )
            .join(BenefitPaymentBatch, BenefitPaymentBatch.id == BenefitPayment.batch_id)
            .where(BenefitPayment.reversed.is_(True), BenefitPayment.entry_id.is_not(None))
        ).all()
    other_years = 0
    for amount, paid, reversed_on in reversed_payments:
        paid_year = calendar.year_of(paid)
        reversed_year = calendar.year_of(reversed_on) if reversed_on is not None else paid_year
        if paid_year == reversed_year:
            continue
        if paid_year == fiscal_year:
            other_years += amount
        elif reversed_year == fiscal_year:
            other_years -= amount
    return CashBookCheck(fiscal_year, register.paid_total, int(cash_book or 0), other_years)
