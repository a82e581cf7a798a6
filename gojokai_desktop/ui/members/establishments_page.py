"""Establishments (事業所): the list with head counts on a date, the record, its members."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import EditConflict, RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import (
    COLLECTION_LABELS,
    CYCLE_LABELS,
    EstablishmentInput,
    EstablishmentRow,
    close_establishment,
    create_establishment,
    establishment_members,
    get_establishment,
    head_count_on,
    list_establishments,
    update_establishment,
)
from gojokai_desktop.services.members.printouts import render_establishment_labels
from gojokai_desktop.ui.conflict import ask_reload
from gojokai_desktop.ui.members.actions import EventDialog
from gojokai_desktop.ui.members.models import RecordTableModel
from gojokai_desktop.ui.preview import PdfPreviewDialog
from gojokai_desktop.ui.widgets import (
    KanaEdit,
    PostalCodeEdit,
    WarekiDateEdit,
    install_enter_moves_focus,
)
from gojokai_desktop.ui.widgets.bank_account_fields import BankAccountFields

_HEADERS = [
    "番号", "事業所名", "フリガナ", "在籍", "基準日の人数",
    "加入日", "脱退日", "納入方法", "電話番号",
]  # fmt: skip


class EstablishmentDialog(QDialog):
    """The establishment record: every field of DOMAIN.md §3."""

    def __init__(
        self, ctx: AppContext, row: EstablishmentRow | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setWindowTitle("事業所の記録" if row else "新しい事業所（加入）")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.name_edit = QLineEdit()
        self.kana_edit = KanaEdit(field="事業所名フリガナ")
        self.owner_edit = QLineEdit()
        self.postal_edit = PostalCodeEdit(field="所在地の郵便番号")
        self.address_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.contact_edit = QLineEdit()
        self.billing_edit = QLineEdit()
        self.collection_combo = QComboBox()
        for code, text in COLLECTION_LABELS.items():
            self.collection_combo.addItem(text, code)
        self.cycle_combo = QComboBox()
        for code, text in CYCLE_LABELS.items():
            self.cycle_combo.addItem(text, code)
        self.join_edit = WarekiDateEdit(field="加入日", required=True)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(60)
        for label, widget in (
            ("事業所名", self.name_edit), ("フリガナ", self.kana_edit),
            ("代表者", self.owner_edit), ("郵便番号", self.postal_edit),
            ("所在地", self.address_edit), ("電話番号", self.phone_edit),
            ("担当者", self.contact_edit), ("請求先担当者", self.billing_edit),
            ("会費の納入方法", self.collection_combo), ("請求の周期", self.cycle_combo),
        ):  # fmt: skip
            form.addRow(label, widget)
        if row is None:
            form.addRow("加入日", self.join_edit)
            self.join_edit.setDate(ctx.today())
        form.addRow("備考", self.notes_edit)
        account_box = QGroupBox("給付金の振込口座（事業所の口座へ振り込む給付に使います）")
        account_form = QFormLayout(account_box)
        self.account = BankAccountFields(account_box)
        self.account.add_to(account_form)
        layout.addWidget(account_box)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        install_enter_moves_focus(self)
        if row is not None:
            self._show(row)

    def _show(self, row: EstablishmentRow) -> None:
        d = row.data
        self.name_edit.setText(d.name)
        self.kana_edit.setValue(d.name_kana)
        self.owner_edit.setText(d.owner_name)
        self.postal_edit.setValue(d.postal_code)
        self.address_edit.setText(d.address)
        self.phone_edit.setText(d.phone)
        self.contact_edit.setText(d.contact_person)
        self.billing_edit.setText(d.billing_contact)
        self.collection_combo.setCurrentIndex(self.collection_combo.findData(d.collection_method))
        self.cycle_combo.setCurrentIndex(self.cycle_combo.findData(d.billing_cycle))
        self.notes_edit.setPlainText(d.notes)
        self.account.set_values(
            d.bank_code, d.branch_code, d.account_type, d.account_number, d.account_holder_kana
        )

    def value(self) -> EstablishmentInput:
        for edit in (self.kana_edit, self.postal_edit):
            if not edit.commit():
                raise ValidationError(edit.error() or "", edit.field())
        return EstablishmentInput(
            name=self.name_edit.text(),
            name_kana=self.kana_edit.value() or "",
            owner_name=self.owner_edit.text(),
            postal_code=self.postal_edit.value() or "",
            address=self.address_edit.text(),
            phone=self.phone_edit.text(),
            contact_person=self.contact_edit.text(),
            billing_contact=self.billing_edit.text(),
            collection_method=str(self.collection_combo.currentData()),
            billing_cycle=str(self.cycle_combo.currentData()),
            notes=self.notes_edit.toPlainText(),
            bank_code=self.account.bank_code(),
            branch_code=self.account.branch_code(),
            account_type=self.account.account_type(),
            account_number=self.account.account_number(),
            account_holder_kana=self.account.holder_kana(),
        )

    def save(self) -> None:
        try:
            data = self.value()
            if self.row is not None:
                self.row = update_establishment(
                    self.ctx, self.row.id, data, version=self.row.version
                )
            else:
                if not self.join_edit.commit():
                    raise ValidationError(self.join_edit.error() or "", "加入日")
                joined = self.join_edit.date()
                assert joined is not None
                self.row = create_establishment(self.ctx, data, joined)
        except EditConflict as exc:
            self.error_label.setText(f"{exc.TITLE}。読み直してから変更してください。")
            if ask_reload(self, exc) and self.row is not None:
                self.row = get_establishment(self.ctx, self.row.id)
                self._show(self.row)
                self.error_label.setText("最新の内容を読み直しました。")
            return
        except ValidationError as exc:
            self.error_label.setText(f"{exc.field}: {exc.message}")
            return
        except RuleViolation as exc:
            self.error_label.setText(exc.message)
            return
        self.accept()


class EstablishmentsPage(QWidget):
    """Every establishment with its present members and the head count on a chosen date."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[EstablishmentRow] = []
        layout = QVBoxLayout(self)
        title = QLabel("事業所")
        title.setObjectName("pageTitle")
        layout.addWidget(title)
        top = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("番号・事業所名・フリガナで検索")
        self.search_edit.setClearButtonEnabled(True)
        top.addWidget(self.search_edit, 1)
        top.addWidget(QLabel("人数の基準日"))
        self.on_edit = WarekiDateEdit(field="基準日")
        self.on_edit.setDate(ctx.today())
        self.on_edit.date_changed.connect(lambda _d: self.refresh())
        top.addWidget(self.on_edit)
        self.new_button = QPushButton("新規加入")
        self.open_button = QPushButton("開く")
        self.close_button = QPushButton("脱退…")
        self.labels_button = QPushButton("宛名ラベル")
        self.labels_button.clicked.connect(self._labels)
        self.new_button.clicked.connect(lambda: self._edit(None))
        self.open_button.clicked.connect(self._open_selected)
        self.close_button.clicked.connect(self._close_selected)
        for button in (self.new_button, self.open_button, self.close_button, self.labels_button):
            top.addWidget(button)
        layout.addLayout(top)

        self.model = RecordTableModel(_HEADERS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = self._table(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.doubleClicked.connect(lambda _i: self._open_selected())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_members())
        for position, width in enumerate((50, 240, 200, 50, 90, 90, 90, 80)):
            self.view.setColumnWidth(position, width)
        layout.addWidget(self._splitter(), 1)
        self.count_label = QLabel("")
        layout.addWidget(self.count_label)

    def _splitter(self) -> QSplitter:
        self.members_model = RecordTableModel(
            ["会員番号", "氏名", "フリガナ", "所属開始", "所属終了", "状態"]
        )
        self.members_view = self._table(self.members_model)
        for position, width in enumerate((90, 140, 200, 90, 90)):
            self.members_view.setColumnWidth(position, width)
        self.members_label = QLabel("所属会員（在籍・過去）")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.members_label)
        lower_layout.addWidget(self.members_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setSizes([400, 200])
        return splitter

    def _table(self, model: Any) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().setDefaultSectionSize(24)
        view.verticalHeader().hide()
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def refresh(self) -> None:
        on = self.on_edit.date() or self.ctx.today()
        self.rows = list_establishments(self.ctx)
        counts = head_count_on(self.ctx, on)
        self.model.set_rows(
            [(r.number, r.name, r.data.name_kana, r.present_members, counts.get(r.id, 0),
              r.join_date, r.leave_date, COLLECTION_LABELS.get(r.data.collection_method, ""),
              r.data.phone) for r in self.rows],
            [r.id for r in self.rows],
        )  # fmt: skip
        present = sum(1 for r in self.rows if r.is_present)
        total = sum(counts.values())
        self.count_label.setText(
            f"事業所 {len(self.rows):,} 件（加入中 {present:,} 件）　基準日の会員 {total:,} 人"
        )

    def _selected(self) -> EstablishmentRow | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        est_id = self.model.key(self.proxy.mapToSource(index).row())
        return next((r for r in self.rows if r.id == est_id), None)

    def _show_members(self) -> None:
        row = self._selected()
        if row is None:
            self.members_model.set_rows([])
            return
        members = establishment_members(self.ctx, row.id)
        self.members_label.setText(
            f"{row.name} の所属会員"
            f"（在籍 {row.present_members:,} 人・過去を含め {len(members):,} 人）"
        )
        self.members_model.set_rows(
            [(m.number, m.name, m.name_kana, m.start_date, m.end_date, "在籍" if m.present else "")
             for m in members]
        )  # fmt: skip

    def _open_selected(self) -> None:
        row = self._selected()
        if row is not None:
            self._edit(row)

    def _edit(self, row: EstablishmentRow | None) -> None:
        dialog = EstablishmentDialog(self.ctx, row, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh()
            self.data_changed.emit()

    def _labels(self) -> None:
        """Labels for every present establishment (請求先担当者 様, else 御中)."""
        out = Path(tempfile.mkdtemp(prefix="gojokai-est-")) / "事業所宛名ラベル.pdf"
        render_establishment_labels(self.ctx, out)
        PdfPreviewDialog(out, self, title="事業所の宛名ラベル").exec()

    def _close_selected(self) -> None:
        row = self._selected()
        if row is None:
            return
        dialog = EventDialog(
            "事業所の脱退", "脱退日", parent=self,
            explanation=f"{row.name} を脱退にします。在籍中の会員がいる間は脱退できません。",
        )  # fmt: skip
        dialog.date_edit.setDate(self.ctx.today())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            close_establishment(self.ctx, row.id, dialog.chosen_date())
        except (RuleViolation, ValidationError) as exc:
            QMessageBox.warning(self, "脱退できません", exc.message)
            return
        self.refresh()
        self.data_changed.emit()
