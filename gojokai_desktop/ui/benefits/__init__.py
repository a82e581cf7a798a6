"""The 慶弔給付 page: claims, payments, due lists, register, statistics, benefit table."""
