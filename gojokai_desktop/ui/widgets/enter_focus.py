"""Enter moves to the next field (Shift+Enter to the previous), as clerks expect from forms."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QRadioButton,
    QWidget,
)

#: Widgets where Enter means "next field". Buttons keep Enter (it presses them) and multi-line
#: text keeps it (it starts a new line).
FIELD_TYPES: tuple[type[QWidget], ...] = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QCheckBox,
    QRadioButton,
)
_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}


class EnterMovesFocusFilter(QObject):
    """An event filter: Enter in a watched field moves focus as Tab would, Shift+Enter as Backtab.

    The field sees focus leave, so a :class:`ValidatedLineEdit` parses and reformats its text
    exactly as on Tab. Enter is left alone while a completer's list or a combo box's list is
    open, since it chooses an entry there.
    """

    def watch(self, widget: QWidget) -> None:
        """Make Enter move on from ``widget``."""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return super().eventFilter(watched, event)
        assert isinstance(event, QKeyEvent)
        if event.key() not in _ENTER_KEYS or _choosing_from_list(watched):
            return super().eventFilter(watched, event)
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if modifiers not in {Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier}:
            return super().eventFilter(watched, event)
        back = modifiers == Qt.KeyboardModifier.ShiftModifier
        tab_key = Qt.Key.Key_Backtab if back else Qt.Key.Key_Tab
        tab_modifiers = (
            Qt.KeyboardModifier.ShiftModifier if back else Qt.KeyboardModifier.NoModifier
        )
        QApplication.sendEvent(watched, QKeyEvent(QEvent.Type.KeyPress, tab_key, tab_modifiers))
        return True


def _choosing_from_list(widget: QWidget) -> bool:
    if isinstance(widget, QLineEdit):
        completer = widget.completer()
        popup = completer.popup() if completer is not None else None
    elif isinstance(widget, QComboBox):
        popup = widget.view()
    else:
        return False
    return popup is not None and popup.isVisible()


def install_enter_moves_focus(root: QWidget) -> EnterMovesFocusFilter:
    """Make Enter move to the next field in every field under ``root`` (built so far).

    Fields added later are watched with ``filter.watch(widget)``. A line edit inside a combo
    box or a spin box is skipped: its owner is watched instead.
    """
    enter_filter = EnterMovesFocusFilter(root)
    for widget in root.findChildren(QWidget):
        if isinstance(widget, FIELD_TYPES) and not isinstance(
            widget.parentWidget(), (QComboBox, QAbstractSpinBox)
        ):
            enter_filter.watch(widget)
    return enter_filter
