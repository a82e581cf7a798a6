"""The 配分・抽選 tab: after closing, each item allocated in full, by a recorded lottery or
first-come — seen before it is final — with the record for the auditor and the notices."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.services.auth.roles import has_role
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets.allocation import (
    AllocationView,
    DrawRow,
    ItemState,
    adjust_allocation,
    allocate_in_full,
    commit_allocation,
    preview_allocation,
    reverse_run,
    round_allocation,
)
from gojokai_desktop.services.tickets.lottery_record import run_view
from gojokai_desktop.services.tickets.printouts import (
    export_combined_order,
    print_lottery_record,
    print_notices,
    print_order_summary,
)
from gojokai_desktop.services.tickets.rounds import list_rounds
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.tickets._common import (
    RoundChooser,
    ask,
    attempt,
    export_xlsx,
    print_pdf,
    selected_rows,
    table,
    warn,
)
from gojokai_desktop.ui.tickets.models import DRAW_COLUMNS, STATE_COLUMNS


class ReasonDialog(QDialog):
    """A number (optional) and the reason a change is recorded with."""

    def __init__(self, title: str, text: str, quantity: int | None = None,
                 maximum: int = 99, parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout(self)
        label = QLabel(text)
        label.setWordWrap(True)
        form.addRow(label)
        self.quantity = QSpinBox()
        self.quantity.setRange(0, maximum)
        if quantity is not None:
            self.quantity.setValue(quantity)
            form.addRow("配分数", self.quantity)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("例: 本人から辞退の連絡（6/20 電話）")
        form.addRow("理由", self.reason)
        buttons = QDialogButtonBox()
        buttons.addButton("記録する", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("キャンセル", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)


class AllocationTab(QWidget):
    data_changed = Signal()

    def __init__(self, ctx: AppContext, year: Callable[[], int], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        self.preview: AllocationView | None = None
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.round_combo = RoundChooser()
        self.full_button = QPushButton("申込どおり全数配分")
        self.full_button.setToolTip("申込が配分できる数を超えていない品目を、まとめて確定します。")
        self.summary_button = QPushButton("申込集計を印刷…")
        self.order_button = QPushButton("注文書（Excel）…")
        top.addWidget(QLabel("申込の回"))
        top.addWidget(self.round_combo, 1)
        for button in (self.full_button, self.summary_button, self.order_button):
            top.addWidget(button)
        layout.addLayout(top)
        self.state_model: RowsTableModel[ItemState] = RowsTableModel(STATE_COLUMNS, self)
        self.state_view = table(self.state_model, sortable=False)
        layout.addWidget(self.state_view, 2)
        draw = QHBoxLayout()
        self.seed_edit = QLineEdit()
        self.seed_edit.setPlaceholderText("自動")
        self.seed_edit.setMaximumWidth(100)
        self.seed_edit.setToolTip("抽選の種（8桁の数字）。空欄なら新しく決めます。")
        self.preview_button = QPushButton("結果を見る")
        self.commit_button = QPushButton("この結果で確定")
        self.commit_button.setEnabled(False)
        self.record_button = QPushButton("配分の記録を印刷…")
        self.notice_button = QPushButton("落選のお知らせ…")
        self.adjust_button = QPushButton("配分を変更…")
        self.reverse_button = QPushButton("配分を取消…")
        draw.addWidget(QLabel("抽選の種"))
        draw.addWidget(self.seed_edit)
        for button in (self.preview_button, self.commit_button, self.record_button,
                       self.notice_button, self.adjust_button, self.reverse_button):  # fmt: skip
            draw.addWidget(button)
        draw.addStretch(1)
        layout.addLayout(draw)
        self.result_label = QLabel(
            "品目を選んで「結果を見る」を押すと、確定前の配分が表示されます。"
        )
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)
        self.draw_model: RowsTableModel[DrawRow] = RowsTableModel(DRAW_COLUMNS, self)
        self.draw_view = table(self.draw_model)
        layout.addWidget(self.draw_view, 3)
        self._connect()

    def _connect(self) -> None:
        self.round_combo.currentIndexChanged.connect(lambda _i: self.load())
        self.state_view.selectionModel().currentRowChanged.connect(lambda *_a: self.show_item())
        self.full_button.clicked.connect(self._on_full_clicked)
        self.summary_button.clicked.connect(self._on_summary_clicked)
        self.order_button.clicked.connect(self._on_order_clicked)
        self.preview_button.clicked.connect(self.show_preview)
        self.commit_button.clicked.connect(self.commit)
        self.record_button.clicked.connect(self._on_record_clicked)
        self.notice_button.clicked.connect(self._on_notice_clicked)
        self.adjust_button.clicked.connect(self._on_adjust_clicked)
        self.reverse_button.clicked.connect(self._on_reverse_clicked)

    def refresh(self) -> None:
        rounds = [r for r in list_rounds(self.ctx, self.year()) if not r.is_open]
        keep = self.round_combo.round_id()
        self.round_combo.load(rounds, keep if keep else (rounds[-1].id if rounds else None))

    def load(self) -> None:
        round_id = self.round_combo.round_id()
        row = self.current_row()
        self.state_model.set_rows(round_allocation(self.ctx, round_id) if round_id else [])
        self.state_view.resizeColumnsToContents()
        if self.state_model.rowCount():
            self.state_view.selectRow(min(row or 0, self.state_model.rowCount() - 1))
        self.show_item()
        self.full_button.setEnabled(round_id is not None)

    def current_row(self) -> int | None:
        rows = selected_rows(self.state_view)
        return rows[0] if rows else None

    def current_state(self) -> ItemState | None:
        row = self.current_row()
        return self.state_model.row_at(row) if row is not None else None

    def show_item(self) -> None:
        """A committed item shows its record; an open one waits for 結果を見る."""
        self.preview = None
        self.commit_button.setEnabled(False)
        state = self.current_state()
        done = state is not None and state.run_id is not None
        for button in (self.record_button, self.notice_button, self.adjust_button,
                       self.reverse_button):  # fmt: skip
            button.setEnabled(done)
        # 配分の取消 is an administrator's (the service refuses anyone else too).
        self.reverse_button.setEnabled(done and has_role(self.ctx, "admin"))
        self.preview_button.setEnabled(state is not None and not done)
        if state is None or state.run_id is None:
            self.draw_model.set_rows([])
            self.result_label.setText(
                "品目を選んで「結果を見る」を押すと、確定前の配分が表示されます。"
                if state is None or state.demand else "この品目に申込はありません。"
            )  # fmt: skip
            return
        self._show(run_view(self.ctx, state.run_id), "確定済み")

    def _show(self, view: AllocationView, state: str) -> None:
        seed = f"（抽選の種 {view.seed_text}）" if view.seed is not None else ""
        losers = len({r.member_id for r in view.losers})
        self.result_label.setText(
            f"「{view.item_name}」{view.method_label}{seed}: 配分できる数 {view.stock_text}、"
            f"申込 {view.demand}{view.unit} → 配分 {view.allocated}{view.unit}"
            f"（{view.members}人、落選・一部 {losers}人）。{state}"
        )
        self.draw_model.set_rows(view.rows)
        self.draw_view.resizeColumnsToContents()

    def show_preview(self) -> None:
        state, round_id = self.current_state(), self.round_combo.round_id()
        if state is None or round_id is None:
            return
        text = self.seed_edit.text().strip()
        if text and not text.isdigit():
            warn(self, "抽選の種", "抽選の種は8桁までの数字で入力してください（空欄なら自動）。")
            return
        seed = int(text) if text else None
        view = attempt(self, "配分", lambda: preview_allocation(self.ctx, round_id, state.item_id,
                                                                seed))  # fmt: skip
        if view is None:
            return
        self.preview = view
        self.seed_edit.setText(view.seed_text)
        self._show(view, "まだ確定していません。よければ「この結果で確定」を押してください。")
        self.commit_button.setEnabled(True)

    def commit(self) -> None:
        view = self.preview
        if view is None:
            return
        done = attempt(
            self,
            "配分の確定",
            lambda: commit_allocation(self.ctx, view.round_id, view.item_id, view.seed),
        )
        if done is not None:
            self.seed_edit.clear()
            self.refresh()
            self.data_changed.emit()

    def _on_full_clicked(self) -> None:
        round_id = self.round_combo.round_id()
        if round_id is None:
            return
        done = attempt(self, "全数配分", lambda: allocate_in_full(self.ctx, round_id))
        if done is not None:
            self.refresh()
            self.result_label.setText(f"{len(done)}品目を申込どおり配分しました。")
            self.data_changed.emit()

    def _on_summary_clicked(self) -> None:
        round_id = self.round_combo.round_id()
        if round_id is not None:
            print_pdf(self, "shukei.pdf", "申込集計",
                      lambda p: print_order_summary(self.ctx, round_id, p))  # fmt: skip

    def _on_order_clicked(self) -> None:
        round_id = self.round_combo.round_id()
        if round_id is not None:
            export_xlsx(self, "注文書.xlsx", "注文書",
                        lambda p: export_combined_order(self.ctx, round_id, p))  # fmt: skip

    def _on_record_clicked(self) -> None:
        state = self.current_state()
        if state is not None and state.run_id is not None:
            run_id = state.run_id
            print_pdf(self, "chusen.pdf", "配分・抽選の記録",
                      lambda p: print_lottery_record(self.ctx, run_id, p))  # fmt: skip

    def _on_notice_clicked(self) -> None:
        state = self.current_state()
        if state is not None and state.run_id is not None:
            run_id = state.run_id
            print_pdf(self, "oshirase.pdf", "抽選結果のお知らせ",
                      lambda p: print_notices(self.ctx, run_id, p))  # fmt: skip

    def _on_adjust_clicked(self) -> None:
        rows = selected_rows(self.draw_view)
        if not rows:
            warn(self, "配分を変更", "下の一覧で、変える申込を選んでください。")
            return
        row = self.draw_model.row_at(rows[0])
        dialog = ReasonDialog(
            "配分を変更", f"{row.member_number} {row.member_name}（申込 {row.requested}）の配分を"
            "変えます。変更は理由とともに記録されます。", row.allocated, row.requested, self,
        )  # fmt: skip
        if dialog.exec():
            quantity, reason = dialog.quantity.value(), dialog.reason.text()
            if attempt(self, "配分を変更", lambda: adjust_allocation(
                    self.ctx, row.order_id, quantity, reason)) is not None:  # fmt: skip
                self.load()
                self.data_changed.emit()

    def _on_reverse_clicked(self) -> None:
        state = self.current_state()
        if state is None or state.run_id is None:
            return
        run_id = state.run_id
        if not ask(self, "配分を取消", f"「{state.item_name}」の配分を取り消しますか？"
                   "記録は残り、もう一度配分できます。", "取り消す", "やめる"):  # fmt: skip
            return
        dialog = ReasonDialog("配分を取消", "取り消す理由を入力してください。", parent=self)
        if dialog.exec():
            reason = dialog.reason.text()
            if (
                attempt(self, "配分を取消", lambda: reverse_run(self.ctx, run_id, reason))
                is not None
            ):
                self.load()
                self.data_changed.emit()
