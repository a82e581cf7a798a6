"""GUI benchmark: the main window on the demo, every page visited, its memory and its time.

Usage: python -m tests.benchmarks.bench_gui [--size S|M|L] [--db PATH]
A fresh process opens the database as the program does, shows the main window, visits every
area of the navigation in turn (each page built and filled, background loads awaited) and
reports its resident memory (``gui_memory_mb``; issue 20: at most 300 MB at L) beside a
bare PySide6 window's, and the seconds the visits took (``pages_visit``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from tests.benchmarks.env import BenchEnv, child_cpu, standalone
from tests.benchmarks.report import Figure, Timing, figure

NAMES = ("gui_memory_mb", "pages_visit")

BARE_WINDOW = """
import json
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.processEvents()
from tests.benchmarks.bench_gui import resident_mb
print(json.dumps({"rss": resident_mb()}), flush=True)
"""


def resident_mb() -> float:
    """This process's resident memory now (VmRSS), in MB."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _settle(app: object, seconds: float = 0.3) -> None:
    """Let queued work and background loads finish (they report through the event loop)."""
    from gojokai_desktop.ui import background

    end = time.perf_counter() + seconds
    while time.perf_counter() < end or any(t.is_alive() for t in background._workers):
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.01)


def child(db: str, data: str) -> None:
    """Run in the child process: the program's window, every page, then the figures."""
    from PySide6.QtWidgets import QApplication

    import gojokai_desktop.ui  # noqa: F401  (first, as the program's start does)
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.services.auth.login import authenticate
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
    from gojokai_desktop.ui.main_window import AREAS, AppPaths, MainWindow
    from gojokai_desktop.ui.style import apply_style

    app = QApplication([])
    apply_style(app)
    folder = Path(data)
    window = MainWindow(None, AppPaths(folder / "window.ini", None, folder / "backups"))
    window.show()
    ctx = AppContext(Database(f"sqlite:///{db}"), clock=lambda: DEMO_TODAY)
    # The demo's administrator logs in, as a clerk would (every page is open to them).
    window.attach(replace(ctx, actor=authenticate(ctx, "admin", "demo").actor))
    _settle(app)
    cpu = time.process_time()
    start = time.perf_counter()
    for row in range(len(AREAS)):
        window.navigation.setCurrentRow(row)
        _settle(app, 0.05)
    took = {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu}
    _settle(app)
    print(json.dumps({"rss": resident_mb(), "visit": took}), flush=True)
    sys.stdout.flush()
    os._exit(0)


def _run(command: list[str], env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{command[:3]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    result: dict[str, object] = json.loads(lines[-1])
    return result


def figures(env: BenchEnv) -> list[Figure]:
    db = env.copy_demo("gui")
    data = env.work / "gui-data"
    data.mkdir(exist_ok=True)
    child_env = dict(os.environ, GOJOKAI_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    bare = _run([sys.executable, "-c", BARE_WINDOW], child_env)
    cpu = child_cpu()
    ours = _run(
        [sys.executable, "-m", "tests.benchmarks.bench_gui", "--child", str(db), str(data)],
        child_env,
    )
    print(f"  the child's CPU in all: {child_cpu() - cpu:.2f} s")
    visit = ours["visit"]
    assert isinstance(visit, dict)
    return [
        Figure(
            f"GUI resident memory after visiting every page ({env.size})",
            float(ours["rss"]),  # type: ignore[arg-type]
            "MB",
            target=300.0 if env.size == "L" else None,
            baseline=float(bare["rss"]),  # type: ignore[arg-type]
            baseline_name="bare PySide6 window",
            key="gui_memory_mb",
        ),
        figure("pages_visit", "every page visited once", Timing(visit["wall"], visit["cpu"])),
    ]


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    if arguments[:1] == ["--child"]:
        child(arguments[1], arguments[2])
        return 0
    return standalone(figures, arguments, __doc__)


if __name__ == "__main__":
    raise SystemExit(main())
