"""Logins and roles: users with passwords, lock-out, 管理者 / 事務担当 / 監事 (see README.md)."""
