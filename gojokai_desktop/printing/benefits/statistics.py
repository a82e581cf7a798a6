"""The printed benefit statistics table (給付件数と給付金額) in the 004 layout.

区分 | (A) | 決算見込 | (B) | 増減, each a pair of 件数 and 金額 under a spanned heading; the
経理区分 written on the first row of its kinds, 小計 and 合計 in bold with a rule above;
△ for negatives and "-----" where there is no figure, as the 収支予算書 prints them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from gojokai_desktop.domain.benefits.stats import BenefitStatsTable
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.render import Output, finish_pdf, pdf_buffer

NOT_APPLICABLE = "-----"
FONT_SIZE = 8.0
_HEADER_ROWS = 2


def _cell(value: int | None) -> str:
    return NOT_APPLICABLE if value is None else format_report_yen(value)


def _widths(table: BenefitStatsTable, width: float) -> list[float]:
    group = 16 * mm if table.grouped else 0
    pairs = len(table.headings)
    count_w = 13 * mm
    amount_w = (width - group - 40 * mm - pairs * count_w) / pairs
    label = width - group - pairs * (count_w + amount_w)
    return ([group] if table.grouped else []) + [label] + [count_w, amount_w] * pairs


def _data(
    table: BenefitStatsTable, label: ParagraphStyle
) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """Rows and their styles: two header rows, then one row per kind (a long name wraps),
    小計, 合計."""
    lead = 2 if table.grouped else 1
    first: list[Any] = ["区分"] + [""] * (lead - 1)
    second: list[Any] = [""] * lead
    styles: list[tuple[Any, ...]] = [("SPAN", (0, 0), (lead - 1, 1))]
    for n, heading in enumerate(table.headings):
        first += [heading, ""]
        second += ["件数", "金額"]
        column = lead + 2 * n
        styles.append(("SPAN", (column, 0), (column + 1, 0)))
    data = [first, second]
    for row in table.rows:
        r = len(data)
        cells = [_cell(v) for v in row.cells]
        name = Paragraph(escape(row.label), label) if row.kind == "line" else row.label
        if not table.grouped:
            data.append([name, *cells])
        elif row.kind == "line":
            data.append([row.group, name, *cells])
        elif row.kind == "subtotal":
            data.append(["", row.label, *cells])
        else:
            data.append([row.label, "", *cells])
            styles.append(("SPAN", (0, r), (1, r)))
        if table.grouped and (row.group or row.kind == "total"):
            # A rule above each 経理区分 instead of a spanned cell, so a long group can
            # continue on the next page.
            styles.append(("LINEABOVE", (0, r), (0, r), 0.4, colors.black))
        if row.kind != "line":
            styles.append(("ALIGN", (0, r), (lead - 1, r), "CENTER"))
            start = 0 if row.kind == "total" else lead - 1
            styles.append(("LINEABOVE", (start, r), (-1, r), 1.0, colors.black))
    return data, styles


def _style(table: BenefitStatsTable, fonts: FontSet, extra: list[tuple[Any, ...]]) -> TableStyle:
    lead = 2 if table.grouped else 1
    bold_rows = [n + _HEADER_ROWS for n, r in enumerate(table.rows) if r.kind != "line"]
    styles: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.mincho, FONT_SIZE),
        ("FONT", (0, 0), (-1, _HEADER_ROWS - 1), fonts.gothic, FONT_SIZE - 0.5),
        *[
            ("FONT", (lead - 1 if table.grouped else 0, r), (-1, r), fonts.gothic)
            for r in bold_rows
        ],
        ("GRID", (lead - 1, 0), (-1, -1), 0.4, colors.black),
        ("GRID", (0, 0), (0, _HEADER_ROWS - 1), 0.4, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, _HEADER_ROWS - 1), "CENTER"),
        ("ALIGN", (lead, _HEADER_ROWS), (-1, -1), "RIGHT"),
        ("BACKGROUND", (0, 0), (-1, _HEADER_ROWS - 1), colors.HexColor("#EEEEEE")),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if table.grouped:
        styles.append(("ALIGN", (0, _HEADER_ROWS), (0, -1), "CENTER"))
    return TableStyle(styles + extra)


def stats_table_flowable(table: BenefitStatsTable, fonts: FontSet, width: float) -> Table:
    """The ruled table alone (header pairs, groups, 小計, 合計), for this report or another."""
    label = ParagraphStyle("label", fontName=fonts.mincho, fontSize=FONT_SIZE, leading=10)
    data, extra = _data(table, label)
    return Table(
        data,
        colWidths=_widths(table, width),
        repeatRows=_HEADER_ROWS,
        style=_style(table, fonts, extra),
    )


def render_stats_table(
    table: BenefitStatsTable, out: Output, *, printed_on: dt.date, fonts: FontSet | None = None
) -> int:
    """Write the table on A4 portrait; returns the number of pages."""
    fonts = fonts or default_fonts()
    target = pdf_buffer(out)
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=table.title,
        author=table.society,
    )
    title = ParagraphStyle("title", fontName=fonts.gothic, fontSize=14, leading=18, alignment=1)
    plain = ParagraphStyle("plain", fontName=fonts.mincho, fontSize=9, leading=12)
    right = ParagraphStyle("right", parent=plain, alignment=2)
    story: list[Flowable] = [
        Paragraph(table.title, title),
        Paragraph(f"{table.society}　{format_wareki(printed_on)}作成", right),
        Spacer(1, 3 * mm),
        Paragraph(f"(単位: 件・{table.unit})", right),
        stats_table_flowable(table, fonts, doc.width),
        Spacer(1, 2 * mm),
        Paragraph("※ 決算見込は支払日がその年度の支給実績（支払を取り消したものを除く）。", plain),
    ]
    if table.unit == "千円":
        story.append(
            Paragraph("※ 金額は千円未満を四捨五入し、小計・合計が内訳の和になるよう調整。", plain)
        )
    pages = [0]

    def number(canvas: Any, page_doc: Any) -> None:
        pages[0] = canvas.getPageNumber()
        canvas.setFont(fonts.mincho, 8)
        canvas.drawCentredString(page_doc.pagesize[0] / 2, 8 * mm, f"- {pages[0]} -")

    doc.build(story, onFirstPage=number, onLaterPages=number)
    finish_pdf(out, target)
    return pages[0]
