"""The columns of the 斡旋 lists (RowsTableModel over the services' rows)."""

from __future__ import annotations

from typing import Any

from gojokai_desktop.services.tickets.allocation import DrawRow, ItemState
from gojokai_desktop.services.tickets.handover import HandoverView, OutstandingRow
from gojokai_desktop.services.tickets.items import ELIGIBILITY_LABELS, METHOD_LABELS, ItemView
from gojokai_desktop.services.tickets.lottery_record import RunRow
from gojokai_desktop.services.tickets.orders import OrderView
from gojokai_desktop.services.tickets.report import YearReportRow
from gojokai_desktop.services.tickets.sales import PaymentView, UnpaidRow
from gojokai_desktop.services.tickets.stock import LotView, StockRow
from gojokai_desktop.ui.table_base import Column


def _validity(item: ItemView) -> str:
    if item.valid_from and item.valid_to:
        return f"{item.valid_from:%Y/%m/%d}〜{item.valid_to:%Y/%m/%d}"
    return item.validity_note


def _child(item: ItemView, index: int) -> Any:
    prices = item.child_prices
    return None if prices is None else (prices.face, prices.member, prices.subsidy)[index]


ITEM_COLUMNS: tuple[Column[ItemView], ...] = (
    Column("区分", lambda i: i.category),
    Column("品名", lambda i: i.name),
    Column("定価", lambda i: i.face_price, "yen"),
    Column("会員価格", lambda i: i.member_price, "yen"),
    Column("補助額", lambda i: i.subsidy, "yen"),
    Column("小人 定価", lambda i: _child(i, 0), "yen"),
    Column("小人 会員", lambda i: _child(i, 1), "yen"),
    Column("小人 補助", lambda i: _child(i, 2), "yen"),
    Column("上限", lambda i: i.cap_text),
    Column("申込できる人", lambda i: ELIGIBILITY_LABELS.get(i.eligibility, "")),
    Column("配分", lambda i: METHOD_LABELS.get(i.allocation_method, "")),
    Column("有効期間", _validity),
    Column("取扱先", lambda i: i.supplier),
    Column("印", lambda i: i.flags),
    Column("申込", lambda i: i.orders, "int"),
)

ORDER_COLUMNS: tuple[Column[OrderView], ...] = (
    Column("会員番号", lambda o: o.member_number),
    Column("氏名", lambda o: o.member_name),
    Column("事業所", lambda o: o.establishment_name),
    Column("品目", lambda o: o.item_title),
    Column("申込数", lambda o: o.quantity, "int"),
    Column("配分数", lambda o: o.allocated, "int"),
    Column("受渡数", lambda o: o.handed, "int"),
    Column("受付日", lambda o: o.received_on, "date"),
    Column("受付", lambda o: o.source_label),
)


def _stock_text(state: ItemState) -> str:
    labels = {"adult": "大人", "child": "小人"} if len(state.stock) > 1 else {"adult": ""}
    return "・".join(
        f"{labels.get(c, '')} {'制限なし' if v is None else f'{v:,}'}".strip()
        for c, v in state.stock.items()
    )


STATE_COLUMNS: tuple[Column[ItemState], ...] = (
    Column("品目", lambda s: s.item_name),
    Column("申込数", lambda s: sum(s.demand.values()), "int"),
    Column("配分できる数", _stock_text),
    Column("配分済", lambda s: s.allocated if s.run_id else None, "int"),
    Column("状態", lambda s: s.state),
)  # fmt: skip

DRAW_COLUMNS: tuple[Column[DrawRow], ...] = (
    Column("順位", lambda r: r.rank, "int"),
    Column("会員番号", lambda r: r.member_number),
    Column("氏名", lambda r: r.member_name),
    Column("事業所", lambda r: r.establishment_name),
    Column("券種", lambda r: r.class_label),
    Column("申込", lambda r: r.requested, "int"),
    Column("配分", lambda r: r.allocated, "int"),
    Column("結果", lambda r: r.result),
)

RUN_COLUMNS: tuple[Column[RunRow], ...] = (
    Column("回", lambda r: f"第{r.round_number}回"),
    Column("品目", lambda r: r.item_name),
    Column("方法", lambda r: r.method_label),
    Column("抽選の種", lambda r: r.seed_text),
    Column("申込", lambda r: r.demand, "int"),
    Column("配分", lambda r: r.allocated, "int"),
    Column("落選・一部", lambda r: r.losers, "int"),
    Column("確定日", lambda r: r.decided_on, "date"),
    Column("担当", lambda r: r.decided_by),
    Column("状態", lambda r: r.status if not r.reverse_reason else f"取消（{r.reverse_reason}）"),
)

STOCK_COLUMNS: tuple[Column[StockRow], ...] = (
    Column("品目", lambda r: r.title),
    Column("入荷", lambda r: r.received, "int"),
    Column("受渡", lambda r: r.handed, "int"),
    Column("返品", lambda r: r.returned, "int"),
    Column("在庫", lambda r: r.on_hand, "int"),
    Column("配分済未受渡", lambda r: r.reserved, "int"),
    Column("残（販売可）", lambda r: r.free, "int"),
    Column("状態", lambda r: r.state),
    Column("未使用の券番号", lambda r: r.free_serials),
)

LOT_COLUMNS: tuple[Column[LotView], ...] = (
    Column("入荷No.", lambda r: r.lot_no, "int"),
    Column("品目", lambda r: r.item_title),
    Column("入荷日", lambda r: r.received_on, "date"),
    Column("数", lambda r: r.quantity, "int"),
    Column("券番号", lambda r: r.serials),
    Column("受渡", lambda r: r.handed, "int"),
    Column("返品", lambda r: r.returned, "int"),
    Column("在庫", lambda r: r.on_hand, "int"),
    Column("仕入額", lambda r: r.cost, "yen"),
)

OUTSTANDING_COLUMNS: tuple[Column[OutstandingRow], ...] = (
    Column("事業所", lambda r: r.establishment_name),
    Column("会員番号", lambda r: r.member_number),
    Column("氏名", lambda r: r.member_name),
    Column("品目", lambda r: r.item_title),
    Column("配分", lambda r: r.allocated, "int"),
    Column("受渡済", lambda r: r.handed, "int"),
    Column("未受渡", lambda r: r.remaining, "int"),
    Column("会員価格", lambda r: r.unit_price, "yen"),
)

HANDOVER_COLUMNS: tuple[Column[HandoverView], ...] = (
    Column("受渡日", lambda h: h.handed_on, "date"),
    Column("事業所", lambda h: h.establishment_name),
    Column("会員番号", lambda h: h.member_number),
    Column("氏名", lambda h: h.member_name),
    Column("品目", lambda h: h.item_title),
    Column("数", lambda h: h.quantity, "int"),
    Column("券番号", lambda h: h.serials),
    Column("金額", lambda h: h.amount, "yen"),
    Column("区分", lambda h: h.kind_label),
    Column("入金", lambda h: "済" if h.paid else ("" if not h.amount else "未")),
)

UNPAID_COLUMNS: tuple[Column[UnpaidRow], ...] = (
    Column("事業所", lambda r: r.establishment_name),
    Column("会員番号", lambda r: r.member_number),
    Column("氏名", lambda r: r.member_name),
    Column("受渡", lambda r: r.handovers, "int"),
    Column("最初の受渡日", lambda r: r.oldest, "date"),
    Column("未収額", lambda r: r.amount, "yen"),
)

PAYMENT_COLUMNS: tuple[Column[PaymentView], ...] = (
    Column("入金日", lambda p: p.paid_on, "date"),
    Column("支払者", lambda p: f"{p.payer_name}（{p.payer_kind}）"),
    Column("方法", lambda p: p.method_label),
    Column("金額", lambda p: p.amount, "yen"),
    Column("領収書", lambda p: p.receipt.label if p.receipt else ""),
    # 状態 before the long 内訳: at 1,024 pixels it was scrolled out of sight.
    Column("状態", lambda p: "入金" if p.status == "live" else f"取消（{p.reverse_reason}）"),
    Column("内訳", lambda p: "、".join(f"{ln.item_name} {ln.quantity}" for ln in p.lines)),
)

REPORT_COLUMNS: tuple[Column[YearReportRow], ...] = (
    Column("品目", lambda r: r.item_name),
    Column("上限", lambda r: r.cap_text),
    Column("申込数", lambda r: r.ordered, "int"),
    Column("配分数", lambda r: r.allocated, "int"),
    Column("販売数", lambda r: r.sold, "int"),
    Column("返品数", lambda r: r.returned, "int"),
    Column("在庫", lambda r: r.stock, "int"),
    Column("販売額", lambda r: r.sales_yen, "yen"),
    Column("補助額", lambda r: r.subsidy_yen, "yen"),
    Column("未収額", lambda r: r.unpaid_yen, "yen"),
)
