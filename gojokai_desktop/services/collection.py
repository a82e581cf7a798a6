"""Python's automatic cycle collection, paused while it would only get in the way.

Reading 50,000 members makes about a million objects in a second; every 70,000 of them the
collector walks every object the program holds (the modules, SQLAlchemy's and Qt's classes,
the rows read so far), which took a third of the member list's load at 50,000 members.
Nothing made by a read is cyclic garbage, so a large read pauses the collector
(:func:`paused`) and it resumes as it was afterwards.

The same pause serves the start (nothing made then is garbage yet) and the GUI's worker
threads (``ui/background.py``: a collection on a worker could free Qt objects of the GUI
thread). Pauses nest and may overlap across threads: the collector is on again only when
the last one ends, and only if it was on before the first.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = False


def pause() -> None:
    """Stop automatic collection until the matching :func:`resume`."""
    global _holders, _was_enabled  # noqa: PLW0603 - one process-wide collector
    with _lock:
        if _holders == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _holders += 1


def resume() -> bool:
    """End one pause; True when that turned automatic collection back on."""
    global _holders  # noqa: PLW0603 - one process-wide collector
    with _lock:
        if _holders == 0:
            return False  # not paused (a resume too many): nothing to undo
        _holders -= 1
        if _holders == 0 and _was_enabled:
            gc.enable()
            return True
        return False


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside (a large read making many objects at once)."""
    pause()
    try:
        yield
    finally:
        resume()
