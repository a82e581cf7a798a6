"""Event workbooks: participant lists, the year's report, statistics and the application form.

Every sheet is a plain table (title, the conditions it was made with, a header row, the
rows, totals): numbers stay numbers, dates carry an era format, texts are written as text so
a name typed as ``=…`` never runs as a formula; the file is saved whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from gojokai_desktop.exports.atomic import save_workbook_atomically

ERA_DATE_FORMAT = '[$-ja-JP-x-gannen]ggge"年"m"月"d"日";@'
YEN_FORMAT = '#,##0;"△"#,##0;0'
INT_FORMAT = "#,##0"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_BOLD = Font(bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


@dataclass(frozen=True)
class Column:
    """A column: heading, kind (text, date, yen, int) and width in characters."""

    title: str
    kind: str = "text"
    width: int = 12


@dataclass(frozen=True)
class TableSheet:
    """One sheet: title and conditions above a header row, the rows, and optional totals."""

    name: str
    title: str
    columns: Sequence[Column]
    rows: Sequence[Sequence[object]]
    conditions: Sequence[str] = ()
    totals: Sequence[object] | None = None
    notes: Sequence[str] = field(default_factory=tuple)


def _write_value(cell: object, value: object, kind: str) -> None:
    cell.value = value  # type: ignore[attr-defined]
    if isinstance(value, str):
        cell.data_type = "s"  # type: ignore[attr-defined]
    elif kind == "date" and isinstance(value, dt.date):
        cell.number_format = ERA_DATE_FORMAT  # type: ignore[attr-defined]
    elif kind == "yen":
        cell.number_format = YEN_FORMAT  # type: ignore[attr-defined]
    elif kind == "int":
        cell.number_format = INT_FORMAT  # type: ignore[attr-defined]


def _sheet(book: Workbook, table: TableSheet, first: bool) -> None:
    sheet = book.active if first else book.create_sheet()
    assert sheet is not None
    sheet.title = table.name[:31]
    sheet.cell(1, 1, table.title).font = Font(bold=True, size=14)
    row = 2
    for condition in table.conditions:
        _write_value(sheet.cell(row, 1), condition, "text")
        row += 1
    header = row + (1 if table.conditions else 0)
    for column_number, column in enumerate(table.columns, start=1):
        cell = sheet.cell(header, column_number, column.title)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEADER_FILL, _BORDER, _CENTER
        sheet.column_dimensions[get_column_letter(column_number)].width = column.width
    row = header
    for values in table.rows:
        row += 1
        for column_number, (column, value) in enumerate(zip(table.columns, values, strict=True), 1):
            cell = sheet.cell(row, column_number)
            _write_value(cell, value, column.kind)
            cell.border = _BORDER
    if table.totals is not None:
        row += 1
        for column_number, (column, value) in enumerate(
            zip(table.columns, table.totals, strict=True), 1
        ):
            cell = sheet.cell(row, column_number)
            _write_value(cell, value, column.kind)
            cell.font, cell.border = _BOLD, _BORDER
    for note in table.notes:
        row += 2
        _write_value(sheet.cell(row, 1), note, "text")
    sheet.freeze_panes = sheet.cell(header + 1, 1)


def write_tables(path: Path, tables: Sequence[TableSheet]) -> int:
    """Write the sheets into one workbook at ``path``; returns the number of data rows."""
    book = Workbook()
    for number, table in enumerate(tables):
        _sheet(book, table, number == 0)
    save_workbook_atomically(book, path)
    return sum(len(t.rows) for t in tables)
