"""The home page: key figures (members, establishments, joins and leaves) and the to-do list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, case, func, or_, select

from gojokai_desktop.db.models import Establishment, Member, MemberEvent
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.claim_views import ClaimsTodo, claims_todo
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues.payments import DuesTodo, dues_todo
from gojokai_desktop.services.events.todo import EventsTodo, events_todo
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.services.tickets.todo import TicketsTodo, tickets_todo

if TYPE_CHECKING:  # the due lists are read off the GUI thread, after start-up
    from gojokai_desktop.services.benefits.due import DueThisMonth


@dataclass(frozen=True)
class KeyFigures:
    """What the clerk sees first: the state of the society today."""

    as_of: dt.date
    fiscal_year: int
    fiscal_year_label: str
    members_present: int
    members_former: int
    members_starting: int
    establishments_present: int
    joins_this_year: int
    leaves_this_year: int
    joins_by_month: tuple[tuple[str, int], ...]
    leaves_by_month: tuple[tuple[str, int], ...]


def _count_where(condition: ColumnElement[bool]) -> ColumnElement[int]:
    """How many rows meet ``condition`` (0 when none), as a column of one aggregate query."""
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def key_figures(ctx: AppContext) -> KeyFigures:
    """Counts as of today; 'present' means the membership has not ended before today."""
    profile = load_profile(ctx)
    calendar = profile.calendar if profile else FiscalCalendar()
    label_rule = profile.fiscal_label_rule if profile else "start"
    today = ctx.today()
    year = calendar.year_of(today)
    first, last = calendar.first_day(year), calendar.last_day(year)
    not_ended = or_(Member.leave_date.is_(None), Member.leave_date >= today)
    with ctx.reader() as session:
        # One pass over the members for all three counts (the home page shows at start).
        present, starting, former = session.execute(
            select(
                _count_where(and_(not_ended, Member.join_date <= today)),
                _count_where(Member.join_date > today),
                _count_where(Member.leave_date < today),
            ).select_from(Member)
        ).one()
        establishments = session.scalar(
            select(func.count()).where(
                or_(Establishment.leave_date.is_(None), Establishment.leave_date >= today),
                Establishment.join_date <= today,
            )
        )
        month = func.substr(func.cast(MemberEvent.effective_date, type_=Member.name.type), 1, 7)
        rows = session.execute(
            select(MemberEvent.kind, month, func.count())
            .where(MemberEvent.effective_date.between(first, last))
            .where(MemberEvent.kind.in_(("join", "rejoin", "leave")))
            .group_by(MemberEvent.kind, month)
        ).all()
    joins: dict[str, int] = {}
    leaves: dict[str, int] = {}
    for kind, ym, count in rows:
        target = leaves if kind == "leave" else joins
        target[str(ym)] = target.get(str(ym), 0) + int(count)
    months = [f"{y:04d}-{m:02d}" for y, m in calendar.months(year)]
    return KeyFigures(
        as_of=today,
        fiscal_year=year,
        fiscal_year_label=calendar.label(year, era_rule=label_rule),
        members_present=int(present or 0),
        members_former=int(former or 0),
        members_starting=int(starting or 0),
        establishments_present=int(establishments or 0),
        joins_this_year=sum(joins.values()),
        leaves_this_year=sum(leaves.values()),
        joins_by_month=tuple((m, joins.get(m, 0)) for m in months),
        leaves_by_month=tuple((m, leaves.get(m, 0)) for m in months),
    )


@dataclass(frozen=True)
class TodoItem:
    """A line of the clerk's to-do list: what to do, and where (area and tab) to do it."""

    text: str
    area: str = ""
    tab: str = ""


@dataclass(frozen=True)
class WorkFigures:
    """The work waiting in the office: benefit claims at each step, unpaid dues, events, tickets."""

    claims: ClaimsTodo
    dues: DuesTodo
    events: EventsTodo = field(default_factory=EventsTodo)
    tickets: TicketsTodo = field(default_factory=TicketsTodo)


def work_figures(ctx: AppContext) -> WorkFigures:
    """Small aggregate queries, cheap enough for every refresh of the home page."""
    return WorkFigures(
        claims_todo(ctx), dues_todo(ctx), events=events_todo(ctx), tickets=tickets_todo(ctx)
    )


def work_todo(work: WorkFigures) -> list[TodoItem]:
    """The to-do lines for claims waiting at each step and for unpaid dues (none when 0)."""
    claims, dues = work.claims, work.dues
    unpaid = f"（￥{format_yen(claims.approved_amount - claims.in_draft_amount)}）"
    drafted = f"（￥{format_yen(claims.in_draft_amount)}）"
    lines = (
        (claims.received, "受付のままの給付請求が {n}件あります。"
         "［慶弔給付］→［請求］で書類を確かめて審査", "慶弔給付", "請求"),
        (claims.reviewed, "審査済の給付請求が {n}件あります。"
         "［慶弔給付］→［請求］で支給決定または不支給", "慶弔給付", "請求"),
        (claims.approved - claims.in_draft, "支給決定・未払の給付が {n}件" + unpaid + "あります。"
         "［慶弔給付］→［支払］で支払予定を作成", "慶弔給付", "支払"),
        (claims.in_draft, "作成中の支払予定に給付が {n}件" + drafted + "あります。"
         "［慶弔給付］→［支払］で確かめて支払を確定", "慶弔給付", "支払"),
        (dues.overdue_bills, "期限を過ぎた会費の未納が {n}件あります。"
         "［会費］→［滞納］で督促状を印刷", "会費", "滞納"),
        (dues.failed_debits, "口座振替ができなかった会費の請求が {n}件あります。"
         "［会費］→［請求］で払込依頼を印刷", "会費", "請求"),
    )  # fmt: skip
    return (
        [
            TodoItem(text.format(n=f"{count:,}"), area, tab)
            for count, text, area, tab in lines
            if count
        ]
        + events_lines(work.events)
        + tickets_todo_lines(work.tickets)
    )


def events_lines(events: EventsTodo) -> list[TodoItem]:
    """Events soon (sign-in sheet and name tags), deadlines, unpaid fees, refunds to make."""
    lines = []
    if events.upcoming and events.next_date is not None:
        lines.append(
            TodoItem(
                f"2週間以内に開催する行事が {events.upcoming}件あります（次は "
                f"{format_wareki(events.next_date, weekday=True)}「{events.next_title}」）。"
                "［研修・行事］→［出欠・受付］で受付簿と名札を印刷",
                "研修・行事",
                "出欠・受付",
            )
        )
    if events.deadlines:
        lines.append(
            TodoItem(
                f"申込締切が1週間以内の行事が {events.deadlines}件あります。"
                "［研修・行事］→［申込］で申込数とキャンセル待ちを確認",
                "研修・行事",
                "申込",
            )
        )
    if events.unpaid_people:
        lines.append(
            TodoItem(
                f"行事の参加費の未入金が {events.unpaid_people:,}人"
                f"（￥{format_yen(events.unpaid_amount)}）あります。［研修・行事］→［参加費］で入金",
                "研修・行事",
                "参加費",
            )
        )
    if events.refunds:
        lines.append(
            TodoItem(
                f"取り消した申込のうち返金が済んでいないものが {events.refunds}件あります。"
                "［研修・行事］→［参加費］で返金",
                "研修・行事",
                "参加費",
            )
        )
    return lines


def tickets_todo_lines(tickets: TicketsTodo) -> list[TodoItem]:
    """Rounds to close, ticket money owed, and stock to order for the 斡旋 page."""
    items = []
    for r in tickets.closing:
        when = f"{r.closes_on.month}月{r.closes_on.day}日"
        if r.days_left < 0:
            text = f"斡旋 {r.title}の申込締切（{when}）を過ぎています。［斡旋］→［申込］で締切"
        else:
            left = "今日" if r.days_left == 0 else f"あと{r.days_left}日"
            text = (
                f"斡旋 {r.title}の申込締切は{when}（{left}）です。"
                "［斡旋］→［申込］で事業所の申込書を入力"
            )
        items.append(TodoItem(text, "斡旋", "申込"))
    if tickets.unpaid_members:
        items.append(
            TodoItem(
                f"斡旋品の代金が未入金の会員が {tickets.unpaid_members:,}人"
                f"（￥{format_yen(tickets.unpaid_amount)}）あります。［斡旋］→［販売・入金］で入金",
                "斡旋",
                "販売・入金",
            )
        )
    if tickets.short_items or tickets.low_items:
        parts = []
        if tickets.short_items:
            parts.append(f"配分に足りない品目が {tickets.short_items}件")
        if tickets.low_items:
            parts.append(f"残りわずかの品目が {tickets.low_items}件")
        items.append(
            TodoItem(
                f"斡旋品の在庫: {'、'.join(parts)}あります。［斡旋］→［入荷・受渡］で入荷を登録",
                "斡旋",
                "入荷・受渡",
            )
        )
    return items


def due_todo(due: DueThisMonth) -> list[TodoItem]:
    """The to-do line for date-driven benefits of this month nobody has claimed yet."""
    if not due.count:
        return []
    return [
        TodoItem(
            f"今月（{due.month.month}月）給付の該当者が {due.count:,}件"
            f"（￥{format_yen(due.amount)}）あります。"
            "［慶弔給付］→［該当者］で案内状を印刷し、請求として受付",
            "慶弔給付",
            "該当者",
        )
    ]
