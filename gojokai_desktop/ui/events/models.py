"""The columns of the event screens' lists (each a RowsTableModel over service rows)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from gojokai_desktop.services.events.books import BudgetLine
from gojokai_desktop.services.events.inputs import METHOD_LABELS, VIA_LABELS
from gojokai_desktop.services.events.labour_bank import LabourBankClaim
from gojokai_desktop.services.events.money import CostView, PaymentView
from gojokai_desktop.services.events.roster import ApplicationView, ParticipantView
from gojokai_desktop.services.events.views import EventRow
from gojokai_desktop.ui.table_base import Column, RowsTableModel

Index = QModelIndex | QPersistentModelIndex


def event_columns(today: Any) -> tuple[Column[EventRow], ...]:
    return (
        Column("ID", lambda r: r.id, "int"),
        Column("開催日", lambda r: r.first_date, "date"),
        Column("種類", lambda r: r.kind_label),
        Column("行事名", lambda r: r.title),
        Column("会場", lambda r: r.venue),
        Column("日程", lambda r: r.sessions, "int"),
        Column("定員", lambda r: r.capacity, "int"),
        Column("申込", lambda r: r.counts.applied, "int"),
        Column("参加", lambda r: r.counts.participants, "int"),
        Column("待機", lambda r: r.counts.waiting, "int"),
        Column("締切", lambda r: r.deadline, "date"),
        Column("状況", lambda r: r.state_label(today)),
    )


APPLICATION_COLUMNS: tuple[Column[ApplicationView], ...] = (
    Column("申込", lambda a: a.number, "int"),
    Column("申込日", lambda a: a.applied_on, "date"),
    Column("申込者", lambda a: a.applicant_name),
    Column("会員番号", lambda a: a.member_number),
    Column("事業所", lambda a: a.establishment_name),
    Column("日程", lambda a: a.session_number, "int"),
    Column("人数", lambda a: a.persons, "int"),
    Column("状態", lambda a: a.status_label),
    Column("参加費", lambda a: a.fee_total, "yen"),
    Column("入金", lambda a: a.paid_total, "yen"),
    Column("経路", lambda a: a.channel_label),
    Column("取消理由", lambda a: a.cancel_reason or ""),
)

ATTENDANCE_COLUMNS: tuple[Column[ParticipantView], ...] = (
    Column("出欠", lambda p: p.attendance_label or "（未）"),
    Column("氏名", lambda p: p.name),
    Column("フリガナ", lambda p: p.name_kana),
    Column("区分", lambda p: p.category_label),
    Column("事業所", lambda p: p.establishment_name),
    Column("申込", lambda p: p.application_number, "int"),
    Column("参加費", lambda p: p.fee, "yen"),
    Column("入金", lambda p: p.paid, "yen"),
)

FEE_COLUMNS: tuple[Column[ParticipantView], ...] = (
    Column("申込", lambda p: p.application_number, "int"),
    Column("氏名", lambda p: p.name),
    Column("区分", lambda p: p.category_label),
    Column("事業所", lambda p: p.establishment_name),
    Column("支払", lambda p: VIA_LABELS[p.pay_via]),
    Column("参加費", lambda p: p.fee, "yen"),
    Column("入金済", lambda p: p.paid, "yen"),
    Column("未入金", lambda p: p.unpaid, "yen"),
    Column("補助", lambda p: p.subsidy, "yen"),
)

PAYMENT_COLUMNS: tuple[Column[PaymentView], ...] = (
    Column("入金日", lambda p: p.paid_on, "date"),
    Column("宛名", lambda p: p.payer),
    Column("内容", lambda p: p.label),
    Column("人数", lambda p: p.persons, "int"),
    Column("金額", lambda p: p.amount, "yen"),
    Column("方法", lambda p: METHOD_LABELS[p.method]),
    Column("経由", lambda p: VIA_LABELS[p.via]),
    Column("領収書", lambda p: p.receipt.label if p.receipt else ("返金済" if p.refunded else "")),
)

COST_COLUMNS: tuple[Column[CostView], ...] = (
    Column("支払日", lambda c: c.paid_on, "date"),
    Column("区分", lambda c: c.kind_label),
    Column("摘要", lambda c: c.description),
    Column("支払先", lambda c: c.payee),
    Column("金額", lambda c: c.net, "signed_yen"),
    Column("状態", lambda c: "取消済" if c.reversed else ("取消" if c.reversal_of_id else "")),
)

CLAIM_COLUMNS: tuple[Column[LabourBankClaim], ...] = (
    Column("日程", lambda c: c.session_number, "int"),
    Column("開催日", lambda c: c.session_date, "date"),
    Column("参加者数", lambda c: c.participants, "int"),
    Column("経費", lambda c: c.costs, "yen"),
    Column("請求額", lambda c: c.amount, "yen"),
    Column("請求日", lambda c: c.claimed_on, "date"),
    Column("受取日", lambda c: c.received_on, "date"),
)

BUDGET_COLUMNS: tuple[Column[BudgetLine], ...] = (
    Column("科目", lambda b: b.item_name),
    Column("予算額", lambda b: b.budget, "yen"),
    Column("執行済額", lambda b: b.actual, "yen"),
    Column("残額", lambda b: b.remaining, "signed_yen"),
)


ATTENDANCE_COLOURS = {"present": "#e3f4e3", "absent": "#fbe3e3", "": "#fff7d6"}


class AttendanceModel(RowsTableModel[ParticipantView]):
    """The sign-in sheet on screen: the 出欠 cell is coloured so a missed row stands out."""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (
            role == Qt.ItemDataRole.BackgroundRole
            and index.isValid()
            and index.column() == 0
            and 0 <= index.row() < self.rowCount()
        ):
            return QBrush(QColor(ATTENDANCE_COLOURS[self.row_at(index.row()).attendance]))
        return super().data(index, role)
