"""The clerk's cash-book actions, each in its own unit of work: 記帳, 取消, 繰出・繰入, 預金引出."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from gojokai_desktop.db.errors import retry_on_conflict
from gojokai_desktop.db.models import Account, CashBookEntry, FiscalYear, Item
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.yen import format_yen
from gojokai_desktop.services.accounts.ledger import move_funds, post, post_split, reverse, transfer
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import fiscal_label_in


@dataclass(frozen=True)
class EntryInput:
    """What the entry dialog collects; the screen never opens a unit of work itself."""

    date: dt.date
    item_id: int
    amount: int
    description: str
    counterparty: str = ""
    method: str = "cash"
    bank_account_id: int | None = None
    sub_ledger: str | None = None
    split: bool = False  # 按分: over the account's sub-ledgers by their ratios


@retry_on_conflict
def record_entry(ctx: AppContext, entry: EntryInput) -> int:
    """Post one entry typed by the clerk in its own unit of work; returns its (first) id."""
    with ctx.unit_of_work("出納の記帳") as uow:
        if entry.split:
            ids = post_split(
                uow,
                date=entry.date,
                amount=entry.amount,
                description=entry.description,
                item=entry.item_id,
                method=entry.method,
                bank_account=entry.bank_account_id,
                counterparty=entry.counterparty,
            )
            uow.commit()
            return ids[0]
        entry_id = post(
            uow,
            date=entry.date,
            amount=entry.amount,
            description=entry.description,
            item=entry.item_id,
            sub_ledger=entry.sub_ledger,
            method=entry.method,
            bank_account=entry.bank_account_id,
            counterparty=entry.counterparty,
        )
        uow.commit()
    return entry_id


def reversal_notice(ctx: AppContext, entry_id: int, date: dt.date) -> str:
    """What the clerk is told before a 取消 dated ``date``: the voucher, and which year's
    books (予算に対する決算額) the reversal changes — the open year's, not the closed one's."""
    with ctx.reader() as session:
        entry = session.get(CashBookEntry, entry_id)
        if entry is None:
            raise ValidationError(f"出納（id {entry_id}）がありません。", "出納")
        label = fiscal_label_in(session)
        item = session.get(Item, entry.item_id) if entry.item_id is not None else None
        status = session.scalar(
            select(FiscalYear.status).where(FiscalYear.year == entry.fiscal_year)
        )
        year = label.calendar.year_of(date)
    what = f"「{item.name}」" if item else ""
    lines = [
        f"伝票No.{entry.voucher_no}（{label.year(entry.fiscal_year)}、{format_yen(entry.amount)}円）"
        "を取り消します。",
        "元の記帳は残り、取消の記帳（赤伝）が追加されます。",
    ]
    if status == "closed" and year != entry.fiscal_year:
        side = "収入" if entry.direction == "income" else "支出"
        lines.append(
            f"{label.year(entry.fiscal_year)}は締め済みのため、取消は{label.year(year)}の"
            f"記帳になります。{label.year(year)}の{what}{side}の決算額が"
            f"{format_yen(entry.amount)}円減り、予算に対する執行額もその分減ります"
            f"（{label.year(entry.fiscal_year)}の決算は変わりません）。"
        )
    return "\n".join(lines)


@retry_on_conflict
def reverse_entry(ctx: AppContext, entry_id: int, *, date: dt.date, reason: str = "") -> int:
    """The clerk's 取消: a reversing entry in its own unit of work."""
    with ctx.unit_of_work("出納の取消") as uow:
        reversal = reverse(uow, entry_id, date=date, reason=reason)
        uow.commit()
    return reversal


@retry_on_conflict
def record_transfer(
    ctx: AppContext,
    *,
    date: dt.date,
    from_item: int,
    to_item: int,
    amount: int,
    description: str,
) -> tuple[int, int]:
    """The clerk's 繰出・繰入 between two accounts, entered once, in its own unit of work."""
    with ctx.unit_of_work("会計間の繰出・繰入") as uow:
        pair = transfer(
            uow,
            date=date,
            amount=amount,
            from_item=from_item,
            to_item=to_item,
            description=description,
        )
        uow.commit()
    return pair


def transfer_items(ctx: AppContext) -> list[tuple[int, str, str]]:
    """``(id, "会計 科目", role)`` of every 繰出金 and 繰入金 item, for the transfer dialog."""
    with ctx.reader() as session:
        rows = session.execute(
            select(Item.id, Account.name, Item.code, Item.name, Item.role)
            .join(Account, Account.id == Item.account_id)
            .where(Item.role.in_(("transfer_out", "transfer_in")))
            .order_by(Account.sort_order, Item.sort_order)
        ).all()
    return [(i, f"{acc} {code} {name}", role) for i, acc, code, name, role in rows]


@retry_on_conflict
def record_fund_move(
    ctx: AppContext,
    *,
    date: dt.date,
    amount: int,
    from_bank_account: int | None,
    to_bank_account: int | None,
    description: str = "",
    account: int | None = None,
) -> tuple[int, int]:
    """The clerk's 預金引出・預入 in its own unit of work."""
    with ctx.unit_of_work("預金の引出・預入") as uow:
        pair = move_funds(
            uow,
            date=date,
            amount=amount,
            from_bank_account=from_bank_account,
            to_bank_account=to_bank_account,
            description=description,
            account=account,
        )
        uow.commit()
    return pair
