"""The 実績 tab: the year's 斡旋実績 checked against the cash book, and every allocation of the
year with its seed for the auditor."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets.listings import (
    export_member_orders,
    export_year_report,
    print_year_report,
)
from gojokai_desktop.services.tickets.lottery_record import RunRow, list_runs, verify_run
from gojokai_desktop.services.tickets.printouts import print_lottery_record
from gojokai_desktop.services.tickets.report import YearReportRow, reconcile, year_report
from gojokai_desktop.ui.table_base import RowsTableModel
from gojokai_desktop.ui.tickets._common import export_xlsx, print_pdf, selected_rows, table
from gojokai_desktop.ui.tickets.models import REPORT_COLUMNS, RUN_COLUMNS


class ReportTab(QWidget):
    def __init__(self, ctx: AppContext, year: Callable[[], int], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.year = ctx, year
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button = QPushButton("斡旋実績を印刷…")
        self.excel_button = QPushButton("Excel出力…")
        self.orders_button = QPushButton("申込一覧（Excel）…")
        bar.addWidget(self.print_button)
        bar.addWidget(self.excel_button)
        bar.addWidget(self.orders_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.check_label = QLabel("")
        self.check_label.setWordWrap(True)
        layout.addWidget(self.check_label)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.report_model: RowsTableModel[YearReportRow] = RowsTableModel(REPORT_COLUMNS, self)
        self.report_view = table(self.report_model)
        splitter.addWidget(self.report_view)
        runs = QWidget()
        runs_layout = QVBoxLayout(runs)
        runs_layout.setContentsMargins(0, 0, 0, 0)
        runs_bar = QHBoxLayout()
        runs_bar.addWidget(QLabel("配分・抽選の記録（監査用: 方法と抽選の種）"))
        runs_bar.addStretch(1)
        self.verify_button = QPushButton("再計算で確かめる")
        self.record_button = QPushButton("記録を印刷…")
        runs_bar.addWidget(self.verify_button)
        runs_bar.addWidget(self.record_button)
        runs_layout.addLayout(runs_bar)
        self.run_model: RowsTableModel[RunRow] = RowsTableModel(RUN_COLUMNS, self)
        self.run_view = table(self.run_model)
        runs_layout.addWidget(self.run_view)
        splitter.addWidget(runs)
        layout.addWidget(splitter, 1)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.excel_button.clicked.connect(self._on_excel_clicked)
        self.orders_button.clicked.connect(self._on_orders_clicked)
        self.verify_button.clicked.connect(self._on_verify_clicked)
        self.record_button.clicked.connect(self._on_record_clicked)

    def refresh(self) -> None:
        year = self.year()
        report = year_report(self.ctx, year)
        self.report_model.set_rows(report.rows)
        self.report_view.resizeColumnsToContents()
        self.run_model.set_rows(list_runs(self.ctx, year))
        self.run_view.resizeColumnsToContents()
        check = reconcile(self.ctx, year)
        books = "、".join(f"{name} {amount:,}円" for name, amount in check.item_totals.items())
        totals = (
            f"{report.label}: 販売額 {report.total('sales_yen'):,}円、"
            f"補助額 {report.total('subsidy_yen'):,}円、未収 {report.total('unpaid_yen'):,}円。"
        )
        verdict = (
            "出納帳と一致しています。"
            if check.agrees
            else "出納帳と一致しません: " + "／".join(check.differences)
        )
        self.check_label.setText(f"{totals}{verdict}（会計の収支状況: {books}）")

    def current_run(self) -> RunRow | None:
        rows = selected_rows(self.run_view)
        return self.run_model.row_at(rows[0]) if rows else None

    def _on_print_clicked(self) -> None:
        print_pdf(self, "jisseki.pdf", "斡旋実績",
                  lambda p: print_year_report(self.ctx, self.year(), p))  # fmt: skip

    def _on_excel_clicked(self) -> None:
        export_xlsx(self, "斡旋実績.xlsx", "斡旋実績",
                    lambda p: export_year_report(self.ctx, self.year(), p))  # fmt: skip

    def _on_orders_clicked(self) -> None:
        export_xlsx(self, "申込一覧.xlsx", "申込一覧",
                    lambda p: export_member_orders(self.ctx, self.year(), p))  # fmt: skip

    def _on_verify_clicked(self) -> None:
        run = self.current_run()
        if run is None:
            return
        same = verify_run(self.ctx, run.id)
        self.check_label.setText(
            f"第{run.round_number}回「{run.item_name}」を記録した申込・在庫・種から"
            "配分し直しました: " + ("記録と一致しています。" if same else "記録と一致しません。")
        )

    def _on_record_clicked(self) -> None:
        run = self.current_run()
        if run is not None:
            print_pdf(self, "chusen.pdf", "配分・抽選の記録",
                      lambda p: print_lottery_record(self.ctx, run.id, p))  # fmt: skip
