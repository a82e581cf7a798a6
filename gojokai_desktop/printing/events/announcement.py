"""The announcement (開催案内) in the shape of seed 000: 日時, 会場, 目的, 対象者, 内容 with the
presenting organisation, then capacity, fees, deadline and how to apply; the sessions of an
event held on many days (a check-up at several clinics) follow as a table over pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gojokai_desktop.printing.canvas import MmCanvas, Placements, TextStyle
from gojokai_desktop.printing.events.layout import (
    LEFT,
    PAGE_H,
    PAGE_W,
    WIDTH,
    Head,
    draw_center,
    draw_fields,
    draw_grid,
    draw_head,
    draw_paragraph,
    draw_title,
)
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.render import Output, RenderResult, open_canvas, save_canvas

BOTTOM = PAGE_H - 18.0
SESSION_HEADINGS = ("日程", "開催日", "開始", "会場", "定員")
SESSION_WIDTHS = (12, 40, 14, 90, 16)


@dataclass(frozen=True)
class Announcement:
    """Everything the announcement prints, already in words."""

    head: Head
    title: str
    lead: str
    fields: tuple[tuple[str, str], ...]
    sessions: tuple[tuple[str, str, str, str, str], ...] = ()
    notes: tuple[str, ...] = ()


def _session_pages(
    mc: MmCanvas, sessions: Sequence[tuple[str, str, str, str, str]], top: float, canvas: object
) -> float:
    rows = list(sessions)
    y = top
    while rows:
        fit = max(1, int((BOTTOM - y - 7) // 7))
        chunk, rows = rows[:fit], rows[fit:]
        y = draw_grid(
            mc,
            SESSION_HEADINGS,
            SESSION_WIDTHS,
            chunk,
            y,
            aligns=("center", "left", "center", "left", "right"),
        )
        if rows:
            canvas.showPage()  # type: ignore[attr-defined]
            mc.page += 1
            y = 20.0
    return y + 3


def render_announcement(
    items: Sequence[Announcement],
    out: Output,
    *,
    fonts: FontSet | None = None,
    collect_placements: bool = False,
) -> RenderResult:
    """One announcement after another, each starting on a new page."""
    placements = Placements(collect=collect_placements)
    canvas = open_canvas(out, PAGE_W, PAGE_H, "開催案内")
    mc = MmCanvas(canvas, PAGE_H, fonts or default_fonts(), placements)
    result = RenderResult(placements=placements.placed, truncated=placements.truncated)
    for item in items:
        mc.page += 1
        y = draw_head(mc, item.head)
        y = draw_title(mc, item.title, y + 2)
        y = draw_paragraph(mc, item.lead, y)
        y = draw_center(mc, "記", y)
        y = draw_fields(mc, item.fields, y) + 4
        if item.sessions:
            mc.text(
                "sessions", "■ 日程と会場", (LEFT, y, WIDTH, 6), TextStyle(face="gothic", size=10.5)
            )
            y = _session_pages(mc, item.sessions, y + 7, canvas)
        for note in item.notes:
            y = draw_paragraph(mc, note, y, size=9.5)
        mc.text(
            "end", "以上", (LEFT, min(y + 2, BOTTOM), WIDTH, 6), TextStyle(size=10.5, align="right")
        )
        canvas.showPage()
        result.records += 1
    result.pages = mc.page
    save_canvas(canvas)
    return result
