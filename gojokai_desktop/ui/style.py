"""The look of the program: a calm style sheet and a Japanese UI font when one is installed."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

PREFERRED_FONTS = (
    "Yu Gothic UI",
    "Meiryo UI",
    "Meiryo",
    "IPAexGothic",
    "Noto Sans CJK JP",
    "IPAGothic",
)

STYLE_SHEET = """
QListWidget#navigation { font-size: 15px; background: #f3f5f8; border: none; }
QListWidget#navigation::item { padding: 10px 14px; }
QListWidget#navigation::item:selected { background: #2f6db5; color: white; }
QLabel#pageTitle { font-size: 20px; font-weight: bold; margin: 6px 0 10px 0; }
QFrame#figureCard { background: white; border: 1px solid #d5dbe3; border-radius: 6px; }
QLabel#figureCaption { color: #4a5563; }
QLabel#figureValue { font-size: 28px; font-weight: bold; color: #1d3f6e; }
QLabel#figureNote { color: #6b7280; }
"""


def apply_style(app: QApplication) -> None:
    """Pick the first installed Japanese font; without one, Qt's default still starts."""
    families = set(QFontDatabase.families())
    for family in PREFERRED_FONTS:
        if family in families:
            font = QFont(family)
            font.setPointSize(10)
            app.setFont(font)
            break
    app.setStyleSheet(STYLE_SHEET)
