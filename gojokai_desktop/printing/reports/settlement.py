"""The printed 収支決算書 of every account and the 財産目録 with its reconciliation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

from gojokai_desktop.domain.accounting import AccountsTable
from gojokai_desktop.domain.reports import PropertyInventory
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.printing.accounts import accounts_table_story, is_wide
from gojokai_desktop.printing.fonts import FontSet, default_fonts
from gojokai_desktop.printing.render import Output
from gojokai_desktop.printing.reports.document import Part, build_document, width_of
from gojokai_desktop.printing.reports.styles import amount, grid_table, styles_for


def settlement_parts(
    tables: Sequence[AccountsTable], fonts: FontSet, *, printed_on: dt.date | None
) -> list[Part]:
    """One part per account, on landscape paper when it has 内訳 columns."""
    return [
        Part(
            accounts_table_story(t, fonts, width_of(is_wide(t)), printed_on=printed_on), is_wide(t)
        )
        for t in tables
    ]


def _verdict(difference: int | None) -> str:
    if difference is None:
        return "（未繰越）"
    return "一致" if difference == 0 else f"差額 {format_report_yen(difference)}"


def inventory_story(inventory: PropertyInventory, fonts: FontSet, width: float) -> list[Flowable]:
    """財産目録: money of each account at the year end, then the check against the settlement
    (差引残額) and against what the next year opened with (前年度繰越金)."""
    s = styles_for(fonts)
    story: list[Flowable] = [
        Paragraph(inventory.title, s.title),
        Paragraph(f"{format_wareki(inventory.as_of)}現在", s.subtitle),
        Paragraph(inventory.society, s.right),
        Paragraph("(単位: 円)", s.right),
    ]
    data: list[list[object]] = [["区分", "金額", "備考"]]
    bold: list[int] = []
    for account in inventory.accounts:
        data.append([account.account_name, "", ""])
        bold.append(len(data) - 1)
        data += [[f"　{line.label}", amount(line.amount), ""] for line in account.lines]
        data.append(["　計", amount(account.total), ""])
    data.append(["合計", amount(inventory.total), ""])
    bold.append(len(data) - 1)
    story.append(grid_table(data, [width * 0.5, width * 0.22, width * 0.28], fonts,
                            bold_rows=tuple(bold)))  # fmt: skip
    story += [
        Spacer(1, 6 * mm),
        Paragraph("照合（出納帳の残高と収支決算書・翌年度の繰越金）", s.heading),
    ]
    check: list[list[object]] = [
        ["会計", "財産の計", "差引残額", "照合", "翌年度 前年度繰越金", "照合"]
    ]
    for account in inventory.accounts:
        check.append([
            account.account_name,
            amount(account.total),
            amount(account.settlement_balance),
            _verdict(account.settlement_difference),
            "-----" if account.next_opening is None else amount(account.next_opening),
            _verdict(account.carry_difference),
        ])  # fmt: skip
    widths = [width * w for w in (0.24, 0.15, 0.15, 0.12, 0.2, 0.14)]
    centred = [("ALIGN", (c, 1), (c, -1), "CENTER") for c in (3, 5)]
    story.append(grid_table(check, widths, fonts, extra=centred))
    story.append(Spacer(1, 2 * mm))
    story.append(
        Paragraph(
            "※ 財産の計は出納帳の期首残高と記帳から求めた年度末の現金・預金。差引残額は収支決算書の"
            "収入合計 − 支出合計。どちらも一致するとき、帳簿と決算書が合っています。",
            s.small,
        )
    )
    return story


def render_settlement(
    tables: Sequence[AccountsTable],
    inventory: PropertyInventory | None,
    out: Output,
    *,
    printed_on: dt.date,
    fonts: FontSet | None = None,
) -> int:
    """Every account's 収支決算書, then the 財産目録; returns the number of pages."""
    fonts = fonts or default_fonts()
    parts = settlement_parts(tables, fonts, printed_on=printed_on)
    if inventory is not None:
        parts.append(Part(inventory_story(inventory, fonts, width_of(False))))
    title = tables[0].title if tables else "収支決算書"
    society = tables[0].society if tables else ""
    return build_document(out, parts, fonts=fonts, title=title, author=society)
