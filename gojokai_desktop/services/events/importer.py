"""Applications from a workbook (申込書の取込): an establishment's list or the office's own.

The file comes from outside and is not trusted: it must be a real .xlsx of sensible size
without formulas; every row is checked exactly as an application at the counter is, each
problem named by its row, and if anything is wrong nothing at all is stored. Rows are one
person each: the member (本人), a family member of the register (家族, by name) or a guest
(一般); the rows of one 会員番号 make one application, in the order they first appear.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from sqlalchemy import select

from gojokai_desktop.db.chunks import in_lists
from gojokai_desktop.db.models import Member
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.events.rules import category_code
from gojokai_desktop.domain.wareki import format_wareki, format_wareki_short, parse_date
from gojokai_desktop.exports.events import Column, TableSheet, write_tables
from gojokai_desktop.services import untrusted
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events._planner import (
    FamilyFacts,
    Planner,
    load_family,
    load_members,
    write_bulk,
)
from gojokai_desktop.services.events._state import load_state
from gojokai_desktop.services.events.inputs import ApplicationInput, GuestInput
from gojokai_desktop.services.events.views import EventDetail, get_event

MAX_BYTES = 5_000_000
MAX_ROWS = 20_000
HEADERS = ("会員番号", "区分", "氏名", "フリガナ", "続柄", "日程", "申込日", "備考")
_REQUIRED = ("会員番号", "区分")
_HEADER_SCAN = 15
# The checks every file from outside goes through (services/untrusted.py), this form's sizes.
LIMITS = untrusted.Limits(
    max_file_bytes=MAX_BYTES,
    max_uncompressed_bytes=100 * 1024 * 1024,
    max_rows=MAX_ROWS + _HEADER_SCAN + 1,
    content="申込の表",
)


@dataclass(frozen=True)
class ImportSummary:
    """What an import stored (or, as a dry run, would store)."""

    rows: int
    applications: int
    persons: int
    confirmed: int
    waiting: int
    stored: bool

    @property
    def message(self) -> str:
        verb = "登録しました" if self.stored else "登録できます（確認のみ）"
        return (
            f"{self.rows:,}行から申込 {self.applications:,}件・{self.persons:,}人を{verb}: "
            f"参加決定 {self.confirmed:,}人、キャンセル待ち {self.waiting:,}人。"
        )


class ImportRefusedError(ValidationError):
    """The workbook was refused; ``errors`` name each row (nothing was stored)."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        shown = "\n".join(errors[:15]) + (f"\nほか{len(errors) - 15}件" if len(errors) > 15 else "")
        super().__init__(f"取り込めません（何も登録していません）:\n{shown}", "ファイル")


@dataclass
class _Group:
    """The rows of one member: the application they make."""

    number: str
    first_row: int
    rows: list[int] = field(default_factory=list)
    include_member: bool = False
    family_names: list[tuple[int, str]] = field(default_factory=list)
    guests: list[GuestInput] = field(default_factory=list)
    session_text: str = ""
    applied_on: dt.date | None = None
    note: str = ""
    #: A row of the group was already refused: the application is not checked further.
    refused: bool = False


def _plain(value: Any) -> str:
    """A name or a note as typed (only trimmed): it is printed as the clerk wrote it."""
    return "" if value is None else str(value).strip()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFKC", str(value)).strip()


def _name_key(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def read_rows(path: Path) -> list[tuple[int, dict[str, Any]]]:
    """Every non-blank row under the header, by heading; the file is checked first."""
    if not path.is_file():
        raise ValidationError(f"{path} が見つかりません。", "ファイル")
    if path.suffix.lower() != ".xlsx":
        raise ValidationError("Excelのファイル（.xlsx）を選んでください。", "ファイル")
    if path.stat().st_size > MAX_BYTES:
        raise ValidationError(
            f"ファイルが大きすぎます（{MAX_BYTES // 1_000_000}MBまで）。"
            "申込の表だけにしてください。",
            "ファイル",
        )

    headings: list[str] = []

    def keep(number: int, cells: tuple[Any, ...]) -> tuple[Any, ...]:
        # Row by row (services/untrusted.py measured the file first): a formula or a row too
        # many stops the reading there. A formula is named by its cell as Excel shows it and
        # by its heading once the heading row has been read.
        if number > MAX_ROWS + _HEADER_SCAN:
            raise ValidationError(f"行が多すぎます（{MAX_ROWS:,}行まで）。", "ファイル")
        for index, cell in enumerate(cells):
            if isinstance(cell, untrusted.FormulaCell):
                heading = headings[index] if index < len(headings) else ""
                known = heading in HEADERS
                where = f"{get_column_letter(index + 1)}列" + (f"（{heading}）" if known else "")
                raise ValidationError(
                    f"{number}行目 {where}に数式があります。"
                    "値だけにして（値の貼り付け）保存し直してください。",
                    heading if known else "ファイル",
                )
        if not headings:
            texts = [_text(v) for v in cells]
            if all(h in texts for h in _REQUIRED):
                headings.extend(texts)
        return cells

    try:
        read = untrusted.read_rows(path, limits=LIMITS, keep=keep)
    except untrusted.UntrustedFileError as exc:
        raise ValidationError(f"ファイルを開けません（{exc.message}）", "ファイル") from exc
    return _by_heading([(number, list(cells)) for number, cells in read.rows])


def _by_heading(raw: list[tuple[int, list[Any]]]) -> list[tuple[int, dict[str, Any]]]:
    for index, (_number, values) in enumerate(raw[:_HEADER_SCAN]):
        headings = [_text(v) for v in values]
        if all(h in headings for h in _REQUIRED):
            positions = {h: headings.index(h) for h in HEADERS if h in headings}
            rows = []
            for number, cells in raw[index + 1 :]:
                record = {h: cells[i] if i < len(cells) else None for h, i in positions.items()}
                if any(_text(v) for v in record.values()):
                    rows.append((number, record))
            return rows
    raise ValidationError(
        f"見出しの行（{'・'.join(_REQUIRED)} を含む行）が見つかりません。"
        "申込書式の見出しのまま使ってください。",
        "ファイル",
    )


def _date_cell(value: Any, row: int) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return parse_date(_text(value), "申込日")
    except ValidationError as error:
        raise ValidationError(f"{row}行目 申込日: {error.message}", "申込日") from error


def _groups(rows: list[tuple[int, dict[str, Any]]], errors: list[str]) -> list[_Group]:
    groups: dict[str, _Group] = {}
    for row, record in rows:
        before = len(errors)
        number = _text(record.get("会員番号"))
        if not number:
            errors.append(
                f"{row}行目: 会員番号を入力してください（家族・一般の行も同伴する会員の番号）。"
            )
            continue
        group = groups.setdefault(number, _Group(number, row))
        group.rows.append(row)
        try:
            category = category_code(_text(record.get("区分")))
            applied = _date_cell(record.get("申込日"), row)
        except ValidationError as error:
            errors.append(
                error.message
                if error.message.startswith(f"{row}行目")
                else f"{row}行目: {error.message}"
            )
            group.refused = True
            continue
        name = _plain(record.get("氏名"))
        if category == "member":
            if group.include_member:
                errors.append(f"{row}行目: 会員番号 {number} の本人の行が2回あります。")
            group.include_member = True
        elif category == "family":
            if not name:
                errors.append(f"{row}行目: 家族の氏名を入力してください。")
            group.family_names.append((row, name))
        else:
            if not name:
                errors.append(f"{row}行目: 一般の参加者の氏名を入力してください。")
                group.refused = True
                continue
            group.guests.append(
                GuestInput(name, _plain(record.get("フリガナ")), _plain(record.get("続柄")))
            )
        session_text = _text(record.get("日程"))
        if session_text and not group.session_text:
            group.session_text = session_text
        if applied is not None and group.applied_on is None:
            group.applied_on = applied
        note = _plain(record.get("備考"))
        if note and not group.note:
            group.note = note[:200]
        group.refused = group.refused or len(errors) > before
    return list(groups.values())


def _row_of(message: str) -> int:
    head = message.split("行目", 1)[0]
    return int(head) if head.isdigit() else 0


def _session_id(detail: EventDetail, text: str, row: int) -> int | None:
    if not text:
        return None if len(detail.sessions) == 1 else _no_session(detail, row)
    for session in detail.sessions:
        if text in (str(session.number), f"日程{session.number}", session.place) or text in (
            format_wareki(session.date), format_wareki_short(session.date), session.date.isoformat()
        ):  # fmt: skip
            return session.id
    raise ValidationError(
        f"{row}行目: 日程「{text}」はこの行事にありません"
        f"（日程の番号 1〜{len(detail.sessions)} か会場名）。",
        "日程",
    )


def _no_session(detail: EventDetail, row: int) -> int:
    raise ValidationError(
        f"{row}行目: 日程を入力してください（この行事は{len(detail.sessions)}日程あります）。",
        "日程",
    )


def _family_ids(group: _Group, family: list[FamilyFacts], errors: list[str]) -> tuple[int, ...]:
    by_name = {_name_key(f.name): f.id for f in family}
    ids = []
    for row, name in group.family_names:
        found = by_name.get(_name_key(name))
        if found is None:
            errors.append(
                f"{row}行目: 会員番号 {group.number} の家族に「{name}」がいません"
                "（家族の登録を確かめてください）。"
            )
        else:
            ids.append(found)
    return tuple(ids)


def _plan_all(
    ctx: AppContext, event_id: int, path: Path, applied_on: dt.date | None, store: bool
) -> ImportSummary:
    rows = read_rows(path)
    errors: list[str] = []
    groups = _groups(rows, errors)
    detail = get_event(ctx, event_id)
    with ctx.unit_of_work("行事の申込の取込") as uow:
        numbers = [g.number for g in groups]
        member_ids: dict[str, int] = {}
        for chunk in in_lists(numbers):
            query = select(Member.number, Member.id).where(Member.number.in_(chunk))
            member_ids.update({str(n): int(i) for n, i in uow.session.execute(query)})
        members = load_members(uow.session, member_ids.values())
        family = load_family(uow.session, member_ids.values())
        state = load_state(uow.session, event_id)
        planner = Planner(uow.session, state, ctx.today())
        planner.load_year_counts(member_ids.values())
        plans = []
        for group in groups:
            member_id = member_ids.get(group.number)
            if member_id is None:
                errors.append(f"{group.first_row}行目: 会員番号 {group.number} の会員はいません。")
                continue
            known = len(errors)
            family_ids = _family_ids(group, family.get(member_id, []), errors)
            if group.refused or len(errors) > known:
                continue
            try:
                data = ApplicationInput(
                    event_id=event_id,
                    session_id=_session_id(detail, group.session_text, group.first_row),
                    member_id=member_id,
                    include_member=group.include_member,
                    family_ids=family_ids,
                    guests=tuple(group.guests),
                    applied_on=group.applied_on or applied_on,
                    channel="import",
                    note=group.note,
                )
                plans.append(planner.plan(data, members[member_id], family.get(member_id, [])))
            except (ValidationError, RuleViolation) as error:
                text = error.message
                errors.append(
                    text
                    if text.startswith(f"{group.first_row}行目")
                    else f"{group.first_row}行目: {text}"
                )
        if errors:
            raise ImportRefusedError(sorted(errors, key=_row_of))
        if not plans:
            raise ValidationError("取り込む申込の行がありません。", "ファイル")
        summary = ImportSummary(
            rows=len(rows),
            applications=len(plans),
            persons=sum(len(p.persons) for p in plans),
            confirmed=sum(len(p.persons) for p in plans if p.status == "confirmed"),
            waiting=sum(len(p.persons) for p in plans if p.status == "waiting"),
            stored=store,
        )
        if store:
            write_bulk(uow.session, event_id, plans)
            uow.audit(
                "event_applications",
                str(event_id),
                {
                    "file": path.name,
                    "applications": summary.applications,
                    "persons": summary.persons,
                },
            )
            uow.commit()
    return summary


def check_import(
    ctx: AppContext, event_id: int, path: Path, applied_on: dt.date | None = None
) -> ImportSummary:
    """確認: read and check the workbook, store nothing, say what would be stored."""
    return _plan_all(ctx, event_id, path, applied_on, store=False)


def import_applications(
    ctx: AppContext, event_id: int, path: Path, applied_on: dt.date | None = None
) -> ImportSummary:
    """取込: every row checked, then all applications stored in one transaction (or none)."""
    return _plan_all(ctx, event_id, path, applied_on, store=True)


def write_application_form(
    ctx: AppContext, event_id: int, path: Path, rows: Sequence[Sequence[object]] = ()
) -> int:
    """申込書式（Excel）: the headings the import reads, the event's sessions on a second sheet,
    and optionally rows already filled (an establishment's members)."""
    detail = get_event(ctx, event_id)
    columns = tuple(
        Column(h, "date" if h == "申込日" else "text", w)
        for h, w in zip(HEADERS, (12, 8, 18, 20, 8, 10, 14, 24), strict=True)
    )
    sessions = TableSheet(
        "日程",
        f"{detail.title} の日程（「日程」の欄には番号か会場名を書いてください）",
        (Column("番号", "int", 6), Column("開催日", "date", 16), Column("開始", "text", 8),
         Column("会場", "text", 30), Column("定員", "int", 8)),
        [(s.number, s.date, s.start_time, s.place or detail.data.venue, s.capacity)
         for s in detail.sessions],
    )  # fmt: skip
    form = TableSheet(
        "申込",
        f"{detail.title} 参加申込書",
        columns,
        [tuple(r) + ("",) * (len(HEADERS) - len(r)) for r in rows],
        conditions=(
            "1行に1人。区分は 本人・家族・一般。"
            "家族と一般の行にも同伴する会員の会員番号を書いてください。",
        ),
    )
    return write_tables(path, [form, sessions])
