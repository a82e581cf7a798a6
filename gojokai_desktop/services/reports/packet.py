"""総会資料 (the meeting packet) of a fiscal year, gathered from the registers and the books:
the general meeting that takes the year, its agenda, the activity report, the settlement of
every account with the 財産目録, the audit report, next year's plan and budget, the officers."""

from __future__ import annotations

from gojokai_desktop.domain.reports import (
    AgendaLine,
    MeetingPacket,
    OfficerLine,
    agenda_numbers,
    ditto_roles,
)
from gojokai_desktop.services.accounts.budget_report import budget_table
from gojokai_desktop.services.accounts.setup import list_accounts
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.activity import activity_report
from gojokai_desktop.services.reports.register import (
    OfficerRow,
    election_due,
    list_officers,
    meeting_for,
    standard_agenda,
)
from gojokai_desktop.services.reports.settlement import property_inventory, settlement_tables
from gojokai_desktop.services.reports.texts import audit_opinion, report_text, year_calendar
from gojokai_desktop.services.society import load_profile

AUDITOR_ROLE = "監事"


def _officer_lines(officers: list[OfficerRow]) -> tuple[OfficerLine, ...]:
    roles = ditto_roles([o.role for o in officers])
    return tuple(
        OfficerLine(role, o.organisation, o.name) for role, o in zip(roles, officers, strict=True)
    )


def meeting_packet(ctx: AppContext, fiscal_year: int, *, unit: str = "円") -> MeetingPacket:
    """Everything the packet prints. Without a registered general meeting the cover leaves
    the number and date blank and the usual agenda is printed."""
    _calendar, label_of, society = year_calendar(ctx)
    profile = load_profile(ctx)
    year_label, next_label = label_of(fiscal_year), label_of(fiscal_year + 1)
    meeting = meeting_for(ctx, fiscal_year, "general")
    audit = meeting_for(ctx, fiscal_year, "audit")
    as_of = meeting.held_on if meeting else ctx.today()
    if meeting is not None and meeting.agenda:
        agenda = tuple(AgendaLine(a.number, a.title) for a in meeting.agenda)
    else:
        items = standard_agenda(year_label, next_label, election=election_due(ctx, as_of))
        numbers = agenda_numbers([i.kind for i in items])
        agenda = tuple(AgendaLine(n, i.title) for n, i in zip(numbers, items, strict=True))
    officers = list_officers(ctx, on=as_of)
    audit_day = audit.held_on if audit else None
    auditors = [o.name for o in list_officers(ctx, on=audit_day or as_of) if AUDITOR_ROLE in o.role]
    terms = tuple(dict.fromkeys((o.term_start, o.term_end) for o in officers))
    accounts = list_accounts(ctx)
    budgets = tuple(
        budget_table(ctx, fiscal_year=fiscal_year + 1, account=a.id, unit=unit) for a in accounts
    )
    return MeetingPacket(
        society=society,
        fiscal_year=fiscal_year,
        year_label=year_label,
        next_year_label=next_label,
        meeting_title=meeting.title if meeting else "通常総会",
        meeting_date=meeting.held_on if meeting else None,
        start_time=meeting.start_time if meeting else "",
        venue=meeting.venue if meeting else "",
        venue_address=meeting.venue_address if meeting else "",
        agenda=agenda,
        activity=activity_report(ctx, fiscal_year),
        settlements=tuple(settlement_tables(ctx, fiscal_year, unit)),
        inventory=property_inventory(ctx, fiscal_year),
        audit_date=audit_day,
        audit_opinion=audit_opinion(ctx, fiscal_year),
        auditors=tuple(auditors),
        plan_text=report_text(ctx, fiscal_year + 1, "plan"),
        budgets=budgets,
        officers=_officer_lines(officers),
        officers_as_of=as_of,
        officer_terms=terms,
        representative=(
            f"{profile.representative_title}　{profile.representative_name}".strip()
            if profile
            else ""
        ),
    )
