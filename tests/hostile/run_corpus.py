"""Import every file of the hostile corpus with ``gojokai import members`` in this process and
report each exit code and message, the peak memory, and whether anything was written.

    python -m tests.hostile.run_corpus [--full] [--keep DIR]

Run by ``tests/integration/test_hostile_files.py`` in a child process (so the peak memory is
this run's alone); ``--full`` adds the issue's full-size files (an xlsx that expands to 1.2 GB,
a 200 MB CSV).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import sqlite3
import sys
import tempfile
from pathlib import Path

from tests.hostile.corpus import make_corpus


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM where Linux has it: ``ru_maxrss`` also
    counts the parent's memory at the fork (Linux keeps the high-water mark across exec),
    which under pytest is the test run's, not this run's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as connection:
        members = connection.execute("SELECT count(*) FROM members").fetchone()[0]
        # A login is recorded (who, when); anything else would be a write of the import.
        audit = connection.execute(
            "SELECT count(*) FROM audit_entries WHERE action != 'ログイン'"
        ).fetchone()[0]
    return int(members), int(audit)


def run(folder: Path, db: Path, *, full: bool) -> dict[str, object]:
    from gojokai_desktop.cli import main

    results = []
    for hostile in make_corpus(folder, full=full):
        before = _counts(db)
        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            code = main(
                ["import", "members", str(folder / hostile.name), "--dry-run", "--db", str(db)]
            )
        results.append(
            {
                "name": hostile.name,
                "expect": hostile.expect,
                "expected_code": hostile.exit_code,
                "code": code,
                "stderr": err.getvalue(),
                "stdout": out.getvalue(),
                "written": _counts(db) != before,
                "peak_mb_after": peak_mb(),
            }
        )
    return {"files": results, "peak_mb": peak_mb()}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--db", required=True, help="a set-up database (copied, not changed)")
    parser.add_argument("--keep", help="write the corpus here instead of a temporary folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gojokai-hostile-") as scratch:
        folder = Path(args.keep) if args.keep else Path(scratch)
        report = run(folder, Path(args.db), full=args.full)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    bad = [
        f
        for f in report["files"]
        if f["code"] != f["expected_code"]
        or f["expect"] not in f["stderr"] + f["stdout"]
        or "Traceback" in f["stderr"]
        or f["written"]
    ]
    print(
        f"peak {report['peak_mb']} MB, "
        f"{len(report['files']) - len(bad)}/{len(report['files'])} as expected",
        file=sys.stderr,
    )
    return 1 if bad or float(report["peak_mb"]) >= 500 else 0


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    raise SystemExit(main())
