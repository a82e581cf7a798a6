"""Small pieces the event screens share: Japanese questions, errors, tables, the year."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.widgets import WarekiDateEdit


def ask(parent: QWidget, title: str, text: str, yes: str, no: str = "やめる") -> bool:
    """A question with Japanese buttons (the clerk reads what each one does)."""
    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is accept


def tell(parent: QWidget, title: str, text: str) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.addButton("閉じる", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def refuse(parent: QWidget, title: str, error: ValidationError | RuleViolation) -> None:
    """The service's message, with the field it names first."""
    text = error.message
    if isinstance(error, ValidationError) and error.field:
        text = f"【{error.field}】\n{error.message}"
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.addButton("閉じる", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def table(model: Any, *, multi: bool = False, sortable: bool = True) -> QTableView:
    """A read-only list: rows selected whole, sorted by the raw values of the model."""
    view = QTableView()
    if sortable:
        proxy = QSortFilterProxyModel(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(Qt.ItemDataRole.UserRole)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def fit(view: QTableView, widest: int = 260) -> None:
    """Columns as wide as their contents, none wider than ``widest`` pixels (1,024 wide
    screens show every column; a long title is cut, its whole text in the tooltip)."""
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for column in range(header.count()):
        if header.sectionSize(column) > widest:
            header.resizeSection(column, widest)


def source_rows(view: QTableView) -> list[int]:
    """The selected rows as rows of the source model (the view may be sorted)."""
    model = view.model()
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    if isinstance(model, QSortFilterProxyModel):
        return sorted(model.mapToSource(model.index(r, 0)).row() for r in rows)
    return rows


def current_source_row(view: QTableView) -> int | None:
    index = view.currentIndex()
    if not index.isValid():
        return None
    model = view.model()
    if isinstance(model, QSortFilterProxyModel):
        return model.mapToSource(index).row()
    return index.row()


def _input_dialog(parent: QWidget, title: str, label: str, ok: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(ok)
    dialog.setCancelButtonText("やめる")
    return dialog


def ask_text(
    parent: QWidget, title: str, label: str, ok: str = "決定", text: str = ""
) -> str | None:
    """A line of text (a reason) with Japanese buttons; None when the clerk backs out."""
    dialog = _input_dialog(parent, title, label, ok)
    dialog.setTextValue(text)
    if not dialog.exec():
        return None
    return dialog.textValue()


class ReasonAndDayDialog(QDialog):
    """取消: the reason and the day the member said so (the キャンセル料 depends on that day,
    which is not always the day the clerk enters it)."""

    def __init__(
        self, parent: QWidget | None, title: str, label: str, ok: str, day: dt.date
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        caption = QLabel(label)
        caption.setWordWrap(True)
        caption.setMinimumHeight(caption.fontMetrics().lineSpacing() * 2 + 4)
        layout.addWidget(caption)
        form = QFormLayout()
        self.reason = QLineEdit()
        self.day = WarekiDateEdit(field="取消日", required=True)
        self.day.setDate(day)
        form.addRow("理由", self.reason)
        form.addRow("取消日（連絡を受けた日）", self.day)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828")
        # Room for two lines of a message, so the dialog need not grow when one appears.
        self.message.setMinimumHeight(self.message.fontMetrics().lineSpacing() * 2 + 4)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("やめる", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_ok)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _on_ok(self) -> None:
        if not self.day.commit() or self.day.date() is None:
            self.message.setText(f"【取消日】{self.day.error() or '日付を入力してください。'}")
            return
        self.accept()

    def answer(self) -> tuple[str, dt.date]:
        day = self.day.date()
        assert day is not None
        return self.reason.text(), day


def ask_reason_and_day(
    parent: QWidget, title: str, label: str, ok: str, day: dt.date
) -> tuple[str, dt.date] | None:
    """A reason and a day (era input), or None when the clerk backs out."""
    dialog = ReasonAndDayDialog(parent, title, label, ok, day)
    if not dialog.exec():
        return None
    return dialog.answer()


def ask_int(
    parent: QWidget, title: str, label: str, value: int, *, low: int, high: int, ok: str = "決定"
) -> int | None:
    dialog = _input_dialog(parent, title, label, ok)
    dialog.setInputMode(QInputDialog.InputMode.IntInput)
    dialog.setIntRange(low, high)
    dialog.setIntValue(value)
    if not dialog.exec():
        return None
    return dialog.intValue()


class EventsHost(Protocol):
    """What a tab needs of the page that holds it (the page imports the tabs, not back)."""

    ctx: AppContext
    calendar: FiscalCalendar
    label_rule: str
    event_id: int | None

    @property
    def fiscal_year(self) -> int: ...

    def year_label_text(self) -> str: ...

    def refresh(self) -> None: ...

    def show_summary(self) -> None: ...

    def reload_events(self, keep: int | None) -> None: ...

    def show_year(self, year: int, event_id: int | None) -> None: ...
