"""The 設定 tab of the accounts page: the item tree, bank accounts, opening balances, 繰越."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.balances import (
    carry_forward_year,
    opening_balances,
    save_opening_balance,
)
from gojokai_desktop.services.accounts.items import move_item, new_item, rename_item, retire_item
from gojokai_desktop.services.accounts.setup import (
    PURPOSE_LABELS,
    ItemInfo,
    install_preset,
    leaf_items,
    list_accounts,
    list_bank_accounts,
    list_items,
    new_bank_account,
    posting_setting,
    save_posting_setting,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import fiscal_label
from gojokai_desktop.ui.accounts.models import ItemsTableModel
from gojokai_desktop.ui.messages import tell, warn
from gojokai_desktop.ui.widgets import FlowLayout, YenEdit


class ItemDialog(QDialog):
    """科目の追加: code, name, income/expenditure and (optionally) the parent's code."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("科目の追加")
        form = QFormLayout(self)
        self.code_edit = QLineEdit()
        self.name_edit = QLineEdit()
        self.side_combo = QComboBox()
        self.side_combo.addItem("収入", "income")
        self.side_combo.addItem("支出", "expenditure")
        self.parent_edit = QLineEdit()
        self.parent_edit.setPlaceholderText("上の階層に入れるときだけ（例: 201）")
        form.addRow("科目コード", self.code_edit)
        form.addRow("科目名", self.name_edit)
        form.addRow("区分", self.side_combo)
        form.addRow("上位の科目コード", self.parent_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class OpeningDialog(QDialog):
    """期首残高: cash and each bank account of the account."""

    def __init__(self, banks: list[tuple[int, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("期首残高の入力")
        form = QFormLayout(self)
        self.cash_edit = YenEdit(field="現金")
        form.addRow("現金", self.cash_edit)
        self.bank_edits: dict[int, YenEdit] = {}
        for bank_id, name in banks:
            self.bank_edits[bank_id] = YenEdit(field=name)
            form.addRow(name, self.bank_edits[bank_id])
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class AccountsSetupTab(QWidget):
    """Items, bank accounts and the year's opening money; ``changed`` runs after each action."""

    def __init__(
        self,
        ctx: AppContext,
        fiscal_year: Callable[[], int],
        account_id: Callable[[], int | None],
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._year = fiscal_year
        self._account = account_id
        self._changed = changed
        layout = QVBoxLayout(self)
        row = FlowLayout()
        self.preset_button = QPushButton("標準の科目を読み込む（小規模互助会）")
        self.preset_button.clicked.connect(self.install_preset)
        self.add_item_button = QPushButton("科目を追加")
        self.add_item_button.clicked.connect(self.add_item)
        self.rename_button = QPushButton("科目名を変更…")
        self.rename_button.clicked.connect(self.rename_selected)
        self.up_button = QPushButton("上へ")
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button = QPushButton("下へ")
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.retire_button = QPushButton("選んだ科目をこの年度から使わない")
        self.retire_button.clicked.connect(self.retire_selected)
        self.bank_button = QPushButton("預金口座を追加")
        self.bank_button.clicked.connect(self.add_bank)
        self.opening_button = QPushButton("期首残高を入力")
        self.opening_button.clicked.connect(self.enter_opening)
        self.carry_button = QPushButton("前年度から繰越")
        self.carry_button.clicked.connect(self.carry_forward)
        self.posting_button = QPushButton("計上先の科目…")
        self.posting_button.clicked.connect(self.edit_posting_items)
        for button in (
            self.preset_button,
            self.add_item_button,
            self.rename_button,
            self.up_button,
            self.down_button,
            self.retire_button,
            self.bank_button,
            self.opening_button,
            self.carry_button,
            self.posting_button,
        ):
            row.addWidget(button)
        layout.addLayout(row)
        self.model = ItemsTableModel(self, fiscal_label(ctx))
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.view, 1)
        self.balances_label = QLabel()
        layout.addWidget(self.balances_label)

    def load(self) -> None:
        accounts = list_accounts(self.ctx)
        self.preset_button.setEnabled(not accounts)
        account = self._account()
        self.model.set_items(list_items(self.ctx, account) if account is not None else [])
        names = {b.id: b.name for b in list_bank_accounts(self.ctx)}
        parts = [
            f"{'現金' if h.bank_account_id is None else names.get(h.bank_account_id, '預金')} "
            f"{format_report_yen(h.amount)}円"
            for h in opening_balances(self.ctx, self._year())
            if h.account_id == account
        ]
        self.balances_label.setText(
            f"{fiscal_label(self.ctx).year(self._year())}の期首残高: "
            + ("、".join(parts) or "未入力")
        )

    def _run(self, title: str, action: Callable[[], object]) -> bool:
        try:
            action()
        except (ValidationError, RuleViolation) as error:
            warn(self, title, str(error))
            return False
        self._changed()
        return True

    def install_preset(self) -> None:
        self._run("科目の初期設定", lambda: install_preset(self.ctx, self._year()))

    def add_item(self) -> None:
        account = self._account()
        dialog = ItemDialog(self)
        if account is None or not dialog.exec():
            return
        self._run(
            "科目の追加",
            lambda: new_item(
                self.ctx,
                account_id=account,
                code=dialog.code_edit.text(),
                name=dialog.name_edit.text(),
                side=dialog.side_combo.currentData(),
                parent_code=dialog.parent_edit.text().strip() or None,
                valid_from_year=self._year(),
            ),
        )

    def _selected_item(self) -> ItemInfo | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()) if rows else None

    def rename_selected(self) -> None:
        item = self._selected_item()
        if item is None:
            tell(self, "科目名の変更", "一覧で科目を選んでください。")
            return
        name, ok = QInputDialog.getText(
            self, "科目名の変更", f"科目 {item.code} の新しい名前", text=item.name
        )
        if ok:
            self._run(
                "科目名の変更",
                lambda: rename_item(self.ctx, item.id, name, version=item.version),
            )
            self._select(item.id)

    def move_selected(self, step: int) -> None:
        """上へ・下へ: among the items of the same parent; the reports follow this order."""
        item = self._selected_item()
        if item is None:
            tell(self, "科目の並べ替え", "一覧で科目を選んでください。")
            return
        if self._run(
            "科目の並べ替え", lambda: move_item(self.ctx, item.id, step, version=item.version)
        ):
            self._select(item.id)

    def _select(self, item_id: int) -> None:
        for row in range(self.model.rowCount()):
            if self.model.item_at(row).id == item_id:
                self.view.selectRow(row)
                return

    def retire_selected(self) -> None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        item = self.model.item_at(rows[0].row())
        self._run("科目の廃止", lambda: retire_item(self.ctx, item.id, self._year() - 1))

    def add_bank(self) -> None:
        account = self._account()
        name, ok = QInputDialog.getText(
            self, "預金口座を追加", "口座（例: 東邦銀行 本店 普通 1234567）"
        )
        if account is not None and ok:
            bank = name.split(" ")[0] if name.strip() else ""
            self._run("口座の追加", lambda: new_bank_account(self.ctx, account, name, bank))

    def enter_opening(self) -> None:
        account = self._account()
        if account is None:
            return
        banks = [(b.id, b.name) for b in list_bank_accounts(self.ctx) if b.account_id == account]
        dialog = OpeningDialog(banks, self)
        if not dialog.exec():
            return

        def save() -> None:
            for bank_id, edit in ((None, dialog.cash_edit), *dialog.bank_edits.items()):
                edit.commit()
                if edit.value() is not None:
                    save_opening_balance(
                        self.ctx,
                        fiscal_year=self._year(),
                        account_id=account,
                        amount=edit.value() or 0,
                        bank_account_id=bank_id,
                    )

        self._run("期首残高の入力", save)

    def edit_posting_items(self) -> None:
        dialog = PostingItemsDialog(self.ctx, self._year(), self)
        if dialog.exec():
            mapping = dialog.mapping()
            self._run(
                "計上先の科目",
                lambda: save_posting_setting(self.ctx, mapping, valid_from_year=self._year()),
            )

    def carry_forward(self) -> None:
        self._run("前年度からの繰越", lambda: carry_forward_year(self.ctx, self._year()))


class PostingItemsDialog(QDialog):
    """計上先の科目: which item dues, benefits, tickets and events post to, from a year on."""

    def __init__(self, ctx: AppContext, fiscal_year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.fiscal_year = fiscal_year
        self.setWindowTitle(f"計上先の科目（{fiscal_label(ctx).year(fiscal_year)}から）")
        form = QFormLayout(self)
        current = posting_setting(ctx, fiscal_year)
        accounts = {a.id: a.code for a in list_accounts(ctx)}
        self.combos: dict[str, QComboBox] = {}
        for purpose, label in PURPOSE_LABELS.items():
            combo = QComboBox()
            combo.addItem("（設定しない）", None)
            for item in leaf_items(list_items(ctx, None, fiscal_year)):
                if item.role in ("carry_in", "carry_out"):
                    continue
                combo.addItem(f"{item.code} {item.name}", (accounts[item.account_id], item.code))
            if purpose in current:
                combo.setCurrentIndex(max(combo.findText(_label_of(combo, current[purpose])), 0))
            self.combos[purpose] = combo
            form.addRow(label, combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def mapping(self) -> dict[str, tuple[str, str]]:
        chosen = {purpose: combo.currentData() for purpose, combo in self.combos.items()}
        return {purpose: (data[0], data[1]) for purpose, data in chosen.items() if data}


def _label_of(combo: QComboBox, target: tuple[str, str]) -> str:
    """The text of the entry whose data is ``(account code, item code)``."""
    for index in range(combo.count()):
        data = combo.itemData(index)
        if data is not None and tuple(data) == tuple(target):
            return combo.itemText(index)
    return ""
