"""Start-up benchmark: process start to a shown main window, beside a bare PySide6 window.

Usage: python -m tests.benchmarks.bench_startup [--db PATH] [--size S|M|L] [--repeat N]
Without --db, a demo database of the size is generated once into a temp folder.
Targets (issue 2): at most 2.0 s on the L database and at most 3x the bare window.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from gojokai_desktop.app import QUIT_WHEN_SHOWN_ENV, READY_MARKER, SHOWN_MARKER
from tests.benchmarks.report import Figure, report

BARE_WINDOW = f"""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
def done():
    print({SHOWN_MARKER!r}, flush=True)
    app.quit()
QTimer.singleShot(0, done)
app.exec()
"""


def _times_until_markers(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """Seconds from process start to each marker line the program prints."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    seen: dict[str, float] = {}
    for line in process.stdout:
        marker = line.strip()
        if marker in (SHOWN_MARKER, READY_MARKER):
            seen[marker] = time.perf_counter() - start
    process.wait(timeout=60)
    if SHOWN_MARKER not in seen:
        raise RuntimeError(f"{command} exited ({process.returncode}) without showing a window")
    return seen


def _medians(command: list[str], env: dict[str, str], repeat: int) -> dict[str, float]:
    runs = [_times_until_markers(command, env) for _ in range(repeat)]
    return {marker: sorted(run[marker] for run in runs)[repeat // 2] for marker in runs[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db")
    parser.add_argument("--size", default="L", choices=("S", "M", "L"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    env = dict(
        os.environ,
        GOJOKAI_DATA_DIR=str(work / "data"),
        QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
    )
    db = Path(args.db) if args.db else work / f"demo-{args.size}.sqlite3"
    if not db.exists():
        print(f"generating demo {args.size} into {db} ...", flush=True)
        subprocess.run(
            [sys.executable, "-m", "gojokai_desktop", "demo", "--size", args.size, "--db", str(db)],
            check=True,
            env=env,
        )
    # The first start also writes the daily backup and warms the OS file cache: not timed.
    # gojokai-desktop, the command the desktop shortcut runs.
    app_command = [sys.executable, "-m", "gojokai_desktop.app", "--db", str(db)]
    app_env = dict(env, **{QUIT_WHEN_SHOWN_ENV: "1"})
    _times_until_markers(app_command, app_env)
    bare = _medians([sys.executable, "-c", BARE_WINDOW], env, args.repeat)[SHOWN_MARKER]
    ours = _medians(app_command, app_env, args.repeat)
    target = 2.0 if args.size == "L" else None
    ok = report(
        [
            Figure(
                f"start to shown main window ({args.size}, median of {args.repeat})",
                ours[SHOWN_MARKER],
                "s",
                target=target,
                baseline=bare,
                baseline_name="bare PySide6 window",
                max_ratio=3.0,
            ),
            Figure(
                f"start to home page filled from the database ({args.size})",
                ours[READY_MARKER],
                "s",
                target=target,
                baseline=bare,
                baseline_name="bare PySide6 window",
            ),
        ]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
