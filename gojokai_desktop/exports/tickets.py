"""Ticket workbooks: the 斡旋実績, orders per member, the combined order for the council, the
order sheet an establishment fills in, stock and unpaid lists. Values only, never a formula."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.exports.atomic import save_workbook_atomically
from gojokai_desktop.exports.members import ERA_DATE_FORMAT, YEN_FORMAT, SheetColumn, write_workbook

REPORT_COLUMNS = (
    SheetColumn("品目", "text", 40),
    SheetColumn("上限", "text", 12),
    SheetColumn("申込数", "int", 9),
    SheetColumn("配分数", "int", 9),
    SheetColumn("販売数", "int", 9),
    SheetColumn("返品数", "int", 9),
    SheetColumn("在庫", "int", 9),
    SheetColumn("販売額", "yen", 12),
    SheetColumn("補助額", "yen", 12),
)
ORDER_COLUMNS = (
    SheetColumn("会員番号", "text", 12),
    SheetColumn("氏名", "text", 18),
    SheetColumn("品目", "text", 40),
    SheetColumn("申込数", "int", 9),
    SheetColumn("配分数", "int", 9),
    SheetColumn("受渡数", "int", 9),
)
STOCK_COLUMNS = (
    SheetColumn("品目", "text", 40),
    SheetColumn("券種", "text", 6),
    SheetColumn("入荷数", "int", 9),
    SheetColumn("受渡数", "int", 9),
    SheetColumn("返品数", "int", 9),
    SheetColumn("在庫", "int", 9),
    SheetColumn("配分済未受渡", "int", 12),
    SheetColumn("残（販売可）", "int", 12),
    SheetColumn("未使用の券番号", "text", 40),
    SheetColumn("基準日", "date", 18),
)
UNPAID_COLUMNS = (
    SheetColumn("事業所", "text", 24),
    SheetColumn("会員番号", "text", 12),
    SheetColumn("氏名", "text", 18),
    SheetColumn("受渡件数", "int", 9),
    SheetColumn("最初の受渡日", "date", 18),
    SheetColumn("未収額", "yen", 12),
)
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
SHEET_KEY = "品目キー"  # the hidden row that ties each column of an order sheet to its item


def write_year_report(path: Path, rows: Sequence[Sequence[object]]) -> int:
    """斡旋実績: one row per item with the nine columns of the year report."""
    return _atomic(path, REPORT_COLUMNS, rows, "斡旋実績")


def write_member_orders(path: Path, rows: Sequence[Sequence[object]]) -> int:
    """申込一覧: one row per member and item."""
    return _atomic(path, ORDER_COLUMNS, rows, "申込一覧")


def write_stock(path: Path, rows: Sequence[Sequence[object]]) -> int:
    return _atomic(path, STOCK_COLUMNS, rows, "在庫")


def write_unpaid(path: Path, rows: Sequence[Sequence[object]]) -> int:
    return _atomic(path, UNPAID_COLUMNS, rows, "未収一覧")


def _atomic(
    path: Path, columns: Sequence[SheetColumn], rows: Sequence[Sequence[object]], title: str
) -> int:
    temp = path.with_name(f".{path.name}.writing.xlsx")
    try:
        count = write_workbook(temp, columns, rows, sheet_title=title)
        temp.replace(path)
    finally:
        temp.unlink(missing_ok=True)
    return count


@dataclass(frozen=True)
class CombinedLine:
    """One line of the combined order (取りまとめ注文): an item and price class."""

    category: str
    item: str
    price_class: str
    supplier: str
    face_price: int
    unit_cost: int
    ordered: int
    quantity: int
    note: str = ""


def _title_block(sheet: Worksheet, lines: Sequence[str], width: int) -> int:
    for row, text in enumerate(lines, start=1):
        cell = sheet.cell(row=row, column=1, value=text)
        cell.font = Font(bold=row == 1, size=14 if row == 1 else 11)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    return len(lines) + 2


def _header(sheet: Worksheet, row: int, titles: Sequence[str], widths: Sequence[float]) -> None:
    for col, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEAD_FILL, _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(col)].width = width


def write_combined_order(
    path: Path,
    *,
    title: str,
    society: str,
    round_text: str,
    written_on: dt.date,
    lines: Sequence[CombinedLine],
) -> int:
    """The combined order per item for the council or supplier, in a plain printable layout:
    a title block, one row per item and price class, and a totals row (values, no formulas)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "注文書"
    titles = ("No", "区分", "品名", "券種", "取扱先", "定価", "仕入単価", "申込数", "注文数",
              "金額", "備考")  # fmt: skip
    widths = (5, 12, 40, 6, 18, 9, 10, 8, 8, 12, 20)
    first = _title_block(
        sheet,
        [title, f"団体名: {society}", f"{round_text}　作成日: {format_wareki(written_on)}"],
        len(titles),
    )
    _header(sheet, first, titles, widths)
    row = first
    for n, line in enumerate(lines, start=1):
        row += 1
        values = (n, line.category, line.item, line.price_class, line.supplier, line.face_price,
                  line.unit_cost, line.ordered, line.quantity, line.unit_cost * line.quantity,
                  line.note)  # fmt: skip
        for col, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=col, value=value)
            cell.border = _BOX
            if col in (6, 7, 10):
                cell.number_format = YEN_FORMAT
    row += 1
    totals = {1: "合計", 8: sum(x.ordered for x in lines), 9: sum(x.quantity for x in lines),
              10: sum(x.unit_cost * x.quantity for x in lines)}  # fmt: skip
    for col in range(1, len(titles) + 1):
        cell = sheet.cell(row=row, column=col, value=totals.get(col))
        cell.font, cell.border = Font(bold=True), _BOX
        if col == 10:
            cell.number_format = YEN_FORMAT
    sheet.freeze_panes = sheet.cell(row=first + 1, column=1)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    save_workbook_atomically(book, path)
    return len(lines)


@dataclass(frozen=True)
class OrderSheetTemplate:
    """What an establishment's order sheet holds: its members and the round's items."""

    title: str
    establishment: str
    deadline: dt.date
    columns: Sequence[tuple[str, str, int]]  # (title, item key, member price)
    members: Sequence[tuple[str, str, Sequence[int]]]  # (number, name, quantities)


def write_order_sheet(path: Path, sheet_data: OrderSheetTemplate) -> int:
    """The workbook an establishment fills in: one row per member, one column per item and
    price class, today's orders already in; the import reads it back (and nothing else)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "申込書"
    count = len(sheet_data.columns)
    first = _title_block(
        sheet,
        [sheet_data.title, f"事業所: {sheet_data.establishment}",
         "数量を入れて保存し、互助会へお送りください（金額・合計は互助会で計算します）。"],
        count + 2,
    )  # fmt: skip
    deadline = sheet.cell(row=first - 1, column=1, value="申込締切")
    deadline.font = Font(bold=True)
    when = sheet.cell(row=first - 1, column=2, value=sheet_data.deadline)
    when.number_format = ERA_DATE_FORMAT
    titles = ["会員番号", "氏名"] + [f"{t}\n（{price:,}円）" for t, _k, price in sheet_data.columns]
    _header(sheet, first, titles, [12, 16] + [14] * count)
    sheet.row_dimensions[first].height = 48
    key_row = first + 1
    sheet.cell(row=key_row, column=1, value=SHEET_KEY)
    for col, (_t, key, _p) in enumerate(sheet_data.columns, start=3):
        sheet.cell(row=key_row, column=col, value=key)
    sheet.row_dimensions[key_row].hidden = True
    row = key_row
    for number, name, quantities in sheet_data.members:
        row += 1
        number_cell = sheet.cell(row=row, column=1, value=number)
        number_cell.data_type = "s"
        sheet.cell(row=row, column=2, value=name)
        for col, quantity in enumerate(quantities, start=3):
            sheet.cell(row=row, column=col, value=quantity or None)
        for col in range(1, count + 3):
            sheet.cell(row=row, column=col).border = _BOX
    sheet.freeze_panes = sheet.cell(row=key_row + 1, column=3)
    save_workbook_atomically(book, path)
    return len(sheet_data.members)
