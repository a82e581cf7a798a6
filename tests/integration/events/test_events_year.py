"""The events in the year's reports and close: the 事業報告 section, the checklist lines, and
a closed year refusing changes to its events while a late labour bank refund is still booked."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import update

from gojokai_desktop.domain.errors import RuleViolation
from tests.integration.events.helpers import D, member_app, study, trip
from tests.integration.events.scenario import trip_scenario


def test_the_activity_report_section_lists_the_years_events(ctx, event_society) -> None:
    from gojokai_desktop.domain.reports import ReportTable
    from gojokai_desktop.services.events.activity import activity_section

    trip_scenario(ctx, event_society)
    section = activity_section(ctx, 2025)
    sentence, table, note = section.blocks
    assert section.title == "研修会・行事"
    assert (
        sentence
        == "研修会・行事を2回開催し、延べ4人が参加しました（会員 2人、家族 1人、一般 1人）。"
    )
    assert isinstance(table, ReportTable)
    assert table.rows[-1] == ("合計", "", "2件", 2, 1, 1, 4, 35_000, 13_000)
    assert ("R7.9.20", "旅行", "秋の日帰りバス旅行", 2, 1, 1, 4, 35_000, 13_000) in table.rows
    assert "出納帳" in str(note)


def test_the_checklist_stops_the_close_for_refunds_still_owed(ctx, event_society) -> None:
    from gojokai_desktop.services.accounts.year_close import year_checklist
    from gojokai_desktop.services.events.applications import apply, cancel_application
    from gojokai_desktop.services.events.money import collect_fees
    from gojokai_desktop.services.events.records import create_event

    later = dataclasses.replace(ctx, clock=lambda: D(2026, 4, 10))
    event = create_event(ctx, trip())
    app = apply(ctx, member_app(event.id, event_society.hanako))
    apply(ctx, member_app(event.id, event_society.crew[0]))
    collect_fees(ctx, event.id, [app.application.participants[0].id], D(2025, 7, 1))
    cancel_application(ctx, app.application.id, D(2025, 9, 1), "都合", refund_now=False)
    checks = {c.key: c for c in year_checklist(later, 2025).items}
    assert checks["event_refunds"].blocking
    assert checks["event_refunds"].detail == "「秋の日帰りバス旅行」7,000円"
    assert not checks["event_unpaid"].blocking
    assert checks["event_subsidy"].detail == "「秋の日帰りバス旅行」5,000円"


def _close(ctx, year: int) -> None:
    from gojokai_desktop.db.models import FiscalYear
    from gojokai_desktop.services.accounts.ledger import calendar_of
    from gojokai_desktop.services.society import ensure_fiscal_year

    with ctx.unit_of_work("年度の用意") as uow:
        ensure_fiscal_year(uow, calendar_of(uow), year)
        uow.session.execute(
            update(FiscalYear).where(FiscalYear.year == year).values(status="closed")
        )
        uow.commit()


def test_a_closed_year_refuses_changes_to_its_events_but_takes_a_late_refund(
    ctx, event_society
) -> None:
    from gojokai_desktop.services.events.applications import apply
    from gojokai_desktop.services.events.attendance import mark_all_present, set_attendance
    from gojokai_desktop.services.events.labour_bank import receive_claim, save_claim
    from gojokai_desktop.services.events.money import record_cost
    from gojokai_desktop.services.events.records import create_event

    event = create_event(ctx, study(deadline=D(2025, 6, 5)))
    app = apply(ctx, member_app(event.id, event_society.crew[0], applied_on=D(2025, 6, 1)))
    mark_all_present(ctx, event.id)
    record_cost(ctx, event.id, D(2025, 6, 6), "会場使用料", 9_000)
    claim = save_claim(ctx, event.sessions[0].id, 1, 9_000, D(2025, 6, 16))
    _close(ctx, 2025)
    with pytest.raises(RuleViolation) as error:
        set_attendance(ctx, [app.application.participants[0].id], "absent")
    assert (
        "令和7年度は締め済みのため、令和7年度の行事の参加者は変更できません" in error.value.message
    )
    received = receive_claim(ctx, claim.id or 0, D(2026, 4, 20), method="cash")
    assert received.received_on == D(2026, 4, 20)
