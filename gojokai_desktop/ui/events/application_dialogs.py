"""Taking applications: at the counter (a member with family and guests) and a whole
establishment's list on one screen (tick the members who go)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.applications import (
    ApplicationListError,
    ApplyResult,
    apply,
    apply_for_establishment,
)
from gojokai_desktop.services.events.inputs import VIA_LABELS, ApplicationInput, GuestInput
from gojokai_desktop.services.events.views import EventDetail
from gojokai_desktop.services.members.establishments import (
    establishment_members,
    list_establishments,
)
from gojokai_desktop.services.members.records import MemberDetail
from gojokai_desktop.services.members.search import MemberListRow
from gojokai_desktop.ui.events.grids import TextGridModel
from gojokai_desktop.ui.widgets import WarekiDateEdit, install_enter_moves_focus
from gojokai_desktop.ui.widgets.member_picker import MemberPicker


class GuestsModel(TextGridModel):
    HEADERS = ("氏名", "フリガナ", "続柄・所属")

    def guests(self) -> tuple[GuestInput, ...]:
        # Every row counts, a blank name included: the service names the row that lacks one.
        return tuple(GuestInput(r[0], r[1], r[2]) for r in self._rows)


def session_combo(detail: EventDetail) -> QComboBox:
    """The event's sessions with the seats left in each (when it has a capacity)."""
    combo = QComboBox()
    for session in detail.sessions:
        left = ""
        if session.capacity is not None:
            left = f"（残り {max(session.capacity - session.counts.confirmed, 0)}人）"
        combo.addItem(f"{session.label}{left}", session.id)
    return combo


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox()
    buttons.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    buttons.addButton("やめる", QDialogButtonBox.ButtonRole.RejectRole)
    buttons.rejected.connect(dialog.reject)
    return buttons


def _error_text(error: ValidationError | RuleViolation) -> str:
    if isinstance(error, ValidationError) and error.field:
        return f"申し込めません。【{error.field}】{error.message}"
    return f"申し込めません。{error.message}"


class ApplicationDialog(QDialog):
    """窓口で申込: find the member, tick family, add guests, choose the session."""

    def __init__(
        self,
        ctx: AppContext,
        detail: EventDetail,
        members: Sequence[MemberListRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.result_: ApplyResult | None = None
        self.setWindowTitle(f"申込（窓口）— {detail.title}")
        self.resize(720, 600)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.picker = MemberPicker(ctx, members, self)
        self.picker.member_chosen.connect(self._on_member_chosen)
        self.member_check = QCheckBox("本人も参加する")
        self.member_check.setChecked(True)
        self.family_model = QStandardItemModel(self)
        self.family_view = QListView()
        self.family_view.setModel(self.family_model)
        self.family_view.setMaximumHeight(96)
        guests = self._guests()
        self.session_combo = session_combo(detail)
        self.date_edit = WarekiDateEdit(field="申込日", required=True)
        self.date_edit.setDate(ctx.today())
        self.via_combo = QComboBox()
        for code, label in VIA_LABELS.items():
            self.via_combo.addItem(label, code)
        self.note_edit = QLineEdit()
        form.addRow("会員", self.picker)
        form.addRow("", self.member_check)
        form.addRow("家族", self.family_view)
        form.addRow("一般の参加者", guests)
        form.addRow("日程", self.session_combo)
        form.addRow("申込日", self.date_edit)
        form.addRow("参加費の支払", self.via_combo)
        form.addRow("備考", self.note_edit)
        layout.addLayout(form)
        self.family_view.setEnabled(detail.data.allow_family)
        guests.setEnabled(detail.data.allow_guests)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = _buttons(self, "申し込む")
        buttons.accepted.connect(self._on_apply)
        layout.addWidget(buttons)
        install_enter_moves_focus(self)

    def _guests(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.guests_model = GuestsModel(self)
        self.guests_view = QTableView()
        self.guests_view.setModel(self.guests_model)
        self.guests_view.verticalHeader().setVisible(False)
        self.guests_view.horizontalHeader().setStretchLastSection(True)
        self.guests_view.setMaximumHeight(120)
        layout.addWidget(self.guests_view)
        bar = QHBoxLayout()
        add_guest, remove_guest = QPushButton("一般の参加者を追加"), QPushButton("選んだ人を削除")
        add_guest.clicked.connect(lambda _checked: self.guests_model.add_row())
        remove_guest.clicked.connect(
            lambda _checked: self.guests_model.remove_row(self.guests_view.currentIndex().row())
        )
        bar.addWidget(add_guest)
        bar.addWidget(remove_guest)
        bar.addStretch(1)
        layout.addLayout(bar)
        return box

    def _on_member_chosen(self, detail: MemberDetail | None) -> None:
        self.family_model.clear()
        if detail is None:
            return
        for family in detail.family:
            if family.to_date is not None and family.to_date < self.ctx.today():
                continue
            item = QStandardItem(f"{family.relation}　{family.name}（{family.name_kana}）")
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(family.id, Qt.ItemDataRole.UserRole)
            self.family_model.appendRow(item)

    def application_input(self) -> ApplicationInput:
        member = self.picker.detail
        if member is None:
            raise ValidationError("会員を会員番号かフリガナで探して選んでください。", "会員")
        if not self.date_edit.commit():
            raise ValidationError(self.date_edit.error() or "申込日を入力してください。", "申込日")
        family = tuple(
            int(self.family_model.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.family_model.rowCount())
            if self.family_model.item(row).checkState() == Qt.CheckState.Checked
        )
        return ApplicationInput(
            event_id=self.detail.id,
            session_id=self.session_combo.currentData(),
            member_id=member.id,
            include_member=self.member_check.isChecked(),
            family_ids=family,
            guests=self.guests_model.guests(),
            applied_on=self.date_edit.date(),
            channel="counter",
            pay_via=str(self.via_combo.currentData()),
            note=self.note_edit.text(),
        )

    def _on_apply(self) -> None:
        try:
            self.result_ = apply(self.ctx, self.application_input())
        except (ValidationError, RuleViolation) as error:
            self.message.setText(_error_text(error))
            return
        self.accept()


class EstablishmentApplicationDialog(QDialog):
    """事業所の一括申込: the establishment's present members, the ones who go ticked."""

    def __init__(self, ctx: AppContext, detail: EventDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.results: list[ApplyResult] = []
        self.setWindowTitle(f"事業所の一括申込 — {detail.title}")
        self.resize(640, 600)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.establishment_combo = QComboBox()
        self.establishment_combo.setEditable(True)
        self.establishment_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for est in list_establishments(ctx, include_former=False):
            self.establishment_combo.addItem(f"{est.number:04d}　{est.data.name}", est.id)
        self.establishment_combo.setCurrentIndex(-1)
        self.session_combo = session_combo(detail)
        self.date_edit = WarekiDateEdit(field="申込日", required=True)
        self.date_edit.setDate(ctx.today())
        form.addRow("事業所", self.establishment_combo)
        form.addRow("日程", self.session_combo)
        form.addRow("申込日", self.date_edit)
        layout.addLayout(form)
        self.members_model = QStandardItemModel(self)
        self.members_view = QListView()
        self.members_view.setModel(self.members_model)
        layout.addWidget(QLabel("参加する会員に印を付けてください（参加費は事業所経由）"))
        layout.addWidget(self.members_view, 1)
        bar = QHBoxLayout()
        all_button, none_button = QPushButton("全員に印"), QPushButton("印をすべて外す")
        all_button.clicked.connect(lambda _checked: self._tick_all(True))
        none_button.clicked.connect(lambda _checked: self._tick_all(False))
        self.count_label = QLabel("")
        bar.addWidget(all_button)
        bar.addWidget(none_button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        layout.addLayout(bar)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        layout.addWidget(self.message)
        buttons = _buttons(self, "申し込む")
        buttons.accepted.connect(self._on_apply)
        layout.addWidget(buttons)
        self.establishment_combo.currentIndexChanged.connect(lambda _i: self._load_members())
        self.members_model.itemChanged.connect(lambda _item: self._count())

    def _load_members(self) -> None:
        self.members_model.clear()
        est_id = self.establishment_combo.currentData()
        if est_id is None:
            return
        for member in establishment_members(self.ctx, int(est_id), include_former=False):
            item = QStandardItem(f"{member.number}　{member.name}（{member.name_kana}）")
            item.setCheckable(True)
            item.setEditable(False)
            item.setData(member.member_id, Qt.ItemDataRole.UserRole)
            self.members_model.appendRow(item)
        self._count()

    def _tick_all(self, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        for row in range(self.members_model.rowCount()):
            self.members_model.item(row).setCheckState(state)

    def ticked(self) -> list[int]:
        return [
            int(self.members_model.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.members_model.rowCount())
            if self.members_model.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _count(self) -> None:
        self.count_label.setText(f"{len(self.ticked())}人に印")

    def _on_apply(self) -> None:
        est_id = self.establishment_combo.currentData()
        if est_id is None:
            self.message.setText("申し込めません。【事業所】事業所を選んでください。")
            return
        if not self.date_edit.commit():
            self.message.setText(f"申し込めません。【申込日】{self.date_edit.error()}")
            return
        try:
            self.results = apply_for_establishment(
                self.ctx,
                self.detail.id,
                int(est_id),
                self.ticked(),
                session_id=self.session_combo.currentData(),
                applied_on=self.date_edit.date(),
            )
        except ApplicationListError as error:
            self.message.setText(error.message)
            return
        except (ValidationError, RuleViolation) as error:
            self.message.setText(_error_text(error))
            return
        self.accept()
