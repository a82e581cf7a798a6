"""Sources about ticket brokering (斡旋) of the year, from the area's own 斡旋実績.

Sold (販売数): tickets handed over and not taken back; sales (販売額): the money received for
them; subsidy (補助額): the subsidy per ticket × the tickets bought and kept — the figures of
``services/tickets/report.py``'s year report, which the area's check holds to the cash book.
That report reads through the program's context; the demo, answering past surveys inside its
own transaction, has none, so there these questions are answered by hand.
"""

from __future__ import annotations

from collections.abc import Collection

from gojokai_desktop.services.survey.figures import (
    DetailColumn,
    Figure,
    Scope,
    SourceDetail,
    SourceInfo,
)
from gojokai_desktop.services.tickets.report import YearReport, year_report

SOURCES = (
    SourceInfo("tickets.sold", "斡旋品の年度中の販売数（受渡の取消を除く）", "number", "枚"),
    SourceInfo("tickets.sales", "斡旋品の年度中の販売額（受け取った代金）", "yen", "円"),
    SourceInfo(
        "tickets.subsidy",
        "斡旋品の年度中の補助額（1枚の補助 × 仕入れて残した数）",
        "yen",
        "円",
    ),
)
NAMES = frozenset(s.name for s in SOURCES)
#: The year report's column, its name and unit, per source.
_FIELDS = {
    "tickets.sold": ("sold", "販売数", "枚"),
    "tickets.sales": ("sales_yen", "販売額", "円"),
    "tickets.subsidy": ("subsidy_yen", "補助額", "円"),
}
NO_CONTEXT = "斡旋の実績はプログラムの画面・コマンドから読みます（ここでは手で答えてください）。"


def _report(scope: Scope) -> YearReport | None:
    return None if scope.ctx is None else year_report(scope.ctx, scope.fiscal_year)


def figures(scope: Scope, wanted: Collection[str]) -> dict[str, Figure]:
    """The year's tickets sold, sales and subsidy, summed over the items of the 斡旋実績."""
    report = _report(scope)
    if report is None:
        return {name: Figure(name, None, NO_CONTEXT) for name in wanted}
    out: dict[str, Figure] = {}
    for name in wanted:
        field, label, unit = _FIELDS[name]
        value = report.total(field)
        items = sum(1 for row in report.rows if getattr(row, field))
        out[name] = Figure(
            name,
            value,
            f"{report.label}の斡旋実績（{len(report.rows)}品目）の{label}の合計 {value:,}{unit}"
            f"（{items}品目にあり）。",
            True,
        )
    return out


def detail(scope: Scope, name: str) -> SourceDetail:
    """The items of the year with what was sold, received and subsidised."""
    report = _report(scope)
    columns = (
        DetailColumn("品目"),
        DetailColumn("区分"),
        DetailColumn("販売数", "int"),
        DetailColumn("販売額", "yen"),
        DetailColumn("補助額", "yen"),
    )
    rows = tuple(
        (row.item_name, row.category, row.sold, row.sales_yen, row.subsidy_yen)
        for row in (report.rows if report is not None else ())
    )
    field, label, unit = _FIELDS[name]
    total = report.total(field) if report is not None else 0
    title = f"{report.label if report is not None else ''}の斡旋実績"
    return SourceDetail(name, title, columns, rows, f"{label}の計 {total:,}{unit}")
