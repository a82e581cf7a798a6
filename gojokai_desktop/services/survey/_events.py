"""Sources about training and events (研修会・行事) of the year, from the area's 行事の実績.

Count (開催数): the year's events not cancelled (中止); participants (参加者数): the persons
whose application stands and who were not marked absent, members, family and guests together
— the figures of ``services/events/stats.py``'s year report. That report reads through the
program's context; the demo, answering past surveys inside its own transaction, has none, so
there these questions are answered by hand.
"""

from __future__ import annotations

from collections.abc import Collection

from gojokai_desktop.domain.events.rules import CATEGORY_LABELS
from gojokai_desktop.services.events.stats import YearReport, year_report
from gojokai_desktop.services.survey.figures import (
    DetailColumn,
    Figure,
    Scope,
    SourceDetail,
    SourceInfo,
)

COUNT = "events.count"
PARTICIPANTS = "events.participants"
SOURCES = (
    SourceInfo(COUNT, "年度の研修会・行事の数（中止を除く）", "number", "回"),
    SourceInfo(
        PARTICIPANTS, "年度の研修会・行事の参加者数（会員・家族・一般、欠席を除く）", "number", "人"
    ),
)
NAMES = frozenset(s.name for s in SOURCES)
NO_CONTEXT = "行事の実績はプログラムの画面・コマンドから読みます（ここでは手で答えてください）。"


def _report(scope: Scope) -> YearReport | None:
    return None if scope.ctx is None else year_report(scope.ctx, scope.fiscal_year)


def figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    """The number of events held and their participants, from the year's 行事の実績."""
    report = _report(scope)
    if report is None:
        return {name: Figure(name, None, NO_CONTEXT) for name in wanted}
    held = [line for line in report.lines if line.event.status != "cancelled"]
    cancelled = len(report.lines) - len(held)
    out: dict[str, Figure] = {}
    if COUNT in wanted:
        note = f"（中止 {cancelled}件を除く）" if cancelled else ""
        out[COUNT] = Figure(
            COUNT, len(held), f"{report.label}の行事の実績: 行事 {len(held)}件{note}。", True
        )
    if PARTICIPANTS in wanted:
        total = report.total.participants_total
        parts = "・".join(
            f"{CATEGORY_LABELS[k]} {v:,}人" for k, v in report.total.participants.items()
        )
        out[PARTICIPANTS] = Figure(
            PARTICIPANTS,
            total,
            f"{report.label}の行事の実績: 参加者（欠席・キャンセル待ちを除く） {total:,}人"
            f"（{parts}）。",
            True,
        )
    return out


def detail(scope: Scope, name: str) -> SourceDetail:
    """The year's events with their participants."""
    report = _report(scope)
    columns = (
        DetailColumn("番号", "int"),
        DetailColumn("行事"),
        DetailColumn("種類"),
        DetailColumn("初日", "date"),
        DetailColumn("状態"),
        DetailColumn("参加者", "int"),
    )
    lines = report.lines if report is not None else ()
    rows = tuple(
        (
            line.event.number,
            line.event.title,
            line.event.kind_label,
            line.event.first_date,
            "中止" if line.event.status == "cancelled" else "",
            line.tally.participants_total,
        )
        for line in lines
    )
    held = sum(1 for line in lines if line.event.status != "cancelled")
    total = report.total.participants_total if report is not None else 0
    label = report.label if report is not None else ""
    return SourceDetail(
        name, f"{label}の行事の実績", columns, rows, f"行事 {held}件・参加者 {total:,}人"
    )
