"""Fit text into a box: shrink to a minimum size, then wrap, then cut with an ellipsis."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase.pdfmetrics import stringWidth

LEADING = 1.2
# Below this no clerk can read the print anyway; past it the text is cut and flagged.
FLOOR_SIZE = 4.0
ELLIPSIS = "…"
# Characters that must not start a line (行頭禁則) and must not end one (行末禁則).
_NO_LINE_START = frozenset(
    "、。，．,.)）」』】〕］}｝〉》ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々・：；:;!?！？"
)
_NO_LINE_END = frozenset("(（「『【〔［{｛〈《")


@dataclass(frozen=True)
class FittedText:
    """Lines to draw at ``size`` points; ``truncated`` when the text had to be cut."""

    lines: tuple[str, ...]
    size: float
    truncated: bool = False

    @property
    def leading(self) -> float:
        """Distance between baselines in points."""
        return self.size * LEADING


@lru_cache(maxsize=65536)
def text_width(text: str, font: str, size: float) -> float:
    """Width in points; cached because forms repeat the same labels thousands of times."""
    return float(stringWidth(text, font, size))


@lru_cache(maxsize=16384)
def _char_width(char: str, font: str) -> float:
    """Width of one character at 1 pt; ReportLab adds widths without kerning, so sums match."""
    return float(stringWidth(char, font, 1.0))


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Break at explicit newlines and wherever the next character would pass ``width``.

    Japanese has no spaces to break at, so any character boundary will do, except that
    closing punctuation stays with the line before it (kinsoku).
    """
    limit = width / size
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current: list[str] = []
        used = 0.0
        for char in paragraph:
            step = _char_width(char, font)
            if current and used + step > limit:
                carry: list[str] = []
                if len(current) > 1 and (char in _NO_LINE_START or current[-1] in _NO_LINE_END):
                    carry = [current.pop()]
                lines.append("".join(current))
                current = carry
                used = sum(_char_width(c, font) for c in current)
            current.append(char)
            used += step
        lines.append("".join(current))
    return lines


def _cut(line: str, font: str, size: float, width: float) -> str:
    limit = width / size - _char_width(ELLIPSIS, font)
    used = 0.0
    for count, char in enumerate(line):
        used += _char_width(char, font)
        if used > limit:
            return line[:count] + ELLIPSIS
    return line + ELLIPSIS


def _lines_that_fit(height: float, size: float) -> int:
    # The last line needs only its own size, not a full leading below it.
    if height < size:
        return 0
    return 1 + int((height - size) // (size * LEADING) + 1e-9)


def fit_text(
    text: str,
    font: str,
    width: float,
    height: float,
    *,
    size: float,
    min_size: float,
    wrap: bool = True,
) -> FittedText:
    """Return how ``text`` fits a ``width`` × ``height`` point box starting at ``size``.

    One line at ``size`` if it fits; else one line shrunk as far as ``min_size``; else
    wrapped lines at the largest size from ``size`` down to ``min_size`` (then to
    ``FLOOR_SIZE``) whose lines all fit; else cut with an ellipsis and flagged.
    """
    if not text:
        return FittedText((), size)
    size = min(size, max(height, FLOOR_SIZE))
    if "\n" not in text:
        full = text_width(text, font, size)
        if full <= width:
            return FittedText((text,), size)
        shrunk = _floor_half(size * width / full)
        if shrunk >= min_size and text_width(text, font, shrunk) <= width:
            return FittedText((text,), shrunk)
    if wrap:
        trial = size
        while trial >= FLOOR_SIZE:
            lines = wrap_lines(text, font, trial, width)
            if len(lines) <= _lines_that_fit(height, trial):
                return FittedText(tuple(lines), trial)
            trial -= 0.5
    smallest = max(FLOOR_SIZE, min(min_size, size))
    if not wrap:
        return FittedText((_cut(text, font, smallest, width),), smallest, truncated=True)
    lines = wrap_lines(text, font, smallest, width)
    keep = max(1, _lines_that_fit(height, smallest))
    kept = [
        *lines[: keep - 1],
        _cut(lines[keep - 1] + "".join(lines[keep:]), font, smallest, width),
    ]
    return FittedText(tuple(kept), smallest, truncated=True)


def _floor_half(size: float) -> float:
    return int(size * 2) / 2
