"""One way for every form to say what is wrong: all failed fields listed, each one marked.

A dialog gives :class:`FormErrors` its message label and its fields by their Japanese names
(the ``field`` of a :class:`ValidationError`); :meth:`FormErrors.show` then lists every
problem of a refused action (one line each, never cut off) and frames each named field in
red, and :meth:`FormErrors.clear` takes it all away before the next try.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtWidgets import QDialog, QLabel, QWidget

from gojokai_desktop.domain.errors import RuleViolation, ValidationError, problems_of
from gojokai_desktop.ui.widgets.validated_edit import ERROR_COLOR, ValidatedLineEdit

_MARK_PROPERTY = "formError"
_MARK_STYLE = f"border: 2px solid {ERROR_COLOR.name()}; border-radius: 3px;"


class FormErrors:
    """The message label of a form and the fields it can mark, by field name."""

    def __init__(self, label: QLabel, fields: Mapping[str, QWidget] | None = None) -> None:
        self.label = label
        self.fields: dict[str, QWidget] = dict(fields or {})
        label.setWordWrap(True)
        label.setStyleSheet(f"color: {ERROR_COLOR.name()};")
        label.setObjectName(label.objectName() or "errorLabel")
        self._marked: list[QWidget] = []

    def add_field(self, name: str, widget: QWidget) -> None:
        self.fields[name] = widget

    def clear(self) -> None:
        """Remove the message and the marks (before the next try)."""
        self.label.clear()
        for widget in self._marked:
            if isinstance(widget, ValidatedLineEdit):
                widget.commit()  # its own check decides whether the frame stays
            else:
                widget.setStyleSheet("")
            widget.setProperty(_MARK_PROPERTY, False)
        self._marked.clear()

    def problems(self) -> list[str]:
        """The lines shown now (for tests and the log)."""
        text = self.label.text()
        return [line.removeprefix("・") for line in text.splitlines() if line]

    def show(self, error: ValidationError | RuleViolation | Iterable[ValidationError]) -> None:
        """List every problem of ``error`` and mark the fields it names; focus the first."""
        self.clear()
        if isinstance(error, RuleViolation):
            self._set_text([error.message])
            return
        problems = (
            list(problems_of(error))
            if isinstance(error, ValidationError)
            else [p for e in error for p in problems_of(e)]
        )
        lines = [f"{p.field}: {p.message}" if p.field else p.message for p in problems]
        self._set_text(lines)
        first: QWidget | None = None
        for problem in problems:
            widget = self.fields.get(problem.field)
            if widget is None:
                continue
            self._mark(widget, problem.message)
            first = first or widget
        if first is not None:
            first.setFocus()

    def _mark(self, widget: QWidget, message: str) -> None:
        if isinstance(widget, ValidatedLineEdit):
            widget.mark_error(message)
        else:
            # Only the widget itself: a table's header and scroll bars keep their look.
            widget.setStyleSheet(f"{widget.metaObject().className()} {{ {_MARK_STYLE} }}")
            widget.setToolTip(message)
        widget.setProperty(_MARK_PROPERTY, True)
        self._marked.append(widget)

    def marked(self) -> list[QWidget]:
        """The fields marked now."""
        return list(self._marked)

    def _set_text(self, lines: list[str]) -> None:
        self.label.setText("\n".join(f"・{line}" for line in lines) if len(lines) > 1 else
                           (lines[0] if lines else ""))  # fmt: skip
        self.label.show()
        window = self.label.window()
        if isinstance(window, QDialog):
            # A longer message must not be cut off: grow the dialog to what it now needs.
            needed = window.sizeHint()
            if window.height() < needed.height() or window.width() < needed.width():
                window.resize(max(window.width(), needed.width()),
                              max(window.height(), needed.height()))  # fmt: skip
