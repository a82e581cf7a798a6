"""One PDF made of parts, each on A4 portrait or landscape, numbered "- n -" at the foot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate
from reportlab.platypus.flowables import Flowable

from gojokai_desktop.printing.fonts import FontSet
from gojokai_desktop.printing.render import Output, finish_pdf, pdf_buffer

MARGIN = 12 * mm
TOP = 14 * mm
PORTRAIT_WIDTH: float = A4[0] - 2 * MARGIN
LANDSCAPE_WIDTH: float = A4[1] - 2 * MARGIN


@dataclass(frozen=True)
class Part:
    """A run of pages: its flowables and whether they go on landscape paper.

    ``numbered`` False leaves the page number off (a cover).
    """

    flowables: Sequence[Flowable]
    wide: bool = False
    numbered: bool = True


def width_of(wide: bool) -> float:
    return LANDSCAPE_WIDTH if wide else PORTRAIT_WIDTH


def build_document(
    out: Output, parts: Sequence[Part], *, fonts: FontSet, title: str, author: str
) -> int:
    """Write the parts one after the other, each from a new page; returns the page count."""
    pages = [0]
    unnumbered = [0]

    def footer(canvas: Any, doc: Any) -> None:
        pages[0] = canvas.getPageNumber()
        if doc.pageTemplate.id.endswith("-plain"):
            unnumbered[0] += 1  # a cover: the pages after it count from 1
            return
        canvas.setFont(fonts.mincho, 8)
        canvas.drawCentredString(doc.pagesize[0] / 2, 8 * mm, f"- {pages[0] - unnumbered[0]} -")

    templates = []
    for name, size in (("portrait", A4), ("landscape", landscape(A4))):
        for suffix in ("", "-plain"):
            frame = Frame(MARGIN, TOP, size[0] - 2 * MARGIN, size[1] - 2 * TOP, id=name,
                          leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
            templates.append(
                PageTemplate(id=name + suffix, frames=[frame], onPage=footer, pagesize=size)
            )
    target = pdf_buffer(out)
    doc = BaseDocTemplate(
        target,
        pagesize=A4,
        pageTemplates=templates,
        title=title,
        author=author,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=TOP,
        bottomMargin=TOP,
    )
    story: list[Flowable] = []
    for n, part in enumerate(parts):
        name = ("landscape" if part.wide else "portrait") + ("" if part.numbered else "-plain")
        if n == 0:
            doc.pageTemplates.sort(key=lambda t: t.id != name)  # the first page's template
        else:
            story += [NextPageTemplate(name), PageBreak()]
        story += list(part.flowables)
    doc.build(story)
    finish_pdf(out, target)
    return pages[0]
