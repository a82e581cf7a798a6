"""Events benchmark on the L demo (50,000 members, ten years of events).

Usage: python -m tests.benchmarks.bench_events [--size S|M|L] [--db PATH] [--repeat N]
Targets (issue 13): the applications for a 1,400-person check-up at 12 clinics entered from a
workbook (read, every row checked, stored) at most 2 s, beside raw openpyxl reading the same
file plus raw executemany inserts of the same rows; the year's report (行事の実績 with its
workbook) at most 2 s, beside the raw SQL that counts the same persons. Wall and CPU time.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook
from sqlalchemy import text

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY
from gojokai_desktop.services.events.importer import import_applications, write_application_form
from gojokai_desktop.services.events.inputs import EventInput, SessionInput
from gojokai_desktop.services.events.records import create_event
from gojokai_desktop.services.events.reports import export_year_report
from gojokai_desktop.services.events.stats import year_report
from tests.benchmarks.env import BenchEnv, standalone
from tests.benchmarks.report import Figure, Timing, figure

NAMES = ("events_import", "events_year_report")

CLINICS = 12
PEOPLE = 1_400
YEAR = 2026
RAW_REPORT = """
SELECT a.event_id, p.category, a.status, p.attendance, COUNT(*)
FROM event_participants p JOIN event_applications a ON a.id = p.application_id
JOIN events e ON e.id = a.event_id WHERE e.fiscal_year = :year
GROUP BY a.event_id, p.category, a.status, p.attendance
"""


def _timed(action: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - wall, time.process_time() - cpu


def _checkup() -> EventInput:
    sessions = tuple(
        SessionInput(dt.date(2027, 1, 11) + dt.timedelta(days=7 * (n % 6)), "8:30",
                     place=f"医療機関{n + 1}", capacity=-(-PEOPLE // CLINICS))
        for n in range(CLINICS)
    )  # fmt: skip
    return EventInput(
        kind="checkup", title="1日人間ドック（追加募集）", sessions=sessions, capacity=PEOPLE,
        deadline=dt.date(2026, 12, 20), allow_family=False, allow_guests=False,
    )  # fmt: skip


def _workbook(ctx: AppContext, event_id: int, path: Path) -> list[tuple[str, str, str]]:
    with ctx.reader() as session:
        numbers = [
            str(n)
            for n in session.scalars(
                # Not those who already had this year's check-up (once a year in the rules).
                text(
                    "SELECT number FROM members WHERE leave_date IS NULL AND join_date <= :d"
                    " AND id NOT IN (SELECT a.member_id FROM event_applications a"
                    " JOIN events e ON e.id = a.event_id"
                    " WHERE e.fiscal_year = :y AND e.kind = 'checkup' AND a.member_id IS NOT NULL)"
                    " ORDER BY id LIMIT :n"
                ),
                {"d": DEMO_TODAY, "n": PEOPLE, "y": YEAR},
            )
        ]
    rows = [(number, "本人", "", "", "", str(i % CLINICS + 1)) for i, number in enumerate(numbers)]
    write_application_form(ctx, event_id, path, rows)
    return [(r[0], r[1], r[5]) for r in rows]


def _raw_import(path: Path, db: Path, event_id: int) -> None:
    """The floor: read the rows with openpyxl, insert them with executemany, roll back."""
    book = load_workbook(path, read_only=True)
    rows = [r for r in book.worksheets[0].iter_rows(min_row=5, values_only=True) if r[0]]
    book.close()
    connection = sqlite3.connect(db)
    try:
        ids = dict(connection.execute("SELECT number, id FROM members").fetchall())
        start = connection.execute(
            "SELECT COALESCE(MAX(id), 0) FROM event_applications"
        ).fetchone()[0]
        apps = [
            (start + n + 1, event_id, int(r[5]), n + 1, ids[r[0]], "x", "import", DEMO_TODAY,
             DEMO_TODAY, "confirmed", "member", "", 1)
            for n, r in enumerate(rows)
        ]  # fmt: skip
        connection.executemany(
            "INSERT INTO event_applications (id, event_id, session_id, number, member_id,"
            " applicant_name, channel, applied_on, session_date, status, pay_via, note, version)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            apps,
        )
        connection.executemany(
            "INSERT INTO event_participants (application_id, number, category, member_id, name,"
            " name_kana, relation, fee, subsidy, attendance)"
            " VALUES (?,1,'member',?,'x','','',0,0,'')",
            [(a[0], a[4]) for a in apps],
        )
        connection.rollback()
    finally:
        connection.close()


def _raw_report(session: object, out: Path) -> None:
    """The floor: the persons counted by one SQL statement, written by plain openpyxl."""
    rows = session.execute(text(RAW_REPORT), {"year": YEAR}).all()  # type: ignore[attr-defined]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("行事別")
    for row in rows:
        sheet.append(list(row))
    book.save(out)


def _best(action: Callable[[], object], repeat: int) -> Timing:
    wall, cpu = min(_timed(action) for _ in range(repeat))
    return Timing(wall, cpu)


def figures(env: BenchEnv) -> list[Figure]:
    work = env.copy_demo("events")
    ctx = AppContext(Database(f"sqlite:///{work}"), Actor(None, "bench"), clock=lambda: DEMO_TODAY)
    event = create_event(ctx, _checkup())
    form = env.work / "checkup.xlsx"
    _workbook(ctx, event.id, form)
    raw_import = _best(lambda: _raw_import(form, work, event.id), env.repeat)
    imported = Timing(*_timed(lambda: import_applications(ctx, event.id, form)))
    stats = year_report(ctx, YEAR)
    checkup = next(line for line in stats.lines if line.event.id == event.id)
    print(
        f"imported {checkup.tally.applied_total:,} applications at {CLINICS} clinics "
        f"({checkup.tally.waiting:,} waiting); {len(stats.lines)} events in {YEAR}"
    )
    raw_out = env.work / "raw.xlsx"
    with ctx.database.read_session() as session:
        raw_report = _best(lambda: _raw_report(session, raw_out), env.repeat)
    out = env.work / "report.xlsx"
    report_t = _best(lambda: export_year_report(ctx, YEAR, out), env.repeat)
    ctx.database.dispose()
    return [
        figure("events_import", f"import {PEOPLE:,} applications (workbook)", imported,
               target=2, floor=raw_import, floor_name="raw openpyxl + executemany"),
        figure("events_year_report", "year report of 行事 with workbook", report_t, target=2,
               floor=raw_report, floor_name="raw SQL counts + openpyxl"),
    ]  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    return standalone(figures, argv, __doc__)


if __name__ == "__main__":
    sys.exit(main())
