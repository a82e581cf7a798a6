"""出欠・受付: print the sign-in sheet and name tags, then mark attendance from the sheet."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.printing.labels import SHEETS
from gojokai_desktop.services.events.attendance import (
    mark_all_present,
    set_attendance,
    toggle_attendance,
)
from gojokai_desktop.services.events.printouts import print_name_tags, print_sign_in
from gojokai_desktop.services.events.roster import ParticipantView, participants_of
from gojokai_desktop.services.events.views import EventDetail, get_event
from gojokai_desktop.ui import output
from gojokai_desktop.ui.events.common import EventsHost, fit, refuse, source_rows, table, tell
from gojokai_desktop.ui.events.models import ATTENDANCE_COLUMNS, AttendanceModel


class AttendanceTab(QWidget):
    """One click on a row's 出欠 cell moves it on (未 → 出席 → 欠席 → 出席)."""

    data_changed = Signal()

    def __init__(self, page: EventsHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self.ctx = page.ctx
        self.detail: EventDetail | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._print_bar())
        layout.addLayout(self._tags_bar())
        self.model = AttendanceModel(ATTENDANCE_COLUMNS, self)
        self.view = table(self.model, multi=True)
        layout.addWidget(self.view, 1)
        layout.addLayout(self._marks_bar())
        # The counts get 「（N人を出席にしました）」 after 全員出席: on their own wrapping line,
        # beside the buttons they widened the window past 1,024 pixels.
        self.count_label = QLabel("")
        self.count_label.setWordWrap(True)
        layout.addWidget(self.count_label)
        layout.addWidget(
            QLabel("受付簿の印に合わせて、出欠の欄を1回ずつクリックしてください（未→出席→欠席）。")
        )
        self.session_combo.currentIndexChanged.connect(lambda _i: self._load_people())
        self.view.clicked.connect(self._on_view_clicked)

    def _print_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.session_combo = QComboBox()
        self.session_combo.setMinimumWidth(320)
        bar.addWidget(QLabel("日程"))
        bar.addWidget(self.session_combo, 1)
        self.sign_in_button = QPushButton("受付簿（受領印）…")
        self.sign_in_attendance_button = QPushButton("受付簿（出欠）…")
        bar.addWidget(self.sign_in_button)
        bar.addWidget(self.sign_in_attendance_button)
        self.sign_in_button.clicked.connect(lambda _c: self._print_sign_in("受領印"))
        self.sign_in_attendance_button.clicked.connect(lambda _c: self._print_sign_in("出欠"))
        return bar

    def _tags_bar(self) -> QHBoxLayout:
        tags = QHBoxLayout()
        self.sheet_combo = QComboBox()
        for count in SHEETS:
            self.sheet_combo.addItem(f"{count}面", count)
        self.start_spin = QSpinBox()
        self.start_spin.setRange(1, 24)
        self.start_spin.setPrefix("開始位置 ")
        self.tags_button = QPushButton("名札…")
        tags.addWidget(QLabel("名札の用紙"))
        tags.addWidget(self.sheet_combo)
        tags.addWidget(self.start_spin)
        tags.addWidget(self.tags_button)
        tags.addStretch(1)
        self.tags_button.clicked.connect(self._on_tags_clicked)
        return tags

    def _marks_bar(self) -> QHBoxLayout:
        lower = QHBoxLayout()
        self.all_button = QPushButton("全員出席")
        self.present_button = QPushButton("選んだ人を出席")
        self.absent_button = QPushButton("選んだ人を欠席")
        self.clear_button = QPushButton("記入を消す")
        for button in (self.all_button, self.present_button, self.absent_button, self.clear_button):
            lower.addWidget(button)
        lower.addStretch(1)
        self.all_button.clicked.connect(self._on_all_clicked)
        self.present_button.clicked.connect(lambda _c: self._set_selected("present"))
        self.absent_button.clicked.connect(lambda _c: self._set_selected("absent"))
        self.clear_button.clicked.connect(lambda _c: self._set_selected(""))
        return lower

    def load(self, event_id: int | None) -> None:
        self.detail = get_event(self.ctx, event_id) if event_id is not None else None
        current = self.session_combo.currentData()
        self.session_combo.blockSignals(True)
        self.session_combo.clear()
        if self.detail is not None:
            if len(self.detail.sessions) > 1:
                self.session_combo.addItem("すべての日程", None)
            for session in self.detail.sessions:
                self.session_combo.addItem(session.label, session.id)
            index = self.session_combo.findData(current)
            self.session_combo.setCurrentIndex(max(index, 0))
        self.session_combo.blockSignals(False)
        self._load_people()

    def _session_id(self) -> int | None:
        data = self.session_combo.currentData()
        return int(data) if data is not None else None

    def _load_people(self) -> None:
        if self.detail is None:
            self.model.set_rows([])
            self.count_label.setText("")
            self._allow_all_present()
            return
        people = participants_of(self.ctx, self.detail.id, session_id=self._session_id())
        self.model.set_rows(people)
        fit(self.view)
        self._allow_all_present()
        present = sum(1 for p in people if p.attendance == "present")
        absent = sum(1 for p in people if p.attendance == "absent")
        self.count_label.setText(
            f"参加予定 {len(people)}人　出席 {present}人　欠席 {absent}人　"
            f"未記入 {len(people) - present - absent}人"
        )

    def _first_day(self) -> dt.date | None:
        """The day of the chosen session (of the first one for すべての日程)."""
        if self.detail is None or not self.detail.sessions:
            return None
        chosen = self._session_id()
        days = [s.date for s in self.detail.sessions if chosen is None or s.id == chosen]
        return min(days) if days else None

    def _too_early(self) -> str:
        """Why 全員出席 may not be used yet: before the event's day nobody has attended (a
        click on it in June marked a September trip attended). Empty when it may."""
        day = self._first_day()
        if day is None or self.ctx.today() >= day:
            return ""
        return f"行事の日（{format_wareki(day)}）より前は出欠を付けられません。"

    def _allow_all_present(self) -> None:
        reason = self._too_early()
        self.all_button.setEnabled(self.detail is not None and not reason)
        self.all_button.setToolTip(reason or "この日程の参加者を全員出席にします。")

    def _rows(self) -> list[ParticipantView]:
        return [self.model.row_at(r) for r in source_rows(self.view)]

    def _after(self) -> None:
        self._load_people()
        self.page.show_summary()
        self.data_changed.emit()

    def _on_view_clicked(self, index: QModelIndex) -> None:
        if index.column() != 0:
            return
        proxy = self.view.model()
        row = proxy.mapToSource(index).row() if hasattr(proxy, "mapToSource") else index.row()
        person = self.model.row_at(row)
        try:
            toggle_attendance(self.ctx, person.id)
        except (ValidationError, RuleViolation) as error:
            refuse(self, "出欠", error)
            return
        self._after()

    def _set_selected(self, value: str) -> None:
        people = self._rows()
        if not people:
            tell(self, "出欠", "参加者を一覧で選んでください。")
            return
        try:
            set_attendance(self.ctx, [p.id for p in people], value)
        except (ValidationError, RuleViolation) as error:
            refuse(self, "出欠", error)
            return
        self._after()

    def _on_all_clicked(self) -> None:
        if self.detail is None:
            return
        if reason := self._too_early():
            tell(self, "全員出席", reason)
            return
        try:
            count = mark_all_present(self.ctx, self.detail.id, self._session_id())
        except (ValidationError, RuleViolation) as error:
            refuse(self, "全員出席", error)
            return
        self._after()
        self.count_label.setText(self.count_label.text() + f"（{count}人を出席にしました）")

    def _print_sign_in(self, column: str) -> None:
        if self.detail is None:
            return
        session_id = self._session_id()
        sessions = [session_id] if session_id is not None else [s.id for s in self.detail.sessions]
        detail = self.detail
        if len(sessions) > 1:
            tell(self, "受付簿", "受付簿は日程ごとに印刷します。上で日程を選んでください。")
            return
        output.preview_pdf(
            self,
            f"受付簿_{detail.title}.pdf",
            "受付簿",
            lambda p: print_sign_in(self.ctx, detail.id, sessions[0], p, column=column),
        )

    def _on_tags_clicked(self) -> None:
        if self.detail is None:
            return
        detail, session_id = self.detail, self._session_id()
        per_sheet = int(self.sheet_combo.currentData())
        start = min(self.start_spin.value(), per_sheet)
        output.preview_pdf(
            self,
            f"名札_{detail.title}.pdf",
            "名札",
            lambda p: print_name_tags(
                self.ctx,
                detail.id,
                p,
                session_id=session_id,
                per_sheet=per_sheet,
                start_position=start,
            ),
        )
