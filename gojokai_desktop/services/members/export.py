"""Member roster exports (workbook or CSV) and the import summary workbook."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from gojokai_desktop.exports.members import SheetColumn, write_csv, write_workbook
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.importer import ImportSummary
from gojokai_desktop.services.members.records import (
    EMPLOYMENT_LABELS,
    LEAVE_REASON_LABELS,
    SEX_LABELS,
)
from gojokai_desktop.services.members.search import MemberListRow, load_member_rows

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


def export_roster(
    path: Path,
    rows: Sequence[MemberListRow],
    *,
    fmt: str = "xlsx",
    csv_encoding: str = "utf-8-sig",
) -> int:
    """Write the given members (the list's selection, or everyone) as a roster."""
    if fmt == "xlsx":
        return write_workbook(path, ROSTER_COLUMNS, _roster_values(rows), sheet_title="会員名簿")
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
    count = export_roster(path, rows, fmt=fmt, csv_encoding=csv_encoding)
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
