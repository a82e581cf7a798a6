"""中間報告: the running budget status of every account from the start of the year to the end
of a chosen month (October for the autumn meeting), titled as the meeting expects."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from gojokai_desktop.domain.accounting import AccountsTable
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.printing.accounts import accounts_table_story, is_wide
from gojokai_desktop.printing.fonts import default_fonts
from gojokai_desktop.printing.render import Output
from gojokai_desktop.printing.reports.document import Part, build_document, width_of
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.accounts.setup import list_accounts
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.texts import require_books, year_calendar

DEFAULT_MONTH = 10


def interim_end(ctx: AppContext, fiscal_year: int, month: int) -> dt.date:
    """The last day of ``month`` within the fiscal year (October → 31 October)."""
    calendar, _label_of, _society = year_calendar(ctx)
    for year, m in calendar.months(fiscal_year):
        if m == month:
            following = dt.date(year + (m == 12), m % 12 + 1, 1)
            return following - dt.timedelta(days=1)
    raise ValidationError("1から12までの月を選んでください。", "集計月")


def interim_tables(
    ctx: AppContext, fiscal_year: int, *, month: int = DEFAULT_MONTH, unit: str = "円"
) -> list[AccountsTable]:
    """The status of each account up to the end of ``month``, titled 収支中間報告."""
    require_books(ctx, fiscal_year)
    calendar, label_of, _society = year_calendar(ctx)
    end = interim_end(ctx, fiscal_year, month)
    start = calendar.first_day(fiscal_year)
    months = sum(1 for y, m in calendar.months(fiscal_year) if dt.date(y, m, 1) <= end)
    tables = []
    for account in list_accounts(ctx):
        table = running_status(
            ctx, fiscal_year=fiscal_year, until=end, account=account.id, unit=unit
        )
        tables.append(
            replace(
                table,
                title=f"{label_of(fiscal_year)}{account.name}収支中間報告"
                f"（{start.month}月〜{month}月）",
                period=f"{format_wareki(start)}から{format_wareki(end)}まで（{months}か月）"
                + table.period[table.period.rfind("（") :],
                footnotes=(
                    "※ 収入・支出済額は出納帳の記帳額。執行率は予算額に対する済額の割合。",
                    "※ 前年同期は前年度の同じ期間の済額。",
                ),
            )
        )
    return tables


def print_interim(
    ctx: AppContext, fiscal_year: int, out: Output, *, month: int = DEFAULT_MONTH, unit: str = "円"
) -> int:
    """Every account's 収支中間報告 in one PDF; returns the page count."""
    tables = interim_tables(ctx, fiscal_year, month=month, unit=unit)
    fonts = default_fonts()
    parts = [
        Part(
            accounts_table_story(t, fonts, width_of(is_wide(t)), printed_on=ctx.today()), is_wide(t)
        )
        for t in tables
    ]
    society = tables[0].society if tables else ""
    title = tables[0].title if tables else "収支中間報告"
    return build_document(out, parts, fonts=fonts, title=title, author=society)
