"""The annual survey (アンケート): figures from the books, answers, the council's workbook."""
