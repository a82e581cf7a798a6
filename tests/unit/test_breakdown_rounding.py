"""千円 内訳 (breakdown) rounding: parts add up to their row, rows to their heading, headings
to the total, in every column, largest remainder top-down."""

from __future__ import annotations

import itertools
import random

import pytest

from gojokai_desktop.domain.accounting import (
    TableNode,
    fit_breakdown_to_thousand,
    round_tree_to_thousand,
)


def _leaf(key: str, budget: int, *parts: int | None) -> TableNode:
    return TableNode(key, (budget, sum(p or 0 for p in parts), *parts))


def _check(nodes: list[TableNode], printed: dict[str, tuple[int | None, ...]]) -> None:
    def walk(node: TableNode) -> None:
        cells = printed[node.key]
        parts = [v for v in cells[2:] if v is not None]
        assert sum(parts) == cells[1], node.key  # the row's 内訳 is its amount
        for child in node.children:
            walk(child)
        if node.children:
            for column in range(len(cells)):
                below = [printed[c.key][column] for c in node.children]
                assert (cells[column] or 0) == sum(v or 0 for v in below), (node.key, column)

    root = TableNode("", children=tuple(nodes))
    printed_root = printed[""]
    for column in range(len(printed_root)):
        assert (printed_root[column] or 0) == sum(printed[n.key][column] or 0 for n in nodes)
    for node in nodes:
        walk(node)
    assert root.totals()[1] // 1000 <= printed_root[1] <= root.totals()[1] // 1000 + 1


def test_parts_that_each_round_up_are_shared_from_the_rows_amount() -> None:
    # Every part is x,500: rounded on its own each would go up and the row would print
    # 2 more than its amount (1,500 + 1,500 = 3,000 → 2 + 2 = 4 ≠ 3).
    nodes = [
        TableNode("h1", children=(_leaf("a", 0, 1_500, 1_500), _leaf("b", 0, 2_500, 500))),
        TableNode("h2", children=(_leaf("c", 0, 499, 1_501), _leaf("d", 0, 700, None))),
    ]
    printed = fit_breakdown_to_thousand(nodes, round_tree_to_thousand(nodes), 1, range(2, 4))
    _check(nodes, printed)
    assert printed["a"][1:] == (3, 2, 1)
    assert printed["d"][1:] == (1, 1, None)  # a blank part stays blank
    assert printed["h1"][1:] == (6, 4, 2)
    assert printed["c"][1:] == (2, 0, 2)
    assert printed[""][1:] == (9, 5, 4)


@pytest.mark.parametrize("seed", range(40))
def test_random_trees_always_add_up_both_ways(seed: int) -> None:
    rng = random.Random(seed)
    counter = itertools.count()

    def leaf() -> TableNode:
        parts = [rng.choice([None, rng.randrange(0, 5_000_000)]) for _ in range(3)]
        if all(p is None for p in parts):
            parts[0] = rng.randrange(1, 9_999)
        return _leaf(f"k{next(counter)}", rng.randrange(0, 9_000_000), *parts)

    def heading(depth: int) -> TableNode:
        kids = tuple(
            heading(depth - 1) if depth and rng.random() < 0.5 else leaf()
            for _ in range(rng.randrange(1, 5))
        )
        return TableNode(f"h{next(counter)}", children=kids)

    nodes = [heading(2) for _ in range(rng.randrange(1, 4))]
    printed = fit_breakdown_to_thousand(nodes, round_tree_to_thousand(nodes), 1, range(2, 5))
    _check(nodes, printed)
    # Each printed part is its exact 千円 give or take one.
    for node in nodes:
        for key, cells in ((node.key, node.totals()),):
            for exact, shown in zip(cells[2:], printed[key][2:], strict=True):
                if exact is not None and shown is not None:
                    assert abs(shown * 1000 - exact) < 2_000


def test_a_row_whose_parts_are_not_its_amount_keeps_its_own_parts() -> None:
    """前年度繰越金 has no 内訳: it is left blank, and the total's 内訳 is the other rows'."""
    carry = TableNode("carry", (500_400, 500_400, None, None))
    nodes = [TableNode("h", children=(_leaf("a", 0, 1_500, 1_500),)), carry]
    printed = fit_breakdown_to_thousand(nodes, round_tree_to_thousand(nodes), 1, range(2, 4))
    assert printed["carry"][2:] == (None, None)
    assert printed["a"][1:] == (3, 2, 1)
    assert printed[""][2:] == (2, 1)
