"""Adding up a period: entered results and counted enrolments per item and establishment."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import PartnerEnrolment, PartnerItem, PartnerResult
from gojokai_desktop.domain.partners.periods import HALF, PartnerYear

#: (item id, establishment id or None for results not given to an establishment)
Key = tuple[int, int | None]


def period_sums(
    session: Session, items: Sequence[PartnerItem], year: PartnerYear, first: int, last: int
) -> dict[Key, int]:
    """The figures of months ``first``…``last`` of ``year``: entered results whose period
    lies wholly inside, and the quantities of enrolments dated inside (items counted so)."""
    sums: dict[Key, int] = {}
    entered = [i.id for i in items if i.source == "entry"]
    counted = [i.id for i in items if i.source == "enrolments"]
    if entered:
        inside = [
            and_(
                PartnerResult.months == 1,
                PartnerResult.period_start.between(year.month_start(first), year.month_start(last)),
            )
        ]
        if last - first + 1 >= HALF:
            inside.append(
                and_(
                    PartnerResult.months == HALF,
                    PartnerResult.period_start.between(
                        year.month_start(first), year.month_start(last - HALF + 1)
                    ),
                )
            )
        query = (
            select(
                PartnerResult.item_id,
                PartnerResult.establishment_id,
                func.sum(PartnerResult.amount),
            )
            .where(PartnerResult.item_id.in_(entered), or_(*inside))
            .group_by(PartnerResult.item_id, PartnerResult.establishment_id)
        )
        for item_id, est_id, amount in session.execute(query):
            sums[(int(item_id), est_id)] = int(amount)
    if counted:
        start, end = year.month_start(first), year.end_of_month(last)
        query = (
            select(
                PartnerEnrolment.item_id,
                PartnerEnrolment.establishment_id,
                func.sum(PartnerEnrolment.quantity),
            )
            .where(
                PartnerEnrolment.item_id.in_(counted),
                PartnerEnrolment.enrolled_on.between(start, end),
            )
            .group_by(PartnerEnrolment.item_id, PartnerEnrolment.establishment_id)
        )
        for item_id, est_id, quantity in session.execute(query):
            sums[(int(item_id), est_id)] = int(quantity)
    return sums


def society_totals(sums: dict[Key, int]) -> dict[int, int]:
    """Per item: every establishment's figure and the figure given to none, added."""
    totals: dict[int, int] = {}
    for (item_id, _est), amount in sums.items():
        totals[item_id] = totals.get(item_id, 0) + amount
    return totals
