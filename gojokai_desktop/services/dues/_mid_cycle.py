"""途中入会・退会 (members who join or leave between two base dates): the rule of the dues
README, in one place — joiners not counted by the previous bill pay the entry fee and their
months, leavers counted by it get their months after leaving back, never pro-rated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Affiliation,
    BillingRun,
    DuesBill,
    Establishment,
    Member,
    MemberEvent,
    MembershipPeriod,
)
from gojokai_desktop.domain.dues import (
    add_months,
    cycle_months,
    joiner_months,
    leaver_credit_months,
)
from gojokai_desktop.services.dues.fees import FeeTableView
from gojokai_desktop.services.dues.lines import BillLineView


def _previous_bill(
    session: Session, est_id: int, previous: dt.date
) -> tuple[dt.datetime, dt.date] | None:
    """When the previous cycle's live bill was made, and the first period this program ever
    billed the establishment (dues before it were settled outside the program)."""
    made = session.execute(
        select(BillingRun.run_at)
        .join(DuesBill, DuesBill.run_id == BillingRun.id)
        .where(
            DuesBill.establishment_id == est_id,
            DuesBill.period == previous,
            DuesBill.status != "cancelled",
        )
    ).first()
    if made is None:
        return None
    first = session.scalar(
        select(func.min(DuesBill.period)).where(
            DuesBill.establishment_id == est_id, DuesBill.status != "cancelled"
        )
    )
    return made[0], first or previous


def _entered_late(
    session: Session, est_id: int, previous: dt.date, run_at: dt.datetime
) -> set[int]:
    """Affiliation ids of joins the clerk entered after the previous bill was made, though
    they began by its base date: that bill did not count them."""
    entered = (
        select(
            MemberEvent.member_id,
            MemberEvent.effective_date,
            func.max(MemberEvent.entered_at).label("entered_at"),
        )
        .where(MemberEvent.kind.in_(("join", "rejoin")))
        .group_by(MemberEvent.member_id, MemberEvent.effective_date)
        .subquery()
    )
    return set(
        session.scalars(
            select(Affiliation.id)
            .join(
                entered,
                and_(
                    entered.c.member_id == Affiliation.member_id,
                    entered.c.effective_date == Affiliation.start_date,
                ),
            )
            .where(
                Affiliation.establishment_id == est_id,
                Affiliation.start_date <= previous,
                or_(Affiliation.end_date.is_(None), Affiliation.end_date >= previous),
                entered.c.entered_at > run_at,
            )
        )
    )


def joiner_and_leaver_lines(
    session: Session,
    ests: list[Establishment],
    period: dt.date,
    fees: FeeTableView,
) -> dict[int, list[BillLineView]]:
    """Joiners not counted in the previous bill (entry fee + their months) and leavers'
    credits: the rule of 途中入会・退会 in services/dues/README.md."""
    result: dict[int, list[BillLineView]] = defaultdict(list)
    table = fees.flat()
    for est in ests:
        months = cycle_months(est.billing_cycle)
        previous = add_months(period, -months)
        before = _previous_bill(session, est.id, previous)
        late = _entered_late(session, est.id, previous, before[0]) if before else set()
        first_billed = before[1] if before else previous
        joiners = session.execute(
            select(Affiliation, Member, MembershipPeriod.id)
            .join(Member, Member.id == Affiliation.member_id)
            .outerjoin(
                MembershipPeriod,
                and_(
                    MembershipPeriod.member_id == Affiliation.member_id,
                    MembershipPeriod.start_date == Affiliation.start_date,
                ),
            )
            .where(
                Affiliation.establishment_id == est.id,
                or_(
                    and_(Affiliation.start_date > previous, Affiliation.start_date <= period),
                    Affiliation.id.in_(late),
                ),
            )
            .order_by(Member.number)
        ).all()
        for aff, member, period_id in joiners:
            result[est.id].extend(
                _joiner_lines(
                    aff,
                    member,
                    new_membership=period_id is not None,
                    period=period,
                    fees=fees,
                    first_billed=first_billed,
                )
            )
        if before is None:
            continue
        leavers = session.execute(
            select(Affiliation, Member)
            .join(Member, Member.id == Affiliation.member_id)
            .where(
                Affiliation.establishment_id == est.id,
                Affiliation.start_date <= previous,
                Affiliation.end_date >= previous,
                Affiliation.end_date < period,
                Affiliation.id.not_in(late),
            )
            .order_by(Member.number)
        ).all()
        for aff, member in leavers:
            assert aff.end_date is not None
            credit = leaver_credit_months(aff.end_date, period)
            if credit:
                unit = table.monthly_for(member.dues_class)
                result[est.id].append(
                    BillLineView(
                        "leaver_credit",
                        f"退会調整 {member.number} {member.name} {credit}か月 × △{unit:,}円",
                        1,
                        credit,
                        -unit,
                        -unit * credit,
                        member.id,
                    )
                )
    return result


def _joiner_lines(
    aff: Affiliation,
    member: Member,
    *,
    new_membership: bool,
    period: dt.date,
    fees: FeeTableView,
    first_billed: dt.date,
) -> list[BillLineView]:
    """入会金 (a new membership, not a transfer) and the months from the join month up to
    this base date — or up to the leave month when the member has left already. A join
    before the first bill of the establishment was settled outside the program."""
    lines = []
    start = max(aff.start_date, first_billed)
    if new_membership and fees.entry_fee and aff.start_date >= first_billed:
        lines.append(
            BillLineView(
                "entry_fee",
                f"入会金 {member.number} {member.name}",
                1,
                1,
                fees.entry_fee,
                fees.entry_fee,
                member.id,
            )
        )
    until = period if aff.end_date is None else min(period, add_months(aff.end_date, 1))
    owed = joiner_months(start, until)
    if owed:
        unit = fees.flat().monthly_for(member.dues_class)
        left = "（退会済）" if aff.end_date is not None and aff.end_date < period else ""
        lines.append(
            BillLineView(
                "joiner",
                f"途中入会 {member.number} {member.name} {owed}か月 × {unit:,}円{left}",
                1, owed, unit, unit * owed, member.id,
            )
        )  # fmt: skip
    return lines
