"""Allocation (配分) of an oversubscribed item: a seeded lottery (抽選) or first-come (先着順).

The members who ordered are put in an order — for a lottery, sorted by member number and
shuffled with Python's ``random.Random(seed)``; first-come, by when their order was received —
and each in turn gets what they asked for while the stock of every price class lasts. When an
order no longer fits, the member gets what is left if the item allows partial allocations
(一部配分), else nothing, and the next member is tried. The same requests, stock and seed
always give the same result, so a recorded lottery can be re-run in front of an auditor.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

METHOD_LABELS = {"full": "全数配分", "lottery": "抽選", "first_come": "先着順"}
SEED_LIMIT = 100_000_000  # eight digits: easy to read out and to type back


@dataclass(frozen=True)
class Request:
    """One order as the allocation sees it; ``sequence`` orders first-come (received, entered)."""

    order_id: int
    member_id: int
    member_number: str
    price_class: str
    quantity: int
    sequence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Grant:
    """What one order got; ``rank`` is the member's place in the draw (1 = first)."""

    order_id: int
    member_id: int
    member_number: str
    price_class: str
    requested: int
    allocated: int
    rank: int

    @property
    def short(self) -> int:
        return self.requested - self.allocated


@dataclass(frozen=True)
class Allocation:
    """The result: every order's grant in draw order, with the totals the clerk checks."""

    method: str
    seed: int | None
    partial_allowed: bool
    stock: Mapping[str, int | None]
    grants: tuple[Grant, ...]

    @property
    def demand(self) -> int:
        return sum(g.requested for g in self.grants)

    @property
    def allocated(self) -> int:
        return sum(g.allocated for g in self.grants)

    def allocated_of(self, price_class: str) -> int:
        return sum(g.allocated for g in self.grants if g.price_class == price_class)

    @property
    def by_order(self) -> dict[int, int]:
        return {g.order_id: g.allocated for g in self.grants}

    @property
    def members(self) -> int:
        return len({g.member_id for g in self.grants})

    def member_result(self) -> dict[int, str]:
        """当選 (all), 一部 (some), 落選 (none) per member."""
        got: dict[int, tuple[int, int]] = {}
        for g in self.grants:
            asked, given = got.get(g.member_id, (0, 0))
            got[g.member_id] = (asked + g.requested, given + g.allocated)
        return {
            member: ("当選" if given == asked else "一部" if given else "落選")
            for member, (asked, given) in got.items()
        }

    @property
    def losers(self) -> int:
        """Members who got less than they asked for (落選 or 一部)."""
        return sum(1 for r in self.member_result().values() if r != "当選")

    @property
    def method_label(self) -> str:
        return METHOD_LABELS.get(self.method, self.method)


def demand_by_class(requests: Sequence[Request]) -> dict[str, int]:
    totals: dict[str, int] = {}
    for r in requests:
        totals[r.price_class] = totals.get(r.price_class, 0) + r.quantity
    return totals


def is_oversubscribed(requests: Sequence[Request], stock: Mapping[str, int | None]) -> bool:
    """Whether some price class is asked for more than its stock (None: no limit)."""
    for price_class, asked in demand_by_class(requests).items():
        limit = stock.get(price_class)
        if limit is not None and asked > limit:
            return True
    return False


def _members_in_order(
    requests: Sequence[Request], method: str, seed: int | None
) -> list[tuple[int, list[Request]]]:
    by_member: dict[int, list[Request]] = {}
    for r in sorted(requests, key=lambda r: (r.member_number, r.member_id, r.price_class)):
        by_member.setdefault(r.member_id, []).append(r)
    members = list(by_member.items())
    if method == "lottery":
        if seed is None:
            raise ValueError("a lottery needs a seed")
        random.Random(seed).shuffle(members)
    elif method == "first_come":
        members.sort(key=lambda m: (min(r.sequence for r in m[1]), m[1][0].member_number))
    return members


def _room(left: Mapping[str, int | None], price_class: str) -> float:
    limit = left.get(price_class)
    return float("inf") if limit is None else limit


def allocate(
    requests: Sequence[Request],
    stock: Mapping[str, int | None],
    *,
    method: str,
    seed: int | None = None,
    partial_allowed: bool = True,
) -> Allocation:
    """Allocate ``requests`` within ``stock``; when nothing is oversubscribed everyone gets
    what they asked for (method ``full``, no seed), whatever ``method`` was asked for."""
    if method not in ("lottery", "first_come"):
        raise ValueError(f"unknown allocation method {method!r}")
    if any(r.quantity < 1 for r in requests):
        raise ValueError("every request asks for at least one ticket")
    if not is_oversubscribed(requests, stock):
        method, seed = "full", None
    left: dict[str, int | None] = dict(stock)
    grants: list[Grant] = []
    for rank, (_member, lines) in enumerate(_members_in_order(requests, method, seed), start=1):
        fits = all(_room(left, r.price_class) >= r.quantity for r in lines)
        for r in lines:
            limit = left.get(r.price_class)
            if fits or limit is None:
                given = r.quantity
            elif partial_allowed:
                given = min(r.quantity, limit)
            else:
                given = 0
            if limit is not None:
                left[r.price_class] = limit - given
            grants.append(
                Grant(r.order_id, r.member_id, r.member_number, r.price_class, r.quantity,
                      given, rank)
            )  # fmt: skip
    return Allocation(method, seed, partial_allowed, dict(stock), tuple(grants))
