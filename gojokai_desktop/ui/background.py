"""One quiet read off the GUI thread (no dialog): the result is handed back on the GUI thread."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from gojokai_desktop.services import collection

log = logging.getLogger(__name__)

# Polled rather than signalled across threads, for the reason given in ui/batch.py.
POLL_MS = 50

_workers: list[threading.Thread] = []
_reaper: QTimer | None = None


def start_worker(target: Callable[[], None], name: str) -> threading.Thread:
    """Start ``target`` on a daemon thread (call on the GUI thread).

    Python's cycle collector runs in whichever thread happens to allocate; on a worker it may
    destroy Qt objects made on the GUI thread (the widgets of a closed dialog) from there,
    which crashes the program (seen as a segmentation fault in the middle of font loading).
    So automatic collection stops while any worker runs, and is done on the GUI thread
    once all have ended (:func:`reap_workers`, also polled in case a caller went away).
    """
    global _reaper  # noqa: PLW0603 - one process-wide watcher, used on the GUI thread only
    if not _workers:
        collection.pause()
    thread = threading.Thread(target=target, name=name, daemon=True)
    _workers.append(thread)
    thread.start()
    if _reaper is None:
        _reaper = QTimer(QCoreApplication.instance())
        _reaper.setInterval(POLL_MS * 10)
        _reaper.timeout.connect(reap_workers)
    _reaper.start()
    return thread


def reap_workers() -> None:
    """Forget ended workers; when none is left, collect on the GUI thread and resume."""
    had = bool(_workers)
    _workers[:] = [thread for thread in _workers if thread.is_alive()]
    if not _workers:
        if _reaper is not None:
            _reaper.stop()
        if had and collection.resume():
            gc.collect()


class BackgroundCall(QObject):
    """Runs ``work()`` on a worker thread whenever :meth:`start` is called, then calls
    ``done(result)`` on the GUI thread. A start while a run is under way runs once more
    after it, so the last answer always reflects the last request. A failure is logged and
    handed to ``failed(error)`` when given (a screen whose only data this is says so), else
    ``done`` is simply not called (the home page keeps its previous line).
    """

    def __init__(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        parent: QObject | None = None,
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._done = done
        self._on_failed = failed
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self._finished = False
        self._result: Any = None
        self._failed: Exception | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is not None:
            self._again = True
            return
        self._finished = False
        self._thread = start_worker(self._run, "background-read")
        self._timer.start()

    def wait(self) -> None:
        """Block until the run under way ends and hand its result over (for tests)."""
        while self._thread is not None:
            self._thread.join()
            self._on_timer_timeout()

    def _run(self) -> None:
        failed: Exception | None = None
        try:
            result = self._work()
        except Exception as error:  # logged, and shown by the screen that asked, if it can
            log.exception("background read failed")
            result, failed = None, error
        with self._lock:
            self._result, self._failed, self._finished = result, failed, True

    def _on_timer_timeout(self) -> None:
        with self._lock:
            if not self._finished:
                return
            result, failed = self._result, self._failed
        self._timer.stop()
        if self._thread is not None:
            self._thread.join()
            reap_workers()
        self._thread = None
        if failed is None:
            self._done(result)
        elif self._on_failed is not None:
            self._on_failed(failed)
        if self._again:
            self._again = False
            self.start()
