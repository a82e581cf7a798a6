"""Printing benchmark figures beside their targets and baselines, as ratios."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None
    baseline: float | None = None
    baseline_name: str = ""
    max_ratio: float | None = None

    def line(self) -> str:
        parts = [f"{self.name}: {self.value:.3f} {self.unit}"]
        verdict = []
        if self.target is not None:
            ok = self.value <= self.target
            parts.append(
                f"target {self.target:g} {self.unit} (ratio {self.value / self.target:.2f})"
            )
            verdict.append(ok)
        if self.baseline is not None and self.baseline > 0:
            ratio = self.value / self.baseline
            limit = f", limit {self.max_ratio:g}x" if self.max_ratio is not None else ""
            parts.append(
                f"baseline {self.baseline_name} {self.baseline:.3f} {self.unit} "
                f"(ratio {ratio:.2f}x{limit})"
            )
            if self.max_ratio is not None:
                verdict.append(ratio <= self.max_ratio)
        status = "" if not verdict else ("  OK" if all(verdict) else "  MISSED")
        return " | ".join(parts) + status


def report(figures: list[Figure]) -> bool:
    """Print every figure; True when every target and ratio limit was met."""
    ok = True
    for figure in figures:
        line = figure.line()
        ok = ok and not line.endswith("MISSED")
        print(line, flush=True)
    return ok


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    """Median wall-clock seconds of ``repeat`` runs of ``action``."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)
