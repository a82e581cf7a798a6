"""The annual reports as files: 収支決算書 (PDF, workbook), 事業報告, 総会資料, 中間報告."""

from __future__ import annotations

from pathlib import Path

from gojokai_desktop.exports.reports import write_settlement
from gojokai_desktop.printing.fonts import default_fonts
from gojokai_desktop.printing.render import Output
from gojokai_desktop.printing.reports.activity import activity_story
from gojokai_desktop.printing.reports.document import Part, build_document, width_of
from gojokai_desktop.printing.reports.packet import render_packet
from gojokai_desktop.printing.reports.settlement import render_settlement
from gojokai_desktop.services.accounts.setup import list_accounts
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.reports.activity import activity_report
from gojokai_desktop.services.reports.packet import meeting_packet
from gojokai_desktop.services.reports.settlement import property_inventory, settlement_tables


def print_settlement(ctx: AppContext, fiscal_year: int, out: Output, *, unit: str = "円") -> int:
    """Every account's 収支決算書 and the 財産目録 in one PDF; returns the page count."""
    tables = settlement_tables(ctx, fiscal_year, unit)
    inventory = property_inventory(ctx, fiscal_year)
    return render_settlement(tables, inventory, out, printed_on=ctx.today())


def export_settlement(ctx: AppContext, fiscal_year: int, path: Path, *, unit: str = "円") -> None:
    """The same as a workbook: a sheet per account, the 財産目録 last."""
    tables = settlement_tables(ctx, fiscal_year, unit)
    names = [a.name for a in list_accounts(ctx)]
    write_settlement(
        list(zip(names, tables, strict=True)), property_inventory(ctx, fiscal_year), path
    )


def print_activity(ctx: AppContext, fiscal_year: int, out: Output) -> int:
    """The 事業報告 of a year as a PDF; returns the page count."""
    report = activity_report(ctx, fiscal_year)
    fonts = default_fonts()
    parts = [Part(activity_story(report, fonts, width_of(False)))]
    return build_document(out, parts, fonts=fonts, title=report.title, author=report.society)


def print_packet(ctx: AppContext, fiscal_year: int, out: Output, *, unit: str = "円") -> int:
    """The 総会資料 of a year in one PDF; returns the page count."""
    return render_packet(meeting_packet(ctx, fiscal_year, unit=unit), out)
