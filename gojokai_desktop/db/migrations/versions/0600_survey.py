"""survey: the answers of each year's survey (アンケート)

Revision ID: 0600
Revises: 1000
Create Date: 2026-12-05 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0600"
down_revision: str | None = "1000"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "survey_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("series", sa.String(length=100), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=60), nullable=False),
        sa.Column("survey_title", sa.String(length=200), nullable=False),
        sa.Column("question_text", sa.String(length=400), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=True),
        sa.Column("value_text", sa.Text(), nullable=True),
        sa.Column("computed_text", sa.Text(), nullable=True),
        sa.Column("overridden", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=60), nullable=False),
        sa.Column("written_to", sa.String(length=260), nullable=False),
        sa.Column("written_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
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
            "kind IN ('number', 'yen', 'text', 'date', 'choice')",
            name=op.f("ck_survey_answers_kind_valid"),
        ),
        sa.CheckConstraint(
            "(NOT overridden) OR note <> ''", name=op.f("ck_survey_answers_override_has_note")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answers")),
        sa.UniqueConstraint(
            "series", "fiscal_year", "question_id", name=op.f("uq_survey_answers_series")
        ),
    )


def downgrade() -> None:
    op.drop_table("survey_answers")
