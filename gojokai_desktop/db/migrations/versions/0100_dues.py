"""dues: fee tables, salaries, billing runs, bills, payments, receipts

Revision ID: 0100
Revises: 0003
Create Date: 2026-11-23 13:51:22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0100"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dues_fee_tables",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=10), nullable=False),
        sa.Column("entry_fee", sa.Integer(), nullable=False),
        sa.Column("monthly_dues", sa.Integer(), nullable=False),
        sa.Column("classes_json", sa.Text(), nullable=False),
        sa.Column("employer_share_percent", sa.Integer(), nullable=False),
        sa.Column("per_mille", sa.Integer(), nullable=False),
        sa.Column("dependent_fee", sa.Integer(), nullable=False),
        sa.Column("dependent_cap", sa.Integer(), nullable=False),
        sa.Column("short_term_percent", sa.Integer(), nullable=False),
        sa.Column("rounding", sa.String(length=10), nullable=False),
        sa.Column("debit_day", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
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
            "model IN ('flat', 'salary')", name=op.f("ck_dues_fee_tables_model_valid")
        ),
        sa.CheckConstraint(
            "debit_day BETWEEN 1 AND 31", name=op.f("ck_dues_fee_tables_debit_day_range")
        ),
        sa.CheckConstraint(
            "entry_fee >= 0 AND monthly_dues >= 0", name=op.f("ck_dues_fee_tables_amounts_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_fee_tables")),
        sa.UniqueConstraint("fiscal_year", "version", name=op.f("uq_dues_fee_tables_fiscal_year")),
    )
    op.create_table(
        "dues_billing_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("base_date", sa.Date(), nullable=False),
        sa.Column("fee_table_id", sa.Integer(), nullable=False),
        sa.Column("bill_count", sa.Integer(), nullable=False),
        sa.Column("total_amount", sa.Integer(), nullable=False),
        sa.Column("run_at", sa.DateTime(), nullable=False),
        sa.Column("run_by", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["fee_table_id"],
            ["dues_fee_tables.id"],
            name=op.f("fk_dues_billing_runs_fee_table_id_dues_fee_tables"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_billing_runs")),
    )
    with op.batch_alter_table("dues_billing_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_billing_runs_period"), ["period"], unique=False)

    op.create_table(
        "dues_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("received_date", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("allocated_amount", sa.Integer(), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("reversed", sa.Boolean(), nullable=False),
        sa.Column("reverse_reason", sa.String(length=200), nullable=True),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "method IN ('cash', 'transfer', 'debit')", name=op.f("ck_dues_payments_method_valid")
        ),
        sa.CheckConstraint(
            "(NOT reversed) OR reverse_reason IS NOT NULL",
            name=op.f("ck_dues_payments_reverse_reason"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_dues_payments_amount_positive")),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_dues_payments_establishment_id_establishments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_payments")),
    )
    with op.batch_alter_table("dues_payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dues_payments_establishment_id"), ["establishment_id"], unique=False
        )

    op.create_table(
        "dues_bills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("base_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("head_count", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("paid_amount", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("debit_failed", sa.Boolean(), nullable=False),
        sa.Column("debit_failed_on", sa.Date(), nullable=True),
        sa.Column("cancel_reason", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "(status = 'cancelled') = (cancel_reason IS NOT NULL)",
            name=op.f("ck_dues_bills_cancel_has_reason"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'paid', 'cancelled')", name=op.f("ck_dues_bills_status_valid")
        ),
        sa.CheckConstraint("months >= 1", name=op.f("ck_dues_bills_months_positive")),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_dues_bills_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["dues_billing_runs.id"],
            name=op.f("fk_dues_bills_run_id_dues_billing_runs"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_bills")),
    )
    with op.batch_alter_table("dues_bills", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_bills_run_id"), ["run_id"], unique=False)
        batch_op.create_index("ix_dues_bills_status_period", ["status", "period"], unique=False)
        batch_op.create_index(
            "uq_dues_bills_live_period",
            ["establishment_id", "period"],
            unique=True,
            sqlite_where=sa.text("status != 'cancelled'"),
            postgresql_where=sa.text("status != 'cancelled'"),
        )

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

    op.create_table(
        "member_salaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("monthly_salary", sa.Integer(), nullable=False),
        sa.CheckConstraint("monthly_salary >= 0", name=op.f("ck_member_salaries_salary_positive")),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_salaries_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_salaries")),
        sa.UniqueConstraint(
            "member_id", "effective_date", name=op.f("uq_member_salaries_member_id")
        ),
    )
    with op.batch_alter_table("member_salaries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_member_salaries_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "dues_allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_dues_allocations_amount_positive")),
        sa.ForeignKeyConstraint(
            ["bill_id"], ["dues_bills.id"], name=op.f("fk_dues_allocations_bill_id_dues_bills")
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"],
            ["dues_payments.id"],
            name=op.f("fk_dues_allocations_payment_id_dues_payments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_allocations")),
    )
    with op.batch_alter_table("dues_allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_allocations_bill_id"), ["bill_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dues_allocations_payment_id"), ["payment_id"], unique=False
        )

    op.create_table(
        "dues_bill_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bill_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=15), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("description", sa.String(length=200), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("unit_amount", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("short_term_amount", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('dues', 'entry_fee', 'joiner', 'leaver_credit')",
            name=op.f("ck_dues_bill_lines_kind_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["bill_id"], ["dues_bills.id"], name=op.f("fk_dues_bill_lines_bill_id_dues_bills")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_dues_bill_lines_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dues_bill_lines")),
    )
    with op.batch_alter_table("dues_bill_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dues_bill_lines_bill_id"), ["bill_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dues_bill_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_bill_lines_bill_id"))

    op.drop_table("dues_bill_lines")
    with op.batch_alter_table("dues_allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_allocations_payment_id"))
        batch_op.drop_index(batch_op.f("ix_dues_allocations_bill_id"))

    op.drop_table("dues_allocations")
    with op.batch_alter_table("member_salaries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_salaries_member_id"))

    op.drop_table("member_salaries")
    with op.batch_alter_table("dues_receipts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_receipts_payment_id"))

    op.drop_table("dues_receipts")
    with op.batch_alter_table("dues_bills", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_dues_bills_live_period",
            sqlite_where=sa.text("status != 'cancelled'"),
            postgresql_where=sa.text("status != 'cancelled'"),
        )
        batch_op.drop_index("ix_dues_bills_status_period")
        batch_op.drop_index(batch_op.f("ix_dues_bills_run_id"))

    op.drop_table("dues_bills")
    with op.batch_alter_table("dues_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_payments_establishment_id"))

    op.drop_table("dues_payments")
    with op.batch_alter_table("dues_billing_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dues_billing_runs_period"))

    op.drop_table("dues_billing_runs")
    op.drop_table("dues_fee_tables")
