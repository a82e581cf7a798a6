"""Partner promotion (推進): partners, items, targets, results, enrolments and reports."""
