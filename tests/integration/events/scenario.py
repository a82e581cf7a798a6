"""A small trip the output and command-line tests share: family, a guest, a waiting list,
a promotion after a cancellation, fees paid, attendance taken and the subsidy booked."""

from __future__ import annotations

from dataclasses import dataclass

from tests.integration.events.helpers import D, guest, member_app, study, trip


@dataclass(frozen=True)
class TripScenario:
    event_id: int
    study_id: int
    hanako_app: int
    waiting_app: int
    promoted_app: int


def trip_scenario(ctx, s) -> TripScenario:
    from gojokai_desktop.services.events.applications import apply, cancel_application
    from gojokai_desktop.services.events.attendance import mark_all_present, set_attendance
    from gojokai_desktop.services.events.money import collect_fees, post_subsidy
    from gojokai_desktop.services.events.records import create_event

    event = create_event(ctx, trip(capacity=5))
    hanako = apply(ctx, member_app(event.id, s.hanako, family_ids=(s.spouse,),
                                   guests=(guest("友人　一", "ユウジン　ハジメ"),)))  # fmt: skip
    first = apply(ctx, member_app(event.id, s.crew[0]))
    second = apply(ctx, member_app(event.id, s.crew[1]))
    waiting = apply(ctx, member_app(event.id, s.crew[2]))
    last = apply(ctx, member_app(event.id, s.crew[3]))
    assert (waiting.application.status, last.application.status) == ("waiting", "waiting")
    cancel_application(ctx, second.application.id, D(2025, 7, 5), "都合により")
    people = [p.id for p in hanako.application.participants]
    collect_fees(ctx, event.id, people, D(2025, 7, 1))
    collect_fees(ctx, event.id, [first.application.participants[0].id], D(2025, 7, 2))
    mark_all_present(ctx, event.id)
    set_attendance(ctx, [first.application.participants[0].id], "absent")
    post_subsidy(ctx, event.id, D(2025, 9, 25))
    study_event = create_event(ctx, study())
    return TripScenario(
        event.id, study_event.id, hanako.application.id, last.application.id,
        waiting.application.id,
    )  # fmt: skip
