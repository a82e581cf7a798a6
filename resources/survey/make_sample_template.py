"""Build the sample council template council_2025.xlsx (the workbook a 連絡協議会 sends).

Run from the repository root:  python resources/survey/make_sample_template.py

It is the workbook that sample_2025.toml maps its questions onto: four sheets (表紙, 調査票,
要望, 記入例), merged cells, the council's formulas (増減, 収納率, 給付の計, 差引残額), yellow
input cells with number and date formats, a list for a choice, a note (メモ), conditional
formatting and the print setup of each sheet, so the tests and the demo meet what a real
council template holds. The committed .xlsx is the output of this script.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

TITLE = "令和7年度 勤労者互助会運営状況調査"
COUNCIL = "福島県勤労者互助会連絡協議会"
INPUT = PatternFill("solid", fgColor="FFF2CC")
SECTION = PatternFill("solid", fgColor="D9E1F2")
HEAD = PatternFill("solid", fgColor="EDEDED")
THIN = Side(style="thin", color="7F7F7F")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "ＭＳ Ｐゴシック"
ERA_DATE = '[$-411]ggge"年"m"月"d"日"'


def _box(sheet: Worksheet, area: str, fill: PatternFill | None = None) -> None:
    for row in sheet[area]:
        for cell in row:
            cell.border = BOX
            if fill is not None:
                cell.fill = fill


def _title(sheet: Worksheet, text: str, last_column: str) -> None:
    sheet.merge_cells(f"A1:{last_column}1")
    sheet["A1"] = text
    sheet["A1"].font = Font(name=FONT, size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30


def _print_setup(sheet: Worksheet, area: str, header: str) -> None:
    sheet.print_area = area
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.7, header=0.3)
    sheet.print_options.horizontalCentered = True
    sheet.oddHeader.right.text = header
    sheet.oddFooter.center.text = "&A　&P / &N"


def _cover(book: Workbook) -> None:
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = "表紙"
    _title(sheet, TITLE, "H")
    sheet.merge_cells("A2:H2")
    sheet["A2"] = COUNCIL
    sheet["A2"].alignment = Alignment(horizontal="center")
    rows = (
        (4, "調査年度", "C4:E4"),
        (5, "団体名", "C5:H5"),
        (6, "代表者氏名", "C6:E6"),
        (7, "所在地", "C7:H7"),
        (8, "電話番号", "C8:E8"),
        (9, "記入者", "C9:E9"),
        (10, "記入日", "C10:E10"),
        (11, "事務担当者の人数", "C11:E11"),
    )
    for row, label, area in rows:
        sheet.cell(row, 2, label).font = Font(name=FONT, bold=True)
        sheet.cell(row, 2).fill = HEAD
        sheet.cell(row, 2).border = BOX
        sheet.merge_cells(area)
        _box(sheet, area, INPUT)
        sheet.row_dimensions[row].height = 24
    sheet["C10"].number_format = ERA_DATE
    sheet["C11"].number_format = "#,##0"
    sheet["F11"] = "人（兼務を含む）"
    sheet.merge_cells("B12:H14")
    sheet["B12"] = (
        "※ 黄色のセルに記入してください。提出期限は令和8年6月30日（火）です。\n"
        "※ 数字は令和7年度（令和7年4月1日〜令和8年3月31日）の実績を記入してください。"
    )
    sheet["B12"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 3
    sheet.column_dimensions["B"].width = 16
    for column in "CDEFGH":
        sheet.column_dimensions[column].width = 11
    _print_setup(sheet, "A1:H14", COUNCIL)


def _form_row(sheet: Worksheet, row: int, label: str, unit: str, fmt: str = "#,##0") -> None:
    sheet.merge_cells(f"B{row}:C{row}")
    sheet.cell(row, 2, label)
    sheet.cell(row, 4).fill = INPUT
    sheet.cell(row, 4).number_format = fmt
    sheet.cell(row, 5, unit).alignment = Alignment(horizontal="center")
    _box(sheet, f"B{row}:F{row}")


def _section(sheet: Worksheet, row: int, text: str) -> None:
    sheet.merge_cells(f"B{row}:F{row}")
    sheet.cell(row, 2, text).font = Font(name=FONT, bold=True)
    _box(sheet, f"B{row}:F{row}", SECTION)


def _formula_row(
    sheet: Worksheet, row: int, label: str, formula: str, *, unit: str, fmt: str
) -> None:
    _form_row(sheet, row, label, unit, fmt)
    sheet.cell(row, 4).value = formula
    sheet.cell(row, 4).fill = HEAD


def _members_and_dues(sheet: Worksheet) -> None:
    _section(sheet, 4, "1 会員の状況")
    for row, label in (
        (5, "年度初め（4月1日）の会員数"),
        (6, "年度末（3月31日）の会員数"),
        (7, "　うち男性"),
        (8, "　うち女性"),
        (9, "年度中の入会者数"),
        (10, "年度中の退会者数"),
    ):
        _form_row(sheet, row, label, "人")
    _formula_row(sheet, 11, "増減（入会−退会）", "=D9-D10", unit="人", fmt="#,##0;△#,##0")
    _form_row(sheet, 12, "年度末の加入事業所数", "所")
    _section(sheet, 13, "2 会費")
    for row, label in (
        (14, "会費月額（1人あたり）"),
        (15, "会費の請求額"),
        (16, "会費の収入額"),
        (17, "年度末の未収額"),
    ):
        _form_row(sheet, row, label, "円")
    _formula_row(sheet, 18, "収納率", '=IF(D15=0,"",D16/D15)', unit="", fmt="0.0%")
    sheet["D15"].comment = Comment("請求月が年度中の請求の合計を記入してください。", COUNCIL)
    sheet.conditional_formatting.add(
        "D18", CellIsRule(operator="lessThan", formula=["0.9"], font=Font(color="C00000"))
    )


def _benefits(sheet: Worksheet) -> None:
    _section(sheet, 19, "3 慶弔給付（支払日が年度中のもの）")
    sheet.merge_cells("B20:C20")
    for column, text in ((2, "給付の種類"), (4, "件数"), (5, "金額（円）"), (6, "備考")):
        cell = sheet.cell(20, column, text)
        cell.fill = HEAD
        cell.alignment = Alignment(horizontal="center")
    _box(sheet, "B20:F20")
    for row, kind in zip(
        range(21, 26),
        ("結婚祝金", "出産祝金", "入学祝金", "永年勤続祝金", "死亡弔慰金"),
        strict=True,
    ):
        sheet.merge_cells(f"B{row}:C{row}")
        sheet.cell(row, 2, kind)
        for column in (4, 5):
            sheet.cell(row, column).fill = INPUT
            sheet.cell(row, column).number_format = "#,##0"
        _box(sheet, f"B{row}:F{row}")
    sheet.merge_cells("B26:C26")
    sheet["B26"] = "上記の計"
    sheet["D26"] = "=SUM(D21:D25)"
    sheet["E26"] = "=SUM(E21:E25)"
    sheet.merge_cells("B27:C27")
    sheet["B27"] = "給付の総計（すべての種類）"
    for column in ("D", "E"):
        sheet[f"{column}26"].fill = HEAD
        sheet[f"{column}26"].number_format = "#,##0"
        sheet[f"{column}27"].fill = INPUT
        sheet[f"{column}27"].number_format = "#,##0"
    _box(sheet, "B26:F27")


def _activities_and_finance(sheet: Worksheet) -> None:
    _section(sheet, 28, "4 斡旋・研修事業")
    _form_row(sheet, 29, "斡旋品の販売額", "円")
    _form_row(sheet, 30, "斡旋品への補助額", "円")
    _form_row(sheet, 31, "研修会・行事の開催回数", "回")
    _form_row(sheet, 32, "研修会・行事の参加者数", "人")
    _section(sheet, 33, "5 財政（一般会計の決算）")
    _form_row(sheet, 34, "収入合計（前年度繰越金を含む）", "円")
    _form_row(sheet, 35, "支出合計", "円")
    _formula_row(sheet, 36, "差引残額（次年度繰越金）", "=D34-D35", unit="円", fmt="#,##0;△#,##0")


def _form(book: Workbook) -> None:
    sheet = book.create_sheet("調査票")
    _title(sheet, f"{TITLE}　調査票", "F")
    sheet.merge_cells("A2:F2")
    sheet["A2"] = "（令和7年4月1日〜令和8年3月31日の実績を記入してください）"
    sheet["A2"].alignment = Alignment(horizontal="center")
    for column, text in ((2, "項目"), (4, "回答"), (5, "単位"), (6, "備考")):
        cell = sheet.cell(3, column, text)
        cell.font = Font(name=FONT, bold=True)
        cell.fill = HEAD
        cell.alignment = Alignment(horizontal="center")
    sheet.merge_cells("B3:C3")
    _box(sheet, "B3:F3")
    _members_and_dues(sheet)
    _benefits(sheet)
    _activities_and_finance(sheet)
    for column, width in (("A", 3), ("B", 20), ("C", 14), ("D", 14), ("E", 12), ("F", 22)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A4"
    sheet.print_title_rows = "3:3"
    _print_setup(sheet, "A1:F36", COUNCIL)


def _requests(book: Workbook) -> None:
    sheet = book.create_sheet("要望")
    _title(sheet, "勤互連の事業についてのご意見", "H")
    sheet["B3"] = "問1 勤互連の事業で最も役に立ったものを選んでください。"
    sheet.merge_cells("C4:E4")
    _box(sheet, "C4:E4", INPUT)
    choices = DataValidation(
        type="list", formula1='"研修会,斡旋事業,広報活動,会員拡大の支援,その他"', allow_blank=True
    )
    sheet.add_data_validation(choices)
    choices.add("C4")
    sheet["B6"] = "問2 今後の研修会で取り上げてほしいテーマ"
    sheet.merge_cells("B7:H9")
    _box(sheet, "B7:H9", INPUT)
    sheet["B11"] = "問3 勤互連への要望・ご意見（自由にお書きください）"
    sheet.merge_cells("B12:H17")
    _box(sheet, "B12:H17", INPUT)
    for cell in ("B7", "B12"):
        sheet[cell].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 3
    for column in "BCDEFGH":
        sheet.column_dimensions[column].width = 12
    _print_setup(sheet, "A1:H17", COUNCIL)


def _example(book: Workbook) -> None:
    sheet = book.create_sheet("記入例")
    _title(sheet, "記入例", "D")
    lines = (
        ("年度末（3月31日）の会員数", "3月31日に在籍している会員（3月31日付の退会者を含む）"),
        ("会費の収入額", "年度中に入金された会費（入会金を含む）"),
        ("慶弔給付", "支払日が年度中の給付。件数は支払った件数"),
    )
    sheet["B3"], sheet["C3"] = "項目", "記入のしかた"
    for row, (item, how) in enumerate(lines, start=4):
        sheet.cell(row, 2, item)
        sheet.cell(row, 3, how).alignment = Alignment(wrap_text=True)
    _box(sheet, "B3:C6")
    sheet.column_dimensions["B"].width = 26
    sheet.column_dimensions["C"].width = 50
    _print_setup(sheet, "A1:D6", COUNCIL)


def build() -> Workbook:
    """The sample template as a workbook (deterministic apart from nothing: dates are fixed)."""
    book = Workbook()
    _cover(book)
    _form(book)
    _requests(book)
    _example(book)
    stamp = dt.datetime(2026, 5, 20, 9, 0, 0)  # noqa: DTZ001 - Excel keeps local times
    book.properties.creator = COUNCIL
    book.properties.title = TITLE
    book.properties.created = stamp
    book.properties.modified = stamp
    return book


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else Path(__file__).with_name("council_2025.xlsx")
    build().save(target)
    print(f"{target} ({target.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
