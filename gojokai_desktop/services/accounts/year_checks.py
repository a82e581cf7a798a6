"""The accounts' checks before a year is closed: the year ended, the one before it closed,
no money below zero on any day, 繰出金 and 繰入金 equal, a budget for this year and the next."""

from __future__ import annotations

from sqlalchemy import func, select

from gojokai_desktop.db.models import (
    Account,
    BankAccount,
    Budget,
    CashBookEntry,
    FiscalYear,
    Item,
)
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.domain.yen import format_report_yen
from gojokai_desktop.services.accounts.balances import negative_days
from gojokai_desktop.services.accounts.year_close import CheckScope, YearCheck

AREA = "会計"


def year_checks(scope: CheckScope) -> list[YearCheck]:
    return [
        *_year_ended(scope),
        *_previous_closed(scope),
        *_negative_money(scope),
        *_transfers(scope),
        *_budgets(scope),
    ]


def _year_ended(scope: CheckScope) -> list[YearCheck]:
    if scope.today > scope.last_day:
        return []
    return [
        YearCheck(
            "year_not_ended",
            f"年度末（{format_wareki(scope.last_day)}）が過ぎていません",
            "年度の途中では締められません。年度末の後、出納をすべて記帳してから締めます。",
            AREA,
            "出納帳",
            blocking=True,
        )
    ]


def _previous_closed(scope: CheckScope) -> list[YearCheck]:
    previous = scope.session.get(FiscalYear, scope.fiscal_year - 1)
    if previous is None or previous.status == "closed":
        return []
    label = scope.label_of(scope.fiscal_year - 1)
    return [
        YearCheck(
            "previous_open",
            f"前年度（{label}）が締められていません",
            f"繰越金が変わらないよう、{label}を先に締めてください。",
            AREA,
            "年度締め",
            blocking=True,
        )
    ]


def _negative_money(scope: CheckScope) -> list[YearCheck]:
    found = negative_days(scope.session, scope.fiscal_year)
    if not found:
        return []
    accounts = {a.id: a.name for a in scope.session.scalars(select(Account))}
    banks = {b.id: b.name for b in scope.session.scalars(select(BankAccount))}
    lines = []
    for day in found:
        holder = "現金" if day.bank_account_id is None else banks.get(day.bank_account_id, "口座")
        lines.append(
            f"{accounts.get(day.account_id, '')} {holder}: {format_wareki(day.date)}に"
            f"{format_report_yen(day.balance)}円"
        )
    return [
        YearCheck(
            "negative_money",
            "現金・預金の残高がマイナスになった日があります",
            "記帳漏れ（入金・預金引出）か日付の誤りです。" + "、".join(lines),
            AREA,
            "出納帳",
            blocking=True,
            count=len(found),
        )
    ]


def _transfers(scope: CheckScope) -> list[YearCheck]:
    session = scope.session
    by_role = dict(
        session.execute(
            select(Item.role, func.coalesce(func.sum(CashBookEntry.net_amount), 0))
            .join(Item, Item.id == CashBookEntry.item_id)
            .where(
                CashBookEntry.fiscal_year == scope.fiscal_year,
                Item.role.in_(("transfer_in", "transfer_out")),
            )
            .group_by(Item.role)
        ).all()
    )
    paid_out = int(by_role.get("transfer_out", 0))
    taken_in = int(by_role.get("transfer_in", 0))
    unpaired = session.scalar(
        select(func.count())
        .select_from(CashBookEntry)
        .join(Item, Item.id == CashBookEntry.item_id)
        .where(
            CashBookEntry.fiscal_year == scope.fiscal_year,
            Item.role.in_(("transfer_in", "transfer_out")),
            CashBookEntry.transfer_pair_id.is_(None),
        )
    )
    if paid_out == taken_in and not unpaired:
        return []
    return [
        YearCheck(
            "transfer_mismatch",
            "繰出金と繰入金が合いません",
            f"繰出金 {format_report_yen(paid_out)}円、繰入金 {format_report_yen(taken_in)}円"
            f"（相手のない記帳 {int(unpaired or 0)}件）。"
            "［繰出・繰入］で両方の会計に同時に記帳し、片側だけの記帳は取り消してください。",
            AREA,
            "出納帳",
            blocking=True,
            count=int(unpaired or 0) or 1,
        )
    ]


def _budgets(scope: CheckScope) -> list[YearCheck]:
    """A missing budget does not stop the close, but the settlement's (A) and the meeting
    packet's next-year budget need it."""
    session = scope.session
    with_items = set(session.scalars(select(Item.account_id).distinct()))
    accounts = list(session.scalars(select(Account).order_by(Account.sort_order)))
    found = []
    for year, what in ((scope.fiscal_year, "この年度"), (scope.fiscal_year + 1, "翌年度")):
        budgeted = set(
            session.scalars(
                select(Budget.account_id).where(
                    Budget.fiscal_year == year, Budget.kind.in_(("initial", "supplementary"))
                )
            )
        )
        missing = [a.name for a in accounts if a.id in with_items and a.id not in budgeted]
        if missing:
            found.append(
                YearCheck(
                    f"budget_missing_{year}",
                    f"{what}（{scope.label_of(year)}）の予算がありません",
                    "、".join(missing)
                    + ("。決算書の予算額が「-----」になります。" if year == scope.fiscal_year
                       else "。総会資料の予算書に必要です。"),
                    AREA,
                    "予算",
                    blocking=False,
                    count=len(missing),
                )
            )  # fmt: skip
    return found
