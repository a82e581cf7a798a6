"""How each kind of template element is drawn: its fixed part and its part from the record."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from reportlab.lib.units import mm

from gojokai_desktop.printing.canvas import MmCanvas, TextStyle
from gojokai_desktop.printing.fit import wrap_lines
from gojokai_desktop.printing.formats import blank_value, format_value
from gojokai_desktop.printing.templates import Element

Values = Mapping[str, Any]
# Kinds whose content comes from the record; the rest are drawn once per PDF as an XObject.
DYNAMIC_KINDS = frozenset({"field", "checkbox", "digits", "textarea", "table", "page_number"})


def style(e: Element, **overrides: Any) -> TextStyle:
    """The text style of an element, from its keys, with ``overrides`` winning."""
    keys = {
        "face": e.opts.get("font", "mincho"),
        "size": e.opts.get("size", 10.5),
        "min_size": e.opts.get("min_size", 0.0),
        "align": e.opts.get("align", "left"),
        "valign": e.opts.get("valign", "middle"),
        "padding": e.opts.get("padding", 1.0),
        "wrap": e.opts.get("wrap", True),
        "color": e.opts.get("color", "black"),
    }
    keys.update(overrides)
    return TextStyle(**keys)


def _box(e: Element) -> tuple[float, float, float, float]:
    return e["x"], e["y"], e["w"], e["h"]


# -- fixed parts --------------------------------------------------------------------------
def _text_static(mc: MmCanvas, e: Element) -> None:
    if e["fill"] >= 0 or e["frame"]:
        mc.rect(_box(e), width=e["line_width"] if e["frame"] else 0, fill=e["fill"])
    mc.text(e.label, e["text"], _box(e), style(e))


def _box_static(mc: MmCanvas, e: Element) -> None:
    mc.rect(_box(e), width=e["line_width"], fill=e["fill"], dash=e["dash"])
    if e["label"]:
        caption = (e["x"], e["y"], e["w"], e["label_size"] * 0.5)
        mc.text(
            e.label, e["label"], caption, style(e, size=e["label_size"], valign="top", padding=0.8)
        )


def _line_static(mc: MmCanvas, e: Element) -> None:
    mc.line(e["x"], e["y"], e["x2"], e["y2"], width=e["line_width"], dash=e["dash"])


def _seal_static(mc: MmCanvas, e: Element) -> None:
    c, r = mc.c, e["d"] / 2
    c.setLineWidth(0.5)
    if e["dash"]:
        c.setDash(1.5, 1.5)
    c.circle(e["x"] * mm, mc.page_h - e["y"] * mm, r * mm)
    c.setDash()
    # Grey so that the real seal pressed on top stays legible.
    c.setFillGray(0.55)
    size = min(r * 0.9, e["d"] * 0.75 / max(len(e["label"]), 1)) * mm
    c.setFont(mc.fonts.face(e["font"]), size)
    c.drawCentredString(e["x"] * mm, mc.page_h - e["y"] * mm - size * 0.35, e["label"])
    c.setFillGray(0)


def _checkbox_static(mc: MmCanvas, e: Element) -> None:
    s = e["size"]
    mc.rect((e["x"], e["y"], s, s), width=0.5)
    if e["label"]:
        width = mc.width_of(e["label"], e["font"], e["text_size"]) + 1.0
        box = (e["x"] + s + 0.6, e["y"] + s / 2 - 2.5, width, 5.0)
        mc.text(e.label, e["label"], box, style(e, size=e["text_size"], padding=0.2))


def label_width(e: Element) -> float:
    """Width of a field's label cell: as given, or a third of the field up to 30 mm."""
    if not e["label"]:
        return 0.0
    return float(e["label_w"] or min(e["w"] / 3, 30.0))


def _field_static(mc: MmCanvas, e: Element) -> None:
    x, y, w, h = _box(e)
    if e["frame"]:
        mc.rect(_box(e), width=e["line_width"])
    lw = label_width(e)
    if lw:
        mc.rect((x, y, lw, h), width=e["line_width"] if e["frame"] else 0, fill=e["label_fill"])
        mc.text(
            e.label,
            e["label"],
            (x, y, lw, h),
            style(e, size=e["label_size"], min_size=6, align="center", color="black"),
        )
    if e["prefix"]:
        width = mc.width_of(e["prefix"], e["font"], e["size"]) + 2
        mc.text(
            e.label,
            e["prefix"],
            (x + lw, y, width, h),
            style(e, align="left", min_size=0, color="black"),
        )
    if e["suffix"]:
        width = mc.width_of(e["suffix"], e["font"], e["size"]) + 2
        mc.text(
            e.label,
            e["suffix"],
            (x + w - width, y, width, h),
            style(e, align="right", min_size=0, color="black"),
        )
    if e["underline"]:
        mc.line(x + lw, y + h, x + w, y + h, width=0.5)


def _digits_static(mc: MmCanvas, e: Element) -> None:
    x, y, w, h, count = e["x"], e["y"], e["w"], e["h"], e["count"]
    mc.rect(_box(e), width=e["line_width"] * 2)
    cell = w / count
    for i in range(1, count):
        # Thousands boundaries get a solid line so 1,000,000 reads at a glance.
        thousands = (count - i) % 3 == 0
        mc.line(
            x + i * cell,
            y,
            x + i * cell,
            y + h,
            width=e["line_width"] if thousands else 0.25,
            dash=not thousands,
        )


def _textarea_static(mc: MmCanvas, e: Element) -> None:
    if e["frame"]:
        mc.rect(_box(e), width=e["line_width"])
    pitch = e["ruled"]
    if pitch:
        y = e["y"] + pitch
        while y < e["y"] + e["h"] - 0.01:
            mc.line(e["x"], y, e["x"] + e["w"], y, width=0.3, dash=True)
            y += pitch


def _table_static(mc: MmCanvas, e: Element) -> None:
    x, y = e["x"], e["y"]
    width = sum(c.w for c in e.columns)
    hh, rh, rows = e["header_h"], e["row_h"], e["rows"]
    mc.rect((x, y, width, hh), width=0, fill=e["header_fill"])
    mc.rect((x, y, width, hh + rows * rh), width=e["line_width"] * 1.5)
    mc.line(x, y + hh, x + width, y + hh, width=e["line_width"])
    for r in range(1, rows):
        mc.line(x, y + hh + r * rh, x + width, y + hh + r * rh, width=0.3)
    header = style(e, face=e["header_font"], min_size=5, align="center")
    left = x
    for column in e.columns:
        mc.text(e.label, column.title, (left, y, column.w, hh), header)
        left += column.w
        if left < x + width - 0.01:
            mc.line(left, y, left, y + hh + rows * rh, width=0.3)


STATIC: dict[str, Callable[[MmCanvas, Element], None]] = {
    "text": _text_static,
    "box": _box_static,
    "line": _line_static,
    "seal": _seal_static,
    "checkbox": _checkbox_static,
    "field": _field_static,
    "digits": _digits_static,
    "textarea": _textarea_static,
    "table": _table_static,
}


def draw_static(mc: MmCanvas, e: Element) -> None:
    """Draw what does not change from record to record."""
    draw = STATIC.get(e.kind)
    if draw is not None:
        draw(mc, e)


# -- parts from the record ----------------------------------------------------------------
def _field_dynamic(mc: MmCanvas, e: Element, values: Values) -> None:
    value = values.get(e["name"])
    if value is None or value == "":
        text = e["blank"] or blank_value(e["format"])
    else:
        text = format_value(value, e["format"])
    if not text:
        return
    lw = label_width(e)
    left = mc.width_of(e["prefix"], e["font"], e["size"]) + 1.5 if e["prefix"] else 0
    right = mc.width_of(e["suffix"], e["font"], e["size"]) + 1.5 if e["suffix"] else 0
    box = (e["x"] + lw + left, e["y"], e["w"] - lw - left - right, e["h"])
    mc.text(e.label, text, box, style(e))


def _checkbox_dynamic(mc: MmCanvas, e: Element, values: Values) -> None:
    if not e["name"]:
        return
    value = values.get(e["name"])
    checked = value is not None and str(value) == e["value"] if e["value"] else bool(value)
    if checked:
        s, x, y = e["size"], e["x"], e["y"]
        mc.line(x + s * 0.18, y + s * 0.5, x + s * 0.42, y + s * 0.8, width=0.9)
        mc.line(x + s * 0.42, y + s * 0.8, x + s * 0.85, y + s * 0.15, width=0.9)


def _digits_dynamic(mc: MmCanvas, e: Element, values: Values) -> None:
    value = values.get(e["name"])
    if isinstance(value, bool) or not isinstance(value, int):
        return
    digits = str(value)
    x, y, w, h, count = e["x"], e["y"], e["w"], e["h"], e["count"]
    if len(digits) > count:
        mc.text(e.label, format_value(value, "yen_symbol"), _box(e), style(e, align="right"))
        return
    cell = w / count
    chars = (["￥"] if e["yen"] and len(digits) < count else []) + list(digits)
    start = count - len(chars)
    digit_style = style(e, align="center", padding=0.3)
    for i, char in enumerate(chars):
        mc.text(e.label, char, (x + (start + i) * cell, y, cell, h), digit_style)


def _textarea_dynamic(mc: MmCanvas, e: Element, values: Values) -> None:
    value = values.get(e["name"])
    text = format_value(value, e["format"]) if value is not None else e["blank"]
    if text and not (e["ruled"] and _ruled_text(mc, e, text)):
        mc.text(e.label, text, _box(e), style(e, valign="top"))


def _ruled_text(mc: MmCanvas, e: Element, text: str) -> bool:
    """Write one wrapped line per ruled line, as by hand; False when the rules are too few."""
    pitch = e["ruled"]
    rules = int(e["h"] / pitch + 1e-6)
    size = min(e["size"], pitch * mm * 0.62)
    pad = min(e["padding"], e["w"] / 4)
    lines = wrap_lines(text, mc.fonts.face(e["font"]), size, (e["w"] - 2 * pad) * mm)
    if len(lines) > rules:
        return False
    line_style = style(e, size=size, valign="bottom", padding=pad, wrap=False)
    for number, line in enumerate(lines):
        mc.text(e.label, line, (e["x"], e["y"] + number * pitch, e["w"], pitch), line_style)
    return True


def draw_table_rows(mc: MmCanvas, e: Element, rows: Sequence[Values]) -> None:
    """Fill the table's rows on this page, one record row per table row."""
    top = e["y"] + e["header_h"]
    styles = [style(e, align=c.align) for c in e.columns]
    for row in rows:
        left = e["x"]
        for column, cell_style in zip(e.columns, styles, strict=True):
            text = format_value(row.get(column.name), column.format)
            mc.text(e.label, text, (left, top, column.w, e["row_h"]), cell_style)
            left += column.w
        top += e["row_h"]


def draw_page_number(mc: MmCanvas, e: Element, page: int, pages: int) -> None:
    """Write ``page`` of ``pages`` in the element's format, e.g. ``2 / 3``."""
    mc.text(e.label, e["format"].format(page=page, pages=pages), _box(e), style(e))


DYNAMIC: dict[str, Callable[[MmCanvas, Element, Values], None]] = {
    "field": _field_dynamic,
    "checkbox": _checkbox_dynamic,
    "digits": _digits_dynamic,
    "textarea": _textarea_dynamic,
}
