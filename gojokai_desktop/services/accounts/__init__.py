"""Accounts (会計): items, the cash book, balances, budgets and the running status."""
