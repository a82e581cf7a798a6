"""What the 斡旋 tabs share: tables, Japanese message boxes, running an action, printing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QMessageBox,
    QTableView,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.tickets.rounds import RoundView
from gojokai_desktop.ui.output import preview_pdf, save_workbook

T = TypeVar("T")


def table(model: Any, *, sortable: bool = True, multi: bool = False) -> QTableView:
    """A read-only list: whole rows selected, sorted by the raw values."""
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
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def selected_rows(view: QTableView) -> list[int]:
    """Rows of the source model selected in ``view`` (through its sort proxy)."""
    model = view.model()
    rows = []
    for index in view.selectionModel().selectedRows():
        source = model.mapToSource(index) if isinstance(model, QSortFilterProxyModel) else index
        rows.append(source.row())
    return sorted(rows)


def ask(parent: QWidget, title: str, text: str, yes: str = "はい", no: str = "いいえ") -> bool:
    """A question with Japanese buttons; True when the clerk chose ``yes``."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    accept = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is accept


def warn(parent: QWidget, title: str, text: str) -> None:
    """A message the clerk can act on, with a Japanese button."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.addButton("閉じる", QMessageBox.ButtonRole.AcceptRole)
    box.exec()


def attempt(parent: QWidget, title: str, action: Callable[[], T]) -> T | None:
    """Run a service call; a rule or input error is shown (field and message), not raised."""
    try:
        return action()
    except ValidationError as error:
        warn(parent, title, f"{error.field}: {error.message}" if error.field else error.message)
    except RuleViolation as error:
        warn(parent, title, error.message)
    return None


def print_pdf(parent: QWidget, name: str, title: str, write: Callable[[Path], object]) -> None:
    """Write a PDF and show it in the preview (print and save from there)."""
    attempt(parent, title, lambda: preview_pdf(parent, name, title, write))


def export_xlsx(parent: QWidget, name: str, title: str, write: Callable[[Path], object]) -> None:
    attempt(parent, title, lambda: save_workbook(parent, name, write))


def compact(combo: QComboBox, chars: int = 16) -> QComboBox:
    """A combo whose width does not grow with its longest entry (long establishment names
    would otherwise push the page beyond a 1,024-pixel screen)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


def choose(combo: QComboBox, value: object) -> None:
    """Select the entry whose data is ``value`` (if there is one)."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class RoundChooser(QComboBox):
    """The rounds of the year, shown as 第1回（受付中）."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        compact(self, 20)

    def load(self, rounds: list[RoundView], keep: int | None = None) -> None:
        self.blockSignals(True)
        self.clear()
        for r in rounds:
            self.addItem(f"{r.title}（{r.status_label}　{r.period_text}）", r.id)
        self.blockSignals(False)
        if keep is not None:
            choose(self, keep)
        self.currentIndexChanged.emit(self.currentIndex())

    def round_id(self) -> int | None:
        data = self.currentData()
        return int(data) if data is not None else None
