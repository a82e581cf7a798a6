"""Name tags (名札) on the A4 label sheets the printing area knows (12, 18, 21 or 24 a sheet)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gojokai_desktop.printing.canvas import MmCanvas, Placements, TextStyle
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.labels import PAGE_H, PAGE_W, sheet_for
from gojokai_desktop.printing.render import (
    Output,
    PrinterOffset,
    RenderResult,
    apply_offset,
    open_canvas,
    save_canvas,
)

PADDING = 3.0


@dataclass(frozen=True)
class NameTag:
    """One participant's tag: the event above, the name large, kana and where they come from."""

    caption: str
    name: str
    kana: str
    affiliation: str


def _draw(mc: MmCanvas, box: tuple[float, float, float, float], tag: NameTag) -> None:
    x, y, w, h = box
    x, y, w, h = x + PADDING, y + PADDING, w - 2 * PADDING, h - 2 * PADDING
    small = h < 30
    line = 4.5 if small else 5.5
    mc.text(
        "caption",
        tag.caption,
        (x, y, w, line),
        TextStyle(size=7.5, min_size=5, align="center", wrap=False),
    )
    mc.line(x, y + line + 0.5, x + w, y + line + 0.5, width=0.3)
    kana_h = line if tag.kana else 0.0
    name_h = h - 2 * line - kana_h - 1.5
    top = y + line + 1
    if tag.kana:
        mc.text(
            "kana",
            tag.kana,
            (x, top, w, kana_h),
            TextStyle(size=8, min_size=5, align="center", wrap=False),
        )
    mc.text(
        "name",
        tag.name,
        (x, top + kana_h, w, name_h),
        TextStyle(
            face="gothic", size=22 if not small else 18, min_size=9, align="center", wrap=False
        ),
    )
    mc.text(
        "affiliation",
        tag.affiliation,
        (x, y + h - line, w, line),
        TextStyle(size=9 if not small else 8, min_size=5, align="center", wrap=False),
    )


def render_name_tags(
    tags: Sequence[NameTag],
    out: Output,
    *,
    per_sheet: int = 12,
    start_position: int = 1,
    fonts: FontSet | None = None,
    offset: PrinterOffset | None = None,
    collect_placements: bool = False,
) -> RenderResult:
    """The tags in order from ``start_position`` (1-based) of the first sheet."""
    sheet = sheet_for(per_sheet)
    if not 1 <= start_position <= sheet.count:
        raise ValueError(f"開始位置は1から{sheet.count}までです（{start_position}）")
    placements = Placements(collect=collect_placements)
    canvas = open_canvas(out, PAGE_W, PAGE_H, "名札")
    mc = MmCanvas(canvas, PAGE_H, fonts or default_fonts(), placements)
    result = RenderResult(placements=placements.placed, truncated=placements.truncated)
    position, page_open = start_position - 1, False
    for tag in tags:
        if not page_open:
            mc.page += 1
            canvas.saveState()
            apply_offset(canvas, offset or PrinterOffset(), PAGE_H)
            page_open = True
        x, y = sheet.origin(position)
        _draw(mc, (x, y, sheet.width, sheet.height), tag)
        result.records += 1
        position += 1
        if position == sheet.count:
            canvas.restoreState()
            canvas.showPage()
            result.pages += 1
            position, page_open = 0, False
    if page_open or not tags:
        if page_open:
            canvas.restoreState()
        canvas.showPage()
        result.pages += 1
    save_canvas(canvas)
    return result
