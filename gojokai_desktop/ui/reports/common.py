"""What the report tabs share: the fiscal-year selector, a long report made off the GUI thread
and shown in the preview, and the message for an error the clerk can fix."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QTableView,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.ui.batch import Cancelled, Progress, run_in_background
from gojokai_desktop.ui.messages import warn
from gojokai_desktop.ui.preview import PdfPreviewDialog
from gojokai_desktop.ui.table_base import fit_columns_with_free_text_last
from gojokai_desktop.ui.widgets import FiscalYearEdit


class YearBar(QWidget):
    """年度 [令和7年度] — the year a tab reports on, in the program's one fiscal-year box."""

    year_changed = Signal(int)

    def __init__(
        self,
        label_of: Callable[[int], str],
        year: int,
        parent: QWidget | None = None,
        *,
        years: tuple[int, int] | None = None,
    ) -> None:
        """``years`` (first, last) limits the box to the years that have books."""
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("年度"))
        if years is not None:
            year = min(max(year, years[0]), years[1])
        self.spin = FiscalYearEdit(year=year, labeler=label_of)
        if years is not None:
            self.spin.setRange(*years)
            self.spin.setValue(year)
        self.spin.setAccessibleName("年度")
        self.spin.valueChanged.connect(self._on_spin_value_changed)
        row.addWidget(self.spin)
        row.addStretch(1)

    @property
    def year(self) -> int:
        return self.spin.value()

    def _on_spin_value_changed(self, year: int) -> None:
        self.year_changed.emit(year)


def show_problem(parent: QWidget, title: str, error: Exception) -> None:
    """A refusal the clerk can act on: the message names the field or the rule."""
    text = error.message if isinstance(error, RuleViolation) else str(error)
    warn(parent, title, text)


FIXABLE = (ValidationError, RuleViolation)


def preview_report(
    parent: QWidget, name: str, title: str, write: Callable[[Path], object]
) -> Path | None:
    """Make a PDF on a worker thread (a progress dialog shows for a long one), then open it
    in the preview with Print and Save. None when it failed (said in a message)."""
    path = Path(tempfile.mkdtemp(prefix="gojokai-")) / name

    def task(_progress: Progress, _cancelled: Cancelled) -> Path:
        write(path)
        return path

    made = run_in_background(parent, f"{title}を作成しています", task)
    if made is None:
        return None
    PdfPreviewDialog(path, parent, title=title).exec()
    return path


def table_view(model: QAbstractItemModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    fit_columns_with_free_text_last(view)  # 説明 last: the room left, wrapped
    return view
