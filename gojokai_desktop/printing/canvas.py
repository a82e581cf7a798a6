"""A ReportLab canvas that speaks millimetres from the top-left and fits every text in its box."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from gojokai_desktop.printing.fit import FittedText, fit_text, text_width
from gojokai_desktop.printing.fonts import FontSet

# CJK faces put about 88 % of the em above the baseline; used to centre lines in boxes.
ASCENT = 0.88
COLORS: dict[str, tuple[float, float, float]] = {
    "black": (0.0, 0.0, 0.0),
    "red": (0.8, 0.0, 0.0),
    "gray": (0.45, 0.45, 0.45),
}
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class PlacedText:
    """Where a text was drawn, in mm from the paper's top-left, and the box it had to stay in."""

    page: int
    element: str
    text: str
    size: float
    left: float
    top: float
    right: float
    bottom: float
    box: Box
    truncated: bool

    def inside_box(self) -> bool:
        """True when the drawn text lies within its box (a small rounding allowance)."""
        bl, bt, br, bb = self.box
        eps = 0.05
        return (
            self.left >= bl - eps
            and self.right <= br + eps
            and self.top >= bt - eps
            and self.bottom <= bb + eps
        )


@dataclass(frozen=True)
class TextStyle:
    """How a text is set in its box; ``min_size`` 0 means "do not shrink below ``size``"."""

    face: str = "mincho"
    size: float = 10.5
    min_size: float = 0.0
    align: str = "left"
    valign: str = "middle"
    padding: float = 1.0
    wrap: bool = True
    color: str = "black"


@dataclass
class Placements:
    """Texts drawn so far: all of them when ``collect`` is set, and every one that was cut."""

    collect: bool = False
    placed: list[PlacedText] = field(default_factory=list)
    truncated: list[PlacedText] = field(default_factory=list)


class MmCanvas:
    """Drawing primitives in mm from the top-left corner of the page."""

    def __init__(
        self, canvas: Canvas, page_height_mm: float, fonts: FontSet, placements: Placements
    ) -> None:
        self.c = canvas
        self.page_h = page_height_mm * mm
        self.fonts = fonts
        self.placements = placements
        self.page = 0

    def rect(self, box: Box, *, width: float, fill: float = -1, dash: bool = False) -> None:
        """Stroke (``width`` > 0) and/or fill (grey level ``fill`` ≥ 0) a rectangle."""
        x, y, w, h = box
        c = self.c
        c.setLineWidth(width)
        if dash:
            c.setDash(2, 2)
        if fill >= 0:
            c.setFillGray(fill)
        stroke = 1 if width > 0 else 0
        c.rect(
            x * mm,
            self.page_h - (y + h) * mm,
            w * mm,
            h * mm,
            stroke=stroke,
            fill=1 if fill >= 0 else 0,
        )
        if fill >= 0:
            c.setFillGray(0)
        if dash:
            c.setDash()

    def line(
        self, x1: float, y1: float, x2: float, y2: float, *, width: float, dash: bool = False
    ) -> None:
        """A straight line between two points."""
        self.c.setLineWidth(width)
        if dash:
            self.c.setDash(2, 2)
        self.c.line(x1 * mm, self.page_h - y1 * mm, x2 * mm, self.page_h - y2 * mm)
        if dash:
            self.c.setDash()

    def width_of(self, text: str, face: str, size: float) -> float:
        """Width of ``text`` in mm."""
        return float(text_width(text, self.fonts.face(face), size) / mm)

    def text(self, owner: str, text: str, box: Box, style: TextStyle) -> None:
        """Fit ``text`` into ``box`` and draw it; it never leaves the box."""
        if not text:
            return
        x, y, w, h = box
        pad_x = min(style.padding, w / 4)
        pad_y = min(style.padding, h / 6)
        inner = (x + pad_x, y + pad_y, w - 2 * pad_x, h - 2 * pad_y)
        font = self.fonts.face(style.face)
        min_size = min(style.min_size or style.size, style.size)
        fitted = fit_text(
            text,
            font,
            inner[2] * mm,
            inner[3] * mm,
            size=style.size,
            min_size=min_size,
            wrap=style.wrap,
        )
        self._draw_fitted(owner, fitted, font, inner, style)

    def _draw_fitted(
        self, owner: str, fitted: FittedText, font: str, inner: Box, style: TextStyle
    ) -> None:
        x, y, w, h = inner
        size = fitted.size
        block = (size + (len(fitted.lines) - 1) * fitted.leading) / mm
        if style.valign == "top":
            top = y
        elif style.valign == "bottom":
            top = y + h - block
        else:
            top = y + (h - block) / 2
        c = self.c
        if style.color != "black":
            c.setFillColorRGB(*COLORS[style.color])
        c.setFont(font, size)
        widest, left_most = 0.0, x + w
        for number, line in enumerate(fitted.lines):
            baseline = self.page_h - top * mm - ASCENT * size - number * fitted.leading
            width = text_width(line, font, size) / mm
            left = x + {"center": (w - width) / 2, "right": w - width}.get(style.align, 0.0)
            c.drawString(left * mm, baseline, line)
            widest = max(widest, width)
            left_most = min(left_most, left)
        if style.color != "black":
            c.setFillGray(0)
        if self.placements.collect or fitted.truncated:
            placed = PlacedText(
                self.page,
                owner,
                "\n".join(fitted.lines),
                size,
                left_most,
                top,
                left_most + widest,
                top + block,
                (x, y, x + w, y + h),
                fitted.truncated,
            )
            if self.placements.collect:
                self.placements.placed.append(placed)
            if fitted.truncated:
                self.placements.truncated.append(placed)
