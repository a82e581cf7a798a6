"""Render form templates to PDF: one form per record, continued when a table runs over."""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from gojokai_desktop.files import write_bytes_atomically
from gojokai_desktop.printing.canvas import MmCanvas, PlacedText, Placements
from gojokai_desktop.printing.elements import (
    DYNAMIC,
    DYNAMIC_KINDS,
    draw_page_number,
    draw_static,
    draw_table_rows,
)
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.templates import Element, FormTemplate

Values = Mapping[str, Any]
Output = str | Path | IO[bytes]


@dataclass(frozen=True)
class PrinterOffset:
    """Shift (mm, right/down positive) and scale for one printer's pre-printed paper."""

    x_mm: float = 0.0
    y_mm: float = 0.0
    scale: float = 1.0

    @property
    def is_identity(self) -> bool:
        """True when printing with this offset changes nothing."""
        return self.x_mm == 0 and self.y_mm == 0 and self.scale == 1


@dataclass
class RenderResult:
    """What a render produced: pages, records, placements if asked for, and cut texts."""

    pages: int = 0
    records: int = 0
    cancelled: bool = False
    placements: list[PlacedText] = field(default_factory=list)
    truncated: list[PlacedText] = field(default_factory=list)


def _on_page(element: Element, which: str) -> bool:
    pages = element["pages"]
    return pages == "all" or which in ("only", pages)


def _page_kind(page: int, pages: int) -> str:
    if pages == 1:
        return "only"
    return "first" if page == 1 else "last" if page == pages else "middle"


def open_canvas(out: Output, width_mm: float, height_mm: float, title: str) -> Canvas:
    """A canvas of the given paper size; ``save_canvas`` writes it to the path or stream.

    For a path the PDF is built in memory and written whole at the end (atomically), so a
    full disk or a crash never leaves half a PDF under the final name.
    """
    target = pdf_buffer(out)
    canvas = Canvas(target, pagesize=(width_mm * mm, height_mm * mm))
    canvas.setTitle(title)
    canvas.setCreator("gojokai_desktop")
    canvas._gojokai_out = (out, target)
    return canvas


def save_canvas(canvas: Canvas) -> None:
    """Finish the PDF; a path receives it atomically (see ``open_canvas``)."""
    canvas.save()
    out, target = canvas._gojokai_out
    finish_pdf(out, target)


def pdf_buffer(out: Output) -> io.BytesIO | IO[bytes]:
    """Where a platypus document writes: memory for a path (see ``finish_pdf``), else the
    stream itself."""
    return io.BytesIO() if isinstance(out, str | Path) else out


def finish_pdf(out: Output, target: io.BytesIO | IO[bytes]) -> None:
    """A path receives the finished PDF whole, atomically."""
    if isinstance(out, str | Path) and isinstance(target, io.BytesIO):
        write_bytes_atomically(Path(out), target.getvalue())


def apply_offset(canvas: Canvas, offset: PrinterOffset, page_height_mm: float) -> None:
    """Shift and scale the page for a printer whose paper feed is off."""
    if offset.is_identity:
        return
    height = page_height_mm * mm
    canvas.translate(offset.x_mm * mm, -offset.y_mm * mm)
    # Scale about the top-left corner, where pre-printed paper is aligned by hand.
    canvas.translate(0, height)
    canvas.scale(offset.scale, offset.scale)
    canvas.translate(0, -height)


class _FormWriter:
    """Writes records through one template, drawing the fixed layer once per page kind."""

    def __init__(
        self, canvas: Canvas, template: FormTemplate, mc: MmCanvas, offset: PrinterOffset
    ) -> None:
        self.canvas = canvas
        self.template = template
        self.mc = mc
        self.offset = offset
        self.table = template.table()
        self.dynamic = [e for e in template.elements if e.kind in DYNAMIC_KINDS or e["when"]]
        self._layers: dict[str, str] = {}

    def _static_layer(self, which: str) -> None:
        # An XObject drawn once and referenced by every page: big PDFs stay small and fast.
        name = self._layers.get(which)
        if name is None:
            name = f"static_{which}"
            self.canvas.beginForm(name)
            for element in self.template.elements:
                if not element["when"] and _on_page(element, which):
                    draw_static(self.mc, element)
            self.canvas.endForm()
            self._layers[which] = name
        self.canvas.doForm(name)

    def write(self, values: Values) -> int:
        """Write one record; return the number of pages it took."""
        table = self.table
        rows: Sequence[Values] = (values.get(table["name"]) or ()) if table else ()
        per_page = table["rows"] if table else 1
        pages = max(1, math.ceil(len(rows) / per_page))
        for page in range(1, pages + 1):
            which = _page_kind(page, pages)
            self.canvas.saveState()
            self.mc.page += 1
            apply_offset(self.canvas, self.offset, self.template.height)
            self._static_layer(which)
            page_rows = rows[(page - 1) * per_page : page * per_page]
            for element in self.dynamic:
                if not _on_page(element, which):
                    continue
                if element["when"]:
                    if not values.get(element["when"]):
                        continue
                    draw_static(self.mc, element)
                self._dynamic(element, values, page, pages, page_rows)
            self.canvas.restoreState()
            self.canvas.showPage()
        return pages

    def _dynamic(
        self, element: Element, values: Values, page: int, pages: int, rows: Sequence[Values]
    ) -> None:
        draw = DYNAMIC.get(element.kind)
        if draw is not None:
            draw(self.mc, element, values)
        elif element.kind == "table":
            draw_table_rows(self.mc, element, rows)
        elif element.kind == "page_number":
            draw_page_number(self.mc, element, page, pages)


def render_forms(
    template: FormTemplate,
    records: Iterable[Values],
    out: Output,
    *,
    fonts: FontSet | None = None,
    offset: PrinterOffset | None = None,
    collect_placements: bool = False,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    title: str = "",
) -> RenderResult:
    """Write one PDF holding ``template`` filled with each record, in order.

    A record maps catalogue field names to raw values (dates, int yen, strings, bools) and
    table names to lists of row mappings; a missing value prints the blank guide of its
    format, so a record with only the society's values gives the blank form.  A table longer
    than one page continues on further pages with its header.  On cancel nothing is written.
    """
    placements = Placements(collect=collect_placements)
    canvas = open_canvas(out, template.width, template.height, title or template.title)
    mc = MmCanvas(canvas, template.height, fonts or default_fonts(), placements)
    writer = _FormWriter(canvas, template, mc, offset or PrinterOffset())
    result = RenderResult(placements=placements.placed, truncated=placements.truncated)
    total = len(records) if isinstance(records, Sized) else 0
    for number, values in enumerate(records, 1):
        if is_cancelled is not None and is_cancelled():
            result.cancelled = True
            return result
        result.pages += writer.write(values)
        result.records = number
        if progress is not None:
            progress(number, total)
    save_canvas(canvas)
    return result
