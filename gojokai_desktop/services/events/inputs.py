"""What a clerk types for an event and an application, and the checks that name each field.

Everything is checked before anything is written: a refused event or application leaves
the database as it was, and the message names the field (開催日（日程2）, 申込締切, 定員,
参加費（家族）, 一般の参加者（2人目）の氏名 …) and says what is expected.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.events.rules import (
    CATEGORIES,
    KINDS,
    Amounts,
    RefundRule,
    kind_code,
    parse_start_time,
)
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.domain.wareki import format_wareki

SUBSIDY_MODES = ("none", "fixed", "rule")
SUBSIDY_MODE_LABELS = {"none": "補助なし", "fixed": "この行事で定額", "rule": "補助の表から"}
MAX_CAPACITY = 100_000
METHOD_LABELS = {"cash": "現金", "bank": "振込（預金）"}
VIA_LABELS = {"member": "本人", "establishment": "事業所経由"}


@dataclass(frozen=True)
class SessionInput:
    """A day (or days) and place; ``id`` names the stored session being edited."""

    date: dt.date | None
    start_time: str = ""
    end_date: dt.date | None = None
    place: str = ""
    place_address: str = ""
    capacity: int | None = None
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ProgrammeInput:
    """A line of the programme (内容) and the organisation that presents it."""

    title: str
    presenter: str = ""


@dataclass(frozen=True)
class EventInput:
    """An event as the clerk enters it (the dialog, a copy from last year, the demo)."""

    kind: str
    title: str
    sessions: tuple[SessionInput, ...]
    venue: str = ""
    venue_address: str = ""
    purpose: str = ""
    audience: str = ""
    allow_family: bool = True
    allow_guests: bool = True
    capacity: int | None = None
    application_start: dt.date | None = None
    deadline: dt.date | None = None
    fees: Amounts = field(default_factory=Amounts)
    cost_per_person: int | None = None
    subsidy_mode: str = "none"
    subsidy_rule: str = ""
    subsidy: Amounts = field(default_factory=Amounts)
    refund: RefundRule = field(default_factory=RefundRule)
    programme: tuple[ProgrammeInput, ...] = ()
    how_to_apply: str = ""
    contact: str = ""
    notes: str = ""

    @property
    def first_date(self) -> dt.date:
        return min(s.date for s in self.sessions if s.date is not None)

    @property
    def last_date(self) -> dt.date:
        return max((s.end_date or s.date) for s in self.sessions if s.date is not None)


def _capacity(value: int | None, field: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("定員は人数（整数）で入力してください。", field)
    if value < 0:
        raise ValidationError("定員は0人以上で入力してください（マイナスは不可）。", field)
    if value > MAX_CAPACITY:
        raise ValidationError(f"定員は{MAX_CAPACITY:,}人以下にしてください。", field)
    return value


def _date(value: object, field: str, *, required: bool = False) -> dt.date | None:
    if value is None:
        if required:
            raise ValidationError("日付を入力してください（例: 令和7年6月6日、R7.6.6）。", field)
        return None
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError("日付を入力してください（例: 令和7年6月6日、R7.6.6）。", field)
    return value


def _session(number: int, data: SessionInput) -> SessionInput:
    where = f"（日程{number}）"
    day = _date(data.date, f"開催日{where}", required=True)
    assert day is not None
    end = _date(data.end_date, f"終了日{where}")
    if end is not None and end < day:
        raise ValidationError(
            f"終了日は開催日（{format_wareki(day)}）以降にしてください。", f"終了日{where}"
        )
    return dataclasses.replace(
        data,
        date=day,
        end_date=None if end == day else end,
        start_time=parse_start_time(data.start_time, f"開始時刻{where}"),
        place=clean_text(data.place, f"会場{where}", 100),
        place_address=clean_text(data.place_address, f"会場の住所{where}", 200),
        capacity=_capacity(data.capacity, f"定員{where}"),
        note=clean_text(data.note, f"備考{where}", 200),
    )


def _programme(number: int, item: ProgrammeInput) -> ProgrammeInput:
    return ProgrammeInput(
        clean_text(item.title, f"内容（{number}行目）", 200, required=True),
        clean_text(item.presenter, f"内容の講師・団体（{number}行目）", 100),
    )


def _dates(data: EventInput, sessions: tuple[SessionInput, ...], calendar: FiscalCalendar) -> None:
    first = min(s.date for s in sessions if s.date is not None)
    year = calendar.year_of(first)
    for number, session in enumerate(sessions, start=1):
        assert session.date is not None
        last = session.end_date or session.date
        if calendar.year_of(session.date) != year or calendar.year_of(last) != year:
            raise ValidationError(
                f"日程はすべて同じ年度（{calendar.label(year)}）の中にしてください。",
                f"開催日（日程{number}）",
            )
    deadline = _date(data.deadline, "申込締切")
    start = _date(data.application_start, "申込開始")
    if deadline is not None and deadline > first:
        raise ValidationError(
            f"申込締切は開催日（{format_wareki(first)}）より後にはできません。", "申込締切"
        )
    if start is not None and start > first:
        raise ValidationError(
            f"申込開始は開催日（{format_wareki(first)}）より前にしてください。", "申込開始"
        )
    if start is not None and deadline is not None and start > deadline:
        raise ValidationError(
            f"申込開始は申込締切（{format_wareki(deadline)}）以前にしてください。", "申込開始"
        )


def validate_event(data: EventInput, calendar: FiscalCalendar) -> EventInput:
    """The event with texts trimmed and times as HH:MM; a ValidationError names the field."""
    kind = kind_code(data.kind)
    if not data.sessions:
        raise ValidationError("日程を1つ以上入れてください。", "開催日（日程1）")
    sessions = tuple(_session(n, s) for n, s in enumerate(data.sessions, start=1))
    _dates(data, sessions, calendar)
    if data.subsidy_mode not in SUBSIDY_MODES:
        raise ValidationError("補助なし・定額・補助の表 から選んでください。", "補助")
    if data.subsidy_mode == "rule" and not data.subsidy_rule.strip():
        raise ValidationError("補助の表の区分を選んでください。", "補助の区分")
    cost = data.cost_per_person
    if cost is not None:
        Amounts(cost, 0, 0).checked("1人当たり費用")
    return dataclasses.replace(
        data,
        kind=kind,
        title=clean_text(data.title, "行事名", 100, required=True),
        sessions=sessions,
        venue=clean_text(data.venue, "会場", 100),
        venue_address=clean_text(data.venue_address, "会場の住所", 200),
        purpose=clean_text(data.purpose, "目的", 300),
        audience=clean_text(data.audience, "対象者", 200),
        capacity=_capacity(data.capacity, "定員"),
        fees=data.fees.checked("参加費"),
        subsidy=data.subsidy.checked("補助額") if data.subsidy_mode == "fixed" else Amounts(),
        subsidy_rule=data.subsidy_rule.strip() if data.subsidy_mode == "rule" else "",
        refund=data.refund.checked(),
        programme=tuple(_programme(n, p) for n, p in enumerate(data.programme, start=1)),
        how_to_apply=clean_text(data.how_to_apply, "申込方法", 300),
        contact=clean_text(data.contact, "問合せ先", 100),
        notes=clean_text(data.notes, "備考", 2000),
    )


@dataclass(frozen=True)
class GuestInput:
    """A person who is not on the register: a guest, or an establishment's staff."""

    name: str
    name_kana: str = ""
    relation: str = ""


@dataclass(frozen=True)
class ApplicationInput:
    """An application: the member (or an establishment) and who of them takes part."""

    event_id: int
    session_id: int | None = None
    member_id: int | None = None
    establishment_id: int | None = None
    applicant_name: str = ""
    include_member: bool = True
    family_ids: tuple[int, ...] = ()
    guests: tuple[GuestInput, ...] = ()
    applied_on: dt.date | None = None
    channel: str = "counter"
    pay_via: str = "member"
    note: str = ""


def check_guests(guests: tuple[GuestInput, ...]) -> tuple[GuestInput, ...]:
    """Every guest has a name (and a short one); the same name twice is refused."""
    seen: set[str] = set()
    cleaned = []
    for number, guest in enumerate(guests, start=1):
        where = f"一般の参加者（{number}人目）"
        name = clean_text(guest.name, f"{where}の氏名", 60)
        if not name:
            raise ValidationError(
                "氏名を入力してください（一般の参加者にも氏名が要ります）。", f"{where}の氏名"
            )
        key = "".join(name.split())
        if key in seen:
            raise ValidationError(f"「{name}」が2回入っています。", f"{where}の氏名")
        seen.add(key)
        cleaned.append(
            GuestInput(
                name,
                clean_text(guest.name_kana, f"{where}のフリガナ", 120),
                clean_text(guest.relation, f"{where}の続柄・所属", 20),
            )
        )
    return tuple(cleaned)


__all__ = [
    "CATEGORIES",
    "KINDS",
    "METHOD_LABELS",
    "SUBSIDY_MODES",
    "SUBSIDY_MODE_LABELS",
    "VIA_LABELS",
    "ApplicationInput",
    "EventInput",
    "GuestInput",
    "ProgrammeInput",
    "SessionInput",
    "check_guests",
    "validate_event",
]
