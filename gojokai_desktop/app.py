"""Composition root: paths, logging, error hook, open the database (lock, backup, migrate), Qt."""

from __future__ import annotations

import getpass
import importlib
import logging
import logging.handlers
import os
import queue
import sys
import threading
import traceback
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from gojokai_desktop import APP_NAME, APP_TITLE, paths

if TYPE_CHECKING:
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.maintenance import OpenedDatabase
    from gojokai_desktop.ui.main_window import MainWindow

log = logging.getLogger("gojokai_desktop")

LOG_FILE_NAME = "gojokai.log"
# Set by the start-up benchmark: print a marker when the window is on screen and another
# when the home page is filled, then quit.
QUIT_WHEN_SHOWN_ENV = "GOJOKAI_QUIT_WHEN_SHOWN"
SHOWN_MARKER = "GOJOKAI-WINDOW-SHOWN"
READY_MARKER = "GOJOKAI-HOME-READY"


def setup_logging(directory: Path, *, verbose: bool = False) -> Path:
    """A rotating log file in the data directory (5 files of 1 MB)."""
    log_file = directory / LOG_FILE_NAME
    handler = logging.handlers.RotatingFileHandler(
        log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return log_file


# Errors of other threads wait here until the GUI thread shows them: widgets may only be
# made on the GUI thread.
# An entry is (True, message) for a refusal the clerk can read, (False, summary) otherwise.
_pending_errors: queue.SimpleQueue[tuple[bool, str]] = queue.SimpleQueue()
# The database in use, so that a driver error reaching the hook names the server.
_opened: dict[str, str] = {}


def clerk_message(exc: BaseException) -> str | None:
    """The Japanese message of a refused action or a database problem that no screen caught
    (the server gone while a list loads); None for a program error."""
    from gojokai_desktop.domain.errors import RuleViolation, ValidationError

    if isinstance(exc, RuleViolation | ValidationError):
        return str(exc)
    if "sqlalchemy" not in sys.modules:
        return None
    from gojokai_desktop.db.errors import translate

    problem = translate(exc, url=_opened.get("url"))
    return None if problem is None else problem.message


def _show_error(summary: str, log_file: Path | None, *, refusal: bool = False) -> bool:
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        from gojokai_desktop.ui.error_dialog import UnexpectedErrorDialog

        if QApplication.instance() is None:
            return False
        if refusal:
            box = QMessageBox(QMessageBox.Icon.Warning, APP_TITLE, summary)
            box.addButton("閉じる", QMessageBox.ButtonRole.AcceptRole)
            box.exec()
        else:
            UnexpectedErrorDialog(summary, log_file).exec()
    except Exception:  # the error dialog itself failed: the log still has everything
        log.exception("could not show the error dialog")
        return False
    return True


def _show_refusal(message: str) -> bool:
    """A rule, a role or the database that refused an action (an auditor pressing 保存 on a
    screen that did not expect it) on the GUI thread: the message, not the error dialog."""
    if threading.current_thread() is not threading.main_thread():
        return False
    log.info("refused: %s", message)
    try:
        from PySide6.QtWidgets import QApplication

        from gojokai_desktop.ui.messages import warn

        if QApplication.instance() is None:
            return False
        warn(QApplication.activeWindow(), "できません", message)
    except Exception:
        log.exception("could not show the refusal")
        return False
    return True


def install_excepthook(log_file: Path | None) -> None:
    """Unexpected errors are logged and shown with the log tail; never a silent exit."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        message = clerk_message(exc)
        if message is not None and _show_refusal(message):
            return
        if message is not None:
            log.warning("refused: %s", message, exc_info=(exc_type, exc, tb))
        else:
            log.critical("unexpected error", exc_info=(exc_type, exc, tb))
        summary = message or f"{exc_type.__name__}: {exc}"
        if threading.current_thread() is not threading.main_thread():
            _pending_errors.put((message is not None, summary))
        elif not _show_error(summary, log_file, refusal=message is not None):
            traceback.print_exception(exc_type, exc, tb)

    sys.excepthook = hook
    threading.excepthook = lambda args: hook(
        args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback
    )


def show_pending_errors(log_file: Path | None) -> int:
    """Show, on the GUI thread, the errors other threads met; returns how many."""
    count = 0
    while not _pending_errors.empty():
        refusal, summary = _pending_errors.get()
        _show_error(summary, log_file, refusal=refusal)
        count += 1
    return count


def _message(title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, title, text)


def _ensure_demo_database() -> str:
    target = paths.demo_database_path()
    if not target.exists():
        from gojokai_desktop.services.demo.pipeline import generate_demo

        log.info("creating the demo database at %s", target)
        generate_demo(target, size="S")
    return str(target)


#: What opening the database and filling the home page import: SQLAlchemy, the ORM classes
#: and the services (most of the start's time). Imported on a thread of its own while Qt
#: builds and shows the window, so the two overlap.
_PRELOADED = (
    "gojokai_desktop.services.context",
    "gojokai_desktop.services.maintenance",
    "gojokai_desktop.services.society",
    "gojokai_desktop.services.dashboard",
)


class _Preload:
    """Imports :data:`_PRELOADED` off the GUI thread. Automatic garbage collection is off
    until the window is filled (:meth:`done`): nothing made during the start is garbage yet,
    and a collection on this thread could free Qt objects of the GUI thread (see
    ``ui/background.py``). A failed import is left for the GUI thread to meet and report."""

    def __init__(self) -> None:
        from gojokai_desktop.services import collection

        collection.pause()
        self._done = False
        self._thread = threading.Thread(target=self._work, name="preload", daemon=True)
        self._thread.start()

    @staticmethod
    def _work() -> None:
        try:
            for name in _PRELOADED:
                importlib.import_module(name)
            # What the first query would do: relate the mapped classes to each other.
            from sqlalchemy.orm import configure_mappers

            configure_mappers()
        except Exception:  # the GUI thread imports it again and shows the error
            log.debug("preloading failed", exc_info=True)

    def done(self) -> None:
        from gojokai_desktop.services import collection

        self._thread.join()
        if not self._done:
            self._done = True
            collection.resume()  # on again unless a worker (ui/background.py) still runs


class _DailyBackup:
    """The day's first backup (SQLite copy or server dump, verified), made off the GUI thread
    with its own connection; a failure shows in the home page's backup status and the log.
    A quit waits for the copy; a copy cut short by a crash is only ever a temporary file,
    removed by the next backup."""

    def __init__(self, database_url: str, backup_dir: Path) -> None:
        self._url = database_url
        self._dir = backup_dir
        self._thread = threading.Thread(target=self._work, name="daily-backup", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        import datetime as dt

        from gojokai_desktop.db.engine import Database
        from gojokai_desktop.services.backups import backup_folders, daily_backup

        database = Database(self._url)
        try:
            folders = backup_folders(self._dir, paths.data_dir())
            daily_backup(database, folders, dt.date.today(), settings_dir=paths.data_dir())
        except Exception:
            log.exception("daily backup failed")
        finally:
            database.dispose()

    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self, timeout: float = 30.0) -> None:
        self._thread.join(timeout)


class _Startup:
    """What the start-up keeps between showing the window and opening the database."""

    def __init__(self, preload: _Preload | None = None) -> None:
        self.opened: OpenedDatabase | None = None
        self.backup: _DailyBackup | None = None
        self.preload = preload

    def close(self) -> None:
        if self.backup is not None:
            self.backup.stop()
        if self.opened is not None:
            self.opened.close()


DEMO_LOGIN_NOTE = (
    "デモ: ログイン名 admin（管理者）・clerk（事務担当）・auditor（監事）、パスワードはどれも demo"
)


def _log_in(window: MainWindow, ctx: AppContext, demo: bool) -> tuple[AppContext, str] | None:
    """Who works now: this PC's automatic login (a clerk, weaker, chosen by an administrator),
    or GOJOKAI_USER / GOJOKAI_PASSWORD (scripts, tests), or the login dialog."""
    from dataclasses import replace

    from PySide6.QtWidgets import QDialog

    from gojokai_desktop.domain.errors import RuleViolation
    from gojokai_desktop.services import local_settings
    from gojokai_desktop.services.auth.login import authenticate, pc_login
    from gojokai_desktop.ui.auth.login_dialog import LoginDialog

    actor = pc_login(ctx, local_settings.pc_login_token(paths.data_dir(), ctx.display_name()))
    if actor is not None:
        return replace(ctx, actor=actor), "・この端末の自動ログイン"
    user, password = os.environ.get("GOJOKAI_USER"), os.environ.get("GOJOKAI_PASSWORD")
    if user and password is not None:
        try:
            result = authenticate(ctx, user, password)
            if not result.must_change_password:
                return replace(ctx, actor=result.actor), ""
        except RuleViolation as exc:
            log.warning("login from the environment refused: %s", exc.message)
    dialog = LoginDialog(ctx, _login_name(), window, note=DEMO_LOGIN_NOTE if demo else "")
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.actor is None:
        return None
    return replace(ctx, actor=dialog.actor), ""


def _open(window: MainWindow, url: str, state: _Startup) -> int | None:
    """Open the database (lock, refuse newer, back up, migrate, seal) into ``state``; the
    exit code after telling the clerk why, when it cannot be opened."""
    from gojokai_desktop.db.lock import DatabaseLockedError
    from gojokai_desktop.files import describe_os_error
    from gojokai_desktop.services.backups import BackupError
    from gojokai_desktop.services.maintenance import DatabaseTooNewError, open_database

    try:
        state.opened = open_database(
            url, paths.backup_dir(), waiting=partial(_show_waiting, window), settings_later=True
        )
    except DatabaseLockedError as exc:
        log.warning("database locked: %s", exc)
        _message(APP_TITLE, str(exc))
        return 3
    except DatabaseTooNewError as exc:
        _message(APP_TITLE, str(exc))
        return 4
    except BackupError as exc:
        log.error("cannot back up before migrating: %s", exc)
        _message(
            APP_TITLE,
            f"更新の前のバックアップができないため、開けません。\n{exc}\n"
            "gojokai check で確かめ、gojokai restore でバックアップから戻してください。",
        )
        return 5
    except OSError as exc:
        log.exception("cannot open the database")
        _message(APP_TITLE, f"データベースを開けません。\n{describe_os_error(exc)}")
        return 5
    except Exception as exc:  # the server unreachable, a migration refused: say why, stop
        message = clerk_message(exc)
        if message is None:
            raise
        log.warning("could not open the database: %s", message, exc_info=exc)
        _message(APP_TITLE, f"データベースを開けませんでした。\n{message}")
        return 5
    return None


def _open_and_attach(
    window: MainWindow, url_or_demo: str | None, demo: bool, state: _Startup
) -> None:
    """Second half of the start, run once the window is on screen: open the database,
    first-start setup or the login, then fill the window."""
    if os.environ.get(QUIT_WHEN_SHOWN_ENV):
        print(SHOWN_MARKER, flush=True)
    from PySide6.QtWidgets import QApplication, QDialog

    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.society import load_profile
    from gojokai_desktop.ui.setup_dialog import SetupDialog

    url = paths.resolve_database_url(_ensure_demo_database() if demo else url_or_demo)
    _opened["url"] = url
    refused = _open(window, url, state)
    if refused is not None or state.opened is None:
        QApplication.exit(5 if refused is None else refused)
        return
    ctx = AppContext(state.opened.database)
    note = ""
    if load_profile(ctx) is None:
        setup = SetupDialog(ctx, parent=window, login_name=_login_name())
        if setup.exec() != QDialog.DialogCode.Accepted or setup.administrator is None:
            QApplication.exit(0)
            return
        ctx = AppContext(ctx.database, setup.administrator)
    else:
        logged_in = _log_in(window, ctx, demo)
        if logged_in is None:
            QApplication.exit(0)
            return
        ctx, note = logged_in
    window.attach(ctx, note=note)
    _after_start(state, url, window)
    if os.environ.get(QUIT_WHEN_SHOWN_ENV):
        print(READY_MARKER, flush=True)
        QApplication.exit(0)


def _after_start(state: _Startup, url: str, window: MainWindow | None = None) -> None:
    """Once the window is filled: collection back on, the day's backup and the printing
    settings off the GUI thread (a print meanwhile waits for the settings). When the backup
    is done the home page's to-do list is made again, so that it does not keep saying that
    there is no recent backup."""
    from gojokai_desktop.services.maintenance import apply_society_settings
    from gojokai_desktop.ui.background import start_worker

    if state.preload is not None:
        state.preload.done()
        state.preload = None
    if state.opened is not None:
        database = state.opened.database
        state.backup = _DailyBackup(url, paths.backup_dir())
        start_worker(partial(apply_society_settings, database), "print-settings")
        if window is not None:
            _refresh_when_done(window, state.backup)


def _refresh_when_done(window: MainWindow, backup: _DailyBackup) -> None:
    from PySide6.QtCore import QTimer

    timer = QTimer(window)
    timer.setInterval(300)

    def look() -> None:
        if backup.running():
            return
        timer.stop()
        timer.deleteLater()
        window.refresh_backup_todo()

    timer.timeout.connect(look)
    timer.start()


def _show_waiting(window: MainWindow, message: str) -> None:
    """Another PC is migrating the server's schema: say so, and keep the window painted."""
    from PySide6.QtWidgets import QApplication

    window.database_label.setText(message)
    QApplication.processEvents()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment or the user database
        return ""


def run_gui(db: str | None = None, demo: bool = False, argv: Sequence[str] = ()) -> int:
    """Start the program; returns the process exit code.

    The window is shown first and the database opened right after, so the clerk sees the
    program at once even on a slow office PC; the window stays disabled until it is ready.
    """
    # Qt's binding first, on this thread: its bootstrap walks a dictionary that imports on
    # another thread change ("dictionary changed size during iteration", a crash at start).
    import shiboken6  # noqa: F401

    import gojokai_desktop.ui  # noqa: F401  (PySide6 set up before the preload's imports)

    preload = _Preload()
    data = paths.data_dir()
    log_file = setup_logging(paths.log_dir())
    install_excepthook(log_file)
    log.info("starting %s", APP_NAME)

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)

    from gojokai_desktop.ui.i18n import install_japanese
    from gojokai_desktop.ui.main_window import AppPaths, MainWindow
    from gojokai_desktop.ui.style import apply_style

    install_japanese(app)
    apply_style(app)
    window = MainWindow(None, AppPaths(data / "window.ini", log_file, paths.backup_dir()))
    window.show()
    # Paint the window now, before the database work queued below begins.
    app.processEvents()
    state = _Startup(preload)
    QTimer.singleShot(0, partial(_open_and_attach, window, db, demo, state))
    error_timer = QTimer(window)
    error_timer.timeout.connect(partial(show_pending_errors, log_file))
    error_timer.start(500)
    try:
        return app.exec()
    finally:
        window.close()  # saves the window state however the program ends
        if state.preload is not None:  # the start did not get as far as the home page
            state.preload.done()
        state.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``gojokai-desktop [--db PATH] [--demo]``: straight to the window,
    without loading every CLI command."""
    import argparse

    parser = argparse.ArgumentParser(prog="gojokai-desktop", description=APP_TITLE)
    parser.add_argument("--db", help="データベースのファイル（またはSQLAlchemy URL）")
    parser.add_argument("--demo", action="store_true", help="デモ用データベースで起動する")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    return run_gui(db=args.db, demo=args.demo)


if __name__ == "__main__":
    raise SystemExit(main())
