"""Event papers as PDF: announcement, application form, participant list, sign-in sheet,
name tags, notices to applicants, the refund list and the labour bank's claim."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from gojokai_desktop.db.models import Establishment, Member
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.printing.events.name_tags import NameTag, render_name_tags
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events._words import fees_words, society_of, venue_of
from gojokai_desktop.services.events.roster import (
    ApplicationView,
    ParticipantView,
    list_applications,
    participants_of,
)
from gojokai_desktop.services.events.views import EventDetail, get_event, time_text, when_text
from gojokai_desktop.services.printing import render_records

SIGN_IN_COLUMNS = ("受領印", "出欠")


def _form_values(detail: EventDetail, deadline: dt.date | None) -> dict[str, object]:
    first = detail.sessions[0]
    return {
        "event.title": detail.title,
        "event.date": first.date,
        "event.start_time": time_text(first.start_time),
        "event.venue": venue_of(detail),
        "event.deadline": deadline,
        "event.fee_note": fees_words(detail),
    }


def print_application_form(
    ctx: AppContext,
    event_id: int,
    out: Output,
    *,
    application_id: int | None = None,
    user_forms_dir: Path | None = None,
) -> RenderResult:
    """The ``event_application`` form: blank for the event, or filled for one application."""
    detail = get_event(ctx, event_id)
    record: dict[str, object] = {
        "document.date": ctx.today(),
        **_form_values(detail, detail.data.deadline),
    }
    if application_id is not None:
        app = next((a for a in list_applications(ctx, event_id) if a.id == application_id), None)
        if app is None:
            raise ValidationError("この申込はありません。", "申込")
        record.update(_applicant_values(ctx, app))
        record["event.participants"] = [
            {"name": p.name, "name_kana": p.name_kana, "category": p.category_label,
             "relation": p.relation, "fee": p.fee, "note": ""}
            for p in app.participants
        ]  # fmt: skip
        record["application.total"] = app.fee_total
        record["application.mark"] = _cancelled_mark(app)
    return render_records(ctx, "event_application", [record], out, user_forms_dir=user_forms_dir)


def _cancelled_mark(app: ApplicationView) -> str:
    """「取消済（取消日 令和…）」 on the filled form of a cancelled application, so a copy
    printed later is not taken for a standing one."""
    if app.status != "cancelled":
        return ""
    day = f"（取消日 {format_wareki(app.cancelled_on)}）" if app.cancelled_on else ""
    return f"取消済{day}"


def _applicant_values(ctx: AppContext, app: ApplicationView) -> dict[str, object]:
    with ctx.reader() as session:
        member = session.get(Member, app.member_id) if app.member_id else None
        est = session.get(Establishment, app.establishment_id) if app.establishment_id else None
        return {
            "member.number": app.member_number,
            "member.name": app.applicant_name,
            "member.phone": member.phone if member else (est.phone if est else ""),
            "establishment.name": est.name if est else "",
        }


_LIST_COLUMNS = (
    ListColumn("No", "no", 9, "number"),
    ListColumn("申込", "application", 10, "number"),
    ListColumn("日程", "session", 10, align="center"),
    ListColumn("区分", "category", 10, align="center"),
    ListColumn("氏名", "name", 30),
    ListColumn("フリガナ", "kana", 34),
    ListColumn("続柄", "relation", 12, align="center"),
    ListColumn("事業所", "establishment", 40),
    ListColumn("状態", "status", 26),
    ListColumn("参加費", "fee", 16, "yen", total=True),
    ListColumn("入金", "paid", 16, "yen", total=True),
    ListColumn("出欠", "attendance", 10, align="center"),
)


def _participant_records(
    people: Sequence[ParticipantView], statuses: dict[int, str], waiting: set[int]
) -> list[dict[str, object]]:
    # The participants are numbered 1…N (N = the 人数 of the totals row); the waiting list
    # after them 待1, 待2 …, so the last number on the list is the count of participants.
    numbers: list[int | str] = []
    for p in people:
        if p.application_id in waiting:
            numbers.append(f"待{sum(1 for x in numbers if isinstance(x, str)) + 1}")
        else:
            numbers.append(len(numbers) + 1)
    return [
        {"no": n, "application": p.application_number, "session": f"日程{p.session_number}",
         "category": p.category_label, "name": p.name, "kana": p.name_kana, "relation": p.relation,
         "establishment": p.establishment_name, "status": statuses.get(p.application_id, ""),
         "fee": p.fee, "paid": p.paid, "attendance": p.attendance_label,
         "waiting": p.application_id in waiting}
        for n, p in zip(numbers, people, strict=True)
    ]  # fmt: skip


def _participants(
    ctx: AppContext, event_id: int, statuses: tuple[str, ...], session_id: int | None
) -> tuple[list[ParticipantView], dict[int, str], set[int]]:
    """The people of the standing applications: those taking part first, then the waiting list
    apart at the end (in its order), so the count and totals above it are the participants."""
    apps = list_applications(ctx, event_id)
    labels = {a.id: a.status_label for a in apps}
    waiting = {a.id for a in apps if a.status == "waiting"}
    people = [
        p for a in apps
        if a.status in statuses and (session_id is None or a.session_id == session_id)
        for p in a.participants
    ]  # fmt: skip
    taking_part = [p for p in people if p.application_id not in waiting]
    if statuses == ("confirmed",):
        taking_part.sort(key=lambda p: (p.session_number, p.name_kana or p.name, p.id))
    return taking_part + [p for p in people if p.application_id in waiting], labels, waiting


def roster_counts(ctx: AppContext, event_id: int) -> tuple[int, int]:
    """(participants, people waiting) of the 参加者名簿: the figures it prints."""
    people, _labels, waiting = _participants(ctx, event_id, ("confirmed", "waiting"), None)
    on_list = sum(1 for p in people if p.application_id in waiting)
    return len(people) - on_list, on_list


def print_participants(
    ctx: AppContext,
    event_id: int,
    out: Output,
    *,
    statuses: tuple[str, ...] = ("confirmed", "waiting"),
    session_id: int | None = None,
) -> RenderResult:
    """参加者名簿: the participants, then the waiting list apart; the 人数 and the totals count
    the participants only, as the footnote says."""
    detail = get_event(ctx, event_id)
    people, labels, waiting = _participants(ctx, event_id, statuses, session_id)
    records = _participant_records(people, labels, waiting)
    on_list = sum(1 for r in records if r["waiting"])
    spec = ListingSpec(
        title=f"参加者名簿　{detail.title}",
        columns=_LIST_COLUMNS,
        printed_on=ctx.today(),
        conditions=(
            f"日時: {when_text(detail)}",
            f"会場: {venue_of(detail)}　参加 {len(records) - on_list:,}人"
            + (f"・キャンセル待ち {on_list:,}人（末尾に別記）" if on_list else ""),
        ),
        society_name=society_of(ctx).name,
        landscape=True,
        totals_label="人数",
        unit_note="単位:円",
        footnotes=(
            "※ 状態の「キャンセル待ち」の人は参加者数に含めません"
            "（人数・参加費・入金の合計にも含めません）。",
        ),
        counted=lambda r: not r["waiting"],
    )
    return render_listing(spec, records, out)


def print_sign_in(
    ctx: AppContext, event_id: int, session_id: int, out: Output, *, column: str = "受領印"
) -> RenderResult:
    """受付簿 of one session: confirmed people by kana, the amount to collect, and a 受領印 or
    出欠 column to fill in at the desk (attendance is then marked from it)."""
    if column not in SIGN_IN_COLUMNS:
        raise ValidationError("受領印か出欠を選んでください。", "受付簿の欄")
    detail = get_event(ctx, event_id)
    session = detail.session(session_id)
    people = participants_of(ctx, event_id, session_id=session_id)
    columns = (
        ListColumn("No", "no", 16, "number"),
        ListColumn("氏名", "name", 34),
        ListColumn("フリガナ", "kana", 36),
        ListColumn("区分", "category", 11, align="center"),
        ListColumn("事業所", "establishment", 40),
        ListColumn("参加費", "fee", 17, "yen", total=True),
        ListColumn("集金額", "due", 17, "yen", total=True),
        ListColumn(column, "blank", 24),
    )
    records = [
        {"no": n, "name": p.name, "kana": p.name_kana, "category": p.category_label,
         "establishment": p.establishment_name, "fee": p.fee, "due": p.unpaid, "blank": ""}
        for n, p in enumerate(people, start=1)
    ]  # fmt: skip
    place = session.place or detail.data.venue
    spec = ListingSpec(
        title=f"受付簿　{detail.title}",
        columns=columns,
        printed_on=ctx.today(),
        conditions=(f"{session.label}", f"会場: {place}　参加予定 {len(people):,}人"),
        society_name=society_of(ctx).name,
        totals_label="人数",
        unit_note="単位:円",
        row_height=9.0,
        font_size=10.0,
        footnotes=(
            "※ 集金額は受付で受け取る参加費（入金済みの分を除く）。",
            "※ 出欠は［研修・行事］→［出欠］でこの用紙から記入します。",
        ),
    )
    return render_listing(spec, records, out)


def print_name_tags(
    ctx: AppContext,
    event_id: int,
    out: Output,
    *,
    session_id: int | None = None,
    per_sheet: int = 12,
    start_position: int = 1,
) -> RenderResult:
    """名札 for the confirmed participants, by session and kana."""
    detail = get_event(ctx, event_id)
    people = participants_of(ctx, event_id, session_id=session_id)
    tags = [NameTag(detail.title, p.name, p.name_kana, _affiliation(p)) for p in people]
    return render_name_tags(tags, out, per_sheet=per_sheet, start_position=start_position)


def _affiliation(person: ParticipantView) -> str:
    """The establishment for a member; 家族 or 一般 with the establishment of the applicant."""
    if person.category == "member":
        return person.establishment_name
    if person.establishment_name:
        return f"{person.category_label}（{person.establishment_name}）"
    return person.category_label


def print_refund_list(ctx: AppContext, event_id: int, out: Output) -> RenderResult:
    """返金一覧: what cancelled applications paid and has not been given back yet."""
    detail = get_event(ctx, event_id)
    rows = [
        {"application": a.number, "name": a.applicant_name, "establishment": a.establishment_name,
         "cancelled": a.cancelled_on, "reason": a.cancel_reason or "", "paid": a.paid_total}
        for a in list_applications(ctx, event_id)
        if a.status == "cancelled" and a.paid_total > 0
    ]  # fmt: skip
    spec = ListingSpec(
        title=f"返金一覧　{detail.title}",
        columns=(
            ListColumn("申込番号", "application", 14, "number"),
            ListColumn("申込者", "name", 34),
            ListColumn("事業所", "establishment", 40),
            ListColumn("取消日", "cancelled", 22, "era_date_short"),
            ListColumn("理由", "reason", 40),
            ListColumn("返金額", "paid", 22, "yen", total=True),
            ListColumn("受領印", "blank", 20),
        ),
        printed_on=ctx.today(),
        conditions=(f"状態: {'中止' if detail.status == 'cancelled' else '開催'}",),
        society_name=society_of(ctx).name,
        unit_note="単位:円",
        row_height=8.0,
        footnotes=("※ 返金したら［参加費］→［返金］で記帳してください（出納帳に戻入されます）。",),
    )
    return render_listing(spec, rows, out)
