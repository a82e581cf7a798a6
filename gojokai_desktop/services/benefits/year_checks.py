"""The benefits' checks before a year is closed: no payment batch left as a draft on a day of
the year, and the approved claims still unpaid (paid in the next year)."""

from __future__ import annotations

from sqlalchemy import func, select

from gojokai_desktop.db.models import BenefitClaim, BenefitPaymentBatch
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.year_close import CheckScope, YearCheck
from gojokai_desktop.services.benefits.batch_views import number_of

AREA = "慶弔給付"


def year_checks(scope: CheckScope) -> list[YearCheck]:
    session = scope.session
    drafts = session.scalars(
        select(BenefitPaymentBatch)
        .where(
            BenefitPaymentBatch.status == "draft",
            BenefitPaymentBatch.payment_date.between(scope.first_day, scope.last_day),
        )
        .order_by(BenefitPaymentBatch.payment_date)
    ).all()
    found = []
    if drafts:
        names = "、".join(
            f"{number_of(b)}（{format_wareki_short(b.payment_date)}、{b.claim_count}件）"
            for b in drafts
        )
        found.append(
            YearCheck(
                "benefit_draft_batches",
                "作成中のままの支払予定があります",
                f"{names}。支払を確定するか、作り直す場合は取消してください。",
                AREA,
                "支払",
                blocking=True,
                count=len(drafts),
            )
        )
    count, amount = session.execute(
        select(func.count(), func.coalesce(func.sum(BenefitClaim.amount), 0)).where(
            BenefitClaim.status == "approved", BenefitClaim.decided_on <= scope.last_day
        )
    ).one()
    if count:
        found.append(
            YearCheck(
                "benefit_unpaid",
                "支給決定済みで未払の給付があります（翌年度に支払います）",
                f"{int(count):,}件 {format_report_yen(int(amount))}円",
                AREA,
                "支払",
                blocking=False,
                count=int(count),
            )
        )
    return found
