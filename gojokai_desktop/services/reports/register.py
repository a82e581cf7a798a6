"""The small registers the meeting packet needs: officers (役員) with their terms, and meetings
(総会・幹事会・会計監査) with their number, date, venue and agenda (報告・議案)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import AGENDA_KINDS, MEETING_KINDS, Meeting, MeetingItem, Officer
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.reports import agenda_numbers, meeting_title
from gojokai_desktop.domain.text import clean_text
from gojokai_desktop.services.context import AppContext

STALE = "ほかの端末で先に変更されました。画面を読み込み直してから、もう一度入力してください。"
Locked = TypeVar("Locked", Officer, Meeting)
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


# -- officers ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class OfficerInput:
    role: str
    name: str
    term_start: dt.date
    term_end: dt.date | None = None
    organisation: str = ""
    name_kana: str = ""
    sort_order: int = 0
    note: str = ""


@dataclass(frozen=True)
class OfficerRow(OfficerInput):
    id: int = 0
    version: int = 1

    def serves_on(self, day: dt.date) -> bool:
        return self.term_start <= day and (self.term_end is None or day <= self.term_end)


def _officer_row(row: Officer) -> OfficerRow:
    return OfficerRow(
        role=row.role,
        name=row.name,
        term_start=row.term_start,
        term_end=row.term_end,
        organisation=row.organisation,
        name_kana=row.name_kana,
        sort_order=row.sort_order,
        note=row.note,
        id=row.id,
        version=row.version,
    )


def validate_officer(data: OfficerInput) -> OfficerInput:
    if data.term_end is not None and data.term_end < data.term_start:
        raise ValidationError("任期の終わりは始まりより後の日付にしてください。", "任期（至）")
    return OfficerInput(
        role=clean_text(data.role, "役職", 30, required=True),
        name=clean_text(data.name, "氏名", 60, required=True),
        term_start=data.term_start,
        term_end=data.term_end,
        organisation=clean_text(data.organisation, "団体", 100),
        name_kana=clean_text(data.name_kana, "フリガナ", 120),
        sort_order=data.sort_order,
        note=clean_text(data.note, "備考", 200),
    )


def list_officers(ctx: AppContext, on: dt.date | None = None) -> list[OfficerRow]:
    """Officers in list order (those serving on ``on`` only, when given)."""
    with ctx.reader() as session:
        query = select(Officer).order_by(Officer.term_start.desc(), Officer.sort_order, Officer.id)
        if on is not None:
            query = (
                query.where(
                    Officer.term_start <= on,
                    or_(Officer.term_end.is_(None), Officer.term_end >= on),
                )
                .order_by(None)
                .order_by(Officer.sort_order, Officer.id)
            )
        return [_officer_row(r) for r in session.scalars(query)]


def election_due(ctx: AppContext, on: dt.date | None) -> bool:
    """Whether a general meeting held ``on`` elects officers (役員の改選): the terms of those
    serving the day before end within a month of it."""
    if on is None:
        return False
    serving = list_officers(ctx, on=on - dt.timedelta(days=1))
    horizon = on + dt.timedelta(days=31)
    return any(o.term_end is not None and o.term_end <= horizon for o in serving)


def _locked(uow: UnitOfWork, model: type[Locked], row_id: int, version: int | None) -> Locked:
    """The row to change, refused when another PC changed it since it was read."""
    row = uow.session.get(model, row_id)
    if row is None:
        raise RuleViolation("選んだ記録はもうありません。画面を読み込み直してください。")
    if version is not None and row.version != version:
        raise RuleViolation(STALE)
    return row


def save_officer(
    ctx: AppContext, data: OfficerInput, officer_id: int | None = None, version: int | None = None
) -> OfficerRow:
    """Add an officer, or change one (``version`` as read, so a change made meanwhile on
    another PC is not overwritten)."""
    clean = validate_officer(data)
    with ctx.unit_of_work("役員の登録" if officer_id is None else "役員の変更") as uow:
        if officer_id is None:
            row = Officer()
            uow.session.add(row)
        else:
            row = _locked(uow, Officer, officer_id, version)
        for field in OfficerInput.__dataclass_fields__:
            setattr(row, field, getattr(clean, field))
        uow.flush()
        saved = _officer_row(row)
        uow.commit()
    return saved


def delete_officer(ctx: AppContext, officer_id: int) -> None:
    """Remove an officer entered by mistake (the audit trail keeps what was there)."""
    with ctx.unit_of_work("役員の削除") as uow:
        uow.session.delete(_locked(uow, Officer, officer_id, None))
        uow.commit()


# -- meetings ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class AgendaItemInput:
    kind: str
    title: str
    result: str = ""


@dataclass(frozen=True)
class MeetingInput:
    kind: str
    number: int
    fiscal_year: int
    held_on: dt.date
    start_time: str = ""
    venue: str = ""
    venue_address: str = ""
    note: str = ""


@dataclass(frozen=True)
class AgendaLine:
    number: str
    kind: str
    title: str
    result: str


@dataclass(frozen=True)
class MeetingRow(MeetingInput):
    id: int = 0
    version: int = 1
    title: str = ""
    agenda: tuple[AgendaLine, ...] = ()


def _meeting_row(row: Meeting, items: Sequence[MeetingItem]) -> MeetingRow:
    numbers = agenda_numbers([i.kind for i in items])
    return MeetingRow(
        kind=row.kind,
        number=row.number,
        fiscal_year=row.fiscal_year,
        held_on=row.held_on,
        start_time=row.start_time,
        venue=row.venue,
        venue_address=row.venue_address,
        note=row.note,
        id=row.id,
        version=row.version,
        title=meeting_title(row.kind, row.number),
        agenda=tuple(
            AgendaLine(n, i.kind, i.title, i.result) for n, i in zip(numbers, items, strict=True)
        ),
    )


def validate_meeting(data: MeetingInput, items: Sequence[AgendaItemInput]) -> MeetingInput:
    if data.kind not in MEETING_KINDS:
        raise ValidationError("会議の種類を選んでください。", "会議の種類")
    if data.number < (0 if data.kind == "audit" else 1):
        raise ValidationError("第何回かを1以上の数で入力してください。", "回")
    time = data.start_time.strip().translate(str.maketrans("０１２３４５６７８９：", "0123456789:"))
    if time and not _TIME.match(time):
        raise ValidationError("開始時刻は 13:30 のように入力してください。", "開始時刻")
    for n, item in enumerate(items, start=1):
        if item.kind not in AGENDA_KINDS:
            raise ValidationError(f"{n}行目: 報告か議案かを選んでください。", "議題")
        clean_text(item.title, f"議題（{n}行目）", 200, required=True)
    return MeetingInput(
        kind=data.kind,
        number=data.number,
        fiscal_year=data.fiscal_year,
        held_on=data.held_on,
        start_time=time,
        venue=clean_text(data.venue, "会場", 100),
        venue_address=clean_text(data.venue_address, "会場の住所", 200),
        note=clean_text(data.note, "備考", 2000),
    )


def _items_of(session: Session, meeting_id: int) -> list[MeetingItem]:
    return list(
        session.scalars(
            select(MeetingItem)
            .where(MeetingItem.meeting_id == meeting_id)
            .order_by(MeetingItem.sort_order, MeetingItem.id)
        )
    )


def save_meeting(
    ctx: AppContext,
    data: MeetingInput,
    items: Sequence[AgendaItemInput],
    meeting_id: int | None = None,
    version: int | None = None,
) -> MeetingRow:
    """Add or change a meeting with its agenda (the agenda is stored as given, in order)."""
    clean = validate_meeting(data, items)
    with ctx.unit_of_work("会議の登録" if meeting_id is None else "会議の変更") as uow:
        clash = uow.session.scalar(
            select(Meeting.id).where(
                Meeting.kind == clean.kind,
                Meeting.number == clean.number,
                Meeting.id != (meeting_id or 0),
            )
        )
        if clash is not None:
            raise ValidationError(
                f"{meeting_title(clean.kind, clean.number)}は既に登録されています。", "回"
            )
        if meeting_id is None:
            row = Meeting()
            uow.session.add(row)
        else:
            row = _locked(uow, Meeting, meeting_id, version)
        for field in MeetingInput.__dataclass_fields__:
            setattr(row, field, getattr(clean, field))
        uow.flush()
        for old in _items_of(uow.session, row.id):
            uow.session.delete(old)
        for order, item in enumerate(items, start=1):
            uow.session.add(
                MeetingItem(meeting_id=row.id, kind=item.kind, title=item.title.strip(),
                            sort_order=order, result=item.result.strip()[:40])
            )  # fmt: skip
        uow.flush()
        saved = _meeting_row(row, _items_of(uow.session, row.id))
        uow.commit()
    return saved


def delete_meeting(ctx: AppContext, meeting_id: int) -> None:
    with ctx.unit_of_work("会議の削除") as uow:
        row = _locked(uow, Meeting, meeting_id, None)
        for item in _items_of(uow.session, meeting_id):
            uow.session.delete(item)
        uow.session.delete(row)
        uow.commit()


def list_meetings(ctx: AppContext, fiscal_year: int | None = None) -> list[MeetingRow]:
    """Meetings newest first (those taking one fiscal year's report, when given)."""
    with ctx.reader() as session:
        query = select(Meeting).order_by(Meeting.held_on.desc(), Meeting.id.desc())
        if fiscal_year is not None:
            query = query.where(Meeting.fiscal_year == fiscal_year)
        return [_meeting_row(r, _items_of(session, r.id)) for r in session.scalars(query)]


def next_meeting_number(ctx: AppContext, kind: str) -> int:
    """The number the next meeting of a kind usually gets (the last one + 1)."""
    with ctx.reader() as session:
        last = session.scalar(select(func.max(Meeting.number)).where(Meeting.kind == kind))
    return int(last or 0) + 1


def meeting_for(ctx: AppContext, fiscal_year: int, kind: str) -> MeetingRow | None:
    """The meeting of a kind that takes ``fiscal_year`` (the latest, if several)."""
    found = [m for m in list_meetings(ctx, fiscal_year) if m.kind == kind]
    return found[0] if found else None


def standard_agenda(year_label: str, next_label: str, election: bool) -> list[AgendaItemInput]:
    """The agenda most general meetings have, for the clerk to start from."""
    items = [
        AgendaItemInput("proposal", f"{year_label}事業報告（案）の承認について"),
        AgendaItemInput("proposal", f"{year_label}収支決算（案）の承認について"),
        AgendaItemInput("report", f"{year_label}会計監査報告"),
        AgendaItemInput("proposal", f"{next_label}事業計画（案）について"),
        AgendaItemInput("proposal", f"{next_label}収支予算（案）について"),
    ]
    if election:
        items.append(AgendaItemInput("proposal", "役員の改選について"))
    return items
