"""The generic tabular report behind every list: rosters, registers, arrears lists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.printing.canvas import MmCanvas, Placements, TextStyle
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.formats import format_value
from gojokai_desktop.printing.render import Output, RenderResult, open_canvas
from gojokai_desktop.printing.templates import PAPER_MM

MARGIN = 12.0
#: The approval boxes (決裁欄) of the first page: a caption row and room for a seal.
APPROVAL_W = 20.0
APPROVAL_H = 22.0
_APPROVAL_CAPTION = 5.0
_RIGHT_ALIGNED = frozenset({"yen", "yen_symbol", "report_yen", "number"})


@dataclass(frozen=True)
class ListColumn:
    """A column: heading, row key, width in mm (scaled to fill the page), format, total."""

    title: str
    key: str
    width: float
    format: str = "text"
    align: str = ""
    total: bool = False

    @property
    def alignment(self) -> str:
        """Numbers line up on the right unless the column says otherwise."""
        return self.align or ("right" if self.format in _RIGHT_ALIGNED else "left")


@dataclass(frozen=True)
class ListingSpec:
    """What the list is: title, the conditions it was made with, columns and page layout."""

    title: str
    columns: Sequence[ListColumn]
    printed_on: dt.date
    conditions: Sequence[str] = ()
    society_name: str = ""
    unit_note: str = ""
    footnotes: Sequence[str] = ()
    landscape: bool = False
    font_size: float = 9.0
    row_height: float = 6.0
    totals_label: str = "合計"
    paper: str = "A4"
    #: Titles of the approval boxes printed at the top right of the first page
    #: (支払決議書: 会長・事務局長・担当); the conditions keep clear of them on every page.
    approvals: Sequence[str] = ()
    #: Which rows the totals and the 件 of the totals label count (default all): rows left out
    #: are printed but not counted (the キャンセル待ち of a participant list).
    counted: Callable[[Mapping[str, Any]], bool] | None = None


@dataclass
class _Layout:
    width: float
    height: float
    widths: list[float]
    table_top: float
    rows_per_page: int


def _layout(spec: ListingSpec) -> _Layout:
    width, height = PAPER_MM[spec.paper]
    if spec.landscape:
        width, height = height, width
    usable = width - 2 * MARGIN
    scale = usable / sum(c.width for c in spec.columns)
    widths = [c.width * scale for c in spec.columns]
    table_top = MARGIN + 16 + 5 * max(1, len(spec.conditions))
    if spec.approvals:
        table_top = max(table_top, MARGIN + 11 + APPROVAL_H + 6)
    footer = 8 + 4.5 * len(spec.footnotes)
    # One row is kept free on every page so the totals row never needs a page of its own.
    rows = int((height - MARGIN - footer - table_top - spec.row_height) // spec.row_height) - 1
    return _Layout(width, height, widths, table_top, max(rows, 1))


def _label_span(spec: ListingSpec) -> int:
    """How many leading columns the totals label may take: those with no total (at least 1)."""
    span = 0
    for column in spec.columns:
        if column.total:
            break
        span += 1
    return max(span, 1)


def _counted(spec: ListingSpec, rows: Sequence[Mapping[str, Any]]) -> Sequence[Mapping[str, Any]]:
    return rows if spec.counted is None else [r for r in rows if spec.counted(r)]


def _totals(spec: ListingSpec, rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    rows = _counted(spec, rows)
    totals: dict[str, int] = {}
    for column in spec.columns:
        if column.total:
            totals[column.key] = sum(
                v
                for r in rows
                if isinstance(v := r.get(column.key), int) and not isinstance(v, bool)
            )
    return totals


class _ListWriter:
    def __init__(self, mc: MmCanvas, spec: ListingSpec, layout: _Layout, pages: int) -> None:
        self.mc = mc
        self.spec = spec
        self.layout = layout
        self.pages = pages
        size = spec.font_size
        self.cell_styles = [
            TextStyle(
                size=size, min_size=min(6.0, size), align=c.alignment, padding=0.8, wrap=False
            )
            for c in spec.columns
        ]
        self.header_style = TextStyle(
            face="gothic", size=size, min_size=5.0, align="center", padding=0.5
        )

    def header(self, page: int) -> None:
        spec, lay, mc = self.spec, self.layout, self.mc
        right = lay.width - MARGIN
        mc.text(
            "title",
            spec.title,
            (MARGIN, MARGIN, lay.width - 2 * MARGIN, 9),
            TextStyle(face="gothic", size=14, min_size=9, align="center"),
        )
        small = TextStyle(size=8.5, min_size=6, padding=0.3)
        mc.text("society", spec.society_name, (MARGIN, MARGIN, 70, 5), small)
        printed = f"印刷日 {format_wareki(spec.printed_on)}"
        mc.text(
            "printed",
            printed,
            (right - 70, MARGIN, 70, 5),
            TextStyle(size=8.5, align="right", padding=0.3),
        )
        mc.text(
            "page",
            f"{page} / {self.pages} 頁",
            (right - 70, MARGIN + 5, 70, 5),
            TextStyle(size=8.5, align="right", padding=0.3),
        )
        y = MARGIN + 11
        reserved = len(spec.approvals) * APPROVAL_W + 10 if spec.approvals else 40
        for condition in spec.conditions:
            mc.text(
                "condition", condition, (MARGIN, y, lay.width - 2 * MARGIN - reserved, 5), small
            )
            y += 5
        if page == 1 and spec.approvals:
            self._approvals(right)
        if spec.unit_note:
            mc.text(
                "unit",
                f"（{spec.unit_note}）",
                (right - 40, lay.table_top - 5, 40, 5),
                TextStyle(size=8.5, align="right", padding=0.3),
            )
        self._row_cells([c.title for c in spec.columns], lay.table_top, self.header_style, fill=0.9)

    def _approvals(self, right: float) -> None:
        mc, titles = self.mc, self.spec.approvals
        top = MARGIN + 11
        left = right - len(titles) * APPROVAL_W
        caption = TextStyle(size=8, min_size=5, align="center", padding=0.3)
        mc.rect((left - 6, top, 6, APPROVAL_H), width=0.4, fill=0.92)
        mc.text("approval", "決裁", (left - 6, top, 6, APPROVAL_H), caption)
        for n, title in enumerate(titles):
            box = (left + n * APPROVAL_W, top, APPROVAL_W, APPROVAL_H)
            mc.rect(box, width=0.4)
            caption_y = top + _APPROVAL_CAPTION
            mc.line(box[0], caption_y, box[0] + APPROVAL_W, caption_y, width=0.3)
            mc.text("approval", title, (box[0], top, APPROVAL_W, _APPROVAL_CAPTION), caption)

    def _row_cells(
        self, texts: Sequence[str], top: float, style: TextStyle | None = None, fill: float = -1
    ) -> None:
        left = MARGIN
        height = self.spec.row_height
        if fill >= 0:
            self.mc.rect((MARGIN, top, self.layout.width - 2 * MARGIN, height), width=0, fill=fill)
        for text, width, cell_style in zip(
            texts, self.layout.widths, self.cell_styles, strict=True
        ):
            self.mc.text("cell", text, (left, top, width, height), style or cell_style)
            left += width

    def rows(self, rows: Sequence[Mapping[str, Any]]) -> float:
        top = self.layout.table_top + self.spec.row_height
        for row in rows:
            texts = [format_value(row.get(c.key), c.format) for c in self.spec.columns]
            self._row_cells(texts, top)
            top += self.spec.row_height
        return top

    def grid(self, bottom: float, totals_top: float | None = None) -> None:
        lay, mc = self.layout, self.mc
        top, right = lay.table_top, lay.width - MARGIN
        mc.rect((MARGIN, top, right - MARGIN, bottom - top), width=0.6)
        y = top + self.spec.row_height
        while y < bottom - 0.01:
            mc.line(MARGIN, y, right, y, width=0.5 if y == top + self.spec.row_height else 0.2)
            y += self.spec.row_height
        x = MARGIN
        span = _label_span(self.spec) if totals_top is not None else 0
        for index, width in enumerate(lay.widths[:-1], start=1):
            x += width
            # Inside the totals label's span the line stops above the totals row.
            mc.line(x, top, x, totals_top if index < span and totals_top else bottom, width=0.2)

    def totals(self, top: float, totals: Mapping[str, int], count: int) -> float:
        texts = [
            format_value(totals.get(c.key), c.format) if c.total else "" for c in self.spec.columns
        ]
        self._row_cells(texts, top, fill=0.95)
        # The label spans the leading columns that have no total: in a narrow first
        # column (No, ID) it was shrunk to 「人数（…」 and the count was lost.
        span = _label_span(self.spec)
        height = self.spec.row_height
        label_box = (MARGIN, top, sum(self.layout.widths[:span]), height)
        self.mc.rect(label_box, width=0, fill=0.95)
        style = TextStyle(size=self.spec.font_size, min_size=min(6.0, self.spec.font_size),
                          padding=0.8, wrap=False)  # fmt: skip
        self.mc.text("cell", f"{self.spec.totals_label}（{count:,}件）", label_box, style)
        return top + height

    def footnotes(self) -> None:
        y = self.layout.height - MARGIN - 4.5 * len(self.spec.footnotes)
        for note in self.spec.footnotes:
            self.mc.text(
                "footnote",
                note,
                (MARGIN, y, self.layout.width - 2 * MARGIN, 4.5),
                TextStyle(size=8, min_size=6, padding=0.3),
            )
            y += 4.5


def render_listing(
    spec: ListingSpec,
    rows: Iterable[Mapping[str, Any]],
    out: Output,
    *,
    fonts: FontSet | None = None,
    collect_placements: bool = False,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> RenderResult:
    """Write the list as a PDF: header with title, conditions, printed date (和暦) and
    ``page / pages`` on every page, the column headings repeated, totals at the end."""
    data = rows if isinstance(rows, Sequence) else list(rows)
    layout = _layout(spec)
    per_page = layout.rows_per_page
    pages = max(1, -(-len(data) // per_page))
    placements = Placements(collect=collect_placements)
    canvas = open_canvas(out, layout.width, layout.height, spec.title)
    mc = MmCanvas(canvas, layout.height, fonts or default_fonts(), placements)
    writer = _ListWriter(mc, spec, layout, pages)
    result = RenderResult(placements=placements.placed, truncated=placements.truncated)
    totals = _totals(spec, data) if any(c.total for c in spec.columns) else {}
    for page in range(1, pages + 1):
        if is_cancelled is not None and is_cancelled():
            result.cancelled = True
            return result
        mc.page = page
        writer.header(page)
        bottom = writer.rows(data[(page - 1) * per_page : page * per_page])
        totals_top = None
        if page == pages and totals:
            totals_top = bottom
            bottom = writer.totals(bottom, totals, len(_counted(spec, data)))
        writer.grid(bottom, totals_top)
        writer.footnotes()
        canvas.showPage()
        result.pages = page
        result.records = min(page * per_page, len(data))
        if progress is not None:
            progress(result.records, len(data))
    canvas.save()
    return result
