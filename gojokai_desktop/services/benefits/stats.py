"""Benefit statistics: paid benefits per kind and fiscal year, the benefit budget per kind,
and the 004 table (給付件数と給付金額) that compares them.

The budget per kind (件数 and 金額 planned for a fiscal year) is a dated setting, one value
per fiscal year; the 決算見込 of a year is what was actually paid in it (by payment date,
reversed payments not counted), so it agrees with the register and the cash book.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import BenefitClaim, SubLedger
from gojokai_desktop.domain.benefits.stats import BenefitStatsTable, KindFigures, build_stats_table
from gojokai_desktop.domain.benefits.table import BenefitKind
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.exports.benefits.register import YearsSheet, write_stats_table, write_years
from gojokai_desktop.printing.benefits.statistics import render_stats_table
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult
from gojokai_desktop.services.benefits.tables import calendar_of_session, table_in_force
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.settings_store import get_setting, put_setting
from gojokai_desktop.services.society import load_profile

BUDGET_KEY = "benefits.budget"
#: Names of the usual 経理区分 when the books have no sub-ledger of that code.
SUB_LEDGER_NAMES = {"general": "一般経理", "short": "短期経理"}
Figures = tuple[int, int]


@dataclass(frozen=True)
class PaidKindRow:
    """A kind with its (件数, 金額) paid in each fiscal year of the table."""

    code: str
    name: str
    figures: tuple[Figures, ...]


@dataclass(frozen=True)
class PaidByKind:
    """Count and amount of paid benefits per kind per fiscal year (oldest year first)."""

    years: tuple[int, ...]
    year_labels: tuple[str, ...]
    rows: tuple[PaidKindRow, ...]
    totals: tuple[Figures, ...]

    def row(self, code: str) -> PaidKindRow:
        return next(r for r in self.rows if r.code == code)


# -- the budget per kind -----------------------------------------------------------------------
def _year_label(ctx: AppContext, fiscal_year: int) -> str:
    profile = load_profile(ctx)
    calendar = profile.calendar if profile else FiscalCalendar()
    rule = profile.fiscal_label_rule if profile else "start"
    return calendar.label(fiscal_year, era_rule=rule)


def _checked_figure(value: object, name: str, field: str, unit: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError(
            f"「{name}」の{field}は0以上の整数（{unit}）で入力してください（{value!r}）", field
        )
    return value


def set_benefit_budget(
    ctx: AppContext, fiscal_year: int, figures: Mapping[str, tuple[int, int]]
) -> dict[str, Figures]:
    """Save the benefit budget of ``fiscal_year``: (件数, 金額) per kind code of that year's
    benefit table. It replaces the year's budget as a whole; nothing is saved on a refusal."""
    table = table_in_force(ctx, fiscal_year).table
    kinds = {k.code: k for k in table.kinds}
    checked: dict[str, Figures] = {}
    for code, pair in figures.items():
        kind = kinds.get(code)
        if kind is None:
            raise ValidationError(
                f"給付コード「{code}」は{_year_label(ctx, fiscal_year)}の給付表にありません",
                "給付の種類",
            )
        count, amount = pair
        checked[code] = (
            _checked_figure(count, kind.name, "件数", "件"),
            _checked_figure(amount, kind.name, "金額", "円"),
        )
    value = {"fiscal_year": fiscal_year, "kinds": {c: list(p) for c, p in checked.items()}}
    with ctx.unit_of_work("給付予算の保存") as uow:
        put_setting(uow, BUDGET_KEY, value, valid_from_year=fiscal_year)
        uow.commit()
    return checked


def _budget(session: Session, fiscal_year: int) -> dict[str, Figures] | None:
    value = get_setting(session, BUDGET_KEY, fiscal_year)
    # The setting store returns the latest earlier year too; a budget is for its year only.
    if not isinstance(value, dict) or value.get("fiscal_year") != fiscal_year:
        return None
    return {str(code): (int(pair[0]), int(pair[1])) for code, pair in value["kinds"].items()}


def benefit_budget(ctx: AppContext, fiscal_year: int) -> dict[str, Figures]:
    """(件数, 金額) per kind code budgeted for ``fiscal_year``; empty when none was saved."""
    with ctx.reader() as session:
        return _budget(session, fiscal_year) or {}


# -- what was paid ----------------------------------------------------------------------------
def _paid(session: Session, first: dt.date, last: dt.date) -> dict[str, tuple[str, int, int]]:
    """code → (name, count, amount) of the claims paid between the dates (live payments)."""
    rows = session.execute(
        select(
            BenefitClaim.kind_code,
            func.max(BenefitClaim.kind_name),
            func.count(),
            func.coalesce(func.sum(BenefitClaim.amount), 0),
        )
        .where(
            BenefitClaim.status == "paid",
            BenefitClaim.paid_on >= first,
            BenefitClaim.paid_on <= last,
        )
        .group_by(BenefitClaim.kind_code)
    ).all()
    return {str(code): (str(name), int(count), int(total)) for code, name, count, total in rows}


def _paid_in_year(
    session: Session, calendar: FiscalCalendar, year: int
) -> dict[str, tuple[str, int, int]]:
    return _paid(session, calendar.first_day(year), calendar.last_day(year))


def paid_by_kind(ctx: AppContext, years: Sequence[int]) -> PaidByKind:
    """Paid benefits per kind for each of ``years``: the kinds of the latest year's table in
    its order (even when nothing was paid), then any other kind paid in those years."""
    if not years:
        raise ValidationError("年度を1つ以上選んでください", "年度")
    ordered = tuple(sorted(set(years)))
    with ctx.reader() as session:
        calendar = calendar_of_session(session)
        paid = [_paid_in_year(session, calendar, y) for y in ordered]
        names = {k.code: k.name for k in table_in_force(session, ordered[-1]).table.kinds}
    for year in paid:
        for code, (name, _count, _amount) in year.items():
            names.setdefault(code, name)
    rows = tuple(
        PaidKindRow(code, name, tuple(y.get(code, ("", 0, 0))[1:] for y in paid))
        for code, name in names.items()
    )
    totals = tuple(
        (sum(r.figures[n][0] for r in rows), sum(r.figures[n][1] for r in rows))
        for n in range(len(ordered))
    )
    labels = tuple(_year_label(ctx, y) for y in ordered)
    return PaidByKind(ordered, labels, rows, totals)


def print_paid_by_kind(ctx: AppContext, data: PaidByKind, out: Output) -> RenderResult:
    """種類別支給実績: one row per kind, 件数 and 金額 per fiscal year, totals."""
    columns = [ListColumn("給付の種類", "name", 44)]
    for n, label in enumerate(data.year_labels):
        columns += [
            ListColumn(f"{label} 件数", f"c{n}", 14, "number"),
            ListColumn(f"{label} 金額", f"a{n}", 22, "yen"),
        ]
    # The total is a row of its own: the list's automatic total would count kinds as 件.
    rows = [(row.name, row.figures) for row in data.rows] + [("合計", data.totals)]
    records = [
        {"name": name}
        | {f"c{n}": count for n, (count, _a) in enumerate(figures)}
        | {f"a{n}": amount for n, (_c, amount) in enumerate(figures)}
        for name, figures in rows
    ]
    profile = load_profile(ctx)
    spec = ListingSpec(
        title="慶弔給付 種類別支給実績",
        columns=tuple(columns),
        printed_on=ctx.today(),
        conditions=(
            f"{data.year_labels[0]}〜{data.year_labels[-1]}　支払日の年度で集計"
            "（支払を取り消したものを除く）",
        ),
        society_name=profile.name if profile else "",
        unit_note="単位:件・円",
        landscape=len(data.years) > 4,
    )
    return render_listing(spec, records, out)


def export_paid_by_kind(ctx: AppContext, data: PaidByKind, path: Path) -> None:
    profile = load_profile(ctx)
    society = profile.name if profile else ""
    write_years(
        path,
        YearsSheet(
            title=f"慶弔給付 種類別支給実績　{society}".strip(),
            years=data.year_labels,
            rows=tuple((r.name, r.figures) for r in data.rows),
            totals=data.totals,
        ),
    )


# -- the 004 table ------------------------------------------------------------------------------
def _group_names(session: Session) -> dict[str, str]:
    names: dict[str, str] = {}
    for ledger in session.scalars(
        select(SubLedger).order_by(SubLedger.account_id, SubLedger.sort_order, SubLedger.id)
    ):
        names.setdefault(ledger.code, ledger.name)
    for code, name in SUB_LEDGER_NAMES.items():
        names.setdefault(code, name)
    return names


def benefit_statistics(ctx: AppContext, fiscal_year: int, unit: str = "円") -> BenefitStatsTable:
    """給付件数と給付金額 for the budget of ``fiscal_year``: the previous year's budget (A), what
    it actually paid (決算見込), this year's budget (B) and (B)−(A), per kind of the two
    years' tables, grouped by 経理区分. A missing budget prints "-----"."""
    previous = fiscal_year - 1
    profile = load_profile(ctx)
    with ctx.reader() as session:
        calendar = calendar_of_session(session)
        this_table = table_in_force(session, fiscal_year).table
        last_table = table_in_force(session, previous).table
        budget_a = _budget(session, previous) or {}
        budget_b = _budget(session, fiscal_year) or {}
        actual = _paid_in_year(session, calendar, previous)
        group_names = _group_names(session)
    kinds: dict[str, BenefitKind] = {k.code: k for k in this_table.kinds}
    for earlier in last_table.kinds:
        kinds.setdefault(earlier.code, earlier)
    last_codes = {k.code for k in last_table.kinds}
    codes = list(kinds) + [c for c in (*budget_a, *budget_b, *actual) if c not in kinds]
    figures = []
    for code in dict.fromkeys(codes):
        kind = kinds.get(code)
        paid = actual.get(code)
        figures.append(
            KindFigures(
                code=code,
                name=kind.name if kind else (paid[0] if paid else code),
                group=kind.sub_ledger if kind else "",
                budget_a=budget_a.get(code),
                estimate=(paid[1], paid[2]) if paid else ((0, 0) if code in last_codes else None),
                budget_b=budget_b.get(code),
            )
        )
    last_label = _year_label(ctx, previous)
    this_label = _year_label(ctx, fiscal_year)
    return build_stats_table(
        figures,
        group_names,
        unit=unit,
        title=f"{this_label} 給付件数と給付金額",
        society=profile.name if profile else "",
        fiscal_year=fiscal_year,
        headings=(f"{last_label}予算(A)", f"{last_label}決算見込", f"{this_label}予算(B)",
                  "増減(B)-(A)"),
    )  # fmt: skip


def print_statistics(ctx: AppContext, table: BenefitStatsTable, out: Output) -> int:
    """The 004 benefit table as a PDF; returns the number of pages."""
    return render_stats_table(table, out, printed_on=ctx.today())


def export_statistics(table: BenefitStatsTable, path: Path) -> None:
    write_stats_table(path, table)
