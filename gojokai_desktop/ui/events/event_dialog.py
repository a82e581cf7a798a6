"""行事の登録・変更: one dialog with tabs for the event, its sessions, programme and money."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.events.rules import KIND_LABELS, Amounts, RefundRule
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.inputs import (
    SUBSIDY_MODE_LABELS,
    EventInput,
    SessionInput,
)
from gojokai_desktop.services.events.records import SavedEvent, create_event, update_event
from gojokai_desktop.services.events.rules import preview_subsidy, subsidy_choices
from gojokai_desktop.services.events.views import EventDetail
from gojokai_desktop.ui.events.grids import ProgrammeModel, SessionsModel, parse_count
from gojokai_desktop.ui.widgets import WarekiDateEdit, YenEdit, install_enter_moves_focus
from gojokai_desktop.ui.widgets.validated_edit import ValidatedLineEdit


def _yen(edit: YenEdit) -> int | None:
    """The amount typed, refused with the field's name when it cannot be read (or is < 0)."""
    _check(edit)
    return edit.value()


def _day(edit: WarekiDateEdit) -> dt.date | None:
    _check(edit)
    return edit.date()


def _check(edit: ValidatedLineEdit) -> None:
    if not edit.commit():
        raise ValidationError(edit.error() or "入力を確かめてください。", edit.field())


class EventDialog(QDialog):
    """New event (``detail`` None) or a change to one; ``saved`` holds the result."""

    def __init__(
        self,
        ctx: AppContext,
        calendar: FiscalCalendar,
        fiscal_year: int,
        detail: EventDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.calendar = calendar
        self.fiscal_year = fiscal_year
        self.detail = detail
        self.saved: SavedEvent | None = None
        self.setWindowTitle("行事の変更" if detail else "行事の登録")
        self.resize(860, 600)
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._basics(), "基本")
        self.tabs.addTab(self._sessions(), "日程・会場")
        self.tabs.addTab(self._programme(), "内容")
        self.tabs.addTab(self._money(), "定員・参加費・補助")
        layout.addWidget(self.tabs)
        self.message = QLabel("")
        self.message.setStyleSheet("color: #b00020;")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("やめる", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self._on_save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._fill(detail.data if detail else self._blank())
        install_enter_moves_focus(self)

    # ------------------------------------------------------------------ building
    def _basics(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.kind_combo = QComboBox()
        for code, label in KIND_LABELS.items():
            self.kind_combo.addItem(label, code)
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("例: 事務担当者研修会、秋の日帰りバス旅行")
        self.venue_edit = QLineEdit()
        self.venue_edit.setPlaceholderText("例: 郡山市労働福祉会館")
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText("例: 郡山市虎丸7−7")
        self.purpose_edit = QLineEdit()
        self.audience_edit = QLineEdit()
        self.audience_edit.setPlaceholderText("例: 主に事務手続きを担当する新任者、他")
        self.family_check = QCheckBox("家族の参加を受け付ける")
        self.guests_check = QCheckBox("一般（会員以外・事業所の職員）の参加を受け付ける")
        self.how_edit = QLineEdit()
        self.how_edit.setPlaceholderText("空欄のときは「別紙の参加申込書に記入のうえ…」と印刷")
        self.contact_edit = QLineEdit()
        self.contact_edit.setPlaceholderText("空欄のときは団体の名前・住所・電話を印刷")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setPlaceholderText("開催案内の最後に ※ を付けて1行ずつ印刷されます")
        self.notes_edit.setMaximumHeight(90)
        for label, widget in (
            ("種類", self.kind_combo),
            ("行事名", self.title_edit),
            ("会場", self.venue_edit),
            ("会場の住所", self.address_edit),
            ("目的", self.purpose_edit),
            ("対象者", self.audience_edit),
            ("", self.family_check),
            ("", self.guests_check),
            ("申込方法", self.how_edit),
            ("問合せ先", self.contact_edit),
            ("備考（※）", self.notes_edit),
        ):
            form.addRow(label, widget)
        return tab

    def _grid(
        self, model: SessionsModel | ProgrammeModel, add: str, remove: str, note: str = ""
    ) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            layout.addWidget(label)
        view = QTableView()
        view.setModel(model)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(view)
        bar = QHBoxLayout()
        add_button, remove_button = QPushButton(add), QPushButton(remove)
        add_button.clicked.connect(lambda _checked: model.add_row())
        remove_button.clicked.connect(lambda _checked: model.remove_row(view.currentIndex().row()))
        bar.addWidget(add_button)
        bar.addWidget(remove_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        return tab

    def _sessions(self) -> QWidget:
        self.sessions_model = SessionsModel(self)
        return self._grid(
            self.sessions_model,
            "日程を追加",
            "選んだ日程を削除",
            "1日の行事は1行。健診のように医療機関や日ごとに受け付けるときは1行ずつ入れ、"
            "それぞれの定員を入れます（空欄は制限なし）。日付は R7.6.6 や 令和7年6月6日 の形で。",
        )

    def _programme(self) -> QWidget:
        self.programme_model = ProgrammeModel(self)
        return self._grid(self.programme_model, "内容を追加", "選んだ内容を削除")

    def _money(self) -> QWidget:
        tab = QWidget()
        form = QFormLayout(tab)
        self.capacity_edit = QLineEdit()
        self.capacity_edit.setPlaceholderText("空欄は定員なし（日程ごとの定員は［日程・会場］で）")
        self.start_edit = WarekiDateEdit(field="申込開始")
        self.deadline_edit = WarekiDateEdit(field="申込締切")
        self.fee_edits = tuple(YenEdit(field=f"参加費（{c}）") for c in ("会員", "家族", "一般"))
        self.cost_edit = YenEdit(field="1人当たり費用")
        self.cost_edit.setPlaceholderText("旅行代金など（補助の区分に使います）")
        self.mode_combo = QComboBox()
        for code, label in SUBSIDY_MODE_LABELS.items():
            self.mode_combo.addItem(label, code)
        self.rule_combo = QComboBox()
        for code, label in subsidy_choices(self.ctx, self.fiscal_year):
            self.rule_combo.addItem(label, code)
        self.subsidy_edits = tuple(
            YenEdit(field=f"補助額（{c}）") for c in ("会員", "家族", "一般")
        )
        self.subsidy_label = QLabel("")
        self.subsidy_label.setWordWrap(True)
        self.fee_days = QSpinBox()
        self.fee_days.setRange(0, 365)
        self.fee_days.setSuffix(" 日前から")
        self.fee_percent = QSpinBox()
        self.fee_percent.setRange(0, 100)
        self.fee_percent.setSuffix(" %")
        form.addRow("定員（全体）", self.capacity_edit)
        form.addRow("申込開始", self.start_edit)
        form.addRow("申込締切", self.deadline_edit)
        form.addRow("参加費", self._row(self.fee_edits))
        form.addRow("1人当たり費用", self.cost_edit)
        form.addRow("会の補助", self.mode_combo)
        form.addRow("補助の区分", self.rule_combo)
        form.addRow("定額の補助", self._row(self.subsidy_edits))
        form.addRow("", self.subsidy_label)
        cancel = QHBoxLayout()
        cancel.addWidget(QLabel("開催日の"))
        cancel.addWidget(self.fee_days)
        cancel.addWidget(QLabel("取消は参加費の"))
        cancel.addWidget(self.fee_percent)
        cancel.addWidget(QLabel("をキャンセル料とする（0%: 全額返金）"))
        cancel.addStretch(1)
        form.addRow("キャンセル料", cancel)
        self.mode_combo.currentIndexChanged.connect(lambda _i: self._show_subsidy())
        self.rule_combo.currentIndexChanged.connect(lambda _i: self._show_subsidy())
        self.cost_edit.value_changed.connect(lambda _v: self._show_subsidy())
        return tab

    @staticmethod
    def _row(edits: tuple[YenEdit, ...]) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for label, edit in zip(("会員", "家族", "一般"), edits, strict=True):
            row.addWidget(QLabel(label))
            edit.setMaximumWidth(110)
            row.addWidget(edit)
            row.addWidget(QLabel("円"))
        row.addStretch(1)
        return box

    # ------------------------------------------------------------------ values
    def _blank(self) -> EventInput:
        return EventInput(kind="training", title="", sessions=(SessionInput(None, "10:00"),))

    def _fill(self, data: EventInput) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(data.kind)))
        for edit, text in (
            (self.title_edit, data.title),
            (self.venue_edit, data.venue),
            (self.address_edit, data.venue_address),
            (self.purpose_edit, data.purpose),
            (self.audience_edit, data.audience),
            (self.how_edit, data.how_to_apply),
            (self.contact_edit, data.contact),
        ):
            edit.setText(text)
        self.notes_edit.setPlainText(data.notes)
        self.family_check.setChecked(data.allow_family)
        self.guests_check.setChecked(data.allow_guests)
        self.sessions_model.set_sessions(data.sessions)
        self.programme_model.set_programme(data.programme)
        self.capacity_edit.setText("" if data.capacity is None else str(data.capacity))
        self.start_edit.setDate(data.application_start)
        self.deadline_edit.setDate(data.deadline)
        for edit, amount in zip(self.fee_edits, _amounts(data.fees), strict=True):
            edit.setValue(amount)
        self.cost_edit.setValue(data.cost_per_person)
        self.mode_combo.setCurrentIndex(max(0, self.mode_combo.findData(data.subsidy_mode)))
        if data.subsidy_rule:
            self.rule_combo.setCurrentIndex(max(0, self.rule_combo.findData(data.subsidy_rule)))
        for edit, amount in zip(self.subsidy_edits, _amounts(data.subsidy), strict=True):
            edit.setValue(amount or None)
        self.fee_days.setValue(data.refund.days_before)
        self.fee_percent.setValue(data.refund.percent)
        self._show_subsidy()

    def _show_subsidy(self) -> None:
        mode = self.mode_combo.currentData()
        self.rule_combo.setEnabled(mode == "rule")
        for edit in self.subsidy_edits:
            edit.setEnabled(mode == "fixed")
        if mode != "rule" or self.rule_combo.currentData() is None:
            self.subsidy_label.setText("")
            return
        try:
            _amounts_found, note = preview_subsidy(
                self.ctx, self.fiscal_year, self.rule_combo.currentData(), self.cost_edit.value()
            )
        except ValidationError as error:
            note = error.message
        self.subsidy_label.setText(f"→ {note}")

    def event_input(self) -> EventInput:
        """What the clerk typed, refused with the field's name when a value cannot be read."""
        fees = Amounts(*(_yen(e) or 0 for e in self.fee_edits))
        subsidy = Amounts(*(_yen(e) or 0 for e in self.subsidy_edits))
        return EventInput(
            kind=str(self.kind_combo.currentData()),
            title=self.title_edit.text(),
            sessions=self.sessions_model.sessions(),
            venue=self.venue_edit.text(),
            venue_address=self.address_edit.text(),
            purpose=self.purpose_edit.text(),
            audience=self.audience_edit.text(),
            allow_family=self.family_check.isChecked(),
            allow_guests=self.guests_check.isChecked(),
            capacity=parse_count(self.capacity_edit.text(), "定員"),
            application_start=_day(self.start_edit),
            deadline=_day(self.deadline_edit),
            fees=fees,
            cost_per_person=_yen(self.cost_edit),
            subsidy_mode=str(self.mode_combo.currentData()),
            subsidy_rule=str(self.rule_combo.currentData() or ""),
            subsidy=subsidy,
            refund=RefundRule(self.fee_days.value(), self.fee_percent.value()),
            programme=self.programme_model.programme(),
            how_to_apply=self.how_edit.text(),
            contact=self.contact_edit.text(),
            notes=self.notes_edit.toPlainText(),
        )

    def _on_save(self) -> None:
        try:
            data = self.event_input()
            if self.detail is None:
                self.saved = SavedEvent(create_event(self.ctx, data))
            else:
                self.saved = update_event(self.ctx, self.detail.id, data, self.detail.version)
        except (ValidationError, RuleViolation) as error:
            field = (
                f"【{error.field}】" if isinstance(error, ValidationError) and error.field else ""
            )
            self.message.setText(f"保存できません。{field}{error.message}")
            return
        self.accept()


def _amounts(amounts: Amounts) -> tuple[int, int, int]:
    return amounts.member, amounts.family, amounts.guest
