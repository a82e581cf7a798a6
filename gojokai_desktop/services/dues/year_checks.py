"""The dues' checks before a year is closed: every billing period of the year billed, and
what is still unpaid (carried into the next year as arrears)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select

from gojokai_desktop.db.models import Affiliation, BillingRun, DuesBill, Establishment
from gojokai_desktop.domain.dues import is_cycle_start
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.year_close import CheckScope, YearCheck

AREA = "会費"


def year_checks(scope: CheckScope) -> list[YearCheck]:
    session = scope.session
    # A society that keeps dues only in the cash book never runs a billing: nothing to check.
    if session.scalar(select(BillingRun.id).limit(1)) is None:
        return []
    return [*_unbilled(scope), *_unpaid(scope)]


def _unbilled(scope: CheckScope) -> list[YearCheck]:
    """請求漏れ: months of the year whose cycle starts for an establishment with members,
    but that establishment has no live bill for the month."""
    session = scope.session
    establishments = session.execute(
        select(Establishment.id, Establishment.billing_cycle, Establishment.join_date,
               Establishment.leave_date)
    ).all()  # fmt: skip
    billed = set(
        session.execute(
            select(DuesBill.establishment_id, DuesBill.period).where(
                DuesBill.status != "cancelled",
                DuesBill.period.between(scope.first_day, scope.last_day),
            )
        ).all()
    )
    months = []
    for year, month in scope.calendar.months(scope.fiscal_year):
        period = dt.date(year, month, 1)
        if period > scope.today:
            continue
        due = [
            est_id
            for est_id, cycle, joined, left in establishments
            if joined <= period
            and (left is None or left >= period)
            and is_cycle_start(cycle, period, scope.calendar.start_month)
            and (est_id, period) not in billed
        ]
        if not due:
            continue
        # Only the few not billed are looked at: did they have members that month?
        missing = set(
            session.scalars(
                select(Affiliation.establishment_id).where(
                    Affiliation.establishment_id.in_(due),
                    Affiliation.start_date <= period,
                    or_(Affiliation.end_date.is_(None), Affiliation.end_date >= period),
                )
            )
        )
        if missing:
            months.append((month, len(missing)))
    if not months:
        return []
    text = "、".join(f"{m}月分 {n}事業所" for m, n in months)
    return [
        YearCheck(
            "dues_unbilled",
            "請求していない月があります",
            f"{text}。［会費］→［請求］でその月を指定して請求してください。",
            AREA,
            "請求",
            blocking=True,
            count=sum(n for _m, n in months),
        )
    ]


def _unpaid(scope: CheckScope) -> list[YearCheck]:
    count, amount = scope.session.execute(
        select(
            func.count(), func.coalesce(func.sum(DuesBill.amount - DuesBill.paid_amount), 0)
        ).where(
            DuesBill.status == "open",
            DuesBill.period.between(scope.first_day, scope.last_day),
        )
    ).one()
    if not count:
        return []
    return [
        YearCheck(
            "dues_unpaid",
            "未納の会費があります（翌年度へ未収として繰り越します）",
            f"{int(count):,}件 {format_report_yen(int(amount))}円。督促は［会費］→［滞納］から。",
            AREA,
            "滞納",
            blocking=False,
            count=int(count),
        )
    ]
