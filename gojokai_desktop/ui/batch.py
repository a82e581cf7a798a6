"""Batch printing off the GUI thread: a progress dialog with Cancel, then the preview."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from gojokai_desktop.services.context import AppContext
from gojokai_desktop.ui.background import reap_workers, start_worker

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
# A task gets a progress callback and a cancel check; it must open its own DB session
# (services do, via ctx.reader()), because it runs on the worker thread.
Task = Callable[[Progress, Cancelled], Any]


# A plain Python thread reporting through a lock-guarded state polled by a GUI timer:
# PySide6 6.12 corrupts reference counts when many queued signals cross threads (a fatal
# "bool_dealloc" at exit), and polling keeps the GUI thread in sole charge of the widgets.
POLL_MS = 50


class BatchRun:
    """One task on a worker thread, its progress dialog, and what came out of it."""

    def __init__(self, parent: QWidget | None, label: str, task: Task) -> None:
        self.label = label
        self.dialog = QProgressDialog(label, "キャンセル", 0, 0, parent)
        self.dialog.setWindowTitle("処理中")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(200)
        self.dialog.canceled.connect(self.cancel)
        self._task = task
        self._cancel = threading.Event()
        self._lock = threading.Lock()
        self._progress = (0, 0)
        self._finished = False
        self.result: object = None
        self.error = ""
        self._loop = QEventLoop()
        self._timer = QTimer()
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def cancel(self) -> None:
        """Ask the task to stop at its next check."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        """True once Cancel was pressed."""
        return self._cancel.is_set()

    def exec(self) -> None:
        """Run the task and keep the GUI responsive until it ends."""
        worker = start_worker(self._work, "batch-print")
        self._timer.start()
        self._loop.exec()
        worker.join()
        reap_workers()
        self.dialog.reset()

    def _report(self, done: int, total: int) -> None:
        with self._lock:
            self._progress = (done, total)

    def _work(self) -> None:
        try:
            result = self._task(self._report, self._cancel.is_set)
        except Exception as error:  # shown to the clerk instead of lost in the thread
            with self._lock:
                self.error = str(error) or type(error).__name__
        else:
            with self._lock:
                self.result = result
        with self._lock:
            self._finished = True

    def _on_timer_timeout(self) -> None:
        with self._lock:
            (done, total), finished = self._progress, self._finished
        if total and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        if total:
            self.dialog.setValue(min(done, total))
            self.dialog.setLabelText(f"{self.label}（{done:,} / {total:,}）")
        if finished:
            self._timer.stop()
            self._loop.quit()


def run_in_background(parent: QWidget | None, label: str, task: Task) -> Any:
    """Run ``task`` with a modal progress dialog; return its result, or None if cancelled
    or failed (a failure is shown in a message box)."""
    run = BatchRun(parent, label, task)
    run.exec()
    if run.error:
        QMessageBox.warning(parent, "印刷できませんでした", run.error)
        return None
    if run.cancelled:
        return None
    return run.result


def print_members_in_background(
    parent: QWidget | None,
    ctx: AppContext,
    form: str,
    member_numbers: Sequence[str],
    out: Path,
    *,
    user_forms_dir: Path | None,
) -> Path | None:
    """Build one PDF of ``form`` for many members; the path, or None when cancelled."""
    from gojokai_desktop.services.printing import render_member_forms

    def task(progress: Progress, cancelled: Cancelled) -> Path | None:
        result = render_member_forms(
            ctx,
            form,
            member_numbers,
            out,
            user_forms_dir=user_forms_dir,
            progress=progress,
            is_cancelled=cancelled,
        )
        return None if result.cancelled else out

    result: Path | None = run_in_background(
        parent, f"{len(member_numbers):,}件の様式を作成中", task
    )
    return result
