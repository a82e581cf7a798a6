"""Dues (会費): fee tables, billing runs per establishment, payments, receipts, arrears."""
