"""Address labels (宛名ラベル) on A4 sheets of 12, 18, 21 or 24, from any start position."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gojokai_desktop.printing.canvas import MmCanvas, Placements, TextStyle
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.formats import format_postal
from gojokai_desktop.printing.render import (
    Output,
    PrinterOffset,
    RenderResult,
    apply_offset,
    open_canvas,
    save_canvas,
)

PAGE_W, PAGE_H = 210.0, 297.0
PADDING = 4.0


@dataclass(frozen=True)
class LabelSheet:
    """The geometry of a label sheet in mm: grid, label size, top-left corner, gaps."""

    count: int
    columns: int
    rows: int
    width: float
    height: float
    left: float
    top: float
    gap_x: float = 0.0
    gap_y: float = 0.0

    def origin(self, position: int) -> tuple[float, float]:
        """Top-left corner of label ``position`` (0-based, across then down)."""
        row, column = divmod(position, self.columns)
        return (
            self.left + column * (self.width + self.gap_x),
            self.top + row * (self.height + self.gap_y),
        )


# The common A4 sheets sold in Japan (A-One, Elecom, Kokuyo share these sizes).
SHEETS: dict[int, LabelSheet] = {
    12: LabelSheet(12, 2, 6, 86.4, 42.3, 18.6, 21.6),
    18: LabelSheet(18, 2, 9, 86.4, 31.0, 18.6, 9.0),
    21: LabelSheet(21, 3, 7, 70.0, 38.1, 0.0, 15.15),
    24: LabelSheet(24, 3, 8, 70.0, 33.9, 0.0, 12.9),
}


@dataclass(frozen=True)
class AddressLabel:
    """One addressee; without a personal name the establishment gets 御中."""

    postal_code: str
    address: str
    name: str = ""
    establishment: str = ""
    honorific: str = ""

    @property
    def addressee(self) -> str:
        """The name line with its honorific: ``山田 太郎 様`` or ``株式会社○○ 御中``."""
        if self.name:
            return f"{self.name}　{self.honorific or '様'}"
        return f"{self.establishment}　{self.honorific or '御中'}"


def sheet_for(count: int) -> LabelSheet:
    """The sheet with ``count`` labels; other counts are refused with the ones on offer."""
    try:
        return SHEETS[count]
    except KeyError:
        raise ValueError(
            f"{count}面のラベル用紙はありません（{sorted(SHEETS)}面から選べます）"
        ) from None


def _draw_label(mc: MmCanvas, sheet: LabelSheet, position: int, label: AddressLabel) -> None:
    x, y = sheet.origin(position)
    w, h = sheet.width - 2 * PADDING, sheet.height - 2 * PADDING
    x, y = x + PADDING, y + PADDING
    small = h < 28
    line = 4.5 if small else 5.5
    mc.text(
        "postal",
        f"〒{format_postal(label.postal_code)}" if label.postal_code else "",
        (x, y, w, line),
        TextStyle(size=8.5 if small else 9.5, min_size=6, padding=0.2),
    )
    name_h = 6.5 if small else 8.5
    org_h = line if label.name and label.establishment else 0.0
    address_h = h - line - org_h - name_h
    mc.text(
        "address",
        label.address,
        (x, y + line, w, address_h),
        TextStyle(
            size=9.5 if small else 10.5,
            # Two readable lines beat one tiny one: wrap before shrinking far.
            min_size=8.5 if small else 9.5,
            valign="top",
            padding=0.2,
        ),
    )
    if org_h:
        mc.text(
            "establishment",
            label.establishment,
            (x, y + h - name_h - org_h, w, org_h),
            TextStyle(size=9 if small else 10, min_size=6, padding=0.2),
        )
    mc.text(
        "name",
        label.addressee,
        (x, y + h - name_h, w, name_h),
        TextStyle(size=12 if small else 14, min_size=7, align="center", padding=0.2, wrap=False),
    )


def render_labels(
    labels: Iterable[AddressLabel],
    out: Output,
    *,
    per_sheet: int = 12,
    start_position: int = 1,
    fonts: FontSet | None = None,
    offset: PrinterOffset | None = None,
    collect_placements: bool = False,
) -> RenderResult:
    """Print the labels in order, starting at ``start_position`` (1-based) of the first
    sheet so a partly used sheet can be finished."""
    sheet = sheet_for(per_sheet)
    if not 1 <= start_position <= sheet.count:
        raise ValueError(f"開始位置は1から{sheet.count}までです（{start_position}）")
    items: Sequence[AddressLabel] = list(labels)
    placements = Placements(collect=collect_placements)
    canvas = open_canvas(out, PAGE_W, PAGE_H, "宛名ラベル")
    mc = MmCanvas(canvas, PAGE_H, fonts or default_fonts(), placements)
    result = RenderResult(placements=placements.placed, truncated=placements.truncated)
    position = start_position - 1
    page_open = False
    for label in items:
        if not page_open:
            mc.page += 1
            canvas.saveState()
            apply_offset(canvas, offset or PrinterOffset(), PAGE_H)
            page_open = True
        _draw_label(mc, sheet, position, label)
        result.records += 1
        position += 1
        if position == sheet.count:
            canvas.restoreState()
            canvas.showPage()
            result.pages += 1
            position, page_open = 0, False
    if page_open or not items:
        if page_open:
            canvas.restoreState()
        canvas.showPage()
        result.pages += 1
    save_canvas(canvas)
    return result
