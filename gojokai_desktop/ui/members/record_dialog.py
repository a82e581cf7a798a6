"""The member record (会員の記録): every field, family and history tabs, and the life events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import EditConflict, Problems, RuleViolation, ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.duplicates import find_duplicates
from gojokai_desktop.services.members.establishments import list_establishments
from gojokai_desktop.services.members.membership import (
    effective_join_date,
    get_member,
    join_member,
    update_member,
)
from gojokai_desktop.services.members.records import (
    EMPLOYMENT_LABELS,
    LEAVE_REASON_LABELS,
    SEX_LABELS,
    MemberDetail,
    MemberInput,
    validate_member_input,
)
from gojokai_desktop.ui.conflict import ask_reload
from gojokai_desktop.ui.members.actions import EstablishmentCombo
from gojokai_desktop.ui.members.benefits_tab import MemberBenefitsTab
from gojokai_desktop.ui.members.dues_tab import MemberDuesTab
from gojokai_desktop.ui.members.life_events import MemberEventActions
from gojokai_desktop.ui.members.models import RecordTableModel
from gojokai_desktop.ui.widgets import (
    FormErrors,
    KanaEdit,
    PostalCodeEdit,
    WarekiDateEdit,
    install_enter_moves_focus,
)
from gojokai_desktop.ui.widgets.bank_account_fields import BankAccountFields
from gojokai_desktop.ui.widgets.sizing import resize_within


def _combo(items: dict[str, str], blank: bool = False) -> QComboBox:
    combo = QComboBox()
    if blank:
        combo.addItem("", None)
    for code, text in items.items():
        combo.addItem(text, code)
    return combo


class MemberDialog(MemberEventActions, QDialog):
    """A new member (入会) when ``member_id`` is None, else the member's record."""

    changed = Signal(int)
    deleted = Signal(int)
    open_member = Signal(int)

    def __init__(
        self, ctx: AppContext, member_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail: MemberDetail | None = None
        self._dirty = False
        self.establishments = list_establishments(ctx, include_former=False)
        self.setWindowTitle("新しい会員（入会）" if member_id is None else "会員の記録")
        resize_within(self, 760, 640)
        layout = QVBoxLayout(self)
        self.header = QLabel("")
        self.header.setObjectName("pageTitle")
        layout.addWidget(self.header)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._basic_tab(member_id is None), "基本")
        self.tabs.addTab(self._bank_tab(), "口座・備考")
        self.family_model = RecordTableModel(
            ["続柄", "氏名", "フリガナ", "性別", "生年月日", "扶養", "登録日", "終了日", "婚姻日"]
        )
        self.events_model = RecordTableModel(
            ["異動", "効力日", "受付日", "事業所", "異動前の事業所", "理由", "入力者"]
        )
        self.family_view = self._table(self.family_model)
        self.tabs.addTab(self._family_tab(), "家族")
        self.tabs.addTab(self._table(self.events_model), "履歴")
        self.dues_tab = MemberDuesTab(ctx)
        self.tabs.addTab(self.dues_tab, "会費")
        self.benefits_tab = MemberBenefitsTab(ctx)
        self.tabs.addTab(self.benefits_tab, "給付")
        self.error_label = QLabel("")
        self.error_label.setObjectName("errorLabel")
        layout.addWidget(self.error_label)
        self.errors = FormErrors(self.error_label, self._field_widgets())
        layout.addLayout(self._buttons())
        install_enter_moves_focus(self)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        if member_id is not None:
            self.show_detail(get_member(ctx, member_id))
        else:
            self.header.setText("新しい会員（入会）")
        self._update_buttons()
        self._dirty = False

    # ------------------------------------------------------------------ layout
    def _basic_tab(self, new: bool) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText("空欄なら自動で付番")
        self.name_edit = QLineEdit()
        self.kana_edit = KanaEdit(required=True)
        self.sex_combo = _combo(SEX_LABELS, blank=True)
        self.birth_edit = WarekiDateEdit(field="生年月日")
        self.postal_edit = PostalCodeEdit()
        self.address_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.employment_combo = _combo(EMPLOYMENT_LABELS)
        self.dues_class_edit = QLineEdit()
        form.addRow("会員番号", self.number_edit)
        form.addRow("氏名", self.name_edit)
        form.addRow("フリガナ", self.kana_edit)
        form.addRow("性別", self.sex_combo)
        form.addRow("生年月日", self.birth_edit)
        form.addRow("郵便番号", self.postal_edit)
        form.addRow("住所", self.address_edit)
        form.addRow("電話番号", self.phone_edit)
        form.addRow("雇用形態", self.employment_combo)
        form.addRow("会費区分", self.dues_class_edit)
        self.establishment_combo = EstablishmentCombo(self.establishments)
        self.received_edit = WarekiDateEdit(field="入会申込書の受付日", required=True)
        self.effective_edit = WarekiDateEdit(field="入会日")
        self.override_edit = QLineEdit()
        self.status_label = QLabel("")
        if new:
            form.addRow("事業所", self.establishment_combo)
            form.addRow("受付日", self.received_edit)
            form.addRow("入会日", self.effective_edit)
            form.addRow("入会日を変える理由", self.override_edit)
            self.received_edit.setDate(self.ctx.today())
            self.received_edit.date_changed.connect(self._suggest_join_date)
            self._suggest_join_date(self.ctx.today())
        else:
            form.addRow("所属・在籍", self.status_label)
        edits = (self.number_edit, self.name_edit, self.address_edit, self.phone_edit)
        others = (self.dues_class_edit, self.kana_edit, self.postal_edit, self.birth_edit)
        for edit in (*edits, *others):
            edit.textEdited.connect(self._mark_dirty)
        for combo in (self.sex_combo, self.employment_combo):
            combo.currentIndexChanged.connect(self._mark_dirty)
        return page

    def _field_widgets(self) -> dict[str, QWidget]:
        """Each field by the name its errors carry, so a refused save marks it."""
        return {
            "会員番号": self.number_edit, "氏名": self.name_edit, "フリガナ": self.kana_edit,
            "性別": self.sex_combo, "生年月日": self.birth_edit, "郵便番号": self.postal_edit,
            "住所": self.address_edit, "電話番号": self.phone_edit,
            "雇用形態": self.employment_combo, "会費区分": self.dues_class_edit,
            "事業所": self.establishment_combo, "入会申込書の受付日": self.received_edit,
            "入会日": self.effective_edit, "入会日を変える理由": self.override_edit,
            "銀行コード": self.account.bank_edit, "支店コード": self.account.branch_edit,
            "口座種別": self.account.account_type_combo, "口座番号": self.account.account_edit,
            "口座名義（カナ）": self.account.holder_edit, "備考": self.notes_edit,
        }  # fmt: skip

    def _bank_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.account = BankAccountFields(page)
        self.account.add_to(form)
        self.notes_edit = QPlainTextEdit()
        form.addRow("備考", self.notes_edit)
        self.account.on_edited(self._mark_dirty)
        self.notes_edit.textChanged.connect(self._mark_dirty)
        return page

    def _table(self, model: RecordTableModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.verticalHeader().setDefaultSectionSize(24)
        view.horizontalHeader().setStretchLastSection(True)
        view.verticalHeader().hide()
        return view

    def _family_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(self.family_view)
        row = QHBoxLayout()
        self.add_family_button = QPushButton("家族を追加…")
        self.change_family_button = QPushButton("変更…")
        self.end_family_button = QPushButton("登録を終了…")
        self.add_family_button.clicked.connect(self._add_family)
        self.change_family_button.clicked.connect(self._change_family)
        self.end_family_button.clicked.connect(self._end_family)
        for button in (self.add_family_button, self.change_family_button, self.end_family_button):
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.transfer_button = QPushButton("異動（事業所）…")
        self.leave_button = QPushButton("退会…")
        self.rejoin_button = QPushButton("再入会…")
        self.delete_button = QPushButton("誤登録の削除…")
        self.delete_button.setToolTip(
            "誤って登録した、記録の付いていない会員だけ削除できます（管理者）"
        )
        self.delete_button.clicked.connect(self._delete)
        self.save_button = QPushButton("保存 (Ctrl+S)")
        self.save_button.setDefault(True)
        self.close_button = QPushButton("閉じる")
        self.transfer_button.clicked.connect(self._transfer)
        self.leave_button.clicked.connect(self._leave)
        self.rejoin_button.clicked.connect(self._rejoin)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        for button in (self.transfer_button, self.leave_button, self.rejoin_button,
                       self.delete_button):  # fmt: skip
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # ------------------------------------------------------------------ state
    def _mark_dirty(self, *_args: Any) -> None:
        self._dirty = True

    def is_dirty(self) -> bool:
        return self._dirty

    def _suggest_join_date(self, received: dt.date | None) -> None:
        if received is None:
            return
        try:
            self.effective_edit.setDate(effective_join_date(self.ctx, received, None, ""))
        except (ValidationError, RuleViolation) as exc:
            self.error_label.setText(exc.message)

    def _update_buttons(self) -> None:
        existing = self.detail is not None
        present = existing and self.detail is not None and self.detail.is_present
        self.transfer_button.setEnabled(present)
        self.leave_button.setEnabled(present)
        self.rejoin_button.setEnabled(existing and not present)
        self.delete_button.setEnabled(self.detail is not None and not self.detail.has_attachments)
        self.add_family_button.setEnabled(existing)
        self.change_family_button.setEnabled(existing)
        self.end_family_button.setEnabled(existing)

    def show_detail(self, detail: MemberDetail) -> None:
        self.detail = detail
        d = detail.data
        state = "在籍"
        if detail.leave_date is not None:
            reason = LEAVE_REASON_LABELS.get(detail.leave_reason or "", "")
            state = f"退会（{format_wareki(detail.leave_date)}・{reason}）"
        self.header.setText(f"{detail.number}　{d.name}（{d.name_kana}）　{state}")
        self.setWindowTitle(f"会員の記録 — {detail.number} {d.name}")
        self.number_edit.setText(detail.number)
        self.name_edit.setText(d.name)
        self.kana_edit.setValue(d.name_kana)
        self.sex_combo.setCurrentIndex(max(0, self.sex_combo.findData(d.sex)))
        self.birth_edit.setDate(d.birth_date)
        self.postal_edit.setValue(d.postal_code)
        self.address_edit.setText(d.address)
        self.phone_edit.setText(d.phone)
        self.employment_combo.setCurrentIndex(
            max(0, self.employment_combo.findData(d.employment_type))
        )
        self.dues_class_edit.setText(d.dues_class)
        self.account.set_values(
            d.bank_code, d.branch_code, d.account_type, d.account_number, d.account_holder_kana
        )
        self.notes_edit.setPlainText(d.notes)
        self.status_label.setText(
            f"{detail.establishment_name}　入会 {format_wareki(detail.join_date)}　{state}"
        )
        self.family_model.set_rows(
            [(f.relation, f.name, f.name_kana, SEX_LABELS.get(f.sex or "", ""), f.birth_date,
              "○" if f.dependent else "", f.from_date, f.to_date, f.married_on)
             for f in detail.family],
            [f.id for f in detail.family],
        )  # fmt: skip
        self.events_model.set_rows(
            [(e.label, e.effective_date, e.received_date, e.establishment, e.from_establishment,
              e.reason, e.entered_by) for e in detail.events]
        )  # fmt: skip
        self.benefits_tab.show_member(detail.id)
        self.dues_tab.show_member(detail.id, d.name)
        self._update_buttons()
        self._dirty = False

    def value(self) -> MemberInput:
        """The form as a :class:`MemberInput`; raises ValidationError naming every field in
        error (the fields' own checks, then the service's)."""
        problems = Problems()
        for edit in (self.kana_edit, self.birth_edit, self.postal_edit):
            if not edit.commit():
                problems.add(edit.error() or "", edit.field())
        data = MemberInput(
            number=self.number_edit.text(),
            name=self.name_edit.text(),
            name_kana=self.kana_edit.value() or "",
            sex=self.sex_combo.currentData(),
            birth_date=self.birth_edit.date(),
            postal_code=self.postal_edit.value() or "",
            address=self.address_edit.text(),
            phone=self.phone_edit.text(),
            employment_type=str(self.employment_combo.currentData()),
            dues_class=self.dues_class_edit.text(),
            bank_code=self.account.bank_code(),
            branch_code=self.account.branch_code(),
            account_type=self.account.account_type(),
            account_number=self.account.account_number(),
            account_holder_kana=self.account.holder_kana(),
            notes=self.notes_edit.toPlainText(),
        )
        problems.check(validate_member_input, data, self.ctx.today())
        if self.detail is None:
            self._check_join_fields(problems)
        problems.raise_if_any()
        return data

    def _check_join_fields(self, problems: Problems) -> None:
        if self.establishment_combo.establishment_id() is None:
            problems.add("一覧から選んでください。", "事業所")
        for edit in (self.received_edit, self.effective_edit):
            if not edit.commit():
                problems.add(edit.error() or "", edit.field())

    # ------------------------------------------------------------------ actions
    def _run(self, action: Callable[[], MemberDetail]) -> bool:
        self.errors.clear()
        try:
            detail = action()
        except EditConflict as exc:
            self.errors.show(RuleViolation(f"{exc.TITLE}。読み直してから変更してください。"))
            if ask_reload(self, exc) and self.detail is not None:
                self.show_detail(get_member(self.ctx, self.detail.id))
                self.errors.show(RuleViolation("最新の内容を読み直しました。"))
            return False
        except (ValidationError, RuleViolation) as exc:
            self.errors.show(exc)
            return False
        self.show_detail(detail)
        self.changed.emit(detail.id)
        return True

    def save(self) -> bool:
        """Ctrl+S: join a new member (after the duplicate check) or save the changes."""
        self.errors.clear()
        try:
            data = self.value()
        except ValidationError as exc:
            self._show_problems(exc)
            return False
        if self.detail is not None:
            member_id, version = self.detail.id, self.detail.version
            return self._run(lambda: update_member(self.ctx, member_id, data, version=version))
        est_id = self.establishment_combo.establishment_id()
        received = self.received_edit.date()
        assert est_id is not None  # value() checked it
        assert received is not None
        if not self._confirm_not_duplicate(data, est_id):
            return False
        return self._run(
            lambda: join_member(
                self.ctx, data, est_id, received,
                effective=self.effective_edit.date(), override_reason=self.override_edit.text(),
            )
        )  # fmt: skip

    def _show_problems(self, error: ValidationError) -> None:
        """List every failed field; open the tab that holds the first one."""
        self.errors.show(error)
        marked = self.errors.marked()
        if marked:
            for index in range(self.tabs.count()):
                page = self.tabs.widget(index)
                if page is not None and page.isAncestorOf(marked[0]):
                    self.tabs.setCurrentIndex(index)
                    marked[0].setFocus()
                    break

    def _confirm_not_duplicate(self, data: MemberInput, est_id: int) -> bool:
        hits = find_duplicates(self.ctx, data.name, data.name_kana, data.birth_date, est_id)
        if not hits:
            return True
        lines = "\n".join(
            f"・{h.number} {h.name}（{h.establishment_name}）— {h.reason}" for h in hits
        )
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("同じ人が登録されているかもしれません")
        box.setText(f"次の会員と重なっています:\n{lines}\n\nそれでも新しく登録しますか？")
        add = box.addButton("新しく登録する", QMessageBox.ButtonRole.AcceptRole)
        show = box.addButton("既存の記録を開く", QMessageBox.ButtonRole.ActionRole)
        box.addButton("やめる", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is show:
            self.open_member.emit(hits[0].member_id)
        return box.clickedButton() is add

    # ------------------------------------------------------------------ closing
    def closeEvent(self, event: QCloseEvent) -> None:
        if self._may_close():
            event.accept()
        else:
            event.ignore()

    def reject(self) -> None:
        if self._may_close():
            super().reject()

    def _may_close(self) -> bool:
        """Unsaved changes are never lost silently: save, discard or stay."""
        if not self._dirty:
            return True
        answer = QMessageBox.question(
            self,
            "保存していない変更",
            "変更が保存されていません。保存しますか？",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self._dirty = False
            return True
        return False
