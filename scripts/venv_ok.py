"""Tells setup.sh whether .venv still holds this checkout's program and its dependencies.

Run by .venv's own Python with the wanted extras as arguments (``test``); exits 0 when every
dependency pyproject.toml names for them is installed at the version constraints.txt pins and
``gojokai_desktop`` is imported from this checkout, else 1 with the reason on stderr.
Standard library only: it must run in a venv that may be half-broken.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_EXTRA = re.compile(r"""extra\s*==\s*["']([^"']+)["']""")


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        name, sep, version = line.partition("==")
        if sep and not line.startswith("#"):
            pins[_normal(name)] = version.strip()
    return pins


def problems(extras: set[str]) -> list[str]:
    spec = importlib.util.find_spec("gojokai_desktop")
    if spec is None or spec.origin is None:
        return ["gojokai_desktop is not installed"]
    if not Path(spec.origin).resolve().is_relative_to(ROOT):
        return [f"gojokai_desktop comes from {spec.origin}, not from this checkout"]
    pins = _pins()
    found = []
    for requirement in importlib.metadata.requires("gojokai-desktop") or []:
        extra = _EXTRA.search(requirement)
        if extra and extra.group(1) not in extras:
            continue
        match = _NAME.match(requirement)
        if match is None:
            continue
        name = _normal(match.group(1))
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found.append(f"{name} is missing")
            continue
        if name in pins and installed != pins[name]:
            found.append(f"{name} {installed} is installed, constraints.txt pins {pins[name]}")
    return found


def main() -> int:
    found = problems(set(sys.argv[1:]))
    for problem in found:
        print(f"   .venv: {problem}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
