"""Results (実績): typed from the partner's statement per month or half year, for the society
or one establishment; the checks every stored result passes (typed or imported)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import Establishment, PartnerItem, PartnerResult, PartnerTarget
from gojokai_desktop.db.models.base import utcnow
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.items import check_figure
from gojokai_desktop.domain.partners.periods import FIRST_HALF, SECOND_HALF, PartnerYear, Period
from gojokai_desktop.exports.partners import write_results
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners._common import (
    establishment_labels,
    items_of_year,
    partner_row,
    partner_year,
)
from gojokai_desktop.services.partners._figures import period_sums


@dataclass(frozen=True)
class ResultGridRow:
    """An item as the entry screen shows it for one period and one establishment (or none).

    ``amount`` is what is stored for exactly this period and establishment (None: nothing);
    ``total`` the period's figure as the report counts it (the months inside a half, the
    enrolments of an item counted from them, and in the society's view the establishments'
    results too, which ``establishments`` gives apart; None for a month of a half entered
    whole); ``note`` a short remark and
    ``blocked`` the reason the cell cannot be typed ("" when it can).
    """

    item_id: int
    code: str
    group: str
    name: str
    unit: str
    source: str
    target: int | None
    amount: int | None
    establishments: int | None
    total: int | None
    last_year: int | None
    note: str
    blocked: str


@dataclass(frozen=True)
class ResultGrid:
    partner: str
    year_label: str
    period_label: str
    establishment: str
    rows: tuple[ResultGridRow, ...]


@dataclass(frozen=True)
class StoredResult:
    """A stored result, as the list and the workbook of entered results show it."""

    id: int
    item_id: int
    code: str
    group: str
    name: str
    unit: str
    establishment_id: int | None
    establishment: str
    period: Period
    period_label: str
    amount: int
    source: str
    entered_at: dt.datetime
    entered_by: str


def stored_periods(
    session: Session, item_id: int, establishment_id: int | None, year: PartnerYear
) -> dict[Period, PartnerResult]:
    query = select(PartnerResult).where(
        PartnerResult.item_id == item_id,
        PartnerResult.period_start.between(year.first_day, year.last_day),
        PartnerResult.establishment_id.is_(None)
        if establishment_id is None
        else PartnerResult.establishment_id == establishment_id,
    )
    found: dict[Period, PartnerResult] = {}
    for row in session.scalars(query):
        period = year.period_at(row.period_start, row.months)
        if period is not None:
            found[period] = row
    return found


def overlap_problem(year: PartnerYear, period: Period, others: set[Period] | list[Period]) -> str:
    """Why ``period`` cannot be stored beside ``others`` of the same item and establishment
    (a half and months inside it would be counted twice), or ""."""
    for other in sorted(others):
        if other == period or not other.overlaps(period):
            continue
        if other.is_half:
            return (
                f"{year.period_label(other)}は半期でまとめて入力済みです。月ごとに入れるなら"
                "先に半期の実績を消してください。"
            )
        return (
            f"{year.period_label(other)}の実績が月ごとに入力済みです。半期でまとめて入れるなら"
            "先に月ごとの実績を消してください。"
        )
    return ""


def refuse_counted(item: PartnerItem) -> str:
    if item.source == "enrolments":
        return (
            f"「{item.name}」は会員の加入記録から数える項目です。実績は入力できません"
            "（「会員の加入」で登録してください）。"
        )
    return ""


def store_result(
    session: Session,
    item: PartnerItem,
    *,
    establishment_id: int | None,
    year: PartnerYear,
    period: Period,
    amount: int | None,
    source: str,
    actor: str,
    stored: dict[Period, PartnerResult] | None = None,
) -> str:
    """Store (or with None remove) one result after every check; returns what happened
    ("added", "changed", "same", "removed", "") or raises naming the item."""
    problem = refuse_counted(item)
    if problem:
        raise RuleViolation(problem)
    if amount is not None:
        check_figure(amount, f"「{item.name}」の実績")
    periods = stored
    if periods is None:
        periods = stored_periods(session, item.id, establishment_id, year)
    row = periods.get(period)
    if amount is None:
        if row is None:
            return ""
        session.delete(row)
        del periods[period]
        return "removed"
    problem = overlap_problem(year, period, set(periods))
    if problem:
        raise RuleViolation(f"「{item.name}」: {problem}")
    if row is None:
        row = PartnerResult(
            item_id=item.id,
            establishment_id=establishment_id,
            period_start=year.start_of(period),
            months=period.months,
            amount=amount,
            source=source,
            note="",
            entered_at=utcnow(),
            entered_by=actor,
        )
        session.add(row)
        periods[period] = row
        return "added"
    if row.amount == amount:
        return "same"
    row.amount, row.source, row.entered_at, row.entered_by = amount, source, utcnow(), actor
    return "changed"


def _check_establishment(session: Session, establishment_id: int | None) -> str:
    if establishment_id is None:
        return "団体全体（事業所を指定しない）"
    est = session.get(Establishment, establishment_id)
    if est is None:
        raise ValidationError("登録されていない事業所です。", "事業所")
    return f"{est.number:04d} {est.name}"


def result_grid(
    ctx: AppContext,
    partner_id: int,
    fiscal_year: int,
    period: Period,
    establishment_id: int | None = None,
) -> ResultGrid:
    """Every item of the year with what is stored for ``period``, its target and last year."""
    with ctx.reader() as session:
        partner = partner_row(session, partner_id)
        year = partner_year(partner, fiscal_year)
        before = partner_year(partner, fiscal_year - 1)
        establishment = _check_establishment(session, establishment_id)
        items = items_of_year(session, partner_id, fiscal_year)
        old = {i.code: i for i in items_of_year(session, partner_id, fiscal_year - 1)}
        now = period_sums(session, items, year, period.first, period.last)
        last = period_sums(session, list(old.values()), before, period.first, period.last)
        targets: dict[int, int] = {
            int(item_id): int(amount)
            for item_id, amount in session.execute(
                select(PartnerTarget.item_id, PartnerTarget.amount).where(
                    PartnerTarget.item_id.in_([i.id for i in items]),
                    PartnerTarget.establishment_id.is_(None)
                    if establishment_id is None
                    else PartnerTarget.establishment_id == establishment_id,
                )
            )
        }
        rows = []
        for item in items:
            stored = stored_periods(session, item.id, establishment_id, year)
            row = stored.get(period)
            previous = old.get(item.code)
            last_year = None
            if previous is not None and not _split_by_halves(session, previous.id, before, period):
                last_year = _for(last, previous.id, establishment_id)
            # A month inside a half entered whole has no figure of its own.
            unknown = item.source == "entry" and _split_by_halves(session, item.id, year, period)
            rows.append(
                ResultGridRow(
                    item_id=item.id,
                    code=item.code,
                    group=item.group_name,
                    name=item.name,
                    unit=item.unit,
                    source=item.source,
                    target=targets.get(item.id),
                    amount=None if row is None else row.amount,
                    establishments=None
                    if establishment_id is not None or unknown
                    else sum(v for (i, e), v in now.items() if i == item.id and e is not None),
                    total=None if unknown else _for(now, item.id, establishment_id),
                    last_year=last_year,
                    note=_note(item, period, set(stored)),
                    blocked=refuse_counted(item) or overlap_problem(year, period, set(stored)),
                )
            )
        return ResultGrid(
            partner.name, year.label(), year.period_label(period), establishment, tuple(rows)
        )


def _note(item: PartnerItem, period: Period, stored: set[Period]) -> str:
    """The 備考 of the entry screen: why a cell is grey, in a few words."""
    if item.source == "enrolments":
        return "会員の加入から集計"
    for other in sorted(stored):
        if other != period and other.overlaps(period):
            return (
                "月ごとに入力済み"
                if not other.is_half
                else ("上期で入力済み" if other.first == 1 else "下期で入力済み")
            )
    return ""


def _split_by_halves(session: Session, item_id: int, year: PartnerYear, period: Period) -> bool:
    """Whether a month's figure of ``item_id`` is unknowable: a half covering it was entered
    whole (for the society or any establishment)."""
    if period.is_half:
        return False
    half = FIRST_HALF if period.first <= FIRST_HALF.last else SECOND_HALF
    found = session.scalar(
        select(PartnerResult.id)
        .where(
            PartnerResult.item_id == item_id,
            PartnerResult.months == half.months,
            PartnerResult.period_start == year.start_of(half),
        )
        .limit(1)
    )
    return found is not None


def _for(sums: Mapping[tuple[int, int | None], int], item_id: int, est: int | None) -> int:
    """One establishment's figure, or with None the society's (every establishment added)."""
    if est is not None:
        return sums.get((item_id, est), 0)
    return sum(v for (i, _e), v in sums.items() if i == item_id)


@dataclass(frozen=True)
class SaveSummary:
    added: int
    changed: int
    removed: int


def save_results(
    ctx: AppContext,
    partner_id: int,
    fiscal_year: int,
    *,
    period: Period,
    establishment_id: int | None,
    values: Mapping[int, int | None],
) -> SaveSummary:
    """Store the typed figures of one period (item id → figure, None removes it) in one
    transaction: a refusal of any item (negative, counted from enrolments, a half beside its
    months, an item of another year) stores nothing and names the item."""
    with ctx.unit_of_work("推進実績の入力") as uow:
        session = uow.session
        partner = partner_row(session, partner_id)
        year = partner_year(partner, fiscal_year)
        _check_establishment(session, establishment_id)
        items = {i.id: i for i in items_of_year(session, partner_id, fiscal_year)}
        counts = {"added": 0, "changed": 0, "removed": 0}
        for item_id, amount in values.items():
            item = items.get(item_id)
            if item is None:
                raise RuleViolation(
                    f"{year.label()}にない項目の実績は保存できません（項目番号 {item_id}）。"
                )
            outcome = store_result(
                session,
                item,
                establishment_id=establishment_id,
                year=year,
                period=period,
                amount=amount,
                source="typed",
                actor=ctx.actor.name,
            )
            if outcome in counts:
                counts[outcome] += 1
        uow.commit()
    return SaveSummary(counts["added"], counts["changed"], counts["removed"])


def list_results(ctx: AppContext, partner_id: int, fiscal_year: int) -> list[StoredResult]:
    """Every stored result of a partner's year, by item order, establishment and period."""
    with ctx.reader() as session:
        partner = partner_row(session, partner_id)
        year = partner_year(partner, fiscal_year)
        items = {i.id: i for i in items_of_year(session, partner_id, fiscal_year)}
        labels = establishment_labels(session)
        order = {item_id: n for n, item_id in enumerate(items)}
        rows = session.scalars(
            select(PartnerResult).where(PartnerResult.item_id.in_(list(items)))
        ).all()
        result = []
        for row in rows:
            item = items[row.item_id]
            period = year.period_at(row.period_start, row.months)
            if period is None:
                continue
            result.append(
                StoredResult(
                    id=row.id,
                    item_id=item.id,
                    code=item.code,
                    group=item.group_name,
                    name=item.name,
                    unit=item.unit,
                    establishment_id=row.establishment_id,
                    establishment=labels.get(row.establishment_id, "")
                    if row.establishment_id is not None
                    else "",
                    period=period,
                    period_label=year.period_label(period),
                    amount=row.amount,
                    source=row.source,
                    entered_at=row.entered_at,
                    entered_by=row.entered_by,
                )
            )
        result.sort(key=lambda r: (order[r.item_id], r.establishment, r.period))
        return result


def export_results(
    ctx: AppContext, partner_id: int, fiscal_year: int, path: Path, *, blank_items: bool = False
) -> int:
    """The entered results of a partner's year as a workbook the import reads back; with
    ``blank_items`` every item typed or imported gets a row with an empty figure to fill in
    (a form for the partner's statement). Returns the number of rows."""
    stored = list_results(ctx, partner_id, fiscal_year)
    rows: list[tuple[str, str, str, int | None, str, str, str]] = [
        (
            f"{r.group}／{r.name}" if r.group else r.name,
            r.establishment,
            r.period_label,
            r.amount,
            r.unit,
            "取り込み" if r.source == "imported" else "入力",
            r.entered_by,
        )
        for r in stored
    ]
    with ctx.reader() as session:
        partner = partner_row(session, partner_id)
        year = partner_year(partner, fiscal_year)
        if blank_items:
            for item in items_of_year(session, partner_id, fiscal_year):
                if item.source == "entry" and not any(r.item_id == item.id for r in stored):
                    label = f"{item.group_name}／{item.name}" if item.group_name else item.name
                    rows.append((label, "", "", None, item.unit, "", ""))
    write_results(path, f"{partner.name} {year.label()} 実績", rows)
    return len(rows)
