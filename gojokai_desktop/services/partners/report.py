"""The promotion reports (推進実績報告) of a fiscal year: per partner, per item 年間目標 |
上期実績 | 達成率 | 前年同期 | 前年比 | 評価 with 小計 and 合計, and per establishment; as
the PDF for the partners' meeting or a workbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import Partner, PartnerItem, PartnerTarget
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.partners.periods import REPORT_PERIODS, PartnerYear, report_months
from gojokai_desktop.domain.partners.rates import ROUNDINGS, check_rounding
from gojokai_desktop.domain.partners.report import (
    HEADINGS,
    EstablishmentTable,
    ItemFigures,
    PartnerReport,
    build_establishment_table,
    build_lines,
)
from gojokai_desktop.exports.partners import write_partner_reports
from gojokai_desktop.printing.partners import render_partner_reports
from gojokai_desktop.printing.render import Output
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.partners._common import (
    establishment_labels,
    items_of_year,
    partner_row,
    partner_year,
    society_name,
)
from gojokai_desktop.services.partners._figures import Key, period_sums, society_totals
from gojokai_desktop.services.partners.sessions import (
    LABOUR_BANK_WORDS,
    StudySessions,
    study_sessions,
)


@dataclass(frozen=True)
class _Year:
    """The figures of one partner's year for the report's months."""

    items: list[PartnerItem]
    sums: dict[Key, int]
    totals: dict[int, int]


def _year_figures(session: Session, partner: Partner, year: PartnerYear, months: int) -> _Year:
    items = items_of_year(session, partner.id, year.fiscal_year)
    sums = period_sums(session, items, year, 1, months)
    return _Year(items, sums, society_totals(sums))


def _targets(session: Session, items: Sequence[PartnerItem]) -> dict[Key, int]:
    return {
        (int(item_id), est_id): int(amount)
        for item_id, est_id, amount in session.execute(
            select(
                PartnerTarget.item_id, PartnerTarget.establishment_id, PartnerTarget.amount
            ).where(PartnerTarget.item_id.in_([i.id for i in items]))
        )
    }


def _footnotes(
    rounding: str, period_key: str, sessions: StudySessions, asks_sessions: bool
) -> tuple[str, ...]:
    """The ※ lines; the 学習会 line only for a partner that holds study sessions (the labour
    bank, or an item named 学習会…) or that held some, so a co-op's report does not speak of
    none held."""
    half = "（上期は年間目標の半分）" if period_key == "H1" else ""
    notes = [
        f"※ 達成率・前年比は{ROUNDINGS[rounding]}。小計・合計の率は合計した数から求めています。",
        f"※ 評価 ○: 目標{half}と前年同期をともに達成　△: どちらか一方　×: どちらも未達。",
        "※ 目標が0か未設定の項目、前年度に無い項目の率と評価は「-----」。",
        "※ 単位の違う項目は合計していません（単位ごとに小計・合計）。",
    ]
    if sessions.note and (sessions.rows or asks_sessions):
        notes.append(f"※ {sessions.note}")
    return tuple(notes)


def _establishment_tables(
    figures: Sequence[ItemFigures],
    now: _Year,
    before: _Year,
    targets: dict[Key, int],
    labels: dict[int, str],
    *,
    rounding: str,
    months: int,
) -> tuple[EstablishmentTable, ...]:
    """One table per item whose target is split over establishments: a line for each
    establishment with a target or a result, and for the results given to none."""
    old = {i.code: i for i in before.items}
    tables = []
    for item, whole in zip(now.items, figures, strict=True):
        previous = old.get(item.code)
        ests = {e for (i, e) in targets if i == item.id and e is not None}
        if not ests:
            continue
        ests |= {e for (i, e) in now.sums if i == item.id and e is not None}
        rows: list[tuple[str, int | None, int, int | None]] = []
        for est in sorted(ests, key=lambda e: labels.get(e, "")):
            last = None if previous is None else before.sums.get((previous.id, est), 0)
            rows.append(
                (labels.get(est, "?"), targets.get((item.id, est)),
                 now.sums.get((item.id, est), 0), last)
            )  # fmt: skip
        unassigned = now.sums.get((item.id, None))
        last_unassigned = None if previous is None else before.sums.get((previous.id, None))
        nobody = None
        if unassigned is not None or last_unassigned is not None:
            nobody = (unassigned or 0, None if previous is None else (last_unassigned or 0))
        tables.append(
            build_establishment_table(
                whole, rows, unassigned=nobody, rounding=rounding, elapsed_months=months
            )
        )
    return tuple(tables)


def partner_report(
    ctx: AppContext,
    partner_id: int,
    fiscal_year: int,
    period_key: str = "H1",
    *,
    rounding: str | None = None,
    by_establishment: bool = True,
) -> PartnerReport:
    """One partner's report of ``fiscal_year`` (the partner's own year) for 上期 or 年間."""
    months = report_months(period_key)
    with ctx.reader() as session:
        partner = partner_row(session, partner_id)
        chosen = check_rounding(rounding or partner.rate_rounding)
        year = partner_year(partner, fiscal_year)
        before = partner_year(partner, fiscal_year - 1)
        now = _year_figures(session, partner, year, months)
        if not now.items:
            raise RuleViolation(f"{partner.name}の{year.label()}には項目がありません。")
        last = _year_figures(session, partner, before, months)
        targets = _targets(session, now.items)
        old = {i.code: i for i in last.items}
        figures = []
        for item in now.items:
            previous = old.get(item.code)
            figures.append(
                ItemFigures(
                    code=item.code,
                    group=item.group_name,
                    name=item.name,
                    unit=item.unit,
                    target=targets.get((item.id, None)),
                    result=now.totals.get(item.id, 0),
                    last_year=None if previous is None else last.totals.get(previous.id, 0),
                )
            )
        establishments: tuple[EstablishmentTable, ...] = ()
        if by_establishment:
            establishments = _establishment_tables(
                figures,
                now,
                last,
                targets,
                establishment_labels(session),
                rounding=chosen,
                months=months,
            )
        first, end = year.report_span(period_key)
        society = society_name(session)
    sessions = study_sessions(ctx, partner.name, first, end)
    name = REPORT_PERIODS[period_key]
    return PartnerReport(
        title=f"{partner.name} 推進実績報告（{fiscal_year}年度 {name}）",
        partner=partner.formal_name or partner.name,
        partner_name=partner.name,
        society=society,
        fiscal_year=fiscal_year,
        year_label=year.label(),
        period_key=period_key,
        period_label=f"{name}（{PartnerYear.span(first, end)}）",
        rounding=chosen,
        headings=HEADINGS[period_key],
        lines=build_lines(figures, rounding=chosen, elapsed_months=months),
        establishments=establishments,
        footnotes=_footnotes(
            chosen,
            period_key,
            sessions,
            any(w in partner.name for w in LABOUR_BANK_WORDS)
            or any("学習会" in i.name for i in now.items),
        ),
        sessions=sessions.rows,
    )


def partner_reports(
    ctx: AppContext,
    fiscal_year: int,
    period_key: str = "H1",
    *,
    partner_id: int | None = None,
    rounding: str | None = None,
    by_establishment: bool = True,
) -> list[PartnerReport]:
    """The reports of every active partner with items in ``fiscal_year`` (or of one)."""
    report_months(period_key)
    with ctx.reader() as session:
        if partner_id is not None:
            ids = [partner_row(session, partner_id).id]
        else:
            ids = list(
                session.scalars(
                    select(Partner.id)
                    .where(
                        Partner.active.is_(True),
                        Partner.id.in_(
                            select(PartnerItem.partner_id).where(
                                PartnerItem.fiscal_year == fiscal_year
                            )
                        ),
                    )
                    .order_by(Partner.sort_order, Partner.id)
                )
            )
    if not ids:
        raise RuleViolation(f"{fiscal_year}年度の推進項目がある推進先がありません。")
    return [
        partner_report(
            ctx, pid, fiscal_year, period_key, rounding=rounding, by_establishment=by_establishment
        )
        for pid in ids
    ]


def print_reports(ctx: AppContext, reports: Sequence[PartnerReport], out: Output) -> int:
    """The reports as one PDF (each partner from a new page); returns the number of pages."""
    return render_partner_reports(reports, out, printed_on=ctx.today())


def export_reports(ctx: AppContext, reports: Sequence[PartnerReport], path: Path) -> None:
    """The reports as a workbook: a sheet per partner, and one per partner 事業所別."""
    write_partner_reports(reports, path, printed_on=ctx.today())
