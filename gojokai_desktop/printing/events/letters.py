"""Letters of the events area: the waiting-list and promotion notices (キャンセル待ち・繰上げの
お知らせ) and the labour bank's study-session claim (研修助成金請求書), one page each."""

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
    draw_head,
    draw_paragraph,
    draw_title,
)
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.render import Output, RenderResult, open_canvas, save_canvas


@dataclass(frozen=True)
class Letter:
    """A one-page letter: head, title, body, the 記 table and closing notes."""

    head: Head
    title: str
    body: str
    fields: tuple[tuple[str, str], ...]
    notes: tuple[str, ...] = ()
    seal: bool = False
    postal_line: str = ""


def render_letters(
    letters: Sequence[Letter],
    out: Output,
    *,
    title: str = "お知らせ",
    fonts: FontSet | None = None,
    collect_placements: bool = False,
) -> RenderResult:
    placements = Placements(collect=collect_placements)
    canvas = open_canvas(out, PAGE_W, PAGE_H, title)
    mc = MmCanvas(canvas, PAGE_H, fonts or default_fonts(), placements)
    result = RenderResult(placements=placements.placed, truncated=placements.truncated)
    for letter in letters:
        mc.page += 1
        if letter.postal_line:
            mc.text(
                "postal", letter.postal_line, (LEFT, 12, 120, 5), TextStyle(size=9, padding=0.3)
            )
        y = draw_head(mc, letter.head, seal=letter.seal)
        y = draw_title(mc, letter.title, y + 2)
        y = draw_paragraph(mc, letter.body, y)
        y = draw_center(mc, "記", y)
        y = draw_fields(mc, letter.fields, y) + 4
        for note in letter.notes:
            y = draw_paragraph(mc, note, y, size=9.5)
        mc.text("end", "以上", (LEFT, y + 2, WIDTH, 6), TextStyle(size=10.5, align="right"))
        canvas.showPage()
        result.records += 1
    if not letters:
        canvas.showPage()
    result.pages = max(mc.page, 1)
    save_canvas(canvas)
    return result
