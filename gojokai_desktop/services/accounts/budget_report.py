"""The tables of the 004 layout: 収支予算書 ((A), 見込, (B), (B)−(A), 内訳) and 収支状況.

Both are built from the item tree: 款 in the left column, numbered 項 headings in bold, 目
indented, 小計 per 款 and 合計 per side. In 千円 every column is rounded so that the printed
小計 and 合計 still add up (largest remainder, top-down).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import Account, CashBookEntry, OpeningBalance, SubLedger
from gojokai_desktop.domain.accounting import (
    AccountsTable,
    ReportRow,
    ReportSection,
    TableNode,
    fit_breakdown_to_thousand,
    percent_used,
    round_tree_to_thousand,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.accounts.budget import budget_in_force, forecast_of, lines_of
from gojokai_desktop.services.accounts.setup import ItemInfo, list_items
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import load_profile

SECTION_TITLES = {"income": "(収入)", "expenditure": "(支出)"}
UNITS = ("円", "千円")


LeafCells = Callable[[ItemInfo], tuple[int | None, ...]]
#: The 前年度繰越金 row of an account whose item tree has none (004's foundation accounts).
CARRY_IN_ID = -1


def derived_carry_in_item(account_id: int) -> ItemInfo:
    """前年度繰越金 for a tree without it: the money carried in, printed with the income."""
    return ItemInfo(CARRY_IN_ID, account_id, None, 2, "", "前年度繰越金", "income", "carry_in",
                    10**6, 1900, None)  # fmt: skip


def opening_of(session: Session, account_id: int, fiscal_year: int) -> int | None:
    """The money an account opened a year with; None when that year has no opening yet."""
    rows = session.scalars(
        select(OpeningBalance.amount).where(
            OpeningBalance.account_id == account_id, OpeningBalance.fiscal_year == fiscal_year
        )
    ).all()
    return sum(rows) if rows else None


def _nodes(items: list[ItemInfo], leaf_cells: LeafCells, parent: int | None) -> list[TableNode]:
    nodes = []
    for item in items:
        if item.parent_id != parent:
            continue
        children = _nodes(items, leaf_cells, item.id)
        if children:
            nodes.append(TableNode(str(item.id), children=tuple(children)))
        else:
            nodes.append(TableNode(str(item.id), leaf_cells(item)))
    return nodes


def _flatten(nodes: list[TableNode]) -> dict[str, tuple[int | None, ...]]:
    out: dict[str, tuple[int | None, ...]] = {}

    def walk(node: TableNode) -> None:
        out[node.key] = node.totals()
        for child in node.children:
            walk(child)

    for node in nodes:
        walk(node)
    columns = len(nodes[0].totals()) if nodes else 0
    out[""] = TableNode("", children=tuple(nodes)).totals() if nodes else (None,) * columns
    return out


def build_section(
    side: str,
    items: list[ItemInfo],
    leaf_cells: LeafCells,
    *,
    thousand: bool,
    finish: Callable[
        [tuple[int | None, ...], tuple[int | None, ...]], tuple[tuple[int | None, ...], str]
    ],
    explanations: dict[int, str],
    total_label: str = "合計",
    breakdown: tuple[int, int] | None = None,
) -> ReportSection:
    """Rows of one side of a 004-layout table from the item tree.

    ``leaf_cells(item)`` gives a leaf's amounts (None prints "-----"); headings sum their
    rows; in 千円 every column is rounded top-down so 小計 and 合計 add up on paper.
    ``finish(printed, exact)`` adds derived columns (差額) and the rate. ``breakdown`` =
    (amount column, first 内訳 column): in 千円 the 内訳 of a row adds up to its amount too.
    """
    side_items = [i for i in items if i.side == side]
    roots = [i for i in side_items if i.parent_id is None]
    nodes = _nodes(side_items, leaf_cells, None)
    exact = _flatten(nodes)
    printed = round_tree_to_thousand(nodes) if thousand else exact
    if thousand and breakdown is not None and nodes:
        # 内訳 (from column breakdown[1] on) adds up to the amount in column breakdown[0].
        amount, first = breakdown
        parts = range(first, len(exact[""]))
        if parts:
            printed = fit_breakdown_to_thousand(nodes, printed, amount, parts)
    children_of: dict[int | None, list[ItemInfo]] = {}
    for item in side_items:
        children_of.setdefault(item.parent_id, []).append(item)
    rows: list[ReportRow] = []

    def cells(key: str, zero_for_none: bool = False) -> tuple[tuple[int | None, ...], str]:
        raw = printed.get(key) or exact[key]
        base = tuple(0 if (v is None and zero_for_none) else v for v in raw)
        return finish(base, exact[key])

    def item_row(item: ItemInfo, kind: str, label: str, group: str) -> ReportRow:
        values, rate = cells(str(item.id))
        return ReportRow(kind, group, label, values, rate, explanations.get(item.id, ""), item.id)

    def heads(heads_: list[ItemInfo], group: str) -> None:
        numbered = len(heads_) > 1
        for n, head in enumerate(heads_, start=1):
            label = f"{n} {head.name}" if numbered else head.name
            kind = "heading" if numbered else "line"
            rows.append(item_row(head, kind, label, group if n == 1 else ""))
            for child in children_of.get(head.id, []):
                rows.append(item_row(child, "line", child.name, ""))

    has_groups = any(r.level == 1 for r in roots)
    if has_groups:
        for group in roots:
            members = children_of.get(group.id, [])
            if not members:
                rows.append(item_row(group, "line", group.name, group.name))
                continue
            heads(members, group.name)
            if len(members) > 1:
                values, rate = cells(str(group.id), zero_for_none=True)
                rows.append(ReportRow("subtotal", "", "小計", values, rate, "", group.id))
    else:
        heads(roots, "")
    values, rate = cells("", zero_for_none=True)
    rows.append(ReportRow("total", "", total_label, values, rate))
    return ReportSection(side, SECTION_TITLES[side], has_groups, tuple(rows))


def find_account(session: Session, account: int | str | None) -> Account:
    query = select(Account)
    if isinstance(account, int):
        query = query.where(Account.id == account)
    else:
        query = query.where(Account.code == (account or "general"))
    row = session.scalar(query)
    if row is None:
        raise ValidationError(f"会計「{account or 'general'}」がありません。", "会計")
    return row


def _sum_lines(lines: list[tuple[int, int | None, int]], item_id: int, sub: int | None = -1) -> int:
    return sum(a for i, s, a in lines if i == item_id and sub in (-1, s))


def actual_by_item(
    session: Session, account_id: int, fiscal_year: int, start: dt.date, until: dt.date
) -> dict[int, int]:
    """SUM of net amounts per item for a period of one fiscal year (reversals included)."""
    rows = session.execute(
        select(CashBookEntry.item_id, func.sum(CashBookEntry.net_amount))
        .where(
            CashBookEntry.fiscal_year == fiscal_year,
            CashBookEntry.account_id == account_id,
            CashBookEntry.entry_date >= start,
            CashBookEntry.entry_date <= until,
            CashBookEntry.item_id.is_not(None),  # fund moves carry no item
        )
        .group_by(CashBookEntry.item_id)
    )
    return {item_id: int(total) for item_id, total in rows if item_id is not None}


def with_carry(
    session: Session, account_id: int, year: int, items: list[ItemInfo], actual: dict[int, int]
) -> dict[int, int]:
    """Add the derived items: 前年度繰越金 is the opening money, 次年度繰越金 what is left
    (income − expenditure); ``actual`` is by item id as :func:`actual_by_item` gives it."""
    result = dict(actual)
    carry_in = next((i for i in items if i.role == "carry_in"), None)
    if carry_in is not None:
        opening = session.scalar(
            select(func.coalesce(func.sum(OpeningBalance.amount), 0)).where(
                OpeningBalance.account_id == account_id, OpeningBalance.fiscal_year == year
            )
        )
        result[carry_in.id] = int(opening or 0)
    carry_out = next((i for i in items if i.role == "carry_out"), None)
    if carry_out is not None:
        side_of = {i.id: i.side for i in items}
        income = sum(v for k, v in result.items() if side_of.get(k) == "income")
        spent = sum(v for k, v in result.items() if side_of.get(k) == "expenditure")
        result[carry_out.id] = income - spent
    return result


def _same_day_last_year(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _derived_carry(
    session: Session, account_id: int, year: int, calendar: FiscalCalendar, items: list[ItemInfo]
) -> tuple[int | None, int, int] | None:
    """(A), 決算見込 and (B) of 前年度繰越金 when the tree has no such item but the account
    carries money: what the settlements print (last year's opening, and this year's opening
    or, before the year is opened, what last year is closing with). None otherwise."""
    if any(i.role == "carry_in" for i in items):
        return None
    last, this = opening_of(session, account_id, year - 1), opening_of(session, account_id, year)
    if last is None and this is None:
        return None
    if this is None:
        side_of = {i.id: i.side for i in items}
        moved = actual_by_item(
            session, account_id, year - 1, calendar.first_day(year - 1), calendar.last_day(year - 1)
        )
        this = (last or 0) + sum(
            v if side_of.get(k) == "income" else -v
            for k, v in moved.items()
            if side_of.get(k) in ("income", "expenditure")
        )
    return last, last or 0, this


def budget_table(
    ctx: AppContext, *, fiscal_year: int, account: int | str | None = None, unit: str = "千円"
) -> AccountsTable:
    """収支予算書: 前年度予算(A), 前年度決算見込, 本年度予算(B), (B)−(A), 内訳, 説明."""
    if unit not in UNITS:
        raise ValidationError("単位は円か千円を選んでください。", "単位")
    profile = load_profile(ctx)
    calendar = profile.calendar if profile else FiscalCalendar()
    with ctx.reader() as session:
        acc = find_account(session, account)
        subs = session.scalars(
            select(SubLedger).where(SubLedger.account_id == acc.id).order_by(SubLedger.sort_order)
        ).all()
        items = [
            i
            for i in list_items(ctx, acc.id)
            if i.valid_in(fiscal_year) or i.valid_in(fiscal_year - 1)
        ]
        this = budget_in_force(session, acc.id, fiscal_year)
        last = budget_in_force(session, acc.id, fiscal_year - 1)
        lines_b = [
            (x.item_id, x.sub_ledger_id, x.amount)
            for x in lines_of(session, None if this is None else this.id)
        ]
        lines_a = [
            (x.item_id, x.sub_ledger_id, x.amount)
            for x in lines_of(session, None if last is None else last.id)
        ]
        forecast = forecast_of(session, acc.id, fiscal_year - 1)
        if forecast is not None:
            lines_f = lines_of(session, forecast.id)
            estimate: dict[int, int] = {}
            for line in lines_f:
                estimate[line.item_id] = estimate.get(line.item_id, 0) + line.amount
        else:
            prev = fiscal_year - 1
            estimate = with_carry(
                session,
                acc.id,
                prev,
                items,
                actual_by_item(
                    session, acc.id, prev, calendar.first_day(prev), calendar.last_day(prev)
                ),
            )
        explanations = {
            x.item_id: x.explanation
            for x in lines_of(session, None if this is None else this.id)
            if x.explanation
        }
        sub_ids = [s.id for s in subs]
        carried = _derived_carry(session, acc.id, fiscal_year, calendar, items)
        if carried is not None:
            items.append(derived_carry_in_item(acc.id))

        def leaf(item: ItemInfo) -> tuple[int | None, ...]:
            if item.id == CARRY_IN_ID and carried is not None:
                return (*carried, *([None] * len(sub_ids)))
            by_sub: list[int | None] = []
            for sub_id in sub_ids:
                present = any(i == item.id and s == sub_id for i, s, _ in lines_b)
                by_sub.append(_sum_lines(lines_b, item.id, sub_id) if present else None)
            return (
                _sum_lines(lines_a, item.id),
                estimate.get(item.id, 0),
                _sum_lines(lines_b, item.id),
                *by_sub,
            )

        def finish(
            printed: tuple[int | None, ...], _exact: tuple[int | None, ...]
        ) -> tuple[tuple[int | None, ...], str]:
            a, f, b, *by_sub = printed
            diff = None if a is None or b is None else b - a
            return (a, f, b, diff, *by_sub), ""

        sections = tuple(
            build_section(
                side,
                items,
                leaf,
                thousand=unit == "千円",
                finish=finish,
                explanations=explanations,
                breakdown=(2, 3),
            )
            for side in ("income", "expenditure")
        )
        prev_label = calendar.label(fiscal_year - 1)
        this_label = calendar.label(fiscal_year)
        return AccountsTable(
            title=f"{this_label}{acc.name}収支予算",
            society=profile.name if profile else "",
            period="",
            unit=unit,
            columns=(
                f"{prev_label} 予算 (A)",
                f"{prev_label} 決算見込",
                f"{this_label} 予算 (B)",
                "対前年度 予算比較 (B)-(A)",
            ),
            sub_ledger_columns=tuple(s.name for s in subs),
            sub_ledger_heading=f"{this_label}予算の内訳" if subs else "",
            rate_column=False,
            sections=sections,
        )


def running_status(
    ctx: AppContext,
    *,
    fiscal_year: int,
    until: dt.date | None = None,
    account: int | str | None = None,
    unit: str = "円",
) -> AccountsTable:
    """収支状況: per item the budget in force, actual to ``until``, remaining, % used, last year."""
    if unit not in UNITS:
        raise ValidationError("単位は円か千円を選んでください。", "単位")
    profile = load_profile(ctx)
    calendar = profile.calendar if profile else FiscalCalendar()
    start = calendar.first_day(fiscal_year)
    end = min(until or calendar.last_day(fiscal_year), calendar.last_day(fiscal_year))
    if end < start:
        raise ValidationError("集計日は年度の初日以降を指定してください。", "集計日")
    with ctx.reader() as session:
        acc = find_account(session, account)
        items = [i for i in list_items(ctx, acc.id) if i.valid_in(fiscal_year)]
        budget = budget_in_force(session, acc.id, fiscal_year, as_of=end)
        lines = [
            (x.item_id, x.sub_ledger_id, x.amount)
            for x in lines_of(session, None if budget is None else budget.id)
        ]
        actual = with_carry(
            session,
            acc.id,
            fiscal_year,
            items,
            actual_by_item(session, acc.id, fiscal_year, start, end),
        )
        last_start = calendar.first_day(fiscal_year - 1)
        last_year = with_carry(
            session,
            acc.id,
            fiscal_year - 1,
            items,
            actual_by_item(session, acc.id, fiscal_year - 1, last_start, _same_day_last_year(end)),
        )

        def leaf(item: ItemInfo) -> tuple[int | None, ...]:
            return (_sum_lines(lines, item.id), actual.get(item.id, 0), last_year.get(item.id, 0))

        def finish(
            printed: tuple[int | None, ...], exact: tuple[int | None, ...]
        ) -> tuple[tuple[int | None, ...], str]:
            b, a, last = (v or 0 for v in printed)
            return (b, a, b - a, last), percent_used(exact[1] or 0, exact[0] or 0)

        sections = tuple(
            build_section(
                side, items, leaf, thousand=unit == "千円", finish=finish, explanations={}
            )
            for side in ("income", "expenditure")
        )
        label = calendar.label(fiscal_year)
        budget_label = budget.label if budget else "予算未登録"
        return AccountsTable(
            title=f"{label}{acc.name}収支状況",
            society=profile.name if profile else "",
            period=f"{format_wareki(start)}から{format_wareki(end)}まで（{budget_label}）",
            unit=unit,
            columns=("予算額", "収入・支出 済額", "残額", "前年同期"),
            sub_ledger_columns=(),
            sub_ledger_heading="",
            rate_column=True,
            sections=sections,
        )
