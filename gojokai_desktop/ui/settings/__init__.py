"""The 設定 page: the society's profile, users and roles, backups and restore, handover, the
audit trail (see services/auth/README.md)."""
