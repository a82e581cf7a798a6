"""Yearly caps (上限): per member and item, and optionally per member and category.

A member's total of an item in a fiscal year counts every live order (its allocation once
allocated, else what was ordered) and every ticket bought at the counter, across the rounds.
An item open to family (家族も可) allows its cap for each person of the household.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CapExceeded:
    """What a refused order says: the member, the item (or category) and the cap."""

    member: str
    subject: str
    cap: int
    total: int
    unit: str = "枚"
    per_person: int | None = None
    persons: int = 1

    @property
    def message(self) -> str:
        household = ""
        if self.per_person is not None and self.persons > 1:
            household = (
                f"（1人{self.per_person}{self.unit}まで、家族を含め{self.persons}人で"
                f"{self.cap}{self.unit}まで）"
            )
        return (
            f"会員 {self.member}: {self.subject}の上限は年間{self.cap}{self.unit}です"
            f"{household}。この申込で合計{self.total}{self.unit}になります。"
        )


def household_cap(per_person: int | None, eligibility: str, persons: int) -> int | None:
    """The cap of one member: the per-person cap × persons when the family may use the item."""
    if per_person is None:
        return None
    return per_person * max(1, persons) if eligibility == "family" else per_person


def check_cap(
    *,
    member: str,
    subject: str,
    cap: int | None,
    total: int,
    unit: str = "枚",
    per_person: int | None = None,
    persons: int = 1,
) -> CapExceeded | None:
    """None when ``total`` is within ``cap`` (None: no cap); else what to tell the clerk."""
    if cap is None or total <= cap:
        return None
    return CapExceeded(member, subject, cap, total, unit, per_person, persons)
