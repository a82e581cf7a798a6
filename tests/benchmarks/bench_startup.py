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

from gojokai_desktop.app import QUIT_WHEN_SHOWN_ENV, SHOWN_MARKER
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


def _time_until_marker(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip() == SHOWN_MARKER:
            elapsed = time.perf_counter() - start
            process.wait(timeout=60)
            return elapsed
    process.wait(timeout=60)
    raise RuntimeError(f"{command} exited ({process.returncode}) without showing a window")


def _median(command: list[str], env: dict[str, str], repeat: int) -> float:
    samples = sorted(_time_until_marker(command, env) for _ in range(repeat))
    return samples[len(samples) // 2]


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
    app_command = [sys.executable, "-m", "gojokai_desktop", "gui", "--db", str(db)]
    app_env = dict(env, **{QUIT_WHEN_SHOWN_ENV: "1"})
    _time_until_marker(app_command, app_env)
    bare = _median([sys.executable, "-c", BARE_WINDOW], env, args.repeat)
    ours = _median(app_command, app_env, args.repeat)
    ok = report(
        [
            Figure(
                f"start to shown main window ({args.size}, median of {args.repeat})",
                ours,
                "s",
                target=2.0 if args.size == "L" else None,
                baseline=bare,
                baseline_name="bare PySide6 window",
                max_ratio=3.0,
            )
        ]
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
