"""The due list workbook (該当者一覧): one sheet, title, header, a row per benefit, the total.

Written to a temporary file beside the target and renamed over it at the end, so a failure
(a full disk, a cancelled run) never leaves a half-written workbook under the chosen name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from gojokai_desktop.exports.atomic import save_workbook_atomically
from gojokai_desktop.exports.members import ERA_DATE_FORMAT, SheetColumn

YEN_FORMAT = "#,##0"
_FORMULA_STARTS = ("=", "+", "-", "@")
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")

COLUMNS = (
    SheetColumn("該当日", "date", 17),
    SheetColumn("給付の種類", "text", 20),
    SheetColumn("該当の理由", "text", 13),
    SheetColumn("会員番号", "text", 11),
    SheetColumn("氏名", "text", 14),
    SheetColumn("フリガナ", "text", 18),
    SheetColumn("事業所", "text", 22),
    SheetColumn("対象者", "text", 14),
    SheetColumn("続柄", "text", 7),
    SheetColumn("給付金額", "yen", 11),
    SheetColumn("請求", "text", 8),
    SheetColumn("請求番号", "text", 10),
)
DueSheetRow = tuple[dt.date, str, str, str, str, str, str, str, str, int, str, str]
#: The 給付金額 column (1-based), where the total goes; ``row[9]`` is its value.
_AMOUNT_COLUMN = 10


def _book(title: str, note: str, rows: Sequence[DueSheetRow]) -> Workbook:
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = "該当者一覧"
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = note
    header_row, first = 3, 4
    for position, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
        cell = sheet.cell(header_row, position, column.title)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEADER_FILL, _BORDER
        cell.alignment = Alignment(horizontal="center")
    for offset, values in enumerate(rows):
        for position, (value, column) in enumerate(zip(values, COLUMNS, strict=True), start=1):
            cell = sheet.cell(first + offset, position, value)
            cell.border = _BORDER
            if column.kind == "date":
                cell.number_format = ERA_DATE_FORMAT
            elif column.kind == "yen":
                cell.number_format = YEN_FORMAT
            elif isinstance(value, str) and value.startswith(_FORMULA_STARTS):
                cell.data_type = "s"  # a name typed as "=..." stays text, never a formula
    total_row = first + len(rows)
    sheet.cell(total_row, 1, "合計").font = Font(bold=True)
    sheet.cell(total_row, 2, f"{len(rows):,}件").font = Font(bold=True)
    total = sheet.cell(total_row, _AMOUNT_COLUMN, sum(r[9] for r in rows))
    total.number_format, total.font = YEN_FORMAT, Font(bold=True)
    for position in range(1, len(COLUMNS) + 1):
        sheet.cell(total_row, position).border = Border(top=Side(style="double"), bottom=_THIN)
    sheet.freeze_panes = sheet.cell(first, 1)
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A{header_row}:{last}{total_row - 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    return book


def write_due_list(path: Path, title: str, note: str, rows: Sequence[DueSheetRow]) -> int:
    """Write the workbook atomically; returns the number of benefit rows."""
    save_workbook_atomically(_book(title, note, rows), path)
    return len(rows)
