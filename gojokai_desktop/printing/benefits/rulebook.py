"""The printable benefit rulebook (給付一覧表), written from the benefit table itself.

One kind takes as many rows as its longest column (amount bands, evidence); the kind's name,
subject and periods are written on its first row only, so the paper reads like the bylaws'
table and can never disagree with what the program pays.
"""

from __future__ import annotations

import datetime as dt
from itertools import zip_longest
from typing import Any

from gojokai_desktop.domain.benefits.table import LIMITS, BenefitKind, BenefitTable, rule_in_words
from gojokai_desktop.domain.fiscal import APRIL_START, FiscalCalendar
from gojokai_desktop.printing.fonts import FontSet
from gojokai_desktop.printing.listing import ListColumn, ListingSpec, render_listing
from gojokai_desktop.printing.render import Output, RenderResult

COLUMNS = (
    ListColumn("給付の種類", "name", 52),
    ListColumn("分類", "category", 9, align="center"),
    ListColumn("対象", "subject", 14, align="center"),
    ListColumn("支給額", "amount", 64),
    ListColumn("待機期間", "waiting", 18, align="center"),
    ListColumn("請求期限", "deadline", 20, align="center"),
    ListColumn("回数", "limit", 21),
    ListColumn("必要書類", "evidence", 66),
)
#: Half-width units (a kanji counts 2) that fit one line of the amount and evidence columns;
#: longer texts continue on the next row instead of shrinking out of sight.
_AMOUNT_UNITS = 42
_EVIDENCE_UNITS = 44


def _chunks(text: str, units: int) -> list[str]:
    lines, line, used = [], "", 0
    for char in text:
        width = 1 if char.isascii() else 2
        if used + width > units:
            lines.append(line)
            line, used = "", 0
        line += char
        used += width
    return [*lines, line]


def _months_words(months: int) -> str:
    return f"{months // 12}年" if months % 12 == 0 else f"{months}か月"


def _limit_words(kind: BenefitKind) -> str:
    limit = kind.limit
    if limit.kind == "per_period":
        return f"{limit.period_years}年間に{limit.count}回"
    return LIMITS[limit.kind]


def _conditions(kind: BenefitKind) -> list[str]:
    """Age and school conditions belong beside the amount: they decide whether it is paid."""
    words = []
    if kind.ages:
        words.append(f"満{'・'.join(str(a) for a in kind.ages)}歳に達したとき")
    if kind.school_entry_age == 6:
        words.append("小学校に入学するとき")
    elif kind.school_entry_age == 12:
        words.append("中学校に入学するとき")
    if kind.note:
        words.append(f"※{kind.note}")
    return words


def rulebook_rows(table: BenefitTable) -> list[dict[str, Any]]:
    """The rows of the rulebook, several per kind."""
    rows: list[dict[str, Any]] = []
    for kind in table.kinds:
        amounts = [
            chunk
            for line in (*rule_in_words(kind.rule), *_conditions(kind))
            for chunk in _chunks(line, _AMOUNT_UNITS)
        ]
        papers = [*kind.evidence, *(["事業主の証明"] if kind.employer_certification else [])]
        evidence = [c for paper in papers or ["なし"] for c in _chunks(paper, _EVIDENCE_UNITS)]
        first = {
            "name": kind.name,
            "category": kind.category_label,
            "subject": kind.subject_label,
            "waiting": f"入会後{_months_words(kind.waiting_months)}"
            if kind.waiting_months
            else "なし",
            "deadline": f"発生日から{_months_words(kind.deadline_months)}",
            "limit": _limit_words(kind),
        }
        for index, (amount, paper) in enumerate(zip_longest(amounts, evidence, fillvalue="")):
            row = dict(first) if index == 0 else {}
            row["amount"] = amount
            row["evidence"] = paper
            rows.append(row)
    return rows


def render_benefit_rulebook(
    table: BenefitTable,
    out: Output,
    *,
    printed_on: dt.date,
    society_name: str = "",
    calendar: FiscalCalendar = APRIL_START,
    fonts: FontSet | None = None,
) -> RenderResult:
    """Write the 給付一覧表 of ``table`` as an A4 landscape PDF."""
    spec = ListingSpec(
        title="慶弔給付一覧表",
        columns=COLUMNS,
        printed_on=printed_on,
        conditions=(f"{table.name}（{calendar.label(table.valid_from_year)}から適用）",),
        society_name=society_name,
        unit_note="単位:円",
        footnotes=(
            "※ 待機期間: 入会日からその期間内に生じた事由は対象外です。",
            "※ 請求期限: 事由発生日の翌日から数えて、期限の日までに請求してください。",
        ),
        landscape=True,
        font_size=8.5,
        row_height=5.5,
    )
    return render_listing(spec, rulebook_rows(table), out, fonts=fonts)
