"""Test configuration: Qt runs offscreen, data stays in temp folders, databases are fresh."""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path


def _offscreen_platform() -> str:
    """Qt without a display, on one 1,024×768 screen (the smallest an office PC still has),
    so every dialog sizes itself as on that screen. Windows paths hold a drive colon that
    the platform argument cannot carry: there the plain offscreen screen is used."""
    if os.name == "nt":
        return "offscreen"
    import json
    import tempfile

    config = Path(tempfile.gettempdir()) / "gojokai-test-screen-1024x768.json"
    screen = {"name": "office", "x": 0, "y": 0, "width": 1024, "height": 768,
              "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}  # fmt: skip
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    return f"offscreen:configfile={config}"


# A plain "offscreen" (as CI sets it) becomes the 1,024×768 screen; any other platform a
# developer chose (xcb to watch the tests) is kept.
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = _offscreen_platform()

import pytest  # noqa: E402 - after the platform is chosen, before Qt loads

from tests.postgres import POSTGRES_URL, PostgresServer  # noqa: E402

# PySide6 6.12 corrupts a reference count somewhere in its wrappers, which the interpreter's
# last garbage collection at exit trips over ("Fatal Python error: bool_dealloc") after
# every test passed; freezing the heap at exit keeps that collection away from them.
atexit.register(gc.freeze)

TODAY = dt.date(2025, 6, 15)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test ever reads or writes the real user data directory."""
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("GOJOKAI_DATA_DIR", str(data))
    monkeypatch.delenv("GOJOKAI_DATABASE_URL", raising=False)
    return data


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated empty database per test run; tests get copies (fast)."""
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.migrate import upgrade

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    database = Database(f"sqlite:///{path}")
    upgrade(database, None)
    # Closing the last connection checkpoints the WAL into the file, so a plain copy is whole.
    database.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer | None]:
    """The server of GOJOKAI_TEST_POSTGRES_URL with a migrated template database, or None."""
    if not POSTGRES_URL:
        yield None
        return
    server = PostgresServer(POSTGRES_URL)
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh migrated database: a copy of the SQLite template, or with
    GOJOKAI_TEST_POSTGRES_URL a new PostgreSQL database made from the migrated template."""
    server: PostgresServer | None = request.getfixturevalue("postgres_server")
    if server is None or request.node.get_closest_marker("sqlite_only"):
        path = request.getfixturevalue("db_path")
        yield f"sqlite:///{path}"
        return
    url = server.fresh_database()
    try:
        yield url
    finally:
        server.drop(url)


@pytest.fixture
def db_path(request: pytest.FixtureRequest, migrated_template: Path, tmp_path: Path) -> Path:
    """The SQLite file of the test's database (SQLite-only tests; the others use ``db_url``)."""
    if POSTGRES_URL and not request.node.get_closest_marker("sqlite_only"):
        pytest.fail("this test reads the SQLite file: mark it sqlite_only or use db_url")
    target = tmp_path / "gojokai.sqlite3"
    shutil.copyfile(migrated_template, target)
    return target


@pytest.fixture
def database(db_url: str) -> Iterator[object]:
    from gojokai_desktop.db.engine import Database

    db = Database(db_url)
    yield db
    db.dispose()


@pytest.fixture
def ctx(database):
    """An AppContext on a fresh database whose 'today' is fixed at 2025-06-15."""
    from gojokai_desktop.db.uow import Actor
    from gojokai_desktop.services.context import AppContext

    return AppContext(database, Actor(None, "テスト担当"), clock=lambda: TODAY)


@pytest.fixture
def society(ctx):
    """A database that has been through the first-start setup."""
    from gojokai_desktop.services.society import SocietyProfile, save_profile

    return save_profile(
        ctx,
        SocietyProfile(
            name="テスト町勤労者互助会",
            postal_code="9608101",
            address="福島県福島市杉妻町2-16",
            phone="0245211111",
            representative_name="互助 太郎",
            clerk_name="事務 花子",
        ),
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With GOJOKAI_TEST_POSTGRES_URL the SQLite-only tests are skipped, without it the
    PostgreSQL-only ones."""
    for item in items:
        if POSTGRES_URL and item.get_closest_marker("sqlite_only"):
            item.add_marker(pytest.mark.skip(reason="SQLite only (the run is on PostgreSQL)"))
        if not POSTGRES_URL and item.get_closest_marker("postgres"):
            item.add_marker(pytest.mark.skip(reason="needs GOJOKAI_TEST_POSTGRES_URL"))
