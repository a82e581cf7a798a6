"""Lists of the year: the handover list with its signature column, stock, unpaid handovers,
the 斡旋実績 (PDF and workbook), the orders per member, and a payment's receipt."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.exports.tickets import (
    write_member_orders,
    write_stock,
    write_unpaid,
    write_year_report,
)
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.printing.tickets import (
    HandoverLine,
    HandoverSheet,
    HandoverSpec,
    render_handover_sheets,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.receipts import print_receipt
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.services.tickets._common import year_label
from gojokai_desktop.services.tickets.handover import handovers
from gojokai_desktop.services.tickets.report import member_orders, year_report
from gojokai_desktop.services.tickets.sales import get_payment, unpaid
from gojokai_desktop.services.tickets.stock import stock_rows


def _year(ctx: AppContext, fiscal_year: int) -> str:
    with ctx.reader() as session:
        return year_label(session, fiscal_year)


def _society(ctx: AppContext) -> str:
    profile = load_profile(ctx)
    return profile.name if profile else ""


def print_handover_list(
    ctx: AppContext,
    fiscal_year: int,
    out: Output,
    *,
    round_id: int | None = None,
    establishment_id: int | None = None,
    handed_on: dt.date | None = None,
) -> RenderResult:
    """受渡一覧 with 受領印欄, each establishment on its own sheets."""
    rows = handovers(
        ctx, fiscal_year=fiscal_year, round_id=round_id, establishment_id=establishment_id,
        handed_on=handed_on,
    )  # fmt: skip
    if not rows:
        raise RuleViolation("この条件の受渡はありません。先に受渡を登録してください。")
    by_establishment: dict[str, list[HandoverLine]] = defaultdict(list)
    for h in rows:
        by_establishment[h.establishment_name].append(
            HandoverLine(
                h.member_number,
                h.member_name,
                h.item_title,
                h.quantity,
                h.serials,
                h.amount,
                h.paid,
            )
        )
    conditions = [
        _year(ctx, fiscal_year) + (f"　受渡日 {format_wareki(handed_on)}" if handed_on else "")
    ]
    conditions.append(
        "※ 受け取った会員は受領印欄に押印または署名してください。金額は会員価格です。"
    )
    spec = HandoverSpec(
        title="斡旋品 受渡一覧（受領印欄付き）",
        conditions=conditions,
        society_name=_society(ctx),
        printed_on=ctx.today(),
    )
    sheets = [HandoverSheet(name, lines) for name, lines in by_establishment.items()]
    return render_handover_sheets(spec, sheets, out)


def print_stock_report(
    ctx: AppContext, fiscal_year: int, out: Output, on: dt.date | None = None
) -> RenderResult:
    """在庫表 on a day: received, handed over, returned, held, promised, leftovers, serials."""
    day = on or ctx.today()
    records = [
        {"name": r.title, "received": r.received, "handed": r.handed, "returned": r.returned,
         "held": r.on_hand, "reserved": r.reserved, "free": r.free,
         "serials": r.free_serials, "state": r.state}
        for r in stock_rows(ctx, fiscal_year, on)
    ]  # fmt: skip
    spec = ListingSpec(
        title=f"{_year(ctx, fiscal_year)} 斡旋品 在庫表",
        columns=(
            ListColumn("品名", "name", 60), ListColumn("入荷", "received", 13, "number"),
            ListColumn("受渡", "handed", 13, "number"),
            ListColumn("返品", "returned", 13, "number"),
            ListColumn("在庫", "held", 13, "number"),
            ListColumn("配分済未受渡", "reserved", 20, "number"),
            ListColumn("残（販売可）", "free", 18, "number"),
            ListColumn("未使用の券番号", "serials", 50), ListColumn("状態", "state", 30),
        ),
        printed_on=ctx.today(), conditions=(f"{format_wareki(day)}現在",),
        society_name=_society(ctx), unit_note="単位:枚", landscape=True,
    )  # fmt: skip
    return render_listing(spec, records, out)


def export_stock(ctx: AppContext, fiscal_year: int, path: Path, on: dt.date | None = None) -> int:
    """在庫 on ``on`` (default today); the day is on every row (基準日), as on the PDF."""
    day = on or ctx.today()
    rows = [
        (r.item_name, r.class_label, r.received, r.handed, r.returned, r.on_hand, r.reserved,
         r.free, r.free_serials, day)
        for r in stock_rows(ctx, fiscal_year, on)
    ]  # fmt: skip
    return write_stock(path, rows)


def print_unpaid(ctx: AppContext, fiscal_year: int | None, out: Output) -> RenderResult:
    """未収一覧: members with tickets handed over and not paid for."""
    records = [
        {"establishment": r.establishment_name, "number": r.member_number, "name": r.member_name,
         "count": r.handovers, "oldest": r.oldest, "amount": r.amount}
        for r in unpaid(ctx, fiscal_year=fiscal_year)
    ]  # fmt: skip
    spec = ListingSpec(
        title="斡旋品 未収一覧",
        columns=(
            ListColumn("事業所", "establishment", 50), ListColumn("会員番号", "number", 22),
            ListColumn("氏名", "name", 32), ListColumn("受渡件数", "count", 16, "number"),
            ListColumn("最初の受渡日", "oldest", 26, "era_date_short"),
            ListColumn("未収額", "amount", 24, "yen", total=True),
        ),
        printed_on=ctx.today(),
        conditions=(_year(ctx, fiscal_year) if fiscal_year else "すべての年度",),
        society_name=_society(ctx), unit_note="単位:円",
    )  # fmt: skip
    return render_listing(spec, records, out)


def export_unpaid(ctx: AppContext, fiscal_year: int | None, path: Path) -> int:
    rows = [
        (r.establishment_name, r.member_number, r.member_name, r.handovers, r.oldest, r.amount)
        for r in unpaid(ctx, fiscal_year=fiscal_year)
    ]
    return write_unpaid(path, rows)


def print_year_report(ctx: AppContext, fiscal_year: int, out: Output) -> RenderResult:
    """斡旋実績 of the year: per item ordered, allocated, sold, returned, stock, money."""
    report = year_report(ctx, fiscal_year)
    records = [
        {"name": r.item_name, "cap": r.cap_text, "ordered": r.ordered,
         "allocated": r.allocated, "sold": r.sold, "returned": r.returned, "stock": r.stock,
         "sales": r.sales_yen, "subsidy": r.subsidy_yen}
        for r in report.rows
    ]  # fmt: skip
    unpaid_total = report.total("unpaid_yen")
    footnotes = [
        "※ 販売数は会員に受け渡した数（窓口販売を含む）。販売額は入金済みの会員価格の合計。",
        "※ 補助額は1枚あたりの補助額 × 購入した数（入荷 − 返品）。出納帳の斡旋補助金と一致する。",
    ]
    if unpaid_total:
        footnotes.append(f"※ 受渡済みで未入金の額 {unpaid_total:,}円は販売額に含まない。")
    spec = ListingSpec(
        title=f"{report.label} 斡旋実績",
        columns=(
            ListColumn("品目", "name", 70), ListColumn("上限", "cap", 20),
            ListColumn("申込数", "ordered", 15, "number", total=True),
            ListColumn("配分数", "allocated", 15, "number", total=True),
            ListColumn("販売数", "sold", 15, "number", total=True),
            ListColumn("返品数", "returned", 15, "number", total=True),
            ListColumn("在庫", "stock", 13, "number", total=True),
            ListColumn("販売額", "sales", 22, "yen", total=True),
            ListColumn("補助額", "subsidy", 22, "yen", total=True),
        ),
        printed_on=ctx.today(), conditions=(f"{format_wareki(report.as_of)}現在",),
        society_name=_society(ctx), unit_note="単位:円・枚", landscape=True, footnotes=footnotes,
    )  # fmt: skip
    return render_listing(spec, records, out)


def export_year_report(ctx: AppContext, fiscal_year: int, path: Path) -> int:
    return write_year_report(path, [r.cells() for r in year_report(ctx, fiscal_year).rows])


def export_member_orders(ctx: AppContext, fiscal_year: int, path: Path) -> int:
    return write_member_orders(path, [r.cells() for r in member_orders(ctx, fiscal_year)])


def print_payment_receipt(ctx: AppContext, payment_id: int, out: Output) -> RenderResult:
    """The receipt of a payment (領収書, numbered with every area's receipts)."""
    payment = get_payment(ctx, payment_id)
    if payment.receipt is None:
        raise RuleViolation("この入金には領収書がありません。「領収書を発行」してください。")
    return print_receipt(ctx, payment.receipt, out)
