"""Due lists (該当者一覧): who reaches a date-driven benefit in a fiscal year, from the database.

For every date-driven kind of the table in force (入学, 成人, 長寿, 銀婚, 永年), the people who
reach it in the year and are members on the day, the amount the rule gives, and whether a
claim already exists. The set is computed with a few set-based queries (births in a window,
all membership periods once), so a fiscal year over 50,000 members takes well under 2 s.
Chosen rows become claims in one transaction (:func:`create_claims_from_due`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import BenefitClaim
from gojokai_desktop.domain.benefits import rules
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.benefits._due_find import Finder, Found, MemberInfo, member_info
from gojokai_desktop.services.benefits.claim_views import (
    ClaimInput,
    claim_number,
    number_of_claim,
)
from gojokai_desktop.services.benefits.claims import receive_in
from gojokai_desktop.services.benefits.tables import calendar_of_session, table_in_force
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import fiscal_label_in

#: Claims in these states do not count: the benefit may be claimed again.
_DEAD_STATUSES = ("rejected", "withdrawn")


@dataclass(frozen=True)
class DueKind:
    """A date-driven kind of the table in force (for a filter on the screen)."""

    code: str
    name: str


@dataclass(frozen=True)
class DueRow:
    """One benefit due: kind, member, the person it is about, when, why, how much, claimed?

    ``family_member_id`` is None when the benefit is the member's own (本人; 銀婚 is the
    member's benefit too, counted from the spouse's 婚姻日). ``claim_number`` names a claim of
    the same kind, person and event date that is not rejected or withdrawn.
    """

    kind_code: str
    kind_name: str
    member_id: int
    member_number: str
    member_name: str
    member_kana: str
    establishment_name: str
    family_member_id: int | None
    person_name: str
    person_relation: str
    event_date: dt.date
    reason: str
    amount: int
    claim_id: int | None = None
    claim_number: str = ""

    @property
    def claimed(self) -> bool:
        return self.claim_id is not None

    @property
    def status_label(self) -> str:
        return "請求済" if self.claimed else "未請求"

    @property
    def key(self) -> tuple[str, int, int | None, dt.date]:
        """What identifies the benefit: kind, member, person and event date."""
        return (self.kind_code, self.member_id, self.family_member_id, self.event_date)


@dataclass(frozen=True)
class DueList:
    """The due list of a fiscal year under the table in force then."""

    fiscal_year: int
    table_label: str
    kinds: tuple[DueKind, ...]
    rows: tuple[DueRow, ...]

    @property
    def total_amount(self) -> int:
        return sum(r.amount for r in self.rows)

    @property
    def unclaimed(self) -> tuple[DueRow, ...]:
        return tuple(r for r in self.rows if not r.claimed)


@dataclass(frozen=True)
class DueThisMonth:
    """Due items of the current month not claimed yet, for the home page."""

    month: dt.date
    rows: tuple[DueRow, ...]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def amount(self) -> int:
        return sum(r.amount for r in self.rows)


@dataclass(frozen=True)
class CreatedClaim:
    """A claim made from a due row (受付 state)."""

    claim_id: int
    number: str
    row: DueRow


# -- loading and rows ---------------------------------------------------------------------
def _claims(
    session: Session, codes: Sequence[str], first: dt.date, last: dt.date
) -> dict[tuple[str, int, int | None, dt.date], tuple[int, str]]:
    """Live claims of the date-driven kinds with an event in the year, by their key."""
    query = select(
        BenefitClaim.kind_code,
        BenefitClaim.member_id,
        BenefitClaim.family_member_id,
        BenefitClaim.event_date,
        BenefitClaim.id,
        BenefitClaim.fiscal_year,
        BenefitClaim.seq,
    ).where(
        BenefitClaim.kind_code.in_(codes),
        BenefitClaim.event_date.between(first, last),
        BenefitClaim.status.not_in(_DEAD_STATUSES),
    )
    label = fiscal_label_in(session)
    return {
        (code, member, family, event): (claim_id, claim_number(fy, seq, label))
        for code, member, family, event, claim_id, fy, seq in session.execute(query)
    }


def _row(
    found: Found,
    member: MemberInfo,
    periods: tuple[rules.MembershipPeriod, ...],
    claims: dict[tuple[str, int, int | None, dt.date], tuple[int, str]],
) -> DueRow:
    kind, person = found.kind, found.person
    own = kind.subject == "member"
    family = None
    if not own:
        family = rules.FamilyMember(
            f"family:{person.family_id}",
            person.name,
            person.relation,
            person.birth,
            person.registered_from,
            person.registered_to,
        )
    facts = rules.ClaimFacts(
        event_date=found.event_date,
        claim_date=found.event_date,
        membership=periods,
        member_birth=member.birth,
        family_member=family,
    )
    amount, _lines, _failures = rules.compute_amount(kind, facts)
    family_id = None if own else person.family_id
    claim_id, number = claims.get((kind.code, person.member_id, family_id, found.event_date),
                                  (None, ""))  # fmt: skip
    return DueRow(
        kind_code=kind.code,
        kind_name=kind.name,
        member_id=person.member_id,
        member_number=member.number,
        member_name=member.name,
        member_kana=member.kana,
        establishment_name=member.establishment,
        family_member_id=family_id,
        person_name=member.name if own else person.name,
        person_relation="本人" if own else person.relation,
        event_date=found.event_date,
        reason=found.reason,
        amount=amount,
        claim_id=claim_id,
        claim_number=number,
    )


def _due_list(session: Session, fiscal_year: int) -> DueList:
    calendar = calendar_of_session(session)
    in_force = table_in_force(session, fiscal_year)
    kinds = [k for k in in_force.table.kinds if k.date_driven]
    label = (
        f"{in_force.table.name}（{in_force.valid_from_year}年度〜 第{in_force.version}版）"
        if in_force.version_id is not None
        else f"{in_force.table.name}（ひな形）"
    )
    if not kinds:
        return DueList(fiscal_year, label, (), ())
    finder = Finder(session, kinds, fiscal_year, calendar)
    found = finder.find()
    members = member_info(session, (f.person.member_id for f in found))
    claims = _claims(session, [k.code for k in kinds], finder.first, finder.last)
    order = {k.code: index for index, k in enumerate(kinds)}
    rows = sorted(
        (
            _row(f, members[f.person.member_id], finder.periods[f.person.member_id], claims)
            for f in found
        ),
        key=lambda r: (r.event_date, order[r.kind_code], r.member_number, r.family_member_id or 0),
    )
    return DueList(fiscal_year, label, tuple(DueKind(k.code, k.name) for k in kinds), tuple(rows))


# -- use cases ----------------------------------------------------------------------------
def due_list(ctx: AppContext, fiscal_year: int) -> DueList:
    """Everyone who reaches a date-driven benefit in ``fiscal_year``, by event date."""
    if not 1900 <= fiscal_year <= 2200:
        raise ValidationError(f"{fiscal_year} は年度として正しくありません", "年度")
    with ctx.reader() as session:
        return _due_list(session, fiscal_year)


def due_this_month(ctx: AppContext) -> DueThisMonth:
    """The due items whose event falls in the current month and that nobody has claimed."""
    today = ctx.today()
    with ctx.reader() as session:
        fiscal_year = calendar_of_session(session).year_of(today)
        rows = _due_list(session, fiscal_year).rows
    month = today.replace(day=1)
    this_month = tuple(
        r for r in rows if not r.claimed and (r.event_date.year, r.event_date.month) == (
            today.year, today.month)
    )  # fmt: skip
    return DueThisMonth(month, this_month)


@retry_on_conflict
def create_claims_from_due(
    ctx: AppContext, items: Sequence[DueRow], claim_date: dt.date
) -> tuple[CreatedClaim, ...]:
    """Turn chosen due rows into claims (受付), all in one transaction or none.

    A row already claimed (a live claim of the same kind, person and event date, perhaps
    made since the list was read) refuses the whole request, naming every such row.
    """
    chosen = list({row.key: row for row in items}.values())
    if not chosen:
        raise ValidationError("請求にする該当者を選んでください", "該当者")
    if claim_date > ctx.today():
        raise ValidationError("請求日（受付日）に未来の日付は入れられません", "請求日")
    with ctx.unit_of_work("該当者一覧から給付請求の受付") as uow:
        claimed = _live_claims(uow.session, chosen)
        if claimed:
            lines = "\n".join(
                f"・{row.member_number} {row.person_name} {row.kind_name}"
                f" {format_wareki(row.event_date)}（{number}）"
                for row, number in claimed
            )
            raise RuleViolation(f"次の給付はすでに請求されています。\n{lines}")
        created = []
        for row in chosen:
            claim = receive_in(
                uow,
                ClaimInput(
                    member_id=row.member_id,
                    kind_code=row.kind_code,
                    event_date=row.event_date,
                    claim_date=claim_date,
                    family_member_id=row.family_member_id,
                    detail=f"該当者一覧から: {row.reason}",
                    origin=f"due:{row.kind_code}",
                ),
            )
            created.append((claim, row))
        uow.commit()
        return tuple(CreatedClaim(claim.id, number_of_claim(claim), row) for claim, row in created)


def _live_claims(session: Session, rows: Sequence[DueRow]) -> list[tuple[DueRow, str]]:
    found = []
    for row in rows:
        family = (
            BenefitClaim.family_member_id.is_(None)
            if row.family_member_id is None
            else BenefitClaim.family_member_id == row.family_member_id
        )
        claim = session.execute(
            select(BenefitClaim.fiscal_year, BenefitClaim.seq).where(
                and_(
                    BenefitClaim.kind_code == row.kind_code,
                    BenefitClaim.member_id == row.member_id,
                    family,
                    BenefitClaim.event_date == row.event_date,
                    BenefitClaim.status.not_in(_DEAD_STATUSES),
                )
            )
        ).first()
        if claim is not None:
            found.append((row, claim_number(claim[0], claim[1], fiscal_label_in(session))))
    return found
