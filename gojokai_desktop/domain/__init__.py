"""Pure business rules of a mutual-aid society: standard library only."""
