"""Promotion workbooks: the reports (a sheet per partner and per partner 事業所別) and the
entered results in the layout the import reads back; numbers as numbers, never a formula."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gojokai_desktop.domain.partners.rates import NOT_APPLICABLE, Rate
from gojokai_desktop.domain.partners.report import PartnerReport, ReportLine
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.exports.atomic import save_workbook_atomically

FIGURE_FORMAT = "#,##0"
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E4E4E4")
_GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
_BOLD = Font(bold=True)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_RIGHT = Alignment(horizontal="right")
_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
#: The columns of the entered-results workbook; the import recognises the first four.
RESULT_HEADERS = ("項目", "事業所", "期間", "実績", "単位", "入力方法", "入力者")


def _sheet_title(book: Workbook, wanted: str) -> str:
    base = _SHEET_CHARS.sub("", wanted)[:31] or "Sheet"
    title, n = base, 2
    while title in book.sheetnames:
        suffix = f"({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def _header(sheet: Worksheet, row: int, titles: Sequence[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row, column, title)
        cell.font, cell.fill, cell.border, cell.alignment = _BOLD, _HEADER_FILL, _BORDER, _CENTER


def _widths(sheet: Worksheet, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _text(cell: Cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # a name typed as "=..." stays text, never a formula


def _rate_cell(cell: Cell, rate: Rate | None) -> None:
    """The rate as the exact number printed (0.577 shown 57.7%), or ``-----``."""
    if rate is None:
        cell.value = NOT_APPLICABLE
        cell.alignment = _RIGHT
        return
    cell.value = Decimal(rate.scaled) / Decimal(10 ** (rate.decimals + 2))
    cell.number_format = "0." + "0" * rate.decimals + "%"


def _figure_cell(cell: Cell, value: int | None) -> None:
    if value is None:
        cell.value = NOT_APPLICABLE
        cell.alignment = _RIGHT
    else:
        cell.value = value
        cell.number_format = FIGURE_FORMAT


def _line(sheet: Worksheet, row: int, first: Sequence[str], line: ReportLine) -> None:
    column = 1
    for value in first:
        _text(sheet.cell(row, column), value)
        column += 1
    _figure_cell(sheet.cell(row, column), line.target)
    _figure_cell(sheet.cell(row, column + 1), line.result)
    _rate_cell(sheet.cell(row, column + 2), line.achievement)
    _figure_cell(sheet.cell(row, column + 3), line.last_year)
    _rate_cell(sheet.cell(row, column + 4), line.growth)
    grade = sheet.cell(row, column + 5, line.grade)
    grade.alignment = Alignment(horizontal="center")
    for c in range(1, column + 6):
        cell = sheet.cell(row, c)
        cell.border = _BORDER
        if line.kind != "item":
            cell.font = _BOLD
            if line.kind == "total":
                cell.fill = _GROUP_FILL


def _heading(sheet: Worksheet, report: PartnerReport, printed_on: dt.date, what: str) -> None:
    sheet["A1"] = f"{report.title}{what}"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"{report.partner}　対象期間: {report.period_label}"
    sheet["A3"] = f"{report.society}　{format_wareki(printed_on)}作成"


def _report_sheet(book: Workbook, report: PartnerReport, printed_on: dt.date) -> None:
    sheet = book.create_sheet(_sheet_title(book, report.partner_name))
    _heading(sheet, report, printed_on, "")
    _header(sheet, 5, ["区分", "No", "項目", "単位", *report.headings.as_tuple()])
    row = 6
    for line in report.lines:
        number = "" if line.number is None else str(line.number)
        _line(sheet, row, [line.group, number, line.label, line.unit], line)
        row += 1
    row += 1
    for note in report.footnotes:
        sheet.cell(row, 1, note)
        row += 1
    _widths(sheet, [22, 5, 48, 7, 12, 12, 10, 12, 10, 7])
    sheet.freeze_panes = "A6"


def _establishment_sheet(book: Workbook, report: PartnerReport, printed_on: dt.date) -> None:
    sheet = book.create_sheet(_sheet_title(book, f"{report.partner_name} 事業所別"))
    _heading(sheet, report, printed_on, "　事業所別")
    _header(sheet, 5, ["区分", "項目", "単位", "事業所", *report.headings.as_tuple()])
    row = 6
    for table in report.establishments:
        for line in table.lines:
            _line(sheet, row, [table.group, table.name, table.unit, line.label], line)
            row += 1
    _widths(sheet, [18, 30, 7, 28, 12, 12, 10, 12, 10, 7])
    sheet.freeze_panes = "E6"
    sheet.auto_filter.ref = f"A5:J{max(row - 1, 6)}"


def write_partner_reports(
    reports: Sequence[PartnerReport], path: Path | str, *, printed_on: dt.date
) -> None:
    """One sheet per partner in the printed order, and its 事業所別 sheet when it has one."""
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook always has its first sheet
    book.remove(first)
    for report in reports:
        _report_sheet(book, report, printed_on)
        if report.establishments:
            _establishment_sheet(book, report, printed_on)
    save_workbook_atomically(book, Path(path))


def write_results(
    path: Path | str, title: str, rows: Sequence[tuple[str, str, str, int | None, str, str, str]]
) -> None:
    """The entered results of a partner's year (項目 | 事業所 | 期間 | 実績 | …), a layout the
    import reads back as it is."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "実績"
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=12)
    _header(sheet, 3, RESULT_HEADERS)
    for r, values in enumerate(rows, start=4):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(r, column)
            if isinstance(value, int):
                cell.value = value
                cell.number_format = FIGURE_FORMAT
            elif value is not None:
                _text(cell, str(value))
    _widths(sheet, [50, 26, 30, 12, 7, 12, 14])
    sheet.freeze_panes = "A4"
    save_workbook_atomically(book, Path(path))
