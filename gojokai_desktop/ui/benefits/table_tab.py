"""The 給付表 tab: the table in force for a fiscal year, its versions, editing kinds, presets
and the printed 給付一覧表."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.benefits.table import BenefitKind, BenefitTable
from gojokai_desktop.domain.errors import EditConflict, RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services.accounts.setup import list_items
from gojokai_desktop.services.benefits.presets import PRESETS, load_preset
from gojokai_desktop.services.benefits.tables import (
    TableVersionRow,
    install_preset,
    print_rulebook,
    save_table,
    table_in_force,
    table_version,
    table_versions,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import fiscal_label, load_profile
from gojokai_desktop.ui.benefits.claims_tab import table_view
from gojokai_desktop.ui.benefits.kind_dialog import KindDialog
from gojokai_desktop.ui.benefits.table_models import KindTableModel, version_columns
from gojokai_desktop.ui.conflict import ask_reload
from gojokai_desktop.ui.output import preview_pdf
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.widgets import fiscal_year_edit


class SaveTableDialog(QDialog):
    """「新しい版として保存」: from which fiscal year, its name and why it changed."""

    def __init__(
        self, ctx: AppContext, year: int, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("新しい版として保存")
        form = QFormLayout(self)
        self.year_spin = fiscal_year_edit(ctx, year)
        self.name_edit = QLineEdit(name)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("例: 第39回通常総会で改定（結婚祝金を増額）")
        form.addRow("適用する年度（から）", self.year_spin)
        form.addRow("給付表の名称", self.name_edit)
        form.addRow("備考（改定の根拠など）", self.note_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class PresetDialog(QDialog):
    """「ひな形から作成」: one of the shipped tables, from a fiscal year on."""

    def __init__(self, ctx: AppContext, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("ひな形から給付表を作成")
        form = QFormLayout(self)
        self.preset_combo = QComboBox()
        for name in PRESETS:
            self.preset_combo.addItem(load_preset(name).name, name)
        self.year_spin = fiscal_year_edit(ctx, year)
        form.addRow("ひな形", self.preset_combo)
        form.addRow("適用する年度（から）", self.year_spin)
        note = QLabel("ひな形を新しい版として保存します。それまでの版は残ります。")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("作成")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class BenefitTableTab(QWidget):
    """Shows the table in force for a year; edits make a working copy that is saved whole
    as a new version (earlier versions and the claims assessed by them stay as they were)."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The newest saved version this screen knows (None until loaded).
        self.known_newest: int | None = None
        self.ctx = ctx
        self.table: BenefitTable | None = None
        self.dirty = False
        self.shown_year = 0
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("年度"))
        profile = load_profile(ctx)
        calendar = profile.calendar if profile else FiscalCalendar()
        self.year_spin = fiscal_year_edit(ctx, calendar.year_of(ctx.today()))
        top.addWidget(self.year_spin)
        self.source_label = QLabel("")
        self.source_label.setWordWrap(True)
        top.addWidget(self.source_label, 1)
        self.print_button = QPushButton("給付一覧表を印刷")
        self.preset_button = QPushButton("ひな形から作成…")
        top.addWidget(self.print_button)
        top.addWidget(self.preset_button)
        layout.addLayout(top)
        self.kinds_model = KindTableModel(self)
        self.kinds_view = table_view(self.kinds_model)
        for column, width in enumerate((110, 130, 50, 70, 240, 110, 60, 50, 120, 200, 70, 50)):
            self.kinds_view.setColumnWidth(column, width)
        self.label = fiscal_label(ctx)
        self.versions_model: RowsTableModel[TableVersionRow] = RowsTableModel(
            version_columns(self.label), self
        )
        self.versions_view = table_view(self.versions_model)
        for column, width in enumerate((110, 40, 220, 50, 280, 130)):
            self.versions_view.setColumnWidth(column, width)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._kinds_box())
        splitter.addWidget(self._versions_box())
        splitter.setSizes([420, 160])
        layout.addWidget(splitter, 1)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.year_spin.valueChanged.connect(self._on_year_spin_value_changed)
        self.print_button.clicked.connect(self.print_table)
        self.preset_button.clicked.connect(self.create_from_preset)

    def _kinds_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.kinds_view, 1)
        row = QHBoxLayout()
        self.add_button = QPushButton("種類を追加…")
        self.edit_button = QPushButton("変更…")
        self.remove_button = QPushButton("削除")
        self.up_button = QPushButton("↑")
        self.down_button = QPushButton("↓")
        self.save_button = QPushButton("新しい版として保存…")
        self.discard_button = QPushButton("変更を取り消す")
        for button in (self.add_button, self.edit_button, self.remove_button, self.up_button,
                       self.down_button):  # fmt: skip
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.discard_button)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.add_button.clicked.connect(lambda: self.edit_kind(None))
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.kinds_view.doubleClicked.connect(lambda _index: self._on_edit_button_clicked())
        self.remove_button.clicked.connect(self.remove_kind)
        self.up_button.clicked.connect(lambda: self.move_kind(-1))
        self.down_button.clicked.connect(lambda: self.move_kind(1))
        self.save_button.clicked.connect(self.save_version)
        self.discard_button.clicked.connect(self.reload)
        return box

    def _versions_box(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("保存された版（新しい順）"))
        row.addStretch(1)
        self.open_version_button = QPushButton("この版をもとに編集")
        self.open_version_button.clicked.connect(self.edit_from_version)
        row.addWidget(self.open_version_button)
        layout.addLayout(row)
        layout.addWidget(self.versions_view, 1)
        return box

    # ------------------------------------------------------------------ showing
    def refresh(self) -> None:
        """Show the saved table in force for the year; a working copy with unsaved edits is
        kept (the page refreshes a tab each time it is shown)."""
        if self.dirty:
            self.versions_model.set_rows(table_versions(self.ctx))
            return
        self.reload()

    def reload(self) -> None:
        """Show the saved table in force for the year, dropping unsaved edits."""
        year = self.shown_year = self.year_spin.value()
        found = table_in_force(self.ctx, year)
        if found.version_id is None:
            source = (
                f"{self.label.year(year)}: 保存された給付表はまだありません。"
                f"ひな形「{found.table.name}」の内容で審査しています。"
            )
        else:
            source = (
                f"{self.label.year(year)}に適用: 「{found.table.name}」"
                f"（{self.label.year(found.valid_from_year)}から・第{found.version}版）"
            )
        self.source_label.setText(source)
        versions = table_versions(self.ctx)
        self.versions_model.set_rows(versions)
        # The newest version this screen knows: a save refuses to go over a later one.
        self.known_newest = max((v.id for v in versions), default=0)
        self._show_table(found.table, dirty=False)
        self.status_label.setText("")

    def _show_table(self, table: BenefitTable, *, dirty: bool) -> None:
        self.table = table
        self.dirty = dirty
        self.kinds_model.set_rows(table.kinds)
        self.save_button.setEnabled(True)
        self.discard_button.setEnabled(dirty)
        if dirty:
            self.status_label.setText(
                "保存していない変更があります。「新しい版として保存…」で適用年度を決めて保存します。"
            )

    def _set_year(self, year: int) -> None:
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(year)
        self.year_spin.blockSignals(False)

    def _on_year_spin_value_changed(self, year: int) -> None:
        if year == self.shown_year:
            return
        if self._may_drop_changes():
            self.reload()
        else:
            self._set_year(self.shown_year)

    def _may_drop_changes(self) -> bool:
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self, "給付表", "保存していない変更を取り消して、別の年度の給付表を表示しますか？"
        )
        return answer == QMessageBox.StandardButton.Yes

    def selected_row(self) -> int | None:
        rows = self.kinds_view.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    # ------------------------------------------------------------------ editing
    def _replace_kinds(self, kinds: list[BenefitKind], select: int | None = None) -> bool:
        assert self.table is not None
        try:
            table = BenefitTable(self.table.name, self.table.valid_from_year, tuple(kinds))
        except ValidationError as exc:
            QMessageBox.warning(self, "給付表", f"{exc.field}: {exc.message}")
            return False
        self._show_table(table, dirty=True)
        if select is not None:
            self.kinds_view.selectRow(select)
        return True

    def _items(self) -> list[tuple[str, str]]:
        """Expenditure items (支出の科目) the clerk may pick to pay a kind from."""
        seen: dict[str, str] = {}
        for item in list_items(self.ctx, fiscal_year=self.year_spin.value()):
            if item.side == "expenditure":
                seen.setdefault(item.code, item.name)
        return list(seen.items())

    def _on_edit_button_clicked(self) -> None:
        row = self.selected_row()
        if row is None:
            self.status_label.setText("変更する給付の種類を一覧で選んでください。")
            return
        self.edit_kind(row)

    def edit_kind(self, row: int | None) -> None:
        """Add a kind (``row`` None) or change the kind on ``row``, in the working copy."""
        assert self.table is not None
        kinds = list(self.table.kinds)
        dialog = KindDialog(None if row is None else kinds[row], self._items(), self)
        while dialog.exec() == QDialog.DialogCode.Accepted and dialog.kind is not None:
            if row is None:
                kinds.append(dialog.kind)
            else:
                kinds[row] = dialog.kind
            if self._replace_kinds(kinds, len(kinds) - 1 if row is None else row):
                return
            kinds = list(self.table.kinds)  # a duplicate code: keep editing what was typed

    def remove_kind(self) -> None:
        row = self.selected_row()
        if row is None or self.table is None:
            self.status_label.setText("削除する給付の種類を一覧で選んでください。")
            return
        kind = self.table.kinds[row]
        answer = QMessageBox.question(
            self, "給付の種類の削除",
            f"「{kind.name}」を給付表から外します。保存すると新しい版から外れます"
            "（これまでの請求と前の版はそのまま残ります）。",
        )  # fmt: skip
        if answer == QMessageBox.StandardButton.Yes:
            self._replace_kinds([k for i, k in enumerate(self.table.kinds) if i != row])

    def move_kind(self, step: int) -> None:
        """Change the order (the order of the printed 給付一覧表 and of the kind lists)."""
        row = self.selected_row()
        if row is None or self.table is None:
            return
        target = row + step
        kinds = list(self.table.kinds)
        if 0 <= target < len(kinds):
            kinds[row], kinds[target] = kinds[target], kinds[row]
            self._replace_kinds(kinds, target)

    def edit_from_version(self) -> None:
        rows = self.versions_view.selectionModel().selectedRows()
        if not rows:
            self.status_label.setText("もとにする版を一覧で選んでください。")
            return
        version = self.versions_model.row_at(rows[0].row())
        self._show_table(table_version(self.ctx, version.id), dirty=True)
        self.status_label.setText(
            f"{self.label.year(version.valid_from_year)}から・第{version.version}版を"
            "もとに編集しています。"
            "「新しい版として保存…」で保存します。"
        )

    # ------------------------------------------------------------------ saving, printing
    def _keep_earlier_years(self, year: int) -> None:
        """Before the first saved version the preset in use is stored from its own year.

        A year before the first saved version follows that version (benefit_tables), so
        without this the years before ``year`` would silently change rules too. The version
        stored here is this screen's own: the save that follows may go over it.
        """
        found = table_in_force(self.ctx, year)
        if found.version_id is None and year > found.valid_from_year:
            kept = save_table(
                self.ctx, found.table, found.valid_from_year,
                "それまで使っていたひな形（新しい版より前の年度のため自動で登録）",
            )  # fmt: skip
            if self.known_newest is not None:
                self.known_newest = max(self.known_newest, kept)

    def save_version(self) -> None:
        if self.table is None:
            return
        dialog = SaveTableDialog(self.ctx, self.year_spin.value(), self.table.name, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        year = dialog.year_spin.value()
        try:
            table = BenefitTable(dialog.name_edit.text().strip(), year, self.table.kinds)
            self._keep_earlier_years(year)
            save_table(
                self.ctx, table, year, dialog.note_edit.text(), known_newest=self.known_newest
            )
        except EditConflict as exc:
            if ask_reload(self, exc):
                self.dirty = False
                self.reload()
            return
        except (ValidationError, RuleViolation) as exc:
            QMessageBox.warning(self, "給付表を保存できません", exc.message)
            return
        self.dirty = False
        self._set_year(year)
        self.reload()
        self.status_label.setText(f"{year}年度から適用する版として保存しました。")
        self.data_changed.emit()

    def create_from_preset(self) -> None:
        if not self._may_drop_changes():
            return
        dialog = PresetDialog(self.ctx, self.year_spin.value(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        year = dialog.year_spin.value()
        try:
            self._keep_earlier_years(year)
            install_preset(self.ctx, str(dialog.preset_combo.currentData()), year)
        except (ValidationError, RuleViolation) as exc:
            QMessageBox.warning(self, "給付表を作成できません", exc.message)
            return
        self.dirty = False
        self._set_year(year)
        self.reload()
        self.status_label.setText(
            f"ひな形「{dialog.preset_combo.currentText()}」を{year}年度から適用する版として保存しました。"
        )
        self.data_changed.emit()

    def print_table(self) -> None:
        """The 給付一覧表 of the saved table in force (what claims are assessed by)."""
        year = self.year_spin.value()
        if self.dirty:
            self.status_label.setText(
                "印刷するのは保存済みの給付表です。変更を印刷するには先に保存してください。"
            )
        preview_pdf(self, f"給付一覧表_{year}年度.pdf", "給付一覧表",
                    lambda path: print_rulebook(self.ctx, year, path))  # fmt: skip
