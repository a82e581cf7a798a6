"""Printed accounts: the 004-layout tables (収支予算書, 収支状況) and the 出納帳 / 科目別元帳."""

from __future__ import annotations

import datetime as dt
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from gojokai_desktop.domain.accounting import AccountsTable, CashBookPage, ReportSection
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult, finish_pdf, pdf_buffer

NOT_APPLICABLE = "-----"
FONT_SIZE = 8.0


def _cell(value: int | None) -> str:
    return NOT_APPLICABLE if value is None else format_report_yen(value)


def _with_rate(cells: list[Any], rate: Any, present: bool) -> list[Any]:
    """The 執行率 cell goes between 残額 and 前年同期 (before the last amount column)."""
    if not present:
        return cells
    return [*cells[:-1], rate, cells[-1]]


class _TableBuilder:
    """Turns one section of an :class:`AccountsTable` into a ReportLab table."""

    def __init__(self, table: AccountsTable, fonts: FontSet, width: float) -> None:
        self.table = table
        self.fonts = fonts
        self.width = width
        self.note = ParagraphStyle(
            "note", fontName=fonts.mincho, fontSize=FONT_SIZE - 1.5, leading=FONT_SIZE
        )

    def _widths(self, grouped: bool) -> list[float]:
        amounts = len(self.table.columns) + len(self.table.sub_ledger_columns)
        rate = 1 if self.table.rate_column else 0
        label = 52 * mm
        group = 14 * mm if grouped else 0
        amount_w = 19 * mm
        rate_w = 14 * mm
        rest = self.width - label - group - amounts * amount_w - rate * rate_w
        widths = ([group] if grouped else []) + [label]
        widths += _with_rate([amount_w] * len(self.table.columns), rate_w, bool(rate))
        widths += [amount_w] * len(self.table.sub_ledger_columns)
        return [*widths, max(rest, 20 * mm)]

    def _header(self, grouped: bool) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
        t = self.table
        # A spanned cell shows its top-left text: 区分 goes in the first column.
        first: list[Any] = ["区分", ""] if grouped else ["区分"]
        first += _with_rate([c.replace(" ", "\n") for c in t.columns], "執行率", t.rate_column)
        styles: list[tuple[Any, ...]] = []
        offset = len(first)
        if t.sub_ledger_columns:
            first += [t.sub_ledger_heading] + [""] * (len(t.sub_ledger_columns) - 1)
        first += ["説明"]
        if not t.sub_ledger_columns:
            if grouped:
                styles.append(("SPAN", (0, 0), (1, 0)))
            return [first], styles
        second: list[Any] = [""] * offset + list(t.sub_ledger_columns) + [""]
        for c in range(offset):
            styles.append(("SPAN", (c, 0), (c, 1)))
        last = offset + len(t.sub_ledger_columns)
        styles.append(("SPAN", (offset, 0), (last - 1, 0)))
        styles.append(("SPAN", (last, 0), (last, 1)))
        if grouped:
            styles.append(("SPAN", (0, 0), (1, 1)))
        return [first, second], styles

    def build(self, section: ReportSection, *, header: bool = True) -> Table:
        """The table of one side; without ``header`` for rows under it (差引残額)."""
        grouped = section.has_groups
        data, styles = self._header(grouped) if header else ([], [])
        header_rows = len(data)
        first_amount = 2 if grouped else 1
        for row in section.rows:
            r = len(data)
            amounts = [_cell(v) for v in row.cells[: len(self.table.columns)]]
            subs = [_cell(v) for v in row.cells[len(self.table.columns) :]]
            label = row.label if row.kind in ("heading", "subtotal", "total") else f"　{row.label}"
            if row.kind == "line" and row.group:
                label = row.label
            if grouped and row.kind == "total":
                line: list[Any] = [row.label, "", *amounts]
            else:
                line = ([row.group] if grouped else []) + [label] + amounts
            line = _with_rate(line, row.rate, self.table.rate_column)
            line += [
                *subs,
                Paragraph(escape(row.explanation), self.note) if row.explanation else "",
            ]
            data.append(line)
            if row.kind in ("heading", "subtotal", "total"):
                styles.append(
                    ("FONT", (0 if row.kind == "total" else 1, r), (-2, r), self.fonts.gothic)
                )
            if row.kind in ("subtotal", "total"):
                styles.append(("ALIGN", (first_amount - 1, r), (first_amount - 1, r), "CENTER"))
                styles.append(("LINEABOVE", (first_amount - 1, r), (-1, r), 1.0, colors.black))
            if grouped and (row.group or row.kind == "total"):
                # A line above each 款 instead of a spanned cell, so the table can break
                # across pages inside a long 款.
                styles.append(("LINEABOVE", (0, r), (0, r), 0.4, colors.black))
            if grouped and row.kind == "total":
                styles.append(("SPAN", (0, r), (1, r)))
                styles.append(("ALIGN", (0, r), (0, r), "CENTER"))
        styles += [
            ("FONT", (0, 0), (-1, -1), self.fonts.mincho, FONT_SIZE),
            ("GRID", (0 if not grouped else 1, 0), (-1, -1), 0.4, colors.black),
            ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (first_amount, header_rows), (-2, -1), "RIGHT"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
        if header_rows:
            styles += [
                ("FONT", (0, 0), (-1, header_rows - 1), self.fonts.gothic, FONT_SIZE - 0.5),
                ("GRID", (0, 0), (0, header_rows - 1), 0.4, colors.black),
                ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#EEEEEE")),
            ]
        if grouped:
            styles.append(("ALIGN", (0, header_rows), (0, -1), "CENTER"))
        # Re-apply the bold face after the base font so headings stay in Gothic.
        styles.sort(key=lambda s: 0 if s[0] == "FONT" and s[3] == self.fonts.mincho else 1)
        return Table(
            data, colWidths=self._widths(grouped), repeatRows=header_rows, style=TableStyle(styles)
        )


def is_wide(table: AccountsTable) -> bool:
    """Sub-ledger or rate columns need A4 landscape."""
    return bool(table.sub_ledger_columns) or table.rate_column


def accounts_table_story(
    table: AccountsTable,
    fonts: FontSet,
    width: float,
    *,
    printed_on: dt.date | None,
    title_size: float = 14,
) -> list[Flowable]:
    """The title, each side under its (収入)/(支出) heading and unit note, the rows under the
    sections (差引残額) and the ※ notes: the flowables of one table, for a document of its
    own or for a part of the meeting packet."""
    title = ParagraphStyle(
        "title", fontName=fonts.gothic, fontSize=title_size, leading=title_size + 4, alignment=1
    )
    plain = ParagraphStyle("plain", fontName=fonts.mincho, fontSize=9, leading=12)
    right = ParagraphStyle("right", parent=plain, alignment=2)
    builder = _TableBuilder(table, fonts, width)
    story: list[Flowable] = [Paragraph(table.title, title)]
    if table.period:
        story.append(Paragraph(table.period, ParagraphStyle("period", parent=plain, alignment=1)))
    made = f"　{format_wareki(printed_on)}作成" if printed_on else ""
    story.append(Paragraph(f"{table.society}{made}", right))
    for section in table.sections:
        story.append(Spacer(1, 3 * mm))
        story.append(
            Table(
                [[Paragraph(section.title, plain), Paragraph(f"(単位: {table.unit})", right)]],
                colWidths=[width / 2, width / 2],
                style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0)]),
            )
        )
        story.append(builder.build(section))
    if table.closing and table.sections:
        story.append(Spacer(1, 3 * mm))
        closing = ReportSection("closing", "", table.sections[-1].has_groups, table.closing)
        story.append(builder.build(closing, header=False))
    if table.footnotes:
        story.append(Spacer(1, 2 * mm))
        note = ParagraphStyle("note", parent=plain, fontSize=8, leading=11)
        story += [Paragraph(escape(text), note) for text in table.footnotes]
    return story


def page_number(fonts: FontSet, pages: list[int]) -> Any:
    """A page callback that prints "- n -" at the foot and remembers the last number."""

    def number(canvas: Any, page_doc: Any) -> None:
        pages[0] = canvas.getPageNumber()
        canvas.setFont(fonts.mincho, 8)
        canvas.drawCentredString(page_doc.pagesize[0] / 2, 8 * mm, f"- {pages[0]} -")

    return number


def render_accounts_table(
    table: AccountsTable, out: Output, *, printed_on: dt.date, fonts: FontSet | None = None
) -> int:
    """Write a 収支予算書, 収支状況 or 収支決算書 in the 004 layout; returns the number of pages."""
    fonts = fonts or default_fonts()
    pagesize = landscape(A4) if is_wide(table) else A4
    target = pdf_buffer(out)
    doc = SimpleDocTemplate(
        target,
        pagesize=pagesize,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=table.title,
        author=table.society,
    )
    story = accounts_table_story(table, fonts, doc.width, printed_on=printed_on)
    pages = [0]
    number = page_number(fonts, pages)
    doc.build(story, onFirstPage=number, onLaterPages=number)
    finish_pdf(out, target)
    return pages[0]


CASH_BOOK_COLUMNS = (
    ListColumn("日付", "date", 24, "era_date_short"),
    ListColumn("伝票", "voucher", 12, align="right"),
    ListColumn("科目", "item", 30),
    ListColumn("摘要", "description", 58),
    ListColumn("相手先", "counterparty", 28),
    ListColumn("出納", "method", 24),
    ListColumn("収入", "income", 22, "report_yen", total=True),
    ListColumn("支出", "expenditure", 22, "report_yen", total=True),
    ListColumn("残高", "balance", 24, "report_yen"),
)


def render_cash_book(
    page: CashBookPage,
    out: Output,
    *,
    printed_on: dt.date,
    society: str = "",
    conditions: tuple[str, ...] = (),
    fonts: FontSet | None = None,
) -> RenderResult:
    """出納帳 or 科目別元帳 through the generic list report; 前期繰越/次期繰越 in the heading."""
    rows: list[dict[str, object]] = []
    y = format_report_yen
    carried = (
        f"前期繰越 {y(page.opening)}円　収入 {y(page.income_total)}円"
        f"　支出 {y(page.expenditure_total)}円　次期繰越 {y(page.closing)}円"
    )
    for row in page.rows:
        rows.append(
            {
                "date": row.date,
                "voucher": row.voucher,
                "item": f"{row.item_code} {row.item_name}",
                "description": ("※" if row.reversal_of_id else "") + row.description,
                "counterparty": row.counterparty,
                "method": row.method,
                "income": row.income,
                "expenditure": row.expenditure,
                "balance": row.balance,
            }
        )
    spec = ListingSpec(
        title=page.title,
        columns=CASH_BOOK_COLUMNS,
        printed_on=printed_on,
        conditions=(page.period, carried, *conditions),
        society_name=society,
        unit_note="単位: 円",
        footnotes=("※ 取消の記帳（赤伝）。金額は△で示します。",),
        landscape=True,
        font_size=8.0,
        totals_label="合計",
    )
    return render_listing(spec, rows, out, fonts=fonts)
