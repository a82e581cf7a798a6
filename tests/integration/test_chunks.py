"""Reads by long lists go through db/chunks.in_lists: parts in order, none over the limit."""

from __future__ import annotations

import sqlite3

from gojokai_desktop.db.chunks import IN_LIST_SIZE, in_lists


def test_parts_keep_the_order_and_the_size() -> None:
    values = list(range(2_000, 0, -1))
    parts = list(in_lists(values))
    assert [len(p) for p in parts] == [900, 900, 200]
    assert [v for p in parts for v in p] == values
    assert list(in_lists([])) == []


def test_a_part_and_another_parameter_fit_sqlites_oldest_limit() -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, flag INTEGER)")
    connection.executemany("INSERT INTO t VALUES (?, 0)", [(i,) for i in range(3_000)])
    found = 0
    for part in in_lists(list(range(3_000))):
        marks = ",".join("?" * len(part))
        query = f"SELECT count(*) FROM t WHERE id IN ({marks}) AND flag = ?"
        found += connection.execute(query, (*part, 0)).fetchone()[0]
    assert found == 3_000
    assert IN_LIST_SIZE + 1 <= 999
