"""Dialogs for a member's life events (異動, 退会, 再入会, 家族) and the establishment picker."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.benefits.table import SUBJECT_RELATIONS
from gojokai_desktop.domain.errors import Problems
from gojokai_desktop.services.members.establishments import EstablishmentRow
from gojokai_desktop.services.members.records import (
    LEAVE_REASON_LABELS,
    SEX_LABELS,
    FamilyInput,
    FamilyRow,
)
from gojokai_desktop.ui.widgets import (
    FormErrors,
    KanaEdit,
    WarekiDateEdit,
    install_enter_moves_focus,
)


class EstablishmentCombo(QComboBox):
    """Pick an establishment by typing part of its number, name or kana."""

    def __init__(self, rows: Sequence[EstablishmentRow], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for row in rows:
            self.addItem(f"{row.number:04d} {row.name}", row.id)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self.setCurrentIndex(-1)
        self.set_placeholder("事業所番号か名前の一部を入力")

    def set_placeholder(self, text: str) -> None:
        edit = self.lineEdit()
        if edit is not None:
            edit.setPlaceholderText(text)

    def establishment_id(self) -> int | None:
        index = self.findText(self.currentText())
        return None if index < 0 else int(self.itemData(index))

    def set_establishment_id(self, establishment_id: int | None) -> None:
        self.setCurrentIndex(-1 if establishment_id is None else self.findData(establishment_id))


class EventDialog(QDialog):
    """One form for 異動・退会・再入会: a date, maybe an establishment, maybe a reason."""

    def __init__(
        self,
        title: str,
        date_label: str,
        *,
        establishments: Sequence[EstablishmentRow] = (),
        leave_reasons: bool = False,
        note_label: str = "理由・備考",
        explanation: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        # Wide enough for 令和7年12月28日(日) and an establishment's whole name.
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if explanation:
            label = QLabel(explanation)
            label.setWordWrap(True)
            layout.addWidget(label)
        form = QFormLayout()
        layout.addLayout(form)
        self.establishment_combo: EstablishmentCombo | None = None
        if establishments:
            self.establishment_combo = EstablishmentCombo(establishments)
            self.establishment_combo.setMinimumContentsLength(26)
            form.addRow("事業所", self.establishment_combo)
        self.date_edit = WarekiDateEdit(field=date_label, required=True)
        form.addRow(date_label, self.date_edit)
        self.reason_combo: QComboBox | None = None
        if leave_reasons:
            self.reason_combo = QComboBox()
            for code, label_text in LEAVE_REASON_LABELS.items():
                self.reason_combo.addItem(label_text, code)
            form.addRow("退会理由", self.reason_combo)
        self.note_edit = QLineEdit()
        form.addRow(note_label, self.note_edit)
        self.error_label = QLabel("")
        layout.addWidget(self.error_label)
        fields: dict[str, QWidget] = {date_label: self.date_edit, note_label: self.note_edit}
        if self.establishment_combo is not None:
            fields["事業所"] = self.establishment_combo
        if self.reason_combo is not None:
            fields["退会理由"] = self.reason_combo
        self.errors = FormErrors(self.error_label, fields)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        install_enter_moves_focus(self)

    def _check(self) -> None:
        problems = Problems()
        if (
            self.establishment_combo is not None
            and self.establishment_combo.establishment_id() is None
        ):
            problems.add("一覧から選んでください（番号か名前の一部を入力）。", "事業所")
        if not self.date_edit.commit():
            problems.add(self.date_edit.error() or "", self.date_edit.field())
        if problems:
            self.errors.show(problems.items)
            return
        self.accept()

    def chosen_date(self) -> dt.date:
        value = self.date_edit.date()
        assert value is not None  # _check accepted it
        return value

    def establishment_id(self) -> int:
        assert self.establishment_combo is not None
        value = self.establishment_combo.establishment_id()
        assert value is not None
        return value

    def leave_reason(self) -> str:
        assert self.reason_combo is not None
        return str(self.reason_combo.currentData())

    def note(self) -> str:
        return self.note_edit.text().strip()


class FamilyDialog(QDialog):
    """Add or change a family member (家族・被扶養者)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("家族")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.relation_combo = QComboBox()
        self.relation_combo.setEditable(True)
        self.relation_combo.addItems(["配偶者", "子", "父", "母", "兄弟姉妹", "祖父母", "孫"])
        self.name_edit = QLineEdit()
        self.kana_edit = KanaEdit(field="家族のフリガナ")
        self.sex_combo = QComboBox()
        self.sex_combo.addItem("", None)
        for code, text in SEX_LABELS.items():
            self.sex_combo.addItem(text, code)
        self.birth_edit = WarekiDateEdit(field="生年月日")
        self.dependent_check = QCheckBox("被扶養者")
        self.from_edit = WarekiDateEdit(field="登録日")
        self.married_edit = WarekiDateEdit(field="婚姻日")
        self.married_edit.setToolTip("配偶者の婚姻日（銀婚祝金などの該当者を探すのに使います）")
        form.addRow("続柄", self.relation_combo)
        form.addRow("氏名", self.name_edit)
        form.addRow("フリガナ", self.kana_edit)
        form.addRow("性別", self.sex_combo)
        form.addRow("生年月日", self.birth_edit)
        form.addRow("", self.dependent_check)
        form.addRow("登録日", self.from_edit)
        form.addRow("婚姻日（配偶者）", self.married_edit)
        self.relation_combo.currentTextChanged.connect(self._on_relation_combo_text_changed)
        self._on_relation_combo_text_changed(self.relation_combo.currentText())
        self.error_label = QLabel("")
        layout.addWidget(self.error_label)
        self.errors = FormErrors(
            self.error_label,
            {"続柄": self.relation_combo, "家族の氏名": self.name_edit,
             "家族のフリガナ": self.kana_edit, "生年月日": self.birth_edit,
             "登録日": self.from_edit, "婚姻日": self.married_edit},
        )  # fmt: skip
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        install_enter_moves_focus(self)

    def _on_relation_combo_text_changed(self, relation: str) -> None:
        # 婚姻日 only means something for a spouse; a date typed for another relation is kept
        # out of the record by clearing it when the relation changes away from spouse.
        spouse = relation.strip() in SUBJECT_RELATIONS["spouse"]
        self.married_edit.setEnabled(spouse)
        if not spouse:
            self.married_edit.setDate(None)

    def _check(self) -> None:
        problems = Problems()
        if not self.relation_combo.currentText().strip():
            problems.add("選ぶか入力してください。", "続柄")
        if not self.name_edit.text().strip():
            problems.add("入力してください。", "家族の氏名")
        for edit in (self.kana_edit, self.birth_edit, self.from_edit, self.married_edit):
            if not edit.commit():
                problems.add(edit.error() or "", edit.field())
        if problems:
            self.errors.show(problems.items)
            return
        self.accept()

    def show_family(self, row: FamilyRow) -> None:
        self.relation_combo.setCurrentText(row.relation)
        self.name_edit.setText(row.name)
        self.kana_edit.setValue(row.name_kana)
        self.sex_combo.setCurrentIndex(max(0, self.sex_combo.findData(row.sex)))
        self.birth_edit.setDate(row.birth_date)
        self.dependent_check.setChecked(row.dependent)
        self.from_edit.setDate(row.from_date)
        self.married_edit.setDate(row.married_on)

    def value(self) -> FamilyInput:
        return FamilyInput(
            relation=self.relation_combo.currentText(),
            name=self.name_edit.text(),
            name_kana=self.kana_edit.value() or "",
            sex=self.sex_combo.currentData(),
            birth_date=self.birth_edit.date(),
            dependent=self.dependent_check.isChecked(),
            from_date=self.from_edit.date(),
            married_on=self.married_edit.date() if self.married_edit.isEnabled() else None,
        )
