"""The paragraph and table styles every annual report shares (Mincho text, Gothic headings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Table, TableStyle

from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.printing.fonts import FontSet

NOT_APPLICABLE = "-----"
GREY = colors.HexColor("#EEEEEE")


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    right: ParagraphStyle
    center: ParagraphStyle
    cell: ParagraphStyle


def styles_for(fonts: FontSet) -> Styles:
    body = ParagraphStyle("body", fontName=fonts.mincho, fontSize=10, leading=16)
    return Styles(
        title=ParagraphStyle("title", fontName=fonts.gothic, fontSize=16, leading=22, alignment=1,
                             spaceAfter=4),
        subtitle=ParagraphStyle("subtitle", parent=body, alignment=1),
        heading=ParagraphStyle("heading", fontName=fonts.gothic, fontSize=11.5, leading=16,
                               spaceBefore=8, spaceAfter=4),
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=8, leading=11),
        right=ParagraphStyle("right", parent=body, fontSize=9, alignment=2),
        center=ParagraphStyle("center", parent=body, alignment=1),
        cell=ParagraphStyle("cell", fontName=fonts.mincho, fontSize=9, leading=12),
    )  # fmt: skip


def amount(value: int | None) -> str:
    return NOT_APPLICABLE if value is None else format_report_yen(value)


def grid_table(
    data: list[list[Any]],
    widths: list[float],
    fonts: FontSet,
    *,
    header_rows: int = 1,
    bold_rows: tuple[int, ...] = (),
    right_from: int = 1,
    extra: list[tuple[Any, ...]] | None = None,
    font_size: float = 9,
) -> Table:
    """A ruled table: grey Gothic header, amounts on the right, bold 合計 rows under a rule."""
    styles: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), fonts.mincho, font_size),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.0, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (right_from, header_rows), (-1, -1), "RIGHT"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if header_rows:
        styles += [
            ("FONT", (0, 0), (-1, header_rows - 1), fonts.gothic, font_size - 0.5),
            ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), GREY),
        ]
    for r in bold_rows:
        styles += [
            ("FONT", (0, r), (-1, r), fonts.gothic, font_size),
            ("LINEABOVE", (0, r), (-1, r), 1.0, colors.black),
        ]
    return Table(data, colWidths=widths, repeatRows=header_rows,
                 style=TableStyle(styles + (extra or [])))  # fmt: skip
