"""様式 tab of 帳票・報告: every form printed blank or for members, the society's own copies."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QUrl,
)
from PySide6.QtGui import QColor, QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop import paths
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.printing.templates import TemplateError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.printing import (
    FormInfo,
    all_form_paths,
    check_forms,
    copy_form_for_editing,
    list_forms,
    render_blank,
    render_member_forms,
)
from gojokai_desktop.ui.batch import print_members_in_background
from gojokai_desktop.ui.messages import tell, warn
from gojokai_desktop.ui.preview import PdfPreviewDialog

AnyIndex = QModelIndex | QPersistentModelIndex
_HEADERS = ("様式", "種類", "説明", "ファイル")
# Up to this many members the PDF is made at once; more go to a worker with a progress bar.
BACKGROUND_FROM = 20
_NUMBER_SEPARATORS = re.compile(r"[,、，\s]+")


def parse_member_numbers(text: str) -> list[str]:
    """``0001-001, 0001-002、0001-003`` → the numbers in order, each once."""
    numbers = [n for n in _NUMBER_SEPARATORS.split(text.strip()) if n]
    return list(dict.fromkeys(numbers))


def _broken_copies(forms_dir: Path, titles: dict[str, str]) -> list[FormInfo]:
    """The society's copies that do not load: listed with their problem so none vanishes."""
    if not forms_dir.is_dir():
        return []
    shipped = {f.stem: f.title for f in list_forms(None)} | titles
    return [
        FormInfo(path.stem, shipped.get(path.stem, path.name), str(error), path, True)
        for path, error in check_forms(sorted(forms_dir.glob("*.toml")))
        if error is not None
    ]


class FormTableModel(QAbstractTableModel):
    """The forms the society can print; its own copies are marked 団体用."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._forms: list[FormInfo] = []
        self._broken: set[Path] = set()

    def set_forms(self, forms: list[FormInfo], broken: set[Path] | None = None) -> None:
        """Show ``forms``; those whose path is in ``broken`` are marked as needing a fix."""
        self.beginResetModel()
        self._forms = list(forms)
        self._broken = set(broken or ())
        self.endResetModel()

    def is_broken(self, row: int) -> bool:
        return self._forms[row].path in self._broken

    def form_at(self, row: int) -> FormInfo:
        return self._forms[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._forms)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_HEADERS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        form = self._forms[index.row()]
        kind = "団体用" if form.user_copy else "標準"
        values = (
            form.title,
            f"{kind}（要修正）" if form.path in self._broken else kind,
            form.description,
            form.path.name,
        )
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.UserRole):
            return values[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{form.description}\n{form.path}"
        if role == Qt.ItemDataRole.ForegroundRole and form.path in self._broken:
            return QColor("#b00020")
        return None

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


class FormsTab(QWidget):
    """The forms the society can print, with their print, copy and check actions."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._temp = Path(tempfile.mkdtemp(prefix="gojokai-reports-"))
        box = QVBoxLayout(self)
        self.model = FormTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        box.addWidget(self.view, 3)
        box.addLayout(self._form_buttons())
        self.check_output = QPlainTextEdit()
        self.check_output.setReadOnly(True)
        self.check_output.setPlaceholderText(
            "「様式を点検」を押すと、標準の様式と団体用の様式をすべて点検し、結果をここに表示します。"
        )
        box.addWidget(self.check_output, 1)
        QShortcut(QKeySequence.StandardKey.Print, self.view, self.print_blank)

    def _form_buttons(self) -> QVBoxLayout:
        rows = QVBoxLayout()
        first = QHBoxLayout()
        self.blank_button = QPushButton("白紙を印刷… (Ctrl+P)")
        self.blank_button.setToolTip("選んだ様式を白紙で（団体名・住所入り）プレビューします")
        self.blank_button.clicked.connect(self.print_blank)
        self.copy_button = QPushButton("自分用にコピーして編集")
        self.copy_button.clicked.connect(self.copy_for_editing)
        self.check_button = QPushButton("様式を点検")
        self.check_button.clicked.connect(self.check_all)
        for button in (self.blank_button, self.copy_button, self.check_button):
            first.addWidget(button)
        first.addStretch(1)
        second = QHBoxLayout()
        second.addWidget(QLabel("会員番号（カンマ区切りで複数可）"))
        self.member_edit = QLineEdit()
        self.member_edit.setPlaceholderText("例: 0001-001, 0001-002")
        self.member_edit.returnPressed.connect(self.print_for_members)
        second.addWidget(self.member_edit, 1)
        self.member_button = QPushButton("会員を選んで印刷…")
        self.member_button.clicked.connect(self.print_for_members)
        second.addWidget(self.member_button)
        rows.addLayout(first)
        rows.addLayout(second)
        return rows

    # -- list ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the form list (a copy may have been made or fixed outside)."""
        chosen = self.selected_form()
        forms_dir = paths.user_forms_dir()
        forms = list_forms(forms_dir)
        broken = _broken_copies(forms_dir, {f.stem: f.title for f in forms})
        self.model.set_forms(
            sorted([*forms, *broken], key=lambda f: f.title), {f.path for f in broken}
        )
        self.proxy.sort(0)
        if chosen is not None:
            self.select_form(chosen.stem)
        elif self.proxy.rowCount():
            self.view.selectRow(0)

    def select_form(self, stem: str) -> bool:
        """Select the form with this file stem; False when it is not listed."""
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.form_at(source.row()).stem == stem:
                self.view.selectRow(row)
                return True
        return False

    def selected_form(self) -> FormInfo | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return self.model.form_at(self.proxy.mapToSource(index).row())

    def _require_form(self) -> FormInfo | None:
        form = self.selected_form()
        if form is None:
            tell(self, "様式", "一覧から様式を選んでください。")
        return form

    def _on_view_double_clicked(self, _index: QModelIndex) -> None:
        self.print_blank()

    # -- actions ---------------------------------------------------------------------------
    def _preview(self, path: Path, title: str) -> None:
        PdfPreviewDialog(path, self, title=title).exec()

    def print_blank(self) -> Path | None:
        """The selected form, blank, in the preview (Print / Save there)."""
        form = self._require_form()
        if form is None:
            return None
        out = self._temp / f"{form.stem}_白紙.pdf"
        try:
            render_blank(self.ctx, form.stem, out, user_forms_dir=paths.user_forms_dir())
        except (TemplateError, ValidationError) as error:
            warn(self, "印刷できません", str(error))
            return None
        self._preview(out, f"{form.title}（白紙）")
        return out

    def print_for_members(self) -> Path | None:
        """The selected form filled for each member number typed, as one PDF."""
        form = self._require_form()
        if form is None:
            return None
        numbers = parse_member_numbers(self.member_edit.text())
        if not numbers:
            tell(
                self, "会員を選んで印刷", "会員番号を入力してください（複数はカンマで区切ります）。"
            )
            self.member_edit.setFocus()
            return None
        out = self._temp / f"{form.stem}_会員.pdf"
        forms_dir = paths.user_forms_dir()
        if len(numbers) >= BACKGROUND_FROM:
            made = print_members_in_background(
                self, self.ctx, form.stem, numbers, out, user_forms_dir=forms_dir
            )
            if made is None:
                return None
        else:
            try:
                render_member_forms(self.ctx, form.stem, numbers, out, user_forms_dir=forms_dir)
            except (TemplateError, ValidationError) as error:
                warn(self, "印刷できません", str(error))
                return None
        self._preview(out, f"{form.title}（{len(numbers):,}人分）")
        return out

    def copy_for_editing(self) -> Path | None:
        """Copy the shipped form into the society's forms folder and open that folder."""
        form = self._require_form()
        if form is None:
            return None
        if form.user_copy:
            tell(self, "団体用の様式", f"この様式はすでに団体用です。\n{form.path}")
            self._open_folder(form.path.parent)
            return None
        try:
            copy = copy_form_for_editing(form.stem, paths.user_forms_dir())
        except ValidationError as error:
            warn(self, "コピーできません", str(error))
            return None
        self.refresh()
        self.select_form(form.stem)
        tell(
            self,
            "コピーしました",
            f"{copy} にコピーしました。\nこのファイルを編集すると、以後はこちらが使われます"
            "（元に戻すにはファイルを削除します）。編集後は「様式を点検」で確かめてください。",
        )
        self._open_folder(copy.parent)
        return copy

    def _open_folder(self, folder: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def check_all(self) -> list[str]:
        """Check every shipped and society form; show OK or the exact problem per file."""
        results = check_forms(all_form_paths(paths.user_forms_dir()))
        # Problems first: they are what the clerk pressed the button for.
        results.sort(key=lambda pair: pair[1] is None)
        lines = [
            f"OK    {path}" if error is None else f"エラー {path}\n      {error}"
            for path, error in results
        ]
        broken = sum(1 for _path, error in results if error is not None)
        summary = (
            f"{len(results)} 件とも問題ありません。"
            if not broken
            else f"{len(results)} 件中 {broken} 件に問題があります"
            "（一覧の赤い行の様式は、直すまで印刷できません）。"
        )
        self.check_output.setPlainText("\n".join([summary, *lines]))
        self.refresh()
        return lines
