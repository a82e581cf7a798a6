"""One quiet read off the GUI thread (no dialog): the result is handed back on the GUI thread."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)

# Polled rather than signalled across threads, for the reason given in ui/batch.py.
POLL_MS = 50


class BackgroundCall(QObject):
    """Runs ``work()`` on a worker thread whenever :meth:`start` is called, then calls
    ``done(result)`` on the GUI thread. A start while a run is under way runs once more
    after it, so the last answer always reflects the last request. A failure is logged and
    ``done`` is not called: what it feeds is a convenience, never the only way to the data.
    """

    def __init__(
        self, work: Callable[[], Any], done: Callable[[Any], None], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._done = done
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self._finished = False
        self._result: Any = None
        self._failed = False
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
        self._thread = threading.Thread(target=self._run, name="home-read", daemon=True)
        self._thread.start()
        self._timer.start()

    def wait(self) -> None:
        """Block until the run under way ends and hand its result over (for tests)."""
        while self._thread is not None:
            self._thread.join()
            self._on_timer_timeout()

    def _run(self) -> None:
        try:
            result, failed = self._work(), False
        except Exception:  # logged; the home page simply keeps its previous line
            log.exception("background read failed")
            result, failed = None, True
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
        self._thread = None
        if not failed:
            self._done(result)
        if self._again:
            self._again = False
            self.start()
