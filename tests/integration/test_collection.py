"""Pausing Python's cycle collector (services/collection.py): pauses nest and overlap, and
the collector is on again only after the last one, and only if it was on before."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from gojokai_desktop.services import collection


@pytest.fixture(autouse=True)
def _collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_nested_pauses_resume_with_the_last() -> None:
    with collection.paused():
        assert not gc.isenabled()
        with collection.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    with collection.paused():
        pass
    assert not gc.isenabled()
    assert collection.resume() is False  # a resume too many changes nothing


def test_overlapping_pauses_of_two_threads() -> None:
    inside = threading.Event()
    leave = threading.Event()

    def other() -> None:
        with collection.paused():
            inside.set()
            leave.wait(10)

    thread = threading.Thread(target=other)
    collection.pause()
    thread.start()
    assert inside.wait(10)
    assert collection.resume() is False  # the other thread's pause still holds
    assert not gc.isenabled()
    leave.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_paused_function_and_a_failure_inside() -> None:
    @collection.paused()
    def read() -> bool:
        return gc.isenabled()

    assert read() is False
    assert gc.isenabled()
    with pytest.raises(ValueError, match="壊れた"), collection.paused():
        raise ValueError("壊れた行")
    assert gc.isenabled()


def test_a_worker_keeps_the_collector_off_past_a_read_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A large read on the GUI thread ending while a worker runs must not switch the
    collector back on (a collection on the worker could free the GUI thread's Qt objects)."""
    from gojokai_desktop.ui.background import reap_workers, start_worker

    release = threading.Event()
    worker = start_worker(lambda: release.wait(10), "test-worker")
    with collection.paused():
        pass
    assert not gc.isenabled()
    release.set()
    worker.join(10)
    reap_workers()
    assert gc.isenabled()
