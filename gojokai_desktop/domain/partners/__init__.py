"""Partner promotion (推進): rates, grades, periods and the report table, stdlib only."""
