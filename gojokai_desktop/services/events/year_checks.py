"""The events' checks before a year is closed: refunds still owed to those who cancelled
(blocking: once the year is closed its payments can no longer be given back), and, shown
but not blocking, unpaid fees, subsidies not yet booked and labour bank refunds not received."""

from __future__ import annotations

from sqlalchemy import select

from gojokai_desktop.db.models import Event, EventLabourBankClaim
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.year_close import CheckScope, YearCheck
from gojokai_desktop.services.events.books import money_in

AREA = "研修・行事"


def year_checks(scope: CheckScope) -> list[YearCheck]:
    session = scope.session
    events = session.scalars(
        select(Event).where(Event.fiscal_year == scope.fiscal_year).order_by(Event.first_date)
    ).all()
    refunds, unpaid, subsidy = [], [], []
    for event in events:
        money = money_in(session, event.id)
        if money.refunds_due:
            refunds.append(f"「{event.title}」{format_report_yen(money.refunds_due)}円")
        if money.unpaid and event.status == "active":
            unpaid.append(f"「{event.title}」{format_report_yen(money.unpaid)}円")
        held = event.first_date <= scope.last_day and event.status == "active"
        if held and money.subsidy_due != money.subsidy:
            subsidy.append(
                f"「{event.title}」{format_report_yen(money.subsidy_due - money.subsidy)}円"
            )
    claims = session.scalars(
        select(EventLabourBankClaim).where(
            EventLabourBankClaim.claimed_on.between(scope.first_day, scope.last_day),
            EventLabourBankClaim.received_on.is_(None),
            EventLabourBankClaim.amount > 0,
        )
    ).all()
    found = []
    for key, title, rows, tab, blocking in (
        ("event_refunds", "取り消した申込の返金が済んでいません（締めた後は返金できません）",
         refunds, "参加費", True),
        ("event_unpaid", "行事の参加費に未入金があります（翌年度に入金できます）", unpaid,
         "参加費", False),
        ("event_subsidy", "行事の補助金が補助額のとおりに計上されていません", subsidy, "収支",
         False),
    ):  # fmt: skip
        if rows:
            found.append(YearCheck(key, title, "、".join(rows), AREA, tab, blocking, len(rows)))
    if claims:
        total = sum(c.amount for c in claims)
        found.append(
            YearCheck(
                "event_labour_bank",
                "労働金庫の研修助成金をまだ受け取っていません（受け取った日に記帳します）",
                f"{len(claims)}件 {format_report_yen(total)}円",
                AREA,
                "収支",
                blocking=False,
                count=len(claims),
            )
        )
    return found
