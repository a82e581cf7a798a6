"""WarekiDateEdit: a date field that reads every form clerks type and shows 令和7年4月1日(火)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from gojokai_desktop.domain.wareki import MAX_DATE, MIN_DATE, format_wareki, parse_date
from gojokai_desktop.ui.widgets.validated_edit import ValidatedLineEdit

LONGEST_TEXT = "令和88年12月28日(水)"


def _calendar_icon() -> QIcon:
    """A small drawn calendar, so the button needs no image file or emoji font."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor("#4a5563"))
    painter.setBrush(QColor("white"))
    painter.drawRoundedRect(QRect(3, 5, 26, 24), 3, 3)
    painter.fillRect(QRect(4, 6, 25, 7), QColor("#2f6db5"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor("#4a5563"))
    for row in range(3):
        for column in range(4):
            painter.drawRect(QRect(7 + column * 5, 15 + row * 4, 3, 2))
    painter.end()
    return QIcon(pixmap)


class _CalendarPopup(QFrame):
    """The drop-down month calendar of a WarekiDateEdit."""

    def __init__(self, edit: WarekiDateEdit) -> None:
        super().__init__(edit, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setLocale(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
        self.calendar.setMinimumDate(QDate(MIN_DATE.year, MIN_DATE.month, MIN_DATE.day))
        self.calendar.setMaximumDate(QDate(MAX_DATE.year, MAX_DATE.month, MAX_DATE.day))
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Sunday)
        self.era_label = QLabel(self)  # the header shows 1970; the clerk thinks 昭和45年
        self.era_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.calendar.selectionChanged.connect(self._on_calendar_selection_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        layout.addWidget(self.era_label)

    def _on_calendar_selection_changed(self) -> None:
        chosen = self.calendar.selectedDate()
        self.era_label.setText(
            format_wareki(dt.date(chosen.year(), chosen.month(), chosen.day()), weekday=True)
        )


class WarekiDateEdit(ValidatedLineEdit):
    """A date field: ``R7.4.1``, ``令和7年4月1日``, ``2025/4/1``, ``20250401``, … all work.

    On Enter or focus-out the text becomes ``令和7年4月1日(火)``. The calendar button (or
    Alt+↓, F4) opens a month calendar. ``date_changed`` carries the new ``date`` or ``None``.
    """

    date_changed = Signal(object)

    default_field = "日付"

    def __init__(
        self, parent: QWidget | None = None, *, field: str = "", required: bool = False
    ) -> None:
        super().__init__(parent, field=field, required=required)
        self.setPlaceholderText("例: R7.4.1、2025/4/1")
        self.setHint("R7.4.1、令和7年4月1日、2025/4/1、20250401 のどれでも入力できます")
        self.value_changed.connect(self.date_changed)
        self._popup: _CalendarPopup | None = None
        action = self.addAction(_calendar_icon(), QLineEdit.ActionPosition.TrailingPosition)
        action.setToolTip("カレンダーから選ぶ（Alt+↓）")
        action.triggered.connect(self.open_calendar)

    def parse(self, text: str) -> object:
        return parse_date(text, self.field())

    def display(self, value: object) -> str:
        assert isinstance(value, dt.date)
        return format_wareki(value, weekday=True)

    def date(self) -> dt.date | None:
        """The accepted date, or ``None`` when empty or not yet valid."""
        value = self._value
        return value if isinstance(value, dt.date) else None

    def setDate(self, value: dt.date | None) -> None:
        self._set_value(value)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setWidth(max(hint.width(), self.fontMetrics().horizontalAdvance(LONGEST_TEXT) + 48))
        return hint

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(LONGEST_TEXT) + 48)
        return hint

    def calendar(self) -> QCalendarWidget:
        """The month calendar of the popup (created on first use)."""
        if self._popup is None:
            self._popup = _CalendarPopup(self)
            self._popup.calendar.clicked.connect(self._on_calendar_chosen)
            self._popup.calendar.activated.connect(self._on_calendar_chosen)
        return self._popup.calendar

    def open_calendar(self) -> None:
        """Show the calendar under the field, on the current date (or today)."""
        self.commit()
        calendar = self.calendar()
        shown = self.date() or dt.date.today()
        calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        popup = self._popup
        assert popup is not None
        popup.adjustSize()
        popup.move(self.mapToGlobal(QPoint(0, self.height())))
        popup.show()
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _on_calendar_chosen(self, chosen: QDate) -> None:
        if self._popup is not None:
            self._popup.hide()
        self.setDate(dt.date(chosen.year(), chosen.month(), chosen.day()))
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        opens = event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if opens:
            self.open_calendar()
            return
        super().keyPressEvent(event)
