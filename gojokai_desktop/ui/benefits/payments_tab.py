"""The 支払 tab: payment batches, their lines, commit with postings, and the Zengin file."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop import paths
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.batch_views import (
    BatchDetail,
    BatchLine,
    BatchRow,
    get_batch,
    list_batches,
    payable_claims,
)
from gojokai_desktop.services.benefits.claim_views import METHOD_LABELS
from gojokai_desktop.services.benefits.payments import (
    add_to_batch,
    cancel_batch,
    commit_batch,
    create_batch,
    remove_from_batch,
    reverse_payment,
    set_method,
    set_payment_date,
)
from gojokai_desktop.services.benefits.printouts import print_payment_list, print_payment_notices
from gojokai_desktop.services.benefits.zengin import ZenginWritten, write_zengin
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.batch import BatchRun, Cancelled, Progress, run_in_background
from gojokai_desktop.ui.benefits.batch_dialog import PayableClaimsDialog, PaymentDateDialog
from gojokai_desktop.ui.benefits.claims_tab import table_view
from gojokai_desktop.ui.benefits.decision_dialogs import ReasonDialog
from gojokai_desktop.ui.benefits.models import BATCH_COLUMNS, batch_line_model
from gojokai_desktop.ui.output import preview_pdf
from gojokai_desktop.ui.preview import PdfPreviewDialog
from gojokai_desktop.ui.table_base import RowsTableModel

T = TypeVar("T")
Refusal = ValidationError | RuleViolation


def zengin_file_name(row: BatchRow) -> str:
    """``sogofurikomi_R7-支03_20250613.txt``: the batch and its payment date."""
    return f"sogofurikomi_{row.number}_{row.payment_date:%Y%m%d}.txt"


def batch_summary(detail: BatchDetail) -> str:
    row = detail.row
    problems = sum(1 for line in detail.lines if line.problem and not line.reversed)
    cash = row.claim_count - row.transfer_count
    text = (
        f"{row.number}　支払日 {format_wareki(row.payment_date, weekday=True)}　{row.status_label}"
        f"　{row.claim_count:,}件 {format_yen(row.total_amount)}円"
        f"（振込 {row.transfer_count:,}件 {format_yen(row.transfer_total)}円・"
        f"現金 {cash:,}件 {format_yen(row.total_amount - row.transfer_total)}円）"
    )
    if problems:
        text += f"　<span style='color:#c62828'>口座の問題 {problems}件</span>"
    if row.zengin_file:
        text += f"<br>全銀ファイル: {row.zengin_file}"
    if row.note:
        text += f"<br>{row.note}"
    return text


class PaymentsTab(QWidget):
    """Payments of approved claims: draft, commit (posted to the cash book), bank file."""

    data_changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.batch: BatchDetail | None = None
        layout = QVBoxLayout(self)
        layout.addLayout(self._batch_bar())
        self.batch_model: RowsTableModel[Any] = RowsTableModel(BATCH_COLUMNS, self)
        self.batch_view = table_view(self.batch_model)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.batch_view)
        splitter.addWidget(self._lines_part())
        splitter.setSizes([220, 420])
        layout.addWidget(splitter, 1)
        self.status_label = QLabel("")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.batch_view.selectionModel().currentRowChanged.connect(self._on_batch_current_changed)
        self.line_view.selectionModel().currentRowChanged.connect(lambda *_a: self._update())
        self._update()

    def _batch_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.create_button = QPushButton("支払予定を作成…")
        self.commit_button = QPushButton("支払を確定…")
        self.zengin_button = QPushButton("全銀ファイルを作成…")
        self.cancel_button = QPushButton("支払予定の取消…")
        for button, slot in (
            (self.create_button, self._on_create_clicked),
            (self.commit_button, self._on_commit_clicked),
            (self.zengin_button, self._on_zengin_clicked),
            (self.cancel_button, self._on_cancel_clicked),
        ):
            bar.addWidget(button)
            button.clicked.connect(slot)
        bar.addStretch(1)
        self.list_button = QPushButton("支払決議書…")
        self.list_button.setToolTip("この支払の支払決議書（決裁欄つき）を印刷（プレビュー）")
        self.notices_button = QPushButton("支払通知書…")
        self.notices_button.setToolTip("確定した支払の全員分の支払通知書を印刷（プレビュー）")
        for button, slot in (
            (self.list_button, self._on_list_clicked),
            (self.notices_button, self._on_notices_clicked),
        ):
            bar.addWidget(button)
            button.clicked.connect(slot)
        return bar

    def _lines_part(self) -> QWidget:
        lower = QWidget()
        layout = QVBoxLayout(lower)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary_label = QLabel("支払予定を一覧で選ぶと、支払う請求が下に出ます。")
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        bar = QHBoxLayout()
        self.add_button = QPushButton("追加…")
        self.remove_button = QPushButton("除外")
        self.method_button = QPushButton("支払方法の変更…")
        self.date_button = QPushButton("支払日の変更…")
        self.reverse_button = QPushButton("支払の取消…")
        for button, slot in (
            (self.add_button, self._on_add_clicked),
            (self.remove_button, self._on_remove_clicked),
            (self.method_button, self._on_method_clicked),
            (self.date_button, self._on_date_clicked),
            (self.reverse_button, self._on_reverse_clicked),
        ):
            bar.addWidget(button)
            button.clicked.connect(slot)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.line_model = batch_line_model(self)
        self.line_view = table_view(self.line_model)
        layout.addWidget(self.line_view, 1)
        return lower

    # -- loading ---------------------------------------------------------------------------
    def refresh(self, select_id: int | None = None) -> None:
        keep = select_id if select_id is not None else (self.batch.row.id if self.batch else None)
        self.batch_model.set_rows(list_batches(self.ctx))
        self.batch_view.resizeColumnsToContents()
        for row in range(self.batch_model.rowCount()):
            if self.batch_model.row_at(row).id == keep:
                self.batch_view.selectRow(row)  # the view's current row changes: it loads
                return
        self._show_batch(None)

    def _on_batch_current_changed(self, *_args: object) -> None:
        index = self.batch_view.currentIndex()
        if index.isValid():
            self._show_batch(get_batch(self.ctx, self.batch_model.row_at(index.row()).id))

    def _show_batch(self, detail: BatchDetail | None) -> None:
        self.batch = detail
        self.summary_label.setText(
            batch_summary(detail) if detail else "支払予定を一覧で選ぶと、支払う請求が下に出ます。"
        )
        self.line_model.set_rows(detail.lines if detail else ())
        self.line_view.resizeColumnsToContents()
        self._update()

    def selected_line(self) -> BatchLine | None:
        index = self.line_view.currentIndex()
        if not index.isValid():
            return None
        line: BatchLine = self.line_model.row_at(index.row())
        return line

    def _update(self) -> None:
        row = self.batch.row if self.batch else None
        status = row.status if row else None
        line = self.selected_line()
        draft = status == "draft"
        self.commit_button.setEnabled(draft)
        self.list_button.setEnabled(status in ("draft", "committed"))
        self.notices_button.setEnabled(status == "committed")
        self.cancel_button.setEnabled(draft)
        self.zengin_button.setEnabled(
            row is not None and status == "committed" and row.transfer_count > 0
        )
        self.add_button.setEnabled(draft)
        self.date_button.setEnabled(draft)
        self.remove_button.setEnabled(draft and line is not None)
        self.method_button.setEnabled(draft and line is not None)
        self.reverse_button.setEnabled(
            status == "committed" and line is not None and not line.reversed
        )

    # -- running the actions ---------------------------------------------------------------
    def _warn(self, error: Refusal) -> None:
        QMessageBox.warning(self, "慶弔給付の支払", error.message)

    def _done(self, detail: BatchDetail, message: str) -> None:
        self.status_label.setText(message)
        self.refresh(select_id=detail.row.id)
        self.data_changed.emit()

    def _act(self, action: Callable[[], BatchDetail], message: str) -> BatchDetail | None:
        try:
            detail = action()
        except (ValidationError, RuleViolation) as error:
            self._warn(error)
            return None
        self._done(detail, message)
        return detail

    def _in_background(self, label: str, work: Callable[[], T]) -> T | None:
        """Run ``work`` off the GUI thread with a progress window (no Cancel: a commit is one
        transaction); a refusal is shown as a message and gives None."""

        def task(_progress: object, _cancelled: object) -> T | Refusal:
            try:
                return work()
            except (ValidationError, RuleViolation) as error:
                return error

        run = BatchRun(self, label, task)
        run.dialog.setCancelButton(None)
        run.exec()
        if run.error:
            QMessageBox.warning(self, "慶弔給付の支払", f"{label}できませんでした: {run.error}")
            return None
        result: Any = run.result
        if isinstance(result, (ValidationError, RuleViolation)):
            self._warn(result)
            return None
        return result  # type: ignore[no-any-return]

    # -- batches ---------------------------------------------------------------------------
    def _on_create_clicked(self) -> None:
        rows = payable_claims(self.ctx)
        if not rows:
            QMessageBox.information(
                self, "慶弔給付の支払", "支払える請求（支給決定済みで未払いのもの）がありません。"
            )
            return
        dialog = PayableClaimsDialog(rows, self.ctx.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        day, ids, methods = (
            dialog.payment_date(),
            dialog.model.checked_ids(),
            dialog.model.methods(),
        )
        if day is None:
            return
        self._act(
            lambda: create_batch(self.ctx, day, ids, methods=methods),
            f"支払予定を作成しました（{len(ids):,}件）。内容を確かめて「支払を確定」してください。",
        )

    def _on_commit_clicked(self) -> None:
        if self.batch is None:
            return
        row = self.batch.row
        cash = row.claim_count - row.transfer_count
        answer = QMessageBox.question(
            self,
            "支払の確定",
            f"{row.number}（支払日 {format_wareki(row.payment_date, weekday=True)}）"
            "を確定します。\n\n"
            f"{row.claim_count:,}件 合計 {format_yen(row.total_amount)}円\n"
            f"　振込 {row.transfer_count:,}件 {format_yen(row.transfer_total)}円\n"
            f"　現金 {cash:,}件 {format_yen(row.total_amount - row.transfer_total)}円\n\n"
            "すべての請求を支払済にし、1件ずつ出納帳に記帳します。よろしいですか。",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        batch_id = row.id
        done = self._in_background(
            f"{row.number}の支払を確定中", lambda: commit_batch(self.ctx, batch_id)
        )
        if done is not None:
            self._done(
                done,
                f"{row.number}を確定し、{done.row.claim_count:,}件 "
                f"{format_yen(done.row.total_amount)}円を出納帳に記帳しました。"
                + ("続けて「全銀ファイルを作成」してください。" if done.row.transfer_count else ""),
            )

    def _zengin_warnings(self, row: BatchRow) -> list[str]:
        """What the clerk should know before making the bank file again or too late."""
        warnings = []
        if row.zengin_written_at is not None:
            warnings.append(
                f"この支払の全銀ファイルは既に作成済みです（{row.zengin_file}）。"
                "銀行へ2回送ると二重に振り込まれます。"
            )
        if row.payment_date < self.ctx.today():
            warnings.append(
                f"振込指定日（{format_wareki(row.payment_date, weekday=True)}）が過ぎています。"
                "銀行が受け付けないときは、支払を取り消して新しい支払日で作り直してください。"
            )
        return warnings

    def _on_zengin_clicked(self) -> None:
        if self.batch is None:
            return
        row = self.batch.row
        warnings = self._zengin_warnings(row)
        if warnings:
            asked = QMessageBox.question(
                self,
                "全銀ファイルの作成",
                "\n\n".join([*warnings, "それでも作成しますか。"]),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if asked != QMessageBox.StandardButton.Yes:
                return
        name, _filter = QFileDialog.getSaveFileName(
            self, "全銀ファイルの保存先", zengin_file_name(row), "全銀ファイル (*.txt)"
        )
        if not name:
            return
        target, batch_id = Path(name), row.id
        written: ZenginWritten | None = self._in_background(
            "全銀ファイルを作成中", lambda: write_zengin(self.ctx, batch_id, target)
        )
        if written is not None:
            self.status_label.setText(
                f"全銀ファイルを作成しました: {written.path}（振込 {written.count:,}件 "
                f"{format_yen(written.total)}円、{written.size:,}バイト）"
            )
            self.refresh(select_id=batch_id)
            self.data_changed.emit()

    def _on_cancel_clicked(self) -> None:
        if self.batch is None:
            return
        row = self.batch.row
        dialog = ReasonDialog(
            f"支払予定の取消 {row.number}",
            "この支払予定をやめます。入っている請求は支給決定のまま残り、別の支払予定に入れられます。",
            self,
            reason_field="取消の理由",
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            reason = dialog.reason()
            self._act(
                lambda: cancel_batch(self.ctx, row.id, reason), f"{row.number}を取り消しました。"
            )

    # -- printing --------------------------------------------------------------------------
    def _on_list_clicked(self) -> None:
        if self.batch is None:
            return
        row = self.batch.row
        try:
            preview_pdf(
                self,
                f"支払決議書_{row.number}.pdf",
                "支払決議書",
                lambda p: print_payment_list(self.ctx, row.id, p),
            )
        except (ValidationError, RuleViolation) as error:
            self._warn(error)

    def _on_notices_clicked(self) -> None:
        if self.batch is None:
            return
        number = self.batch.row.number
        ids = [x.claim_id for x in self.batch.lines if not x.reversed]
        out = Path(tempfile.mkdtemp(prefix="gojokai-")) / f"支払通知書_{number}.pdf"
        forms_dir = paths.user_forms_dir()

        def task(progress: Progress, cancelled: Cancelled) -> Path | None:
            result = print_payment_notices(
                self.ctx, ids, out, user_forms_dir=forms_dir,
                progress=progress, is_cancelled=cancelled,
            )  # fmt: skip
            return None if result.cancelled else out

        if run_in_background(self, f"{len(ids):,}人分の支払通知書を作成中", task) is not None:
            PdfPreviewDialog(out, self, title="給付金支払通知書").exec()

    # -- lines -----------------------------------------------------------------------------
    def _on_add_clicked(self) -> None:
        if self.batch is None:
            return
        rows = payable_claims(self.ctx)
        if not rows:
            QMessageBox.information(self, "慶弔給付の支払", "追加できる請求がありません。")
            return
        batch_id = self.batch.row.id
        dialog = PayableClaimsDialog(
            rows, self.ctx.today(), self, ask_date=False, title="支払予定への追加"
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            ids, methods = dialog.model.checked_ids(), dialog.model.methods()
            self._act(
                lambda: add_to_batch(self.ctx, batch_id, ids, methods),
                f"{len(ids):,}件を追加しました。",
            )

    def _on_remove_clicked(self) -> None:
        line = self.selected_line()
        if self.batch is None or line is None:
            return
        batch_id = self.batch.row.id
        self._act(
            lambda: remove_from_batch(self.ctx, batch_id, [line.claim_id]),
            f"{line.claim_number}（{line.member_name}）を支払予定から外しました（支給決定のままです）。",
        )

    def _on_method_clicked(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        labels = list(METHOD_LABELS.values())
        chosen, ok = QInputDialog.getItem(
            self, "支払方法の変更", f"{line.member_name}さん（{line.claim_number}）の支払方法",
            labels, labels.index(line.method_label), False,
        )  # fmt: skip
        if not ok:
            return
        method = next(code for code, text in METHOD_LABELS.items() if text == chosen)
        self._act(
            lambda: set_method(self.ctx, line.payment_id, method),
            f"{line.claim_number}の支払方法を「{chosen}」にしました。",
        )

    def _on_date_clicked(self) -> None:
        if self.batch is None:
            return
        row = self.batch.row
        dialog = PaymentDateDialog(row.payment_date, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        day = dialog.payment_date()
        if day is not None:
            self._act(
                lambda: set_payment_date(self.ctx, row.id, day),
                f"支払日を{format_wareki(day, weekday=True)}にしました。",
            )

    def _on_reverse_clicked(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        dialog = ReasonDialog(
            f"支払の取消 {line.claim_number}",
            f"{line.member_name}さんへの{line.kind_name} {format_yen(line.amount)}円の支払を"
            "取り消します。出納帳には取消の記帳をし、請求は支給決定に戻ります。",
            self,
            reason_field="取消の理由",
            date_field="取消日",
            day=self.ctx.today(),
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        reason, day = dialog.reason(), dialog.day()
        if day is not None:
            self._act(
                lambda: reverse_payment(self.ctx, line.payment_id, reason, day),
                f"{line.claim_number}の支払を取り消しました。",
            )
