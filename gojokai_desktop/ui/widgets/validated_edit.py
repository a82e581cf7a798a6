"""The shared behaviour of the input widgets: parse on Enter/focus-out, reformat, show errors."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from gojokai_desktop.domain.errors import ValidationError

ERROR_COLOR = QColor("#c62828")
ERROR_BACKGROUND = QColor("#fff3f3")


class ValidatedLineEdit(QLineEdit):
    """A line edit that holds a parsed value, not just text.

    When editing finishes (Enter, or focus leaving the field) the text is parsed by
    :meth:`parse`; a good value is shown again in its normal form (:meth:`display`), a bad one
    leaves the text as typed, draws a red frame and puts the :class:`ValidationError` message in
    the tooltip and in :meth:`error`. Escape puts back the last good value. An empty field is a
    ``None`` value, which is an error only when the field is required.

    Subclasses override :meth:`parse` and :meth:`display` and nothing else.
    """

    value_changed = Signal(object)
    error_changed = Signal(object)

    default_field = "この欄"

    def __init__(
        self, parent: QWidget | None = None, *, field: str = "", required: bool = False
    ) -> None:
        super().__init__(parent)
        self._field = field or self.default_field
        self._required = required
        self._value: object | None = None
        self._last_good: object | None = None  # what Escape puts back
        self._error: str | None = None
        self._hint = ""

    # ------------------------------------------------------------ subclass hooks
    def parse(self, text: str) -> object:
        """Turn non-empty text into the value, or raise :class:`ValidationError`."""
        raise NotImplementedError

    def display(self, value: object) -> str:
        """The text that shows ``value`` in its normal form."""
        return str(value)

    # ------------------------------------------------------------ public API
    def field(self) -> str:
        """The Japanese field name used in messages (e.g. 生年月日)."""
        return self._field

    def setField(self, field: str) -> None:
        self._field = field

    def isRequired(self) -> bool:
        return self._required

    def setRequired(self, required: bool) -> None:
        self._required = required

    def setHint(self, hint: str) -> None:
        """The tooltip shown while the value is fine (the error replaces it)."""
        self._hint = hint
        if self._error is None:
            self.setToolTip(hint)

    def error(self) -> str | None:
        """The message of the current error, or ``None`` when the value is acceptable."""
        return self._error

    def commit(self) -> bool:
        """Parse the text now (as on Enter or focus-out); return whether it was accepted."""
        text = self.text()
        value: object | None = None
        error: str | None = None
        if not text.strip():
            if self._required:
                error = f"{self._field}を入力してください"
            elif text:
                self.setText("")
        else:
            try:
                value = self.parse(text)
            except ValidationError as exc:
                error = exc.message
            else:
                shown = self.display(value)
                if shown != text:
                    self.setText(shown)
        self._set_error(error)
        self._store(value)
        if error is None:
            self._last_good = value
        return error is None

    def mark_error(self, message: str) -> None:
        """Show ``message`` as this field's error (a check elsewhere refused the value); the
        next edit that parses clears it."""
        self._set_error(message)

    def _set_value(self, value: object | None) -> None:
        """Show ``value`` as if it had been typed and accepted."""
        self.setText("" if value is None else self.display(value))
        self._set_error(None)
        self._store(value)
        self._last_good = value

    # ------------------------------------------------------------ internals
    def _store(self, value: object | None) -> None:
        if value != self._value:
            self._value = value
            self.value_changed.emit(value)

    def _set_error(self, error: str | None) -> None:
        if error == self._error:
            return
        self._error = error
        self.setProperty("invalid", error is not None)
        self.setToolTip(error if error is not None else self._hint)
        self.setAccessibleDescription(error or "")
        if error is None:
            self.setPalette(QPalette())  # inherit again from the parent
        else:
            palette = QPalette(self.palette())
            palette.setColor(QPalette.ColorRole.Base, ERROR_BACKGROUND)
            self.setPalette(palette)
        self.update()
        self.error_changed.emit(error)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        # A pre-filled value (today's date, a suggested amount) is replaced by typing, not
        # appended to: select it all. Later, so a mouse click's own cursor placement is over.
        if event.reason() != Qt.FocusReason.PopupFocusReason and self.text():
            QTimer.singleShot(0, self, self._select_all_if_focused)

    def _select_all_if_focused(self) -> None:
        if self.hasFocus():
            self.selectAll()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        # A context menu or the calendar popup takes focus for a moment; editing goes on.
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.commit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in {Qt.Key.Key_Return, Qt.Key.Key_Enter}:
            self.commit()
        elif event.key() == Qt.Key.Key_Escape and self._reverted():
            return
        super().keyPressEvent(event)

    def _reverted(self) -> bool:
        """Put back the last good value; ``False`` when there was nothing to undo."""
        shown = "" if self._last_good is None else self.display(self._last_good)
        if self.text() == shown and self._error is None:
            return False
        self._set_value(self._last_good)
        return True

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._error is not None:
            painter = QPainter(self)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(ERROR_COLOR, 2))
            painter.drawRoundedRect(self.rect().adjusted(1, 1, -1, -1), 3, 3)
            painter.end()


class FieldErrorLabel(QLabel):
    """A small red line under a field that shows the field's error, hidden when there is none."""

    def __init__(self, edit: ValidatedLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet(f"color: {ERROR_COLOR.name()};")
        edit.error_changed.connect(self._on_edit_error_changed)
        self._on_edit_error_changed(edit.error())

    def _on_edit_error_changed(self, error: object) -> None:
        self.setText(str(error) if error else "")
        self.setVisible(bool(error))
