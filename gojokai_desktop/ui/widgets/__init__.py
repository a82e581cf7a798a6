"""Input widgets used in every form: era dates, yen, フリガナ, postal codes, Enter-to-next-field."""

from gojokai_desktop.ui.widgets.enter_focus import EnterMovesFocusFilter, install_enter_moves_focus
from gojokai_desktop.ui.widgets.flow_layout import FlowLayout
from gojokai_desktop.ui.widgets.form_errors import FormErrors
from gojokai_desktop.ui.widgets.period_edits import FiscalYearEdit, MonthEdit, fiscal_year_edit
from gojokai_desktop.ui.widgets.validated_edit import FieldErrorLabel, ValidatedLineEdit
from gojokai_desktop.ui.widgets.value_edits import KanaEdit, PostalCodeEdit, YenEdit
from gojokai_desktop.ui.widgets.wareki_date_edit import WarekiDateEdit

__all__ = [
    "EnterMovesFocusFilter",
    "FieldErrorLabel",
    "FiscalYearEdit",
    "FlowLayout",
    "FormErrors",
    "KanaEdit",
    "MonthEdit",
    "PostalCodeEdit",
    "ValidatedLineEdit",
    "WarekiDateEdit",
    "YenEdit",
    "fiscal_year_edit",
    "install_enter_moves_focus",
]
