"""The survey's questions and answers on A4 (アンケートの回答控え), for a survey without the
council's template and as the office's own record of what was sent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.render import Output, finish_pdf, pdf_buffer

_GREY = colors.Color(0.93, 0.93, 0.93)
_SECTION = colors.Color(0.86, 0.9, 0.96)


@dataclass(frozen=True)
class PrintedAnswer:
    """One question as printed: its number, text, the answer with its unit, and the basis."""

    number: int
    section: str
    question: str
    answer: str
    unit: str
    basis: str


@dataclass(frozen=True)
class PrintedSurvey:
    title: str
    society: str
    fiscal_label: str
    council: str
    deadline: dt.date | None
    summary: str
    answers: Sequence[PrintedAnswer]


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def render_survey(data: PrintedSurvey, out: Output, *, printed_on: dt.date,
                  fonts: FontSet | None = None) -> int:  # fmt: skip
    """Write the questions and answers; returns the number of pages."""
    fonts = fonts or default_fonts()
    target = pdf_buffer(out)  # a path receives the PDF whole (finish_pdf)
    doc = SimpleDocTemplate(
        target,
        pagesize=A4,
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=16 * mm,
        title=data.title,
        author=data.society,
    )
    title = ParagraphStyle("title", fontName=fonts.gothic, fontSize=14, leading=19, alignment=1)
    plain = ParagraphStyle("plain", fontName=fonts.mincho, fontSize=9, leading=12.5)
    small = ParagraphStyle(
        "small", parent=plain, fontSize=7.5, leading=10, textColor=colors.Color(0.25, 0.25, 0.25)
    )
    bold = ParagraphStyle("bold", parent=plain, fontName=fonts.gothic)
    right = ParagraphStyle("right", parent=plain, alignment=2)
    story: list[Flowable] = [_para(data.title, title), Spacer(1, 2 * mm)]
    facts = [f"団体名: {data.society}", f"対象年度: {data.fiscal_label}"]
    if data.council:
        facts.append(f"提出先: {data.council}")
    if data.deadline is not None:
        facts.append(f"提出期限: {format_wareki(data.deadline, weekday=True)}")
    story.append(_para("　".join(facts), plain))
    story.append(_para(f"{format_wareki(printed_on)}作成　{data.summary}", right))
    story.append(Spacer(1, 3 * mm))
    rows: list[list[Any]] = [[_para(t, bold) for t in ("番号", "質問", "回答", "根拠・備考")]]
    styles: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), _GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    section = None
    for item in data.answers:
        if item.section and item.section != section:
            section = item.section
            rows.append([_para(section, bold), "", "", ""])
            at = len(rows) - 1
            styles += [("SPAN", (0, at), (-1, at)), ("BACKGROUND", (0, at), (-1, at), _SECTION)]
        answer = f"{item.answer} {item.unit}".strip() if item.answer else "（未回答）"
        rows.append([
            _para(str(item.number), right), _para(item.question, plain),
            _para(answer, bold if item.answer else small), _para(item.basis, small),
        ])  # fmt: skip
    widths = [12 * mm, 62 * mm, 42 * mm]
    widths.append(doc.width - sum(widths))
    story.append(Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(styles)))
    pages = [0]

    def number(canvas: Any, page_doc: Any) -> None:
        pages[0] = canvas.getPageNumber()
        canvas.setFont(fonts.mincho, 8)
        canvas.drawCentredString(page_doc.pagesize[0] / 2, 8 * mm, f"- {pages[0]} -")

    doc.build(story, onFirstPage=number, onLaterPages=number)
    finish_pdf(out, target)
    return pages[0]
