"""A short crash trial in the test suite: one SIGKILL at a random moment of each path (the full
100 per path is ``python -m tests.crash.trials``)."""

from __future__ import annotations

import pytest

from tests.crash.trials import run

pytestmark = pytest.mark.slow


def test_one_kill_per_path_leaves_a_whole_database(capsys) -> None:
    results = run(
        ["import", "billing", "batch", "restore", "demo"], 1, seed=7, money="s", roster_rows=1000
    )
    assert set(results) == {"import", "billing", "batch", "restore", "demo"}
    for counts in results.values():
        assert counts["old"] + counts["new"] == 1
    assert "5/5" not in capsys.readouterr().out  # each path printed its own line
