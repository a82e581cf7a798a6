"""The 会員の加入 tab: members' enrolments through the society (a 共済 taken out, a ろうきん
account opened) — date, product, quantity — counted into the items counted from them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.periods import PartnerYear
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.search import (
    MemberListRow,
    MemberQuery,
    filter_member_rows,
    load_member_rows,
)
from gojokai_desktop.services.partners.enrolments import (
    EnrolmentInput,
    EnrolmentRow,
    add_enrolment,
    delete_enrolment,
    list_enrolments,
    products,
    update_enrolment,
)
from gojokai_desktop.services.partners.items import PartnerView
from gojokai_desktop.ui.partners._messages import ask, error_text, warn
from gojokai_desktop.ui.partners._views import list_table
from gojokai_desktop.ui.partners.models import ENROLMENT_COLUMNS
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.widgets import WarekiDateEdit, install_enter_moves_focus

MAX_CANDIDATES = 30


class EnrolmentDialog(QDialog):
    """One enrolment: the member (by number or フリガナ), the product, the date, how many."""

    def __init__(
        self,
        ctx: AppContext,
        partner: PartnerView,
        fiscal_year: int,
        members: Sequence[MemberListRow],
        *,
        enrolment: EnrolmentRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.enrolment = enrolment
        self.members = members
        self.member: MemberListRow | None = None
        self._found: list[MemberListRow] = []
        year = PartnerYear(fiscal_year, partner.start_month)
        self.setWindowTitle(f"会員の加入 — {partner.name} {year.label()}")
        self.resize(560, 0)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("会員番号かフリガナ（例: 0001-001、さとう）")
        self.candidates = QStringListModel(self)
        self.candidate_view = QListView()
        self.candidate_view.setModel(self.candidates)
        self.candidate_view.setMaximumHeight(120)
        self.candidate_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.member_label = QLabel("（会員を選んでください）")
        self.product_combo = QComboBox()
        for choice in products(ctx, partner.id, fiscal_year):
            self.product_combo.addItem(f"{choice.label}（{choice.unit}）", choice.item_id)
        self.date_edit = WarekiDateEdit(field="加入日", required=True)
        today = ctx.today()
        within = year.first_day <= today <= year.last_day
        self.date_edit.setDate(today if within else year.first_day)
        self.quantity_spin = QSpinBox()
        self.quantity_spin.setRange(1, 999_999)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("証券番号・口座番号は書かないでください")
        form = QFormLayout()
        form.addRow("会員", self.search_edit)
        form.addRow("", self.candidate_view)
        form.addRow("", self.member_label)
        form.addRow("商品（項目）", self.product_combo)
        form.addRow("加入日", self.date_edit)
        form.addRow("数量", self.quantity_spin)
        form.addRow("備考", self.note_edit)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        if not self.product_combo.count():
            self.message.setText(
                "この年度には「会員の加入から集計」の項目がありません。先に「項目・目標」で"
                "項目の集計方法を「会員の加入から集計」にしてください。"
            )
        layout.addWidget(self.message)
        layout.addWidget(self._buttons())
        self.search_edit.textEdited.connect(self._on_search_edited)
        self.candidate_view.clicked.connect(
            lambda index: self._choose(self._found[index.row()], fill=True)
        )
        install_enter_moves_focus(self)
        if enrolment is not None:
            self._show(enrolment)

    def _buttons(self) -> QDialogButtonBox:
        box = QDialogButtonBox()
        box.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        return box

    def _show(self, enrolment: EnrolmentRow) -> None:
        member = next((m for m in self.members if m.id == enrolment.member_id), None)
        if member is not None:
            self._choose(member, fill=True)
        self.product_combo.setCurrentIndex(max(self.product_combo.findData(enrolment.item_id), 0))
        self.date_edit.setDate(enrolment.enrolled_on)
        self.quantity_spin.setValue(enrolment.quantity)
        self.note_edit.setText(enrolment.note)

    def _on_search_edited(self, text: str) -> None:
        key = text.strip()
        exact = [m for m in self.members if m.number == key] if key else []
        if exact:
            self._choose(exact[0])
            return
        query = MemberQuery(text=key, status="all")
        found = filter_member_rows(self.members, query, self.ctx.today()) if key else []
        self._found = [self.members[i] for i in found[:MAX_CANDIDATES]]
        self.candidates.setStringList(
            [f"{m.number}　{m.name}（{m.name_kana}）　{m.establishment_name}" for m in self._found]
        )
        self.member = None
        self.member_label.setText(f"該当 {len(found):,}人" if key else "（会員を選んでください）")
        if len(found) == 1:
            self._choose(self._found[0])

    def _choose(self, member: MemberListRow, *, fill: bool = False) -> None:
        """Take ``member``; the search text is replaced only when picked from the list, so
        a clerk still typing a name is not interrupted when it already narrows to one."""
        self.member = member
        if fill:
            self.search_edit.setText(member.number)
        self.candidates.setStringList([])
        self.member_label.setText(f"{member.number} {member.name}（{member.establishment_name}）")

    def accept(self) -> None:
        if self.member is None:
            self.message.setText("会員: 会員番号かフリガナで探して、一覧から選んでください。")
            return
        day = self.date_edit.date()
        item = self.product_combo.currentData()
        if day is None or not isinstance(item, int):
            self.message.setText("加入日と商品（項目）を入れてください。")
            return
        data = EnrolmentInput(
            self.member.id, item, day, self.quantity_spin.value(), self.note_edit.text()
        )
        try:
            if self.enrolment is None:
                add_enrolment(self.ctx, data)
            else:
                update_enrolment(self.ctx, self.enrolment.id, data, version=self.enrolment.version)
        except (ValidationError, RuleViolation) as error:
            self.message.setText(error_text(error))
            return
        super().accept()


class _SearchProxy(QSortFilterProxyModel):
    """Filters the enrolments by member number, name or product as typed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(Qt.ItemDataRole.UserRole)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)


class EnrolmentsTab(QWidget):
    """The enrolments of a partner's year, newest first; add, correct, remove."""

    saved = Signal()

    def __init__(
        self,
        ctx: AppContext,
        partner: Callable[[], PartnerView | None],
        fiscal_year: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._partner = partner
        self._year = fiscal_year
        self._members: list[MemberListRow] | None = None
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("会員番号・氏名・事業所・商品で絞り込む")
        bar.addWidget(self.filter_edit, 1)
        self.add_button = QPushButton("加入を登録…")
        self.edit_button = QPushButton("修正…")
        self.delete_button = QPushButton("削除")
        for button in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(button)
        layout.addLayout(bar)
        self.model: RowsTableModel[EnrolmentRow] = RowsTableModel(ENROLMENT_COLUMNS, self)
        self.proxy = _SearchProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = list_table(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        self.add_button.clicked.connect(lambda: self._open(None))
        self.edit_button.clicked.connect(lambda: self._open(self.selected()))
        self.view.doubleClicked.connect(lambda _i: self._open(self.selected()))
        self.delete_button.clicked.connect(self._on_delete_clicked)

    def load(self) -> None:
        self._members = None  # members joined since are found the next time a dialog opens
        partner = self._partner()
        rows = list_enrolments(self.ctx, partner.id, self._year()) if partner else []
        self.model.set_rows(rows)
        self.add_button.setEnabled(partner is not None)
        total = sum(r.quantity for r in rows)
        self.message.setText(
            f"{self._year()}年度の加入 {len(rows):,}件（数量の計 {total:,}）。"
            "ここに登録した加入は「会員の加入から集計」の項目の実績に数えます。"
        )

    def selected(self) -> EnrolmentRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def _open(self, enrolment: EnrolmentRow | None) -> None:
        partner = self._partner()
        if partner is None:
            return
        if self._members is None:
            self._members = load_member_rows(self.ctx)
        dialog = EnrolmentDialog(
            self.ctx, partner, self._year(), self._members, enrolment=enrolment, parent=self
        )
        if dialog.exec():
            self.load()
            self.saved.emit()

    def _on_delete_clicked(self) -> None:
        row = self.selected()
        if row is None:
            return
        if not ask(
            self,
            "加入の削除",
            f"{row.member_name}さんの「{row.item}」（{row.enrolled_on:%Y/%m/%d}）を"
            "削除します。誤って登録したものだけを削除してください。",
            "削除する",
        ):
            return
        try:
            delete_enrolment(self.ctx, row.id, version=row.version)
        except (ValidationError, RuleViolation) as error:
            warn(self, "加入の削除", error_text(error))
            return
        self.load()
        self.saved.emit()
