"""Announcing events: every bad value refused naming its field, subsidies by the rules,
copying from last year, capacity changes, optimistic locking, deleting a mistake."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from gojokai_desktop.domain.errors import EditConflict, RuleViolation, ValidationError
from gojokai_desktop.domain.events.rules import Amounts
from gojokai_desktop.services.events.inputs import SessionInput
from tests.integration.events.helpers import D, member_app, study, trip


def _events(ctx) -> int:
    from gojokai_desktop.db.models import Event, EventSession

    with ctx.reader() as session:
        return int(session.scalar(select(func.count()).select_from(Event)) or 0) + int(
            session.scalar(select(func.count()).select_from(EventSession)) or 0
        )


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"deadline": D(2025, 9, 21)}, "申込締切", "開催日（令和7年9月20日）より後"),
        ({"capacity": -1}, "定員", "0人以上"),
        ({"fees": Amounts(7_000, -1, 0)}, "参加費（家族）", "0円以上"),
        ({"application_start": D(2025, 9, 1)}, "申込開始", "申込締切"),
        ({"title": "  "}, "行事名", "入力"),
        ({"sessions": (SessionInput(D(2025, 9, 20), "25:00"),)}, "開始時刻（日程1）", "時刻"),
        ({"sessions": (SessionInput(D(2025, 9, 20)), SessionInput(D(2025, 9, 27), capacity=-3))},
         "定員（日程2）", "0人以上"),
        ({"sessions": (SessionInput(D(2025, 9, 20), end_date=D(2025, 9, 19)),)},
         "終了日（日程1）", "以降"),
        ({"sessions": (SessionInput(D(2025, 9, 20)), SessionInput(D(2026, 4, 3)))},
         "開催日（日程2）", "同じ年度"),
        ({"subsidy_mode": "fixed", "subsidy": Amounts(-5, 0, 0)}, "補助額（会員）", "0円以上"),
        ({"refund": dataclasses.replace(trip().refund, percent=120)}, "キャンセル料の割合", "100"),
    ],
)  # fmt: skip
def test_bad_values_are_refused_naming_the_field_and_nothing_is_stored(
    ctx, event_society, changes, field, words
) -> None:
    from gojokai_desktop.services.events.records import create_event

    with pytest.raises(ValidationError) as error:
        create_event(ctx, trip(**changes))
    assert error.value.field == field
    assert words in error.value.message
    assert _events(ctx) == 0


def test_subsidy_by_band_is_fixed_when_saved_and_names_the_rules(ctx, event_society) -> None:
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.services.events.rules import install_rules_preset, rules_versions

    install_rules_preset(ctx, "004", 2025)
    cheap = create_event(
        ctx, trip(subsidy_mode="rule", subsidy_rule="trip", cost_per_person=80_000)
    )
    dear = create_event(
        ctx, trip(subsidy_mode="rule", subsidy_rule="trip", cost_per_person=150_000)
    )
    assert (cheap.subsidy_amounts.member, cheap.subsidy_amounts.family) == (5_000, 3_000)
    assert (dear.subsidy_amounts.member, dear.subsidy_amounts.family) == (8_000, 4_000)
    assert "100,000円以上200,000円未満" in dear.subsidy_note
    assert dear.rule_table_id == rules_versions(ctx)[0].id


def test_copy_from_last_year_keeps_the_weekday_and_moves_the_deadline(ctx, event_society) -> None:
    from gojokai_desktop.services.events.records import copy_event, create_event

    source = create_event(ctx, study())  # 2025-06-06, a Friday; deadline 8 days before
    copied = copy_event(ctx, source.id, 2026)
    day = copied.data.sessions[0].date
    assert day == D(2026, 6, 5)
    assert day.weekday() == 4
    assert copied.data.deadline == D(2026, 5, 29)
    assert copied.data.programme == source.data.programme
    assert copied.fiscal_year == 2026
    assert copied.counts.applied == 0


def test_capacity_cannot_drop_below_the_seats_taken_and_a_larger_one_promotes(
    ctx, event_society
) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.records import create_event, update_event

    s = event_society
    event = create_event(ctx, trip(capacity=2))
    for member in s.crew[:4]:
        apply(ctx, member_app(event.id, member))
    with pytest.raises(ValidationError) as error:
        update_event(ctx, event.id, dataclasses.replace(event.data, capacity=1), event.version)
    assert error.value.field == "定員"
    assert "2人" in error.value.message
    saved = update_event(ctx, event.id, dataclasses.replace(event.data, capacity=3), event.version)
    assert saved.promoted == ("ウエダ　太郎3（申込番号3）",)
    assert saved.detail.counts.confirmed == 3


def test_a_change_made_on_another_pc_first_is_refused(ctx, event_society) -> None:

    from gojokai_desktop.services.events.records import create_event, update_event

    event = create_event(ctx, trip())
    update_event(ctx, event.id, dataclasses.replace(event.data, title="秋の旅行"), event.version)
    with pytest.raises(EditConflict):
        update_event(ctx, event.id, dataclasses.replace(event.data, title="別"), event.version)


def test_fees_change_for_those_who_have_not_paid(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.money import collect_fees
    from gojokai_desktop.services.events.records import create_event, update_event
    from gojokai_desktop.services.events.roster import list_applications

    s = event_society
    event = create_event(ctx, trip())
    paid = apply(ctx, member_app(event.id, s.crew[0]))
    apply(ctx, member_app(event.id, s.crew[1]))
    collect_fees(ctx, event.id, [paid.application.participants[0].id], D(2025, 7, 1))
    changed = dataclasses.replace(event.data, fees=Amounts(8_000, 9_000, 12_000))
    update_event(ctx, event.id, changed, event.version)
    fees = [a.participants[0].fee for a in list_applications(ctx, event.id)]
    assert fees == [7_000, 8_000]


def test_a_mistaken_event_without_money_is_deleted_with_its_applications(
    ctx, event_society
) -> None:
    from gojokai_desktop.db.models import EventApplication, EventParticipant
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.records import create_event, delete_event

    event = create_event(ctx, trip())
    apply(ctx, member_app(event.id, event_society.hanako, family_ids=(event_society.spouse,)))
    delete_event(ctx, event.id)
    with ctx.reader() as session:
        for model in (EventApplication, EventParticipant):
            assert session.scalar(select(func.count()).select_from(model)) == 0
    assert _events(ctx) == 0


def test_cancelled_events_take_no_applications_and_no_changes(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.records import cancel_event, create_event, update_event

    event = create_event(ctx, trip())
    cancel_event(ctx, event.id, D(2025, 7, 1), "雨天", refund_now=True)
    with pytest.raises(RuleViolation):
        apply(ctx, member_app(event.id, event_society.hanako))
    with pytest.raises(RuleViolation):
        update_event(ctx, event.id, event.data, event.version + 1)
