"""A trip from announcement to refund: seats, waiting list, promotion, fees, subsidy, books."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.integration.events.helpers import D, guest, member_app, trip


def test_applications_fill_the_seats_then_wait_in_order_and_move_up_after_a_cancellation(
    ctx, event_society
) -> None:
    from gojokai_desktop.services.events.applications import apply, cancel_application
    from gojokai_desktop.services.events.records import create_event

    s = event_society
    event = create_event(ctx, trip(capacity=4))
    first = apply(ctx, member_app(event.id, s.hanako, family_ids=(s.spouse, s.child)))
    assert first.application.status == "confirmed"
    assert first.application.persons == 3
    crew = [apply(ctx, member_app(event.id, m)) for m in s.crew[:4]]
    assert [r.application.status for r in crew] == ["confirmed", "waiting", "waiting", "waiting"]
    assert [r.application.waiting_position for r in crew[1:]] == [1, 2, 3]
    assert "キャンセル待ち1番目" in crew[1].message

    result = cancel_application(ctx, first.application.id, D(2025, 7, 1), "都合により")
    # Three seats free: the first three waiting move up, in application order.
    assert [p.number for p in result.promoted] == [3, 4, 5]
    assert "繰上げ: 申込番号3" in result.message
    assert all(p.status == "confirmed" for p in result.promoted)


def test_a_group_that_does_not_fit_keeps_its_place_and_nobody_overtakes_it(
    ctx, event_society
) -> None:
    from gojokai_desktop.services.events.applications import apply, cancel_application
    from gojokai_desktop.services.events.records import create_event

    s = event_society
    event = create_event(ctx, trip(capacity=2))
    single = apply(ctx, member_app(event.id, s.crew[0]))
    apply(ctx, member_app(event.id, s.crew[1]))
    family = apply(ctx, member_app(event.id, s.hanako, family_ids=(s.spouse,)))
    late = apply(ctx, member_app(event.id, s.crew[2]))
    assert (family.application.status, late.application.status) == ("waiting", "waiting")
    result = cancel_application(ctx, single.application.id, D(2025, 7, 1), "都合により")
    # One seat is free: 花子's pair does not fit, and crew[2] behind them may not jump ahead.
    assert result.promoted == ()


def test_participants_never_exceed_capacity_per_session(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.inputs import SessionInput
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.services.events.views import get_event

    s = event_society
    data = trip(
        capacity=None,
        kind="checkup",
        title="人間ドック",
        sessions=(
            SessionInput(D(2025, 7, 3), "8:30", place="Aクリニック", capacity=2),
            SessionInput(D(2025, 7, 10), "8:30", place="B病院", capacity=3),
        ),
        subsidy_mode="fixed",
        deadline=D(2025, 6, 30),
    )
    event = create_event(ctx, data)
    a, b = event.sessions
    for member in s.crew[:5]:
        apply(ctx, member_app(event.id, member, session_id=a.id))
    for member in s.crew[5:10]:
        apply(ctx, member_app(event.id, member, session_id=b.id))
    detail = get_event(ctx, event.id)
    assert [(x.counts.confirmed, x.counts.waiting) for x in detail.sessions] == [(2, 3), (3, 2)]
    assert detail.capacity == 5


def test_duplicates_leavers_and_nameless_guests_are_refused_and_nothing_is_stored(
    ctx, event_society
) -> None:
    from gojokai_desktop.db.models import EventApplication
    from gojokai_desktop.domain.errors import ValidationError
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.records import create_event

    s = event_society
    event = create_event(ctx, trip())
    apply(ctx, member_app(event.id, s.hanako))
    with pytest.raises(ValidationError) as dup:
        apply(ctx, member_app(event.id, s.hanako))
    assert dup.value.field == "会員"
    assert "既に申し込んでいます（申込番号1" in dup.value.message
    with pytest.raises(ValidationError) as left:
        apply(ctx, member_app(event.id, s.leaver))
    assert left.value.field == "会員"
    assert "退会" in left.value.message
    with pytest.raises(ValidationError) as nameless:
        apply(ctx, member_app(event.id, s.crew[0], guests=(guest("山田　一"), guest("  "))))
    assert nameless.value.field == "一般の参加者（2人目）の氏名"
    with ctx.reader() as session:
        assert session.scalar(select(func.count()).select_from(EventApplication)) == 1


def test_fees_subsidy_and_refund_agree_with_the_cash_book(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import apply, cancel_application
    from gojokai_desktop.services.events.attendance import mark_all_present, set_attendance
    from gojokai_desktop.services.events.books import book_check
    from gojokai_desktop.services.events.money import collect_fees, post_subsidy
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.services.receipts import receipt_register

    s = event_society
    event = create_event(ctx, trip(capacity=10))
    family = apply(ctx, member_app(event.id, s.hanako, family_ids=(s.spouse,),
                                   guests=(guest("友人　一"),)))  # fmt: skip
    crew = apply(ctx, member_app(event.id, s.crew[0]))
    people = [p.id for p in family.application.participants]
    paid = collect_fees(ctx, event.id, people, D(2025, 7, 1))
    assert paid.amount == 7_000 + 9_000 + 12_000
    assert paid.receipt is not None
    assert paid.receipt.addressee == "佐藤　花子"
    collect_fees(ctx, event.id, [crew.application.participants[0].id], D(2025, 7, 2))
    # Cancelled 3 days before the trip: the rule keeps 50 % (7 days before and later).
    cancel = cancel_application(ctx, crew.application.id, D(2025, 9, 17), "体調不良")
    assert [(r.refunded, r.kept) for r in cancel.refunds] == [(3_500, 3_500)]
    mark_all_present(ctx, event.id)
    set_attendance(ctx, [people[2]], "absent")
    subsidy = post_subsidy(ctx, event.id, D(2025, 9, 25))
    assert subsidy.due == 5_000 + 3_000  # the guest's subsidy is 0 and they were absent anyway
    check = book_check(ctx, event.id)
    assert check.agrees, (check.event, check.book)
    assert check.event.fee_income == 28_000 + 3_500
    assert check.event.subsidy == 8_000
    register = receipt_register(ctx, 2025, source="events")
    assert [(r.amount, r.status) for r in register] == [
        (28_000, "issued"),
        (7_000, "void"),
        (3_500, "issued"),
    ]
    # Marking 花子 absent after the subsidy was booked books the difference back.
    set_attendance(ctx, [people[0]], "absent")
    again = post_subsidy(ctx, event.id, D(2025, 9, 26))
    assert (again.due, again.posted) == (3_000, -5_000)
    assert book_check(ctx, event.id).agrees


def test_an_event_with_money_cannot_be_deleted_and_its_cancellation_refunds_everything(
    ctx, event_society
) -> None:
    from gojokai_desktop.domain.errors import RuleViolation
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.books import book_check
    from gojokai_desktop.services.events.money import collect_fees
    from gojokai_desktop.services.events.records import cancel_event, create_event, delete_event

    s = event_society
    event = create_event(ctx, trip())
    app = apply(ctx, member_app(event.id, s.hanako))
    collect_fees(ctx, event.id, [app.application.participants[0].id], D(2025, 7, 1))
    with pytest.raises(RuleViolation):
        delete_event(ctx, event.id)
    listed = cancel_event(ctx, event.id, D(2025, 8, 1), "台風の予報", refund_now=False)
    assert [(r.payer, r.amount) for r in listed.to_refund] == [("佐藤　花子", 7_000)]
    assert book_check(ctx, event.id).event.fee_income == 7_000


def test_cancelling_an_event_refunds_in_full_now(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.books import book_check
    from gojokai_desktop.services.events.money import collect_fees
    from gojokai_desktop.services.events.records import cancel_event, create_event

    s = event_society
    event = create_event(ctx, trip())
    app = apply(ctx, member_app(event.id, s.hanako))
    collect_fees(ctx, event.id, [app.application.participants[0].id], D(2025, 7, 1))
    done = cancel_event(ctx, event.id, D(2025, 9, 19), "台風", refund_now=True)
    assert [(r.refunded, r.kept) for r in done.refunded] == [(7_000, 0)]
    check = book_check(ctx, event.id)
    assert check.agrees
    assert check.event.fee_income == 0
    assert dt.date(2025, 9, 19) > D(2025, 9, 13)  # within the fee period, yet nothing kept
