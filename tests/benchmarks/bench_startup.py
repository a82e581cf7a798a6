"""Start-up benchmark: process start to a usable main window, beside a bare PySide6 window.

Usage: python -m tests.benchmarks.bench_startup [--db PATH] [--size S|M|L] [--repeat N]
``startup`` is the time from process start until the window is enabled with the home page
filled from the database (what the clerk can use); ``startup_shown`` until the window is
first on screen. Targets (issue 20): usable in at most 1.5 s on the L database and at most
3x the bare window. Wall time is the median of the runs; CPU time is the child's own.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time

from gojokai_desktop.app import QUIT_WHEN_SHOWN_ENV, READY_MARKER, SHOWN_MARKER
from tests.benchmarks.env import BenchEnv, child_cpu, standalone
from tests.benchmarks.report import Figure, Timing, figure

NAMES = ("startup", "startup_shown", "startup_partial_backups")

BARE_WINDOW = f"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
def done():
    print({SHOWN_MARKER!r}, flush=True)
    print({READY_MARKER!r}, flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def _times_until_markers(command: list[str], env: dict[str, str]) -> tuple[dict[str, float], float]:
    """Seconds from process start to each marker line the program prints, and its CPU."""
    cpu = child_cpu()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    # A start that waits for a person (a dialog nobody answers) is ended, not waited for.
    watchdog = threading.Timer(120, process.kill)
    watchdog.start()
    seen: dict[str, float] = {}
    try:
        for line in process.stdout:
            marker = line.strip()
            if marker in (SHOWN_MARKER, READY_MARKER):
                seen[marker] = time.perf_counter() - start
        process.wait(timeout=120)
    finally:
        watchdog.cancel()
    if READY_MARKER not in seen:
        raise RuntimeError(f"{command} exited ({process.returncode}) without a usable window")
    return seen, child_cpu() - cpu


def _medians(command: list[str], env: dict[str, str], repeat: int) -> dict[str, Timing]:
    runs = [_times_until_markers(command, env) for _ in range(repeat)]
    cpu = statistics.median(c for _, c in runs)
    return {
        marker: Timing(statistics.median(seen[marker] for seen, _ in runs), cpu)
        for marker in (SHOWN_MARKER, READY_MARKER)
    }


def figures(env: BenchEnv) -> list[Figure]:
    repeat = max(env.repeat, 5)
    db = env.copy_demo("startup")
    child_env = dict(
        os.environ,
        GOJOKAI_DATA_DIR=str(env.work / "startup-data"),
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
        # The demo's administrator, as a clerk would log in (the login is part of the start).
        GOJOKAI_USER="admin",
        GOJOKAI_PASSWORD="demo",
    )
    # gojokai-desktop, the command the desktop shortcut runs.
    app_command = [sys.executable, "-m", "gojokai_desktop.app", "--db", str(db)]
    app_env = dict(child_env, **{QUIT_WHEN_SHOWN_ENV: "1"})
    # The first start writes the daily backup and warms the OS file cache: not timed.
    _times_until_markers(app_command, app_env)
    bare = _medians([sys.executable, "-c", BARE_WINDOW], child_env, repeat)[SHOWN_MARKER]
    ours = _medians(app_command, app_env, repeat)
    target = 1.5 if env.size == "L" else None
    leftovers = sorted((env.work / "startup-data").rglob("*.part"))
    return [
        figure(
            "startup",
            f"start to main window usable, home page filled ({env.size}, median of {repeat})",
            ours[READY_MARKER],
            target=target,
            floor=bare,
            floor_name="bare PySide6 window",
            max_ratio=3.0 if env.size == "L" else None,
        ),
        figure(
            "startup_shown",
            f"start to main window shown ({env.size})",
            ours[SHOWN_MARKER],
            floor=bare,
            floor_name="bare PySide6 window",
        ),
        Figure(
            f"partial backups left behind by {repeat * 2 + 1} quits during the daily backup",
            len(leftovers),
            "files",
            target=0,
            key="startup_partial_backups",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
