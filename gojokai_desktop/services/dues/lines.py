"""A line of a dues bill as previews and lists show it (会費 12人 × 3か月 × 500円 …)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BillLineView:
    kind: str
    description: str
    quantity: int
    months: int
    unit_amount: int
    amount: int
    member_id: int | None = None
    short_term_amount: int = 0
