"""The handover list with a signature column (受渡一覧・受領印欄): one page set per establishment.

Each establishment's members, their tickets and serial numbers, with a box for each
member's seal or signature, the establishment's totals and a line for the contact person who
collects the tickets for the members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.printing.canvas import MmCanvas, Placements, TextStyle
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.render import Output, RenderResult, open_canvas, save_canvas
from gojokai_desktop.printing.templates import PAPER_MM

MARGIN = 12.0
ROW_H = 10.0
HEADER_H = 7.0
TOP = 46.0
FOOTER = 30.0
#: (title, width in mm, alignment)
COLUMNS = (
    ("No", 8.0, "center"),
    ("会員番号", 20.0, "left"),
    ("氏名", 27.0, "left"),
    ("品名", 52.0, "left"),
    ("数量", 10.0, "right"),
    ("券番号", 30.0, "left"),
    ("金額", 17.0, "right"),
    ("受領印", 22.0, "center"),
)


@dataclass(frozen=True)
class HandoverLine:
    member_number: str
    member_name: str
    item: str
    quantity: int
    serials: str
    amount: int
    paid: bool


@dataclass(frozen=True)
class HandoverSheet:
    """One establishment's list."""

    establishment: str
    lines: Sequence[HandoverLine]


@dataclass(frozen=True)
class HandoverSpec:
    title: str
    conditions: Sequence[str]
    society_name: str
    printed_on: dt.date


def _pages(lines: int) -> tuple[int, int]:
    """How many pages the lines take, and how many lines fit on a page."""
    height = PAPER_MM["A4"][1]
    per_page = int((height - TOP - HEADER_H - FOOTER - MARGIN) // ROW_H)
    return max(1, -(-lines // per_page)), per_page


class _Writer:
    def __init__(self, mc: MmCanvas, spec: HandoverSpec) -> None:
        self.mc = mc
        self.spec = spec
        self.width = PAPER_MM["A4"][0]
        scale = (self.width - 2 * MARGIN) / sum(w for _t, w, _a in COLUMNS)
        self.widths = [w * scale for _t, w, _a in COLUMNS]

    def header(self, sheet: HandoverSheet, page: int, pages: int) -> None:
        mc, right = self.mc, self.width - MARGIN
        small = TextStyle(size=8.5, min_size=6, padding=0.3)
        mc.text("society", self.spec.society_name, (MARGIN, MARGIN, 80, 5), small)
        mc.text(
            "printed",
            f"印刷日 {format_wareki(self.spec.printed_on)}",
            (right - 70, MARGIN, 70, 5),
            TextStyle(size=8.5, align="right", padding=0.3),
        )
        mc.text(
            "page",
            f"{page} / {pages} 頁",
            (right - 70, MARGIN + 5, 70, 5),
            TextStyle(size=8.5, align="right", padding=0.3),
        )
        mc.text(
            "title",
            self.spec.title,
            (MARGIN, MARGIN + 6, self.width - 2 * MARGIN, 9),
            TextStyle(face="gothic", size=15, min_size=9, align="center"),
        )
        mc.text(
            "establishment",
            f"事業所　{sheet.establishment}　様",
            (MARGIN, MARGIN + 17, 120, 8),
            TextStyle(face="gothic", size=12, min_size=8),
        )
        y = MARGIN + 25
        for condition in self.spec.conditions:
            mc.text("condition", condition, (MARGIN, y, self.width - 2 * MARGIN, 5), small)
            y += 4.5
        self.row([t for t, _w, _a in COLUMNS], TOP, HEADER_H, header=True)

    def row(self, texts: Sequence[str], top: float, height: float, *, header: bool = False) -> None:
        left = MARGIN
        if header:
            self.mc.rect((MARGIN, top, self.width - 2 * MARGIN, height), width=0, fill=0.9)
        for text, width, (_t, _w, align) in zip(texts, self.widths, COLUMNS, strict=True):
            style = TextStyle(
                face="gothic" if header else "mincho", size=8.5 if header else 9.5,
                min_size=6 if header else 7.5, align="center" if header else align, padding=0.8,
                wrap=not header,
            )  # fmt: skip
            self.mc.text("cell", text, (left, top, width, height), style)
            left += width

    def grid(self, bottom: float) -> None:
        mc, right = self.mc, self.width - MARGIN
        mc.rect((MARGIN, TOP, right - MARGIN, bottom - TOP), width=0.6)
        y = TOP + HEADER_H
        mc.line(MARGIN, y, right, y, width=0.5)
        while y + ROW_H <= bottom - 0.01:
            y += ROW_H
            mc.line(MARGIN, y, right, y, width=0.2)
        x = MARGIN
        for width in self.widths[:-1]:
            x += width
            mc.line(x, TOP, x, bottom, width=0.2)

    def footer(self, sheet: HandoverSheet, bottom: float) -> None:
        quantity = sum(line.quantity for line in sheet.lines)
        amount = sum(line.amount for line in sheet.lines)
        unpaid = sum(line.amount for line in sheet.lines if not line.paid)
        text = f"合計　{len(sheet.lines)}件　{quantity:,}枚　金額 ￥{format_yen(amount)}"
        if unpaid:
            text += f"（うち未入金 ￥{format_yen(unpaid)}）"
        self.mc.text(
            "total",
            text,
            (MARGIN, bottom + 2, self.width - 2 * MARGIN, 6),
            TextStyle(face="gothic", size=10, min_size=7),
        )
        self.mc.text(
            "receipt",
            "上記のとおり受け取りました。　　　年　　月　　日",
            (MARGIN, bottom + 10, 120, 6),
            TextStyle(size=10, min_size=7),
        )
        self.mc.text(
            "contact",
            "事業所担当者　氏名　＿＿＿＿＿＿＿＿＿＿＿＿＿＿＿　印",
            (self.width - MARGIN - 100, bottom + 18, 100, 6),
            TextStyle(size=10, min_size=7, align="right"),
        )


def render_handover_sheets(
    spec: HandoverSpec,
    sheets: Sequence[HandoverSheet],
    out: Output,
    *,
    fonts: FontSet | None = None,
    collect_placements: bool = False,
) -> RenderResult:
    """Write the lists, each establishment starting on a new page."""
    width, height = PAPER_MM["A4"]
    canvas = open_canvas(out, width, height, spec.title)
    placements = Placements(collect=collect_placements)
    mc = MmCanvas(canvas, height, fonts or default_fonts(), placements)
    writer = _Writer(mc, spec)
    result = RenderResult(placements=placements.placed, truncated=placements.truncated)
    page_no = 0
    for sheet in sheets or [HandoverSheet("（該当なし）", [])]:
        pages, per_page = _pages(len(sheet.lines))
        for page in range(1, pages + 1):
            page_no += 1
            mc.page = page_no
            writer.header(sheet, page, pages)
            chunk = sheet.lines[(page - 1) * per_page : page * per_page]
            top = TOP + HEADER_H
            for n, line in enumerate(chunk, start=(page - 1) * per_page + 1):
                writer.row(
                    [str(n), line.member_number, line.member_name, line.item,
                     f"{line.quantity:,}", line.serials, format_yen(line.amount), ""],
                    top, ROW_H,
                )  # fmt: skip
                top += ROW_H
            bottom = max(top, TOP + HEADER_H + ROW_H)
            writer.grid(bottom)
            if page == pages:
                writer.footer(sheet, bottom)
            canvas.showPage()
        result.records += len(sheet.lines)
    result.pages = page_no
    save_canvas(canvas)
    return result
