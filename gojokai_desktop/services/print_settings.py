"""Printing settings: font files, per-printer offsets, the stamp box and account masking."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy.orm import Session

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.printing.fonts import FontSet, register_fonts, use_society_fonts
from gojokai_desktop.printing.render import (
    PrinterOffset,
    apply_offset,
    open_canvas,
    save_canvas,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.settings_store import (
    EVERY_YEAR,
    get_setting,
    newest_year,
    put_setting,
)

log = logging.getLogger(__name__)

SETTINGS_KEY = "printing.settings"
# Shared with the dues receipts (services/dues/printouts.py), which read the newest row of it.
STAMP_BOX_KEY = "dues.receipt_stamp_box"
ALL_PRINTERS = "*"
MAX_OFFSET_MM = 20.0
MIN_SCALE = 0.9
MAX_SCALE = 1.1
_FONT_FIELDS = {"mincho_font": "明朝体フォント", "gothic_font": "ゴシック体フォント"}
A4_MM = (210.0, 297.0)
GRID_MM = 10


@dataclass(frozen=True)
class PrinterSetting:
    """The offset of one printer, by the name its print dialog shows (``*``: every printer)."""

    printer: str
    offset: PrinterOffset


@dataclass(frozen=True)
class PrintSettings:
    """What the society has set for printing; the defaults hold until it saves its own."""

    mincho_font: str = ""
    gothic_font: str = ""
    printers: tuple[PrinterSetting, ...] = ()
    # Most societies are non-profit and exempt from stamp duty (DOMAIN.md §4): off by default.
    stamp_box: bool = False
    mask_accounts: bool = True

    def offsets(self) -> dict[str, PrinterOffset]:
        """Offsets by printer name, as the preview dialog takes them."""
        return {p.printer: p.offset for p in self.printers}

    def offset_for(self, printer: str) -> PrinterOffset:
        """The offset of ``printer``, else the one for every printer, else none."""
        offsets = self.offsets()
        return offsets.get(printer) or offsets.get(ALL_PRINTERS) or PrinterOffset()


# -- validation ----------------------------------------------------------------------------
def check_font_file(path: str, field: str) -> Path:
    """The font file at ``path`` if ReportLab can embed it; else a message naming ``field``."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise ValidationError(f"{field}のファイル「{path}」が見つかりません。", field)
    try:
        TTFont("GojokaiFontCheck", str(file), subfontIndex=0)
    except (TTFError, OSError, ValueError) as error:
        raise ValidationError(
            f"{field}のファイル「{file.name}」は使えません（{error}）。"
            "TrueType形式（.ttf / .ttc）の日本語フォントを選んでください。",
            field,
        ) from error
    return file


def _check_number(value: float, low: float, high: float, printer: str, what: str) -> float:
    if not math.isfinite(value) or not low <= value <= high:
        raise ValidationError(
            f"プリンター「{printer}」の{what}は {low:g}〜{high:g} の範囲で入力してください"
            f"（入力: {value:g}）。",
            what,
        )
    return round(float(value), 2)


def _check_printer(setting: PrinterSetting) -> PrinterSetting:
    name = setting.printer.strip()
    if not name:
        raise ValidationError(
            "プリンター名を入力してください（すべてのプリンターなら * ）。", "プリンター名"
        )
    offset = setting.offset
    return PrinterSetting(
        name,
        PrinterOffset(
            _check_number(offset.x_mm, -MAX_OFFSET_MM, MAX_OFFSET_MM, name, "横のずれ(mm)"),
            _check_number(offset.y_mm, -MAX_OFFSET_MM, MAX_OFFSET_MM, name, "縦のずれ(mm)"),
            _check_number(offset.scale, MIN_SCALE, MAX_SCALE, name, "倍率"),
        ),
    )


def validate_print_settings(settings: PrintSettings) -> PrintSettings:
    """The settings cleaned (paths and names trimmed), or the first problem as a message."""
    fonts = {}
    for attribute, field in _FONT_FIELDS.items():
        path = str(getattr(settings, attribute)).strip()
        fonts[attribute] = str(check_font_file(path, field)) if path else ""
    printers = tuple(_check_printer(p) for p in settings.printers)
    seen: set[str] = set()
    for printer in printers:
        if printer.printer in seen:
            raise ValidationError(
                f"プリンター「{printer.printer}」が二度設定されています。", "プリンター名"
            )
        seen.add(printer.printer)
    return PrintSettings(
        fonts["mincho_font"],
        fonts["gothic_font"],
        printers,
        bool(settings.stamp_box),
        bool(settings.mask_accounts),
    )


# -- storage ---------------------------------------------------------------------------------
def _to_json(settings: PrintSettings) -> dict[str, Any]:
    return {
        "mincho_font": settings.mincho_font,
        "gothic_font": settings.gothic_font,
        "mask_accounts": settings.mask_accounts,
        "printers": [
            {"printer": p.printer, "x_mm": p.offset.x_mm, "y_mm": p.offset.y_mm,
             "scale": p.offset.scale}
            for p in settings.printers
        ],
    }  # fmt: skip


def _from_json(data: Any, stamp_box: Any) -> PrintSettings:
    default = PrintSettings()
    stamp = default.stamp_box if stamp_box is None else bool(stamp_box)
    if not isinstance(data, dict):
        return PrintSettings(stamp_box=stamp)
    return PrintSettings(
        str(data.get("mincho_font", "")),
        str(data.get("gothic_font", "")),
        tuple(
            PrinterSetting(
                str(p["printer"]),
                PrinterOffset(float(p["x_mm"]), float(p["y_mm"]), float(p["scale"])),
            )
            for p in data.get("printers", [])
        ),
        stamp,
        bool(data.get("mask_accounts", default.mask_accounts)),
    )


def load_print_settings(source: AppContext | Session) -> PrintSettings:
    """The stored settings (the defaults when none are stored)."""
    if isinstance(source, AppContext):
        with source.reader() as session:
            return load_print_settings(session)
    return _from_json(get_setting(source, SETTINGS_KEY), get_setting(source, STAMP_BOX_KEY))


def save_print_settings(ctx: AppContext, settings: PrintSettings) -> PrintSettings:
    """Validate and store the settings; return them as stored."""
    clean = validate_print_settings(settings)
    with ctx.unit_of_work("印刷設定の保存") as uow:
        put_setting(uow, SETTINGS_KEY, _to_json(clean))
        # Written to the newest year's row, so that the row the receipts read is this one.
        year = newest_year(uow, STAMP_BOX_KEY)
        put_setting(uow, STAMP_BOX_KEY, clean.stamp_box, valid_from_year=year or EVERY_YEAR)
        uow.commit()
    use_society_fonts(font_set(clean))
    return clean


def apply_print_settings(ctx: AppContext) -> None:
    """Make the society's configured fonts the default of every PDF this process makes."""
    use_society_fonts(font_set(load_print_settings(ctx)))


# -- use -------------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _register_configured(face: str, path: str, stamp: float) -> str | None:
    # Each configured file gets a name of its own: re-registering the shared name would
    # change the face of every FontSet already handed out in this process.
    digest = hashlib.sha1(f"{path}|{stamp}".encode()).hexdigest()[:10]
    name = f"GojokaiUser{face.title()}-{digest}"
    try:
        pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
    except (TTFError, OSError, ValueError) as error:
        log.warning(
            "configured %s font %s cannot be used (%s); using the system's", face, path, error
        )
        return None
    return name


def _configured(face: str, path: str) -> str | None:
    if not path:
        return None
    file = Path(path)
    if not file.is_file():
        log.warning("configured %s font %s is missing; using the system's", face, path)
        return None
    return _register_configured(face, str(file), file.stat().st_mtime)


def font_set(settings: PrintSettings) -> FontSet | None:
    """The fonts to render with: configured files win; None means the system search."""
    mincho = _configured("mincho", settings.mincho_font)
    gothic = _configured("gothic", settings.gothic_font)
    if mincho is None and gothic is None:
        return None
    base = register_fonts()
    return FontSet(
        mincho or base.mincho,
        gothic or base.gothic,
        base.embedded or (mincho is not None and gothic is not None),
        settings.mincho_font if mincho else base.mincho_source,
        settings.gothic_font if gothic else base.gothic_source,
    )


def fonts_in_use(settings: PrintSettings) -> tuple[str, str]:
    """The Mincho and Gothic files (or built-in font names) that printing will use."""
    fonts = font_set(settings) or register_fonts()
    return fonts.mincho_source, fonts.gothic_source


def render_test_page(
    settings: PrintSettings,
    out: str | Path | IO[bytes],
    *,
    printer: str = ALL_PRINTERS,
    on: dt.date | None = None,
) -> PrinterOffset:
    """An A4 page with a 10 mm grid, shifted by the printer's offset, to measure on paper.

    Returns the offset it was printed with.
    """
    offset = settings.offset_for(printer)
    fonts = font_set(settings) or register_fonts()
    width, height = A4_MM
    canvas = open_canvas(out, width, height, "試し印刷")
    apply_offset(canvas, offset, height)
    canvas.setLineWidth(0.2)
    for step in range(0, int(width) + 1, GRID_MM):
        canvas.setStrokeGray(0.0 if step % 50 == 0 else 0.6)
        canvas.line(step * mm, 0, step * mm, height * mm)
    for step in range(0, int(height) + 1, GRID_MM):
        canvas.setStrokeGray(0.0 if step % 50 == 0 else 0.6)
        canvas.line(0, (height - step) * mm, width * mm, (height - step) * mm)
    # Numbers sit just inside the 10 mm lines: printers cannot print at the very edge.
    canvas.setFont(fonts.gothic, 6)
    for step in range(GRID_MM, int(width), GRID_MM):
        canvas.drawString((step + 0.8) * mm, (height - GRID_MM - 3) * mm, f"{step}")
    for step in range(GRID_MM * 2, int(height), GRID_MM):
        canvas.drawString((GRID_MM + 0.8) * mm, (height - step - 3) * mm, f"{step}")
    _draw_lines(canvas, _test_page_lines(fonts, printer, offset, on or dt.date.today()))
    canvas.showPage()
    save_canvas(canvas)
    return offset


def _test_page_lines(
    fonts: FontSet, printer: str, offset: PrinterOffset, on: dt.date
) -> tuple[tuple[str, float, str], ...]:
    who = "すべてのプリンター" if printer == ALL_PRINTERS else printer
    return (
        (fonts.gothic, 16, "試し印刷（印字位置の確認）"),
        (fonts.mincho, 10.5, f"プリンター: {who}"),
        (fonts.mincho, 10.5, f"ずれ: 横 {offset.x_mm:+.1f} mm（右が＋）  縦 {offset.y_mm:+.1f} mm"
                             f"（下が＋）  倍率 {offset.scale:.3f}"),
        (fonts.mincho, 10.5, f"明朝体: {Path(fonts.mincho_source).name}"),
        (fonts.gothic, 10.5, f"ゴシック体: {Path(fonts.gothic_source).name}"),
        (fonts.mincho, 10.5, f"印刷日: {format_wareki(on)}"),
        (fonts.mincho, 9, "線は10 mmごと（太線は50 mmごと）。"
                          "紙の左端・上端から「10」の線までを定規で測り、"),
        (fonts.mincho, 9, "10 mm より長ければ差の分だけ「ずれ」を減らし、"
                          "短ければ増やしてください。"),
    )  # fmt: skip


def _draw_lines(canvas: Canvas, lines: tuple[tuple[str, float, str], ...]) -> None:
    top = 35.0
    canvas.setFillGray(1.0)
    canvas.rect(25 * mm, (A4_MM[1] - top - 62) * mm, 160 * mm, 66 * mm, stroke=1, fill=1)
    canvas.setFillGray(0.0)
    for number, (font, size, text) in enumerate(lines):
        canvas.setFont(font, size)
        canvas.drawString(30 * mm, (A4_MM[1] - top - 4 - number * 7.5) * mm, text)
