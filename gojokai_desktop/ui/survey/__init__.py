"""The アンケート page: the council's survey filled from the books and written out."""
