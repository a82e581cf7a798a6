"""The texts the clerk writes for a fiscal year (会議の開催状況, 主な事業, 事業計画, 監査の意見,
the 説明 of a settlement line), saved with the year and printed in the reports."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from gojokai_desktop.db.models import (
    Budget,
    CashBookEntry,
    Meeting,
    MembershipPeriod,
    Officer,
    OpeningBalance,
    ReportText,
)
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import load_profile

#: The free-text sections, in the order the screen shows them.
TEXT_LABELS = {
    "meetings": "会議の開催状況",
    "activities": "主な事業",
    "plan": "事業計画",
    "audit_opinion": "監査の意見",
}
#: ``settlement_note:<item id>``: the 説明 of one line of the 収支決算書.
SETTLEMENT_NOTE = "settlement_note:"
DEFAULT_AUDIT_OPINION = (
    "{year}の会計について、帳簿、預金通帳、領収書その他の証拠書類を監査した結果、"
    "収入及び支出は適正に処理され、決算書の計数は正確であることを認めます。"
)
MAX_TEXT = 20_000


def year_calendar(ctx: AppContext) -> tuple[FiscalCalendar, Callable[[int], str], str]:
    """The society's fiscal calendar, its year-label rule, and its name."""
    profile = load_profile(ctx)
    calendar = profile.calendar if profile else FiscalCalendar()
    rule = profile.fiscal_label_rule if profile else "start"

    def label_of(year: int) -> str:
        return calendar.label(year, era_rule=rule)

    return calendar, label_of, profile.name if profile else ""


def report_years(ctx: AppContext, *, members: bool = False) -> tuple[int, int]:
    """The first and last fiscal year a report can be made for: from the first year the
    books know (an entry, an opening balance or a budget; with ``members`` also the first
    membership, officer, meeting or report text) to the current year."""
    calendar, _label_of, _society = year_calendar(ctx)
    current = calendar.year_of(ctx.today())
    with ctx.reader() as session:
        known = [
            session.scalar(select(func.min(column)))
            for column in (
                CashBookEntry.fiscal_year,
                OpeningBalance.fiscal_year,
                Budget.fiscal_year,
            )
        ]
        if members:
            known += [
                session.scalar(select(func.min(column)))
                for column in (Meeting.fiscal_year, ReportText.fiscal_year)
            ]
            dated = [
                session.scalar(select(func.min(column)))
                for column in (MembershipPeriod.start_date, Officer.term_start)
            ]
            known += [calendar.year_of(day) for day in dated if day is not None]
    years = [int(y) for y in known if y is not None] + [current]
    return min(years), current


def require_books(ctx: AppContext, fiscal_year: int, *, members: bool = False) -> None:
    """Refuse a report of a year before the books (or the members, with ``members``) begin:
    it would print nothing but 0."""
    first, _current = report_years(ctx, members=members)
    if fiscal_year < first:
        _calendar, label_of, _society = year_calendar(ctx)
        what = "帳簿・会員・会議の記録" if members else "帳簿"
        raise RuleViolation(
            f"{label_of(fiscal_year)}の{what}はありません（この互助会の{what}は"
            f"{label_of(first)}からです）。{label_of(first)}以降の年度を選んでください。"
        )


def _check_key(key: str) -> None:
    if key not in TEXT_LABELS and not key.startswith(SETTLEMENT_NOTE):
        raise ValidationError(f"文章の種類「{key}」はありません。", "文章")


def report_texts(ctx: AppContext, fiscal_year: int) -> dict[str, str]:
    """Every text saved for a year, by key (missing keys are not there)."""
    with ctx.reader() as session:
        rows = session.scalars(select(ReportText).where(ReportText.fiscal_year == fiscal_year))
        return {r.key: r.body for r in rows}


def report_text(ctx: AppContext, fiscal_year: int, key: str) -> str:
    _check_key(key)
    return report_texts(ctx, fiscal_year).get(key, "")


def save_report_texts(ctx: AppContext, fiscal_year: int, texts: dict[str, str]) -> None:
    """Store the texts of a year as typed (all or none); an emptied text is kept empty."""
    for key, body in texts.items():
        _check_key(key)
        if len(body) > MAX_TEXT:
            label = TEXT_LABELS.get(key, "説明")
            raise ValidationError(f"{MAX_TEXT:,}文字以内で入力してください。", label)
    with ctx.unit_of_work("報告の文章の保存") as uow:
        existing = {
            r.key: r
            for r in uow.session.scalars(
                select(ReportText).where(ReportText.fiscal_year == fiscal_year)
            )
        }
        for key, body in texts.items():
            text = body.replace("\r\n", "\n").rstrip()
            row = existing.get(key)
            if row is None:
                if text:
                    uow.session.add(ReportText(fiscal_year=fiscal_year, key=key, body=text))
            elif row.body != text:
                row.body = text
        uow.commit()


def audit_opinion(ctx: AppContext, fiscal_year: int) -> str:
    """The auditors' words for the 監査報告 page: the clerk's text, else the usual sentence."""
    _calendar, label_of, _society = year_calendar(ctx)
    text = report_text(ctx, fiscal_year, "audit_opinion").strip()
    return text or DEFAULT_AUDIT_OPINION.format(year=label_of(fiscal_year))
