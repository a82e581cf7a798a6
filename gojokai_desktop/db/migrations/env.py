"""Alembic environment: runs on the connection handed over by ``db.migrate`` (batch mode)."""

from alembic import context

from gojokai_desktop.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through gojokai_desktop.db.migrate, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
