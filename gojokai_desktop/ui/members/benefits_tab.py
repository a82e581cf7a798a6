"""The member record's 給付 tab: the claims of the member and the family, with the total paid."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableView, QVBoxLayout, QWidget

from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.benefits.claim_views import ClaimRow, member_benefits
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.table_base import Column, RowsTableModel

DECIDED_STATUSES = ("approved", "paid")


def _subject(row: ClaimRow) -> str:
    return f"{row.subject_name}（{row.subject_relation}）"


MEMBER_CLAIM_COLUMNS: tuple[Column[ClaimRow], ...] = (
    Column("受付番号", lambda r: r.number),
    Column("事由発生日", lambda r: r.event_date, "date"),
    Column("対象者", _subject),
    Column("給付の種類", lambda r: r.kind_name),
    Column("状態", lambda r: r.status_label + ("（上書）" if r.overridden else "")),
    Column("決定額", lambda r: r.amount if r.status in DECIDED_STATUSES else None, "yen"),
    Column("支払日", lambda r: r.paid_on, "date"),
)


class MemberBenefitsTab(QWidget):
    """Every claim of one member, newest first; shown read-only (work is done on 慶弔給付)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id: int | None = None
        layout = QVBoxLayout(self)
        self.model: RowsTableModel[ClaimRow] = RowsTableModel(MEMBER_CLAIM_COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setStretchLastSection(True)
        for position, width in enumerate((80, 100, 150, 150, 90, 90)):
            self.view.setColumnWidth(position, width)
        layout.addWidget(self.view, 1)
        self.total_label = QLabel("")
        layout.addWidget(self.total_label)
        note = QLabel("請求の受付・審査・支払は［慶弔給付］で行います。")
        note.setStyleSheet("color: #6b7280;")
        layout.addWidget(note)

    def show_member(self, member_id: int) -> None:
        self.member_id = member_id
        self.refresh()

    def refresh(self) -> None:
        if self.member_id is None:
            return
        rows = member_benefits(self.ctx, self.member_id)
        self.model.set_rows(rows)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order: newest
        paid = [r for r in rows if r.status == "paid"]
        open_count = sum(1 for r in rows if r.status in ("received", "reviewed", "approved"))
        self.total_label.setText(
            f"請求 {len(rows):,} 件　うち支払済 {len(paid):,} 件・"
            f"支払合計 ￥{format_yen(sum(r.amount for r in paid))}"
            + (f"　処理中 {open_count:,} 件" if open_count else "")
        )
