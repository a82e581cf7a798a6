"""The billing's set-based reading of joiners and leavers gives exactly the lines the reading
establishment by establishment gave, on the demo society (with joins entered late, too)."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from collections import defaultdict
from pathlib import Path

import pytest
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models import (
    Affiliation,
    BillingRun,
    DuesBill,
    Establishment,
    Member,
    MemberEvent,
    MembershipPeriod,
)
from gojokai_desktop.domain.dues import add_months, cycle_months, leaver_credit_months
from gojokai_desktop.services.demo.pipeline import generate_demo
from gojokai_desktop.services.dues import _mid_cycle
from gojokai_desktop.services.dues.billing import preview_in
from gojokai_desktop.services.dues.fees import FeeTableView, fee_table_in
from gojokai_desktop.services.dues.lines import BillLineView

CYCLES = ("monthly", "quarterly", "half_yearly", "yearly")


def reference_lines(
    session: Session, ests: list[Establishment], period: dt.date, fees: FeeTableView
) -> dict[int, list[BillLineView]]:
    """The rule as it was read before: five queries for each establishment in turn."""
    result: dict[int, list[BillLineView]] = defaultdict(list)
    table = fees.flat()
    for est in ests:
        previous = add_months(period, -cycle_months(est.billing_cycle))
        made = session.execute(
            select(BillingRun.run_at)
            .join(DuesBill, DuesBill.run_id == BillingRun.id)
            .where(
                DuesBill.establishment_id == est.id,
                DuesBill.period == previous,
                DuesBill.status != "cancelled",
            )
        ).first()
        before = None
        if made is not None:
            first = session.scalar(
                select(func.min(DuesBill.period)).where(
                    DuesBill.establishment_id == est.id, DuesBill.status != "cancelled"
                )
            )
            before = (made[0], first or previous)
        late: set[int] = set()
        if before is not None:
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
            late = set(
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
                        Affiliation.establishment_id == est.id,
                        Affiliation.start_date <= previous,
                        or_(Affiliation.end_date.is_(None), Affiliation.end_date >= previous),
                        entered.c.entered_at > before[0],
                    )
                )
            )
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
            .order_by(Member.number, Affiliation.start_date, Affiliation.id)
        ).all()
        for aff, member, period_id in joiners:
            row = _Row(aff, member)
            result[est.id].extend(
                _mid_cycle._joiner_lines(
                    row,
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
            .order_by(Member.number, Affiliation.start_date, Affiliation.id)
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


class _Row:
    """An affiliation and its member as the set-based reading hands them to _joiner_lines."""

    def __init__(self, aff: Affiliation, member: Member) -> None:
        self.start_date, self.end_date = aff.start_date, aff.end_date
        self.member_id, self.number, self.name = member.id, member.number, member.name
        self.dues_class = member.dues_class


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The S demo, every establishment on one of the four cycles, some joins entered after
    the bill that should have counted them."""
    path = tmp_path_factory.mktemp("setbased") / "demo.sqlite3"
    generate_demo(path, size="S", seed=5)
    connection = sqlite3.connect(path)
    ids = [r[0] for r in connection.execute("SELECT id FROM establishments ORDER BY id")]
    for n, est_id in enumerate(ids):
        connection.execute(
            "UPDATE establishments SET billing_cycle = ? WHERE id = ?", (CYCLES[n % 4], est_id)
        )
    joins = connection.execute(
        "SELECT id FROM member_events WHERE kind IN ('join', 'rejoin') ORDER BY id"
    ).fetchall()
    for (event_id,) in joins[::7]:  # entered half a year after the day they began
        connection.execute(
            "UPDATE member_events SET entered_at = datetime(effective_date, '+200 days')"
            " WHERE id = ?",
            (event_id,),
        )
    connection.commit()
    connection.close()
    return path


def test_set_based_lines_are_the_lines_read_one_establishment_at_a_time(demo: Path, tmp_path):
    work = tmp_path / "work.sqlite3"
    shutil.copyfile(demo, work)
    database = Database(f"sqlite:///{work}")
    compared = late_seen = 0
    kinds: set[str] = set()
    with database.read_session() as session:
        ests = list(session.scalars(select(Establishment).order_by(Establishment.number)))
        first, last = session.execute(
            select(func.min(DuesBill.period), func.max(DuesBill.period))
        ).one()
        assert first is not None
        assert last is not None
        period = first
        while period <= add_months(last, 3):
            fees = fee_table_in(session, period.year if period.month >= 4 else period.year - 1)
            ours = _mid_cycle.joiner_and_leaver_lines(session, ests, period, fees)
            theirs = reference_lines(session, ests, period, fees)
            assert {k: v for k, v in ours.items() if v} == {k: v for k, v in theirs.items() if v}, (
                period
            )
            compared += 1
            kinds |= {line.kind for lines in ours.values() for line in lines}
            previous = add_months(period, -1)
            billed = _mid_cycle._previous_bills(session, previous)
            late_seen += len(_mid_cycle._entered_late(session, billed, previous))
            period = add_months(period, 1)
        # The whole preview too, as the billing screen shows it.
        preview = preview_in(session, add_months(last, 1))
        assert preview.bills
    database.dispose()
    assert compared >= 100
    assert kinds == {"entry_fee", "joiner", "leaver_credit"}  # every kind of line compared
    assert late_seen > 10  # joins entered after their bill were there to compare
