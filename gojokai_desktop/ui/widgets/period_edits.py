"""The month field (請求月 …) and the fiscal-year box (令和8年度): era input and era display.

One month widget and one fiscal-year widget for every screen, so a clerk types ``R7.4`` or
``令和8年度`` wherever a month or a year is asked and always reads the era back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QSpinBox, QWidget

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import APRIL_START, FiscalCalendar, parse_fiscal_year
from gojokai_desktop.domain.wareki import format_wareki_month, parse_month
from gojokai_desktop.ui.widgets.validated_edit import ValidatedLineEdit

if TYPE_CHECKING:
    from gojokai_desktop.services.context import AppContext

LONGEST_MONTH = "令和88年12月"
LONGEST_YEAR = "令和88年度"


class MonthEdit(ValidatedLineEdit):
    """A month: ``R7.4``, ``令和7年4月``, ``7.4``, ``2025/4``, ``2025-04`` … shown ``令和7年4月``.

    The value is the 1st of the month (``date``); ``month_changed`` carries it or ``None``.
    """

    default_field = "年月"

    def __init__(
        self, parent: QWidget | None = None, *, field: str = "", required: bool = False
    ) -> None:
        super().__init__(parent, field=field, required=required)
        self.setPlaceholderText("例: R7.4、2025/4")
        self.setHint("R7.4、令和7年4月、7.4、2025/4、2025-04 のどれでも入力できます")

    def parse(self, text: str) -> object:
        return parse_month(text, self.field())

    def display(self, value: object) -> str:
        assert isinstance(value, dt.date)
        return format_wareki_month(value)

    def month(self) -> dt.date | None:
        """The accepted month (its 1st day), or ``None`` when empty or not yet valid."""
        value = self._value
        return value if isinstance(value, dt.date) else None

    def setMonth(self, value: dt.date | None) -> None:
        self._set_value(None if value is None else value.replace(day=1))

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setWidth(self.fontMetrics().horizontalAdvance(LONGEST_MONTH) + 24)
        return hint

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class FiscalYearEdit(QSpinBox):
    """A fiscal year shown with its era (``令和8年度``); arrows step a year, typing takes
    ``令和8年度``, ``R8``, ``2026`` or ``8``. ``value()`` is the int year (2026).

    The label follows the society's rule (``start``: FY2019 = 平成31年度, ``reiwa_gannen``:
    令和元年度); give it with :meth:`set_label_rule`, or build with :func:`fiscal_year_edit`.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        year: int | None = None,
        labeler: Callable[[int], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._calendar: FiscalCalendar = APRIL_START
        self._era_rule = "start"
        self._labeler = labeler  # a screen that already has the society's label function
        self.setRange(1990, 2100)
        self.setAccelerated(True)
        self.setToolTip("令和8年度、R8、2026 のどれでも入力できます（↑↓で1年ずつ）")
        if year is not None:
            self.setValue(year)

    def set_label_rule(self, calendar: FiscalCalendar, era_rule: str) -> None:
        """How years are labelled (the society's fiscal-year start and era rule)."""
        self._calendar, self._era_rule = calendar, era_rule
        line = self.lineEdit()
        if line is not None:
            line.setText(self.textFromValue(self.value()))

    def textFromValue(self, value: int) -> str:
        if self._labeler is not None:
            return self._labeler(value)
        return self._calendar.label(value, era_rule=self._era_rule)

    def valueFromText(self, text: str) -> int:
        try:
            return parse_fiscal_year(text)
        except ValidationError:
            return self.value()

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        try:
            year = parse_fiscal_year(text)
        except ValidationError:
            return QValidator.State.Intermediate, text, pos
        state = (
            QValidator.State.Acceptable
            if self.minimum() <= year <= self.maximum()
            else QValidator.State.Intermediate
        )
        return state, text, pos

    def fixup(self, text: str) -> str:
        return self.textFromValue(self.value())

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        hint.setWidth(max(hint.width(), self.fontMetrics().horizontalAdvance(LONGEST_YEAR) + 40))
        return hint

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


def fiscal_year_edit(
    ctx: AppContext, year: int | None = None, parent: QWidget | None = None
) -> FiscalYearEdit:
    """A fiscal-year box labelled by the society's rule, on ``year`` (default: this year)."""
    # Loaded here, not at the top: the widgets package is imported before the services are.
    from gojokai_desktop.services.society import load_profile

    profile = load_profile(ctx)
    calendar = profile.calendar if profile is not None else APRIL_START
    edit = FiscalYearEdit(parent)
    edit.set_label_rule(calendar, profile.fiscal_label_rule if profile is not None else "start")
    edit.setValue(calendar.year_of(ctx.today()) if year is None else year)
    return edit
