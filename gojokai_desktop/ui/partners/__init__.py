"""The 推進 area: partners' items and targets, results, members' enrolments and reports."""
