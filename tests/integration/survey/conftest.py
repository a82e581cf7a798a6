"""Fixtures of the survey tests: the S demo (made once per run, copied per test), the sample
survey and its template copied where a test may write beside them."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import generate_demo

RESOURCES = Path(__file__).parents[3] / "resources" / "survey"
SURVEY_DAY = dt.date(2026, 6, 10)  # the survey is answered in June


@pytest.fixture(scope="session")
def survey_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("survey-demo") / "demo.sqlite3"
    generate_demo(path, size="S")
    return path


@pytest.fixture
def demo_ctx(survey_demo_file: Path, tmp_path: Path) -> Iterator[AppContext]:
    """A copy of the S demo, acting as the clerk, on a June day of 令和8年."""
    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(survey_demo_file, copy)
    database = Database(f"sqlite:///{copy}")
    yield AppContext(database, Actor(None, "鈴木　美穂"), clock=lambda: SURVEY_DAY)
    database.dispose()


@pytest.fixture
def sample_dir(tmp_path: Path) -> Path:
    """The sample survey and the council's template in a folder of their own."""
    folder = tmp_path / "survey"
    folder.mkdir()
    for name in ("sample_2025.toml", "council_2025.xlsx", "sample_answers_2025.toml"):
        shutil.copyfile(RESOURCES / name, folder / name)
    return folder
