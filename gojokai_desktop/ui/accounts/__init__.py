"""The 会計 page: the cash book, budgets, the running status and the accounts' settings."""
