"""counters for every number; receipts of every area (dues_receipts becomes receipts)

Revision ID: 0210
Revises: 0200
Create Date: 2026-12-03 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0210"
down_revision: str | None = "0200"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "number_counters",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", "scope", name=op.f("pk_number_counters")),
    )
    op.create_table(
        "receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("payment_id", sa.Integer(), nullable=True),
        sa.Column("issued_date", sa.Date(), nullable=False),
        sa.Column("addressee", sa.String(length=100), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("void_reason", sa.String(length=200), nullable=True),
        sa.Column("reissue_count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'void') = (void_reason IS NOT NULL)",
            name=op.f("ck_receipts_void_has_reason"),
        ),
        sa.CheckConstraint(
            "source != 'dues' OR payment_id IS NOT NULL", name=op.f("ck_receipts_dues_has_payment")
        ),
        sa.CheckConstraint(
            "source IN ('dues', 'tickets', 'events', 'other')",
            name=op.f("ck_receipts_source_valid"),
        ),
        sa.CheckConstraint("status IN ('issued', 'void')", name=op.f("ck_receipts_status_valid")),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["dues_payments.id"], name=op.f("fk_receipts_payment_id_dues_payments")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipts")),
        sa.UniqueConstraint("fiscal_year", "number", name=op.f("uq_receipts_fiscal_year")),
    )
    with op.batch_alter_table("receipts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_receipts_payment_id"), ["payment_id"], unique=False)
    op.execute(
        "INSERT INTO receipts (id, fiscal_year, number, source, source_id, payment_id,"
        " issued_date, addressee, amount, purpose, status, void_reason, reissue_count)"
        " SELECT id, fiscal_year, number, 'dues', NULL, payment_id, issued_date, addressee,"
        " amount, purpose, status, void_reason, reissue_count FROM dues_receipts"
    )
    if op.get_bind().dialect.name == "postgresql":
        # Rows were copied with their ids: move the id sequence past them.
        op.execute(
            "SELECT setval(pg_get_serial_sequence('receipts', 'id'),"
            " COALESCE((SELECT MAX(id) FROM receipts), 0) + 1, false)"
        )
    op.execute(
        "INSERT INTO number_counters (key, scope, value)"
        " SELECT 'receipt', fiscal_year, MAX(number) FROM receipts GROUP BY fiscal_year"
    )
    with op.batch_alter_table("dues_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_receipts_payment_id"))
    op.drop_table("dues_receipts")


def downgrade() -> None:
    op.create_table(
        "dues_receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("issued_date", sa.Date(), nullable=False),
        sa.Column("addressee", sa.String(length=100), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("void_reason", sa.String(length=200), nullable=True),
        sa.Column("reissue_count", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'void') = (void_reason IS NOT NULL)",
            name=op.f("ck_dues_receipts_void_has_reason"),
        ),
        sa.CheckConstraint(
            "status IN ('issued', 'void')", name=op.f("ck_dues_receipts_status_valid")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["dues_payments.id"],
            name=op.f("fk_dues_receipts_payment_id_dues_payments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_receipts")),
        sa.UniqueConstraint("fiscal_year", "number", name=op.f("uq_dues_receipts_fiscal_year")),
    )
    with op.batch_alter_table("dues_receipts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dues_receipts_payment_id"), ["payment_id"], unique=False
        )
    # Receipts of the other areas have no place in the old table: they are dropped with it.
    op.execute(
        "INSERT INTO dues_receipts (id, fiscal_year, number, payment_id, issued_date, addressee,"
        " amount, purpose, status, void_reason, reissue_count)"
        " SELECT id, fiscal_year, number, payment_id, issued_date, addressee, amount, purpose,"
        " status, void_reason, reissue_count FROM receipts WHERE source = 'dues'"
    )
    with op.batch_alter_table("receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_receipts_payment_id"))
    op.drop_table("receipts")
    op.drop_table("number_counters")
