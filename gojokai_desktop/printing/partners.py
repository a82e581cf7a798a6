"""The printed promotion reports (推進実績報告) in the partners' shape.

A table per partner: No | 項目 | 単位 | 年間目標 | 上期実績 | 達成率 | 前年同期 | 前年比 | 評価,
a heading row per group (【預金・融資・各種サービス】), 小計 and 合計 in bold under a rule,
``-----`` where a figure or a rate does not apply, ※ footnotes; then one table per item split
by establishment (事業所別). Each partner starts on a new page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from gojokai_desktop.domain.partners.rates import NOT_APPLICABLE, format_rate
from gojokai_desktop.domain.partners.report import (
    EstablishmentTable,
    PartnerReport,
    ReportLine,
)
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.render import Output, finish_pdf, pdf_buffer

FONT_SIZE = 8.5
_HEADER_ROWS = 1
_GROUP_FILL = colors.HexColor("#F2F2F2")
_HEADER_FILL = colors.HexColor("#E4E4E4")


def _figure(value: int | None) -> str:
    return NOT_APPLICABLE if value is None else f"{value:,}"


def _figures(line: ReportLine) -> list[str]:
    return [
        _figure(line.target),
        f"{line.result:,}",
        format_rate(line.achievement),
        _figure(line.last_year),
        format_rate(line.growth),
        line.grade,
    ]


class _Styles:
    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self.title = ParagraphStyle(
            "title", fontName=fonts.gothic, fontSize=14, leading=18, alignment=1
        )
        self.plain = ParagraphStyle("plain", fontName=fonts.mincho, fontSize=9, leading=12)
        self.right = ParagraphStyle("right", parent=self.plain, alignment=2)
        self.heading = ParagraphStyle(
            "heading", fontName=fonts.gothic, fontSize=10, leading=13, spaceBefore=4
        )
        self.label = ParagraphStyle("label", fontName=fonts.mincho, fontSize=FONT_SIZE, leading=10)
        self.bold_label = ParagraphStyle("bold_label", parent=self.label, fontName=fonts.gothic)
        self.note = ParagraphStyle("note", fontName=fonts.mincho, fontSize=7.5, leading=10)


def _base_style(fonts: FontSet, figure_from: int) -> list[tuple[Any, ...]]:
    return [
        ("FONT", (0, 0), (-1, -1), fonts.mincho, FONT_SIZE),
        ("FONT", (0, 0), (-1, _HEADER_ROWS - 1), fonts.gothic, FONT_SIZE - 0.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, _HEADER_ROWS - 1), "CENTER"),
        ("ALIGN", (figure_from, _HEADER_ROWS), (-2, -1), "RIGHT"),
        ("ALIGN", (-1, _HEADER_ROWS), (-1, -1), "CENTER"),
        ("BACKGROUND", (0, 0), (-1, _HEADER_ROWS - 1), _HEADER_FILL),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]


def _main_table(report: PartnerReport, styles: _Styles, width: float) -> Table:
    headings = ["No", "項目", "単位", *report.headings.as_tuple()]
    data: list[list[Any]] = [headings]
    extra: list[tuple[Any, ...]] = []
    grouped = any(line.group for line in report.lines)
    current: str | None = None
    for line in report.lines:
        if grouped and line.kind == "item" and line.group != current:
            current = line.group
            r = len(data)
            data.append([f"【{line.group}】" if line.group else "【区分なし】"] + [""] * 8)
            extra += [
                ("SPAN", (0, r), (-1, r)),
                ("BACKGROUND", (0, r), (-1, r), _GROUP_FILL),
                ("FONT", (0, r), (-1, r), styles.fonts.gothic, FONT_SIZE),
                ("ALIGN", (0, r), (-1, r), "LEFT"),
            ]
        r = len(data)
        if line.kind == "item":
            label: Any = Paragraph(escape(line.label), styles.label)
            data.append([str(line.number or ""), label, line.unit, *_figures(line)])
        else:
            data.append(
                ["", Paragraph(escape(line.label), styles.bold_label), line.unit, *_figures(line)]
            )
            extra += [
                ("FONT", (2, r), (-1, r), styles.fonts.gothic, FONT_SIZE),
                ("LINEABOVE", (0, r), (-1, r), 1.0, colors.black),
            ]
            if line.kind == "total":
                extra.append(("BACKGROUND", (0, r), (-1, r), _GROUP_FILL))
    figure_w = 17.5 * mm
    rate_w = 16.5 * mm if report.rounding.endswith("2") else 15 * mm
    widths = [8 * mm, 0.0, 10 * mm, figure_w, figure_w, rate_w, figure_w, rate_w, 10 * mm]
    widths[1] = width - sum(widths)
    style = [
        *_base_style(styles.fonts, 3),
        ("ALIGN", (0, 1), (0, -1), "CENTER"),
        ("ALIGN", (2, 1), (2, -1), "CENTER"),
    ]
    return Table(data, colWidths=widths, repeatRows=_HEADER_ROWS, style=TableStyle(style + extra))


def _establishment_table(
    report: PartnerReport, table: EstablishmentTable, styles: _Styles, width: float
) -> Table:
    data: list[list[Any]] = [["事業所", *report.headings.as_tuple()]]
    extra: list[tuple[Any, ...]] = []
    for line in table.lines:
        r = len(data)
        face = styles.bold_label if line.kind != "item" else styles.label
        data.append([Paragraph(escape(line.label), face), *_figures(line)])
        if line.kind != "item":
            extra += [
                ("FONT", (1, r), (-1, r), styles.fonts.gothic, FONT_SIZE),
                ("LINEABOVE", (0, r), (-1, r), 1.0, colors.black),
            ]
        if line.kind == "total":
            extra.append(("BACKGROUND", (0, r), (-1, r), _GROUP_FILL))
    figure_w = 19 * mm
    widths = [0.0, figure_w, figure_w, 16 * mm, figure_w, 16 * mm, 11 * mm]
    widths[0] = width - sum(widths)
    return Table(
        data,
        colWidths=widths,
        repeatRows=_HEADER_ROWS,
        style=TableStyle(_base_style(styles.fonts, 1) + extra),
    )


def _story(
    report: PartnerReport, styles: _Styles, width: float, printed_on: dt.date
) -> list[Flowable]:
    story: list[Flowable] = [
        Paragraph(escape(report.title), styles.title),
        Spacer(1, 2 * mm),
        Table(
            [
                [
                    Paragraph(escape(report.partner), styles.plain),
                    Paragraph(
                        escape(f"{report.society}　{format_wareki(printed_on)}作成"), styles.right
                    ),
                ],
                [Paragraph(escape(f"対象期間: {report.period_label}"), styles.plain), ""],
            ],
            colWidths=[width * 0.6, width * 0.4],
            style=TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
                ]
            ),
        ),
        Spacer(1, 2 * mm),
        _main_table(report, styles, width),
        Spacer(1, 2 * mm),
    ]
    story += [Paragraph(escape(note), styles.note) for note in report.footnotes]
    if report.sessions:
        story.append(Paragraph("学習会（研修・行事の記録から）", styles.heading))
        rows = [
            ["開催日", "学習会"],
            *[[d, Paragraph(escape(t), styles.label)] for d, t in report.sessions],
        ]
        story.append(
            Table(
                rows,
                colWidths=[35 * mm, width - 35 * mm],
                repeatRows=1,
                style=TableStyle(_base_style(styles.fonts, 9)),
            )
        )
    if report.establishments:
        story.append(CondPageBreak(60 * mm))
        story.append(Paragraph(f"事業所別（{escape(report.period_label)}）", styles.heading))
    for table in report.establishments:
        name = f"{table.group}　{table.name}" if table.group else table.name
        caption = Paragraph(escape(f"■ {name}（単位: {table.unit}）"), styles.heading)
        built = _establishment_table(report, table, styles, width)
        # A short table stays with its caption; a long one may break after a few rows.
        story.append(KeepTogether([caption, built]) if len(table.lines) < 25 else caption)
        if len(table.lines) >= 25:
            story.append(built)
    return story


def render_partner_reports(
    reports: Sequence[PartnerReport],
    out: Output,
    *,
    printed_on: dt.date,
    fonts: FontSet | None = None,
) -> int:
    """Write the reports on A4 portrait, each from a new page; returns the number of pages."""
    fonts = fonts or default_fonts()
    styles = _Styles(fonts)
    title = reports[0].title if len(reports) == 1 else "推進実績報告"
    target = pdf_buffer(out)
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=title,
        author=reports[0].society if reports else "",
    )
    story: list[Flowable] = []
    for n, report in enumerate(reports):
        if n:
            story.append(PageBreak())
        story += _story(report, styles, doc.width, printed_on)
    pages = [0]

    def number(canvas: Any, page_doc: Any) -> None:
        pages[0] = canvas.getPageNumber()
        canvas.setFont(fonts.mincho, 8)
        canvas.drawCentredString(page_doc.pagesize[0] / 2, 8 * mm, f"- {pages[0]} -")

    doc.build(story, onFirstPage=number, onLaterPages=number)
    finish_pdf(out, target)
    return pages[0]
