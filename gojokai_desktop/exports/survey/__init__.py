"""The survey's workbooks: the council's template filled in place, and the standard layout."""
