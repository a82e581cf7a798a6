"""The year's report (行事の実績) and attendance statistics (参加状況) as PDF and workbook,
and the participant list as a workbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gojokai_desktop.domain.events.rules import CATEGORIES
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.exports.events import Column, TableSheet, write_tables
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events._words import society_of, venue_of
from gojokai_desktop.services.events.roster import list_applications
from gojokai_desktop.services.events.stats import (
    EstablishmentLine,
    Tally,
    event_statistics,
    year_report,
)
from gojokai_desktop.services.events.views import get_event, when_text

REPORT_HEADINGS = ("ID", "番号", "開催日", "種類", "行事名", "定員", "申込数", "参加者数",
                   "待機数", "会員", "家族", "一般", "参加費収入", "補助額")  # fmt: skip
ESTABLISHMENT_HEADINGS = ("事業所", "申込数", "会員", "家族", "一般", "参加者数", "欠席")


@dataclass(frozen=True)
class _ReportTable:
    rows: list[tuple[Any, ...]]
    totals: tuple[Any, ...]
    label: str
    society: str
    establishments: tuple[EstablishmentLine, ...]


def _report_rows(ctx: AppContext, fiscal_year: int) -> _ReportTable:
    report = year_report(ctx, fiscal_year)
    rows: list[tuple[Any, ...]] = []
    for line in report.lines:
        tally, event = line.tally, line.event
        rows.append(
            (event.id, event.number, event.first_date, event.kind_label,
             event.title + ("（中止）" if event.status == "cancelled" else ""), event.capacity,
             tally.applied_total, tally.participants_total, tally.waiting,
             *(tally.participants[c] for c in CATEGORIES), line.fee_income, line.subsidy)
        )  # fmt: skip
    total = report.total
    totals = (
        "", "", None, "", f"合計（{len(report.lines)}件）", None, total.applied_total,
        total.participants_total, total.waiting, *(total.participants[c] for c in CATEGORIES),
        report.fee_income, report.subsidy,
    )  # fmt: skip
    return _ReportTable(rows, totals, report.label, report.society, report.establishments)


def _establishment_rows(lines: Sequence[EstablishmentLine]) -> list[tuple[object, ...]]:
    return [
        (line.name, line.tally.applied_total, *(line.tally.participants[c] for c in CATEGORIES),
         line.tally.participants_total, line.tally.absent)
        for line in lines
    ]  # fmt: skip


def _establishment_totals(tally: Tally) -> tuple[object, ...]:
    return ("合計", tally.applied_total, *(tally.participants[c] for c in CATEGORIES),
            tally.participants_total, tally.absent)  # fmt: skip


def export_year_report(ctx: AppContext, fiscal_year: int, path: Path) -> int:
    """行事の実績（年度）: a sheet of events (定員, 申込数, 参加者数, 待機数, 参加費収入, 補助額)
    and one by establishment; returns the number of events (as the PDF's record count)."""
    table = _report_rows(ctx, fiscal_year)
    rows, totals, label, society = table.rows, table.totals, table.label, table.society
    establishments = table.establishments
    kinds = ("int", "int", "date", "text", "text", "int", "int", "int", "int", "int", "int",
             "int", "yen", "yen")  # fmt: skip
    widths = (6, 6, 16, 8, 30, 8, 8, 9, 8, 7, 7, 7, 13, 12)
    events = TableSheet(
        "行事別",
        f"{label} 行事の実績",
        [Column(h, k, w) for h, k, w in zip(REPORT_HEADINGS, kinds, widths, strict=True)],
        rows,
        conditions=(society, "人数は人、金額は円。参加者数は参加決定から欠席を除いた人数。"),
        totals=totals,
    )
    total = Tally()
    for line in establishments:
        total.merge(line.tally)
    by_establishment = TableSheet(
        "事業所別",
        f"{label} 行事の参加状況（事業所別）",
        [Column(h, "text" if h == "事業所" else "int", 30 if h == "事業所" else 9)
         for h in ESTABLISHMENT_HEADINGS],
        _establishment_rows(establishments),
        totals=_establishment_totals(total),
    )  # fmt: skip
    write_tables(path, [events, by_establishment])
    return len(rows)


def print_year_report(ctx: AppContext, fiscal_year: int, out: Output) -> RenderResult:
    """行事の実績（年度） as an A4 landscape list with the totals."""
    table = _report_rows(ctx, fiscal_year)
    rows, label, society = table.rows, table.label, table.society
    keys = ("id", "number", "date", "kind", "title", "capacity", "applied", "participants",
            "waiting", "member", "family", "guest", "fees", "subsidy")  # fmt: skip
    columns = (
        ListColumn("ID", "id", 9, "number"),
        ListColumn("番号", "number", 9, "number"),
        ListColumn("開催日", "date", 20, "era_date_short"),
        ListColumn("種類", "kind", 12, align="center"),
        ListColumn("行事名", "title", 56),
        ListColumn("定員", "capacity", 12, "number"),
        ListColumn("申込数", "applied", 13, "number", total=True),
        ListColumn("参加者数", "participants", 14, "number", total=True),
        ListColumn("待機数", "waiting", 13, "number", total=True),
        ListColumn("会員", "member", 11, "number", total=True),
        ListColumn("家族", "family", 11, "number", total=True),
        ListColumn("一般", "guest", 11, "number", total=True),
        ListColumn("参加費収入", "fees", 22, "yen", total=True),
        ListColumn("補助額", "subsidy", 20, "yen", total=True),
    )
    spec = ListingSpec(
        title=f"{label} 行事の実績",
        columns=columns,
        printed_on=ctx.today(),
        society_name=society,
        landscape=True,
        unit_note="単位:人・円",
        footnotes=(
            "※ 申込数は参加決定とキャンセル待ちの人数、参加者数は参加決定から欠席を除いた人数。",
            "※ 参加費収入・補助額は出納帳の記帳と一致する（返金は差し引き済み）。",
        ),
    )
    records = [dict(zip(keys, row, strict=True)) for row in rows]
    return render_listing(spec, records, out)


def _establishment_records(lines: Sequence[EstablishmentLine]) -> list[dict[str, object]]:
    return [
        {"name": line.name, "applied": line.tally.applied_total,
         **{c: line.tally.participants[c] for c in CATEGORIES},
         "participants": line.tally.participants_total, "absent": line.tally.absent}
        for line in lines
    ]  # fmt: skip


def print_statistics(
    ctx: AppContext, out: Output, *, event_id: int | None = None, fiscal_year: int | None = None
) -> RenderResult:
    """参加状況（事業所別）of one event or of a fiscal year: members, family and guests."""
    if event_id is not None:
        stats = event_statistics(ctx, event_id)
        title, tally, lines = f"参加状況　{stats.title}", stats.tally, stats.establishments
        conditions: tuple[str, ...] = (
            f"開催日: {format_wareki(stats.first_date)}　定員: "
            f"{'なし' if stats.capacity is None else f'{stats.capacity:,}人'}",
            f"申込 {tally.applied_total:,}人（会員 {tally.applied['member']:,}・家族 "
            f"{tally.applied['family']:,}・一般 {tally.applied['guest']:,}）　キャンセル待ち "
            f"{tally.waiting:,}人　欠席 {tally.absent:,}人　取消 {tally.cancelled:,}人",
        )
    else:
        assert fiscal_year is not None
        report = year_report(ctx, fiscal_year)
        title, tally, lines = f"{report.label} 行事の参加状況", report.total, report.establishments
        conditions = (
            f"行事 {len(report.lines):,}件　申込 {tally.applied_total:,}人　参加 "
            f"{tally.participants_total:,}人（会員 {tally.participants['member']:,}・家族 "
            f"{tally.participants['family']:,}・一般 {tally.participants['guest']:,}）",
        )
    columns = (
        ListColumn("事業所", "name", 60),
        ListColumn("申込数", "applied", 16, "number", total=True),
        ListColumn("会員", "member", 14, "number", total=True),
        ListColumn("家族", "family", 14, "number", total=True),
        ListColumn("一般", "guest", 14, "number", total=True),
        ListColumn("参加者数", "participants", 18, "number", total=True),
        ListColumn("欠席", "absent", 14, "number", total=True),
    )
    spec = ListingSpec(
        title=title,
        columns=columns,
        printed_on=ctx.today(),
        conditions=conditions,
        society_name=society_of(ctx).name,
        unit_note="単位:人",
        totals_label="合計",
    )
    return render_listing(spec, _establishment_records(lines), out)


def export_statistics(ctx: AppContext, event_id: int, path: Path) -> int:
    """参加状況 of one event as a workbook (by establishment, with the totals)."""
    stats = event_statistics(ctx, event_id)
    sheet = TableSheet(
        "参加状況",
        f"参加状況　{stats.title}",
        [Column(h, "text" if h == "事業所" else "int", 30 if h == "事業所" else 9)
         for h in ESTABLISHMENT_HEADINGS],
        _establishment_rows(stats.establishments),
        conditions=(f"開催日 {format_wareki(stats.first_date)}",),
        totals=_establishment_totals(stats.tally),
    )  # fmt: skip
    return write_tables(path, [sheet])


PARTICIPANT_HEADINGS = ("No", "申込番号", "日程", "開催日", "区分", "氏名", "フリガナ", "続柄",
                        "会員番号", "事業所", "状態", "参加費", "入金", "補助", "出欠")  # fmt: skip


def export_participants(ctx: AppContext, event_id: int, path: Path) -> int:
    """参加者名簿 as a workbook: the participants, then the waiting list apart; the totals
    row counts the participants only (as the PDF)."""
    detail = get_event(ctx, event_id)
    rows: list[tuple[Any, ...]] = []
    apps = [a for a in list_applications(ctx, event_id) if a.status != "cancelled"]
    taking_part = [a for a in apps if a.status != "waiting"]
    waiting = [a for a in apps if a.status == "waiting"]
    for app in taking_part + waiting:
        for person in app.participants:
            rows.append(
                (len(rows) + 1, app.number, person.session_number, person.session_date,
                 person.category_label, person.name, person.name_kana, person.relation,
                 app.member_number, app.establishment_name, app.status_label, person.fee,
                 person.paid, person.subsidy, person.attendance_label)
            )  # fmt: skip
    counted = rows[: sum(len(a.participants) for a in taking_part)]
    on_list = len(rows) - len(counted)
    kinds = ("int", "int", "int", "date", "text", "text", "text", "text", "text", "text",
             "text", "yen", "yen", "yen", "text")  # fmt: skip
    widths = (5, 8, 6, 16, 6, 16, 20, 8, 10, 24, 16, 10, 10, 10, 6)
    sheet = TableSheet(
        "参加者名簿",
        f"参加者名簿　{detail.title}",
        [Column(h, k, w) for h, k, w in zip(PARTICIPANT_HEADINGS, kinds, widths, strict=True)],
        rows,
        conditions=(f"日時: {when_text(detail)}", f"会場: {venue_of(detail)}"),
        totals=("", "", "", None, "", f"参加 {len(counted)}人", "", "", "", "",
                f"待ち{on_list}人は除く" if on_list else "", sum(r[11] for r in counted),
                sum(r[12] for r in counted), sum(r[13] for r in counted), ""),
    )  # fmt: skip
    return write_tables(path, [sheet])
