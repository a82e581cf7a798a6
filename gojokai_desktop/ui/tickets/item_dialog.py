"""The item dialog (品目の登録・変更): prices of 大人/小人 with the subsidy, caps and flags."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets.items import (
    CATEGORIES,
    ELIGIBILITY_LABELS,
    METHOD_LABELS,
    ItemInput,
    ItemView,
    save_item,
)
from gojokai_desktop.ui.tickets._common import choose, warn
from gojokai_desktop.ui.widgets import WarekiDateEdit, YenEdit, install_enter_moves_focus


def _count_spin(empty: str) -> QSpinBox:
    """0 shows ``empty`` (制限なし): the value is then None."""
    spin = QSpinBox()
    spin.setRange(0, 99_999)
    spin.setSpecialValueText(empty)
    return spin


class _Prices(QWidget):
    """定価・会員価格・補助額 of one price class, with the supplier's discount they leave."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.face = YenEdit(field=f"{label}の定価")
        self.member = YenEdit(field=f"{label}の会員価格")
        self.subsidy = YenEdit(field=f"{label}の補助額")
        self.discount = QLabel("")
        for caption, edit in (("定価", self.face), ("会員価格", self.member),
                              ("補助額", self.subsidy)):  # fmt: skip
            edit.setMaximumWidth(90)
            row.addWidget(QLabel(caption))
            row.addWidget(edit)
            edit.value_changed.connect(lambda _v: self._show_discount())
        row.addWidget(self.discount, 1)

    def values(self) -> tuple[int | None, int | None, int | None]:
        for edit in (self.face, self.member, self.subsidy):
            edit.commit()
        return self.face.value(), self.member.value(), self.subsidy.value()

    def set_values(self, face: int | None, member: int | None, subsidy: int | None) -> None:
        self.face.setValue(face)
        self.member.setValue(member)
        self.subsidy.setValue(subsidy)
        self._show_discount()

    def _show_discount(self) -> None:
        face, member, subsidy = (e.value() for e in (self.face, self.member, self.subsidy))
        if face is None or member is None or subsidy is None:
            self.discount.setText("")
        else:
            self.discount.setText(f"取扱先の割引 {face - member - subsidy:,}円")


class ItemDialog(QDialog):
    """品目: everything of ItemInput; saving names the version the dialog started from."""

    def __init__(
        self, ctx: AppContext, fiscal_year: int, item: ItemView | None = None,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.ctx, self.fiscal_year, self.item = ctx, fiscal_year, item
        self.saved: ItemView | None = None
        self.setWindowTitle(f"斡旋品目（{fiscal_year}年度）" + ("の変更" if item else "の登録"))
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        left, right = QFormLayout(), QFormLayout()
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        layout.addLayout(grid)
        self._what(left)
        self._rules(right)
        layout.addWidget(self._prices())
        self.note = QLineEdit()
        note_form = QFormLayout()
        note_form.addRow("備考", self.note)
        layout.addLayout(note_form)
        buttons = QDialogButtonBox()
        buttons.addButton("保存", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.has_child.toggled.connect(self._on_has_child_toggled)
        install_enter_moves_focus(self)
        if item is not None:
            self._load(item)
        self._on_has_child_toggled(self.has_child.isChecked())

    def _what(self, left: QFormLayout) -> None:
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.addItems(CATEGORIES)
        self.name = QLineEdit()
        self.name.setPlaceholderText("例: スパリゾートハワイアンズ入場券")
        self.name.setMinimumWidth(260)
        self.supplier = QLineEdit()
        self.unit = QLineEdit("枚")
        self.unit.setMaximumWidth(60)
        left.addRow("区分", self.category)
        left.addRow("品名", self.name)
        left.addRow("取扱先", self.supplier)
        left.addRow("単位", self.unit)
        self.valid_from = WarekiDateEdit(field="有効期間（から）")
        self.valid_to = WarekiDateEdit(field="有効期間（まで）")
        self.validity_note = QLineEdit()
        self.validity_note.setPlaceholderText("例: 有効期限なし、12月31日入園分まで")
        left.addRow("有効期間（から）", self.valid_from)
        left.addRow("有効期間（まで）", self.valid_to)
        left.addRow("有効期間の説明", self.validity_note)

    def _rules(self, right: QFormLayout) -> None:
        self.cap = _count_spin("制限なし")
        self.eligibility = QComboBox()
        for code, label in ELIGIBILITY_LABELS.items():
            self.eligibility.addItem(label, code)
        self.method = QComboBox()
        for code, label in METHOD_LABELS.items():
            self.method.addItem(label, code)
        self.partial = QCheckBox("足りないときは一部だけ配分する")
        self.partial.setChecked(True)
        self.supply = _count_spin("なし（申込どおり）")
        self.child_supply = _count_spin("なし（申込どおり）")
        right.addRow("年間上限（1人）", self.cap)
        right.addRow("申込できる人", self.eligibility)
        right.addRow("申込多数のとき", self.method)
        right.addRow("", self.partial)
        right.addRow("取扱数（大人・一律）", self.supply)
        right.addRow("取扱数（小人）", self.child_supply)
        flags = QHBoxLayout()
        self.is_new = QCheckBox("新規")
        self.is_free = QCheckBox("無料配布")
        self.referral = QCheckBox("紹介のみ")
        for box in (self.is_new, self.is_free, self.referral):
            flags.addWidget(box)
        right.addRow("印", flags)

    def _prices(self) -> QGroupBox:
        prices = QGroupBox("料金（円）")
        price_form = QFormLayout(prices)
        self.adult = _Prices("大人")
        self.has_child = QCheckBox("小人の料金がある（大人・小人の2料金）")
        self.child = _Prices("小人")
        price_form.addRow("大人・一律", self.adult)
        price_form.addRow("", self.has_child)
        price_form.addRow("小人", self.child)
        return prices

    def _load(self, item: ItemView) -> None:
        self.category.setCurrentText(item.category)
        self.name.setText(item.name)
        self.supplier.setText(item.supplier)
        self.unit.setText(item.unit)
        self.valid_from.setDate(item.valid_from)
        self.valid_to.setDate(item.valid_to)
        self.validity_note.setText(item.validity_note)
        self.cap.setValue(item.member_cap or 0)
        choose(self.eligibility, item.eligibility)
        choose(self.method, item.allocation_method)
        self.partial.setChecked(item.partial_allowed)
        self.supply.setValue(item.supply_limit or 0)
        self.child_supply.setValue(item.child_supply_limit or 0)
        self.is_new.setChecked(item.is_new)
        self.is_free.setChecked(item.is_free)
        self.referral.setChecked(item.referral_only)
        self.adult.set_values(item.face_price, item.member_price, item.subsidy)
        self.has_child.setChecked(item.has_child_price)
        self.child.set_values(item.child_face_price, item.child_member_price, item.child_subsidy)
        self.note.setText(item.note)

    def _on_has_child_toggled(self, checked: bool) -> None:
        self.child.setEnabled(checked)
        self.child_supply.setEnabled(checked)

    def data(self) -> ItemInput:
        face, member, subsidy = self.adult.values()
        if face is None or member is None or subsidy is None:
            raise ValidationError(
                "大人（一律）の定価・会員価格・補助額を入力してください。", "料金"
            )
        child = self.child.values() if self.has_child.isChecked() else (None, None, None)
        for edit in (self.valid_from, self.valid_to):
            if not edit.commit():
                raise ValidationError(edit.error() or "日付を確かめてください。", edit.field())
        return ItemInput(
            fiscal_year=self.fiscal_year, category=self.category.currentText(),
            name=self.name.text(), face_price=face, member_price=member, subsidy=subsidy,
            supplier=self.supplier.text(), unit=self.unit.text(),
            child_face_price=child[0], child_member_price=child[1], child_subsidy=child[2],
            valid_from=self.valid_from.date(), valid_to=self.valid_to.date(),
            validity_note=self.validity_note.text(), is_new=self.is_new.isChecked(),
            is_free=self.is_free.isChecked(), referral_only=self.referral.isChecked(),
            member_cap=self.cap.value() or None, eligibility=str(self.eligibility.currentData()),
            allocation_method=str(self.method.currentData()),
            partial_allowed=self.partial.isChecked(), supply_limit=self.supply.value() or None,
            child_supply_limit=(self.child_supply.value() or None)
            if self.has_child.isChecked() else None,
            note=self.note.text(),
        )  # fmt: skip

    def save(self) -> None:
        try:
            self.saved = save_item(
                self.ctx, self.data(), item_id=self.item.id if self.item else None,
                expected_version=self.item.version if self.item else None,
            )  # fmt: skip
        except ValidationError as error:
            warn(self, "斡旋品目", f"{error.field}: {error.message}")
            return
        except RuleViolation as error:
            warn(self, "斡旋品目", error.message)
            return
        self.accept()
