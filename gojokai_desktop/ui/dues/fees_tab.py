"""The 会費表 tab: the fees of a fiscal year (flat or salary-rate); saving adds a version."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.dues import ROUNDING_LABELS
from gojokai_desktop.domain.errors import EditConflict, RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.dues.fees import FeeTableInput, fee_table_for, save_fee_table
from gojokai_desktop.ui.conflict import ask_reload
from gojokai_desktop.ui.widgets import YenEdit, fiscal_year_edit, install_enter_moves_focus

MODEL_LABELS = {"flat": "定額（1人あたり月額）", "salary": "給料比例（給料月額の‰＋被扶養者）"}


def _spin(low: int, high: int, suffix: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    return spin


class FeeTableTab(QWidget):
    """Shows the fees in force for a year and saves a new version of them."""

    fees_saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The fee-table version on screen (None until loaded).
        self.shown_id: int | None = None
        self.ctx = ctx
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.year_spin = fiscal_year_edit(ctx)
        self.model_combo = QComboBox()
        for code, label in MODEL_LABELS.items():
            self.model_combo.addItem(label, code)
        self.entry_edit = YenEdit(field="入会金")
        self.monthly_edit = YenEdit(field="月額会費")
        self.employer_spin = _spin(0, 100, " %")
        self.per_mille_spin = _spin(0, 100, " ‰")
        self.dependent_edit = YenEdit(field="被扶養者掛金")
        self.cap_edit = YenEdit(field="被扶養者掛金の上限")
        self.short_spin = _spin(0, 100, " %")
        self.rounding_combo = QComboBox()
        for code, label in ROUNDING_LABELS.items():
            self.rounding_combo.addItem(label, code)
        self.debit_spin = _spin(1, 31, " 日")
        self.note_edit = QLineEdit()
        rows = (
            ("年度", self.year_spin),
            ("方式", self.model_combo),
            ("入会金", self.entry_edit),
            ("月額会費（1人）", self.monthly_edit),
            ("事業主負担（以上）", self.employer_spin),
            ("掛金率（給料月額の）", self.per_mille_spin),
            ("被扶養者掛金（1人月額）", self.dependent_edit),
            ("被扶養者掛金の上限", self.cap_edit),
            ("短期経理へ（事業掛金の）", self.short_spin),
            ("端数処理", self.rounding_combo),
            ("引落日（休日は翌営業日）", self.debit_spin),
            ("備考（改定の根拠など）", self.note_edit),
        )
        for label, widget in rows:
            form.addRow(label, widget)
        self.version_label = QLabel("")
        layout.addWidget(self.version_label)
        self.save_button = QPushButton("この内容で登録（新しい版）")
        layout.addWidget(self.save_button)
        layout.addStretch(1)
        install_enter_moves_focus(self)
        self.year_spin.valueChanged.connect(lambda _v: self.load())
        self.save_button.clicked.connect(self._on_save_clicked)

    def load(self) -> None:
        """Fill the form with the fees in force for the chosen year (004's defaults if none)."""
        year = self.year_spin.value()
        try:
            fees = fee_table_for(self.ctx, year)
        except RuleViolation:
            fees = None
        data = fees or FeeTableInput(year, entry_fee=0, monthly_dues=0)
        # The version on screen: a save refuses to go over one another PC saved since.
        self.shown_id = fees.id if fees is not None else 0
        self.model_combo.setCurrentIndex(self.model_combo.findData(data.model))
        self.entry_edit.setValue(data.entry_fee)
        self.monthly_edit.setValue(data.monthly_dues)
        self.employer_spin.setValue(data.employer_share_percent)
        self.per_mille_spin.setValue(data.per_mille)
        self.dependent_edit.setValue(data.dependent_fee)
        self.cap_edit.setValue(data.dependent_cap)
        self.short_spin.setValue(data.short_term_percent)
        self.rounding_combo.setCurrentIndex(self.rounding_combo.findData(data.rounding))
        self.debit_spin.setValue(data.debit_day)
        self.note_edit.setText(data.note)
        label = self.year_spin.textFromValue
        if fees is None:
            self.version_label.setText(f"{label(year)}の会費表はまだありません。")
        else:
            self.version_label.setText(
                f"{label(fees.fiscal_year)} 第{fees.version}版を表示しています"
                + ("" if fees.fiscal_year == year else f"（{label(year)}も引き続き適用）")
            )

    def current_input(self) -> FeeTableInput:
        return FeeTableInput(
            fiscal_year=self.year_spin.value(),
            model=str(self.model_combo.currentData()),
            entry_fee=self.entry_edit.value() or 0,
            monthly_dues=self.monthly_edit.value() or 0,
            employer_share_percent=self.employer_spin.value(),
            per_mille=self.per_mille_spin.value(),
            dependent_fee=self.dependent_edit.value() or 0,
            dependent_cap=self.cap_edit.value() or 0,
            short_term_percent=self.short_spin.value(),
            rounding=str(self.rounding_combo.currentData()),
            debit_day=self.debit_spin.value(),
            note=self.note_edit.text().strip(),
        )

    def _on_save_clicked(self) -> None:
        try:
            saved = save_fee_table(self.ctx, self.current_input(), based_on=self.shown_id)
        except EditConflict as error:
            if ask_reload(self, error):
                self.load()
            return
        except (ValidationError, RuleViolation) as error:
            QMessageBox.warning(self, "会費表", error.message)
            return
        self.load()
        label = self.year_spin.textFromValue
        self.version_label.setText(
            f"{label(saved.fiscal_year)} 第{saved.version}版を登録しました。"
        )
        self.fees_saved.emit()
