"""Fees through the establishment, costs and their reversal, the labour bank's refund, the
yearly limit and the deadline, later refunds, and the subsidy in the budget status."""

from __future__ import annotations

import pytest

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.events.rules import Amounts
from tests.integration.events.helpers import D, member_app, study, trip


def test_an_establishment_pays_for_its_members_with_one_receipt(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import apply_for_establishment
    from gojokai_desktop.services.events.books import book_check
    from gojokai_desktop.services.events.money import collect_for_establishment
    from gojokai_desktop.services.events.records import create_event

    s = event_society
    event = create_event(ctx, trip(capacity=10))
    results = apply_for_establishment(ctx, event.id, s.other_establishment_id, list(s.crew[:3]))
    assert [r.application.pay_via for r in results] == ["establishment"] * 3
    paid = collect_for_establishment(
        ctx, event.id, s.other_establishment_id, D(2025, 7, 10), method="bank"
    )
    assert (paid.payer, paid.amount, paid.persons, paid.via) == (
        "郡山工業",
        21_000,
        3,
        "establishment",
    )
    assert paid.receipt is not None
    assert paid.receipt.addressee == "郡山工業"
    assert book_check(ctx, event.id).agrees


def test_an_establishment_list_with_one_bad_member_stores_nothing(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import (
        ApplicationListError,
        apply_for_establishment,
    )
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.services.events.roster import list_applications

    s = event_society
    event = create_event(ctx, trip())
    with pytest.raises(ApplicationListError) as error:
        apply_for_establishment(ctx, event.id, s.other_establishment_id, [s.crew[0], s.hanako])
    assert error.value.errors == ["佐藤　花子: この事業所の会員ではありません。"]
    assert list_applications(ctx, event.id) == []


def test_a_yearly_limit_and_the_deadline_refuse_an_application(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.services.events.rules import install_rules_preset

    install_rules_preset(ctx, "small_gojokai", 2025)  # 旅行: once a year
    first = create_event(ctx, trip())
    second = create_event(ctx, trip(title="冬のバス旅行"))
    apply(ctx, member_app(first.id, event_society.hanako))
    with pytest.raises(ValidationError) as error:
        apply(ctx, member_app(second.id, event_society.hanako))
    assert error.value.field == "会員"
    assert "1年度1回まで" in error.value.message
    with pytest.raises(ValidationError) as late:
        apply(ctx, member_app(first.id, event_society.crew[0], applied_on=D(2025, 9, 1)))
    assert late.value.field == "申込日"
    assert "申込締切（令和7年8月31日）" in late.value.message


def test_costs_are_reversed_never_deleted(ctx, event_society) -> None:
    from gojokai_desktop.services.events.books import book_check
    from gojokai_desktop.services.events.money import costs_of, record_cost, reverse_cost
    from gojokai_desktop.services.events.records import create_event

    event = create_event(ctx, study())
    cost = record_cost(ctx, event.id, D(2025, 6, 6), "会場使用料", 30_000, payee="労働福祉会館")
    reverse_cost(ctx, cost.id, D(2025, 6, 10), "金額の誤り")
    record_cost(ctx, event.id, D(2025, 6, 10), "会場使用料", 25_000)
    rows = costs_of(ctx, event.id)
    assert [(c.net, c.reversed) for c in rows] == [
        (30_000, True),
        (-30_000, False),
        (25_000, False),
    ]
    check = book_check(ctx, event.id)
    assert check.agrees
    assert check.event.costs == 25_000
    with pytest.raises(RuleViolation):
        reverse_cost(ctx, cost.id, D(2025, 6, 11), "もう一度")


def test_the_labour_bank_claims_the_smaller_amount_and_its_refund_is_booked(
    ctx, event_society
) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.attendance import mark_all_present, set_attendance
    from gojokai_desktop.services.events.books import book_check
    from gojokai_desktop.services.events.labour_bank import claims_of, receive_claim, save_claim
    from gojokai_desktop.services.events.money import record_cost
    from gojokai_desktop.services.events.records import create_event

    s = event_society
    event = create_event(ctx, study(deadline=D(2025, 6, 5)))
    apps = [apply(ctx, member_app(event.id, m, applied_on=D(2025, 6, 1))) for m in s.crew[:4]]
    mark_all_present(ctx, event.id)
    set_attendance(ctx, [apps[3].application.participants[0].id], "absent")
    record_cost(ctx, event.id, D(2025, 6, 6), "会場使用料", 9_500)
    (proposed,) = claims_of(ctx, event.id)
    assert (proposed.participants, proposed.costs, proposed.amount) == (3, 9_500, 6_000)
    saved = save_claim(ctx, proposed.session_id, 3, 9_500, D(2025, 6, 16))
    received = receive_claim(ctx, saved.id or 0, D(2025, 7, 10), method="cash")
    assert received.received_on == D(2025, 7, 10)
    check = book_check(ctx, event.id)
    assert check.agrees
    assert check.event.labour_bank == 6_000


def test_refund_later_keeps_the_fee_of_the_day_the_cancellation_came_in(ctx, event_society) -> None:
    from gojokai_desktop.services.events.applications import (
        apply,
        cancel_application,
        refund_application,
    )
    from gojokai_desktop.services.events.books import book_check
    from gojokai_desktop.services.events.money import collect_fees
    from gojokai_desktop.services.events.records import create_event

    event = create_event(ctx, trip())
    app = apply(ctx, member_app(event.id, event_society.hanako))
    collect_fees(ctx, event.id, [app.application.participants[0].id], D(2025, 7, 1))
    cancel_application(ctx, app.application.id, D(2025, 9, 5), "都合", refund_now=False)
    done = refund_application(ctx, app.application.id, D(2025, 9, 25))
    # Cancelled 15 days before: no fee, although the money went back after the trip.
    assert [(d.refunded, d.kept) for d in done] == [(7_000, 0)]
    assert book_check(ctx, event.id).event.fee_income == 0
    with pytest.raises(RuleViolation):
        refund_application(ctx, app.application.id, D(2025, 9, 26))


def test_the_subsidy_shows_in_the_budget_status(ctx, event_society) -> None:
    from gojokai_desktop.services.accounts.budget import new_budget, save_lines
    from gojokai_desktop.services.accounts.setup import list_items
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.books import budget_status
    from gojokai_desktop.services.events.money import post_subsidy
    from gojokai_desktop.services.events.records import create_event

    items = {i.code: i for i in list_items(ctx)}
    budget = new_budget(
        ctx, fiscal_year=2025, account_id=items["222"].account_id, kind="initial",
        decided_on=D(2025, 3, 20),
    )  # fmt: skip
    save_lines(ctx, budget, [(items["222"].id, 100_000, "")])
    event = create_event(ctx, trip())
    apply(ctx, member_app(event.id, event_society.hanako, family_ids=(event_society.spouse,)))
    post_subsidy(ctx, event.id, D(2025, 9, 25))
    lines = {line.item_name: line for line in budget_status(ctx, 2025)}
    subsidy = lines["行事補助金"]
    assert (subsidy.budget, subsidy.actual, subsidy.remaining) == (100_000, 8_000, 92_000)


def test_a_004_society_books_its_welfare_events_under_fukurihi(ctx, society) -> None:
    from sqlalchemy import select

    from gojokai_desktop.db.models import CashBookEntry, Item
    from gojokai_desktop.services.accounts.setup import PRESETS_DIR, load_preset
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.money import post_subsidy, record_cost
    from gojokai_desktop.services.events.records import create_event
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )
    from gojokai_desktop.services.members.membership import join_member
    from gojokai_desktop.services.members.records import MemberInput

    with ctx.unit_of_work("004の会計") as uow:
        load_preset(uow, PRESETS_DIR / "items_004_general.toml", valid_from_year=2015)
        uow.commit()
    school = create_establishment(ctx, EstablishmentInput(name="第一小学校"), D(2015, 4, 1))
    teacher = join_member(ctx, MemberInput(name="教員　一", name_kana="キョウイン"), school.id,
                          D(2016, 3, 1))  # fmt: skip
    event = create_event(ctx, trip(fees=Amounts()))
    apply(ctx, member_app(event.id, teacher.id))
    post_subsidy(ctx, event.id, D(2025, 9, 25), method="cash")
    record_cost(ctx, event.id, D(2025, 9, 25), "バス代", 50_000, method="cash")
    with ctx.reader() as session:
        booked = session.execute(
            select(Item.code, CashBookEntry.amount)
            .join(Item, Item.id == CashBookEntry.item_id)
            .order_by(CashBookEntry.id)
        ).all()
    assert [tuple(row) for row in booked] == [("G201", 5_000), ("G201", 50_000)]
