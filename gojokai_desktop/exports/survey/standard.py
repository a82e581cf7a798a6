"""The standard layout workbook, for a survey without the council's template: one sheet of
questions and answers (番号・区分・質問・回答・単位・根拠), ready to print on A4."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from gojokai_desktop.domain.survey.values import Value
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.exports.atomic import save_workbook_atomically
from gojokai_desktop.exports.survey.template import ERA_DATE_FORMAT

HEADERS = ("番号", "区分", "質問", "回答", "単位", "根拠・備考")
WIDTHS = (6, 16, 40, 22, 6, 50)
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DCE6F1")
_SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
_WRAP = Alignment(vertical="top", wrap_text=True)
_FIRST_ROW = 5


@dataclass(frozen=True)
class StandardRow:
    """One question with its answer as it goes out, and how the answer was reached."""

    number: int
    section: str
    question: str
    kind: str
    value: Value | None
    unit: str
    basis: str


@dataclass(frozen=True)
class StandardSheet:
    title: str
    society: str
    fiscal_label: str
    written_on: dt.date
    rows: Sequence[StandardRow]


def _header(sheet: Worksheet, data: StandardSheet) -> None:
    sheet["A1"] = data.title
    sheet["A1"].font = Font(size=14, bold=True)
    sheet["A2"] = f"団体名: {data.society}"
    sheet["A3"] = f"対象年度: {data.fiscal_label}　作成日: {format_wareki(data.written_on)}"


def write_standard(data: StandardSheet, path: Path) -> int:
    """Write the questions and answers; returns how many questions were written."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "回答"
    _header(sheet, data)
    for column, (title, width) in enumerate(zip(HEADERS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(_FIRST_ROW - 1, column, title)
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.border = _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center")
        sheet.column_dimensions[cell.column_letter].width = width
    row_number = _FIRST_ROW
    for row in data.rows:
        values: tuple[object, ...] = (
            row.number, row.section, row.question, row.value, row.unit, row.basis,
        )  # fmt: skip
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row_number, column)
            cell.value = value
            if isinstance(value, str) and column == 4:
                cell.data_type = "s"  # a typed answer is text, never a formula
            cell.border = _BOX
            cell.alignment = _WRAP
            if column == 4 and isinstance(value, int):
                cell.number_format = "#,##0"
            elif column == 4 and isinstance(value, dt.date):
                cell.number_format = ERA_DATE_FORMAT
            if row.section and column == 2:
                cell.fill = _SECTION_FILL
        row_number += 1
    sheet.freeze_panes = f"A{_FIRST_ROW}"
    sheet.print_title_rows = f"{_FIRST_ROW - 1}:{_FIRST_ROW - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.oddFooter.center.text = "&P / &N"
    save_workbook_atomically(book, path)
    return len(data.rows)
