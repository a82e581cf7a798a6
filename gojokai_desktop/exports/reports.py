"""The settlement workbook: one sheet per account in the 004 layout and the 財産目録.

Amounts are numbers (△ by the number format), so the clerk can add them up in Excel; the
rows 収入合計 and 支出合計 carry (A) and (B) in the cells to their right.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from gojokai_desktop.domain.accounting import AccountsTable, ReportRow
from gojokai_desktop.domain.reports import PropertyInventory
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.exports.accounts import (
    BORDER,
    NOT_APPLICABLE,
    YEN_FORMAT,
    column_widths,
    header_row,
)
from gojokai_desktop.exports.atomic import save_workbook_atomically

_SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "・"))


def _sheet_name(book: Workbook, name: str) -> str:
    base = name.translate(_SHEET_FORBIDDEN)[:28] or "会計"
    taken = set(book.sheetnames)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}{n}", n + 1
    return candidate


def _row(sheet: Worksheet, r: int, values: list[object], bold: bool) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(r, column, value)
        cell.border = BORDER
        if isinstance(value, int):
            cell.number_format = YEN_FORMAT
        elif value == NOT_APPLICABLE:
            cell.alignment = Alignment(horizontal="right")
        if bold:
            cell.font = Font(bold=True)


def _values(table: AccountsTable, row: ReportRow) -> list[object]:
    cells = [NOT_APPLICABLE if v is None else v for v in row.cells]
    return [row.group, row.label, *cells, row.explanation]


def _settlement_sheet(book: Workbook, table: AccountsTable, account_name: str) -> None:
    sheet = book.create_sheet(_sheet_name(book, account_name))
    sheet["A1"] = table.title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"{table.period}　{table.society}"
    sheet["A3"] = f"(単位: {table.unit})"
    subs = [f"内訳 {name}" for name in table.sub_ledger_columns]
    titles = ["款", "区分", *table.columns, *subs, "説明"]
    r = 5
    for section in table.sections:
        sheet.cell(r, 1, section.title).font = Font(bold=True)
        header_row(sheet, r + 1, titles)
        r += 2
        for row in section.rows:
            _row(sheet, r, _values(table, row), row.kind != "line")
            if row.kind == "line" and not row.group:
                sheet.cell(r, 2).alignment = Alignment(indent=1)  # 目 under their 項
            r += 1
        r += 1
    for row in table.closing:
        _row(sheet, r, _values(table, row), True)
        r += 1
    for note in table.footnotes:
        r += 1
        sheet.cell(r, 1, note)
    column_widths(sheet, [10, 30] + [15] * (len(titles) - 3) + [40])


def _inventory_sheet(book: Workbook, inventory: PropertyInventory) -> None:
    sheet = book.create_sheet(_sheet_name(book, "財産目録"))
    sheet["A1"] = inventory.title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"{format_wareki(inventory.as_of)}現在　{inventory.society}　(単位: 円)"
    header_row(sheet, 4, ["会計", "区分", "金額", "照合"])
    r = 5
    for account in inventory.accounts:
        for line in account.lines:
            _row(sheet, r, [account.account_name, line.label, line.amount, ""], False)
            r += 1
        _row(sheet, r, [account.account_name, "計", account.total, ""], True)
        r += 1
        diff = account.settlement_difference
        verdict = "一致" if diff == 0 else f"差額 {diff:,}"
        _row(sheet, r, ["", "収支決算書の差引残額", account.settlement_balance, verdict], False)
        r += 1
        if account.next_opening is not None:
            carry = account.carry_difference or 0
            verdict = "一致" if carry == 0 else f"差額 {carry:,}"
            _row(sheet, r, ["", "翌年度の前年度繰越金", account.next_opening, verdict], False)
            r += 1
    _row(sheet, r, ["合計", "", inventory.total, ""], True)
    column_widths(sheet, [20, 36, 16, 16])


def write_settlement(
    tables: list[tuple[str, AccountsTable]], inventory: PropertyInventory | None, path: Path
) -> None:
    """``tables``: (account name, its 収支決算書); the 財産目録 on a last sheet."""
    book = Workbook()
    first = book.active
    assert first is not None  # a new workbook always has its first sheet
    book.remove(first)
    for name, table in tables:
        _settlement_sheet(book, table, name)
    if inventory is not None:
        _inventory_sheet(book, inventory)
    save_workbook_atomically(book, path)
