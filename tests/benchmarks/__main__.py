"""Every benchmark in one command: ``python -m tests.benchmarks --size S|M|L [--json FILE]``.

Builds (or reuses, cached by size and code version) the demo database, runs every
``tests/benchmarks/bench_*.py`` it finds and prints each figure beside its target and its raw
floor as a ratio, with wall and CPU time. ``--size M,L`` runs both sizes and prints how much
each figure grew beside how much the data grew. ``--only NAME,...`` runs the modules named
(``members`` or ``bench_members``) or the ones measuring the figures named (``search_p95``).
A module without ``figures(env)`` is run through its ``main`` and its reported figures kept.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import inspect
import itertools
import json
import os
import pkgutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from types import ModuleType

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests import benchmarks
from tests.benchmarks.env import MEMBERS, BenchEnv, cache_dir, code_version
from tests.benchmarks.report import Figure, collect, report

#: Modules that measure things the others rely on run first (the demo build fills the cache).
FIRST = ("bench_demo",)


def discover() -> list[str]:
    names = sorted(
        m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_")
    )
    return [n for n in FIRST if n in names] + [n for n in names if n not in FIRST]


def _short(module_name: str) -> str:
    return module_name.removeprefix("bench_")


def selected(module: ModuleType, name: str, only: set[str]) -> bool:
    if not only:
        return True
    keys = set(getattr(module, "NAMES", ()))
    return bool({name, _short(name)} & only or keys & only)


def _legacy_argv(module: ModuleType, env: BenchEnv) -> list[str]:
    """Arguments an old-style ``main`` understands: the demo database and the size."""
    source = inspect.getsource(module)
    argv: list[str] = []
    if '"--db"' in source:
        argv += ["--db", str(env.demo())]
    if '"--size"' in source:
        argv += ["--size", env.size]
    return argv


def run_module(name: str, module: ModuleType, env: BenchEnv) -> tuple[list[Figure], bool]:
    """The module's figures (keys given to legacy ones) and whether it ran to its end."""
    gathered: list[Figure] = []
    collect(gathered)
    try:
        produce = getattr(module, "figures", None)
        if produce is not None:
            figures = produce(env)
            report(figures)
        else:
            with contextlib.suppress(SystemExit):
                module.main(_legacy_argv(module, env))
    except Exception:
        traceback.print_exc()
        return gathered, False
    finally:
        collect(None)
    keyed = [f if f.key else _with_key(f, f"{_short(name)}:{f.name}") for f in gathered]
    return keyed, True


def _with_key(figure: Figure, key: str) -> Figure:
    from dataclasses import replace

    return replace(figure, key=key)


def _load() -> str:
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load average {one:.2f} (1 min), {five:.2f} (5 min) on {os.cpu_count()} CPUs"


def run_size(size: str, args: argparse.Namespace, only: set[str]) -> tuple[list[Figure], bool]:
    figures: list[Figure] = []
    ok = True
    with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as temp:
        env = BenchEnv(size, Path(temp), args.repeat, Path(args.db) if args.db else None)
        env.only = only
        for name in discover():
            module = importlib.import_module(f"tests.benchmarks.{name}")
            if not selected(module, name, only):
                continue
            env.modules = {name, _short(name)}
            print(f"\n== {name} ({size}, {MEMBERS[size]:,} members; {_load()})", flush=True)
            start = time.perf_counter()
            got, finished = run_module(name, module, env)
            figures += got
            ok = ok and finished
            print(f"   {name} took {time.perf_counter() - start:.1f} s", flush=True)
    return figures, ok


def growth(sizes: list[str], results: dict[str, list[Figure]]) -> list[dict[str, object]]:
    """How much each figure grew from one size to the next, beside how much the data grew."""
    records: list[dict[str, object]] = []
    for small, large in itertools.pairwise(sizes):
        data = MEMBERS[large] / MEMBERS[small]
        before = {f.key: f for f in results[small]}
        print(f"\n== growth from {small} to {large} (the data grows {data:g}x)")
        for fig in results[large]:
            old = before.get(fig.key)
            if old is None or old.value <= 0:
                continue
            grew = fig.value / old.value
            verdict = "OK" if grew <= data else "GROWS FASTER THAN THE DATA"
            change = f"{old.value:.3f} -> {fig.value:.3f} {fig.unit}"
            print(f"  {fig.key}: {change}: {grew:.2f}x  {verdict}")
            records.append(
                {
                    "name": f"{fig.key}_growth_{small}_to_{large}",
                    "value": grew,
                    "unit": "x",
                    "target": data,
                    "ratio": grew / data,
                    "ok": grew <= data,
                }
            )
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks", description=__doc__)
    parser.add_argument("--size", default="S", help="S, M or L, or several: M,L")
    parser.add_argument("--json", help="write every figure to this JSON file")
    parser.add_argument("--only", default="", help="modules or figure names, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (median)")
    parser.add_argument("--db", help="use this demo database instead of the cached one")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    sizes = [s.strip().upper() for s in args.size.split(",") if s.strip()]
    if not sizes or any(s not in MEMBERS for s in sizes):
        parser.error("--size takes S, M or L (or several, comma-separated)")
    if args.list:
        for name in discover():
            module = importlib.import_module(f"tests.benchmarks.{name}")
            print(f"{_short(name)}: {', '.join(getattr(module, 'NAMES', ())) or '(legacy)'}")
        return 0
    only = {s.strip() for s in args.only.split(",") if s.strip()}
    print(f"demo cache {cache_dir()} (code version {code_version()}); {_load()}", flush=True)
    started = time.perf_counter()
    results: dict[str, list[Figure]] = {}
    ok = True
    for size in sizes:
        results[size], finished = run_size(size, args, only)
        ok = ok and finished
    print(f"\n== summary ({time.perf_counter() - started:.0f} s; {_load()})")
    for size in sizes:
        print(f"-- {size}")
        ok = report(results[size]) and ok
    grown = growth(sizes, results) if len(sizes) > 1 else []
    if any(r["ok"] is False for r in grown):
        ok = False
    if args.json:
        records: list[dict[str, object]] = [
            f.as_json(size) for size in sizes for f in results[size]
        ]
        Path(args.json).write_text(
            json.dumps(records + grown, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        print(f"written {args.json}")
    return 0 if ok else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # PySide6 6.12 can crash in its own finalisation after pages were shown; the figures are
    # printed and written, so leave without it.
    os._exit(code)
