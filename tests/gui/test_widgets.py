"""The input widgets driven like a clerk would: type, press Enter or Tab away, read what shows."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gojokai_desktop.ui.widgets import (
    FieldErrorLabel,
    KanaEdit,
    PostalCodeEdit,
    ValidatedLineEdit,
    WarekiDateEdit,
    YenEdit,
    install_enter_moves_focus,
)
from tests.gui.typing import type_text

pytestmark = pytest.mark.gui


class Form(QWidget):
    """A small member form with one of each widget, as the program's dialogs have."""

    def __init__(self) -> None:
        super().__init__()
        layout = QFormLayout(self)
        self.birth = WarekiDateEdit(field="生年月日", required=True)
        self.joined = WarekiDateEdit(field="入会日")
        self.dues = YenEdit(field="月会費")
        self.kana = KanaEdit()
        self.postal = PostalCodeEdit()
        self.note = QPlainTextEdit()
        self.save = QPushButton("保存")
        self.joined_error = FieldErrorLabel(self.joined)
        layout.addRow("生年月日", self.birth)
        layout.addRow("入会日", self.joined)
        layout.addRow("", self.joined_error)
        layout.addRow("月会費", self.dues)
        layout.addRow("フリガナ", self.kana)
        layout.addRow("郵便番号", self.postal)
        layout.addRow("備考", self.note)
        layout.addRow(self.save)
        self.enter_filter = install_enter_moves_focus(self)


@pytest.fixture
def form(qtbot: QtBot) -> Form:
    widget = Form()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def enter(qtbot: QtBot, edit: QWidget, text: str) -> None:
    """Focus the field, replace its text by typing, and press Enter."""
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    assert isinstance(edit, QLineEdit)
    edit.selectAll()
    if text.isascii():
        qtbot.keyClicks(edit, text)
    else:
        type_text(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def leave_by_focus(qtbot: QtBot, edit: QLineEdit, text: str, other: QWidget) -> None:
    """Type into the field and click into another one (focus-out, no Enter)."""
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    edit.selectAll()
    type_text(edit, text)
    other.setFocus()
    qtbot.waitUntil(other.hasFocus)


# ---------------------------------------------------------------- WarekiDateEdit
@pytest.mark.parametrize(
    ("typed", "shown", "value"),
    [
        ("R7.4.1", "令和7年4月1日(火)", dt.date(2025, 4, 1)),
        ("r7.4.11", "令和7年4月11日(金)", dt.date(2025, 4, 11)),
        ("2025/4/1", "令和7年4月1日(火)", dt.date(2025, 4, 1)),
        ("20250401", "令和7年4月1日(火)", dt.date(2025, 4, 1)),
        ("H31.4.30", "平成31年4月30日(火)", dt.date(2019, 4, 30)),
        ("S45-3-2", "昭和45年3月2日(月)", dt.date(1970, 3, 2)),
        ("令和元年5月1日", "令和元年5月1日(水)", dt.date(2019, 5, 1)),
        ("Ｒ７．４．１", "令和7年4月1日(火)", dt.date(2025, 4, 1)),
        ("令和7年4月1日（火）", "令和7年4月1日(火)", dt.date(2025, 4, 1)),
    ],
)
def test_date_edit_reformats_on_enter(
    qtbot: QtBot, form: Form, typed: str, shown: str, value: dt.date
) -> None:
    with qtbot.waitSignal(form.birth.date_changed) as signal:
        enter(qtbot, form.birth, typed)
    assert form.birth.text() == shown
    assert form.birth.date() == value
    assert signal.args == [value]
    assert form.birth.error() is None
    assert form.birth.property("invalid") is not True


def test_date_edit_reformats_on_focus_out(qtbot: QtBot, form: Form) -> None:
    leave_by_focus(qtbot, form.birth, "ｓ４５．３．２", form.dues)
    assert form.birth.text() == "昭和45年3月2日(月)"
    assert form.birth.date() == dt.date(1970, 3, 2)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("R7.2.29", "「R7.2.29」は存在しない日付です（令和7年2月は28日まで）"),
        ("H31.5.1", "平成は31年4月30日までです（平成31年5月1日は令和元年5月1日です）"),
        ("R7.4.1(水)", "令和7年4月1日は火曜日です（水曜日と入力されています）"),
        ("abc", "「abc」は日付として読めません（例: R7.4.1、令和7年4月1日、2025-04-01）"),
    ],
)
def test_date_edit_shows_the_error(qtbot: QtBot, form: Form, typed: str, message: str) -> None:
    enter(qtbot, form.birth, typed)
    assert form.birth.error() == message
    assert form.birth.toolTip() == message
    assert form.birth.property("invalid") is True
    assert form.birth.text() == typed  # left as typed, for the clerk to correct
    assert form.birth.date() is None


def test_date_edit_error_clears_when_corrected(qtbot: QtBot, form: Form) -> None:
    enter(qtbot, form.joined, "R7.2.29")
    assert form.joined_error.isVisible()
    assert form.joined_error.text() == "「R7.2.29」は存在しない日付です（令和7年2月は28日まで）"
    enter(qtbot, form.joined, "R7.2.28")
    assert form.joined.error() is None
    assert form.joined.text() == "令和7年2月28日(金)"
    assert form.joined.property("invalid") is False
    assert form.joined.toolTip().startswith("R7.4.1、令和7年4月1日")
    assert not form.joined_error.isVisible()


def test_required_and_optional_empty(qtbot: QtBot, form: Form) -> None:
    enter(qtbot, form.birth, "")
    assert form.birth.error() == "生年月日を入力してください"
    enter(qtbot, form.joined, "")
    assert form.joined.error() is None
    assert form.joined.date() is None


def test_set_date_and_clear(qtbot: QtBot, form: Form) -> None:
    with qtbot.waitSignal(form.joined.date_changed) as signal:
        form.joined.setDate(dt.date(2019, 5, 1))
    assert signal.args == [dt.date(2019, 5, 1)]
    assert form.joined.text() == "令和元年5月1日(水)"
    with qtbot.waitSignal(form.joined.date_changed) as signal:
        form.joined.setDate(None)
    assert signal.args == [None]
    assert form.joined.text() == ""


def test_escape_puts_back_the_last_good_date(qtbot: QtBot, form: Form) -> None:
    form.joined.setDate(dt.date(2025, 4, 1))
    enter(qtbot, form.joined, "R7.2.30")
    assert form.joined.error() is not None
    qtbot.keyClick(form.joined, Qt.Key.Key_Escape)
    assert form.joined.text() == "令和7年4月1日(火)"
    assert form.joined.error() is None
    assert form.joined.date() == dt.date(2025, 4, 1)


def test_calendar_popup_chooses_a_date(qtbot: QtBot, form: Form) -> None:
    form.joined.setDate(dt.date(1970, 3, 2))
    form.joined.setFocus()
    qtbot.waitUntil(form.joined.hasFocus)
    qtbot.keyClick(form.joined, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    calendar = form.joined.calendar()
    popup = calendar.parentWidget()
    assert popup is not None
    qtbot.waitUntil(popup.isVisible)
    assert calendar.selectedDate() == QDate(1970, 3, 2)
    with qtbot.waitSignal(form.joined.date_changed) as signal:
        calendar.clicked.emit(QDate(2025, 4, 11))
    assert signal.args == [dt.date(2025, 4, 11)]
    assert form.joined.text() == "令和7年4月11日(金)"
    assert not popup.isVisible()


# ---------------------------------------------------------------- YenEdit
@pytest.mark.parametrize(
    ("typed", "shown", "value"),
    [
        ("1234", "1,234", 1234),
        ("1234567", "1,234,567", 1_234_567),
        ("１，２３４", "1,234", 1234),
        ("￥1,234", "1,234", 1234),
        ("500円", "500", 500),
        ("0", "0", 0),
    ],
)
def test_yen_edit(qtbot: QtBot, form: Form, typed: str, shown: str, value: int) -> None:
    enter(qtbot, form.dues, typed)
    assert form.dues.text() == shown
    assert form.dues.value() == value
    assert form.dues.error() is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,34", "「12,34」はカンマの位置が違います（3桁ごとに区切ってください。例: 1,234）"),
        ("1,234.5", "「1,234.5」: 円未満は入力できません（1円単位の整数で入力してください）"),
        ("-500", "月会費にマイナスの金額は入力できません（0以上で入力してください）"),
        ("△500", "月会費にマイナスの金額は入力できません（0以上で入力してください）"),
    ],
)
def test_yen_edit_errors(qtbot: QtBot, form: Form, typed: str, message: str) -> None:
    enter(qtbot, form.dues, typed)
    assert form.dues.error() == message
    assert form.dues.value() is None


def test_yen_edit_negative_when_allowed(qtbot: QtBot) -> None:
    edit = YenEdit(allow_negative=True)
    qtbot.addWidget(edit)
    edit.setText("△1,500")
    assert edit.commit()
    assert edit.value() == -1500
    assert edit.text() == "-1,500"


def test_yen_edit_look(form: Form) -> None:
    assert form.dues.alignment() & Qt.AlignmentFlag.AlignRight
    assert not form.dues.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    form.dues.setValue(1_234_567)
    assert form.dues.text() == "1,234,567"
    form.dues.setValue(None)
    assert form.dues.text() == ""
    assert form.dues.value() is None


# ---------------------------------------------------------------- KanaEdit, PostalCodeEdit
@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("やまだ　たろう", "ヤマダ　タロウ"),
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ"),
        ("  ヤマダ   タロウ ", "ヤマダ　タロウ"),
        ("ｺｰﾋｰ", "コーヒー"),
    ],
)
def test_kana_edit(qtbot: QtBot, form: Form, typed: str, shown: str) -> None:
    leave_by_focus(qtbot, form.kana, typed, form.postal)
    assert form.kana.text() == shown
    assert form.kana.value() == shown


def test_kana_edit_names_the_bad_character(qtbot: QtBot, form: Form) -> None:
    enter(qtbot, form.kana, "ヤマダ　太郎")
    assert form.kana.error() == (
        "「太」はフリガナに使えません（カタカナで入力してください。例: ヤマダ　タロウ）"
    )
    assert form.kana.value() is None


@pytest.mark.parametrize("typed", ["9608101", "960-8101", "〒960-8101", "９６０ー８１０１"])
def test_postal_code_edit(qtbot: QtBot, form: Form, typed: str) -> None:
    enter(qtbot, form.postal, typed)
    assert form.postal.text() == "960-8101"
    assert form.postal.value() == "960-8101"


def test_postal_code_edit_error(qtbot: QtBot, form: Form) -> None:
    enter(qtbot, form.postal, "96081")
    assert form.postal.error() == (
        "「96081」は郵便番号として読めません。7桁の数字で入力してください（例: 960-8101）"
    )
    form.postal.setValue("123-4567")
    assert form.postal.error() is None
    assert form.postal.value() == "123-4567"


# ---------------------------------------------------------------- Enter moves focus
def test_enter_moves_to_the_next_field_and_back(qtbot: QtBot, form: Form) -> None:
    form.birth.setFocus()
    qtbot.waitUntil(form.birth.hasFocus)
    qtbot.keyClicks(form.birth, "R7.4.1")
    qtbot.keyClick(form.birth, Qt.Key.Key_Return)
    qtbot.waitUntil(form.joined.hasFocus)
    assert form.birth.text() == "令和7年4月1日(火)"
    qtbot.keyClick(form.joined, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(form.dues.hasFocus)
    qtbot.keyClicks(form.dues, "2000")
    qtbot.keyClick(form.dues, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(form.joined.hasFocus)
    assert form.dues.text() == "2,000"


def test_enter_keeps_its_meaning_in_text_areas_and_buttons(qtbot: QtBot, form: Form) -> None:
    form.note.setFocus()
    qtbot.waitUntil(form.note.hasFocus)
    qtbot.keyClicks(form.note, "a")
    qtbot.keyClick(form.note, Qt.Key.Key_Return)
    qtbot.keyClicks(form.note, "b")
    assert form.note.toPlainText() == "a\nb"
    assert form.note.hasFocus()
    form.save.setFocus()
    qtbot.waitUntil(form.save.hasFocus)
    qtbot.keyClick(form.save, Qt.Key.Key_Return)
    assert form.save.hasFocus()


def test_enter_moves_on_from_combo_boxes_and_spin_boxes(qtbot: QtBot, form: Form) -> None:
    combo = QComboBox(form)
    combo.setEditable(True)
    combo.addItems(["普通", "当座"])
    spin = QSpinBox(form)
    last = QLineEdit(form)
    for widget in (combo, spin, last):
        form.layout().addWidget(widget)
        form.enter_filter.watch(widget)
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.waitUntil(spin.hasFocus)
    assert QApplication.focusWidget() is spin
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    qtbot.waitUntil(last.hasFocus)


def test_fields_added_later_can_be_watched(qtbot: QtBot, form: Form) -> None:
    late = ValidatedLineEdit(form)
    form.layout().addWidget(late)
    form.enter_filter.watch(late)
    late.setFocus()
    qtbot.waitUntil(late.hasFocus)
    qtbot.keyClick(late, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(form.save.hasFocus)
