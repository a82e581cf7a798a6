"""Shared drawing of the event papers: a letter head and label/value tables that grow with text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm

from gojokai_desktop.printing.canvas import MmCanvas, TextStyle
from gojokai_desktop.printing.fit import LEADING, wrap_lines

PAGE_W, PAGE_H = 210.0, 297.0
LEFT = 18.0
WIDTH = PAGE_W - 2 * LEFT
BODY = 10.5
#: Inner padding of a text cell in mm (the height estimate and the drawing use the same).
PAD = 1.2


def text_height(
    mc: MmCanvas, text: str, width: float, size: float = BODY, face: str = "mincho"
) -> float:
    """The height in mm ``text`` needs when wrapped into ``width`` mm at ``size`` points."""
    inner = (width - 2 * PAD) * mm
    lines = max(1, len(wrap_lines(text, mc.fonts.face(face), size, inner)))
    return float(lines * size * LEADING / mm) + 2 * PAD + 0.4


@dataclass(frozen=True)
class Head:
    """The top of a letter: date, addressee, sender."""

    date_text: str
    addressee: str
    sender: Sequence[str]


def draw_head(mc: MmCanvas, head: Head, top: float = 18.0, *, seal: bool = False) -> float:
    """Date on the right, addressee on the left, the sender below on the right (with a
    seal circle beside the last line when ``seal``)."""
    right = TextStyle(size=BODY, align="right", padding=0.3)
    mc.text("date", head.date_text, (LEFT, top, WIDTH, 6), right)
    mc.text("addressee", head.addressee, (LEFT, top + 9, 120, 7), TextStyle(size=12, padding=0.3))
    y = top + 19
    room = 14.0 if seal else 0.0
    for line in head.sender:
        mc.text("sender", line, (PAGE_W - LEFT - 95 - room, y, 95, 6), right)
        y += 6
    if seal:
        centre_x, centre_y = PAGE_W - LEFT - 6, y - 6
        mc.c.setLineWidth(0.4)
        mc.c.circle(centre_x * mm, (PAGE_H - centre_y) * mm, 5.5 * mm)
        mc.text(
            "seal", "印", (centre_x - 5, centre_y - 5, 10, 10), TextStyle(size=9, align="center")
        )
    return y + 4


def draw_title(mc: MmCanvas, title: str, top: float) -> float:
    mc.text(
        "title",
        title,
        (LEFT, top, WIDTH, 10),
        TextStyle(face="gothic", size=15, min_size=10, align="center"),
    )
    return top + 13


def draw_paragraph(mc: MmCanvas, text: str, top: float, size: float = BODY) -> float:
    height = text_height(mc, text, WIDTH, size)
    mc.text(
        "body", text, (LEFT, top, WIDTH, height), TextStyle(size=size, valign="top", padding=PAD)
    )
    return top + height + 2


def draw_center(mc: MmCanvas, text: str, top: float) -> float:
    mc.text("ki", text, (LEFT, top, WIDTH, 7), TextStyle(size=BODY, align="center"))
    return top + 8


def draw_fields(
    mc: MmCanvas,
    rows: Sequence[tuple[str, str]],
    top: float,
    *,
    label_w: float = 28.0,
    size: float = BODY,
) -> float:
    """A two-column table (見出し | 内容) whose rows grow with their text; returns its bottom."""
    value_w = WIDTH - label_w
    y = top
    for label, value in rows:
        height = max(8.0, text_height(mc, value, value_w, size))
        mc.rect((LEFT, y, label_w, height), width=0.4, fill=0.93)
        mc.rect((LEFT + label_w, y, value_w, height), width=0.4)
        mc.text(
            "label",
            label,
            (LEFT, y, label_w, height),
            TextStyle(face="gothic", size=size, min_size=7, align="center", wrap=False),
        )
        mc.text(
            "value",
            value,
            (LEFT + label_w, y, value_w, height),
            # Heights were made for these lines: wrap, never shrink.
            TextStyle(size=size, valign="top" if height > 8.5 else "middle", padding=PAD),
        )
        y += height
    return y


def draw_grid(
    mc: MmCanvas,
    headings: Sequence[str],
    widths: Sequence[float],
    rows: Sequence[Sequence[str]],
    top: float,
    *,
    aligns: Sequence[str] = (),
    row_h: float = 7.0,
    size: float = 9.5,
) -> float:
    """A small table with a shaded heading row; widths in mm are scaled to the page."""
    scale = WIDTH / sum(widths)
    cols = [w * scale for w in widths]
    y = top
    x = LEFT
    for heading, width in zip(headings, cols, strict=True):
        mc.rect((x, y, width, row_h), width=0.4, fill=0.93)
        mc.text(
            "heading",
            heading,
            (x, y, width, row_h),
            TextStyle(face="gothic", size=size, min_size=6, align="center", wrap=False),
        )
        x += width
    y += row_h
    for row in rows:
        x = LEFT
        for number, (value, width) in enumerate(zip(row, cols, strict=True)):
            align = aligns[number] if number < len(aligns) else "left"
            mc.rect((x, y, width, row_h), width=0.3)
            mc.text(
                "cell",
                value,
                (x, y, width, row_h),
                TextStyle(size=size, min_size=6, align=align, wrap=False),
            )
            x += width
        y += row_h
    return y
