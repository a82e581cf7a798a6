"""The 斡旋事業 section of the 事業報告: the rounds, and per item what was ordered, allocated,
handed over, the sales and the subsidy (the same figures as the 斡旋実績 and the books)."""

from __future__ import annotations

from gojokai_desktop.domain.reports import ActivitySection, Block, ReportTable
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets.lottery_record import list_runs
from gojokai_desktop.services.tickets.report import year_report
from gojokai_desktop.services.tickets.rounds import list_rounds

HEADING = "斡旋事業"


def activity_section(ctx: AppContext, fiscal_year: int) -> ActivitySection:
    rounds = list_rounds(ctx, fiscal_year)
    report = year_report(ctx, fiscal_year)
    if not rounds and not report.rows:
        return ActivitySection("tickets", HEADING, ("この年度の斡旋は行っていません。",))
    members = sum(r.members for r in rounds)
    texts = "、".join(f"{r.title}（{r.period_text}）" for r in rounds)
    blocks: list[Block] = [
        f"{texts}の{len(rounds)}回、申込を受け付けました（申込者 延べ{members:,}人）。"
        f"会員価格による販売額は{report.total('sales_yen'):,}円、互助会の補助額は"
        f"{report.total('subsidy_yen'):,}円です。"
    ]
    drawn = [r for r in list_runs(ctx, fiscal_year) if r.method_label == "抽選" and
             r.status == "確定"]  # fmt: skip
    if drawn:
        blocks.append(
            "申込が取扱数を上回ったため抽選で配分した品目: "
            + "、".join(f"{r.item_name}（第{r.round_number}回）" for r in drawn)
            + "。"
        )
    rows: list[tuple[str | int | None, ...]] = [
        (r.item_name, r.ordered, r.allocated, r.sold, r.sales_yen, r.subsidy_yen)
        for r in report.rows
        if r.ordered or r.sold
    ]
    totals = ("ordered", "allocated", "sold", "sales_yen", "subsidy_yen")
    rows.append(("合計", *(report.total(name) for name in totals)))
    blocks.append(
        ReportTable(
            ("品目", "申込数", "配分数", "販売数", "販売額（円）", "補助額（円）"),
            tuple(rows),
            unit="単位: 枚・円",
            total_rows=1,
            caption="品目別の斡旋実績",
        )
    )
    return ActivitySection("tickets", HEADING, tuple(blocks))
