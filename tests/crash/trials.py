"""Crash trials: kill the program with SIGKILL at a random moment of an import, a billing run,
a payment batch commit, a restore and a demo build; then check the database is whole
(integrity_check, the audit chain and every row's seal) and all-or-nothing by counts (it
holds either the state before or the state after, never a mix), and that the program opens it.

    python -m tests.crash.trials --runs 100                 # every path, 100 kills each
    python -m tests.crash.trials --runs 3 --paths import    # a few, one path

Prints, per path, how many trials ended in the old state and in the new one (a kill during
start-up leaves the old state; one after the commit, the new one), and exits 1 on any
database that is not whole.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "demo"


@dataclass
class Trial:
    """One path: its files, the command to kill, and the counts that tell before from after.

    ``signature`` reads the counts the action changes; the state before is the prepared
    copy's, the state after is an uninterrupted run's, and every killed run must give one
    of the two exactly.
    """

    name: str
    prepare: Callable[[Path, Path], None]  # (templates folder, trial folder)
    command: Callable[[Path], list[str]]
    signature: Callable[[Path], tuple[int, ...]]
    database: Callable[[Path], Path] = field(default=lambda work: work / "gojokai.sqlite3")


def _python() -> str:
    return sys.executable


def _gojokai(*args: str) -> list[str]:
    return [
        _python(),
        "-c",
        "from gojokai_desktop.cli import main; raise SystemExit(main())",
        *args,
    ]


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        return int(connection.execute(sql).fetchone()[0])


# ---------------------------------------------------------------- templates
def _demo(size: str, target: Path) -> None:
    subprocess.run(
        _gojokai("demo", "--size", size, "--db", str(target)),
        check=True,
        capture_output=True,
        cwd=ROOT,
    )


def make_templates(folder: Path, money_size: str, roster_rows: int = 5000) -> None:
    """Demo S (and M for the money paths when asked), a roster of 5,000 new members, and a
    backup of S with them imported (what the restore goes back to)."""
    _demo("S", folder / "s.sqlite3")
    if money_size == "M":
        _demo("M", folder / "m.sqlite3")
    kana = (
        "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワ"
    )
    with (folder / "roster.csv").open("w", encoding="utf-8") as stream:
        stream.write("氏名,フリガナ,事業所,入会日\n")
        for n in range(roster_rows):
            a, b = kana[n % len(kana)], kana[(n // len(kana)) % len(kana)]
            c = kana[(n // len(kana) ** 2) % len(kana)]
            stream.write(f"取込 {a}{b}{c},トリコミ {a}{b}{c},取込商事{n % 10},R8.4.1\n")
    imported = folder / "s_imported.sqlite3"
    shutil.copyfile(folder / "s.sqlite3", imported)
    env = _env(folder)
    for command in (
        _gojokai("import", "members", str(folder / "roster.csv"), "--db", str(imported)),
        _gojokai("backup", "--db", str(imported), "--out-dir", str(folder / "backup")),
    ):
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)


def _env(work: Path) -> dict[str, str]:
    return dict(
        os.environ,
        GOJOKAI_DATA_DIR=str(work / "data"),
        GOJOKAI_USER="admin",
        GOJOKAI_PASSWORD=PASSWORD,
        PYTHONPATH=str(ROOT),
        QT_QPA_PLATFORM="offscreen",
    )


def _copy(name: str) -> Callable[[Path, Path], None]:
    def prepare(templates: Path, work: Path) -> None:
        shutil.copyfile(templates / name, work / "gojokai.sqlite3")
        shutil.copyfile(templates / "roster.csv", work / "roster.csv")
        backup = next((templates / "backup").glob("*.sqlite3"))
        shutil.copyfile(backup, work / "backup.sqlite3")

    return prepare


def _counts(*queries: str) -> Callable[[Path], tuple[int, ...]]:
    def signature(db: Path) -> tuple[int, ...]:
        if not db.exists():
            return (-1,)
        return tuple(_count(db, q) for q in queries)

    return signature


MEMBERS = (
    "SELECT count(*) FROM members",
    "SELECT count(*) FROM membership_periods",
    "SELECT count(*) FROM member_events",
    "SELECT count(*) FROM establishments",
)


def paths(money: str) -> dict[str, Trial]:
    """The five paths; ``money`` is the demo the billing and the batch run on (s or m)."""
    database = f"{money}.sqlite3"

    return {
        "import": Trial(
            "import",
            _copy("s.sqlite3"),
            lambda w: _gojokai(
                "import", "members", str(w / "roster.csv"), "--db", str(w / "gojokai.sqlite3")
            ),
            _counts(*MEMBERS),
        ),
        "billing": Trial(
            "billing",
            _copy(database),
            lambda w: _gojokai(
                "dues", "bill", "--period", "2027-04", "--db", str(w / "gojokai.sqlite3")
            ),
            _counts(
                "SELECT count(*) FROM dues_bills",
                "SELECT count(*) FROM dues_bill_lines",
                "SELECT count(*) FROM dues_billing_runs",
            ),
        ),
        "batch": Trial(
            "batch",
            _copy(database),
            lambda w: [
                _python(),
                "-m",
                "tests.crash.actions",
                "commit-batch",
                str(w / "gojokai.sqlite3"),
            ],
            _counts(
                "SELECT count(*) FROM cash_book_entries",
                "SELECT count(*) FROM benefit_payment_batches WHERE status = 'draft'",
                "SELECT count(*) FROM benefit_claims WHERE status = 'paid'",
            ),
        ),
        "restore": Trial(
            "restore",
            _copy("s.sqlite3"),
            lambda w: _gojokai(
                "restore", str(w / "backup.sqlite3"), "--db", str(w / "gojokai.sqlite3")
            ),
            _counts(*MEMBERS),
        ),
        "demo": Trial(
            "demo",
            lambda _t, _w: None,
            lambda w: _gojokai("demo", "--size", "S", "--db", str(w / "demo.sqlite3")),
            lambda w: _counts("SELECT count(*) FROM members")(w / "demo.sqlite3"),
            database=lambda w: w / "demo.sqlite3",
        ),
    }


# ---------------------------------------------------------------- checks
def check_whole(db: Path) -> None:
    """integrity_check, the audit chain and every seal, and the program opens it."""
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.verify import verify
    from gojokai_desktop.services.maintenance import open_database

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        result = connection.execute("PRAGMA integrity_check").fetchall()
    assert result == [("ok",)], f"integrity_check: {result}"
    database = Database(f"sqlite:///{db}")
    try:
        with database.read_engine.connect() as connection:
            verification = verify(connection, limit=3)
        assert verification.ok, [f.message for f in verification.findings]
    finally:
        database.dispose()
    opened = open_database(f"sqlite:///{db}", db.parent / "backups")
    opened.close()


def run_once(trial: Trial, templates: Path, work: Path, delay: float | None) -> float:
    """Prepare, run the command and kill it after ``delay`` seconds (None: let it finish)."""
    work.mkdir(parents=True)
    trial.prepare(templates, work)
    started = time.perf_counter()
    process = subprocess.Popen(
        trial.command(work),
        env=_env(work),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _out, err = process.communicate(timeout=delay)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _out, err = process.communicate()
    if process.returncode not in (0, -signal.SIGKILL):
        text = err.decode("utf-8", "replace")[-500:]
        raise AssertionError(f"{trial.name} exited {process.returncode}: {text}")
    return time.perf_counter() - started


def _signature(trial: Trial, work: Path) -> tuple[int, ...]:
    return trial.signature(work if trial.name == "demo" else trial.database(work))


def run(
    names: list[str],
    runs: int,
    seed: int,
    *,
    money: str = "m",
    templates: Path | None = None,
    roster_rows: int = 5000,
) -> dict[str, dict[str, float]]:
    """``runs`` kills per path; returns per path the old/new counts and the full run's time."""
    rng = random.Random(seed)
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="gojokai-crash-") as scratch:
        folder = templates or Path(scratch) / "templates"
        if not (folder / "s.sqlite3").exists() or (
            money == "m" and not (folder / "m.sqlite3").exists()
        ):
            folder.mkdir(parents=True, exist_ok=True)
            make_templates(folder, money.upper(), roster_rows)
        table = paths(money)
        for name in names:
            trial = table[name]
            untouched = Path(scratch) / f"{name}-before"
            untouched.mkdir()
            trial.prepare(folder, untouched)
            before = _signature(trial, untouched)
            full = run_once(trial, folder, Path(scratch) / f"{name}-full", None)
            after = _signature(trial, Path(scratch) / f"{name}-full")
            assert before != after, f"{name}: the action changed nothing"
            counts = {"old": 0, "new": 0, "seconds": round(full, 1)}
            for number in range(runs):
                work = Path(scratch) / f"{name}-{number}"
                run_once(trial, folder, work, rng.uniform(0.05, full * 1.05))
                state = _signature(trial, work)
                if state not in (before, after):
                    raise AssertionError(f"{name}: {state} is neither {before} nor {after}")
                if trial.database(work).exists():
                    check_whole(trial.database(work))
                counts["old" if state == before else "new"] += 1
                shutil.rmtree(work)
            results[name] = counts
            print(
                f"{name}: {runs}/{runs} whole (old {counts['old']}, new {counts['new']}; "
                f"an uninterrupted run takes {full:.1f} s)",
                flush=True,
            )
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--paths", default="import,billing,batch,restore,demo")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--money", choices=("s", "m"), default="m",
                        help="the demo the billing and batch paths run on (default M)")  # fmt: skip
    parser.add_argument("--templates", help="keep the prepared databases here between runs")
    args = parser.parse_args()
    try:
        run(
            args.paths.split(","),
            args.runs,
            args.seed,
            money=args.money,
            templates=Path(args.templates) if args.templates else None,
        )
    except AssertionError as exc:
        print(f"NOT WHOLE: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
