"""Announcing events (行事の登録): create, change, copy from last year, delete, cancel (中止).

An event's subsidy is fixed when it is saved, from the amounts typed or from the society's
rules in force (by band of the cost per person), and kept with the rules' version. A changed
capacity never drops below the seats already taken, and a larger one moves the waiting list
up at once. An event with money moved cannot be deleted; it is cancelled (中止), which
cancels every application and refunds what was paid, or lists what must be refunded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from gojokai_desktop.db.models import (
    Event,
    EventApplication,
    EventCost,
    EventLabourBankClaim,
    EventParticipant,
    EventPayment,
    EventPaymentLine,
    EventProgrammeItem,
    EventSession,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.events.rules import Amounts
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.accounts.ledger import calendar_of
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events._money import RefundDone, live_payments_of, refund_payment
from gojokai_desktop.services.events._state import load_state, promote_in
from gojokai_desktop.services.events.inputs import EventInput, SessionInput, validate_event
from gojokai_desktop.services.events.rules import stored_rules_id
from gojokai_desktop.services.events.views import EventDetail, detail_of
from gojokai_desktop.services.numbering import next_number


@dataclass(frozen=True)
class SavedEvent:
    """The event as saved and who moved up from the waiting list because of it."""

    detail: EventDetail
    promoted: tuple[str, ...] = ()


def _subsidy(uow: UnitOfWork, data: EventInput, year: int) -> tuple[Amounts, str, int | None]:
    if data.subsidy_mode == "fixed":
        return data.subsidy, f"この行事で定額: {data.subsidy.words()}", None
    if data.subsidy_mode == "rule":
        rules_id, rules = stored_rules_id(uow, year)
        amounts, note = rules.subsidy(data.subsidy_rule).amounts_for(data.cost_per_person)
        return amounts, note, rules_id
    return Amounts(), "", None


def _apply_fields(row: Event, data: EventInput, subsidy: tuple[Amounts, str, int | None]) -> None:
    amounts, note, rules_id = subsidy
    row.kind = data.kind
    row.title = data.title
    row.venue = data.venue
    row.venue_address = data.venue_address
    row.purpose = data.purpose
    row.audience = data.audience
    row.allow_family = data.allow_family
    row.allow_guests = data.allow_guests
    row.capacity = data.capacity
    row.application_start = data.application_start
    row.deadline = data.deadline
    row.first_date = data.first_date
    row.fee_member, row.fee_family, row.fee_guest = (
        data.fees.member, data.fees.family, data.fees.guest,
    )  # fmt: skip
    row.cost_per_person = data.cost_per_person
    row.subsidy_mode = data.subsidy_mode
    row.subsidy_rule = data.subsidy_rule
    row.subsidy_member, row.subsidy_family, row.subsidy_guest = (
        amounts.member, amounts.family, amounts.guest,
    )  # fmt: skip
    row.subsidy_note = note[:300]
    row.rule_table_id = rules_id
    row.cancel_fee_days = data.refund.days_before
    row.cancel_fee_percent = data.refund.percent
    row.how_to_apply = data.how_to_apply
    row.contact = data.contact
    row.notes = data.notes


def _event_number(uow: UnitOfWork, year: int) -> int:
    def used() -> int:
        return int(
            uow.session.scalar(
                select(func.coalesce(func.max(Event.number), 0)).where(Event.fiscal_year == year)
            )
            or 0
        )

    return next_number(uow, "event", year, floor=used)


def _write_programme(uow: UnitOfWork, event_id: int, data: EventInput) -> None:
    for old in uow.session.scalars(
        select(EventProgrammeItem).where(EventProgrammeItem.event_id == event_id)
    ):
        uow.session.delete(old)
    uow.flush()
    for number, item in enumerate(data.programme, start=1):
        uow.session.add(
            EventProgrammeItem(
                event_id=event_id, number=number, title=item.title, presenter=item.presenter
            )
        )


def _session_row(row: EventSession, data: SessionInput) -> None:
    assert data.date is not None
    row.date = data.date
    row.end_date = data.end_date
    row.start_time = data.start_time
    row.place = data.place
    row.place_address = data.place_address
    row.capacity = data.capacity
    row.note = data.note


def create_event_in(uow: UnitOfWork, data: EventInput, *, copied_from: int | None = None) -> int:
    """Check and add an event in the caller's unit of work; returns its id."""
    calendar = calendar_of(uow)
    checked = validate_event(data, calendar)
    year = calendar.year_of(checked.first_date)
    row = Event(fiscal_year=year, number=_event_number(uow, year), copied_from_id=copied_from)
    _apply_fields(row, checked, _subsidy(uow, checked, year))
    uow.session.add(row)
    uow.flush()
    for number, session_data in enumerate(checked.sessions, start=1):
        session_row = EventSession(event_id=row.id, number=number)
        _session_row(session_row, session_data)
        uow.session.add(session_row)
    _write_programme(uow, row.id, checked)
    uow.flush()
    return row.id


def create_event(ctx: AppContext, data: EventInput) -> EventDetail:
    """行事の登録: a new event of the fiscal year of its first date."""
    with ctx.unit_of_work("行事の登録") as uow:
        event_id = create_event_in(uow, data)
        detail = detail_of(uow.session, event_id)
        uow.commit()
    return detail


def _check_capacities(uow: UnitOfWork, event_id: int, data: EventInput) -> None:
    state = load_state(uow.session, event_id)
    if data.capacity is not None and data.capacity < state.seats.taken_event:
        raise ValidationError(
            f"定員は参加が決まっている人数（{state.seats.taken_event}人）より少なくできません。"
            "先に申込を取り消してください。",
            "定員",
        )
    for number, session_data in enumerate(data.sessions, start=1):
        if session_data.id is None or session_data.capacity is None:
            continue
        taken = state.seats.taken_session.get(session_data.id, 0)
        if session_data.capacity < taken:
            raise ValidationError(
                f"定員は参加が決まっている人数（{taken}人）より少なくできません。",
                f"定員（日程{number}）",
            )


def _sync_sessions(uow: UnitOfWork, event_id: int, data: EventInput) -> None:
    stored = {
        s.id: s
        for s in uow.session.scalars(select(EventSession).where(EventSession.event_id == event_id))
    }
    kept = {s.id for s in data.sessions if s.id is not None}
    for session_id, row in stored.items():
        if session_id in kept:
            continue
        used = uow.session.scalar(
            select(func.count()).where(EventApplication.session_id == session_id)
        )
        if used:
            raise ValidationError(
                f"{format_wareki(row.date)}の日程には申込が{used}件あるため削除できません。",
                f"開催日（日程{row.number}）",
            )
        uow.session.delete(row)
    uow.flush()
    # Numbers are rewritten in the new order; park them first so the unique pair never clashes.
    for row in stored.values():
        if row.id in kept:
            row.number = -row.id
    uow.flush()
    for number, session_data in enumerate(data.sessions, start=1):
        if session_data.id is None:
            row = EventSession(event_id=event_id, number=number)
            uow.session.add(row)
        elif session_data.id in stored:
            row = stored[session_data.id]
            row.number = number
        else:
            raise ValidationError("この行事の日程ではありません。", f"開催日（日程{number}）")
        _session_row(row, session_data)
        if session_data.id is not None:
            for app in uow.session.scalars(
                select(EventApplication).where(EventApplication.session_id == session_data.id)
            ):
                if app.session_date != session_data.date:
                    app.session_date = row.date
    uow.flush()


def _paid_participants(uow: UnitOfWork, event_id: int) -> set[int]:
    ids = set(
        uow.session.scalars(
            select(EventParticipant.id)
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .where(EventApplication.event_id == event_id)
        )
    )
    paid: set[int] = set()
    for payment in live_payments_of(uow, ids):
        paid.update(
            uow.session.scalars(
                select(EventPaymentLine.participant_id).where(
                    EventPaymentLine.payment_id == payment.id
                )
            )
        )
    return paid


def _reprice(uow: UnitOfWork, event: Event) -> None:
    """Fees of those who have not paid yet and every subsidy follow the event's amounts."""
    fees = Amounts(event.fee_member, event.fee_family, event.fee_guest)
    subsidies = Amounts(event.subsidy_member, event.subsidy_family, event.subsidy_guest)
    paid = _paid_participants(uow, event.id)
    for person in uow.session.scalars(
        select(EventParticipant)
        .join(EventApplication, EventApplication.id == EventParticipant.application_id)
        .where(EventApplication.event_id == event.id, EventApplication.status != "cancelled")
    ):
        if person.id not in paid:
            person.fee = fees.of(person.category)
        person.subsidy = subsidies.of(person.category)


def update_event(ctx: AppContext, event_id: int, data: EventInput, version: int) -> SavedEvent:
    """行事の変更; ``version`` is the one the clerk saw (another PC's change is refused)."""
    with ctx.unit_of_work("行事の変更") as uow:
        row = uow.session.get(Event, event_id)
        if row is None:
            raise ValidationError("この行事はありません（削除されたかもしれません）。", "行事")
        if row.version != version:
            raise StaleDataError("events: changed by another PC")
        if row.status == "cancelled":
            raise RuleViolation("中止した行事は変更できません。")
        calendar = calendar_of(uow)
        checked = validate_event(data, calendar)
        year = calendar.year_of(checked.first_date)
        if year != row.fiscal_year:
            _move_year(uow, row, year, calendar)
        _check_capacities(uow, event_id, checked)
        _apply_fields(row, checked, _subsidy(uow, checked, year))
        _sync_sessions(uow, event_id, checked)
        _write_programme(uow, event_id, checked)
        uow.flush()
        _reprice(uow, row)
        state = load_state(uow.session, event_id)
        promoted = promote_in(uow.session, state, ctx.today())
        names = tuple(f"{a.applicant_name}（申込番号{a.number}）" for a in promoted)
        detail = detail_of(uow.session, event_id)
        uow.commit()
    return SavedEvent(detail, names)


def _money_moved(uow: UnitOfWork, event_id: int) -> bool:
    for model in (EventPayment, EventCost, EventLabourBankClaim):
        if uow.session.scalar(select(func.count()).where(model.event_id == event_id)):
            return True
    return False


def _move_year(uow: UnitOfWork, row: Event, year: int, calendar: FiscalCalendar) -> None:
    if _money_moved(uow, row.id):
        raise ValidationError(
            f"入金・支払のある行事は{calendar.label(row.fiscal_year)}から動かせません。",
            "開催日（日程1）",
        )
    row.fiscal_year = year
    row.number = _event_number(uow, year)


def _same_weekday_in(year: int, day: dt.date) -> dt.date:
    """The day of ``year`` nearest to the same date with the same weekday (第1金曜 stays 金曜)."""
    try:
        target = day.replace(year=year)
    except ValueError:  # 29 February
        target = day.replace(year=year, day=28)
    shift = (day.weekday() - target.weekday()) % 7
    return target + dt.timedelta(days=shift if shift <= 3 else shift - 7)


def copy_event(ctx: AppContext, event_id: int, fiscal_year: int) -> EventDetail:
    """前年度からコピー: the same event in ``fiscal_year``, dates moved to the same weekday,
    deadline and application start moved with them; no applications. Subsidies from the
    rules of the new year."""
    with ctx.unit_of_work("行事のコピー") as uow:
        source = detail_of(uow.session, event_id)
        calendar = calendar_of(uow)
        years = fiscal_year - source.fiscal_year
        if years == 0:
            raise ValidationError("コピー先は別の年度を選んでください。", "年度")
        first = source.data.first_date
        moved_first = _same_weekday_in(first.year + years, first)
        delta = moved_first - first

        def move(day: dt.date | None) -> dt.date | None:
            return None if day is None else day + delta

        data = dataclasses.replace(
            source.data,
            sessions=tuple(
                dataclasses.replace(s, id=None, date=move(s.date), end_date=move(s.end_date))
                for s in source.data.sessions
            ),
            application_start=move(source.data.application_start),
            deadline=move(source.data.deadline),
        )
        if calendar.year_of(data.first_date) != fiscal_year:
            raise ValidationError("コピー先の年度に日程が入りません。", "年度")
        new_id = create_event_in(uow, data, copied_from=event_id)
        detail = detail_of(uow.session, new_id)
        uow.commit()
    return detail


def delete_event(ctx: AppContext, event_id: int) -> None:
    """A mistaken event goes with its applications, only while no money has moved."""
    with ctx.unit_of_work("行事の削除") as uow:
        row = uow.session.get(Event, event_id)
        if row is None:
            raise ValidationError("この行事はありません（削除されたかもしれません）。", "行事")
        if _money_moved(uow, event_id):
            raise RuleViolation(
                "入金・支払・助成の請求がある行事は削除できません。［中止］にしてください"
                "（記帳と領収書は残ります）。"
            )
        apps = list(
            uow.session.scalars(
                select(EventApplication).where(EventApplication.event_id == event_id)
            )
        )
        for app in apps:
            for person in uow.session.scalars(
                select(EventParticipant).where(EventParticipant.application_id == app.id)
            ):
                uow.session.delete(person)
        uow.flush()
        for app in apps:
            uow.session.delete(app)
        uow.flush()
        for model in (EventSession, EventProgrammeItem):
            for child in uow.session.scalars(select(model).where(model.event_id == event_id)):
                uow.session.delete(child)
        uow.flush()
        uow.session.delete(row)
        uow.commit()


@dataclass(frozen=True)
class RefundDue:
    """A payment still to give back after a cancellation (返金予定)."""

    payment_id: int
    paid_on: dt.date
    payer: str
    amount: int
    method: str


@dataclass(frozen=True)
class CancelledEvent:
    applications: int
    refunded: tuple[RefundDone, ...]
    to_refund: tuple[RefundDue, ...]


def cancel_event(
    ctx: AppContext, event_id: int, day: dt.date, reason: str, *, refund_now: bool
) -> CancelledEvent:
    """行事の中止: every application cancelled; each payment refunded in full now (the
    entries reversed, the receipts void) or listed as still to refund."""
    text = reason.strip()
    if not text:
        raise ValidationError("中止の理由を入力してください。", "中止の理由")
    with ctx.unit_of_work("行事の中止") as uow:
        row = uow.session.get(Event, event_id)
        if row is None:
            raise ValidationError("この行事はありません（削除されたかもしれません）。", "行事")
        if row.status == "cancelled":
            raise RuleViolation("この行事は既に中止になっています。")
        row.status, row.cancelled_on, row.cancel_reason = "cancelled", day, text[:200]
        apps = list(
            uow.session.scalars(
                select(EventApplication).where(
                    EventApplication.event_id == event_id, EventApplication.status != "cancelled"
                )
            )
        )
        for app in apps:
            app.status, app.cancelled_on, app.cancel_reason = "cancelled", day, "行事の中止"
        uow.flush()
        done: list[RefundDone] = []
        due: list[RefundDue] = []
        for payment in payments_to_refund(uow, event_id):
            if refund_now:
                persons = _lines_of(uow, payment.id)
                result = refund_payment(
                    uow, row, payment, persons, day, rule=None, reason=f"行事の中止: {text}"
                )
                if result is not None:
                    done.append(result)
            else:
                due.append(
                    RefundDue(
                        payment.id, payment.paid_on, payment.payer, payment.amount, payment.method
                    )
                )
        uow.commit()
    return CancelledEvent(len(apps), tuple(done), tuple(due))


def _lines_of(uow: UnitOfWork, payment_id: int) -> set[int]:
    return set(
        uow.session.scalars(
            select(EventPaymentLine.participant_id).where(EventPaymentLine.payment_id == payment_id)
        )
    )


def payments_to_refund(uow: UnitOfWork, event_id: int) -> list[EventPayment]:
    """Live payments of an event's cancelled applications (all of them once it is cancelled)."""
    cancelled = set(
        uow.session.scalars(
            select(EventParticipant.id)
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .where(EventApplication.event_id == event_id, EventApplication.status == "cancelled")
        )
    )
    return live_payments_of(uow, cancelled)
