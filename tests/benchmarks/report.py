"""Benchmark figures: each beside its target and its raw floor as a ratio, wall and CPU time."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Median wall-clock and CPU seconds (this process, every thread) of repeated runs."""

    wall: float
    cpu: float


@dataclass(frozen=True)
class Figure:
    """One measured figure.

    ``key`` is the stable name in the JSON report (``startup``, ``search_p95`` …); ``name``
    says in words what was measured. ``baseline`` is the raw floor measured in the same run
    (the least any implementation pays), ``max_ratio`` the most the figure may be of it.
    """

    name: str
    value: float
    unit: str
    target: float | None = None
    baseline: float | None = None
    baseline_name: str = ""
    max_ratio: float | None = None
    key: str = ""
    cpu: float | None = None
    baseline_cpu: float | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline <= 0:
            return None
        return self.value / self.baseline

    @property
    def ok(self) -> bool | None:
        """True when every target and ratio limit is met, None when there is none."""
        verdict = []
        if self.target is not None:
            verdict.append(self.value <= self.target)
        if self.max_ratio is not None and self.ratio is not None:
            verdict.append(self.ratio <= self.max_ratio)
        return all(verdict) if verdict else None

    def line(self) -> str:
        label = f"[{self.key}] " if self.key else ""
        cpu = f" (CPU {self.cpu:.3f} s)" if self.cpu is not None else ""
        parts = [f"{label}{self.name}: {self.value:.3f} {self.unit}{cpu}"]
        if self.target is not None:
            share = f" (ratio {self.value / self.target:.2f})" if self.target > 0 else ""
            parts.append(f"target {self.target:g} {self.unit}{share}")
        ratio = self.ratio
        if ratio is not None and self.baseline is not None:
            limit = f", limit {self.max_ratio:g}x" if self.max_ratio is not None else ""
            floor_cpu = f" (CPU {self.baseline_cpu:.3f} s)" if self.baseline_cpu is not None else ""
            parts.append(
                f"floor {self.baseline_name} {self.baseline:.3f} {self.unit}{floor_cpu} "
                f"(ratio {ratio:.2f}x{limit})"
            )
        ok = self.ok
        status = "" if ok is None else ("  OK" if ok else "  MISSED")
        return " | ".join(parts) + status

    def as_json(self, size: str = "") -> dict[str, Any]:
        """The JSON record: name, seconds, cpu_seconds, floor_seconds, ratio, target, …"""
        seconds = self.unit == "s"
        record: dict[str, Any] = {
            "name": self.key or self.name,
            "seconds": self.value if seconds else None,
            "cpu_seconds": self.cpu,
            "floor_seconds": self.baseline if seconds else None,
            "ratio": self.ratio,
            "target": self.target,
            "value": self.value,
            "unit": self.unit,
            "floor": self.baseline,
            "floor_name": self.baseline_name,
            "max_ratio": self.max_ratio,
            "ok": self.ok,
            "description": self.name,
        }
        if size:
            record["size"] = size
        return record


#: When the one-command runner is at work, every figure reported lands in the list here too.
_collecting: list[list[Figure]] = []


def collect(into: list[Figure] | None) -> None:
    """Make :func:`report` also append its figures to ``into`` (None stops collecting)."""
    _collecting.clear()
    if into is not None:
        _collecting.append(into)


def report(figures: list[Figure]) -> bool:
    """Print every figure; True when every target and ratio limit was met."""
    ok = True
    for figure in figures:
        print(figure.line(), flush=True)
        ok = ok and figure.ok is not False
    for into in _collecting:
        into.extend(figures)
    return ok


def measure(action: Callable[[], object], repeat: int = 1) -> Timing:
    """Median wall-clock and median CPU seconds of ``repeat`` runs of ``action``."""
    walls, cpus = [], []
    for _ in range(repeat):
        cpu = time.process_time()
        start = time.perf_counter()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return Timing(statistics.median(walls), statistics.median(cpus))


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    """Median wall-clock seconds of ``repeat`` runs of ``action``."""
    return measure(action, repeat).wall


def figure(
    key: str,
    name: str,
    timing: Timing,
    *,
    target: float | None = None,
    floor: Timing | None = None,
    floor_name: str = "",
    max_ratio: float | None = None,
) -> Figure:
    """A figure in seconds from measured timings (wall is the figure, CPU beside it)."""
    return Figure(
        name,
        timing.wall,
        "s",
        target=target,
        baseline=None if floor is None else floor.wall,
        baseline_name=floor_name,
        max_ratio=max_ratio,
        key=key,
        cpu=timing.cpu,
        baseline_cpu=None if floor is None else floor.cpu,
    )


def as_dicts(figures: list[Figure], size: str = "") -> list[dict[str, Any]]:
    return [f.as_json(size) for f in figures]
