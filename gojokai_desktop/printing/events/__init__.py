"""Event printouts: the announcement (開催案内), name tags, notices and the labour bank claim."""
