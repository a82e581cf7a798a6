"""The 会費 page: billing runs, payments with receipts, balances, arrears, fee tables."""
