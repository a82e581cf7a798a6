"""Condolence and congratulatory benefits (慶弔給付): table, claims, due lists, payments."""
