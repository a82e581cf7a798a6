"""Printing and saving from the accounts page: a PDF into the preview, a workbook to a file."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from gojokai_desktop.ui.preview import PdfPreviewDialog


def preview_pdf(parent: QWidget, name: str, title: str, write: Callable[[Path], object]) -> Path:
    """Write the PDF into a fresh temporary folder and open it in the preview (Print, Save)."""
    path = Path(tempfile.mkdtemp(prefix="gojokai-")) / name
    write(path)
    PdfPreviewDialog(path, parent, title=title).exec()
    return path


def save_workbook(parent: QWidget, default: str, write: Callable[[Path], object]) -> Path | None:
    """Ask where to save, then write the workbook there."""
    name, _filter = QFileDialog.getSaveFileName(parent, "Excelに出力", default, "Excel (*.xlsx)")
    if not name:
        return None
    target = Path(name)
    write(target)
    return target
