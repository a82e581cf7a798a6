"""partner promotion: partners, items per year, targets, results, enrolments

Revision ID: 0700
Revises: 0500
Create Date: 2026-12-03 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0700"
down_revision: str | None = "0500"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "partners",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("formal_name", sa.String(length=100), nullable=False),
        sa.Column("start_month", sa.Integer(), nullable=False),
        sa.Column("rate_rounding", sa.String(length=10), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
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
            "rate_rounding IN ('half_up_1', 'trunc_1', 'half_up_2', 'trunc_2')",
            name=op.f("ck_partners_rounding_valid"),
        ),
        sa.CheckConstraint(
            "start_month BETWEEN 1 AND 12", name=op.f("ck_partners_start_month_range")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partners")),
        sa.UniqueConstraint("name", name=op.f("uq_partners_name")),
    )
    op.create_table(
        "partner_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("group_name", sa.String(length=60), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=4), nullable=False),
        sa.Column("source", sa.String(length=12), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
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
            "source IN ('entry', 'enrolments')", name=op.f("ck_partner_items_source_valid")
        ),
        sa.CheckConstraint(
            "unit IN ('件', '口', '千円', '会員', '回', '人')",
            name=op.f("ck_partner_items_unit_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["partner_id"], ["partners.id"], name=op.f("fk_partner_items_partner_id_partners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_items")),
        sa.UniqueConstraint(
            "partner_id", "fiscal_year", "code", name=op.f("uq_partner_items_partner_id")
        ),
        sa.UniqueConstraint(
            "partner_id", "fiscal_year", "group_name", "name", name="uq_partner_items_name"
        ),
    )
    op.create_table(
        "partner_enrolments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("enrolled_on", sa.Date(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("entered_by", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
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
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_partner_enrolments_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_partner_enrolments_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["partner_items.id"],
            name=op.f("fk_partner_enrolments_item_id_partner_items"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_partner_enrolments_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_enrolments")),
    )
    with op.batch_alter_table("partner_enrolments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_partner_enrolments_item_date", ["item_id", "enrolled_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_partner_enrolments_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "partner_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("entered_by", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
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
            "source IN ('typed', 'imported')", name=op.f("ck_partner_results_source_valid")
        ),
        sa.CheckConstraint("amount >= 0", name=op.f("ck_partner_results_amount_positive")),
        sa.CheckConstraint("months IN (1, 6)", name=op.f("ck_partner_results_months_valid")),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_partner_results_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["partner_items.id"], name=op.f("fk_partner_results_item_id_partner_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_results")),
    )
    with op.batch_alter_table("partner_results", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_results_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            "uq_partner_results_establishment",
            ["item_id", "establishment_id", "period_start", "months"],
            unique=True,
            sqlite_where=sa.text("establishment_id IS NOT NULL"),
            postgresql_where=sa.text("establishment_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_partner_results_society",
            ["item_id", "period_start", "months"],
            unique=True,
            sqlite_where=sa.text("establishment_id IS NULL"),
            postgresql_where=sa.text("establishment_id IS NULL"),
        )

    op.create_table(
        "partner_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
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
        sa.CheckConstraint("amount >= 0", name=op.f("ck_partner_targets_amount_positive")),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_partner_targets_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["partner_items.id"], name=op.f("fk_partner_targets_item_id_partner_items")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_targets")),
    )
    with op.batch_alter_table("partner_targets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_partner_targets_item_id"), ["item_id"], unique=False)
        batch_op.create_index(
            "uq_partner_targets_establishment",
            ["item_id", "establishment_id"],
            unique=True,
            sqlite_where=sa.text("establishment_id IS NOT NULL"),
            postgresql_where=sa.text("establishment_id IS NOT NULL"),
        )
        batch_op.create_index(
            "uq_partner_targets_society",
            ["item_id"],
            unique=True,
            sqlite_where=sa.text("establishment_id IS NULL"),
            postgresql_where=sa.text("establishment_id IS NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("partner_targets", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_partner_targets_society",
            sqlite_where=sa.text("establishment_id IS NULL"),
            postgresql_where=sa.text("establishment_id IS NULL"),
        )
        batch_op.drop_index(
            "uq_partner_targets_establishment",
            sqlite_where=sa.text("establishment_id IS NOT NULL"),
            postgresql_where=sa.text("establishment_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_partner_targets_item_id"))

    op.drop_table("partner_targets")
    with op.batch_alter_table("partner_results", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_partner_results_society",
            sqlite_where=sa.text("establishment_id IS NULL"),
            postgresql_where=sa.text("establishment_id IS NULL"),
        )
        batch_op.drop_index(
            "uq_partner_results_establishment",
            sqlite_where=sa.text("establishment_id IS NOT NULL"),
            postgresql_where=sa.text("establishment_id IS NOT NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_partner_results_item_id"))

    op.drop_table("partner_results")
    with op.batch_alter_table("partner_enrolments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_partner_enrolments_member_id"))
        batch_op.drop_index("ix_partner_enrolments_item_date")

    op.drop_table("partner_enrolments")
    op.drop_table("partner_items")
    op.drop_table("partners")
