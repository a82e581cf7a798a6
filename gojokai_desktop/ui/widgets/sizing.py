"""Window sizes that suit the screen: a dialog asks for room, it gets what the screen has.

Office PCs still run at 1,024×768; a dialog that opens 1,000 pixels tall there has its
buttons below the taskbar. Every dialog that wants a size asks through :func:`resize_within`.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: What is left of 1,024×768 after the taskbar and a window frame.
SMALL_SCREEN = (1024, 728)


def resize_within(widget: QWidget, width: int, height: int) -> None:
    """Resize to ``width``×``height``, but never beyond the screen's free area (nor below
    the widget's minimum size)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    free_w, free_h = SMALL_SCREEN
    if screen is not None:
        area = screen.availableGeometry()
        free_w, free_h = area.width(), area.height()
    minimum = widget.minimumSizeHint()
    widget.resize(
        max(min(width, free_w), minimum.width()), max(min(height, free_h), minimum.height())
    )
