"""The 申込 tab: the rounds of the year, an establishment's whole order sheet on one screen,
the counter, the announcement and the order forms, and orders from a workbook."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import list_establishments
from gojokai_desktop.services.tickets.items import list_items
from gojokai_desktop.services.tickets.order_import import (
    ImportRefusedError,
    export_order_sheet,
    import_orders,
)
from gojokai_desktop.services.tickets.orders import OrderView, order_views
from gojokai_desktop.services.tickets.printouts import print_announcement, print_order_forms
from gojokai_desktop.services.tickets.rounds import RoundView, close_round, list_rounds
from gojokai_desktop.services.tickets.sheet import establishment_sheet, save_sheet
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.tickets._common import (
    RoundChooser,
    ask,
    attempt,
    compact,
    export_xlsx,
    print_pdf,
    table,
    warn,
)
from gojokai_desktop.ui.tickets.counter_dialog import CounterOrderDialog
from gojokai_desktop.ui.tickets.models import ORDER_COLUMNS
from gojokai_desktop.ui.tickets.round_dialog import RoundDialog
from gojokai_desktop.ui.tickets.sheet_model import SheetTableModel


class OrdersTab(QWidget):
    data_changed = Signal()

    def __init__(self, ctx: AppContext, year: Callable[[], int], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        self.rounds: dict[int, RoundView] = {}
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.round_combo = RoundChooser()
        self.new_round_button = QPushButton("回を登録…")
        self.edit_round_button = QPushButton("回を変更…")
        self.close_button = QPushButton("締切")
        self.announce_button = QPushButton("ご案内を印刷…")
        top.addWidget(QLabel("申込の回"))
        top.addWidget(self.round_combo, 1)
        for button in (self.new_round_button, self.edit_round_button, self.close_button,
                       self.announce_button):  # fmt: skip
            top.addWidget(button)
        layout.addLayout(top)
        second = QHBoxLayout()
        self.est_combo = compact(QComboBox())
        self.est_combo.setEditable(True)
        self.est_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.forms_button = QPushButton("申込書を印刷…")
        self.sheet_out_button = QPushButton("Excelで出力…")
        self.import_button = QPushButton("Excel取込…")
        self.counter_button = QPushButton("窓口で受付…")
        second.addWidget(QLabel("事業所"))
        second.addWidget(self.est_combo, 1)
        for button in (self.forms_button, self.sheet_out_button, self.import_button,
                       self.counter_button):  # fmt: skip
            second.addWidget(button)
        layout.addLayout(second)
        layout.addWidget(self._sheet_part(), 1)
        self._connect()

    def _sheet_part(self) -> QSplitter:
        splitter = QSplitter(Qt.Orientation.Vertical)
        sheet_box = QWidget()
        sheet_layout = QVBoxLayout(sheet_box)
        sheet_layout.setContentsMargins(0, 0, 0, 0)
        self.sheet_model = SheetTableModel(self)
        self.sheet_view = QTableView()
        self.sheet_view.setModel(self.sheet_model)
        self.sheet_view.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.sheet_view.verticalHeader().setVisible(False)
        self.sheet_view.verticalHeader().setDefaultSectionSize(24)
        self.sheet_view.horizontalHeader().setStretchLastSection(True)
        sheet_layout.addWidget(self.sheet_view)
        save_bar = QHBoxLayout()
        self.sheet_label = QLabel("事業所を選ぶと、その事業所の申込書（全会員）を入力できます。")
        self.sheet_label.setWordWrap(True)
        self.save_button = QPushButton("申込書を保存")
        self.undo_button = QPushButton("元に戻す")
        save_bar.addWidget(self.sheet_label, 1)
        save_bar.addWidget(self.undo_button)
        save_bar.addWidget(self.save_button)
        sheet_layout.addLayout(save_bar)
        splitter.addWidget(sheet_box)
        self.orders_model: RowsTableModel[OrderView] = RowsTableModel(ORDER_COLUMNS, self)
        self.orders_view = table(self.orders_model)
        splitter.addWidget(self.orders_view)
        splitter.setSizes([380, 160])
        return splitter

    def _connect(self) -> None:
        self.round_combo.currentIndexChanged.connect(lambda _i: self.load_round())
        self.est_combo.activated.connect(lambda _i: self.load_sheet())
        self.new_round_button.clicked.connect(self._on_new_round_clicked)
        self.edit_round_button.clicked.connect(self._on_edit_round_clicked)
        self.close_button.clicked.connect(self._on_close_clicked)
        self.announce_button.clicked.connect(self._on_announce_clicked)
        self.forms_button.clicked.connect(self._on_forms_clicked)
        self.sheet_out_button.clicked.connect(self._on_sheet_out_clicked)
        self.import_button.clicked.connect(self._on_import_clicked)
        self.counter_button.clicked.connect(self._on_counter_clicked)
        self.save_button.clicked.connect(self.save_sheet)
        self.undo_button.clicked.connect(self.load_sheet)
        self.sheet_model.typed_changed.connect(self._show_sheet_state)

    # -- loading -----------------------------------------------------------------------------
    def refresh(self) -> None:
        rounds = list_rounds(self.ctx, self.year())
        self.rounds = {r.id: r for r in rounds}
        current = self.round_combo.round_id()
        if not self.est_combo.count():
            for est in list_establishments(self.ctx, include_former=False):
                self.est_combo.addItem(f"{est.number:04d} {est.name}", est.id)
            completer = QCompleter(self.est_combo.model(), self)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            self.est_combo.setCompleter(completer)
            self.est_combo.setCurrentIndex(-1)
        open_first = next((r.id for r in reversed(rounds) if r.is_open), None)
        self.round_combo.load(rounds, current if current in self.rounds else open_first)

    def current_round(self) -> RoundView | None:
        round_id = self.round_combo.round_id()
        return self.rounds.get(round_id) if round_id is not None else None

    def establishment_id(self) -> int | None:
        data = self.est_combo.currentData()
        return int(data) if data is not None and self.est_combo.currentIndex() >= 0 else None

    def load_round(self) -> None:
        current = self.current_round()
        is_open = current is not None and current.is_open
        for button in (self.close_button, self.edit_round_button, self.counter_button,
                       self.import_button, self.sheet_out_button):  # fmt: skip
            button.setEnabled(is_open)
        self.orders_model.set_rows(order_views(self.ctx, round_id=current.id) if current else [])
        self.orders_view.resizeColumnsToContents()
        self.load_sheet()

    def load_sheet(self) -> None:
        current, est = self.current_round(), self.establishment_id()
        if current is None or est is None:
            self.sheet_model.set_sheet(None)
            self._show_sheet_state()
            return
        self.sheet_model.set_sheet(establishment_sheet(self.ctx, current.id, est))
        self.sheet_view.resizeColumnsToContents()
        for column in range(2, self.sheet_model.columnCount() - 2):
            self.sheet_view.setColumnWidth(column, 96)
        # 金額 grows as the clerk types: sized for six figures, not for the empty sheet's 0s.
        amount = self.sheet_model.columnCount() - 2
        wide = self.sheet_view.fontMetrics().horizontalAdvance("999,999") + 20
        self.sheet_view.setColumnWidth(amount, max(self.sheet_view.columnWidth(amount), wide))
        self.sheet_view.horizontalHeader().setMinimumSectionSize(40)
        self._show_sheet_state()

    def _show_sheet_state(self) -> None:
        sheet = self.sheet_model.sheet
        if sheet is None:
            self.sheet_label.setText("事業所を選ぶと、その事業所の申込書（全会員）を入力できます。")
            self.save_button.setEnabled(False)
            return
        state = "締め切った回です（表示のみ）。" if not sheet.is_open else ""
        problems = len(self.sheet_model.problems)
        warning = f"上限を超える会員が{problems}人います（赤い行）。" if problems else ""
        self.sheet_label.setText(
            f"{sheet.title}　会員 {len(sheet.members)}人　合計 {self.sheet_model.total():,}円。"
            f"{state}{warning}"
        )
        self.save_button.setEnabled(sheet.is_open and self.sheet_model.changed and not problems)

    # -- actions -----------------------------------------------------------------------------
    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def save_sheet(self) -> None:
        sheet = self.sheet_model.sheet
        if sheet is None:
            return
        typed = dict(self.sheet_model.typed)
        result = attempt(self, "申込書を保存できません", lambda: save_sheet(self.ctx, sheet, typed))
        if result is not None:
            self._changed()
            self.sheet_label.setText(f"保存しました: {result.text}")

    def _on_new_round_clicked(self) -> None:
        number = max((r.number for r in self.rounds.values()), default=0) + 1
        dialog = RoundDialog(self.ctx, self.year(), None, number, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved:
            self.round_combo.load(list_rounds(self.ctx, self.year()), dialog.saved.id)
            self._changed()

    def _on_edit_round_clicked(self) -> None:
        current = self.current_round()
        if current is None:
            return
        if RoundDialog(self.ctx, self.year(), current, parent=self).exec():
            self._changed()

    def _on_close_clicked(self) -> None:
        current = self.current_round()
        if current is None or not ask(
            self, "締切", f"{current.title}を締め切りますか？締め切ると申込の追加・変更は"
            "できなくなり、配分に進めます（締切は一度だけです）。", "締め切る", "やめる",
        ):  # fmt: skip
            return
        if attempt(self, "締切", lambda: close_round(self.ctx, current.id,
                                                   expected_version=current.version)):  # fmt: skip
            self._changed()

    def _on_announce_clicked(self) -> None:
        current = self.current_round()
        if current is not None:
            print_pdf(self, "annai.pdf", "斡旋のご案内",
                      lambda p: print_announcement(self.ctx, current.id, p))  # fmt: skip

    def _on_forms_clicked(self) -> None:
        current, est = self.current_round(), self.establishment_id()
        if current is None or est is None:
            warn(self, "申込書", "申込の回と事業所を選んでください。")
            return
        print_pdf(self, "moushikomi.pdf", "斡旋申込書",
                  lambda p: print_order_forms(self.ctx, current.id, est, p))  # fmt: skip

    def _on_sheet_out_clicked(self) -> None:
        current, est = self.current_round(), self.establishment_id()
        if current is None or est is None:
            warn(self, "申込書", "申込の回と事業所を選んでください。")
            return
        name = f"申込書_{self.est_combo.currentText().replace(' ', '_')}.xlsx"
        export_xlsx(self, name, "申込書",
                    lambda p: export_order_sheet(self.ctx, current.id, est, p))  # fmt: skip

    def _on_import_clicked(self) -> None:
        current = self.current_round()
        if current is None:
            return
        name, _filter = QFileDialog.getOpenFileName(
            self, "申込書（Excel）を取り込む", "", "Excel (*.xlsx)"
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        current = self.current_round()
        if current is None:
            return
        try:
            result = import_orders(self.ctx, current.id, path)
        except ImportRefusedError as refused:
            shown = "\n".join(refused.problems[:30])
            more = len(refused.problems) - 30
            warn(self, "取り込めません（何も保存していません）",
                 shown + (f"\nほか{more}件" if more > 0 else ""))  # fmt: skip
            return
        except ValidationError as error:
            warn(self, "取り込めません（何も保存していません）", error.message)
            return
        self._changed()
        self.sheet_label.setText(f"{path.name}: {result.rows}人分 {result.orders.text}")

    def _on_counter_clicked(self) -> None:
        current = self.current_round()
        if current is None:
            return
        items = {i.id: i for i in list_items(self.ctx, self.year())}
        choices = []
        for item_id in current.item_ids:
            item = items[item_id]
            if item.has_child_price:
                choices += [(item.id, "adult", f"{item.name}（大人）"),
                            (item.id, "child", f"{item.name}（小人）")]  # fmt: skip
            else:
                choices.append((item.id, "adult", item.name))
        if CounterOrderDialog(self.ctx, current.id, choices, parent=self).exec():
            self._changed()
