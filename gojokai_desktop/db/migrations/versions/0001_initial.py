"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 12:35:40.749960
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "establishments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_kana", sa.String(length=200), nullable=False),
        sa.Column("kana_search", sa.String(length=200), nullable=False),
        sa.Column("owner_name", sa.String(length=60), nullable=False),
        sa.Column("postal_code", sa.String(length=8), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("contact_person", sa.String(length=60), nullable=False),
        sa.Column("billing_contact", sa.String(length=60), nullable=False),
        sa.Column("join_date", sa.Date(), nullable=False),
        sa.Column("leave_date", sa.Date(), nullable=True),
        sa.Column("collection_method", sa.String(length=10), nullable=False),
        sa.Column("billing_cycle", sa.String(length=12), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
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
            "billing_cycle IN ('monthly', 'quarterly', 'half_yearly', 'yearly')",
            name=op.f("ck_establishments_cycle_valid"),
        ),
        sa.CheckConstraint(
            "collection_method IN ('debit', 'transfer', 'cash')",
            name=op.f("ck_establishments_collection_valid"),
        ),
        sa.CheckConstraint(
            "leave_date IS NULL OR leave_date >= join_date",
            name=op.f("ck_establishments_dates_ordered"),
        ),
        sa.CheckConstraint("number > 0", name=op.f("ck_establishments_number_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_establishments")),
        sa.UniqueConstraint("number", name=op.f("uq_establishments_number")),
    )
    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_establishments_kana_search"), ["kana_search"], unique=False
        )

    op.create_table(
        "setting_values",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("valid_from_year", sa.Integer(), nullable=False),
        sa.Column("value_json", sa.Text(), nullable=False),
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
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setting_values")),
        sa.UniqueConstraint("key", "valid_from_year", name=op.f("uq_setting_values_key")),
    )
    op.create_table(
        "society_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("postal_code", sa.String(length=8), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("representative_title", sa.String(length=30), nullable=False),
        sa.Column("representative_name", sa.String(length=60), nullable=False),
        sa.Column("clerk_name", sa.String(length=60), nullable=False),
        sa.Column("member_number_pattern", sa.String(length=60), nullable=False),
        sa.Column("cutoff_day", sa.Integer(), nullable=False),
        sa.Column("fiscal_year_start_month", sa.Integer(), nullable=False),
        sa.Column("fiscal_label_rule", sa.String(length=20), nullable=False),
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
            "fiscal_label_rule IN ('start', 'reiwa_gannen')",
            name=op.f("ck_society_settings_fy_label_rule"),
        ),
        sa.CheckConstraint(
            "cutoff_day BETWEEN 1 AND 31", name=op.f("ck_society_settings_cutoff_day_range")
        ),
        sa.CheckConstraint(
            "fiscal_year_start_month BETWEEN 1 AND 12",
            name=op.f("ck_society_settings_fy_start_range"),
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_society_settings_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_society_settings")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("login", sa.String(length=40), nullable=False),
        sa.Column("display_name", sa.String(length=60), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
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
        sa.CheckConstraint("role IN ('admin', 'clerk')", name=op.f("ck_users_role_valid")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("login", name=op.f("uq_users_login")),
    )
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_name", sa.String(length=60), nullable=False),
        sa.Column("action", sa.String(length=60), nullable=False),
        sa.Column("operation", sa.String(length=10), nullable=False),
        sa.Column("entity", sa.String(length=60), nullable=False),
        sa.Column("entity_id", sa.String(length=40), nullable=False),
        sa.Column("before_json", sa.Text(), nullable=True),
        sa.Column("after_json", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_entries_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entries_entity"), ["entity"], unique=False)

    op.create_table(
        "fiscal_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("closed_by_user_id", sa.Integer(), nullable=True),
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
            "status IN ('open', 'closed')", name=op.f("ck_fiscal_years_status_valid")
        ),
        sa.CheckConstraint("end_date > start_date", name=op.f("ck_fiscal_years_dates_ordered")),
        sa.ForeignKeyConstraint(
            ["closed_by_user_id"],
            ["users.id"],
            name=op.f("fk_fiscal_years_closed_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_fiscal_years")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("name_kana", sa.String(length=120), nullable=False),
        sa.Column("kana_search", sa.String(length=120), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("postal_code", sa.String(length=8), nullable=False),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("employment_type", sa.String(length=10), nullable=False),
        sa.Column("dues_class", sa.String(length=20), nullable=False),
        sa.Column("join_date", sa.Date(), nullable=False),
        sa.Column("leave_date", sa.Date(), nullable=True),
        sa.Column("leave_reason", sa.String(length=10), nullable=True),
        sa.Column("bank_code", sa.String(length=4), nullable=False),
        sa.Column("branch_code", sa.String(length=3), nullable=False),
        sa.Column("account_type", sa.String(length=1), nullable=True),
        sa.Column("account_number", sa.String(length=7), nullable=False),
        sa.Column("account_holder_kana", sa.String(length=60), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
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
            "account_type IS NULL OR account_type IN ('1', '2')",
            name=op.f("ck_members_account_type"),
        ),
        sa.CheckConstraint(
            "employment_type IN ('regular', 'part_time', 'owner', 'other')",
            name=op.f("ck_members_employment_valid"),
        ),
        sa.CheckConstraint(
            "leave_reason IS NULL OR leave_reason IN ('retired', 'deceased', 'withdrawn', 'expelled')",
            name=op.f("ck_members_reason_valid"),
        ),
        sa.CheckConstraint("sex IS NULL OR sex IN ('M', 'F')", name=op.f("ck_members_sex_valid")),
        sa.CheckConstraint(
            "(leave_date IS NULL) = (leave_reason IS NULL)",
            name=op.f("ck_members_leave_has_reason"),
        ),
        sa.CheckConstraint(
            "leave_date IS NULL OR leave_date >= join_date", name=op.f("ck_members_dates_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_members_establishment_id_establishments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("number", name=op.f("uq_members_number")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(
            "ix_members_establishment_leave", ["establishment_id", "leave_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_members_kana_search"), ["kana_search"], unique=False)

    op.create_table(
        "affiliations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("establishment_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date", name=op.f("ck_affiliations_dates_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_affiliations_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_affiliations_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliations")),
    )
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_affiliations_est_dates",
            ["establishment_id", "start_date", "end_date"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_affiliations_member_id"), ["member_id"], unique=False)

    op.create_table(
        "family_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("name_kana", sa.String(length=120), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("dependent", sa.Boolean(), nullable=False),
        sa.Column("from_date", sa.Date(), nullable=False),
        sa.Column("to_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
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
            "sex IS NULL OR sex IN ('M', 'F')", name=op.f("ck_family_members_sex_valid")
        ),
        sa.CheckConstraint(
            "to_date IS NULL OR to_date >= from_date", name=op.f("ck_family_members_dates_ordered")
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_family_members_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_members")),
    )
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_family_members_member_id"), ["member_id"], unique=False
        )

    op.create_table(
        "member_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("effective_date", sa.Date(), nullable=False),
        sa.Column("received_date", sa.Date(), nullable=True),
        sa.Column("establishment_id", sa.Integer(), nullable=True),
        sa.Column("from_establishment_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("entered_by_user_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('join', 'transfer', 'leave', 'rejoin', 'change')",
            name=op.f("ck_member_events_kind_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["entered_by_user_id"],
            ["users.id"],
            name=op.f("fk_member_events_entered_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["establishment_id"],
            ["establishments.id"],
            name=op.f("fk_member_events_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(
            ["from_establishment_id"],
            ["establishments.id"],
            name=op.f("fk_member_events_from_establishment_id_establishments"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_member_events_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_events")),
    )
    with op.batch_alter_table("member_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_member_events_kind_date", ["kind", "effective_date"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_member_events_member_id"), ["member_id"], unique=False)

    op.create_table(
        "membership_periods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(length=10), nullable=True),
        sa.CheckConstraint(
            "end_reason IS NULL OR end_reason IN ('retired', 'deceased', 'withdrawn', 'expelled')",
            name=op.f("ck_membership_periods_reason_valid"),
        ),
        sa.CheckConstraint(
            "end_date IS NULL OR end_date >= start_date",
            name=op.f("ck_membership_periods_dates_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"], name=op.f("fk_membership_periods_member_id_members")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_membership_periods")),
    )
    with op.batch_alter_table("membership_periods", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_membership_periods_member_id"), ["member_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("membership_periods", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_periods_member_id"))

    op.drop_table("membership_periods")
    with op.batch_alter_table("member_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_member_events_member_id"))
        batch_op.drop_index("ix_member_events_kind_date")

    op.drop_table("member_events")
    with op.batch_alter_table("family_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_family_members_member_id"))

    op.drop_table("family_members")
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_affiliations_member_id"))
        batch_op.drop_index("ix_affiliations_est_dates")

    op.drop_table("affiliations")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_members_kana_search"))
        batch_op.drop_index("ix_members_establishment_leave")

    op.drop_table("members")
    op.drop_table("fiscal_years")
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_entries_entity"))
        batch_op.drop_index(batch_op.f("ix_audit_entries_at"))

    op.drop_table("audit_entries")
    op.drop_table("users")
    op.drop_table("society_settings")
    op.drop_table("setting_values")
    with op.batch_alter_table("establishments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_establishments_kana_search"))

    op.drop_table("establishments")
