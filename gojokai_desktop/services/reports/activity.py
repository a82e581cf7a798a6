"""事業報告 (activity report) of a fiscal year: members, meetings, the clerk's texts, benefits,
ticket brokering and events (contributed by their areas), dues.

Every figure is read from the registers and the books, never typed: members and
establishments from their periods, benefits from the 004 statistics table of the benefits
area, dues from the bills and payments. Ticket brokering and events each contribute their
own section through a module ``services/<area>/activity.py`` (``activity_section(ctx,
fiscal_year)``), found by name as the year-close checks are; an area not built yet prints its
heading with a plain sentence saying so.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from gojokai_desktop.db.models import (
    DuesAllocation,
    DuesBill,
    DuesPayment,
    Establishment,
    Meeting,
    MeetingItem,
    MembershipPeriod,
)
from gojokai_desktop.domain.reports import (
    ActivityReport,
    ActivitySection,
    BarChart,
    Block,
    ReportTable,
    agenda_numbers,
    meeting_title,
)
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.benefits.stats import benefit_statistics
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.texts import (
    TEXT_LABELS,
    report_texts,
    require_books,
    year_calendar,
)

#: (key, heading, module): sections other areas contribute; a module not built is skipped.
AREA_SECTIONS = (
    ("tickets", "斡旋事業", "gojokai_desktop.services.tickets.activity"),
    ("events", "研修会・行事", "gojokai_desktop.services.events.activity"),
)
Dated = InstrumentedAttribute[dt.date] | InstrumentedAttribute[dt.date | None]
NOT_BUILT = "この版のプログラムには{heading}の記録がまだないため、この項目は集計していません。"


def _by_month(session: Session, column: Dated, first: dt.date, last: dt.date) -> dict[int, int]:
    month = func.extract("month", column)
    rows = session.execute(
        select(month, func.count()).where(column.between(first, last)).group_by(month)
    ).all()
    return {int(m): int(n) for m, n in rows}


def _flow(
    session: Session, start: Dated, end: Dated, first: dt.date, last: dt.date
) -> tuple[int, int, int, int, dict[int, int], dict[int, int]]:
    """Carried in, joined, left, carried out (at the close of the last day), and the joins
    and leaves by month, for rows that start on a date and may end on one."""
    carried_in = session.scalar(
        select(func.count()).where(start < first, end.is_(None) | (end >= first))
    )
    joins = _by_month(session, start, first, last)
    leaves = _by_month(session, end, first, last)
    carried = int(carried_in or 0)
    joined, left = sum(joins.values()), sum(leaves.values())
    return carried, joined, left, carried + joined - left, joins, leaves


def _members_section(session: Session, ctx: AppContext, fiscal_year: int) -> ActivitySection:
    calendar, _label_of, _society = year_calendar(ctx)
    first, last = calendar.first_day(fiscal_year), calendar.last_day(fiscal_year)
    p = MembershipPeriod
    m_in, m_join, m_leave, m_out, joins, leaves = _flow(
        session, p.start_date, p.end_date, first, last
    )
    e = Establishment
    e_in, e_join, e_leave, e_out, _j, _l = _flow(session, e.join_date, e.leave_date, first, last)
    summary = ReportTable(
        ("区分", "前年度末", "入会", "退会", "本年度末", "増減"),
        (
            ("会員（人）", m_in, m_join, m_leave, m_out, m_out - m_in),
            ("事業所（か所）", e_in, e_join, e_leave, e_out, e_out - e_in),
        ),
        unit="単位: 人・か所",
    )
    months = calendar.months(fiscal_year)
    labels = tuple(f"{m}月" for _y, m in months)
    join_row = tuple(joins.get(m, 0) for _y, m in months)
    leave_row = tuple(leaves.get(m, 0) for _y, m in months)
    by_month = ReportTable(
        ("月", *labels, "計"),
        (("入会", *join_row, sum(join_row)), ("退会", *leave_row, sum(leave_row))),
        unit="単位: 人",
        caption="月別の入会・退会",
    )
    chart = BarChart("月別の入会・退会", labels, (("入会", join_row), ("退会", leave_row)), "人")
    change = m_out - m_in
    # No change is written ―, not 増0人.
    moved = "―" if change == 0 else f"{'増' if change > 0 else '減'}{abs(change):,}人"
    note = (
        f"{format_wareki(last)}現在の会員は{m_out:,}人（前年度末より{moved}）、"
        f"事業所は{e_out:,}か所です。"
    )
    foot = (
        "※ 前年度末・本年度末は、その日で退会した人を除いた、翌日に引き継ぐ人数です。"
        "入会には再入会を含みます。"
    )
    return ActivitySection("members", "会員の状況", (note, summary, by_month, chart, foot))


def _meetings_section(
    session: Session, ctx: AppContext, fiscal_year: int, text: str
) -> ActivitySection:
    calendar, _label_of, _society = year_calendar(ctx)
    first, last = calendar.first_day(fiscal_year), calendar.last_day(fiscal_year)
    meetings = session.scalars(
        select(Meeting).where(Meeting.held_on.between(first, last)).order_by(Meeting.held_on)
    ).all()
    rows = []
    for meeting in meetings:
        items = session.scalars(
            select(MeetingItem)
            .where(MeetingItem.meeting_id == meeting.id)
            .order_by(MeetingItem.sort_order, MeetingItem.id)
        ).all()
        numbers = agenda_numbers([i.kind for i in items])
        agenda = "、".join(f"{n} {i.title}" for n, i in zip(numbers, items, strict=True))
        rows.append((
            format_wareki(meeting.held_on, weekday=True),
            meeting_title(meeting.kind, meeting.number),
            meeting.venue,
            agenda or meeting.note,
        ))  # fmt: skip
    blocks: list[Block] = []
    if rows:
        blocks.append(ReportTable(("開催日", "会議", "会場", "議事"), tuple(rows)))
    blocks += _paragraphs(text)
    if not blocks:
        blocks.append(
            "（この年度の会議は登録されていません。［帳票・報告］→［総会資料］で登録します。）"
        )
    return ActivitySection("meetings", TEXT_LABELS["meetings"], tuple(blocks))


def _paragraphs(text: str) -> list[Block]:
    return [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _benefits_section(ctx: AppContext, fiscal_year: int, ended: bool) -> ActivitySection:
    _calendar, label_of, _society = year_calendar(ctx)
    table = benefit_statistics(ctx, fiscal_year + 1)
    if ended:
        a, _estimate, b, diff = table.headings
        table = replace(table, headings=(a, f"{label_of(fiscal_year)}決算", b, diff))
    table = replace(table, title="給付件数と給付金額")
    count, amount = table.total.pair(1)
    text = (
        f"慶弔給付は{count or 0:,}件、{format_report_yen(amount or 0)}円を支給しました"
        "（支払日がこの年度のもの。支払を取り消したものを除く）。"
    )
    return ActivitySection("benefits", "慶弔給付事業", (text, table))


def _dues_section(session: Session, ctx: AppContext, fiscal_year: int) -> ActivitySection:
    calendar, _label_of, _society = year_calendar(ctx)
    first, last = calendar.first_day(fiscal_year), calendar.last_day(fiscal_year)
    live = DuesBill.status != "cancelled"
    billed_n, billed = session.execute(
        select(func.count(), func.coalesce(func.sum(DuesBill.amount), 0)).where(
            live, DuesBill.period.between(first, last)
        )
    ).one()
    paid_n, paid = session.execute(
        select(func.count(), func.coalesce(func.sum(DuesPayment.amount), 0)).where(
            DuesPayment.reversed.is_(False), DuesPayment.received_date.between(first, last)
        )
    ).one()
    billed_to_date = session.scalar(
        select(func.coalesce(func.sum(DuesBill.amount), 0)).where(live, DuesBill.period <= last)
    )
    settled = session.scalar(
        select(func.coalesce(func.sum(DuesAllocation.amount), 0))
        .join(DuesPayment, DuesPayment.id == DuesAllocation.payment_id)
        .join(DuesBill, DuesBill.id == DuesAllocation.bill_id)
        .where(
            live,
            DuesBill.period <= last,
            DuesPayment.reversed.is_(False),
            DuesPayment.received_date <= last,
        )
    )
    outstanding = int(billed_to_date or 0) - int(settled or 0)
    paid_by_then = (
        select(DuesAllocation.bill_id, func.sum(DuesAllocation.amount).label("paid"))
        .join(DuesPayment, DuesPayment.id == DuesAllocation.payment_id)
        .where(DuesPayment.reversed.is_(False), DuesPayment.received_date <= last)
        .group_by(DuesAllocation.bill_id)
        .subquery()
    )
    # 件数 of 未収: the bills still not fully paid at the year end.
    unpaid_n = session.scalar(
        select(func.count())
        .select_from(DuesBill)
        .outerjoin(paid_by_then, paid_by_then.c.bill_id == DuesBill.id)
        .where(
            live,
            DuesBill.period <= last,
            DuesBill.amount - func.coalesce(paid_by_then.c.paid, 0) > 0,
        )
    )
    table = ReportTable(
        ("区分", "件数", "金額（円）"),
        (
            ("請求（この年度の請求月）", int(billed_n), int(billed)),
            ("入金（この年度に受け取った額）", int(paid_n), int(paid)),
            (f"未収（{format_wareki(last)}現在）", int(unpaid_n or 0), outstanding),
        ),
    )
    blocks: list[Block] = [table]
    if not billed_n and not paid_n:
        blocks = [
            "この年度の会費の請求・入金の記録はありません（出納帳の会費収入は収支決算書のとおり）。"
        ]
    return ActivitySection("dues", "会費", tuple(blocks))


def _area_section(
    ctx: AppContext, fiscal_year: int, key: str, heading: str, module_name: str
) -> ActivitySection:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not (module_name + ".").startswith(exc.name + "."):
            raise
        return ActivitySection(key, heading, (NOT_BUILT.format(heading=heading),))
    contribute: Callable[[AppContext, int], ActivitySection] = module.activity_section
    return contribute(ctx, fiscal_year)


def activity_report(ctx: AppContext, fiscal_year: int) -> ActivityReport:
    """The whole 事業報告, sections numbered in the order they print."""
    require_books(ctx, fiscal_year, members=True)
    calendar, label_of, society = year_calendar(ctx)
    first, last = calendar.first_day(fiscal_year), calendar.last_day(fiscal_year)
    texts = report_texts(ctx, fiscal_year)
    with ctx.reader() as session:
        members = _members_section(session, ctx, fiscal_year)
        meetings = _meetings_section(session, ctx, fiscal_year, texts.get("meetings", ""))
        dues = _dues_section(session, ctx, fiscal_year)
    activities = _paragraphs(texts.get("activities", "")) or [
        "（主な事業の文章はまだ書かれていません。［帳票・報告］→［事業報告］で入力します。）"
    ]
    sections = [
        members,
        meetings,
        ActivitySection("activities", TEXT_LABELS["activities"], tuple(activities)),
        _benefits_section(ctx, fiscal_year, ctx.today() > last),
        *(_area_section(ctx, fiscal_year, k, h, m) for k, h, m in AREA_SECTIONS),
        dues,
    ]
    numbered = tuple(replace(s, title=f"{n} {s.title}") for n, s in enumerate(sections, start=1))
    return ActivityReport(
        title=f"{label_of(fiscal_year)}事業報告",
        society=society,
        fiscal_year=fiscal_year,
        period=f"{format_wareki(first)}から{format_wareki(last)}まで",
        sections=numbered,
    )
