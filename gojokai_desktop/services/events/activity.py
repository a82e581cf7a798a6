"""The events' section of the 事業報告: every event of the year with its participants (会員・
家族・一般), fee income and subsidy, and a sentence of the totals."""

from __future__ import annotations

from gojokai_desktop.domain.reports import ActivitySection, Block, ReportTable
from gojokai_desktop.domain.wareki import format_wareki_short
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.stats import year_report

HEADINGS = ("開催日", "種類", "行事名", "会員", "家族", "一般", "参加者数", "参加費収入", "補助額")


def activity_section(ctx: AppContext, fiscal_year: int) -> ActivitySection:
    """研修会・行事 of the year, from the events' own records (equal to the cash book)."""
    report = year_report(ctx, fiscal_year)
    held = [line for line in report.lines if line.event.status == "active"]
    if not report.lines:
        return ActivitySection(
            "events", "研修会・行事", ("この年度に登録された行事はありません。",)
        )
    rows: list[tuple[str | int | None, ...]] = [
        (
            format_wareki_short(line.event.first_date),
            line.event.kind_label,
            line.event.title + ("（中止）" if line.event.status == "cancelled" else ""),
            line.tally.participants["member"],
            line.tally.participants["family"],
            line.tally.participants["guest"],
            line.tally.participants_total,
            line.fee_income,
            line.subsidy,
        )
        for line in report.lines
    ]
    total = report.total
    rows.append(
        ("合計", "", f"{len(report.lines)}件", total.participants["member"],
         total.participants["family"], total.participants["guest"], total.participants_total,
         report.fee_income, report.subsidy)
    )  # fmt: skip
    cancelled = len(report.lines) - len(held)
    sentence = (
        f"研修会・行事を{len(held)}回開催し、延べ{total.participants_total:,}人が参加しました"
        f"（会員 {total.participants['member']:,}人、家族 {total.participants['family']:,}人、"
        f"一般 {total.participants['guest']:,}人）。"
        + (f"中止した行事が{cancelled}件あります。" if cancelled else "")
    )
    blocks: tuple[Block, ...] = (
        sentence,
        ReportTable(HEADINGS, tuple(rows), unit="単位: 人・円", total_rows=1),
        "※ 参加者数は参加決定から欠席を除いた人数。参加費収入・補助額は出納帳の記帳と一致します。",
    )
    return ActivitySection("events", "研修会・行事", blocks)
