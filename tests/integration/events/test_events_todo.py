"""The home page's lines for events: soon, deadlines, unpaid fees, refunds still to make."""

from __future__ import annotations

from gojokai_desktop.domain.events.rules import Amounts
from gojokai_desktop.services.dashboard import WorkFigures, work_todo
from gojokai_desktop.services.events.inputs import SessionInput
from tests.integration.events.helpers import D, member_app, trip


def test_the_home_page_lists_what_the_events_need(ctx, event_society) -> None:
    from gojokai_desktop.services.benefits.claim_views import ClaimsTodo
    from gojokai_desktop.services.dues.payments import DuesTodo
    from gojokai_desktop.services.events.applications import apply, cancel_application
    from gojokai_desktop.services.events.money import collect_fees
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.services.events.todo import events_todo

    s = event_society
    soon = create_event(
        ctx,
        trip(
            title="親睦ボウリング大会", kind="tournament", fees=Amounts(1_000, 1_000, 2_000),
            sessions=(SessionInput(D(2025, 6, 22), "13:00"),), application_start=D(2025, 6, 1),
            deadline=D(2025, 6, 20),
        ),
    )  # fmt: skip
    apply(ctx, member_app(soon.id, s.crew[0], applied_on=D(2025, 6, 10)))
    paid = apply(ctx, member_app(soon.id, s.crew[1], applied_on=D(2025, 6, 10)))
    collect_fees(ctx, soon.id, [paid.application.participants[0].id], D(2025, 6, 11))
    cancel_application(ctx, paid.application.id, D(2025, 6, 12), "都合", refund_now=False)
    todo = events_todo(ctx)
    assert (todo.upcoming, todo.next_date, todo.deadlines) == (1, D(2025, 6, 22), 1)
    assert (todo.unpaid_people, todo.unpaid_amount, todo.refunds) == (1, 1_000, 1)
    quiet = WorkFigures(ClaimsTodo(0, 0, 0, 0), DuesTodo(0, 0, 0, 0), todo)
    lines = work_todo(quiet)
    assert [(line.area, line.tab) for line in lines] == [
        ("研修・行事", "出欠・受付"), ("研修・行事", "申込"), ("研修・行事", "参加費"),
        ("研修・行事", "参加費"),
    ]  # fmt: skip
    assert lines[0].text.startswith(
        "2週間以内に開催する行事が 1件あります（次は 令和7年6月22日(日)「親睦ボウリング大会」）。"
    )
    assert lines[2].text.startswith("行事の参加費の未入金が 1人（￥1,000）あります。")
