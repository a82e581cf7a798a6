"""Roster workbooks and CSV: frozen header, filters, widths, era dates, never a formula."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gojokai_desktop.exports.atomic import save_workbook_atomically
from gojokai_desktop.files import atomic_open

#: Excel shows these as 令和7年4月1日 while the cell holds a real date.
ERA_DATE_FORMAT = '[$-ja-JP-x-gannen]ggge"年"m"月"d"日";@'
YEN_FORMAT = "#,##0;[Red]\\-#,##0"
_FORMULA_STARTS = ("=", "+", "-", "@")
CSV_ENCODINGS = ("utf-8-sig", "cp932")


@dataclass(frozen=True)
class SheetColumn:
    """A column of an output: its header, its kind (text, date, yen, int) and its width."""

    title: str
    kind: str = "text"
    width: float = 12


def _safe_text(value: str) -> bool:
    return not value.startswith(_FORMULA_STARTS)


class _CellMaker:
    """Cells of a write-only sheet: dates and yen get a format, risky text is forced to text."""

    def __init__(self, sheet: Worksheet, columns: Sequence[SheetColumn]) -> None:
        self.sheet = sheet
        self.kinds = [c.kind for c in columns]

    def cell(self, value: Any, kind: str) -> Any:
        if value is None:
            return None
        if isinstance(value, dt.date):
            cell = WriteOnlyCell(self.sheet, value)
            cell.number_format = ERA_DATE_FORMAT
            return cell
        if kind == "yen" and isinstance(value, int):
            cell = WriteOnlyCell(self.sheet, value)
            cell.number_format = YEN_FORMAT
            return cell
        if isinstance(value, str) and value and not _safe_text(value):
            cell = WriteOnlyCell(self.sheet, value)
            cell.data_type = "s"  # openpyxl would store "=..." as a formula
            return cell
        return value

    def row(self, values: Sequence[Any]) -> list[Any]:
        return [self.cell(v, k) for v, k in zip(values, self.kinds, strict=False)]


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its title, columns and rows."""

    title: str
    columns: Sequence[SheetColumn]
    rows: Iterable[Sequence[Any]]


def _fill(workbook: Workbook, sheet_data: Sheet) -> int:
    columns = sheet_data.columns
    sheet = workbook.create_sheet(sheet_data.title)
    sheet.freeze_panes = "A2"
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.title)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
        header.append(cell)
    sheet.append(header)
    maker = _CellMaker(sheet, columns)
    count = 0
    for values in sheet_data.rows:
        sheet.append(maker.row(values))
        count += 1
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    return count


def write_workbook(
    path: Path,
    columns: Sequence[SheetColumn],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_title: str = "名簿",
    more: Sequence[Sheet] = (),
) -> int:
    """Write one sheet (and ``more`` after it) in write-only mode (50,000 rows in seconds);
    returns the first sheet's row count."""
    workbook = Workbook(write_only=True)
    count = _fill(workbook, Sheet(sheet_title, columns, rows))
    for extra in more:
        _fill(workbook, extra)
    save_workbook_atomically(workbook, path)
    return count


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    # A leading apostrophe keeps spreadsheet programs from running the cell as a formula.
    return text if _safe_text(text) else "'" + text


def write_csv(
    path: Path,
    columns: Sequence[SheetColumn],
    rows: Iterable[Sequence[Any]],
    *,
    encoding: str = "utf-8-sig",
) -> int:
    """UTF-8 with BOM (Excel opens it right) or cp932; characters cp932 lacks become ?."""
    if encoding not in CSV_ENCODINGS:
        raise ValueError(f"encoding must be one of {CSV_ENCODINGS}")
    count = 0
    with atomic_open(path, "w", encoding=encoding, errors="replace", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow([c.title for c in columns])
        for values in rows:
            writer.writerow([_csv_text(v) for v in values])
            count += 1
    return count
