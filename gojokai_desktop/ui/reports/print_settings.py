"""印刷設定: font files, per-printer offsets, the stamp box and masking, and a test page."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtPrintSupport import QPrinterInfo
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.printing.render import PrinterOffset
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.print_settings import (
    ALL_PRINTERS,
    MAX_OFFSET_MM,
    MAX_SCALE,
    MIN_SCALE,
    PrinterSetting,
    PrintSettings,
    fonts_in_use,
    load_print_settings,
    render_test_page,
    save_print_settings,
    validate_print_settings,
)
from gojokai_desktop.ui.messages import warn
from gojokai_desktop.ui.preview import PdfPreviewDialog

AnyIndex = QModelIndex | QPersistentModelIndex
_HEADERS = ("プリンター名（* はすべて）", "横のずれ mm（右が＋）", "縦のずれ mm（下が＋）", "倍率")
_FONT_FILTER = "TrueTypeフォント (*.ttf *.ttc);;すべてのファイル (*)"


class PrinterOffsetTableModel(QAbstractTableModel):
    """The per-printer offsets, edited in place; values are checked when saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[list[Any]] = []

    def set_printers(self, printers: tuple[PrinterSetting, ...]) -> None:
        self.beginResetModel()
        self._rows = [[p.printer, p.offset.x_mm, p.offset.y_mm, p.offset.scale] for p in printers]
        self.endResetModel()

    def printers(self) -> tuple[PrinterSetting, ...]:
        return tuple(
            PrinterSetting(str(name), PrinterOffset(float(x), float(y), float(scale)))
            for name, x, y, scale in self._rows
        )

    def add_printer(self, name: str) -> int:
        row = len(self._rows)
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.append([name, 0.0, 0.0, 1.0])
        self.endInsertRows()
        return row

    def remove_printer(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == 0:
                return "すべてのプリンター (*)" if value == ALL_PRINTERS else value
            return f"{value:.3f}" if index.column() == 3 else f"{value:+.1f}"
        if role in (Qt.ItemDataRole.EditRole, Qt.ItemDataRole.UserRole):
            return value
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        column = index.column()
        try:
            clean: Any = str(value).strip() if column == 0 else float(value)
        except (TypeError, ValueError):
            return False
        self._rows[index.row()][column] = clean
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(_HEADERS)
        ):
            return _HEADERS[section]
        return None


class PrintSettingsWidget(QWidget):
    """Shows the stored printing settings, saves them, and prints a test page."""

    settings_saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._temp = Path(tempfile.mkdtemp(prefix="gojokai-print-settings-"))
        self._fonts_of: PrintSettings | None = None  # settings whose fonts are not named yet
        layout = QVBoxLayout(self)
        layout.addWidget(self._fonts_group())
        layout.addWidget(self._printers_group(), 1)
        layout.addWidget(self._options_group())
        buttons = QHBoxLayout()
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.test_button = QPushButton("試し印刷…")
        self.test_button.setToolTip("10 mm方眼の用紙を、選んだプリンターのずれで作ります")
        self.test_button.clicked.connect(self.test_print)
        self.status_label = QLabel()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.status_label, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)

    def _fonts_group(self) -> QGroupBox:
        group = QGroupBox("日本語フォント（空欄ならパソコンのフォントを自動で使います）")
        form = QFormLayout(group)
        self.mincho_edit = QLineEdit()
        self.gothic_edit = QLineEdit()
        for label, edit, example in (
            ("明朝体フォント", self.mincho_edit, "msmincho.ttc"),
            ("ゴシック体フォント", self.gothic_edit, "msgothic.ttc"),
        ):
            edit.setPlaceholderText(f"例: C:\\Windows\\Fonts\\{example}（.ttf / .ttc）")
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            browse = QPushButton("参照…")
            browse.clicked.connect(lambda _=False, e=edit, t=label: self._browse_font(e, t))
            row.addWidget(browse)
            form.addRow(label, row)
        self.fonts_label = QLabel()
        form.addRow("使用中", self.fonts_label)
        return group

    def _printers_group(self) -> QGroupBox:
        group = QGroupBox(
            f"プリンターごとの印字位置（ずれは ±{MAX_OFFSET_MM:g} mm、"
            f"倍率は {MIN_SCALE:g}〜{MAX_SCALE:g}。セルをダブルクリックして変更）"
        )
        box = QVBoxLayout(group)
        self.printer_model = PrinterOffsetTableModel(self)
        self.printer_view = QTableView()
        self.printer_view.setModel(self.printer_model)
        self.printer_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.printer_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.printer_view.verticalHeader().hide()
        header = self.printer_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        box.addWidget(self.printer_view)
        row = QHBoxLayout()
        self.add_button = QPushButton("プリンターを追加")
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button = QPushButton("選んだ行を削除")
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        box.addLayout(row)
        return group

    def _options_group(self) -> QGroupBox:
        group = QGroupBox("印刷する内容")
        box = QVBoxLayout(group)
        self.stamp_check = QCheckBox(
            "5万円以上の領収書に収入印紙欄を印刷する（印紙税の課税団体のみ）"
        )
        self.mask_check = QCheckBox(
            "事務所の外に出る書類（給付決定通知書など）では口座番号を伏せる（例: ****567）"
        )
        box.addWidget(self.stamp_check)
        box.addWidget(self.mask_check)
        return group

    # -- load, read, save --------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the stored settings."""
        self.show_settings(load_print_settings(self.ctx))

    def show_settings(self, settings: PrintSettings) -> None:
        self.mincho_edit.setText(settings.mincho_font)
        self.gothic_edit.setText(settings.gothic_font)
        self.printer_model.set_printers(settings.printers)
        self.stamp_check.setChecked(settings.stamp_box)
        self.mask_check.setChecked(settings.mask_accounts)
        # Naming the fonts in use loads them (about 30 MB): done when this tab is looked at,
        # not each time the 帳票・報告 page is opened on another tab.
        self._fonts_of = settings
        if self.isVisible():
            self._show_fonts()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._show_fonts()

    def _show_fonts(self) -> None:
        if self._fonts_of is None:
            return
        mincho, gothic = fonts_in_use(self._fonts_of)
        self._fonts_of = None
        self.fonts_label.setText(f"明朝体 {Path(mincho).name}　／　ゴシック体 {Path(gothic).name}")

    def entered_settings(self) -> PrintSettings:
        """The settings as typed, not yet checked."""
        return PrintSettings(
            self.mincho_edit.text(),
            self.gothic_edit.text(),
            self.printer_model.printers(),
            self.stamp_check.isChecked(),
            self.mask_check.isChecked(),
        )

    def save(self) -> bool:
        """Check and store the settings; a problem is shown and nothing is saved."""
        try:
            saved = save_print_settings(self.ctx, self.entered_settings())
        except ValidationError as error:
            self._show_problem(error)
            return False
        self.show_settings(saved)
        self.status_label.setText("印刷設定を保存しました。")
        self.settings_saved.emit()
        return True

    def _show_problem(self, error: ValidationError) -> None:
        self.status_label.setText("")
        fields = {"明朝体フォント": self.mincho_edit, "ゴシック体フォント": self.gothic_edit}
        widget = fields.get(error.field or "")
        if widget is not None:
            widget.setFocus()
        warn(self, "印刷設定を確認してください", str(error))

    # -- actions ---------------------------------------------------------------------------
    def _browse_font(self, edit: QLineEdit, title: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, title, edit.text(), _FONT_FILTER)
        if path:
            edit.setText(path)

    def _on_add_button_clicked(self) -> None:
        names = {p.printer for p in self.printer_model.printers()}
        # Offer the printers Windows knows that are not in the list yet, else "*".
        known = [n for n in QPrinterInfo.availablePrinterNames() if n not in names]
        name = known[0] if known else ALL_PRINTERS if ALL_PRINTERS not in names else ""
        row = self.printer_model.add_printer(name)
        index = self.printer_model.index(row, 0)
        self.printer_view.setCurrentIndex(index)
        self.printer_view.edit(index)

    def _on_remove_button_clicked(self) -> None:
        self.printer_model.remove_printer(self.printer_view.currentIndex().row())

    def selected_printer(self) -> str:
        """The printer of the selected row (every printer when none is selected)."""
        row = self.printer_view.currentIndex().row()
        printers = self.printer_model.printers()
        return printers[row].printer if 0 <= row < len(printers) else ALL_PRINTERS

    def test_print(self) -> Path | None:
        """A 10 mm grid shifted by the selected printer's offset (as typed), in the preview."""
        try:
            settings = validate_print_settings(self.entered_settings())
        except ValidationError as error:
            self._show_problem(error)
            return None
        printer = self.selected_printer()
        out = self._temp / "試し印刷.pdf"
        render_test_page(settings, out, printer=printer, on=self.ctx.today())
        # The offset is already in the PDF: the preview must not apply it a second time.
        PdfPreviewDialog(out, self, title="試し印刷", printer_offsets={}).exec()
        return out
