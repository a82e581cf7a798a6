"""optimistic-lock version columns on the records two clerks may edit at once

Revision ID: 0900
Revises: 0300
Create Date: 2026-12-03 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0900"
down_revision: str | None = "0300"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Members, their family, establishments and benefit claims: edited in dialogs that stay open
# while the clerk types. (Fee and benefit tables are saved as new versions, never edited in
# place: their own version numbers serve as the lock.)
VERSIONED_TABLES = ("establishments", "members", "family_members", "benefit_claims")


def upgrade() -> None:
    for table in VERSIONED_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )


def downgrade() -> None:
    for table in reversed(VERSIONED_TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
