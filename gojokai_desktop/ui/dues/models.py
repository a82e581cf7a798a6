"""Table models of the dues page: bills of a run, balances per establishment, arrears."""

from __future__ import annotations

from gojokai_desktop.domain.dues import CYCLE_LABELS
from gojokai_desktop.services.dues.billing import BillPreview, BillView
from gojokai_desktop.services.dues.payments import METHOD_LABELS, ArrearsRow, EstablishmentBalance
from gojokai_desktop.ui.table_base import Column, RowsTableModel

COLLECTION_TEXT = {"debit": "口座振替", "transfer": "振込", "cash": "現金"}


BILL_COLUMNS: tuple[Column[BillPreview], ...] = (
    Column("番号", lambda b: f"{b.establishment_number:04d}"),
    Column("事業所", lambda b: b.establishment_name),
    Column("周期", lambda b: CYCLE_LABELS.get(b.cycle, b.cycle)),
    Column("人数", lambda b: b.head_count, "int"),
    Column("月数", lambda b: b.months, "int"),
    Column("請求額", lambda b: b.amount, "signed_yen"),
    Column("引落・期限", lambda b: b.due_date, "date"),
    Column("内訳", lambda b: " / ".join(line.description for line in b.lines[:3])),
)

BILL_STATUS_TEXT = {"open": "未納", "paid": "入金済", "cancelled": "取消"}

WRITTEN_BILL_COLUMNS: tuple[Column[BillView], ...] = (
    Column("番号", lambda b: f"{b.establishment_number:04d}"),
    Column("事業所", lambda b: b.establishment_name),
    Column("人数", lambda b: b.head_count, "int"),
    Column("請求額", lambda b: b.amount, "signed_yen"),
    Column("入金", lambda b: b.paid_amount, "yen"),
    Column("状態", lambda b: BILL_STATUS_TEXT.get(b.status, b.status)),
    Column("振替不能", lambda b: "○" if b.debit_failed else ""),
    Column("取消理由", lambda b: b.cancel_reason or ""),
)

BALANCE_COLUMNS: tuple[Column[EstablishmentBalance], ...] = (
    Column("番号", lambda r: f"{r.number:04d}"),
    Column("事業所", lambda r: r.name),
    Column("フリガナ", lambda r: r.name_kana),
    Column("納入方法", lambda r: COLLECTION_TEXT.get(r.collection_method, "")),
    Column("請求累計", lambda r: r.billed, "yen"),
    Column("入金充当", lambda r: r.paid, "yen"),
    Column("前受（過入金）", lambda r: r.credit, "yen"),
    Column("残高", lambda r: r.balance, "signed_yen"),
    Column("未納件数", lambda r: r.open_bills, "int"),
    Column("未納月数", lambda r: r.months_in_arrears, "int"),
)

ARREARS_COLUMNS: tuple[Column[ArrearsRow], ...] = (
    Column("番号", lambda r: f"{r.number:04d}"),
    Column("事業所", lambda r: r.name),
    Column("滞納期間", lambda r: r.bucket),
    Column("件数", lambda r: r.overdue_bills, "int"),
    Column("月数", lambda r: r.months, "int"),
    Column("最初の期限", lambda r: r.oldest_due, "date"),
    Column("未納額", lambda r: r.balance, "yen"),
    Column("振替不能", lambda r: "○" if r.debit_failed else ""),
)

__all__ = [
    "ARREARS_COLUMNS",
    "BALANCE_COLUMNS",
    "BILL_COLUMNS",
    "METHOD_LABELS",
    "WRITTEN_BILL_COLUMNS",
    "Column",
    "RowsTableModel",
]
