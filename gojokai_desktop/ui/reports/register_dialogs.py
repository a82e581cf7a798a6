"""Dialogs of the 総会資料 tab: an officer (役職・団体・氏名・任期), a meeting and its agenda."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import Problems
from gojokai_desktop.domain.reports import MEETING_KIND_LABELS
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.register import (
    AgendaItemInput,
    MeetingInput,
    MeetingRow,
    OfficerInput,
    OfficerRow,
    election_due,
    next_meeting_number,
    save_meeting,
    save_officer,
    standard_agenda,
)
from gojokai_desktop.ui.reports.common import FIXABLE
from gojokai_desktop.ui.reports.models import AgendaModel
from gojokai_desktop.ui.widgets import FiscalYearEdit, WarekiDateEdit, install_enter_moves_focus
from gojokai_desktop.ui.widgets.form_errors import FormErrors
from gojokai_desktop.ui.widgets.sizing import resize_within

ROLES = ("会長", "副会長", "会計", "幹事", "監事", "顧問", "事務局長")


def _buttons(dialog: QDialog, save_text: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Save).setText(save_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("キャンセル")
    buttons.rejected.connect(dialog.reject)
    return buttons


def _message() -> QLabel:
    label = QLabel()
    label.setStyleSheet("color: #B00020")
    label.setWordWrap(True)
    return label


class OfficerDialog(QDialog):
    """Add or change one officer; the term decides on which lists the officer appears."""

    def __init__(
        self, ctx: AppContext, officer: OfficerRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.officer = officer
        self.saved: OfficerRow | None = None
        self.setWindowTitle("役員の変更" if officer else "役員の登録")
        self.setMinimumWidth(460)
        form = QFormLayout(self)
        self.role_combo = QComboBox()
        self.role_combo.setEditable(True)
        self.role_combo.addItems(ROLES)
        self.organisation_edit = QLineEdit()
        self.organisation_edit.setPlaceholderText("例: 株式会社福島商事（出身の事業所・団体）")
        self.name_edit = QLineEdit()
        self.kana_edit = QLineEdit()
        self.start_edit = WarekiDateEdit(field="任期（自）", required=True)
        self.end_edit = WarekiDateEdit(field="任期（至）")
        self.order_spin = QSpinBox()
        self.order_spin.setRange(0, 999)
        self.note_edit = QLineEdit()
        for label, widget in (
            ("役職", self.role_combo), ("団体", self.organisation_edit), ("氏名", self.name_edit),
            ("フリガナ", self.kana_edit), ("任期（自）", self.start_edit),
            ("任期（至）", self.end_edit), ("名簿の順", self.order_spin), ("備考", self.note_edit),
        ):  # fmt: skip
            form.addRow(label, widget)
        self.message = _message()
        form.addRow(self.message)
        # A refusal names its field, frames it and puts the cursor there.
        self.errors = FormErrors(self.message, {
            "役職": self.role_combo, "団体": self.organisation_edit, "氏名": self.name_edit,
            "フリガナ": self.kana_edit, "任期（自）": self.start_edit, "任期（至）": self.end_edit,
            "備考": self.note_edit,
        })  # fmt: skip
        buttons = _buttons(self, "保存する")
        buttons.accepted.connect(self.save)
        form.addRow(buttons)
        if officer is not None:
            self.role_combo.setCurrentText(officer.role)
            self.organisation_edit.setText(officer.organisation)
            self.name_edit.setText(officer.name)
            self.kana_edit.setText(officer.name_kana)
            self.start_edit.setDate(officer.term_start)
            self.end_edit.setDate(officer.term_end)
            self.order_spin.setValue(officer.sort_order)
            self.note_edit.setText(officer.note)
        install_enter_moves_focus(self)

    def save(self) -> None:
        self.errors.clear()
        problems = Problems()
        for edit in (self.start_edit, self.end_edit):
            if not edit.commit():
                problems.add(edit.error() or "", edit.field())
        start = self.start_edit.date()
        if problems or start is None:
            self.errors.show(problems.items)
            return
        data = OfficerInput(
            role=self.role_combo.currentText(),
            name=self.name_edit.text(),
            term_start=start,
            term_end=self.end_edit.date(),
            organisation=self.organisation_edit.text(),
            name_kana=self.kana_edit.text(),
            sort_order=self.order_spin.value(),
            note=self.note_edit.text(),
        )
        officer = self.officer
        try:
            self.saved = save_officer(
                self.ctx,
                data,
                officer.id if officer else None,
                officer.version if officer else None,
            )
        except FIXABLE as error:
            self.errors.show(error)
            return
        self.accept()


class MeetingDialog(QDialog):
    """A meeting: kind, number, the year it takes, date and time, venue, and its agenda
    (報告・議案 numbered from 1 for each meeting as they are listed)."""

    def __init__(
        self,
        ctx: AppContext,
        label_of: Callable[[int], str],
        fiscal_year: int,
        meeting: MeetingRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.meeting = meeting
        self.saved: MeetingRow | None = None
        self._label_of = label_of
        self.setWindowTitle("会議の変更" if meeting else "会議の登録")
        resize_within(self, 760, 620)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kind_combo = QComboBox()
        for kind, label in MEETING_KIND_LABELS.items():
            self.kind_combo.addItem(label, kind)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_combo_current_index_changed)
        self.number_spin = QSpinBox()
        self.number_spin.setRange(0, 9999)
        self.number_spin.setPrefix("第")
        self.number_spin.setSuffix("回")
        self.year_spin = FiscalYearEdit(year=fiscal_year, labeler=label_of)
        self.date_edit = WarekiDateEdit(field="開催日", required=True)
        self.time_edit = QLineEdit()
        self.time_edit.setPlaceholderText("例: 13:30")
        self.venue_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.note_edit = QLineEdit()
        for label, widget in (
            ("会議", self.kind_combo), ("回", self.number_spin), ("対象年度", self.year_spin),
            ("開催日", self.date_edit), ("開始時刻", self.time_edit), ("会場", self.venue_edit),
            ("会場の住所", self.address_edit), ("備考", self.note_edit),
        ):  # fmt: skip
            form.addRow(label, widget)
        layout.addLayout(form)
        layout.addWidget(
            QLabel("議題（番号は報告・議案ごとに1から自動で振られます。議題と結果は表に直接入力）")
        )
        layout.addWidget(self._agenda_table(), 1)
        layout.addLayout(self._agenda_buttons())
        self.message = _message()
        layout.addWidget(self.message)
        buttons = _buttons(self, "保存する")
        buttons.accepted.connect(self.save)
        layout.addWidget(buttons)
        if meeting is not None:
            self._show(meeting)
        else:
            self.number_spin.setValue(next_meeting_number(ctx, "general"))

    def _show(self, meeting: MeetingRow) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(meeting.kind))
        self.number_spin.setValue(meeting.number)
        self.year_spin.setValue(meeting.fiscal_year)
        self.date_edit.setDate(meeting.held_on)
        self.time_edit.setText(meeting.start_time)
        self.venue_edit.setText(meeting.venue)
        self.address_edit.setText(meeting.venue_address)
        self.note_edit.setText(meeting.note)
        self.agenda.set_items([AgendaItemInput(a.kind, a.title, a.result) for a in meeting.agenda])

    def _agenda_table(self) -> QTableView:
        self.agenda = AgendaModel(self)
        self.agenda_view = QTableView()
        self.agenda_view.setModel(self.agenda)
        self.agenda_view.verticalHeader().setVisible(False)
        header = self.agenda_view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        return self.agenda_view

    def _agenda_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        for text, slot in (
            ("報告を追加", lambda: self._add("report")),
            ("議案を追加", lambda: self._add("proposal")),
            ("上へ", lambda: self._move(-1)),
            ("下へ", lambda: self._move(1)),
            ("削除", self._remove),
            ("標準の議題を入れる", self.fill_standard_agenda),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _current_row(self) -> int:
        index = self.agenda_view.currentIndex()
        return index.row() if index.isValid() else -1

    def _add(self, kind: str) -> None:
        row = self.agenda.add(kind)
        self.agenda_view.setCurrentIndex(self.agenda.index(row, 1))
        self.agenda_view.edit(self.agenda.index(row, 1))

    def _move(self, step: int) -> None:
        row = self.agenda.move(self._current_row(), step)
        self.agenda_view.setCurrentIndex(self.agenda.index(row, 1))

    def _remove(self) -> None:
        self.agenda.remove(self._current_row())

    def fill_standard_agenda(self) -> None:
        """The agenda most general meetings have, for the year the meeting takes (asked
        first when items are already listed, since they are replaced)."""
        if self.agenda.rowCount():
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "標準の議題",
                "いまの議題を標準の議題に置き換えますか？",
                parent=self,
            )
            replace = box.addButton("置き換える", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("やめる", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not replace:
                return
        year = self.year_spin.value()
        label_of = self._label_of
        # 役員の改選 when the officers' terms end at this meeting (the date as typed so far).
        self.date_edit.commit()
        election = election_due(self.ctx, self.date_edit.date())
        self.agenda.set_items(standard_agenda(label_of(year), label_of(year + 1), election))

    def _on_kind_combo_current_index_changed(self, _index: int) -> None:
        if self.meeting is None:
            self.number_spin.setValue(next_meeting_number(self.ctx, self.kind_combo.currentData()))

    def save(self) -> None:
        self.date_edit.commit()
        held = self.date_edit.date()
        if self.date_edit.error() or held is None:
            self.message.setText(self.date_edit.error() or "開催日を入力してください。")
            return
        data = MeetingInput(
            kind=self.kind_combo.currentData(),
            number=self.number_spin.value(),
            fiscal_year=self.year_spin.value(),
            held_on=held,
            start_time=self.time_edit.text(),
            venue=self.venue_edit.text(),
            venue_address=self.address_edit.text(),
            note=self.note_edit.text(),
        )
        meeting = self.meeting
        try:
            self.saved = save_meeting(
                self.ctx,
                data,
                self.agenda.items(),
                meeting.id if meeting else None,
                meeting.version if meeting else None,
            )
        except FIXABLE as error:
            self.message.setText(str(error))
            return
        self.accept()
