"""SQLAlchemy models, engine and PRAGMAs, unit of work, migrations and backups."""
