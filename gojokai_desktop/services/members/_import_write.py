"""Writing a checked import in one transaction: establishments, members, families, profile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from gojokai_desktop.db.bulk import insert_many
from gojokai_desktop.db.chunks import in_lists
from gojokai_desktop.db.models.base import Base, utcnow
from gojokai_desktop.db.models.members import (
    Affiliation,
    Establishment,
    FamilyMember,
    Member,
    MemberEvent,
    MembershipPeriod,
)
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.services import numbering
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members._numbers import MemberNumbers
from gojokai_desktop.services.members.establishments import EstablishmentInput
from gojokai_desktop.services.members.family import family_values
from gojokai_desktop.services.members.import_plan import ImportPlan, ImportRow, NewEstablishment
from gojokai_desktop.services.members.records import LEAVE_REASON_LABELS
from gojokai_desktop.services.society import SocietyProfile, store_profile

Line = tuple[int, str, str, str]
_UPDATED_FIELDS = ("name", "name_kana", "sex", "birth_date", "postal_code", "address", "phone",
                   "employment_type", "dues_class", "notes")  # fmt: skip
_INSERTED_FIELDS = (*_UPDATED_FIELDS, "bank_code", "branch_code", "account_type",
                    "account_number", "account_holder_kana")  # fmt: skip


@dataclass(frozen=True)
class Written:
    lines: tuple[Line, ...]
    establishments: int
    family: int


class _Writer:
    """Establishments and member numbers as the import assigns them inside its transaction."""

    def __init__(self, uow: UnitOfWork, pattern: str) -> None:
        self.uow = uow
        self.session = session = uow.session
        query = select(Establishment.id, Establishment.number)
        self.est_numbers: dict[int, int] = {int(i): int(n) for i, n in session.execute(query)}
        self.created: dict[tuple[int | None, str], int] = {}
        self.used = set(session.scalars(select(Member.number)))
        self.numbers = MemberNumbers(uow, pattern, self.used.__contains__)
        self.final_numbers: dict[str, str] = {}  # the file's 会員番号 → the one given

    def create_establishments(
        self, new: list[NewEstablishment], plan: ImportPlan, today: dt.date
    ) -> None:
        """Explicit numbers first, then the next free numbers from the counter in the order met."""
        joins: dict[tuple[int | None, str], list[dt.date]] = {}
        for row in plan.rows:
            if row.action == "add" and row.new_establishment is not None and row.join_date:
                joins.setdefault(row.new_establishment.key, []).append(row.join_date)
        if not new:
            return
        explicit = [e.number for e in new if e.number is not None]
        counter = numbering.locked_counter(
            self.uow,
            numbering.ESTABLISHMENT,
            floor=lambda: max(self.est_numbers.values(), default=0),
        )
        if explicit:
            # The sheet's own numbers come first; numbers given after them follow the highest,
            # as a clerk expects (7 on the sheet, the next new one is 8).
            counter.value = max(counter.value, *explicit)
        taken = set(self.est_numbers.values()) | set(explicit)
        made_now: list[tuple[tuple[int | None, str], Establishment]] = []
        for est in sorted(new, key=lambda e: e.number is None):
            if est.number is not None:
                number = est.number
            else:
                # As next_establishment_number, for all at once: the counter's next, past any
                # number in use.
                counter.value += 1
                while counter.value in taken:
                    counter.value += 1
                number = counter.value
            taken.add(number)
            sheet = est.sheet
            data = sheet.data if sheet is not None else EstablishmentInput(est.name, est.kana)
            joined = (sheet.join_date if sheet is not None else None) or min(
                joins.get(est.key, []), default=None
            )
            made = Establishment(
                number=number,
                join_date=joined or today,
                leave_date=sheet.leave_date if sheet is not None else None,
                kana_search=normalize_for_search(data.name_kana or data.name),
                **{f.name: getattr(data, f.name) for f in fields(EstablishmentInput)},
            )
            self.session.add(made)
            made_now.append((est.key, made))
        # One flush for all of them (each still gets its own audit entry).
        self.session.flush()
        for key, made in made_now:
            self.created[key] = made.id
            self.est_numbers[made.id] = made.number

    def establishment_of(self, row: ImportRow) -> int:
        if row.establishment_id is not None:
            return row.establishment_id
        assert row.new_establishment is not None
        return self.created[row.new_establishment.key]

    def number_for(self, wanted: str, est_id: int) -> str:
        number = wanted
        if not number or number in self.used:
            number = self.numbers.next(est_id, self.est_numbers[est_id])
        self.used.add(number)
        if wanted:
            self.final_numbers[wanted] = number
        return number


def write_plan(
    ctx: AppContext,
    plan: ImportPlan,
    profile: SocietyProfile,
    new_profile: SocietyProfile | None,
    progress: Callable[[int, int], bool] | None,
) -> Written:
    """Everything in one unit of work: a refusal or 中止 anywhere leaves nothing behind."""
    lines: list[Line] = []
    with ctx.unit_of_work("会員の取り込み") as uow:
        if new_profile is not None:
            store_profile(uow, new_profile, ctx.today())
        writer = _Writer(uow, profile.member_number_pattern)
        created = plan.establishments_to_create()
        writer.create_establishments(created, plan, ctx.today())
        members: list[dict[str, Any]] = []
        for done, row in enumerate(plan.rows, start=1):
            if progress is not None and done % 500 == 0 and not progress(done, len(plan.rows)):
                raise RuleViolation("取り込みを中止しました。データベースは元のままです。")
            members.extend(_write_row(uow.session, writer, row, lines))
        ids = _insert_members(uow, members, ctx.actor.user_id)
        family = _insert_families(
            uow, plan=plan, writer=writer, ids=ids, lines=lines, today=ctx.today()
        )
        counts = plan.counts()
        summary = {"file": plan.source, "establishments_created": len(created),
                   "family": family, "profile_from_import": new_profile is not None}  # fmt: skip
        uow.audit("members", "import", summary | counts)
        uow.commit()
    return Written(tuple(lines), len(created), family)


def _write_row(
    session: Session, writer: _Writer, row: ImportRow, lines: list[Line]
) -> list[dict[str, Any]]:
    """Update in place, or return the new member's values (inserted in bulk); log the line."""
    label = f"{row.data.number} {row.data.name}".strip() if row.data else ""
    if row.action == "refuse":
        lines.append((row.row, "取り込まない", label, " / ".join(str(e) for e in row.errors)))
        return []
    if row.action == "skip":
        lines.append((row.row, "スキップ", label, f"重複（{row.duplicate_of}）"))
        return []
    data, joined = row.data, row.join_date
    if data is None or joined is None:
        raise RuleViolation(f"{row.row}行目は確認が済んでいません。")
    kana_key = normalize_for_search(data.name_kana)
    if row.action == "update" and row.duplicate_member_id is not None:
        # Counting the version up tells a clerk who has this member open that it changed.
        values = {f: getattr(data, f) for f in _UPDATED_FIELDS} | {
            "kana_search": kana_key,
            "version": Member.version + 1,
        }
        session.execute(update(Member).where(Member.id == row.duplicate_member_id).values(values))
        lines.append((row.row, "更新", label, f"{row.duplicate_of} を更新"))
        return []
    est_id = writer.establishment_of(row)
    number = writer.number_for(data.number, est_id)
    notes = [f"重複（{row.duplicate_of}）を承知で追加"] if row.duplicate_of else []
    if data.number and number != data.number:
        notes.append(f"会員番号 {data.number} は使われているため {number}")
    if row.leave_date is not None and row.leave_reason is not None:
        notes.append(f"退会者（{LEAVE_REASON_LABELS[row.leave_reason]}）")
    lines.append((row.row, "追加", f"{number} {data.name}", "・".join(notes)))
    values = {f: getattr(data, f) for f in _INSERTED_FIELDS}
    return [values | {"number": number, "kana_search": kana_key, "establishment_id": est_id,
                      "join_date": joined, "leave_date": row.leave_date,
                      "leave_reason": row.leave_reason}]  # fmt: skip


def _insert(uow: UnitOfWork, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """One executemany (not the ORM's bulk path: the rows are plain values already), its new
    rows followed by the unit of work so that they are sealed at commit."""
    table = _table(model)
    uow.follow_inserts(table)
    insert_many(uow.session.connection(), table, rows)


def _insert_members(
    uow: UnitOfWork, members: list[dict[str, Any]], user_id: int | None
) -> dict[str, int]:
    """Bulk insert (one statement per table) with periods, affiliations and events;
    returns the new members' ids by number."""
    if not members:
        return {}
    session = uow.session
    _insert(uow, Member, members)
    numbers = [m["number"] for m in members]
    ids: dict[str, int] = {}
    for chunk in in_lists(numbers):
        query = select(Member.number, Member.id).where(Member.number.in_(chunk))
        ids.update((str(number), int(mid)) for number, mid in session.execute(query))
    now = utcnow()
    periods, affiliations, events = [], [], []
    for m in members:
        mid, est, start_date = ids[m["number"]], m["establishment_id"], m["join_date"]
        end, reason = m["leave_date"], m["leave_reason"]
        periods.append({"member_id": mid, "start_date": start_date, "end_date": end,
                        "end_reason": reason})  # fmt: skip
        affiliations.append({"member_id": mid, "establishment_id": est, "start_date": start_date,
                             "end_date": end})  # fmt: skip
        event = {"member_id": mid, "establishment_id": est, "reason": "取り込み",
                 "entered_at": now, "entered_by_user_id": user_id}  # fmt: skip
        events.append(event | {"kind": "join", "effective_date": start_date})
        if end is not None:
            label = LEAVE_REASON_LABELS.get(reason, "")
            events.append(event | {"kind": "leave", "effective_date": end,
                                   "reason": f"{label}（取り込み）"})  # fmt: skip
    _insert(uow, MembershipPeriod, periods)
    _insert(uow, Affiliation, affiliations)
    _insert(uow, MemberEvent, events)
    return ids


def _table(model: type[Base]) -> Table:
    """The model's table (rows go into it as plain values, without the ORM)."""
    return Base.metadata.tables[model.__tablename__]


def _insert_families(
    uow: UnitOfWork,
    *,
    plan: ImportPlan,
    writer: _Writer,
    ids: dict[str, int],
    lines: list[Line],
    today: dt.date,
) -> int:
    """The 家族 sheet's people of the members this import added (by the file's 会員番号)."""
    joins = {r.data.number: r.join_date for r in plan.rows if r.action == "add" and r.data}
    rows = []
    for family in plan.companions.families:
        final = writer.final_numbers.get(family.member_number)
        member_id = ids.get(final) if final is not None else None
        if member_id is None:
            why = f"家族シート: 会員番号 {family.member_number} の会員は追加していません"
            lines.append((family.row, "家族を取り込まない", family.data.name, why))
            continue
        values = family_values(family.data)
        start = family.data.from_date or joins.get(family.member_number) or today
        rows.append(values | {"member_id": member_id, "from_date": start,
                              "to_date": family.to_date})  # fmt: skip
    if rows:
        _insert(uow, FamilyMember, rows)
    return len(rows)
