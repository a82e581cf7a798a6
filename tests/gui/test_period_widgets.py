"""The month field and the fiscal-year box, and typing into a pre-filled field."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from gojokai_desktop.domain.fiscal import APRIL_START
from gojokai_desktop.ui.widgets import FiscalYearEdit, MonthEdit, WarekiDateEdit, YenEdit
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui


class Fields(QWidget):
    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.month = MonthEdit(field="請求月", required=True)
        self.year = FiscalYearEdit(year=2026)
        self.date = WarekiDateEdit(field="入金日")
        self.amount = YenEdit(field="入金額")
        self.other = QLineEdit()
        for widget in (self.month, self.year, self.date, self.amount, self.other):
            layout.addWidget(widget)


@pytest.fixture
def fields(qtbot: QtBot) -> Fields:
    widget = Fields()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.mark.parametrize(
    "typed", ["R7.4", "令和7年4月", "7.4", "2025/4", "2025-04", "２０２５年４月", "R7.4.15"]
)
def test_the_month_field_takes_every_form_a_clerk_types(qtbot, fields, typed) -> None:
    fields.month.setFocus()
    type_text(fields.month, typed)
    qtbot.keyClick(fields.month, Qt.Key.Key_Return)
    assert (fields.month.month(), fields.month.text()) == (dt.date(2025, 4, 1), "令和7年4月")


def test_a_refused_month_names_the_field_and_what_is_expected(qtbot, fields) -> None:
    type_text(fields.month, "R7.13")
    qtbot.keyClick(fields.month, Qt.Key.Key_Return)
    assert fields.month.month() is None
    assert fields.month.error() == "「R7.13」の月が違います（1〜12月で入力してください）"


def test_the_fiscal_year_box_shows_and_takes_the_era(qtbot, fields) -> None:
    year = fields.year
    assert year.text() == "令和8年度"
    year.stepUp()
    assert (year.value(), year.text()) == (2027, "令和9年度")
    year.lineEdit().selectAll()
    type_text(year.lineEdit(), "R1")
    year.interpretText()
    assert (year.value(), year.text()) == (2019, "平成31年度")  # the era of its first day
    year.set_label_rule(APRIL_START, "reiwa_gannen")
    assert year.text() == "令和元年度"  # a society that writes 令和元年度
    year.lineEdit().selectAll()
    type_text(year.lineEdit(), "2025")
    year.interpretText()
    assert (year.value(), year.text()) == (2025, "令和7年度")


def test_typing_into_a_prefilled_date_replaces_it(qtbot, fields) -> None:
    fields.date.setDate(dt.date(2026, 12, 3))
    fields.amount.setValue(1_500)
    for edit, typed, shown in (
        (fields.date, "R8.12.21", "令和8年12月21日(月)"),
        (fields.amount, "2000", "2,000"),
    ):
        qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)  # as a clerk clicks into it
        qtbot.waitUntil(edit.hasFocus)
        qtbot.waitUntil(lambda e=edit: e.selectedText() == e.text())
        type_text(edit, typed)
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
        assert edit.text() == shown
    assert fields.date.date() == dt.date(2026, 12, 21)
