"""Printed benefit reports: the statistics table and the benefit rulebook (給付一覧表)."""
