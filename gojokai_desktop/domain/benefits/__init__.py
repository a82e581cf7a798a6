"""Benefit rules (慶弔給付): the table, assessing a claim, due lists and statistics."""
