"""Round papers: 斡旋のご案内, the 申込書 per establishment, the order summary and the combined
order for the council, the lottery record for the auditor and the notices to those who lost."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from gojokai_desktop.db.models import (
    Affiliation,
    Member,
    TicketItem,
    TicketOrder,
    TicketRoundItem,
)
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.tickets.prices import class_label
from gojokai_desktop.domain.wareki import format_wareki, format_wareki_short
from gojokai_desktop.exports.tickets import CombinedLine, write_combined_order
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.printing import load_member_values, render_records
from gojokai_desktop.services.society import load_profile
from gojokai_desktop.services.tickets._common import (
    classes_of,
    prices_of,
    round_or_refuse,
    year_label,
)
from gojokai_desktop.services.tickets.items import ItemView, list_items
from gojokai_desktop.services.tickets.lottery_record import run_view, verify_run
from gojokai_desktop.services.tickets.rounds import RoundView, get_round
from gojokai_desktop.services.tickets.sheet import establishment_sheet
from gojokai_desktop.services.tickets.stock import allocation_stock


def _year(ctx: AppContext, fiscal_year: int) -> str:
    with ctx.reader() as session:
        return year_label(session, fiscal_year)


def _society(ctx: AppContext) -> str:
    profile = load_profile(ctx)
    return profile.name if profile else ""


def _validity(item: ItemView) -> str:
    if item.valid_from and item.valid_to:
        text = f"{format_wareki_short(item.valid_from)}〜{format_wareki_short(item.valid_to)}"
    elif item.valid_to:
        text = f"{format_wareki_short(item.valid_to)}まで"
    else:
        text = "期限なし" if not item.validity_note else ""
    return " ".join(t for t in (text, item.validity_note) if t)


def _round_items(ctx: AppContext, round_view: RoundView) -> list[ItemView]:
    items = {i.id: i for i in list_items(ctx, round_view.fiscal_year)}
    return [items[i] for i in round_view.item_ids if i in items]


def print_announcement(ctx: AppContext, round_id: int, out: Output) -> RenderResult:
    """斡旋のご案内: the round's items with prices, caps and validity, dates and how to apply."""
    round_view = get_round(ctx, round_id)
    items = _round_items(ctx, round_view)
    records = []
    for item in items:
        for n, prices in enumerate((item.adult_prices, item.child_prices)):
            if prices is None:
                continue
            marks = [m for m, on in (("新規", item.is_new), ("無料配布", item.is_free),
                                     ("紹介のみ", item.referral_only)) if on]  # fmt: skip
            records.append({
                "category": item.category if n == 0 else "",
                "name": item.name if n == 0 else "",
                "class": "小人" if n else ("大人" if item.has_child_price else ""),
                "face": prices.face, "member": prices.member,
                "cap": item.cap_text if n == 0 and not item.referral_only else "",
                "validity": _validity(item) if n == 0 else "",
                "note": "・".join(marks) + (f" {item.note}" if item.note and n == 0 else ""),
            })  # fmt: skip
    conditions = [
        f"申込期間　{format_wareki(round_view.opens_on, weekday=True)}〜"
        f"{format_wareki(round_view.closes_on, weekday=True)}",
        "申込方法　事業所の担当者を通じて申込書を提出するか、互助会の窓口でお申し込みください。",
    ]
    if round_view.handover_on:
        conditions.append(f"受渡予定　{format_wareki(round_view.handover_on, weekday=True)}から")
    spec = ListingSpec(
        title=f"{_year(ctx, round_view.fiscal_year)} 第{round_view.number}回 斡旋のご案内",
        columns=(
            ListColumn("区分", "category", 16), ListColumn("品名", "name", 62),
            ListColumn("券種", "class", 10), ListColumn("定価", "face", 16, "yen"),
            ListColumn("会員価格", "member", 18, "yen"), ListColumn("上限", "cap", 20),
            ListColumn("有効期間", "validity", 34), ListColumn("備考", "note", 26),
        ),
        printed_on=ctx.today(), conditions=conditions, society_name=_society(ctx),
        unit_note="単位:円", landscape=True, row_height=7.0,
        footnotes=(
            "※ 申込数が取扱数を上回った品目は抽選（品目により先着順）で配分し、"
            "結果をお知らせします。",
            "※ 上限は1年度（第1回・第2回の合計）の数です。"
            "「家族も可」の品目は家族1人ごとの数です。",
            "※ 無料配布は代金不要。紹介のみの品目は取扱先へ直接お支払いください。",
            "※ 会員価格と定価の差額の一部は互助会が補助しています。",
        ),
    )  # fmt: skip
    return render_listing(spec, records, out)


def order_form_records(
    ctx: AppContext, round_id: int, establishment_id: int
) -> list[dict[str, object]]:
    """The 申込書 of every member of the establishment, with the round's items listed and the
    quantities already ordered filled in."""
    sheet = establishment_sheet(ctx, round_id, establishment_id)
    round_view = get_round(ctx, round_id)
    members = [m for m in sheet.members if m.present]
    with ctx.reader() as session:
        values = load_member_values(session, [m.number for m in members], ctx.today())
    records = []
    for member, member_values in zip(members, values, strict=True):
        lines = []
        total = 0
        for index, column in enumerate(sheet.columns):
            quantity = member.saved[index]
            amount = quantity * column.member_price if quantity else None
            total += amount or 0
            cap = f"上限{column.cap}{column.unit}" if column.cap else ""
            lines.append({"item_name": column.title, "unit_price": column.member_price,
                          "quantity": quantity or None, "amount": amount, "note": cap})  # fmt: skip
        records.append({
            **member_values, "document.date": ctx.today(),
            "order.round": f"第{round_view.number}回", "order.deadline": round_view.closes_on,
            "order.lines": lines, "order.total": total or None,
        })  # fmt: skip
    return records


def print_order_forms(
    ctx: AppContext,
    round_id: int,
    establishment_id: int,
    out: Output,
    *,
    user_forms_dir: Path | None = None,
) -> RenderResult:
    """The ``ticket_order`` form pre-filled for each member of the establishment."""
    records = order_form_records(ctx, round_id, establishment_id)
    if not records:
        raise RuleViolation("この事業所には申込書を渡す会員がいません。")
    return render_records(ctx, "ticket_order", records, out, user_forms_dir=user_forms_dir)


@dataclass(frozen=True)
class SummaryRow:
    """One item and price class of a round: who ordered how many, against what stock."""

    category: str
    name: str
    class_label: str
    supplier: str
    face_price: int
    member_price: int
    unit_cost: int
    members: int
    ordered: int
    stock: int | None
    allocated: int | None
    referral_only: bool
    is_free: bool

    @property
    def stock_text(self) -> str:
        if self.referral_only:
            return "紹介のみ"
        return "制限なし" if self.stock is None else f"{self.stock:,}"

    def record(self) -> dict[str, object]:
        return {
            "name": self.name,
            "class": self.class_label,
            "price": self.member_price,
            "members": self.members,
            "ordered": self.ordered,
            "stock": self.stock_text,
            "allocated": self.allocated,
            "amount": self.member_price * self.ordered,
        }


def summary_rows(ctx: AppContext, round_id: int) -> list[SummaryRow]:
    """Per item and price class: members, ordered, stock for the round, allocated."""
    with ctx.reader() as session:
        round_or_refuse(session, round_id)
        items = session.scalars(
            select(TicketItem)
            .join(TicketRoundItem, TicketRoundItem.item_id == TicketItem.id)
            .where(TicketRoundItem.round_id == round_id)
            .order_by(TicketItem.sort_order, TicketItem.id)
        ).all()
        orders = session.scalars(
            select(TicketOrder).where(TicketOrder.round_id == round_id,
                                      TicketOrder.status == "live")
        ).all()  # fmt: skip
        sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0, 0])
        people: dict[tuple[int, str], set[int]] = defaultdict(set)
        for o in orders:
            key = (o.item_id, o.price_class)
            sums[key][0] += o.quantity
            sums[key][1] += o.allocated or 0
            sums[key][2] += 1 if o.allocated is not None else 0
            people[key].add(o.member_id)
        rows = []
        for item in items:
            for price_class in classes_of(item):
                key = (item.id, price_class)
                prices = prices_of(item, price_class)
                rows.append(
                    SummaryRow(
                        item.category, item.name,
                        class_label(price_class, item.child_face_price is not None),
                        item.supplier, prices.face, prices.member, prices.cost,
                        len(people[key]), sums[key][0],
                        allocation_stock(session, item, price_class, round_id),
                        sums[key][1] if sums[key][2] else None, item.referral_only, item.is_free,
                    )
                )  # fmt: skip
        return rows


def print_order_summary(ctx: AppContext, round_id: int, out: Output) -> RenderResult:
    """申込集計（品目別）: what was ordered of each item, against its stock."""
    round_view = get_round(ctx, round_id)
    spec = ListingSpec(
        title=f"{_year(ctx, round_view.fiscal_year)} 第{round_view.number}回 申込集計（品目別）",
        columns=(
            ListColumn("品名", "name", 64), ListColumn("券種", "class", 10),
            ListColumn("会員価格", "price", 18, "yen"),
            ListColumn("人数", "members", 12, "number", total=True),
            ListColumn("申込数", "ordered", 14, "number", total=True),
            ListColumn("配分可能数", "stock", 18, align="right"),
            ListColumn("配分数", "allocated", 14, "number", total=True),
            ListColumn("申込金額", "amount", 22, "yen", total=True),
        ),
        printed_on=ctx.today(),
        conditions=(f"申込期間 {round_view.period_text}　状態: {round_view.status_label}",),
        society_name=_society(ctx), unit_note="単位:円・枚",
        footnotes=("※ 配分可能数は入荷済みの在庫（入荷前は取扱数）から他の回の配分を除いた数。",),
    )  # fmt: skip
    return render_listing(spec, [r.record() for r in summary_rows(ctx, round_id)], out)


def export_combined_order(ctx: AppContext, round_id: int, path: Path) -> int:
    """The combined order per item for the council or supplier (取りまとめ注文書): the
    allocated quantity once allocated, else what was ordered (marked 配分前)."""
    round_view = get_round(ctx, round_id)
    lines = []
    for row in summary_rows(ctx, round_id):
        if not row.ordered:
            continue
        note = "紹介のみ" if row.referral_only else ("無料配布" if row.is_free else "")
        if row.allocated is None:
            note = f"{note} 配分前".strip()
        lines.append(
            CombinedLine(
                row.category, row.name, row.class_label, row.supplier, row.face_price,
                row.unit_cost, row.ordered,
                row.ordered if row.allocated is None else row.allocated, note,
            )
        )  # fmt: skip
    year = _year(ctx, round_view.fiscal_year)
    return write_combined_order(
        path,
        title=f"{year} 第{round_view.number}回 斡旋品 注文書（取りまとめ）",
        society=_society(ctx),
        round_text=f"申込期間 {round_view.period_text}",
        written_on=ctx.today(),
        lines=lines,
    )


def print_lottery_record(ctx: AppContext, run_id: int, out: Output) -> RenderResult:
    """抽選の記録 for the auditor: method, seed, stock, the draw in order, and the re-run."""
    run = run_view(ctx, run_id)
    same = verify_run(ctx, run_id)
    conditions = (
        f"第{run.round_number}回 「{run.item_name}」　方法: {run.method_label}"
        + (f"　抽選の種（シード）: {run.seed_text}" if run.seed is not None else ""),
        f"配分できた数: {run.stock_text}　申込 {run.demand}{run.unit}・配分 {run.allocated}"
        f"{run.unit}（{run.members}人、うち落選・一部 {len({r.member_id for r in run.losers})}人）",
        f"確定 {format_wareki(run.decided_on) if run.decided_on else ''} {run.decided_by}　"
        f"再計算による検証: {'一致' if same else '不一致'}"
        + (f"　取消: {run.reverse_reason}" if run.reverse_reason else ""),
    )
    records = [
        {"rank": r.rank, "number": r.member_number, "name": r.member_name,
         "establishment": r.establishment_name, "class": r.class_label,
         "requested": r.requested, "allocated": r.allocated, "result": r.result}
        for r in run.rows
    ]  # fmt: skip
    spec = ListingSpec(
        title="斡旋品 配分・抽選の記録",
        columns=(
            ListColumn("順位", "rank", 16, "number"), ListColumn("会員番号", "number", 20),
            ListColumn("氏名", "name", 30), ListColumn("事業所", "establishment", 40),
            ListColumn("券種", "class", 10),
            ListColumn("申込", "requested", 12, "number", total=True),
            ListColumn("配分", "allocated", 12, "number", total=True),
            ListColumn("結果", "result", 12),
        ),
        printed_on=ctx.today(), conditions=conditions, society_name=_society(ctx),
        footnotes=(
            "※ 抽選は会員番号順に並べた申込者を、記録した種（シード）で Python の "
            "random.Random(種).shuffle により並べ替え、順に在庫の範囲で配分したもの。"
            "同じ種で何度でも再現できる。",
        ),
    )  # fmt: skip
    return render_listing(spec, records, out)


def notice_records(ctx: AppContext, run_id: int) -> list[dict[str, object]]:
    """抽選結果のお知らせ for every member who got less than asked."""
    run = run_view(ctx, run_id)
    losers: dict[str, list[dict[str, object]]] = defaultdict(list)
    for r in run.rows:
        if r.allocated < r.requested:
            title = f"{run.item_name}（{r.class_label}）" if r.class_label else run.item_name
            result = f"配分 {r.allocated}{run.unit}（一部）" if r.allocated else "落選"
            losers[r.member_number].append(
                {"item_name": title, "quantity": r.requested, "note": result}
            )
    if not losers:
        return []
    with ctx.reader() as session:
        values = load_member_values(session, list(losers), ctx.today())
    method = "抽選" if run.method == "lottery" else "先着順"
    body = (
        "平素より本会の事業にご理解とご協力を賜り、厚く御礼申し上げます。\n"
        f"　先日お申込みいただきました「{run.item_name}」は申込数が取扱数を上回ったため、"
        f"{method}により配分いたしました。結果は下記のとおりです。"
        "ご希望に添えず誠に申し訳ございません。何卒ご了承くださいますようお願い申し上げます。"
    )
    return [
        {**v, "document.date": ctx.today(), "order.round": f"第{run.round_number}回",
         "letter.subject": f"斡旋品の{method}結果のお知らせ", "letter.body": body,
         "order.lines": losers[str(v["member.number"])]}
        for v in values
    ]  # fmt: skip


def print_notices(
    ctx: AppContext, run_id: int, out: Output, *, user_forms_dir: Path | None = None
) -> RenderResult:
    records = notice_records(ctx, run_id)
    if not records:
        raise RuleViolation("この配分で落選・一部配分になった会員はいません。")
    return render_records(ctx, "ticket_notice", records, out, user_forms_dir=user_forms_dir)


def members_of(ctx: AppContext, establishment_id: int) -> int:
    """How many members the establishment has now (for the sheet's heading)."""
    with ctx.reader() as session:
        return len(
            session.scalars(
                select(Member.id)
                .join(Affiliation, Affiliation.member_id == Member.id)
                .where(Affiliation.establishment_id == establishment_id,
                       Affiliation.end_date.is_(None))
            ).all()
        )  # fmt: skip
