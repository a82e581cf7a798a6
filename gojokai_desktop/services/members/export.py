"""Member roster exports (workbook or CSV) and the import summary workbook."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from gojokai_desktop.db.models.members import Establishment, FamilyMember
from gojokai_desktop.exports.members import Sheet, SheetColumn, write_csv, write_workbook
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import COLLECTION_LABELS, CYCLE_LABELS
from gojokai_desktop.services.members.importer import ImportSummary
from gojokai_desktop.services.members.records import (
    EMPLOYMENT_LABELS,
    LEAVE_REASON_LABELS,
    SEX_LABELS,
)
from gojokai_desktop.services.members.roster_format import (
    DEPENDENT_MARK,
    ESTABLISHMENT_HEADERS,
    ESTABLISHMENTS_SHEET,
    FAMILY_HEADERS,
    FAMILY_SHEET,
    LABEL_RULE_TEXT,
    MEMBERS_SHEET,
    SOCIETY_ITEMS,
    SOCIETY_SHEET,
)
from gojokai_desktop.services.members.search import MemberListRow, load_member_rows
from gojokai_desktop.services.society import load_profile

ROSTER_COLUMNS = (
    SheetColumn("会員番号", width=11),
    SheetColumn("氏名", width=16),
    SheetColumn("フリガナ", width=22),
    SheetColumn("性別", width=6),
    SheetColumn("生年月日", "date", 18),
    SheetColumn("事業所番号", "int", 10),
    SheetColumn("事業所", width=28),
    SheetColumn("雇用形態", width=10),
    SheetColumn("会費区分", width=10),
    SheetColumn("入会日", "date", 18),
    SheetColumn("退会日", "date", 18),
    SheetColumn("退会理由", width=10),
    SheetColumn("郵便番号", width=10),
    SheetColumn("住所", width=40),
    SheetColumn("電話番号", width=15),
)
FORMATS = ("xlsx", "csv")


def _roster_values(rows: Sequence[MemberListRow]) -> Iterator[tuple[Any, ...]]:
    for r in rows:
        yield (
            r.number, r.name, r.name_kana, SEX_LABELS.get(r.sex or "", ""), r.birth_date,
            r.establishment_number, r.establishment_name,
            EMPLOYMENT_LABELS.get(r.employment_type, r.employment_type), r.dues_class,
            r.join_date, r.leave_date, LEAVE_REASON_LABELS.get(r.leave_reason or "", ""),
            r.postal_code, r.address, r.phone,
        )  # fmt: skip


def _sheet_columns(headers: Sequence[str]) -> tuple[SheetColumn, ...]:
    dated = {"加入日", "脱退日", "生年月日", "登録日", "終了日", "婚姻日"}
    return tuple(
        SheetColumn(h, "date" if h in dated else "int" if h == "事業所番号" else "text",
                    18 if h in dated else 24 if h in ("事業所名", "所在地", "氏名") else 12)
        for h in headers
    )  # fmt: skip


def companion_sheets(
    ctx: AppContext, rows: Sequence[MemberListRow], *, all_establishments: bool = False
) -> list[Sheet]:
    """The 事業所, 家族 and 互助会 sheets of a roster of ``rows``: what a new database needs
    to take the roster back (the establishments — every one, or those of these members —
    the families of these members, the society's profile)."""
    est_ids = {r.establishment_id for r in rows}
    numbers = {r.id: r.number for r in rows}
    with ctx.reader() as session:
        ests = [e for e in session.scalars(select(Establishment).order_by(Establishment.number))
                if all_establishments or e.id in est_ids]  # fmt: skip
        family = [f for f in session.scalars(select(FamilyMember).order_by(FamilyMember.id))
                  if f.member_id in numbers]  # fmt: skip
        est_rows = [
            (e.number, e.name, e.name_kana, e.owner_name, e.postal_code, e.address, e.phone,
             e.contact_person, e.billing_contact, e.join_date, e.leave_date,
             CYCLE_LABELS.get(e.billing_cycle, e.billing_cycle),
             COLLECTION_LABELS.get(e.collection_method, e.collection_method), e.notes)
            for e in ests
        ]  # fmt: skip
        family_rows = [
            (numbers[f.member_id], f.relation, f.name, f.name_kana, SEX_LABELS.get(f.sex or "", ""),
             f.birth_date, DEPENDENT_MARK if f.dependent else "", f.from_date, f.to_date,
             f.married_on, f.notes)
            for f in family
        ]  # fmt: skip
    sheets = [
        Sheet(ESTABLISHMENTS_SHEET, _sheet_columns(ESTABLISHMENT_HEADERS), est_rows),
        Sheet(FAMILY_SHEET, _sheet_columns(FAMILY_HEADERS), family_rows),
    ]
    profile = load_profile(ctx)
    if profile is not None:
        values = (
            profile.name, profile.postal_code, profile.address, profile.phone,
            profile.representative_title, profile.representative_name, profile.clerk_name,
            profile.member_number_pattern, str(profile.cutoff_day),
            str(profile.fiscal_year_start_month), LABEL_RULE_TEXT[profile.fiscal_label_rule],
        )  # fmt: skip
        items = list(zip(SOCIETY_ITEMS, values, strict=True))
        sheets.append(Sheet(SOCIETY_SHEET, (SheetColumn("項目", width=16),
                                            SheetColumn("内容", width=40)), items))  # fmt: skip
    return sheets


def export_roster(
    path: Path,
    rows: Sequence[MemberListRow],
    *,
    fmt: str = "xlsx",
    csv_encoding: str = "utf-8-sig",
    ctx: AppContext | None = None,
    all_establishments: bool = False,
) -> int:
    """Write the given members (the list's selection, or everyone) as a roster; a workbook
    made with ``ctx`` also carries the 事業所, 家族 and 互助会 sheets."""
    if fmt == "xlsx":
        more = (
            companion_sheets(ctx, rows, all_establishments=all_establishments)
            if ctx is not None
            else []
        )
        return write_workbook(path, ROSTER_COLUMNS, _roster_values(rows),
                              sheet_title=MEMBERS_SHEET, more=more)  # fmt: skip
    if fmt == "csv":
        return write_csv(path, ROSTER_COLUMNS, _roster_values(rows), encoding=csv_encoding)
    raise ValueError(f"format must be one of {FORMATS}")


def export_members(
    ctx: AppContext,
    path: Path,
    *,
    fmt: str = "xlsx",
    include_former: bool = False,
    csv_encoding: str = "utf-8-sig",
) -> int:
    """Every present member (and former ones if asked), ordered by kana, audited as an export."""
    rows = load_member_rows(ctx, include_former=include_former)
    count = export_roster(
        path, rows, fmt=fmt, csv_encoding=csv_encoding, ctx=ctx, all_establishments=True
    )
    with ctx.unit_of_work("会員名簿の出力") as uow:
        uow.audit("members", "export", {"file": path.name, "rows": count, "format": fmt})
        uow.commit()
    return count


SUMMARY_COLUMNS = (
    SheetColumn("行", "int", 6),
    SheetColumn("結果", width=12),
    SheetColumn("会員", width=24),
    SheetColumn("内容", width=80),
)


def save_import_summary(path: Path, summary: ImportSummary) -> int:
    """The end-of-import summary as a workbook the clerk can keep."""
    totals = [
        (None, "追加", f"{summary.added}件", ""),
        (None, "更新", f"{summary.updated}件", ""),
        (None, "スキップ", f"{summary.skipped}件", ""),
        (None, "取り込まない", f"{summary.refused}件", ""),
    ]
    return write_workbook(
        path, SUMMARY_COLUMNS, [*totals, *summary.lines], sheet_title="取り込み結果"
    )
