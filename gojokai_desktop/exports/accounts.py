"""Workbooks of the accounts: the 出納帳 and the 004-layout tables, with real dates and yen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gojokai_desktop.domain.accounting import AccountsTable, CashBookPage
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.exports.atomic import save_workbook

YEN_FORMAT = '#,##0;"△"#,##0;0'
DATE_FORMAT = "yyyy/mm/dd"
NOT_APPLICABLE = "-----"
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="EEEEEE")
_BOLD = Font(bold=True)

Output = str | Path | IO[bytes]


def header_row(sheet: Worksheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, start=1):
        cell = sheet.cell(row, column, title)
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def column_widths(sheet: Worksheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def write_cash_book(page: CashBookPage, out: Output, *, society: str = "") -> None:
    """One sheet: title, period, 前期繰越, one row per entry, totals, 次期繰越."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = page.title[:31].replace("　", " ")
    sheet["A1"] = f"{page.title}　{society}".strip()
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = page.period
    titles = ["日付", "伝票", "会計", "経理区分", "科目コード", "科目", "摘要", "相手先", "出納"]
    titles += ["収入", "支出", "残高", "取消"]
    header_row(sheet, 4, titles)
    sheet.cell(5, 7, "前期より繰越")
    sheet.cell(5, 12, page.opening).number_format = YEN_FORMAT
    r = 6
    for row in page.rows:
        values: list[object] = [
            row.date,
            row.voucher,
            row.account,
            row.sub_ledger,
            row.item_code,
            row.item_name,
            row.description,
            row.counterparty,
            row.method,
            row.income,
            row.expenditure,
            row.balance,
            "取消" if row.reversal_of_id else ("取消済" if row.reversed else ""),
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(r, column, value)
            if column == 1:
                cell.number_format = DATE_FORMAT
            elif column in (10, 11, 12):
                cell.number_format = YEN_FORMAT
        r += 1
    sheet.cell(r, 7, "合計").font = _BOLD
    for column, value in ((10, page.income_total), (11, page.expenditure_total)):
        cell = sheet.cell(r, column, value)
        cell.number_format = YEN_FORMAT
        cell.font = _BOLD
    sheet.cell(r + 1, 7, "次期へ繰越").font = _BOLD
    sheet.cell(r + 1, 12, page.closing).number_format = YEN_FORMAT
    column_widths(sheet, [12, 7, 12, 10, 9, 18, 36, 18, 16, 13, 13, 14, 7])
    sheet.freeze_panes = "A5"
    sheet.auto_filter.ref = f"A4:M{max(r - 1, 5)}"
    save_workbook(book, out)


def write_accounts_table(table: AccountsTable, out: Output, *, printed_on: dt.date) -> None:
    """The 収支予算書 or 収支状況 on one sheet per side, amounts as numbers, △ by format."""
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for section in table.sections:
        sheet = book.create_sheet("収入" if section.side == "income" else "支出")
        sheet["A1"] = table.title
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = table.period or table.society
        sheet["A3"] = f"{section.title}　(単位: {table.unit})　{format_wareki(printed_on)}作成"
        titles = ["款", "区分", *table.columns]
        if table.rate_column:
            titles.insert(len(titles) - 1, "執行率")
        titles += [f"内訳 {name}" for name in table.sub_ledger_columns] + ["説明"]
        header_row(sheet, 5, titles)
        r = 6
        for row in section.rows:
            amounts: list[object] = [
                NOT_APPLICABLE if v is None else v for v in row.cells[: len(table.columns)]
            ]
            if table.rate_column:
                amounts.insert(len(amounts) - 1, row.rate)
            subs = [NOT_APPLICABLE if v is None else v for v in row.cells[len(table.columns) :]]
            values = [row.group, row.label, *amounts, *subs, row.explanation]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(r, column, value)
                cell.border = BORDER
                if isinstance(value, int):
                    cell.number_format = YEN_FORMAT
                elif value == NOT_APPLICABLE:
                    cell.alignment = Alignment(horizontal="right")
                if row.kind != "line":
                    cell.font = _BOLD
            r += 1
        column_widths(sheet, [10, 30] + [15] * (len(titles) - 3) + [40])
        sheet.freeze_panes = "C6"
    save_workbook(book, out)
