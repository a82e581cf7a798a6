"""The 入荷・受渡 tab: stock and lots (入荷, 返品, 在庫表 on any day), and the handover to each
establishment's members with its signature list, counter sales and reversals."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.members.establishments import list_establishments
from gojokai_desktop.services.tickets.handover import (
    HandoverView,
    OutstandingRow,
    hand_over,
    handovers,
    outstanding,
    reverse_handover,
)
from gojokai_desktop.services.tickets.items import list_items
from gojokai_desktop.services.tickets.listings import (
    export_stock,
    print_handover_list,
    print_stock_report,
)
from gojokai_desktop.services.tickets.stock import LotView, StockRow, list_lots, stock_rows
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.tickets._common import (
    attempt,
    compact,
    export_xlsx,
    print_pdf,
    selected_rows,
    table,
    warn,
)
from gojokai_desktop.ui.tickets.allocation_tab import ReasonDialog
from gojokai_desktop.ui.tickets.models import (
    HANDOVER_COLUMNS,
    LOT_COLUMNS,
    OUTSTANDING_COLUMNS,
    STOCK_COLUMNS,
)
from gojokai_desktop.ui.tickets.stock_dialogs import CounterSaleDialog, LotDialog, ReturnDialog
from gojokai_desktop.ui.widgets import WarekiDateEdit


class StockPart(QWidget):
    """在庫・入荷: what is held of each item, the lots, and the stock of any day."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, year: Callable[[], int], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.lot_button = QPushButton("入荷を登録…")
        self.return_button = QPushButton("返品…")
        self.on_edit = WarekiDateEdit(field="基準日")
        self.on_edit.setToolTip("空欄なら今の在庫。日付を入れるとその日の在庫を表示します。")
        self.show_button = QPushButton("表示")
        self.print_button = QPushButton("在庫表を印刷…")
        self.excel_button = QPushButton("Excel出力…")
        bar.addWidget(self.lot_button)
        bar.addWidget(self.return_button)
        bar.addStretch(1)
        for widget in (QLabel("基準日"), self.on_edit, self.show_button, self.print_button,
                       self.excel_button):  # fmt: skip
            bar.addWidget(widget)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.stock_model: RowsTableModel[StockRow] = RowsTableModel(STOCK_COLUMNS, self)
        self.stock_view = table(self.stock_model)
        self.lot_model: RowsTableModel[LotView] = RowsTableModel(LOT_COLUMNS, self)
        self.lot_view = table(self.lot_model)
        splitter.addWidget(self.stock_view)
        splitter.addWidget(self.lot_view)
        layout.addWidget(splitter, 1)
        self.lot_button.clicked.connect(self._on_lot_clicked)
        self.return_button.clicked.connect(self._on_return_clicked)
        self.show_button.clicked.connect(self.refresh)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.excel_button.clicked.connect(self._on_excel_clicked)

    def refresh(self) -> None:
        self.on_edit.commit()
        self.stock_model.set_rows(stock_rows(self.ctx, self.year(), self.on_edit.date()))
        self.stock_view.resizeColumnsToContents()
        self.lot_model.set_rows(list_lots(self.ctx, self.year()))
        self.lot_view.resizeColumnsToContents()

    def _changed(self) -> None:
        self.refresh()
        self.data_changed.emit()

    def _on_lot_clicked(self) -> None:
        if LotDialog(self.ctx, list_items(self.ctx, self.year()), self).exec():
            self._changed()

    def _on_return_clicked(self) -> None:
        rows = selected_rows(self.lot_view)
        if not rows:
            warn(self, "返品", "下の入荷の一覧で、返品する入荷を選んでください。")
            return
        if ReturnDialog(self.ctx, self.lot_model.row_at(rows[0]), self).exec():
            self._changed()

    def _on_print_clicked(self) -> None:
        self.on_edit.commit()
        on = self.on_edit.date()
        print_pdf(self, "zaiko.pdf", "在庫表",
                  lambda p: print_stock_report(self.ctx, self.year(), p, on))  # fmt: skip

    def _on_excel_clicked(self) -> None:
        self.on_edit.commit()
        on = self.on_edit.date()
        export_xlsx(self, "在庫表.xlsx", "在庫表",
                    lambda p: export_stock(self.ctx, self.year(), p, on))  # fmt: skip


class HandoverPart(QWidget):
    """受渡: allocated tickets still to hand over, per establishment, and what was handed."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, year: Callable[[], int], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.est_combo = compact(QComboBox())
        self.day_edit = WarekiDateEdit(field="受渡日", required=True)
        self.day_edit.setDate(ctx.today())
        self.hand_button = QPushButton("選んだ分を受渡")
        self.all_button = QPushButton("表示中をすべて受渡")
        self.list_button = QPushButton("受渡一覧（受領印欄）を印刷…")
        for widget in (QLabel("事業所"), self.est_combo, QLabel("受渡日"), self.day_edit):
            bar.addWidget(widget)
        bar.addStretch(1)
        layout.addLayout(bar)
        buttons = QHBoxLayout()
        buttons.addWidget(self.hand_button)
        buttons.addWidget(self.all_button)
        buttons.addStretch(1)
        buttons.addWidget(self.list_button)
        layout.addLayout(buttons)
        self.summary = QLabel("")
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.todo_model: RowsTableModel[OutstandingRow] = RowsTableModel(OUTSTANDING_COLUMNS, self)
        self.todo_view = table(self.todo_model, multi=True)
        self.done_model: RowsTableModel[HandoverView] = RowsTableModel(HANDOVER_COLUMNS, self)
        self.done_view = table(self.done_model)
        splitter.addWidget(self.todo_view)
        splitter.addWidget(self.done_view)
        layout.addWidget(splitter, 1)
        lower = QHBoxLayout()
        lower.addWidget(QLabel("受渡済み（下の一覧）"))
        lower.addStretch(1)
        self.counter_button = QPushButton("窓口販売…")
        self.reverse_button = QPushButton("受渡の取消…")
        lower.addWidget(self.counter_button)
        lower.addWidget(self.reverse_button)
        layout.addLayout(lower)
        self.est_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.hand_button.clicked.connect(lambda: self.hand(selected_only=True))
        self.all_button.clicked.connect(lambda: self.hand(selected_only=False))
        self.list_button.clicked.connect(self._on_list_clicked)
        self.counter_button.clicked.connect(self._on_counter_clicked)
        self.reverse_button.clicked.connect(self._on_reverse_clicked)

    def refresh(self) -> None:
        if not self.est_combo.count():
            self.est_combo.blockSignals(True)
            self.est_combo.addItem("（すべての事業所）", None)
            for est in list_establishments(self.ctx):
                self.est_combo.addItem(f"{est.number:04d} {est.name}", est.id)
            self.est_combo.blockSignals(False)
        self.load()

    def establishment_id(self) -> int | None:
        data = self.est_combo.currentData()
        return int(data) if data is not None else None

    def load(self) -> None:
        est = self.establishment_id()
        rows = outstanding(self.ctx, fiscal_year=self.year(), establishment_id=est)
        self.todo_model.set_rows(rows)
        self.todo_view.resizeColumnsToContents()
        done = handovers(self.ctx, fiscal_year=self.year(), establishment_id=est)
        self.done_model.set_rows(done)
        self.done_view.resizeColumnsToContents()
        remaining = sum(r.remaining for r in rows)
        self.summary.setText(
            f"未受渡 {len(rows)}件（{remaining:,}枚）、受渡済み {len(done)}件。"
            "受け渡すと在庫から券番号の若い順に引き当てます。"
        )

    def hand(self, *, selected_only: bool) -> None:
        rows = (
            [self.todo_model.row_at(r) for r in selected_rows(self.todo_view)]
            if selected_only
            else [self.todo_model.row_at(r) for r in range(self.todo_model.rowCount())]
        )
        if not rows:
            warn(self, "受渡", "受け渡す申込を選んでください。")
            return
        if not self.day_edit.commit() or self.day_edit.date() is None:
            warn(self, "受渡", f"受渡日: {self.day_edit.error() or '日付を入力してください。'}")
            return
        day = self.day_edit.date()
        assert day is not None
        done = attempt(self, "受渡", lambda: hand_over(self.ctx, [r.order_id for r in rows], day))
        if done is not None:
            self.load()
            self.summary.setText(
                f"{len(done)}件を受け渡しました。受渡一覧を印刷して押印をもらってください。"
            )
            self.data_changed.emit()

    def _on_list_clicked(self) -> None:
        est = self.establishment_id()
        print_pdf(self, "uketori.pdf", "受渡一覧",
                  lambda p: print_handover_list(self.ctx, self.year(), p,
                                                establishment_id=est))  # fmt: skip

    def _on_counter_clicked(self) -> None:
        if CounterSaleDialog(self.ctx, list_items(self.ctx, self.year()), self).exec():
            self.load()
            self.data_changed.emit()

    def _on_reverse_clicked(self) -> None:
        rows = selected_rows(self.done_view)
        if not rows:
            warn(self, "受渡の取消", "下の一覧で、取り消す受渡を選んでください。")
            return
        row = self.done_model.row_at(rows[0])
        text = (
            f"{row.member_name}「{row.item_title}」{row.quantity}枚の受渡を取り消します"
            "（券は在庫に戻ります）。"
        )
        dialog = ReasonDialog("受渡の取消", text, parent=self)
        if dialog.exec():
            reason = dialog.reason.text()
            if attempt(self, "受渡の取消", lambda: reverse_handover(
                    self.ctx, row.id, reason, self.ctx.today())) is not None:  # fmt: skip
                self.load()
                self.data_changed.emit()


class StockTab(QWidget):
    data_changed = Signal()

    def __init__(self, ctx: AppContext, year: Callable[[], int], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.parts = QTabWidget()
        self.handover_part = HandoverPart(ctx, year, self)
        self.stock_part = StockPart(ctx, year, self)
        self.parts.addTab(self.handover_part, "受渡")
        self.parts.addTab(self.stock_part, "在庫・入荷")
        layout.addWidget(self.parts)
        for part in (self.handover_part, self.stock_part):
            part.data_changed.connect(self.data_changed)
        self.parts.currentChanged.connect(lambda _i: self.refresh())

    def refresh(self) -> None:
        current = self.parts.currentWidget()
        if isinstance(current, HandoverPart | StockPart):
            current.refresh()
