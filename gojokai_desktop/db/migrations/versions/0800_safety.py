"""logins and roles (passwords, lock-out, 監事), the audit trail as a hash chain, row seals

Revision ID: 0800
Revises: 1100
Create Date: 2026-12-10 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0800"
down_revision: str | None = "1100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_login_at", sa.DateTime(), nullable=True))
        batch_op.drop_constraint(op.f("ck_users_role_valid"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_users_role_valid"), "role IN ('admin', 'clerk', 'auditor')"
        )

    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("row_hash", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("entry_hash", sa.String(length=64), nullable=True))
        batch_op.create_index("ix_audit_entries_entity_record", ["entity", "entity_id"])

    head = op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=True),
        sa.Column("sealed", sa.Boolean(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_audit_head_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    op.create_table(
        "audit_seals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audit_id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("block", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=16), nullable=False),
        sa.Column("hashes", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["audit_id"],
            ["audit_entries.id"],
            name=op.f("fk_audit_seals_audit_id_audit_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_seals")),
        sa.UniqueConstraint("audit_id", "entity", "block", name=op.f("uq_audit_seals_audit_id")),
    )
    with op.batch_alter_table("audit_seals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_seals_audit_id"), ["audit_id"], unique=False)
    op.create_table(
        "audit_column_sets",
        sa.Column("fingerprint", sa.String(length=16), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("columns_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("fingerprint", name=op.f("pk_audit_column_sets")),
    )
    # A database that already has entries is chained and its rows sealed when the program
    # opens it (the hashes need the program's row format); an empty one starts sealed.
    connection = op.get_bind()
    last = connection.execute(sa.text("SELECT MAX(id) FROM audit_entries")).scalar()
    op.bulk_insert(head, [{"id": 1, "last_id": 0, "last_hash": None, "sealed": last is None}])


def downgrade() -> None:
    op.drop_table("audit_column_sets")
    with op.batch_alter_table("audit_seals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_seals_audit_id"))
    op.drop_table("audit_seals")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entries_entity_record")
        batch_op.drop_column("entry_hash")
        batch_op.drop_column("prev_hash")
        batch_op.drop_column("row_hash")
    # Auditors cannot exist in the older schema: they become disabled clerks.
    op.execute("UPDATE users SET role = 'clerk', active = false WHERE role = 'auditor'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role_valid"), type_="check")
        batch_op.create_check_constraint(op.f("ck_users_role_valid"), "role IN ('admin', 'clerk')")
        batch_op.drop_column("last_login_at")
        batch_op.drop_column("locked_until")
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("password_hash")
