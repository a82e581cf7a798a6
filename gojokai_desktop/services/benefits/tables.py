"""The society's benefit table (給付表): versions per fiscal year, presets, the table in force.

A table is saved whole as a new version, valid from a fiscal year on; the table in force in a
year is the newest version of the latest year not after it (before the first saved year, the
first one). A database with no table yet uses the small-society preset, which is saved as
version 1 the first time a claim needs a stored table, so every claim names the rules it met.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import BenefitTableVersion, SocietySettings
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.benefits.table import BenefitTable
from gojokai_desktop.domain.errors import EditConflict, FieldChange, OtherEdit, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services import numbering
from gojokai_desktop.services.auth.roles import require_role
from gojokai_desktop.services.benefits.presets import (
    benefit_table_to_dict,
    load_preset,
    parse_benefit_table,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.numbering import next_number
from gojokai_desktop.services.society import load_profile

if TYPE_CHECKING:
    from gojokai_desktop.printing.render import Output, RenderResult

DEFAULT_PRESET = "small_gojokai"


@dataclass(frozen=True)
class TableVersionRow:
    """A saved version, for the list of versions on the 給付表 tab."""

    id: int
    valid_from_year: int
    version: int
    name: str
    kinds: int
    note: str
    saved_at: dt.datetime
    saved_by: str


@dataclass(frozen=True)
class TableInForce:
    """The table that applies to a fiscal year, and the stored version it came from
    (``version_id`` None: no table saved yet, the default preset applies)."""

    table: BenefitTable
    version_id: int | None
    valid_from_year: int
    version: int


def calendar_of_session(session: Session) -> FiscalCalendar:
    """The society's fiscal calendar (April when the society is not set up yet)."""
    settings = session.get(SocietySettings, 1)
    return FiscalCalendar(settings.fiscal_year_start_month if settings else 4)


def _parse(row: BenefitTableVersion) -> BenefitTable:
    return parse_benefit_table(json.loads(row.table_json), f"給付表（{row.valid_from_year}年度版）")


def _row_in_force(
    session: Session, fiscal_year: int, *, up_to_id: int | None = None
) -> BenefitTableVersion | None:
    """The version in force in ``fiscal_year`` (among those up to ``up_to_id``, when given:
    what the table was when a screen loaded it)."""
    ordered = (BenefitTableVersion.valid_from_year.desc(), BenefitTableVersion.version.desc())
    known = [] if up_to_id is None else [BenefitTableVersion.id <= up_to_id]
    row = session.scalar(
        select(BenefitTableVersion)
        .where(BenefitTableVersion.valid_from_year <= fiscal_year, *known)
        .order_by(*ordered)
        .limit(1)
    )
    if row is None:  # a year before the first saved table: the first table applies
        row = session.scalar(
            select(BenefitTableVersion)
            .where(*known)
            .order_by(BenefitTableVersion.valid_from_year, BenefitTableVersion.version.desc())
            .limit(1)
        )
    return row


def table_in_force(source: AppContext | Session | UnitOfWork, fiscal_year: int) -> TableInForce:
    """The benefit table of ``fiscal_year``; the default preset when none is saved."""
    if isinstance(source, AppContext):
        with source.reader() as session:
            return table_in_force(session, fiscal_year)
    session = source.session if isinstance(source, UnitOfWork) else source
    row = _row_in_force(session, fiscal_year)
    if row is None:
        preset = load_preset(DEFAULT_PRESET)
        return TableInForce(preset, None, preset.valid_from_year, 0)
    return TableInForce(_parse(row), row.id, row.valid_from_year, row.version)


def stored_table_id(uow: UnitOfWork, fiscal_year: int) -> tuple[int, BenefitTable]:
    """The id and table of the stored version in force, saving the default preset first
    when nothing is stored yet (inside the caller's transaction)."""
    found = table_in_force(uow, fiscal_year)
    if found.version_id is not None:
        return found.version_id, found.table
    row = _add_version(uow, found.table, found.valid_from_year, "ひな形から自動で登録")
    return row.id, found.table


def _add_version(
    uow: UnitOfWork, table: BenefitTable, valid_from_year: int, note: str
) -> BenefitTableVersion:
    def last() -> int:
        return int(
            uow.session.scalar(
                select(func.max(BenefitTableVersion.version)).where(
                    BenefitTableVersion.valid_from_year == valid_from_year
                )
            )
            or 0
        )

    data: dict[str, Any] = benefit_table_to_dict(table)
    data["table"]["valid_from_year"] = valid_from_year
    row = BenefitTableVersion(
        valid_from_year=valid_from_year,
        version=next_number(uow, numbering.BENEFIT_TABLE, valid_from_year, floor=last),
        name=table.name,
        table_json=json.dumps(data, ensure_ascii=False, sort_keys=True),
        note=note.strip()[:200],
        saved_by=uow.actor.name,
    )
    uow.session.add(row)
    uow.flush()
    return row


def _kinds_by_code(row: BenefitTableVersion | None) -> dict[str, Any]:
    if row is None:
        return {}
    return {k.get("code"): k for k in json.loads(row.table_json).get("kinds", [])}


def _table_conflict(session: Session, based_on: int, current: BenefitTableVersion) -> EditConflict:
    """What another PC saved since the clerk began editing from version ``based_on``."""
    before = _kinds_by_code(session.get(BenefitTableVersion, based_on) if based_on else None)
    after = _kinds_by_code(current)
    changed = [
        str((after.get(code) or before.get(code) or {}).get("name", code))
        for code in sorted(set(before) | set(after), key=str)
        if before.get(code) != after.get(code)
    ]
    label = f"{current.valid_from_year}年度から・第{current.version}版「{current.name}」"
    changes: tuple[FieldChange, ...] = (FieldChange("保存された版", "（編集を始めた版）", label),)
    if changed:
        changes += (FieldChange("変わった給付", "", "、".join(changed)),)
    at = current.saved_at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M")
    return EditConflict("給付表", (OtherEdit(current.saved_by or "（不明）", at, changes),))


@retry_on_conflict
def save_table(
    ctx: AppContext,
    table: BenefitTable,
    valid_from_year: int,
    note: str = "",
    *,
    known_newest: int | None = None,
) -> int:
    """Save ``table`` as a new version valid from ``valid_from_year``; returns its id.

    The table is checked by round-tripping it through the file format, so what is stored
    can always be read back. Earlier versions stay as they were. ``known_newest`` is the
    newest version id the clerk's screen had loaded (0: none saved yet); when another PC has
    since saved a version in force for the year, nothing is stored (:class:`EditConflict`).
    """
    if not 1900 <= valid_from_year <= 2200:
        raise ValidationError(f"{valid_from_year} は年度として正しくありません", "適用年度")
    parse_benefit_table(benefit_table_to_dict(table), "給付表")
    with ctx.unit_of_work("給付表の保存") as uow:
        require_role(uow, "admin")
        if known_newest is not None:
            # The year's counter held first: another PC's save of this year has committed.
            numbering.serialize(uow, numbering.BENEFIT_TABLE, valid_from_year)
            current = _row_in_force(uow.session, valid_from_year)
            if current is not None and current.id > known_newest:
                raise _table_conflict(uow.session, known_newest, current)
        row = _add_version(uow, table, valid_from_year, note)
        uow.commit()
        return row.id


def install_preset(ctx: AppContext, name: str, valid_from_year: int) -> int:
    """Save one of the shipped tables (``small_gojokai`` or ``004``) from a fiscal year on."""
    return save_table(ctx, load_preset(name), valid_from_year, f"ひな形「{name}」から作成")


def table_versions(ctx: AppContext) -> list[TableVersionRow]:
    """Every saved version, newest first."""
    with ctx.reader() as session:
        rows = session.scalars(
            select(BenefitTableVersion).order_by(
                BenefitTableVersion.valid_from_year.desc(), BenefitTableVersion.version.desc()
            )
        ).all()
        return [
            TableVersionRow(
                r.id,
                r.valid_from_year,
                r.version,
                r.name,
                len(json.loads(r.table_json).get("kinds", [])),
                r.note,
                r.saved_at,
                r.saved_by,
            )
            for r in rows
        ]


def table_version(ctx: AppContext, version_id: int) -> BenefitTable:
    """One saved version, e.g. the rules a past claim was assessed under."""
    with ctx.reader() as session:
        row = session.get(BenefitTableVersion, version_id)
        if row is None:
            raise ValidationError("指定の給付表がありません", "給付表")
        return _parse(row)


def print_rulebook(ctx: AppContext, fiscal_year: int, out: Output) -> RenderResult:
    """The 給付一覧表 of the table in force in ``fiscal_year``: the saved table, the one the
    claims are assessed by, so the paper says what the program pays."""
    # ReportLab is loaded only when printing: claims and the home page read this module.
    from gojokai_desktop.printing.benefits.rulebook import render_benefit_rulebook

    with ctx.reader() as session:
        table = table_in_force(session, fiscal_year).table
        calendar = calendar_of_session(session)
    profile = load_profile(ctx)
    return render_benefit_rulebook(
        table,
        out,
        printed_on=ctx.today(),
        society_name=profile.name if profile else "",
        calendar=calendar,
    )
