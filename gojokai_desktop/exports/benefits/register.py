"""Benefit workbooks: the register (給付台帳) and the statistics by kind, numbers as numbers.

Each workbook is saved under a temporary name beside the target and then renamed over it, so
an open copy in Excel or a full disk never leaves a half-written file behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gojokai_desktop.domain.benefits.stats import BenefitStatsTable
from gojokai_desktop.exports.atomic import save_workbook_atomically

ERA_DATE_FORMAT = '[$-ja-JP-x-gannen]ggge"年"m"月"d"日";@'
YEN_FORMAT = '#,##0;"△"#,##0;0'
NOT_APPLICABLE = "-----"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_BOLD = Font(bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

#: (title, kind, width) of the register's columns; kind "yen" and "date" get a number format.
REGISTER_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("受付番号", "text", 10),
    ("請求日", "date", 16),
    ("事由発生日", "date", 16),
    ("決定日", "date", 16),
    ("支払日", "date", 16),
    ("会員番号", "text", 10),
    ("氏名", "text", 14),
    ("事業所", "text", 20),
    ("対象者", "text", 14),
    ("続柄", "text", 8),
    ("給付の種類", "text", 22),
    ("算定額", "yen", 11),
    ("決定額", "yen", 11),
    ("支払額", "yen", 11),
    ("状態", "text", 9),
    ("上書", "text", 5),
    ("上書の承認者", "text", 12),
    ("支払番号", "text", 10),
    ("備考", "text", 40),
)
#: The register's amount columns (1-based), for the totals row.
_REGISTER_TOTALS = (12, 13, 14)


@dataclass(frozen=True)
class RegisterSheet:
    """The register as plain values: a row per claim in the order of REGISTER_COLUMNS and
    the totals of the three amount columns."""

    title: str
    conditions: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    totals: tuple[int, int, int]


@dataclass(frozen=True)
class YearsSheet:
    """Paid benefits per kind and fiscal year: rows (kind name, (count, amount) per year)."""

    title: str
    years: tuple[str, ...]
    rows: tuple[tuple[str, tuple[tuple[int, int], ...]], ...]
    totals: tuple[tuple[int, int], ...]


def _header(sheet: Worksheet, row: int, titles: Sequence[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row, column, title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = _CENTER


def _value(sheet: Worksheet, row: int, column: int, value: object, kind: str) -> None:
    cell = sheet.cell(row, column, value)
    if isinstance(value, dt.date):
        cell.number_format = ERA_DATE_FORMAT
    elif kind == "yen" and isinstance(value, int):
        cell.number_format = YEN_FORMAT
    elif isinstance(value, str) and value.startswith(("=", "+", "-", "@")):
        cell.data_type = "s"  # a name or note is never run as a formula


def write_register(path: Path, sheet_data: RegisterSheet) -> int:
    """One sheet: title, conditions, the header, a row per claim, the totals; returns rows."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = "給付台帳"
    sheet["A1"] = sheet_data.title
    sheet["A1"].font = Font(bold=True, size=14)
    for n, condition in enumerate(sheet_data.conditions, start=2):
        sheet.cell(n, 1, condition)
    top = 2 + len(sheet_data.conditions) + 1
    _header(sheet, top, [c[0] for c in REGISTER_COLUMNS])
    r = top + 1
    for values in sheet_data.rows:
        for column, (value, (_title, kind, _w)) in enumerate(
            zip(values, REGISTER_COLUMNS, strict=True), start=1
        ):
            _value(sheet, r, column, value, kind)
        r += 1
    sheet.cell(r, 1, f"合計（{len(sheet_data.rows):,}件）").font = _BOLD
    for column, total in zip(_REGISTER_TOTALS, sheet_data.totals, strict=True):
        cell = sheet.cell(r, column, total)
        cell.number_format = YEN_FORMAT
        cell.font = _BOLD
    for column, (_title, _kind, width) in enumerate(REGISTER_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(top + 1, 2)
    last = get_column_letter(len(REGISTER_COLUMNS))
    sheet.auto_filter.ref = f"A{top}:{last}{max(r - 1, top + 1)}"
    save_workbook_atomically(book, path)
    return len(sheet_data.rows)


def write_years(path: Path, data: YearsSheet) -> None:
    """Count and amount per kind (rows) and fiscal year (column pairs), with a total row."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "種類別支給実績"
    sheet["A1"] = data.title
    sheet["A1"].font = Font(bold=True, size=14)
    _header(sheet, 3, ["給付の種類", *(t for year in data.years for t in (year, ""))])
    _header(sheet, 4, ["", *(t for _ in data.years for t in ("件数", "金額"))])
    sheet.merge_cells(start_row=3, start_column=1, end_row=4, end_column=1)
    for n in range(len(data.years)):
        sheet.merge_cells(start_row=3, start_column=2 + 2 * n, end_row=3, end_column=3 + 2 * n)
    lines = [(name, pairs, False) for name, pairs in data.rows]
    for r, (name, pairs, bold) in enumerate([*lines, ("合計", data.totals, True)], start=5):
        cells = [sheet.cell(r, 1, name)]
        for n, (count, amount) in enumerate(pairs):
            cells += [sheet.cell(r, 2 + 2 * n, count), sheet.cell(r, 3 + 2 * n, amount)]
        for cell in cells:
            cell.border = _BORDER
            if bold:
                cell.font = _BOLD
            if cell.column > 1:
                cell.number_format = YEN_FORMAT
    sheet.column_dimensions["A"].width = 26
    for column in range(2, 2 + 2 * len(data.years)):
        sheet.column_dimensions[get_column_letter(column)].width = 8 if column % 2 == 0 else 13
    sheet.freeze_panes = "B5"
    save_workbook_atomically(book, path)


def write_stats_table(path: Path, table: BenefitStatsTable) -> None:
    """The 004 benefit table: 区分 | (A) | 決算見込 | (B) | 増減, each 件数・金額, 小計 and 合計;
    amounts as numbers in the table's unit (△ by format), "-----" where there is no figure."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "給付件数と給付金額"
    sheet["A1"] = table.title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = table.society
    sheet["A3"] = f"(単位: 件・{table.unit})"
    first = ["区分", ""]
    for heading in table.headings:
        first += [heading, ""]
    _header(sheet, 5, first)
    _header(sheet, 6, ["", "", *("件数", "金額") * len(table.headings)])
    sheet.merge_cells("A5:B6")
    for n in range(len(table.headings)):
        sheet.merge_cells(start_row=5, start_column=3 + 2 * n, end_row=5, end_column=4 + 2 * n)
    r = 7
    for row in table.rows:
        label_cells = [row.group, row.label] if row.kind == "line" else [row.label, ""]
        for column, text in enumerate(label_cells, start=1):
            cell = sheet.cell(r, column, text or None)
            cell.border = _BORDER
        if row.kind != "line":
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=2)
            sheet.cell(r, 1).alignment = Alignment(horizontal="center")
        for n, value in enumerate(row.cells):
            cell = sheet.cell(r, 3 + n, NOT_APPLICABLE if value is None else value)
            cell.border = _BORDER
            if value is None:
                cell.alignment = Alignment(horizontal="right")
            else:
                cell.number_format = YEN_FORMAT
            if row.kind != "line":
                cell.font = _BOLD
        if row.kind != "line":
            sheet.cell(r, 1).font = _BOLD
        r += 1
    widths = [12, 26, *([10, 14] * len(table.headings))]
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "C7"
    save_workbook_atomically(book, path)
