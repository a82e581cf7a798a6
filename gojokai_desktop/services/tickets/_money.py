"""The cash book side of tickets: which bank account, and undoing a record's entries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import aliased

from gojokai_desktop.db.models import BankAccount, CashBookEntry
from gojokai_desktop.db.uow import UnitOfWork
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.accounts import ledger
from gojokai_desktop.services.accounts.setup import item_for_purpose


def bank_for(uow: UnitOfWork, purpose: str, fiscal_year: int, chosen: int | None) -> int:
    """The bank account of a transfer: the one chosen, else the account's first."""
    if chosen is not None:
        return chosen
    account_id = item_for_purpose(uow, purpose, fiscal_year).account_id
    bank = uow.session.scalar(
        select(BankAccount.id).where(BankAccount.account_id == account_id).order_by(BankAccount.id)
    )
    if bank is None:
        raise RuleViolation(
            "振込・口座の出納には預金口座が必要です。会計の設定で口座を登録してください。"
        )
    return bank


def live_entries(uow: UnitOfWork, source_type: str, source_id: int) -> list[int]:
    """Entries a record caused that are not reversals and not reversed yet."""
    reversal = aliased(CashBookEntry)
    return list(
        uow.session.scalars(
            select(CashBookEntry.id)
            .outerjoin(reversal, reversal.reversal_of_id == CashBookEntry.id)
            .where(
                CashBookEntry.source_type == source_type,
                CashBookEntry.source_id == source_id,
                CashBookEntry.reversal_of_id.is_(None),
                reversal.id.is_(None),
            )
            .order_by(CashBookEntry.id)
        )
    )


def reverse_all(
    uow: UnitOfWork, source_type: str, source_id: int, *, on: dt.date, reason: str
) -> int:
    """Reverse every live entry of a record (赤伝), dated ``on``; returns how many."""
    entries = live_entries(uow, source_type, source_id)
    for entry_id in entries:
        ledger.reverse(uow, entry_id, date=on, reason=reason)
    return len(entries)
