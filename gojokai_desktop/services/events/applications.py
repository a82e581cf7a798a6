"""Applications (申込): at the counter, from an establishment's list, cancellations with
refunds by the event's rule, and the waiting list moving up in application order.

Every application takes its seats (定員, per event and per session) or a place on the waiting
list (キャンセル待ち) in one transaction with the event's row locked. A cancellation gives
back what was paid (less the event's cancellation fee), frees the seats and confirms the
first waiting applicants who now fit, and says who they are so a notice can be printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from gojokai_desktop.db.models import EventApplication, EventParticipant
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.events.rules import RefundRule
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events._money import RefundDone, live_payments_of, refund_payment
from gojokai_desktop.services.events._planner import (
    Planner,
    establishment_names,
    load_family,
    load_members,
    write_orm,
)
from gojokai_desktop.services.events._state import load_state, promote_in
from gojokai_desktop.services.events.inputs import ApplicationInput
from gojokai_desktop.services.events.roster import ApplicationView, applications_of


class ApplicationListError(ValidationError):
    """Several applications of one list refused: ``errors`` names each (nothing was stored)."""

    def __init__(self, errors: list[str], field: str = "会員") -> None:
        self.errors = errors
        shown = "\n".join(errors[:10]) + (f"\nほか{len(errors) - 10}件" if len(errors) > 10 else "")
        super().__init__(f"次の申込を受け付けられません（何も登録していません）:\n{shown}", field)


@dataclass(frozen=True)
class ApplyResult:
    """The application as stored and what to tell the applicant."""

    application: ApplicationView

    @property
    def message(self) -> str:
        app = self.application
        who = f"申込番号{app.number} {app.applicant_name}（{app.persons}人）"
        if app.status == "confirmed":
            return f"{who}: 参加が決まりました。"
        return (
            f"{who}: 定員に達しているため、キャンセル待ち{app.waiting_position}番目として"
            "受け付けました。"
        )


def apply(ctx: AppContext, data: ApplicationInput) -> ApplyResult:
    """窓口で申込: a member with family and guests (or an establishment's staff)."""
    with ctx.unit_of_work("行事の申込") as uow:
        state = load_state(uow.session, data.event_id)
        planner = Planner(uow.session, state, ctx.today())
        member = None
        family = []
        if data.member_id is not None:
            member = load_members(uow.session, [data.member_id]).get(data.member_id)
            if member is None:
                raise ValidationError("この会員は登録されていません。", "会員")
            family = load_family(uow.session, [member.id]).get(member.id, [])
            planner.load_year_counts([member.id])
        names = establishment_names(uow.session, [data.establishment_id or 0])
        planned = planner.plan(data, member, family, names.get(data.establishment_id or 0, ""))
        (app_id,) = write_orm(uow.session, data.event_id, [planned])
        view = _view_of(uow.session, data.event_id, app_id)
        uow.commit()
    return ApplyResult(view)


def apply_for_establishment(
    ctx: AppContext,
    event_id: int,
    establishment_id: int,
    member_ids: list[int],
    *,
    session_id: int | None = None,
    applied_on: dt.date | None = None,
) -> list[ApplyResult]:
    """事業所の一括申込: the ticked members of one establishment, each as their own
    application paid through the establishment; one refused member refuses the whole list."""
    if not member_ids:
        raise ValidationError("申し込む会員に印を付けてください。", "会員")
    with ctx.unit_of_work("事業所の一括申込") as uow:
        state = load_state(uow.session, event_id)
        planner = Planner(uow.session, state, ctx.today())
        members = load_members(uow.session, member_ids)
        planner.load_year_counts(member_ids)
        plans, errors = [], []
        for member_id in member_ids:
            member = members.get(member_id)
            try:
                if member is None:
                    raise ValidationError("登録されていない会員です。", "会員")
                if member.establishment_id != establishment_id:
                    raise ValidationError("この事業所の会員ではありません。", "会員")
                plans.append(
                    planner.plan(
                        ApplicationInput(
                            event_id, session_id, member_id, establishment_id,
                            applied_on=applied_on, channel="establishment",
                            pay_via="establishment",
                        ),
                        member,
                        [],
                    )
                )  # fmt: skip
            except (ValidationError, RuleViolation) as error:
                name = member.name if member else f"会員ID {member_id}"
                errors.append(f"{name}: {error.message}")
        if errors:
            raise ApplicationListError(errors)
        ids = write_orm(uow.session, event_id, plans)
        views = {v.id: v for v in applications_of(uow.session, event_id)}
        uow.commit()
    return [ApplyResult(views[i]) for i in ids]


def _view_of(session: object, event_id: int, app_id: int) -> ApplicationView:
    for view in applications_of(session, event_id):  # type: ignore[arg-type]
        if view.id == app_id:
            return view
    raise ValidationError("申込が見つかりません。", "申込")


@dataclass(frozen=True)
class CancelResult:
    """A cancellation: what was given back, and who moved up from the waiting list."""

    application: ApplicationView
    refunds: tuple[RefundDone, ...]
    promoted: tuple[ApplicationView, ...]

    @property
    def message(self) -> str:
        app = self.application
        lines = [f"申込番号{app.number} {app.applicant_name}（{app.persons}人）を取り消しました。"]
        for refund in self.refunds:
            kept = f"（キャンセル料 {refund.kept:,}円）" if refund.kept else ""
            lines.append(f"返金: {refund.payer} {refund.refunded:,}円{kept}")
        for moved in self.promoted:
            lines.append(
                f"繰上げ: 申込番号{moved.number} {moved.applicant_name}（{moved.persons}人）"
                "の参加が決まりました。繰上げのお知らせを印刷してください。"
            )
        return "\n".join(lines)


def cancel_application(
    ctx: AppContext,
    application_id: int,
    day: dt.date,
    reason: str,
    *,
    version: int | None = None,
    refund_now: bool = True,
) -> CancelResult:
    """取消: the seats are freed, payments refunded by the event's rule (or left on the list
    of refunds to make), and the waiting list moves up in application order."""
    text = reason.strip()
    if not text:
        raise ValidationError("取消の理由を入力してください。", "取消の理由")
    with ctx.unit_of_work("行事の申込の取消") as uow:
        app = uow.session.get(EventApplication, application_id)
        if app is None:
            raise ValidationError("この申込はありません。", "申込")
        if version is not None and app.version != version:
            raise StaleDataError("event_applications: changed by another PC")
        if app.status == "cancelled":
            raise RuleViolation("この申込は既に取り消されています。")
        state = load_state(uow.session, app.event_id)
        if day < app.applied_on:
            raise ValidationError("取消日は申込日以降にしてください。", "取消日")
        persons = set(
            uow.session.scalars(
                select(EventParticipant.id).where(EventParticipant.application_id == app.id)
            )
        )
        if app.status == "confirmed":
            state.seats.release(app.session_id, len(persons))
        else:
            state.waiting = [w for w in state.waiting if w.application_id != app.id]
        app.status, app.cancelled_on, app.cancel_reason = "cancelled", day, text[:200]
        uow.flush()
        refunds: list[RefundDone] = []
        if refund_now:
            event = state.event
            rule = RefundRule(event.cancel_fee_days, event.cancel_fee_percent)
            for payment in live_payments_of(uow, persons):
                done = refund_payment(uow, event, payment, persons, day, rule=rule, reason=text)
                if done is not None:
                    refunds.append(done)
        promoted = promote_in(uow.session, state, day)
        views = {v.id: v for v in applications_of(uow.session, app.event_id)}
        uow.commit()
    return CancelResult(views[application_id], tuple(refunds), tuple(views[p.id] for p in promoted))


def refund_application(ctx: AppContext, application_id: int, day: dt.date) -> list[RefundDone]:
    """返金 later: what a cancelled application (or a cancelled event's) still holds; the
    event's cancellation fee applies unless the event itself was cancelled."""
    with ctx.unit_of_work("行事の参加費の返金") as uow:
        app = uow.session.get(EventApplication, application_id)
        if app is None or app.status != "cancelled":
            raise RuleViolation("返金できるのは取り消した申込だけです。")
        state = load_state(uow.session, app.event_id)
        event = state.event
        persons = set(
            uow.session.scalars(
                select(EventParticipant.id).where(EventParticipant.application_id == app.id)
            )
        )
        rule = (
            None
            if event.status == "cancelled"
            else RefundRule(event.cancel_fee_days, event.cancel_fee_percent)
        )
        done = []
        for payment in live_payments_of(uow, persons):
            result = refund_payment(
                uow, event, payment, persons, max(day, payment.paid_on), rule=rule,
                reason="取消による返金", fee_day=app.cancelled_on,
            )  # fmt: skip
            if result is not None:
                done.append(result)
        if not done:
            raise RuleViolation("この申込に返金するお金はありません。")
        uow.commit()
    return done


def promote_waiting(ctx: AppContext, event_id: int, day: dt.date) -> list[ApplicationView]:
    """繰上げ: confirm the waiting applicants who fit now, in application order."""
    with ctx.unit_of_work("キャンセル待ちの繰上げ") as uow:
        state = load_state(uow.session, event_id)
        state.require_open()
        promoted = promote_in(uow.session, state, day)
        views = {v.id: v for v in applications_of(uow.session, event_id)}
        uow.commit()
    return [views[p.id] for p in promoted]
