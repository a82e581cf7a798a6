"""Several clerk PCs on one PostgreSQL server (issue 17).

Usage: python -m tests.benchmarks.bench_multi [--postgres URL] [--writers 5] [--joins 100]
       [--sqlite-l PATH] [--skip-l]
``--postgres`` (default: GOJOKAI_TEST_POSTGRES_URL) names a server where databases may be
created. Figures: 5 writers × 100 joins (separate processes, as PCs) on PostgreSQL, time per
join beside one writer doing the same 100 (and both on SQLite, for scale); every number
unique and gapless, 0 errors. Then the L demo (50,000 members) on PostgreSQL beside SQLite:
the member register loaded for the search-as-you-type list, a raw SQL search, and the
billing preview of a whole April (the speed issue's figures).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from tests.benchmarks.env import BenchEnv
from tests.benchmarks.report import Figure, report, timed
from tests.integration.concurrency.scenario import errors_of, run_workers, seed
from tests.postgres import POSTGRES_URL_ENV, PostgresServer

SEARCHES = ("ヤマダ", "サトウハナコ", "0012-0", "090", "福島商", "スズキ")
RAW_SEARCH = (
    "SELECT m.id FROM members m JOIN establishments e ON e.id = m.establishment_id"
    " WHERE m.leave_date IS NULL AND (m.kana_search LIKE :p OR m.name LIKE :p"
    " OR m.number LIKE :p OR m.phone LIKE :p OR e.name LIKE :p)"
)


def _joins(url: str, writers: int, joins: int) -> tuple[float, int]:
    """Seconds from the common start until the last writer finished, and the joins done."""
    seeded = seed(url)
    reports = run_workers(url, seeded, ("join",), writers, joins)
    # Started together after their imports: the slowest writer's clock is the wall time.
    wall = max(r.seconds for r in reports)
    errors = errors_of(reports)
    if errors:
        print(f"  ERRORS: {errors[:5]}")
    return wall, sum(r.ok for r in reports)


def _sqlite(tmp: Path, template: Path, name: str) -> str:
    path = tmp / f"{name}.sqlite3"
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def _join_figures(server: PostgresServer, tmp: Path, writers: int, joins: int) -> list[Figure]:
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.migrate import upgrade

    template = tmp / "template.sqlite3"
    database = Database(f"sqlite:///{template}")
    upgrade(database, None)
    database.dispose()  # checkpoints the WAL into the file, so a copy is whole
    figures = []
    for kind in ("PostgreSQL", "SQLite"):
        results = {}
        for count in (1, writers):
            if kind == "PostgreSQL":
                url = server.fresh_database()
            else:
                url = _sqlite(tmp, template, f"w{count}")
            wall, done = _joins(url, count, joins)
            if kind == "PostgreSQL":
                server.drop(url)
            results[count] = (wall, done)
            print(f"  {kind}: {count} writer(s) × {joins} joins: {done} done in {wall:.1f} s "
                  f"({done / wall:.1f} joins/s)", flush=True)  # fmt: skip
        one_wall, one_done = results[1]
        many_wall, many_done = results[writers]
        figures.append(
            Figure(
                f"{kind}: {writers} writers × {joins} joins, time per join",
                many_wall / many_done * 1000, "ms",
                baseline=one_wall / one_done * 1000, baseline_name="one writer",
            )
        )  # fmt: skip
    return figures


def _l_figures(ctx, label: str) -> list[Figure]:
    from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
    from gojokai_desktop.services.dues.billing import preview_billing
    from gojokai_desktop.services.members.search import load_member_rows

    rows = timed(lambda: load_member_rows(ctx), 3)
    samples = []
    with ctx.reader() as session:
        for word in SEARCHES:
            for end in range(1, len(word) + 1):
                pattern = f"%{word[:end]}%"
                begin = time.perf_counter()
                session.execute(text(RAW_SEARCH), {"p": pattern}).all()
                samples.append(time.perf_counter() - begin)
    search_p95 = statistics.quantiles(samples, n=20)[-1] * 1000
    period = dt.date(DEMO_TODAY.year + 1, 4, 1)
    preview = timed(lambda: preview_billing(ctx, period), 3)
    return [
        Figure(f"{label}: member register loaded (search list)", rows, "s"),
        Figure(f"{label}: raw SQL search p95 per keystroke", search_p95, "ms"),
        Figure(f"{label}: billing preview (every establishment)", preview, "s", target=10),
    ]


def _context(url: str):
    from gojokai_desktop.db.engine import Database
    from gojokai_desktop.db.uow import Actor
    from gojokai_desktop.services.context import AppContext
    from gojokai_desktop.services.demo.pipeline import DEMO_TODAY

    return AppContext(Database(url), Actor(None, "bench"), clock=lambda: DEMO_TODAY)


def _size_l(server: PostgresServer, tmp: Path, sqlite_l: str | None) -> list[Figure]:
    from gojokai_desktop.services.demo.pipeline import generate_demo

    path = Path(sqlite_l) if sqlite_l else tmp / "demo-L.sqlite3"
    if not path.exists():
        begin = time.perf_counter()
        generate_demo(path, size="L")
        print(f"  SQLite L demo made in {time.perf_counter() - begin:.0f} s", flush=True)
    url = server.fresh_database()
    begin = time.perf_counter()
    generate_demo(url, size="L")
    print(f"  PostgreSQL L demo made in {time.perf_counter() - begin:.0f} s", flush=True)
    figures = []
    for label, where in (("SQLite L", f"sqlite:///{path}"), ("PostgreSQL L", url)):
        ctx = _context(where)
        figures += _l_figures(ctx, label)
        ctx.database.dispose()
    server.drop(url)
    # Each PostgreSQL figure beside its SQLite one.
    half = len(figures) // 2
    return figures[:half] + [
        Figure(
            pg.name,
            pg.value,
            pg.unit,
            target=pg.target,
            baseline=lite.value,
            baseline_name="SQLite",
        )
        for lite, pg in zip(figures[:half], figures[half:], strict=True)
    ]


NAMES = ("multi_joins", "multi_register", "multi_billing_preview")


def figures(env: BenchEnv) -> list[Figure]:
    """In the one-command run: only when a PostgreSQL server is named (the variable)."""
    url = os.environ.get(POSTGRES_URL_ENV, "")
    if not url:
        print(f"  no PostgreSQL server ({POSTGRES_URL_ENV} is not set): skipped")
        return []
    server = PostgresServer(url)
    try:
        found = _join_figures(server, env.work, 5, 100)
        if env.size == "L":
            found += _size_l(server, env.work, str(env.demo()))
    finally:
        server.close()
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_URL_ENV, ""))
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--joins", type=int, default=100)
    parser.add_argument("--sqlite-l", help="an existing SQLite L demo (made when missing)")
    parser.add_argument("--skip-l", action="store_true", help="only the concurrent joins")
    args = parser.parse_args(argv)
    if not args.postgres:
        parser.error(f"--postgres URL (or {POSTGRES_URL_ENV}) is needed")
    server = PostgresServer(args.postgres)
    started = time.process_time(), time.perf_counter()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-multi-") as temp:
            figures = _join_figures(server, Path(temp), args.writers, args.joins)
            if not args.skip_l:
                figures += _size_l(server, Path(temp), args.sqlite_l)
            ok = report(figures)
    finally:
        server.close()
    cpu, wall = time.process_time() - started[0], time.perf_counter() - started[1]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"benchmark: {wall:.0f} s wall, {cpu:.0f} s CPU in this process; load average {load}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
