"""Starting the program: the window first, then the database; a locked file is refused."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gojokai_desktop import app
from gojokai_desktop.db.lock import DatabaseLock
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.ui.main_window import AppPaths, MainWindow

# The program logs in from GOJOKAI_USER / GOJOKAI_PASSWORD instead of asking.
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("cli_user")]


@pytest.mark.sqlite_only
def test_program_starts_shows_the_window_then_fills_it(society, db_path: Path, tmp_path: Path):
    data = tmp_path / "data"
    env = dict(
        os.environ,
        GOJOKAI_DATA_DIR=str(data),
        QT_QPA_PLATFORM="offscreen",
        **{app.QUIT_WHEN_SHOWN_ENV: "1"},
    )
    result = subprocess.run(
        [sys.executable, "-m", "gojokai_desktop.app", "--db", str(db_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [app.SHOWN_MARKER, app.READY_MARKER]
    assert "starting gojokai_desktop" in (data / "logs" / "gojokai.log").read_text("utf-8")
    assert (data / "window.ini").exists()


@pytest.mark.sqlite_only
def test_a_quit_during_the_daily_backup_waits_for_a_whole_verified_copy(
    society, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The start-up's backup runs on its own thread; a quit waits for it, and what it leaves
    is one whole, verified backup and no temporary file."""
    import sqlite3
    import threading

    from gojokai_desktop.services import backups

    started = threading.Event()
    real = backups.daily_backup

    def slow_daily(*args, **kwargs):
        started.set()
        threading.Event().wait(0.3)  # the quit comes while the copy is under way
        return real(*args, **kwargs)

    monkeypatch.setattr(backups, "daily_backup", slow_daily)
    monkeypatch.setattr(app.paths, "data_dir", lambda: tmp_path / "data")
    folder = tmp_path / "backups"
    state = app._Startup()
    state.backup = app._DailyBackup(f"sqlite:///{db_path}", folder)
    assert started.wait(10)
    state.close()  # the quit
    assert not state.backup._thread.is_alive()
    files = sorted(p.name for p in folder.rglob("*") if p.is_file())
    assert len(files) == 1, files
    assert files[0].endswith("-daily.sqlite3")
    assert not files[0].startswith(".")
    with sqlite3.connect(next(folder.rglob("*-daily.sqlite3"))) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM society_settings").fetchone() == (1,)


def _window(tmp_path: Path) -> MainWindow:
    return MainWindow(None, AppPaths(tmp_path / "w.ini", None, tmp_path / "backups"))


@pytest.mark.sqlite_only
def test_second_copy_on_a_locked_database_says_so_and_stays_closed(
    qtbot, society, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from PySide6.QtWidgets import QApplication

    messages: list[str] = []
    exits: list[int] = []
    monkeypatch.setattr(app, "_message", lambda _title, text: messages.append(text))
    # A real exit() here would end every later event loop of the test run.
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    window = _window(tmp_path)
    qtbot.addWidget(window)
    state = app._Startup()
    with DatabaseLock(db_path):
        app._open_and_attach(window, str(db_path), False, state)
    assert exits == [3]
    assert len(messages) == 1
    assert "既に別の画面で開かれています" in messages[0]
    assert state.opened is None
    assert not window.navigation.isEnabled()


@pytest.mark.sqlite_only
def test_window_waits_disabled_until_the_database_is_attached(
    qtbot, society, db_path: Path, tmp_path: Path
):
    window = _window(tmp_path)
    qtbot.addWidget(window)
    assert window.database_label.text() == "データベースを開いています…"
    assert not window.navigation.isEnabled()
    state = app._Startup()
    try:
        app._open_and_attach(window, str(db_path), False, state)
        assert window.navigation.isEnabled()
        assert window.database_label.text() == str(db_path)
        calendar = FiscalCalendar()
        label = calendar.label(calendar.year_of(dt.date.today()))
        assert window.home_page.title.text() == f"ホーム — {label}"
    finally:
        state.close()


@pytest.mark.sqlite_only
def test_the_home_page_stops_asking_for_a_backup_once_the_start_has_made_one(
    qtbot, society, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The day's backup is made after the home page is filled; when it is done the to-do
    list is made again, so the clerk is not told every morning that there is no recent
    backup. The figures are not read again (half a second at 50,000 members)."""
    from gojokai_desktop.services import dashboard

    monkeypatch.setattr(app.paths, "backup_dir", lambda: tmp_path / "backups")
    window = _window(tmp_path)
    qtbot.addWidget(window)
    state = app._Startup()

    def todo() -> list[str]:
        lines = window.home_page.todo_list
        return [lines.item(i).text() for i in range(lines.count())]

    try:
        app._open_and_attach(window, str(db_path), False, state)
        assert state.backup is not None
        reads: list[object] = []
        real_key_figures = dashboard.key_figures
        monkeypatch.setattr(
            dashboard, "key_figures", lambda ctx: reads.append(ctx) or real_key_figures(ctx)
        )
        qtbot.waitUntil(lambda: not state.backup.running(), timeout=20_000)
        qtbot.waitUntil(
            lambda: not any("バックアップが1週間以上ありません" in t for t in todo()),
            timeout=5_000,
        )
        assert list((tmp_path / "backups").rglob("*-daily.sqlite3"))
        assert reads == []
    finally:
        state.close()


def test_a_server_that_cannot_be_reached_is_a_message_not_a_traceback(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import socket

    from PySide6.QtWidgets import QApplication

    messages: list[str] = []
    exits: list[int] = []
    monkeypatch.setattr(app, "_message", lambda _title, text: messages.append(text))
    monkeypatch.setattr(QApplication, "exit", lambda code=0: exits.append(code))
    # A port nobody listens on: the connection is refused at once.
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    window = _window(tmp_path)
    qtbot.addWidget(window)
    state = app._Startup()
    app._open_and_attach(window, f"postgresql+psycopg://gojokai@127.0.0.1:{port}/x", False, state)
    assert exits == [5]
    assert messages == [
        "データベースを開けませんでした。\n"
        "データベースサーバー（127.0.0.1）につながりません。ネットワークとサーバーが動いているか"
        "確かめてください。この操作は保存されていません。"
    ]
    assert state.opened is None
    assert not window.navigation.isEnabled()
