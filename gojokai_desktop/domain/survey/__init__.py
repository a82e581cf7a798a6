"""The annual survey (アンケート) as data: the survey file, cell addresses, answer values."""
