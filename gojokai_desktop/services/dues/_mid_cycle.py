"""途中入会・退会 (members who join or leave between two base dates): the rule of the dues
README, in one place — joiners not counted by the previous bill pay the entry fee and their
months, leavers counted by it get their months after leaving back, never pro-rated.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.chunks import in_lists
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


def _previous_bills(session: Session, previous: dt.date) -> dict[int, tuple[dt.datetime, dt.date]]:
    """For every establishment with a live bill for ``previous``: when that bill was made,
    and the first period this program ever billed it (dues before it were settled outside
    the program)."""
    made = {
        int(est_id): run_at
        for est_id, run_at in session.execute(
            select(DuesBill.establishment_id, BillingRun.run_at)
            .join(BillingRun, DuesBill.run_id == BillingRun.id)
            .where(DuesBill.period == previous, DuesBill.status != "cancelled")
        )
    }
    if not made:
        return {}
    first = dict(
        session.execute(
            select(DuesBill.establishment_id, func.min(DuesBill.period))
            .where(DuesBill.status != "cancelled")
            .group_by(DuesBill.establishment_id)
        ).all()
    )
    return {est_id: (run_at, first.get(est_id) or previous) for est_id, run_at in made.items()}


def _entered_late(
    session: Session, before: dict[int, tuple[dt.datetime, dt.date]], previous: dt.date
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
    late = set()
    for aff_id, est_id, entered_at in session.execute(
        select(Affiliation.id, Affiliation.establishment_id, entered.c.entered_at)
        .join(
            entered,
            and_(
                entered.c.member_id == Affiliation.member_id,
                entered.c.effective_date == Affiliation.start_date,
            ),
        )
        .where(
            Affiliation.start_date <= previous,
            or_(Affiliation.end_date.is_(None), Affiliation.end_date >= previous),
        )
    ):
        made = before.get(est_id)
        if made is not None and entered_at > made[0]:
            late.add(int(aff_id))
    return late


def joiner_and_leaver_lines(
    session: Session,
    ests: list[Establishment],
    period: dt.date,
    fees: FeeTableView,
) -> dict[int, list[BillLineView]]:
    """Joiners not counted in the previous bill (entry fee + their months) and leavers'
    credits: the rule of 途中入会・退会 in services/dues/README.md.

    Set-based: the establishments with the same cycle length share their previous base
    date, so each query covers all of them (a handful of queries for a whole run, not
    five per establishment); each establishment's lines come in member-number order.
    """
    result: dict[int, list[BillLineView]] = defaultdict(list)
    table = fees.flat()
    groups: dict[int, list[int]] = defaultdict(list)
    for est in ests:
        groups[cycle_months(est.billing_cycle)].append(est.id)
    for months, est_ids in groups.items():
        previous = add_months(period, -months)
        billed = _previous_bills(session, previous)
        before = {e: billed[e] for e in est_ids if e in billed}
        late = _entered_late(session, before, previous) if before else set()
        members = set(est_ids)
        joiners: dict[int, list[Any]] = defaultdict(list)
        window = and_(Affiliation.start_date > previous, Affiliation.start_date <= period)
        for condition in (window, *_in_chunks(Affiliation.id, late)):
            for joiner in session.execute(_joiners.where(condition)):
                if joiner.establishment_id in members:
                    joiners[joiner.establishment_id].append(joiner)
        for est_id in est_ids:
            first_billed = before[est_id][1] if est_id in before else previous
            seen: set[int] = set()
            for row in sorted(joiners.get(est_id, ()), key=_by_number):
                if row.affiliation_id in seen:  # in the window and entered late: once
                    continue
                seen.add(row.affiliation_id)
                result[est_id].extend(
                    _joiner_lines(
                        row,
                        new_membership=row.period_id is not None,
                        period=period,
                        fees=fees,
                        first_billed=first_billed,
                    )
                )
        if not before:
            continue
        for leaver in session.execute(
            _leavers.where(
                Affiliation.start_date <= previous,
                Affiliation.end_date >= previous,
                Affiliation.end_date < period,
            ).order_by(Member.number, Affiliation.start_date, Affiliation.id)
        ):
            if leaver.establishment_id not in before or leaver.affiliation_id in late:
                continue
            credit = leaver_credit_months(leaver.end_date, period)
            if credit:
                unit = table.monthly_for(leaver.dues_class)
                result[leaver.establishment_id].append(
                    BillLineView(
                        "leaver_credit",
                        f"退会調整 {leaver.number} {leaver.name} {credit}か月 × △{unit:,}円",
                        1,
                        credit,
                        -unit,
                        -unit * credit,
                        leaver.member_id,
                    )
                )
    return result


_joiners = (
    select(
        Affiliation.id.label("affiliation_id"), Affiliation.establishment_id,
        Affiliation.start_date, Affiliation.end_date, Member.id.label("member_id"),
        Member.number, Member.name, Member.dues_class, MembershipPeriod.id.label("period_id"),
    )
    .join(Member, Member.id == Affiliation.member_id)
    .outerjoin(
        MembershipPeriod,
        and_(
            MembershipPeriod.member_id == Affiliation.member_id,
            MembershipPeriod.start_date == Affiliation.start_date,
        ),
    )
)  # fmt: skip
_leavers = select(
    Affiliation.id.label("affiliation_id"), Affiliation.establishment_id, Affiliation.end_date,
    Member.id.label("member_id"), Member.number, Member.name, Member.dues_class,
).join(Member, Member.id == Affiliation.member_id)  # fmt: skip


def _by_number(row: Any) -> tuple[str, dt.date, int]:
    return row.number, row.start_date, row.affiliation_id


def _in_chunks(column: Any, values: set[int]) -> list[Any]:
    """``column IN (...)`` conditions, one per part of the values (db/chunks.py)."""
    return [column.in_(part) for part in in_lists(sorted(values))]


def _joiner_lines(
    row: Any,
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
    start = max(row.start_date, first_billed)
    if new_membership and fees.entry_fee and row.start_date >= first_billed:
        lines.append(
            BillLineView(
                "entry_fee",
                f"入会金 {row.number} {row.name}",
                1,
                1,
                fees.entry_fee,
                fees.entry_fee,
                row.member_id,
            )
        )
    until = period if row.end_date is None else min(period, add_months(row.end_date, 1))
    owed = joiner_months(start, until)
    if owed:
        unit = fees.flat().monthly_for(row.dues_class)
        left = "（退会済）" if row.end_date is not None and row.end_date < period else ""
        lines.append(
            BillLineView(
                "joiner",
                f"途中入会 {row.number} {row.name} {owed}か月 × {unit:,}円{left}",
                1, owed, unit, unit * owed, row.member_id,
            )
        )  # fmt: skip
    return lines
