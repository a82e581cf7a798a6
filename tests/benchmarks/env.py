"""What every benchmark gets: the size, a work folder, the demo database (cached) and contexts.

A benchmark module offers ``figures(env) -> list[Figure]`` (and ``NAMES``, the keys of the
figures it measures, so ``--only`` can pick modules without running them); its ``main``
runs it alone through :func:`standalone`. The demo database of a size is built once with
the real command and kept in the cache folder under the size and a hash of the code that
decides its contents (models, migrations, domain, services, resources), so a second run
reuses it and a change to that code builds it afresh.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tests.benchmarks.report import Figure, Timing, report

if TYPE_CHECKING:
    from gojokai_desktop.services.context import AppContext

ROOT = Path(__file__).resolve().parents[2]
MEMBERS = {"S": 300, "M": 5_000, "L": 50_000}
#: The code a demo database depends on; any change to it builds the cached demo again.
_DEMO_SOURCES = ("gojokai_desktop/db", "gojokai_desktop/domain", "gojokai_desktop/services")
_DEMO_DATA = ("resources",)


def cache_dir() -> Path:
    configured = os.environ.get("GOJOKAI_BENCH_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gojokai_desktop" / "benchmarks"


def code_version() -> str:
    """A short hash of every file the demo's contents depend on."""
    digest = hashlib.sha256()
    files: list[Path] = []
    for folder in _DEMO_SOURCES:
        files += sorted((ROOT / folder).rglob("*.py"))
    for folder in _DEMO_DATA:
        files += sorted(p for p in (ROOT / folder).rglob("*") if p.is_file())
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def child_cpu() -> float:
    """CPU seconds of every finished child process so far (for commands run as processes)."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[Timing, str]:
    """Run a command to its end: its wall and CPU seconds and its standard output."""
    cpu = child_cpu()
    start = time.perf_counter()
    done = subprocess.run(list(command), capture_output=True, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr}")
    return Timing(wall, child_cpu() - cpu), done.stdout


def build_demo(path: Path, size: str) -> tuple[Timing, str]:
    """``gojokai demo --size SIZE --db PATH`` (the real command) into a new file."""
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    command = [sys.executable, "-m", "gojokai_desktop", "demo", "--size", size, "--db", str(path)]
    timing, output = run_command(command)
    path.with_name(path.name + ".lock").unlink(missing_ok=True)
    path.with_name(path.name + ".lock.info").unlink(missing_ok=True)
    return timing, output


@dataclass
class BenchEnv:
    """Handed to every benchmark's ``figures``."""

    size: str
    work: Path
    repeat: int = 3
    demo_db: Path | None = None
    #: Set by the demo benchmark when it built the cached demo itself (timed).
    built: dict[str, Timing] = field(default_factory=dict)
    #: ``--only``: figure keys (or module names) asked for; empty means everything.
    only: set[str] = field(default_factory=set)

    def wants(self, *keys: str) -> bool:
        """True when any of these figures is to be measured (all are, without ``--only``)."""
        return not self.only or bool(self.only & set(keys)) or bool(self.only & self.modules)

    #: The names of the module being run (``members``, ``bench_members``), set by the runner.
    modules: set[str] = field(default_factory=set)

    @property
    def members(self) -> int:
        return MEMBERS[self.size]

    def cached_demo_path(self) -> Path:
        return cache_dir() / f"demo-{self.size}-{code_version()}.sqlite3"

    def demo(self) -> Path:
        """The demo database of this size (built with the real command when not cached)."""
        if self.demo_db is not None and self.demo_db.exists():
            return self.demo_db
        path = self.cached_demo_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob(f"demo-{self.size}-*.sqlite3*"):
                old.unlink()  # built by older code (with its -wal, -shm): of no use any more
            partial = path.with_name(path.name + ".building")
            print(f"building the {self.size} demo into {path} ...", flush=True)
            self.built[self.size] = build_demo(partial, self.size)[0]
            partial.replace(path)
        self.demo_db = path
        return path

    def copy_demo(self, name: str) -> Path:
        """A private copy of the demo database for a benchmark that writes."""
        target = self.work / f"{name}.sqlite3"
        shutil.copyfile(self.demo(), target)
        return target

    def context(self, path: Path, *, today: dt.date | None = None) -> AppContext:
        """A context on ``path`` acting as a benchmark user on the demo's today."""
        from gojokai_desktop.db.engine import Database
        from gojokai_desktop.db.uow import Actor
        from gojokai_desktop.services.context import AppContext
        from gojokai_desktop.services.demo.pipeline import DEMO_TODAY

        day = today or DEMO_TODAY
        return AppContext(Database(f"sqlite:///{path}"), Actor(None, "bench"), lambda: day)


Figures = Callable[[BenchEnv], list[Figure]]


def standalone(figures: Figures, argv: Sequence[str] | None, doc: str | None = None) -> int:
    """``python -m tests.benchmarks.bench_x [--size S|M|L] [--db PATH] [--repeat N]``."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--size", default="L", choices=tuple(MEMBERS))
    parser.add_argument("--db", help="a demo database of that size (else the cached one)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-") as temp:
        env = BenchEnv(args.size, Path(temp), args.repeat, Path(args.db) if args.db else None)
        ok = report(figures(env))
    return 0 if ok else 1
