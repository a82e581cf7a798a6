"""Accounts (会計), items (科目), cash book (出納帳), bank accounts, opening balances, budgets."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gojokai_desktop.db.models.base import Base, KeptInSession, Timestamped, utcnow

ACCOUNT_KINDS = ("general", "special")  # 一般会計, 特別会計
ITEM_SIDES = ("income", "expenditure")  # 収入, 支出
# What an item means to the books beyond its name: carry-forward, transfers, reserve.
ITEM_ROLES = ("normal", "carry_in", "carry_out", "transfer_in", "transfer_out", "reserve")
PAYMENT_METHODS = ("cash", "bank")  # 現金, 預金
BUDGET_KINDS = ("initial", "supplementary", "forecast")  # 当初, 補正, 決算見込


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Account(KeptInSession, Timestamped, Base):
    """A set of books: the general account (一般会計) or a special account (特別会計)."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint(_in("kind", ACCOUNT_KINDS), name="kind_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(10), default="general")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class SubLedger(KeptInSession, Timestamped, Base):
    """A sub-ledger inside an account (004: 一般経理 / 短期経理) with its share of shared costs."""

    __tablename__ = "sub_ledgers"
    __table_args__ = (
        UniqueConstraint("account_id", "code"),
        CheckConstraint("ratio >= 0", name="ratio_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(60))
    # A weight, not a percentage: 9 and 1 split shared costs 9:1.
    ratio: Mapped[int] = mapped_column(Integer, default=1)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class BankAccount(KeptInSession, Timestamped, Base):
    """A bank account the society keeps money in (預金口座)."""

    __tablename__ = "bank_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    name: Mapped[str] = mapped_column(String(60))
    bank_name: Mapped[str] = mapped_column(String(60), default="")
    branch_name: Mapped[str] = mapped_column(String(60), default="")
    account_type: Mapped[str] = mapped_column(String(1), default="1")
    number: Mapped[str] = mapped_column(String(10), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Item(KeptInSession, Timestamped, Base):
    """A 科目 of an account: level 1 款, 2 項, 3 目; income or expenditure; dated validity."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("account_id", "code"),
        CheckConstraint(_in("side", ITEM_SIDES), name="side_valid"),
        CheckConstraint(_in("role", ITEM_ROLES), name="role_valid"),
        CheckConstraint("level BETWEEN 1 AND 3", name="level_range"),
        CheckConstraint(
            "valid_to_year IS NULL OR valid_to_year >= valid_from_year", name="years_ordered"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), nullable=True)
    level: Mapped[int] = mapped_column(Integer, default=2)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(60))
    side: Mapped[str] = mapped_column(String(12))
    role: Mapped[str] = mapped_column(String(12), default="normal")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    valid_from_year: Mapped[int] = mapped_column(Integer, default=2000)
    valid_to_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Two clerks may rename or reorder the same item: the second save is refused, not lost.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1", nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads it as is


class CashBookEntry(Timestamped, Base):
    """One line of the cash book (出納帳). Never updated or deleted: corrections reverse it.

    ``amount`` is always positive; ``net_amount`` is the signed effect on its item (a
    reversal carries ``-amount``) so that every total is one ``SUM(net_amount)``.
    A voucher (伝票) may hold several lines (a 9:1 split, both sides of a transfer).
    """

    __tablename__ = "cash_book_entries"
    __fiscal_date__ = "entry_date"
    __fiscal_label__ = "出納"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "voucher_no", "line_no"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("net_amount = amount OR net_amount = -amount", name="net_matches"),
        CheckConstraint(
            "(reversal_of_id IS NULL AND net_amount > 0) "
            "OR (reversal_of_id IS NOT NULL AND net_amount < 0)",
            name="reversal_sign",
        ),
        CheckConstraint(_in("direction", ITEM_SIDES), name="direction_valid"),
        CheckConstraint(_in("method", PAYMENT_METHODS), name="method_valid"),
        CheckConstraint("(method = 'bank') = (bank_account_id IS NOT NULL)", name="bank_when_bank"),
        CheckConstraint("voucher_no > 0 AND line_no > 0", name="numbers_positive"),
        CheckConstraint(
            "item_id IS NOT NULL OR source_type = 'fund_move'", name="item_unless_fund_move"
        ),
        Index("ix_cash_book_entries_account_date", "account_id", "entry_date"),
        Index("ix_cash_book_entries_year_item", "fiscal_year", "item_id"),
        Index("ix_cash_book_entries_item_date", "item_id", "entry_date"),
        Index("ix_cash_book_entries_source", "source_type", "source_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("fiscal_years.year"))
    voucher_no: Mapped[int] = mapped_column(Integer)
    line_no: Mapped[int] = mapped_column(Integer, default=1)
    entry_date: Mapped[dt.date] = mapped_column(Date)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    sub_ledger_id: Mapped[int | None] = mapped_column(ForeignKey("sub_ledgers.id"), nullable=True)
    # None only for a fund move (預金引出・預入): money changes place, no 科目 is involved.
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id"), nullable=True)
    direction: Mapped[str] = mapped_column(String(12))
    amount: Mapped[int] = mapped_column(Integer)
    net_amount: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(String(200), default="")
    counterparty: Mapped[str] = mapped_column(String(100), default="")
    method: Mapped[str] = mapped_column(String(8), default="cash")
    bank_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_accounts.id"), nullable=True
    )
    source_type: Mapped[str] = mapped_column(String(30), default="")
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reversal_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("cash_book_entries.id"), nullable=True, unique=True
    )
    transfer_pair_id: Mapped[int | None] = mapped_column(
        ForeignKey("cash_book_entries.id"), nullable=True
    )


class OpeningBalance(Timestamped, Base):
    """Money held at the start of a fiscal year, per account and cash/bank account (繰越)."""

    __tablename__ = "opening_balances"
    __fiscal_date__ = "fiscal_year"
    __fiscal_label__ = "期首残高"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "account_id", "method", "bank_account_id"),
        CheckConstraint(_in("method", PAYMENT_METHODS), name="method_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("fiscal_years.year"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    method: Mapped[str] = mapped_column(String(8))
    bank_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_accounts.id"), nullable=True
    )
    amount: Mapped[int] = mapped_column(Integer)


class Budget(Timestamped, Base):
    """One version of an account's budget for a year: 当初, 第N次補正, or 決算見込."""

    __tablename__ = "budgets"
    __fiscal_date__ = "fiscal_year"
    __fiscal_label__ = "予算"
    __table_args__ = (
        UniqueConstraint("account_id", "fiscal_year", "kind", "version_no"),
        CheckConstraint(_in("kind", BUDGET_KINDS), name="kind_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("fiscal_years.year"))
    kind: Mapped[str] = mapped_column(String(14))
    version_no: Mapped[int] = mapped_column(Integer, default=0)
    label: Mapped[str] = mapped_column(String(40))
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class BudgetLine(Timestamped, Base):
    """The amount of one item (and sub-ledger) in one budget version, with its 説明."""

    __tablename__ = "budget_lines"
    __fiscal_date__ = "budget_id"
    __fiscal_label__ = "予算"
    __table_args__ = (
        UniqueConstraint("budget_id", "item_id", "sub_ledger_id"),
        CheckConstraint("amount >= 0", name="amount_non_negative"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    budget_id: Mapped[int] = mapped_column(ForeignKey("budgets.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id"))
    sub_ledger_id: Mapped[int | None] = mapped_column(ForeignKey("sub_ledgers.id"), nullable=True)
    amount: Mapped[int] = mapped_column(Integer, default=0)
    explanation: Mapped[str] = mapped_column(Text, default="")


CLOSING_ACTIONS = ("close", "reopen")  # 締め, 再開


class FiscalYearClosing(Base):
    """A close (締め) or re-opening (再開) of a fiscal year: who, when, why, which backup.

    The year's own row says whether it is closed now; these rows keep the story, so the
    auditors can see every re-opening and its reason.
    """

    __tablename__ = "fiscal_year_closings"
    __table_args__ = (CheckConstraint(_in("action", CLOSING_ACTIONS), name="action_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(ForeignKey("fiscal_years.year"), index=True)
    action: Mapped[str] = mapped_column(String(10))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(60), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    backup_path: Mapped[str] = mapped_column(String(400), default="")
    summary_json: Mapped[str] = mapped_column(Text, default="{}")
