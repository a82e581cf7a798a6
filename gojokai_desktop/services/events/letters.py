"""Event letters as PDF: the announcement (開催案内), notices to applicants (参加決定・
キャンセル待ち・繰上げ) and the labour bank's study-session claim (研修助成金請求書)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gojokai_desktop.db.models import Establishment, Member
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.wareki import WEEKDAYS, format_wareki, format_wareki_short
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.printing.events.announcement import Announcement, render_announcement
from gojokai_desktop.printing.events.layout import Head
from gojokai_desktop.printing.events.letters import Letter, render_letters
from gojokai_desktop.printing.formats import format_postal
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events._words import (
    capacity_words,
    contact_of,
    fees_words,
    programme_of,
    sender_of,
    society_of,
    venue_of,
)
from gojokai_desktop.services.events.labour_bank import LabourBankClaim
from gojokai_desktop.services.events.roster import ApplicationView, list_applications
from gojokai_desktop.services.events.views import EventDetail, get_event, time_text, when_text
from gojokai_desktop.services.society import SocietyProfile


def announcement_of(
    detail: EventDetail, profile: SocietyProfile, addressee: str, on: dt.date
) -> Announcement:
    data = detail.data
    fields: list[tuple[str, str]] = [("日　時", when_text(detail)), ("会　場", venue_of(detail))]
    for label, value in (
        ("目　的", data.purpose),
        ("対象者", data.audience),
        ("内　容", programme_of(detail)),
    ):
        if value:
            fields.append((label, value))
    fields.append(("定　員", capacity_words(detail)))
    fields.append(("参加費", fees_words(detail)))
    if (
        detail.subsidy_amounts.member
        or detail.subsidy_amounts.family
        or detail.subsidy_amounts.guest
    ):
        fields.append(
            (
                "会の補助",
                f"1人当たり {detail.subsidy_amounts.words()}（参加費とは別に会が負担します）",
            )
        )
    if data.application_start or data.deadline:
        period = ""
        if data.application_start:
            period += f"{format_wareki(data.application_start, weekday=True)}から"
        if data.deadline:
            period += f"{format_wareki(data.deadline, weekday=True)}まで"
        fields.append(("申込期間", period))
    fields.append(
        (
            "申込方法",
            data.how_to_apply or "別紙の参加申込書に記入のうえ、事務局へお申し込みください。",
        )
    )
    if data.refund.percent:
        fields.append(("取　消", data.refund.words()))
    fields.append(("問合せ", data.contact or contact_of(profile)))
    sessions: tuple[tuple[str, str, str, str, str], ...] = ()
    if len(detail.sessions) > 1:
        sessions = tuple(
            (str(s.number), _span(s.date, s.end_date), time_text(s.start_time),
             s.place or data.venue,
             f"{s.capacity:,}名" if s.capacity is not None else "")
            for s in detail.sessions
        )  # fmt: skip
    return Announcement(
        head=Head(format_wareki(on), addressee, sender_of(profile)),
        title=f"「{detail.title}」の開催について（ご案内）",
        lead=(
            "日頃より本会の事業にご理解とご協力をいただき、厚くお礼申し上げます。"
            f"さて、このたび{detail.kind_label}「{detail.title}」を下記のとおり開催いたします。"
            "皆様お誘いあわせのうえ、ご参加くださいますようご案内申し上げます。"
        ),
        fields=tuple(fields),
        sessions=sessions,
        notes=tuple(f"※ {line}" for line in data.notes.splitlines() if line.strip()),
    )


def _span(first: dt.date, last: dt.date | None) -> str:
    """``R8.7.6(月)`` or ``R8.7.6(月)〜R9.2.27(土)`` (a clinic's season)."""

    def short(day: dt.date) -> str:
        return f"{format_wareki_short(day)}({WEEKDAYS[day.weekday()]})"

    return short(first) if last is None else f"{short(first)}〜{short(last)}"


def print_announcement(
    ctx: AppContext,
    event_id: int,
    out: Output,
    *,
    addressee: str = "会員各位",
    on: dt.date | None = None,
) -> RenderResult:
    """開催案内 of one event."""
    detail = get_event(ctx, event_id)
    return render_announcement(
        [announcement_of(detail, society_of(ctx), addressee, on or ctx.today())], out
    )


def _address_of(ctx: AppContext, app: ApplicationView) -> tuple[str, str]:
    with ctx.reader() as session:
        if app.member_id is not None:
            member = session.get(Member, app.member_id)
            if member is not None and member.address:
                return member.postal_code, member.address
        if app.establishment_id is not None:
            est = session.get(Establishment, app.establishment_id)
            if est is not None:
                return est.postal_code, est.address
    return "", ""


def _notice(
    detail: EventDetail,
    app: ApplicationView,
    profile: SocietyProfile,
    on: dt.date,
    address: tuple[str, str],
) -> Letter:
    names = "、".join(p.name for p in app.participants)
    if app.status == "waiting":
        title = f"「{detail.title}」キャンセル待ちのお知らせ"
        body = (
            f"このたびは「{detail.title}」にお申し込みいただき、ありがとうございます。"
            f"定員に達したため、キャンセル待ち（第{app.waiting_position}順位）として受け付けました。"
            "キャンセルが出ましたら、申込順に繰上げてご連絡いたします。"
        )
    elif app.promoted_on is not None:
        title = f"「{detail.title}」繰上げ参加のお知らせ"
        body = (
            f"キャンセル待ちでお待ちいただいておりました「{detail.title}」について、"
            f"キャンセルが出ましたので、{format_wareki(app.promoted_on)}付けで繰上げにより"
            "参加が決まりました。下記のとおりご参加ください。"
        )
    else:
        title = f"「{detail.title}」参加決定のお知らせ"
        body = (
            f"このたびは「{detail.title}」にお申し込みいただき、ありがとうございます。"
            "下記のとおり参加が決まりました。"
        )
    session = detail.session(app.session_id)
    fields = [
        ("行事名", detail.title),
        ("日　時", session.label.split(" ", 1)[1]),
        ("会　場", session.place or venue_of(detail)),
        ("申込番号", f"{app.number}"),
        ("参加者", f"{names}（{app.persons}人）"),
    ]
    if app.status != "waiting":
        due = app.unpaid
        fields.append(
            (
                "参加費",
                f"{format_yen(app.fee_total)}円"
                + (f"（うち未入金 {format_yen(due)}円）" if due else "（入金済み）"),
            )
        )
    postal, street = address
    return Letter(
        head=Head(format_wareki(on), f"{app.applicant_name}　様", sender_of(profile)),
        title=title,
        body=body,
        fields=tuple(fields),
        notes=(f"※ お問合せ: {contact_of(profile)}",),
        postal_line=f"〒{format_postal(postal)}　{street}".strip() if postal else street,
    )


def print_notices(
    ctx: AppContext, event_id: int, application_ids: Sequence[int], out: Output
) -> RenderResult:
    """Notices to the applicants: 繰上げ参加, キャンセル待ち (with the place) or 参加決定."""
    if not application_ids:
        raise ValidationError("お知らせを印刷する申込を選んでください。", "申込")
    detail = get_event(ctx, event_id)
    profile = society_of(ctx)
    wanted = set(application_ids)
    apps = [
        a for a in list_applications(ctx, event_id) if a.id in wanted and a.status != "cancelled"
    ]
    letters = [_notice(detail, a, profile, ctx.today(), _address_of(ctx, a)) for a in apps]
    return render_letters(letters, out, title="申込のお知らせ")


def print_labour_bank_claims(
    ctx: AppContext,
    event_id: int,
    claims: Sequence[LabourBankClaim],
    out: Output,
    *,
    addressee: str = "労働金庫 御中",
) -> RenderResult:
    """研修助成金請求書: 参加者数, 経費, 請求額 = min(経費, 1人当たり助成 × 参加者数)."""
    detail = get_event(ctx, event_id)
    profile = society_of(ctx)
    letters = []
    for claim in claims:
        session = detail.session(claim.session_id)
        limit = claim.per_head * claim.participants
        fields = (
            ("研修会名", detail.title),
            ("開催日", session.label.split(" ", 1)[1]),
            ("会　場", session.place or venue_of(detail)),
            ("参加者数", f"{claim.participants:,}人"),
            ("経　費", f"{format_yen(claim.costs)}円"),
            (
                "助成の上限",
                f"{format_yen(claim.per_head)}円 × {claim.participants:,}人"
                f" = {format_yen(limit)}円",
            ),
            ("請求額", f"{format_yen(claim.amount)}円"),
        )
        letters.append(
            Letter(
                head=Head(
                    format_wareki(claim.claimed_on or ctx.today()), addressee, sender_of(profile)
                ),
                title="研修会助成金 請求書",
                body=(
                    "下記の研修会について、助成金を請求します。請求額は経費と助成の上限"
                    "（参加者1人当たりの助成額 × 参加者数）の少ない方です。"
                ),
                fields=fields,
                notes=(
                    "※ 添付: 参加者名簿、経費の領収書の写し",
                    f"※ 振込先・お問合せ: {contact_of(profile)}",
                ),
                seal=True,
            )
        )
    if not letters:
        raise ValidationError("請求する日程を選んでください。", "日程")
    return render_letters(letters, out, title="研修会助成金請求書")
