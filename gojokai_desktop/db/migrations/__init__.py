"""Alembic migrations of the gojokai_desktop schema."""
