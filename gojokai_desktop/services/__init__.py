"""Use cases, one module per area: they take plain values and return frozen DTOs."""
