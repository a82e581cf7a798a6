"""Editing one benefit kind (給付の種類): every field of BenefitKind, checked as it is built."""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.benefits.table import (
    BASES,
    CATEGORIES,
    LIMITS,
    RULE_KINDS,
    SUBJECTS,
    AmountRule,
    Band,
    BenefitKind,
    DamageClass,
    Limit,
    rule_in_words,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.yen import format_yen, parse_yen
from gojokai_desktop.ui.benefits.table_models import SUB_LEDGER_LABELS, GridModel
from gojokai_desktop.ui.widgets import YenEdit
from gojokai_desktop.ui.widgets.sizing import resize_within

SCHOOL_LABELS = {None: "なし", 6: "小学校入学（6歳）", 12: "中学校入学（12歳）"}


def _combo(items: Mapping[Any, str]) -> QComboBox:
    combo = QComboBox()
    for code, label in items.items():
        combo.addItem(label, code)
    return combo


def _spin(low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    return spin


def _select(combo: QComboBox, value: object) -> None:
    combo.setCurrentIndex(max(0, combo.findData(value)))


def parse_years(text: str, field: str) -> tuple[int, ...]:
    """``70, 77, 80`` (also 、 and full-width digits) as a tuple of whole numbers."""
    plain = unicodedata.normalize("NFKC", text).replace("、", ",").replace("・", ",")
    parts = [part.strip() for part in plain.split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise ValidationError(
            f"「{text}」は数字をカンマで区切って入力してください（例: 70, 77）", field
        )
    return tuple(int(part) for part in parts)


def _whole(text: str, row: int, what: str, field: str) -> int:
    plain = unicodedata.normalize("NFKC", text).strip()
    if not plain.isdigit():
        raise ValidationError(f"{row}行目: {what}を0以上の整数で入力してください", field)
    return int(plain)


def parse_bands(rows: Sequence[tuple[object, ...]]) -> tuple[Band, ...]:
    """Grid rows (下限, 上限, 金額, 1年につき) as bands; a blank 上限 means no upper end."""
    bands = []
    for number, (low, high, amount, per_year) in enumerate(rows, start=1):
        bands.append(
            Band(
                low=_whole(str(low), number, "下限", "区分"),
                high=None if not str(high).strip() else _whole(str(high), number, "上限", "区分"),
                amount=parse_yen(str(amount), f"区分{number}行目の金額"),
                per_year=bool(per_year),
            )
        )
    return tuple(bands)


def parse_classes(rows: Sequence[tuple[object, ...]]) -> tuple[DamageClass, ...]:
    """Grid rows (コード, 名称, 金額) as damage classes."""
    return tuple(
        DamageClass(
            str(code).strip(), str(label).strip(), parse_yen(str(amount), f"程度「{label}」の金額")
        )
        for code, label, amount in rows
    )


class KindDialog(QDialog):
    """A new kind when ``kind`` is None, else the kind to change; :attr:`kind` is the result."""

    def __init__(
        self,
        kind: BenefitKind | None,
        items: Sequence[tuple[str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.original = kind
        self.kind: BenefitKind | None = None
        self.setWindowTitle("給付の種類の変更" if kind else "給付の種類の追加")
        resize_within(self, 900, 600)
        layout = QVBoxLayout(self)
        columns = QHBoxLayout()
        columns.addWidget(self._basic_box(items), 1)
        columns.addWidget(self._amount_box(), 1)
        layout.addLayout(columns, 1)
        self.error_label = QLabel("")
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("決定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("やめる")
        buttons.accepted.connect(self.accept_kind)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if kind is not None:
            self.show_kind(kind)
        self._on_rule_combo_changed()
        self._on_limit_combo_changed()

    # ------------------------------------------------------------------ layout
    def _basic_box(self, items: Sequence[tuple[str, str]]) -> QGroupBox:
        box = QGroupBox("基本と条件")
        form = QFormLayout(box)
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("英数字（例: marriage）")
        self.name_edit = QLineEdit()
        self.category_combo = _combo(dict(CATEGORIES))
        self.subject_combo = _combo(dict(SUBJECTS))
        self.waiting_spin = _spin(0, 240, " か月")
        self.deadline_spin = _spin(1, 120, " か月")
        self.limit_combo = _combo(dict(LIMITS))
        self.limit_count_spin = _spin(1, 99, " 回")
        self.limit_years_spin = _spin(1, 99, " 年間")
        limit_row = QHBoxLayout()
        for part in (self.limit_combo, self.limit_years_spin, self.limit_count_spin):
            limit_row.addWidget(part)
        self.evidence_edit = QPlainTextEdit()
        self.evidence_edit.setPlaceholderText("1行に1つ（例: 医師の診断書）")
        self.evidence_edit.setFixedHeight(64)
        self.employer_check = QCheckBox("事業主の証明が必要")
        self.spouses_check = QCheckBox("夫婦とも会員なら両方に支給")
        self.after_leave_check = QCheckBox("退会後の事由にも支給（遺児育英資金など）")
        self.item_combo = QComboBox()
        self.item_combo.setEditable(True)
        self.item_combo.addItem("", "")
        for code, name in items:
            self.item_combo.addItem(f"{code} {name}", code)
        self.sub_ledger_combo = _combo(dict(SUB_LEDGER_LABELS))
        self.ages_edit = QLineEdit()
        self.ages_edit.setPlaceholderText("満年齢をカンマ区切り（例: 70, 77, 80）")
        self.school_combo = _combo(dict(SCHOOL_LABELS))
        self.wedding_spin = _spin(0, 99, " 年")
        self.wedding_spin.setSpecialValueText("なし")
        self.anniversaries_edit = QLineEdit()
        self.anniversaries_edit.setPlaceholderText("会員期間の年数（例: 10, 20, 30）")
        self.note_edit = QLineEdit()
        rows: tuple[tuple[str, QWidget | QHBoxLayout], ...] = (
            ("コード", self.code_edit), ("名称", self.name_edit),
            ("分類", self.category_combo), ("対象", self.subject_combo),
            ("待機期間（入会から）", self.waiting_spin),
            ("請求期限（事由発生から）", self.deadline_spin),
            ("回数制限", limit_row), ("必要書類", self.evidence_edit),
            ("", self.employer_check), ("", self.spouses_check), ("", self.after_leave_check),
            ("支払う科目", self.item_combo), ("経理区分", self.sub_ledger_combo),
            ("年齢（長寿・成人）", self.ages_edit), ("入学", self.school_combo),
            ("結婚記念（銀婚）", self.wedding_spin),
            ("会員期間の節目（永年）", self.anniversaries_edit), ("備考", self.note_edit),
        )  # fmt: skip
        for label, field in rows:
            form.addRow(label, field)
        self.limit_combo.currentIndexChanged.connect(self._on_limit_combo_changed)
        return box

    def _amount_box(self) -> QGroupBox:
        box = QGroupBox("支給額")
        layout = QVBoxLayout(box)
        form = QFormLayout()
        self.rule_combo = _combo(dict(RULE_KINDS))
        self.amount_edit = YenEdit(field="金額")
        self.cap_edit = YenEdit(field="上限額")
        self.cap_edit.setPlaceholderText("上限なし")
        form.addRow("金額の決め方", self.rule_combo)
        form.addRow("金額", self.amount_edit)
        layout.addLayout(form)
        self.rule_pages = QStackedWidget()
        self.rule_pages.addWidget(QWidget())
        self.bands_model = GridModel(
            ["下限", "上限（未満）", "金額（円）", "1年につき"], checks=(3,)
        )
        self.basis_combo = _combo(
            {code: f"{label}（{unit}）" for code, (label, unit) in BASES.items()}
        )
        self.bands_view = self._grid(self.bands_model)
        self.rule_pages.addWidget(
            self._grid_page(self.bands_view, self.bands_model, ("区分の基準", self.basis_combo))
        )
        self.classes_model = GridModel(["コード", "程度", "金額（円）"])
        self.classes_view = self._grid(self.classes_model)
        self.rule_pages.addWidget(self._grid_page(self.classes_view, self.classes_model, None))
        layout.addWidget(self.rule_pages, 1)
        cap_form = QFormLayout()
        cap_form.addRow("上限額", self.cap_edit)
        layout.addLayout(cap_form)
        self.words_label = QLabel("")
        self.words_label.setWordWrap(True)
        layout.addWidget(QLabel("支給額の説明（給付一覧表に印刷される文）"))
        layout.addWidget(self.words_label)
        self.rule_combo.currentIndexChanged.connect(self._on_rule_combo_changed)
        for model in (self.bands_model, self.classes_model):
            model.dataChanged.connect(self._show_words)
            model.rowsInserted.connect(self._show_words)
            model.rowsRemoved.connect(self._show_words)
        for edit in (self.amount_edit, self.cap_edit):
            edit.textChanged.connect(self._show_words)
        self.basis_combo.currentIndexChanged.connect(self._show_words)
        return box

    @staticmethod
    def _grid(model: GridModel) -> QTableView:
        view = QTableView()
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setStretchLastSection(True)
        return view

    def _grid_page(
        self, view: QTableView, model: GridModel, extra: tuple[str, QWidget] | None
    ) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        if extra is not None:
            form = QFormLayout()
            form.addRow(*extra)
            layout.addLayout(form)
        layout.addWidget(view, 1)
        row = QHBoxLayout()
        add = QPushButton("行を追加")
        remove = QPushButton("選んだ行を削除")
        add.clicked.connect(lambda: view.edit(model.index(model.add_row(), 0)))
        remove.clicked.connect(lambda: model.remove_row(view.currentIndex().row()))
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch(1)
        layout.addLayout(row)
        return page

    # ------------------------------------------------------------------ state
    def _on_rule_combo_changed(self, _index: int = 0) -> None:
        rule = self.rule_combo.currentData()
        self.rule_pages.setCurrentIndex({"band": 1, "class": 2}.get(rule, 0))
        self.amount_edit.setEnabled(rule in ("fixed", "per_child"))
        self._show_words()

    def _on_limit_combo_changed(self, _index: int = 0) -> None:
        per_period = self.limit_combo.currentData() == "per_period"
        self.limit_count_spin.setVisible(per_period)
        self.limit_years_spin.setVisible(per_period)

    def _show_words(self, *_args: object) -> None:
        try:
            words, color = "\n".join(rule_in_words(self.rule())), "#1d3f6e"
        except ValidationError as exc:
            words, color = f"{exc.field}: {exc.message}", "#b00020"
        self.words_label.setText(words)
        self.words_label.setStyleSheet(f"color: {color};")

    def show_kind(self, kind: BenefitKind) -> None:
        rule = kind.rule
        self.code_edit.setText(kind.code)
        self.name_edit.setText(kind.name)
        _select(self.category_combo, kind.category)
        _select(self.subject_combo, kind.subject)
        self.waiting_spin.setValue(kind.waiting_months)
        self.deadline_spin.setValue(kind.deadline_months)
        _select(self.limit_combo, kind.limit.kind)
        self.limit_count_spin.setValue(kind.limit.count)
        self.limit_years_spin.setValue(max(1, kind.limit.period_years))
        self.evidence_edit.setPlainText("\n".join(kind.evidence))
        self.employer_check.setChecked(kind.employer_certification)
        self.spouses_check.setChecked(kind.both_spouses_may_claim)
        self.after_leave_check.setChecked(not kind.membership_on_event)
        found = self.item_combo.findData(kind.item_code)
        if found >= 0:
            self.item_combo.setCurrentIndex(found)
        else:
            self.item_combo.setEditText(kind.item_code)
        if self.sub_ledger_combo.findData(kind.sub_ledger) < 0:
            self.sub_ledger_combo.addItem(kind.sub_ledger, kind.sub_ledger)
        _select(self.sub_ledger_combo, kind.sub_ledger)
        self.ages_edit.setText(", ".join(str(a) for a in kind.ages))
        _select(self.school_combo, kind.school_entry_age)
        self.wedding_spin.setValue(kind.wedding_years or 0)
        self.anniversaries_edit.setText(", ".join(str(y) for y in kind.membership_anniversaries))
        self.note_edit.setText(kind.note)
        _select(self.rule_combo, rule.kind)
        self.amount_edit.setValue(rule.amount)
        self.cap_edit.setValue(rule.cap)
        if rule.basis:
            _select(self.basis_combo, rule.basis)
        self.bands_model.set_rows(
            [(b.low, "" if b.high is None else b.high, format_yen(b.amount), b.per_year)
             for b in rule.bands]
        )  # fmt: skip
        self.classes_model.set_rows([(c.code, c.label, format_yen(c.amount)) for c in rule.classes])

    # ------------------------------------------------------------------ result
    @staticmethod
    def _yen(edit: YenEdit) -> int | None:
        """The amount typed so far (read without reformatting the field under the cursor)."""
        text = edit.text().strip()
        return parse_yen(text, edit.field()) if text else None

    def rule(self) -> AmountRule:
        """The amount rule as entered; ValidationError names the field in error."""
        kind = str(self.rule_combo.currentData())
        return AmountRule(
            kind=kind,
            amount=(self._yen(self.amount_edit) or 0) if kind in ("fixed", "per_child") else 0,
            basis=str(self.basis_combo.currentData()) if kind == "band" else "",
            bands=parse_bands(self.bands_model.rows()) if kind == "band" else (),
            classes=parse_classes(self.classes_model.rows()) if kind == "class" else (),
            cap=self._yen(self.cap_edit),
        )

    def value(self) -> BenefitKind:
        """The kind as entered; fields the dialog does not show are kept from the original."""
        limit_kind = str(self.limit_combo.currentData())
        per_period = limit_kind == "per_period"
        item = self.item_combo.currentText().strip().split(" ")[0]
        fields = {
            "code": self.code_edit.text().strip(),
            "name": self.name_edit.text().strip(),
            "category": str(self.category_combo.currentData()),
            "subject": str(self.subject_combo.currentData()),
            "rule": self.rule(),
            "waiting_months": self.waiting_spin.value(),
            "deadline_months": self.deadline_spin.value(),
            "limit": Limit(
                limit_kind,
                self.limit_count_spin.value() if per_period else 1,
                self.limit_years_spin.value() if per_period else 0,
            ),
            "evidence": tuple(
                line.strip() for line in self.evidence_edit.toPlainText().splitlines()
                if line.strip()
            ),
            "employer_certification": self.employer_check.isChecked(),
            "both_spouses_may_claim": self.spouses_check.isChecked(),
            "item_code": item,
            "ages": parse_years(self.ages_edit.text(), "年齢"),
            "school_entry_age": self.school_combo.currentData(),
            "note": self.note_edit.text().strip(),
            "membership_on_event": not self.after_leave_check.isChecked(),
            "sub_ledger": str(self.sub_ledger_combo.currentData() or ""),
            "wedding_years": self.wedding_spin.value() or None,
            "membership_anniversaries": parse_years(
                self.anniversaries_edit.text(), "会員期間の節目"
            ),
        }  # fmt: skip
        if self.original is not None:
            return dataclasses.replace(self.original, **fields)
        return BenefitKind(**fields)

    def accept_kind(self) -> None:
        try:
            self.kind = self.value()
        except ValidationError as exc:
            self.error_label.setText(f"{exc.field}: {exc.message}" if exc.field else exc.message)
            return
        self.accept()
