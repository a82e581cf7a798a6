"""Japanese fonts for every PDF: find a TrueType Mincho and Gothic, else ReportLab's CID fonts."""

from __future__ import annotations

import logging
import os
import sys
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# ReportLab is imported where a font is registered: the program's start reads which fonts
# the society chose (this module) without loading ReportLab, which only printing needs.

log = logging.getLogger(__name__)

MINCHO = "GojokaiMincho"
GOTHIC = "GojokaiGothic"
CID_MINCHO = "HeiseiMin-W3"
CID_GOTHIC = "HeiseiKakuGo-W5"

# (file name, sub-font index in a .ttc); MS fonts first because Windows installs them
# everywhere and they allow embedding.  Noto CJK ships as CFF-outlined OTF/TTC, which
# ReportLab cannot embed, so only TrueType-outlined Noto files are worth trying.
_MINCHO_FILES: tuple[tuple[str, int], ...] = (
    ("msmincho.ttc", 0),
    ("yumin.ttf", 0),
    ("ipaexm.ttf", 0),
    ("ipam.ttf", 0),
    ("fonts-japanese-mincho.ttf", 0),
    ("NotoSerifJP-Regular.ttf", 0),
)
_GOTHIC_FILES: tuple[tuple[str, int], ...] = (
    ("msgothic.ttc", 0),
    ("YuGothM.ttc", 0),
    ("yugothic.ttf", 0),
    ("ipaexg.ttf", 0),
    ("ipag.ttf", 0),
    ("fonts-japanese-gothic.ttf", 0),
    ("NotoSansJP-Regular.ttf", 0),
)


@dataclass(frozen=True)
class FontSet:
    """The registered font names to pass to ReportLab, and whether they are embedded."""

    mincho: str
    gothic: str
    embedded: bool
    mincho_source: str
    gothic_source: str

    def face(self, name: str) -> str:
        """Return the ReportLab font name of a template face (``mincho`` or ``gothic``)."""
        return self.gothic if name == "gothic" else self.mincho


def font_directories() -> list[Path]:
    """Return the directories searched for Japanese fonts on this system."""
    if sys.platform.startswith("win"):
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", "")) / "Microsoft" / "Windows" / "Fonts"
        return [windir / "Fonts", local]
    if sys.platform == "darwin":
        return [
            Path("/Library/Fonts"),
            Path("/System/Library/Fonts"),
            Path.home() / "Library/Fonts",
        ]
    return [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        Path.home() / ".fonts",
        Path.home() / ".local/share/fonts",
    ]


def _index_fonts(directories: list[Path]) -> dict[str, Path]:
    """Map lower-cased file names to paths, walking each directory once."""
    found: dict[str, Path] = {}
    for directory in directories:
        if not directory.is_dir():
            continue
        for root, _dirs, files in os.walk(directory):
            for file in files:
                found.setdefault(file.lower(), Path(root) / file)
    return found


def _try_register(name: str, path: Path, index: int) -> bool:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    try:
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
    except (TTFError, OSError) as exc:
        log.info("font %s not usable: %s", path, exc)
        return False
    return True


def _register_first(
    name: str,
    configured: Path | None,
    candidates: tuple[tuple[str, int], ...],
    index: dict[str, Path],
) -> str | None:
    if configured is not None:
        if _try_register(name, configured, 0):
            return str(configured)
        log.warning("configured font %s cannot be used; searching the system", configured)
    for file, sub in candidates:
        path = index.get(file.lower())
        if path is not None and _try_register(name, path, sub):
            return str(path)
    return None


# The society's configured faces (印刷設定), used by every renderer not handed a FontSet.
_society_fonts: FontSet | None = None
# Cleared while the settings are being read off the GUI thread after the start: a print in
# that moment waits for them rather than using the system's faces.
_society_fonts_known = threading.Event()
_society_fonts_known.set()
_WAIT_FOR_SETTINGS = 30.0


def use_society_fonts(fonts: FontSet | None) -> None:
    """Make ``fonts`` the default for lists, labels and reports (None: the system search)."""
    global _society_fonts  # noqa: PLW0603 - one process, one society's printing settings
    _society_fonts = fonts
    _society_fonts_known.set()


def expect_society_fonts() -> None:
    """The society's faces are being read; :func:`default_fonts` waits until
    :func:`use_society_fonts` (or :func:`society_fonts_unknown`) says which they are."""
    _society_fonts_known.clear()


def society_fonts_unknown() -> None:
    """Reading the settings failed: the system's faces are used."""
    _society_fonts_known.set()


def default_fonts() -> FontSet:
    """The configured faces when the society set them, else the system's Japanese fonts."""
    _society_fonts_known.wait(_WAIT_FOR_SETTINGS)
    return _society_fonts or register_fonts()


@lru_cache(maxsize=8)
def register_fonts(
    mincho_path: Path | None = None,
    gothic_path: Path | None = None,
    directories: tuple[Path, ...] | None = None,
) -> FontSet:
    """Register the Mincho and Gothic faces once and return their names.

    A configured path wins over the system search.  When no TrueType Japanese font is found,
    the built-in CID fonts are used: they need the viewer to supply glyphs, so a warning is
    logged because such a PDF may look different on another PC.
    """
    index = _index_fonts(list(directories) if directories is not None else font_directories())
    mincho = _register_first(MINCHO, mincho_path, _MINCHO_FILES, index)
    gothic = _register_first(GOTHIC, gothic_path, _GOTHIC_FILES, index)
    if mincho is None and gothic is not None:
        mincho = _register_first(MINCHO, Path(gothic), (), index)
    if gothic is None and mincho is not None:
        gothic = _register_first(GOTHIC, Path(mincho), (), index)
    if mincho is not None and gothic is not None:
        return FontSet(MINCHO, GOTHIC, True, mincho, gothic)
    log.warning(
        "no Japanese TrueType font found (install IPAex or set a font path); "
        "falling back to %s / %s, which are not embedded",
        CID_MINCHO,
        CID_GOTHIC,
    )
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(CID_MINCHO))
    pdfmetrics.registerFont(UnicodeCIDFont(CID_GOTHIC))
    return FontSet(CID_MINCHO, CID_GOTHIC, False, CID_MINCHO, CID_GOTHIC)
