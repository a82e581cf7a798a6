"""Dialogs of the 推進 screens: a partner, an item, copying a year, a target's split."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.partners.items import SOURCES, UNITS, parse_percent
from gojokai_desktop.domain.partners.rates import ROUNDINGS
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners.items import (
    ItemInput,
    ItemView,
    PartnerInput,
    PartnerView,
    save_item,
    save_partner,
)
from gojokai_desktop.services.partners.targets import (
    CopySummary,
    copy_year,
    establishment_targets,
    set_establishment_targets,
)
from gojokai_desktop.ui.partners._messages import error_text
from gojokai_desktop.ui.partners.models import EstablishmentTargetsModel
from gojokai_desktop.ui.widgets import FiscalYearEdit, install_enter_moves_focus


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def _message_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #c62828;")
    return label


class PartnerDialog(QDialog):
    """A partner's name, its own fiscal year and how its reports round rates."""

    def __init__(
        self, ctx: AppContext, partner: PartnerView | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.partner = partner
        self.saved: PartnerView | None = None
        self.setWindowTitle("推進先の変更" if partner else "推進先の追加")
        self.resize(520, 0)
        form = QFormLayout()
        data = partner.data if partner else PartnerInput("")
        self.name_edit = QLineEdit(data.name)
        self.name_edit.setPlaceholderText("例: ろうきん")
        self.formal_edit = QLineEdit(data.formal_name)
        self.formal_edit.setPlaceholderText("例: 東北労働金庫")
        self.month_combo = QComboBox()
        for month in range(1, 13):
            self.month_combo.addItem(f"{month}月から", month)
        self.month_combo.setCurrentIndex(data.start_month - 1)
        self.rounding_combo = QComboBox()
        for key, label in ROUNDINGS.items():
            self.rounding_combo.addItem(label, key)
        self.rounding_combo.setCurrentIndex(list(ROUNDINGS).index(data.rate_rounding))
        self.active_check = QCheckBox("報告書に載せる（使っている推進先）")
        self.active_check.setChecked(data.active)
        self.note_edit = QLineEdit(data.note)
        form.addRow("名前", self.name_edit)
        form.addRow("正式名称", self.formal_edit)
        form.addRow("推進先の年度", self.month_combo)
        form.addRow("達成率の丸め", self.rounding_combo)
        form.addRow("", self.active_check)
        form.addRow("備考", self.note_edit)
        hint = QLabel("共済の年度は6月〜5月のように推進先によって違います。")
        hint.setWordWrap(True)
        self.message = _message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(_buttons(self, "保存"))
        install_enter_moves_focus(self)

    def accept(self) -> None:
        data = PartnerInput(
            name=self.name_edit.text(),
            formal_name=self.formal_edit.text(),
            start_month=int(self.month_combo.currentData()),
            rate_rounding=str(self.rounding_combo.currentData()),
            active=self.active_check.isChecked(),
            note=self.note_edit.text(),
        )
        try:
            self.saved = save_partner(
                self.ctx,
                data,
                partner_id=self.partner.id if self.partner else None,
                version=self.partner.version if self.partner else None,
            )
        except (ValidationError, RuleViolation) as error:
            self.message.setText(error_text(error))
            return
        super().accept()


class ItemDialog(QDialog):
    """An item of a partner's year: its group, name, unit and how it is counted."""

    def __init__(
        self,
        ctx: AppContext,
        partner_id: int,
        fiscal_year: int,
        *,
        item: ItemView | None = None,
        groups: list[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.partner_id = partner_id
        self.fiscal_year = fiscal_year
        self.item = item
        self.saved: ItemView | None = None
        self.setWindowTitle("推進項目の変更" if item else "推進項目の追加")
        self.resize(520, 0)
        data = item.data if item else ItemInput("", "")
        self.group_combo = QComboBox()
        self.group_combo.setEditable(True)
        self.group_combo.addItems(groups or [])
        self.group_combo.setCurrentText(data.group)
        self.name_edit = QLineEdit(data.name)
        self.name_edit.setPlaceholderText("例: メイン化（給振・年金・公振）")
        self.unit_combo = QComboBox()
        self.unit_combo.addItems(list(UNITS))
        self.unit_combo.setCurrentText(data.unit)
        self.source_combo = QComboBox()
        for key, label in SOURCES.items():
            self.source_combo.addItem(label, key)
        self.source_combo.setCurrentIndex(list(SOURCES).index(data.source))
        self.note_edit = QLineEdit(data.note)
        form = QFormLayout()
        form.addRow("区分", self.group_combo)
        form.addRow("項目名", self.name_edit)
        form.addRow("単位", self.unit_combo)
        form.addRow("集計方法", self.source_combo)
        form.addRow("備考", self.note_edit)
        hint = QLabel(
            "「会員の加入から集計」の項目は、会員の加入（共済の加入、口座の開設）を"
            "登録すると自動で数えます。推進先の報告を書き写す項目は「入力・取り込み」です。"
        )
        hint.setWordWrap(True)
        self.message = _message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(_buttons(self, "保存"))
        install_enter_moves_focus(self)

    def accept(self) -> None:
        data = ItemInput(
            group=self.group_combo.currentText(),
            name=self.name_edit.text(),
            unit=self.unit_combo.currentText(),
            source=str(self.source_combo.currentData()),
            note=self.note_edit.text(),
        )
        try:
            self.saved = save_item(
                self.ctx,
                self.partner_id,
                self.fiscal_year,
                data,
                item_id=self.item.id if self.item else None,
                version=self.item.version if self.item else None,
            )
        except (ValidationError, RuleViolation) as error:
            self.message.setText(error_text(error))
            return
        super().accept()


class CopyYearDialog(QDialog):
    """前年度から複写: the items the year lacks and the targets changed by a percentage."""

    def __init__(
        self, ctx: AppContext, partner: PartnerView, fiscal_year: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.partner = partner
        self.fiscal_year = fiscal_year
        self.summary: CopySummary | None = None
        self.setWindowTitle("前年度から複写")
        calendar = FiscalCalendar(partner.start_month)
        self.from_spin = FiscalYearEdit(year=fiscal_year - 1)
        self.from_spin.set_label_rule(calendar, "start")
        self.percent_edit = QLineEdit("0")
        self.percent_edit.setPlaceholderText("例: 5、-2.5")
        self.overwrite_check = QCheckBox("この年度に入力済みの目標も置き換える")
        form = QFormLayout()
        form.addRow("複写元", self.from_spin)
        form.addRow("目標の増減（%）", self.percent_edit)
        form.addRow("", self.overwrite_check)
        hint = QLabel(
            f"{partner.name}の{calendar.label(fiscal_year)}に、複写元の項目のうちまだ無いものを作り、"
            "目標（事業所別も）を増減率をかけて写します（1未満は四捨五入）。"
        )
        hint.setWordWrap(True)
        self.message = _message_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addWidget(_buttons(self, "複写する"))
        install_enter_moves_focus(self)

    def accept(self) -> None:
        try:
            percent = parse_percent(self.percent_edit.text(), "目標の増減")
            self.summary = copy_year(
                self.ctx,
                self.partner.id,
                self.from_spin.value(),
                self.fiscal_year,
                percent,
                overwrite=self.overwrite_check.isChecked(),
            )
        except (ValidationError, RuleViolation) as error:
            self.message.setText(error_text(error))
            return
        super().accept()


class EstablishmentTargetsDialog(QDialog):
    """An item's target split over establishments, typed in a table."""

    def __init__(self, ctx: AppContext, item: ItemView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.item = item
        self.setWindowTitle(f"事業所別の目標 — {item.name}")
        self.resize(560, 560)
        self.model = EstablishmentTargetsModel(self)
        self.model.set_rows(establishment_targets(ctx, item.id))
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.total_label = QLabel()
        self.message = _message_label()
        self.model.error_raised.connect(self.message.setText)
        self.model.dataChanged.connect(self._show_total)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"団体の年間目標: {'-----' if item.target is None else f'{item.target:,}'}"
                f" {item.unit}　目標の欄に数を入れてください（空欄は目標なし）。"
            )
        )
        layout.addWidget(self.view, 1)
        layout.addWidget(self.total_label)
        layout.addWidget(self.message)
        layout.addWidget(_buttons(self, "保存"))
        self._show_total()

    def _show_total(self) -> None:
        total = self.model.total()
        target = self.item.target
        gap = "" if target is None else f"（団体の目標との差 {total - target:+,}）"
        self.total_label.setText(f"事業所の目標の合計 {total:,} {self.item.unit}{gap}")

    def accept(self) -> None:
        try:
            set_establishment_targets(self.ctx, self.item.id, self.model.changes())
        except (ValidationError, RuleViolation) as error:
            self.message.setText(error_text(error))
            return
        super().accept()
