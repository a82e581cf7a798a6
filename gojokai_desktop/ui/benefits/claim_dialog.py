"""The claim form (給付請求の受付・修正): the facts the kind needs and the amount, live."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.benefits.table import SUBJECT_RELATIONS, BenefitKind, BenefitTable
from gojokai_desktop.domain.errors import EditConflict, RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_era_year, format_wareki
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.claim_views import (
    METHOD_LABELS,
    ClaimDetail,
    ClaimInput,
    get_claim,
)
from gojokai_desktop.services.benefits.claims import (
    ClaimAssessment,
    assess,
    receive_claim,
    update_claim,
)
from gojokai_desktop.services.benefits.tables import TableInForce, table_in_force
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.membership import get_member
from gojokai_desktop.services.members.records import MemberDetail
from gojokai_desktop.services.members.search import MemberListRow
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.ui.benefits.assessment_panel import AssessmentPanel
from gojokai_desktop.ui.conflict import ask_reload
from gojokai_desktop.ui.widgets import WarekiDateEdit, install_enter_moves_focus
from gojokai_desktop.ui.widgets.member_picker import MemberPicker
from gojokai_desktop.ui.widgets.sizing import resize_within

ERROR_STYLE = "color: #c62828;"
ASSESS_DELAY_MS = 150
EDITABLE = ("received", "reviewed")


def _count(text: str, field: str) -> int | None:
    value = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not value:
        return None
    if not value.isdigit():
        raise ValidationError(f"{field}は数字で入力してください（例: 45）", field)
    return int(value)


def _combo(items: Sequence[tuple[str, object]]) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    return combo


class ClaimDialog(QDialog):
    """受付 of a new claim (``claim`` None) or correction of one; the assessment follows every
    change. ``detail`` holds the saved claim after Save."""

    def __init__(
        self,
        ctx: AppContext,
        member_rows: Sequence[MemberListRow],
        claim: ClaimDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.claim = claim
        self.detail: ClaimDetail | None = None
        self.assessment: ClaimAssessment | None = None
        profile = load_profile(ctx)
        self.calendar = profile.calendar if profile else FiscalCalendar(4)
        self._tables: dict[int, TableInForce] = {}
        self._errors: dict[str, QLabel] = {}
        self.setWindowTitle("給付請求の受付" if claim is None else f"給付請求 {claim.row.number}")
        resize_within(self, 1040, 660)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(ASSESS_DELAY_MS)
        self.timer.timeout.connect(self.run_assessment)
        layout = QHBoxLayout(self)
        self.picker = MemberPicker(ctx, member_rows)
        layout.addLayout(self._form(), 3)
        self.panel = AssessmentPanel()
        layout.addWidget(self.panel, 2)
        self.enter_filter = install_enter_moves_focus(self)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self._connect()
        self.claim_date_edit.setDate(ctx.today())
        self._load_kinds()
        if claim is not None:
            self._show_claim(claim)
        self._refresh_fields()

    # -- layout ----------------------------------------------------------------------------
    def _field(self, widget: QWidget, field: str) -> QWidget:
        """``widget`` with a red line under it for the messages about ``field``."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = QLabel("")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        self._errors[field] = error
        return box

    def _form(self) -> QVBoxLayout:
        column = QVBoxLayout()
        form = self.form = QFormLayout()
        self.kind_combo = QComboBox()
        self.kind_combo.setMinimumContentsLength(16)
        self.event_edit = WarekiDateEdit(field="事由発生日", required=True)
        self.family_combo = QComboBox()
        self.days_edit = QLineEdit()
        self.days_edit.setPlaceholderText("例: 45")
        self.days_edit.setMaximumWidth(120)
        self.damage_combo = QComboBox()
        self.children_spin = QSpinBox()
        self.children_spin.setRange(1, 20)
        self.children_spin.setSuffix(" 人")
        self.service_edit = QLineEdit()
        self.service_edit.setPlaceholderText("空欄なら会員期間で計算")
        self.service_edit.setMaximumWidth(200)
        self.evidence_box = QWidget()
        self.evidence_layout = QVBoxLayout(self.evidence_box)
        self.evidence_layout.setContentsMargins(0, 0, 0, 0)
        self.evidence_checks: list[QCheckBox] = []
        self.employer_check = QCheckBox("事業主の証明あり（請求書の証明欄に記入・押印）")
        self.spouse_check = QCheckBox("配偶者も会員で、同じ事由で請求済み")
        self.claim_date_edit = WarekiDateEdit(field="請求日", required=True)
        self.method_combo = _combo([(text, code) for code, text in METHOD_LABELS.items()])
        self.method_combo.setCurrentIndex(self.method_combo.findData(ClaimInput.payment_method))
        self.detail_edit = QLineEdit()
        self.detail_edit.setPlaceholderText("例: 長男誕生、自宅の床上浸水")
        self.note_edit = QLineEdit()
        rows: list[tuple[str, QWidget, str]] = [
            ("会員", self.picker, "会員"),
            ("給付の種類", self.kind_combo, "給付の種類"),
            ("事由発生日", self.event_edit, "事由発生日"),
            ("対象の家族", self.family_combo, "対象の家族"),
            ("休業日数", self.days_edit, "休業日数"),
            ("被害の程度", self.damage_combo, "被害の程度"),
            ("子の数", self.children_spin, "子の数"),
            ("勤続年数", self.service_edit, "勤続年数"),
            ("添付書類", self.evidence_box, "添付書類"),
            ("事業主証明", self.employer_check, "事業主証明"),
            ("配偶者の請求", self.spouse_check, "配偶者の請求"),
            ("請求日（受付日）", self.claim_date_edit, "請求日"),
            ("支払方法", self.method_combo, "支払方法"),
            ("事由の内容", self.detail_edit, "事由の内容"),
            ("備考", self.note_edit, "備考"),
        ]
        for label, widget, field in rows:
            form.addRow(label, self._field(widget, field))
        self.row_of = {field: n for n, (_l, _w, field) in enumerate(rows)}
        column.addLayout(form)
        self.general_error = QLabel("")
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        column.addWidget(self.general_error)
        column.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("受付を保存" if self.claim is None else "修正を保存")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("閉じる")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        return column

    def _connect(self) -> None:
        self.picker.member_chosen.connect(self._on_picker_member_chosen)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.event_edit.date_changed.connect(self._on_event_date_changed)
        for combo in (self.family_combo, self.damage_combo, self.method_combo):
            combo.currentIndexChanged.connect(self._changed)
        for edit in (self.days_edit, self.service_edit, self.detail_edit, self.note_edit):
            edit.textEdited.connect(self._changed)
        self.children_spin.valueChanged.connect(self._changed)
        self.claim_date_edit.date_changed.connect(self._changed)
        for edit in (self.event_edit, self.claim_date_edit):
            edit.error_changed.connect(self._changed)
        for check in (self.employer_check, self.spouse_check):
            check.toggled.connect(self._changed)

    # -- the table and the kind ------------------------------------------------------------
    def _in_force(self) -> TableInForce:
        day = self.event_edit.date() or self.claim_date_edit.date() or self.ctx.today()
        year = self.calendar.year_of(day)
        if year not in self._tables:
            self._tables[year] = table_in_force(self.ctx, year)
        return self._tables[year]

    def _table(self) -> BenefitTable:
        return self._in_force().table

    def table_text(self) -> str:
        """Which table the amount comes from: its name, first year and version."""
        found = self._in_force()
        start = format_era_year(self.calendar.first_day(found.valid_from_year))
        version = f"第{found.version}版" if found.version else "ひな形のまま"
        return f"適用する給付表: {found.table.name}（{start}度から・{version}）"

    def _load_kinds(self) -> None:
        current = self.kind_combo.currentData()
        self.kind_combo.blockSignals(True)
        self.kind_combo.clear()
        self.kind_combo.addItem("（選んでください）", None)
        for kind in self._table().kinds:
            self.kind_combo.addItem(f"{kind.name}（{kind.category_label}）", kind.code)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(current)))
        self.kind_combo.blockSignals(False)

    def kind(self) -> BenefitKind | None:
        code = self.kind_combo.currentData()
        if code is None:
            return None
        return next((k for k in self._table().kinds if k.code == code), None)

    def _on_event_date_changed(self, _day: object) -> None:
        before = self.kind()
        self._load_kinds()
        if self.kind() != before:
            self._refresh_fields()
        self._changed()

    def _on_kind_changed(self) -> None:
        self._refresh_fields()
        self._changed()

    def _on_picker_member_chosen(self, _detail: object) -> None:
        self._fill_family()
        self._changed()

    def _refresh_fields(self) -> None:
        """Show only the facts the kind's rule needs, its papers and its family choice."""
        kind = self.kind()
        rule = kind.rule if kind else None
        needs = {
            "対象の家族": kind is not None and kind.subject != "member",
            "休業日数": rule is not None and rule.kind == "band" and rule.basis == "days_off",
            "被害の程度": rule is not None and rule.kind == "class",
            "子の数": rule is not None and rule.kind == "per_child",
            "勤続年数": rule is not None and rule.kind == "band" and rule.basis == "service_years",
            "添付書類": kind is not None and bool(kind.evidence),
            "事業主証明": kind is not None and kind.employer_certification,
            # Both spouses may be members: it matters for their own events and children's.
            "配偶者の請求": kind is not None and kind.subject in ("member", "child"),
        }
        for field, shown in needs.items():
            self.form.setRowVisible(self.row_of[field], shown)
        self._fill_damage(kind)
        self._fill_evidence(kind)
        self._fill_family()

    def _fill_damage(self, kind: BenefitKind | None) -> None:
        current = self.damage_combo.currentData()
        self.damage_combo.blockSignals(True)
        self.damage_combo.clear()
        self.damage_combo.addItem("（選んでください）", None)
        if kind is not None and kind.rule.kind == "class":
            for item in kind.rule.classes:
                self.damage_combo.addItem(f"{item.label}（{format_yen(item.amount)}円）", item.code)
        self.damage_combo.setCurrentIndex(max(0, self.damage_combo.findData(current)))
        self.damage_combo.blockSignals(False)

    def _fill_evidence(self, kind: BenefitKind | None) -> None:
        ticked = {c.text() for c in self.evidence_checks if c.isChecked()}
        for check in self.evidence_checks:
            check.setParent(None)
            check.deleteLater()
        self.evidence_checks = []
        for paper in kind.evidence if kind else ():
            check = QCheckBox(paper)
            check.setChecked(paper in ticked)
            check.toggled.connect(self._changed)
            self.enter_filter.watch(check)
            self.evidence_layout.addWidget(check)
            self.evidence_checks.append(check)

    def _fill_family(self) -> None:
        kind = self.kind()
        member = self.picker.detail
        current = self.family_combo.currentData()
        self.family_combo.blockSignals(True)
        self.family_combo.clear()
        self.family_combo.addItem("（選んでください）", None)
        if member is not None and kind is not None and kind.subject != "member":
            fitting = SUBJECT_RELATIONS.get(kind.subject)
            people = sorted(
                member.family, key=lambda f: fitting is not None and f.relation not in fitting
            )
            for person in people:
                born = (
                    f"{format_wareki(person.birth_date)}生" if person.birth_date else "生年月日なし"
                )
                ended = f"、{format_wareki(person.to_date)}まで" if person.to_date else ""
                self.family_combo.addItem(
                    f"{person.relation}　{person.name}（{born}{ended}）", person.id
                )
            matches = [p for p in people if fitting is None or p.relation in fitting]
            if current is None and len(matches) == 1:
                current = matches[0].id
        self.family_combo.setCurrentIndex(max(0, self.family_combo.findData(current)))
        self.family_combo.blockSignals(False)

    # -- the claim shown -------------------------------------------------------------------
    def _show_claim(self, claim: ClaimDetail) -> None:
        data = claim.data
        member: MemberDetail = get_member(self.ctx, data.member_id)
        self.picker.show_member(member)
        self.event_edit.setDate(data.event_date)
        self.claim_date_edit.setDate(data.claim_date)
        self._load_kinds()
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(data.kind_code)))
        self._refresh_fields()
        self.family_combo.setCurrentIndex(max(0, self.family_combo.findData(data.family_member_id)))
        self.days_edit.setText("" if data.days_off is None else str(data.days_off))
        self.damage_combo.setCurrentIndex(max(0, self.damage_combo.findData(data.damage_class)))
        self.children_spin.setValue(max(1, data.children))
        self.service_edit.setText("" if data.service_years is None else str(data.service_years))
        for check in self.evidence_checks:
            check.setChecked(check.text() in data.evidence)
        self.employer_check.setChecked(data.employer_certified)
        self.spouse_check.setChecked(data.spouse_also_claimed)
        self.method_combo.setCurrentIndex(max(0, self.method_combo.findData(data.payment_method)))
        self.detail_edit.setText(data.detail)
        self.note_edit.setText(data.note)
        if claim.row.status not in EDITABLE:
            for widget in self.findChildren(QWidget):
                if isinstance(widget, (QLineEdit, QComboBox, QSpinBox, QCheckBox)):
                    widget.setEnabled(False)
            self.save_button.setEnabled(False)
            self.general_error.setText(
                f"この請求は「{claim.row.status_label}」のため修正できません（表示のみ）。"
            )
        self.run_assessment()

    # -- assessment ------------------------------------------------------------------------
    def _changed(self, *_args: object) -> None:
        self.timer.start()

    def collect(self) -> ClaimInput | None:
        """What the form says, or None while member, kind or event date is missing;
        a fact typed wrongly raises :class:`ValidationError` naming its field."""
        member, kind = self.picker.detail, self.kind()
        event, claim_date = self.event_edit.date(), self.claim_date_edit.date()
        if member is None or kind is None or event is None or claim_date is None:
            return None
        rule = kind.rule
        days = _count(self.days_edit.text(), "休業日数") if rule.basis == "days_off" else None
        service = (
            _count(self.service_edit.text(), "勤続年数") if rule.basis == "service_years" else None
        )
        family = self.family_combo.currentData() if kind.subject != "member" else None
        return ClaimInput(
            member_id=member.id,
            kind_code=kind.code,
            event_date=event,
            claim_date=claim_date,
            family_member_id=family,
            days_off=days,
            damage_class=self.damage_combo.currentData() if rule.kind == "class" else None,
            children=self.children_spin.value() if rule.kind == "per_child" else 1,
            service_years=service,
            spouse_also_claimed=self.spouse_check.isChecked(),
            evidence=tuple(c.text() for c in self.evidence_checks if c.isChecked()),
            employer_certified=self.employer_check.isChecked(),
            detail=self.detail_edit.text(),
            payment_method=str(self.method_combo.currentData()),
            note=self.note_edit.text(),
            origin=self.claim.data.origin if self.claim else "",
        )

    def _clear_errors(self) -> None:
        for label in self._errors.values():
            label.hide()
        if self.claim is None or self.claim.row.status in EDITABLE:
            self.general_error.setText("")

    def show_error(self, error: ValidationError | RuleViolation) -> None:
        """Put the message beside its field, or under the form when it names none."""
        field = error.field if isinstance(error, ValidationError) else ""
        label = self._errors.get(field)
        if label is not None and self.form.isRowVisible(self.row_of[field]):
            label.setText(error.message)
            label.show()
        else:
            self.general_error.setText(error.message)

    def _show_date_errors(self) -> None:
        for edit in (self.event_edit, self.claim_date_edit):
            message = edit.error()
            if message:
                self.show_error(ValidationError(message, edit.field()))

    def run_assessment(self) -> None:
        """Assess what the form says now (nothing is saved) and show the result."""
        self.timer.stop()
        self._clear_errors()
        self._show_date_errors()
        try:
            data = self.collect()
            if data is None:
                self._show_assessment(None)
                return
            result = assess(self.ctx, data, self.claim.row.id if self.claim else None)
        except (ValidationError, RuleViolation) as error:
            self.show_error(error)
            self._show_assessment(None, failed=True)
            return
        self._show_assessment(result)

    def _show_assessment(self, result: ClaimAssessment | None, *, failed: bool = False) -> None:
        self.assessment = result
        if result is None:
            self.panel.show_nothing(failed=failed)
        else:
            self.panel.show_result(result, self.table_text())

    # -- saving ----------------------------------------------------------------------------
    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        for edit in (self.event_edit, self.claim_date_edit):
            edit.commit()
        self._clear_errors()
        try:
            data = self.collect()
            if data is None:
                raise ValidationError(self._missing_message(), self._missing_field())
            if self.claim is None:
                self.detail = receive_claim(self.ctx, data)
            else:
                claim_id, version = self.claim.row.id, self.claim.version
                self.detail = update_claim(self.ctx, claim_id, data, version=version)
        except EditConflict as error:
            self.general_error.setText(f"{error.TITLE}。読み直してから修正してください。")
            if ask_reload(self, error) and self.claim is not None:
                self.claim = get_claim(self.ctx, self.claim.row.id)
                self._show_claim(self.claim)
                self._refresh_fields()
                self.general_error.setText("最新の内容を読み直しました。")
            return
        except (ValidationError, RuleViolation) as error:
            self.show_error(error)
            if isinstance(error, RuleViolation):
                QMessageBox.warning(self, "給付請求", error.message)
            return
        self.accept()

    def _missing_field(self) -> str:
        if self.picker.detail is None:
            return "会員"
        if self.kind() is None:
            return "給付の種類"
        return "事由発生日" if self.event_edit.date() is None else "請求日"

    def _missing_message(self) -> str:
        return {
            "会員": "会員を会員番号かフリガナで探して選んでください",
            "給付の種類": "給付の種類を選んでください",
            "事由発生日": "事由発生日を入力してください（例: R7.5.1）",
            "請求日": "請求日を入力してください（例: R7.6.1）",
        }[self._missing_field()]
