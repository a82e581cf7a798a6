"""PDF preview for everything the program prints: page through, zoom, print, save, open."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QLabel,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.printing.render import PrinterOffset
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.print_settings import load_print_settings
from gojokai_desktop.ui.widgets.sizing import resize_within

ZOOM_STEPS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0)
# Rendering pages for the printer above this resolution only costs memory: toner can't tell.
MAX_PRINT_DPI = 300
MM_PER_INCH = 25.4


def _stored_offsets(widget: QWidget | None) -> dict[str, PrinterOffset]:
    """The saved per-printer offsets, through the nearest parent that holds the AppContext.

    Every page keeps its context as ``ctx``, so callers need not pass the offsets themselves.
    """
    while widget is not None:
        try:
            ctx = getattr(widget, "ctx", None)
        except RuntimeError:  # the main window before a database is open
            ctx = None
        if isinstance(ctx, AppContext):
            return load_print_settings(ctx).offsets()
        widget = widget.parentWidget()
    return {}


class PdfPreviewDialog(QDialog):
    """Shows one PDF; Print honours the offsets set for the chosen printer."""

    printed = Signal(str)
    saved = Signal(Path)

    def __init__(
        self,
        pdf_path: Path,
        parent: QWidget | None = None,
        *,
        title: str = "",
        printer_offsets: Mapping[str, PrinterOffset] | None = None,
    ) -> None:
        super().__init__(parent)
        self.pdf_path = Path(pdf_path)
        # None: the offsets saved in 印刷設定, read when printing (see offset_for).
        self._offsets = None if printer_offsets is None else dict(printer_offsets)
        self.setWindowTitle(f"印刷プレビュー — {title or self.pdf_path.name}")
        resize_within(self, 900, 1000)
        self.document = QPdfDocument(self)
        self.document.load(str(self.pdf_path))
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.page_label = QLabel(self)
        self.zoom_label = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_toolbar())
        layout.addWidget(self.view)
        self.view.pageNavigator().currentPageChanged.connect(self._on_navigator_page_changed)
        self.view.zoomFactorChanged.connect(self._on_view_zoom_changed)
        self._show_page_label()
        self._show_zoom_label()

    def _build_toolbar(self) -> QToolBar:
        bar = QToolBar(self)
        self.print_action = self._action(
            bar, "印刷...", QKeySequence.StandardKey.Print, self.open_print_dialog
        )
        self.save_action = self._action(
            bar, "PDFを保存...", QKeySequence.StandardKey.Save, self.open_save_dialog
        )
        self._action(bar, "ほかのアプリで開く", None, self.open_externally)
        bar.addSeparator()
        self._action(
            bar, "◀ 前の頁", QKeySequence.StandardKey.MoveToPreviousPage, self.previous_page
        )
        bar.addWidget(self.page_label)
        self._action(bar, "次の頁 ▶", QKeySequence.StandardKey.MoveToNextPage, self.next_page)
        bar.addSeparator()
        self._action(bar, "縮小", QKeySequence.StandardKey.ZoomOut, self.zoom_out)
        bar.addWidget(self.zoom_label)
        self._action(bar, "拡大", QKeySequence.StandardKey.ZoomIn, self.zoom_in)
        self._action(bar, "幅に合わせる", None, self.fit_width)
        self._action(bar, "頁全体", None, self.fit_page)
        return bar

    def _action(
        self, bar: QToolBar, text: str, shortcut: QKeySequence.StandardKey | None, slot: object
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        bar.addAction(action)
        return action

    # -- paging and zoom ----------------------------------------------------------------
    def page_count(self) -> int:
        """Pages in the PDF."""
        return int(self.document.pageCount())

    def current_page(self) -> int:
        """The page shown, 0-based."""
        return int(self.view.pageNavigator().currentPage())

    def go_to_page(self, page: int) -> None:
        """Show ``page`` (0-based), clamped to the document."""
        page = max(0, min(page, self.page_count() - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._show_page_label()

    def next_page(self) -> None:
        """Show the next page."""
        self.go_to_page(self.current_page() + 1)

    def previous_page(self) -> None:
        """Show the previous page."""
        self.go_to_page(self.current_page() - 1)

    def zoom_factor(self) -> float:
        """The zoom in use (1.0 = 100 %)."""
        return float(self.view.zoomFactor())

    def set_zoom(self, factor: float) -> None:
        """Zoom to ``factor`` (kept within 25 %–400 %)."""
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(ZOOM_STEPS[0], min(factor, ZOOM_STEPS[-1])))
        self._show_zoom_label()

    def zoom_in(self) -> None:
        """Next zoom step up."""
        current = self.zoom_factor()
        self.set_zoom(next((z for z in ZOOM_STEPS if z > current + 1e-3), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        """Next zoom step down."""
        current = self.zoom_factor()
        lower = [z for z in ZOOM_STEPS if z < current - 1e-3]
        self.set_zoom(lower[-1] if lower else ZOOM_STEPS[0])

    def fit_width(self) -> None:
        """Zoom so that the page width fills the window."""
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._show_zoom_label()

    def fit_page(self) -> None:
        """Zoom so that a whole page is visible."""
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self._show_zoom_label()

    def _show_page_label(self) -> None:
        self.page_label.setText(f" {self.current_page() + 1} / {self.page_count()} 頁 ")

    def _show_zoom_label(self) -> None:
        mode = self.view.zoomMode()
        if mode == QPdfView.ZoomMode.FitToWidth:
            self.zoom_label.setText(" 幅に合わせる ")
        elif mode == QPdfView.ZoomMode.FitInView:
            self.zoom_label.setText(" 頁全体 ")
        else:
            self.zoom_label.setText(f" {round(self.zoom_factor() * 100)}% ")

    def _on_navigator_page_changed(self, _page: int) -> None:
        self._show_page_label()

    def _on_view_zoom_changed(self, _factor: float) -> None:
        self._show_zoom_label()

    # -- print, save, open ----------------------------------------------------------------
    def offset_for(self, printer_name: str) -> PrinterOffset:
        """The offset set for this printer, else the one for every printer (``*``), else none."""
        if self._offsets is None:
            self._offsets = _stored_offsets(self.parentWidget())
        return self._offsets.get(printer_name) or self._offsets.get("*") or PrinterOffset()

    def open_print_dialog(self) -> None:
        """Ask for printer and pages, then print."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_path.stem)
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, self.page_count())
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        """Print the chosen pages on ``printer`` at paper size, shifted by its offset.

        Returns the number of pages sent.
        """
        printer.setFullPage(True)  # (0, 0) is the paper's corner, as in the templates
        first = max(printer.fromPage(), 1) - 1
        last = (printer.toPage() or self.page_count()) - 1
        offset = self.offset_for(printer.printerName())
        painter = QPainter()
        if not painter.begin(printer):
            QMessageBox.warning(self, "印刷", "プリンターを開けませんでした。")
            return 0
        dpi = printer.resolution()
        sent = 0
        try:
            for page in range(first, last + 1):
                if sent:
                    printer.newPage()
                self._paint_page(painter, page, dpi, offset)
                sent += 1
        finally:
            painter.end()
        self.printed.emit(printer.printerName())
        return sent

    def _paint_page(self, painter: QPainter, page: int, dpi: int, offset: PrinterOffset) -> None:
        points = self.document.pagePointSize(page)
        target = QRectF(0, 0, points.width() / 72 * dpi, points.height() / 72 * dpi)
        render_dpi = min(dpi, MAX_PRINT_DPI)
        image = self.document.render(
            page,
            QSize(
                round(points.width() / 72 * render_dpi), round(points.height() / 72 * render_dpi)
            ),
        )
        painter.save()
        painter.translate(offset.x_mm / MM_PER_INCH * dpi, offset.y_mm / MM_PER_INCH * dpi)
        painter.scale(offset.scale, offset.scale)
        painter.drawImage(target, image)
        painter.restore()

    def open_save_dialog(self) -> None:
        """Ask where to save a copy of the PDF."""
        path, _ = QFileDialog.getSaveFileName(
            self, "PDFを保存", str(Path.home() / self.pdf_path.name), "PDF (*.pdf)"
        )
        if path:
            self.save_as(Path(path))

    def save_as(self, target: Path) -> Path:
        """Copy the PDF to ``target`` (``.pdf`` added when missing)."""
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        if target.resolve() != self.pdf_path.resolve():
            shutil.copyfile(self.pdf_path, target)
        self.saved.emit(target)
        return target

    def open_externally(self) -> bool:
        """Open the PDF in the system's PDF viewer."""
        return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path))))
