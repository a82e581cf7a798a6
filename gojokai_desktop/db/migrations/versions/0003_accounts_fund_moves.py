"""accounts: fund moves (預金引出・預入) are cash-book lines without an item

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 13:22:38.063744
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Autogenerate does not compare CHECK constraints; the one below is written by hand.
    with op.batch_alter_table("cash_book_entries", schema=None) as batch_op:
        batch_op.alter_column("item_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_check_constraint(
            op.f("ck_cash_book_entries_item_unless_fund_move"),
            "item_id IS NOT NULL OR source_type = 'fund_move'",
        )


def downgrade() -> None:
    with op.batch_alter_table("cash_book_entries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_cash_book_entries_item_unless_fund_move"), type_="check")
        batch_op.alter_column("item_id", existing_type=sa.INTEGER(), nullable=False)
