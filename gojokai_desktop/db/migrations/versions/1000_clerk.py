"""the clerk's issue 18: items carry a version (two clerks renaming or reordering), and a
dues payment may be a member's own cash (入会金・途中入会分 paid at the counter)

Revision ID: 1000
Revises: 0900
Create Date: 2026-12-10 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1000"
down_revision: str | None = "0900"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("dues_payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("member_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_dues_payments_member_id"), ["member_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_dues_payments_member_id_members"), "members", ["member_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("dues_payments", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_dues_payments_member_id_members"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_dues_payments_member_id"))
        batch_op.drop_column("member_id")
    with op.batch_alter_table("items", schema=None) as batch_op:
        batch_op.drop_column("version")
