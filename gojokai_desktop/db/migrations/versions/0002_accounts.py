"""accounts: items, cash book, bank accounts, opening balances, budgets

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 13:00:32.785807
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("kind IN ('general', 'special')", name=op.f("ck_accounts_kind_valid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("code", name=op.f("uq_accounts_code")),
    )
    op.create_table(
        "bank_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("bank_name", sa.String(length=60), nullable=False),
        sa.Column("branch_name", sa.String(length=60), nullable=False),
        sa.Column("account_type", sa.String(length=1), nullable=False),
        sa.Column("number", sa.String(length=10), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_bank_accounts_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_accounts")),
    )
    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("side", sa.String(length=12), nullable=False),
        sa.Column("role", sa.String(length=12), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("valid_from_year", sa.Integer(), nullable=False),
        sa.Column("valid_to_year", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "role IN ('normal', 'carry_in', 'carry_out', 'transfer_in', 'transfer_out', 'reserve')",
            name=op.f("ck_items_role_valid"),
        ),
        sa.CheckConstraint("side IN ('income', 'expenditure')", name=op.f("ck_items_side_valid")),
        sa.CheckConstraint("level BETWEEN 1 AND 3", name=op.f("ck_items_level_range")),
        sa.CheckConstraint(
            "valid_to_year IS NULL OR valid_to_year >= valid_from_year",
            name=op.f("ck_items_years_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_items_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(["parent_id"], ["items.id"], name=op.f("fk_items_parent_id_items")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint("account_id", "code", name=op.f("uq_items_account_id")),
    )
    op.create_table(
        "sub_ledgers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("ratio", sa.Integer(), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("ratio >= 0", name=op.f("ck_sub_ledgers_ratio_non_negative")),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_sub_ledgers_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sub_ledgers")),
        sa.UniqueConstraint("account_id", "code", name=op.f("uq_sub_ledgers_account_id")),
    )
    op.create_table(
        "budgets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=14), nullable=False),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=40), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('initial', 'supplementary', 'forecast')", name=op.f("ck_budgets_kind_valid")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_budgets_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["fiscal_year"], ["fiscal_years.year"], name=op.f("fk_budgets_fiscal_year_fiscal_years")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budgets")),
        sa.UniqueConstraint(
            "account_id", "fiscal_year", "kind", "version_no", name=op.f("uq_budgets_account_id")
        ),
    )
    op.create_table(
        "cash_book_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("voucher_no", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("sub_ledger_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(length=12), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("net_amount", sa.Integer(), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("counterparty", sa.String(length=100), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("bank_account_id", sa.Integer(), nullable=True),
        sa.Column("source_type", sa.String(length=30), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("reversal_of_id", sa.Integer(), nullable=True),
        sa.Column("transfer_pair_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(method = 'bank') = (bank_account_id IS NOT NULL)",
            name=op.f("ck_cash_book_entries_bank_when_bank"),
        ),
        sa.CheckConstraint(
            "direction IN ('income', 'expenditure')",
            name=op.f("ck_cash_book_entries_direction_valid"),
        ),
        sa.CheckConstraint(
            "method IN ('cash', 'bank')", name=op.f("ck_cash_book_entries_method_valid")
        ),
        sa.CheckConstraint(
            "(reversal_of_id IS NULL AND net_amount > 0) OR (reversal_of_id IS NOT NULL AND net_amount < 0)",
            name=op.f("ck_cash_book_entries_reversal_sign"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_cash_book_entries_amount_positive")),
        sa.CheckConstraint(
            "net_amount = amount OR net_amount = -amount",
            name=op.f("ck_cash_book_entries_net_matches"),
        ),
        sa.CheckConstraint(
            "voucher_no > 0 AND line_no > 0", name=op.f("ck_cash_book_entries_numbers_positive")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_cash_book_entries_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["bank_account_id"],
            ["bank_accounts.id"],
            name=op.f("fk_cash_book_entries_bank_account_id_bank_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["fiscal_year"],
            ["fiscal_years.year"],
            name=op.f("fk_cash_book_entries_fiscal_year_fiscal_years"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_cash_book_entries_item_id_items")
        ),
        sa.ForeignKeyConstraint(
            ["reversal_of_id"],
            ["cash_book_entries.id"],
            name=op.f("fk_cash_book_entries_reversal_of_id_cash_book_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["sub_ledger_id"],
            ["sub_ledgers.id"],
            name=op.f("fk_cash_book_entries_sub_ledger_id_sub_ledgers"),
        ),
        sa.ForeignKeyConstraint(
            ["transfer_pair_id"],
            ["cash_book_entries.id"],
            name=op.f("fk_cash_book_entries_transfer_pair_id_cash_book_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cash_book_entries")),
        sa.UniqueConstraint(
            "fiscal_year", "voucher_no", "line_no", name=op.f("uq_cash_book_entries_fiscal_year")
        ),
        sa.UniqueConstraint("reversal_of_id", name=op.f("uq_cash_book_entries_reversal_of_id")),
    )
    with op.batch_alter_table("cash_book_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cash_book_entries_account_date", ["account_id", "entry_date"], unique=False
        )
        batch_op.create_index(
            "ix_cash_book_entries_item_date", ["item_id", "entry_date"], unique=False
        )
        batch_op.create_index(
            "ix_cash_book_entries_source", ["source_type", "source_id"], unique=False
        )
        batch_op.create_index(
            "ix_cash_book_entries_year_item", ["fiscal_year", "item_id"], unique=False
        )

    op.create_table(
        "opening_balances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=8), nullable=False),
        sa.Column("bank_account_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "method IN ('cash', 'bank')", name=op.f("ck_opening_balances_method_valid")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_opening_balances_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["bank_account_id"],
            ["bank_accounts.id"],
            name=op.f("fk_opening_balances_bank_account_id_bank_accounts"),
        ),
        sa.ForeignKeyConstraint(
            ["fiscal_year"],
            ["fiscal_years.year"],
            name=op.f("fk_opening_balances_fiscal_year_fiscal_years"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opening_balances")),
        sa.UniqueConstraint(
            "fiscal_year",
            "account_id",
            "method",
            "bank_account_id",
            name=op.f("uq_opening_balances_fiscal_year"),
        ),
    )
    op.create_table(
        "budget_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("budget_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("sub_ledger_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_budget_lines_amount_non_negative")),
        sa.ForeignKeyConstraint(
            ["budget_id"], ["budgets.id"], name=op.f("fk_budget_lines_budget_id_budgets")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_budget_lines_item_id_items")
        ),
        sa.ForeignKeyConstraint(
            ["sub_ledger_id"],
            ["sub_ledgers.id"],
            name=op.f("fk_budget_lines_sub_ledger_id_sub_ledgers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budget_lines")),
        sa.UniqueConstraint(
            "budget_id", "item_id", "sub_ledger_id", name=op.f("uq_budget_lines_budget_id")
        ),
    )
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budget_lines_budget_id"), ["budget_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("budget_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budget_lines_budget_id"))

    op.drop_table("budget_lines")
    op.drop_table("opening_balances")
    with op.batch_alter_table("cash_book_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_cash_book_entries_year_item")
        batch_op.drop_index("ix_cash_book_entries_source")
        batch_op.drop_index("ix_cash_book_entries_item_date")
        batch_op.drop_index("ix_cash_book_entries_account_date")

    op.drop_table("cash_book_entries")
    op.drop_table("budgets")
    op.drop_table("sub_ledgers")
    op.drop_table("items")
    op.drop_table("bank_accounts")
    op.drop_table("accounts")
