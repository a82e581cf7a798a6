"""The demo generator: exact counts, determinism and every invariant of the member history."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import random
import re
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gojokai_desktop.cli import main as cli_main
from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.migrate import upgrade
from gojokai_desktop.db.models import LEAVE_REASONS
from gojokai_desktop.domain.contact import normalize_phone
from gojokai_desktop.domain.kana import normalize_for_search, validate_furigana
from gojokai_desktop.paths import shipped_dir
from gojokai_desktop.services.demo._tables import load_tables
from gojokai_desktop.services.demo.pipeline import (
    DEMO_TODAY,
    STEPS,
    DemoContext,
    DemoSummary,
    DemoTargetNotEmptyError,
    generate_demo,
    generate_into,
)

TODAY = DEMO_TODAY.isoformat()
SEED = 1
KATAKANA_NAME = re.compile(r"[ァ-ヶー]+\u3000[ァ-ヶー]+")
TABLES_COMPARED = (
    "society_settings",
    "users",
    "fiscal_years",
    "establishments",
    "members",
    "membership_periods",
    "affiliations",
    "member_events",
    "family_members",
)


@pytest.fixture(scope="module")
def demo_s(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, DemoSummary]:
    path = tmp_path_factory.mktemp("demo") / "demo-s.sqlite3"
    return path, generate_demo(path, size="S", seed=SEED)


@pytest.fixture
def db(demo_s: tuple[Path, DemoSummary]) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{demo_s[0]}?mode=ro", uri=True)
    yield connection
    connection.close()


def rows(db: sqlite3.Connection, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return db.execute(sql, params).fetchall()


def one(db: sqlite3.Connection, sql: str, *params: Any) -> Any:
    return db.execute(sql, params).fetchone()[0]


def dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    connection = sqlite3.connect(path)
    try:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in TABLES_COMPARED
        }
    finally:
        connection.close()


# ---------------------------------------------------------------------- counts
def test_member_count_is_exactly_the_size(db: sqlite3.Connection) -> None:
    assert one(db, "SELECT count(*) FROM members") == 300
    assert one(db, "SELECT count(DISTINCT number) FROM members") == 300


def test_summary_matches_the_database(
    db: sqlite3.Connection, demo_s: tuple[Path, DemoSummary]
) -> None:
    summary = demo_s[1]
    assert (summary.size, summary.seed, summary.today) == ("S", SEED, DEMO_TODAY)
    assert summary.members == 300
    assert summary.establishments == one(db, "SELECT count(*) FROM establishments")
    assert summary.family_members == one(db, "SELECT count(*) FROM family_members")
    present = one(db, "SELECT count(*) FROM members WHERE leave_date IS NULL")
    assert summary.members_present == present
    assert summary.establishments_present == one(
        db, "SELECT count(*) FROM establishments WHERE leave_date IS NULL"
    )
    by_kind = dict(rows(db, "SELECT kind, count(*) FROM member_events GROUP BY kind"))
    assert by_kind["join"] == summary.joins == 300
    assert by_kind["leave"] == summary.leaves
    assert by_kind.get("transfer", 0) == summary.transfers
    assert by_kind.get("rejoin", 0) == summary.rejoins
    assert summary.elapsed_seconds > 0
    counts = dict(summary.row_counts)
    assert counts["members"] == 300
    assert counts["member_events"] == sum(by_kind.values())


def test_society_admin_and_ten_fiscal_years(db: sqlite3.Connection) -> None:
    name, pattern, cutoff, start_month = rows(
        db,
        "SELECT name, member_number_pattern, cutoff_day, fiscal_year_start_month "
        "FROM society_settings",
    )[0]
    assert name == "福島市勤労者互助会"
    assert (pattern, cutoff, start_month) == ("{establishment:04d}-{person:03d}", 20, 4)
    assert rows(db, "SELECT login, role, active FROM users ORDER BY id") == [
        ("admin", "admin", 1),
        ("clerk", "clerk", 1),
        ("auditor", "auditor", 1),
    ]
    years = rows(db, "SELECT year, start_date, end_date, status FROM fiscal_years ORDER BY year")
    assert [y[0] for y in years] == list(range(2017, 2027))
    assert years[0][1:3] == ("2017-04-01", "2018-03-31")
    assert years[-1] == (2026, "2026-04-01", "2027-03-31", "open")
    assert {y[3] for y in years[:-1]} == {"closed"}


def test_one_audit_entry_records_the_counts_and_one_seals_every_row(
    db: sqlite3.Connection,
) -> None:
    audit = rows(db, "SELECT entity, entity_id, operation, after_json FROM audit_entries")
    assert len(audit) == 2
    entity, entity_id, operation, after = audit[0]
    assert (entity, entity_id, operation) == ("demo", "S", "bulk")
    counts = json.loads(after)
    assert counts["members"] == 300
    assert counts["seed"] == SEED
    assert counts["establishments"] == one(db, "SELECT count(*) FROM establishments")
    operation, after = audit[1][2:]
    assert operation == "seal"
    seals = json.loads(after)["seals"]
    assert seals["members"]["rows"] == 300
    assert seals["establishments"]["rows"] == counts["establishments"]


# ---------------------------------------------------------------------- determinism
def test_same_seed_gives_identical_rows(tmp_path: Path, demo_s: tuple[Path, DemoSummary]) -> None:
    again = tmp_path / "again.sqlite3"
    generate_demo(again, size="S", seed=SEED)
    assert dump(again) == dump(demo_s[0])


def test_another_seed_gives_another_society(
    tmp_path: Path, demo_s: tuple[Path, DemoSummary]
) -> None:
    other = tmp_path / "other.sqlite3"
    summary = generate_demo(other, size="S", seed=SEED + 1)
    assert summary.members == 300
    first, second = dump(demo_s[0]), dump(other)
    assert first["society_settings"] == second["society_settings"]
    assert first["members"] != second["members"]
    assert first["establishments"] != second["establishments"]


# ---------------------------------------------------------------------- refusal
def test_refuses_a_database_with_members(demo_s: tuple[Path, DemoSummary]) -> None:
    before = dump(demo_s[0])
    with pytest.raises(DemoTargetNotEmptyError, match="既にデータがあります（会員 300 人"):
        generate_demo(demo_s[0], size="S", seed=3)
    assert dump(demo_s[0]) == before


def test_cli_refuses_with_a_japanese_message(
    demo_s: tuple[Path, DemoSummary], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["demo", "--size", "S", "--db", str(demo_s[0])]) == 1
    err = capsys.readouterr().err
    assert "既にデータがあります" in err
    assert "別のファイル名を指定してください" in err


def test_cli_creates_a_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "cli.sqlite3"
    assert cli_main(["demo", "--size", "S", "--db", str(target), "--seed", "7"]) == 0
    out = capsys.readouterr().out
    assert "会員 300 人" in out
    assert f"デモデータを作成しました: {target}" in out
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT count(*) FROM members").fetchone()[0] == 300
    connection.close()


def test_unknown_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="size must be one of S, M, L"):
        generate_demo(tmp_path / "x.sqlite3", size="XL")


# ---------------------------------------------------------------------- pipeline
def _migrated(path: Path) -> Database:
    database = Database(f"sqlite:///{path}")
    upgrade(database, backup_dir=None)
    return database


def test_later_areas_add_their_own_steps(tmp_path: Path) -> None:
    seen: dict[str, int] = {}

    def settings_step(ctx: DemoContext) -> None:
        # A later area sees what the earlier steps created and inserts through the context.
        seen["members"] = len(ctx.member_ids)
        seen["random"] = ctx.rng("settings").randint(1, 1_000_000)
        ctx.insert(
            "setting_values",
            [{"key": "demo.check", "valid_from_year": ctx.first_year, "value_json": "1"}],
        )

    database = _migrated(tmp_path / "steps.sqlite3")
    try:
        *body, last = STEPS
        assert last[0] == "close_fiscal_years"
        summary = generate_into(
            database, size="S", steps=(*body, ("settings", settings_step), last)
        )
    finally:
        database.dispose()
    assert seen["members"] == 300
    assert seen["random"] == random.Random(f"{SEED}:settings").randint(1, 1_000_000)
    connection = sqlite3.connect(tmp_path / "steps.sqlite3")
    assert connection.execute(
        "SELECT key, valid_from_year FROM setting_values WHERE key = 'demo.check'"
    ).fetchall() == [("demo.check", 2017)]
    settings = connection.execute("SELECT count(*) FROM setting_values").fetchone()[0]
    assert ("setting_values", settings) in summary.row_counts
    connection.close()


def test_a_failing_step_leaves_nothing_behind(tmp_path: Path) -> None:
    def broken(ctx: DemoContext) -> None:
        raise RuntimeError("disk full")

    database = _migrated(tmp_path / "broken.sqlite3")
    try:
        with pytest.raises(RuntimeError, match="disk full"):
            generate_into(database, size="S", steps=(*STEPS[:-1], ("broken", broken)))
    finally:
        database.dispose()
    connection = sqlite3.connect(tmp_path / "broken.sqlite3")
    counts = [
        connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in (*TABLES_COMPARED, "audit_entries")
    ]
    connection.close()
    assert counts == [0] * (len(TABLES_COMPARED) + 1)
    summary = generate_demo(tmp_path / "broken.sqlite3", size="S", seed=SEED)
    assert summary.members == 300


# ---------------------------------------------------------------------- dates
def test_joins_start_on_the_first_and_leaves_end_on_the_last_day(db: sqlite3.Connection) -> None:
    starts = [
        "SELECT join_date FROM members",
        "SELECT start_date FROM membership_periods",
        "SELECT start_date FROM affiliations",
        "SELECT effective_date FROM member_events WHERE kind IN ('join', 'rejoin', 'transfer')",
        "SELECT join_date FROM establishments",
    ]
    for sql in starts:
        values = [r[0] for r in rows(db, sql)]
        assert values
        assert all(v.endswith("-01") for v in values), sql
    ends = [
        "SELECT leave_date FROM members WHERE leave_date IS NOT NULL",
        "SELECT end_date FROM membership_periods WHERE end_date IS NOT NULL",
        "SELECT end_date FROM affiliations WHERE end_date IS NOT NULL",
        "SELECT effective_date FROM member_events WHERE kind = 'leave'",
        "SELECT leave_date FROM establishments WHERE leave_date IS NOT NULL",
    ]
    for sql in ends:
        values = [dt.date.fromisoformat(r[0]) for r in rows(db, sql)]
        assert values, sql
        assert all((v + dt.timedelta(days=1)).day == 1 for v in values), sql


def test_history_spans_the_ten_fiscal_years_up_to_today(db: sqlite3.Connection) -> None:
    assert one(db, "SELECT max(join_date) FROM members") <= TODAY
    assert one(db, "SELECT max(start_date) FROM affiliations") <= TODAY
    assert one(db, "SELECT max(received_date) FROM member_events") <= TODAY
    assert one(db, "SELECT max(leave_date) FROM members") <= "2026-11-30"
    window = rows(
        db,
        "SELECT DISTINCT substr(effective_date, 1, 4) FROM member_events "
        "WHERE effective_date >= '2017-04-01'",
    )
    assert {int(y[0]) for y in window} >= set(range(2017, 2027))
    leaves_per_fy = Counter(
        (d.year if d.month >= 4 else d.year - 1)
        for d in (
            dt.date.fromisoformat(r[0])
            for r in rows(db, "SELECT effective_date FROM member_events WHERE kind = 'leave'")
        )
    )
    assert min(leaves_per_fy[fy] for fy in range(2017, 2026)) >= 1
    assert one(db, "SELECT min(effective_date) FROM member_events WHERE kind = 'leave'") >= (
        "2017-04-30"
    )


def test_members_are_adults_when_they_join(db: sqlite3.Connection) -> None:
    young = rows(
        db,
        "SELECT number, birth_date, start_date FROM members m "
        "JOIN membership_periods p ON p.member_id = m.id "
        "WHERE date(birth_date, '+18 years') > start_date",
    )
    assert young == []
    assert one(db, "SELECT min(birth_date) FROM members") > "1925-01-01"


# ---------------------------------------------------------------------- periods
def test_member_columns_describe_the_last_period(db: sqlite3.Connection) -> None:
    mismatched = rows(
        db,
        """
        SELECT m.number FROM members m
        JOIN membership_periods p ON p.member_id = m.id
        WHERE p.start_date = (SELECT max(start_date) FROM membership_periods
                              WHERE member_id = m.id)
          AND (p.start_date != m.join_date
               OR coalesce(p.end_date, '') != coalesce(m.leave_date, '')
               OR coalesce(p.end_reason, '') != coalesce(m.leave_reason, ''))
        """,
    )
    assert mismatched == []
    assert one(db, "SELECT count(DISTINCT member_id) FROM membership_periods") == 300


def test_periods_of_a_member_follow_each_other(db: sqlite3.Connection) -> None:
    by_member: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for member_id, start, end in rows(
        db, "SELECT member_id, start_date, end_date FROM membership_periods ORDER BY start_date"
    ):
        by_member[member_id].append((start, end))
    rejoined = 0
    for periods in by_member.values():
        for (_s1, e1), (s2, _e2) in itertools.pairwise(periods):
            assert e1 is not None
            assert e1 < s2
            rejoined += 1
        assert all(end is not None for _start, end in periods[:-1])
    assert rejoined == one(db, "SELECT count(*) FROM member_events WHERE kind = 'rejoin'")


def test_leave_reasons_are_codes_in_realistic_proportions(db: sqlite3.Connection) -> None:
    reasons = Counter(
        r[0]
        for r in rows(db, "SELECT end_reason FROM membership_periods WHERE end_date IS NOT NULL")
    )
    assert set(reasons) <= set(LEAVE_REASONS)
    total = sum(reasons.values())
    assert total >= 60
    assert reasons["retired"] / total > 0.6
    assert reasons["deceased"] / total < 0.1
    assert reasons["expelled"] / total < 0.05
    assert (
        one(db, "SELECT count(*) FROM members WHERE (leave_date IS NULL) != (leave_reason IS NULL)")
        == 0
    )


# ---------------------------------------------------------------------- affiliations
def test_affiliations_never_overlap(db: sqlite3.Connection) -> None:
    overlapping = rows(
        db,
        """
        SELECT a.id, b.id FROM affiliations a JOIN affiliations b
          ON a.member_id = b.member_id AND a.id < b.id
         AND a.start_date <= coalesce(b.end_date, '9999-12-31')
         AND b.start_date <= coalesce(a.end_date, '9999-12-31')
        """,
    )
    assert overlapping == []


def test_affiliations_lie_inside_and_cover_the_periods(db: sqlite3.Connection) -> None:
    outside = rows(
        db,
        """
        SELECT a.id FROM affiliations a WHERE NOT EXISTS (
          SELECT 1 FROM membership_periods p WHERE p.member_id = a.member_id
             AND p.start_date <= a.start_date
             AND coalesce(a.end_date, '9999-12-31') <= coalesce(p.end_date, '9999-12-31'))
        """,
    )
    assert outside == []
    periods = rows(db, "SELECT member_id, start_date, end_date FROM membership_periods")
    stints: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for member_id, start, end in rows(
        db, "SELECT member_id, start_date, end_date FROM affiliations ORDER BY start_date"
    ):
        stints[member_id].append((start, end))
    for member_id, start, end in periods:
        inside = [s for s in stints[member_id] if start <= s[0] and (end is None or s[0] <= end)]
        assert inside[0][0] == start
        assert inside[-1][1] == end
        for (_s1, e1), (s2, _e2) in itertools.pairwise(inside):
            # A transfer ends one affiliation the day before the next one starts.
            assert e1 is not None
            assert dt.date.fromisoformat(e1) + dt.timedelta(days=1) == dt.date.fromisoformat(s2)


def test_member_establishment_is_the_last_affiliation(db: sqlite3.Connection) -> None:
    wrong = rows(
        db,
        """
        SELECT m.number FROM members m JOIN affiliations a ON a.member_id = m.id
        WHERE a.start_date = (SELECT max(start_date) FROM affiliations WHERE member_id = m.id)
          AND a.establishment_id != m.establishment_id
        """,
    )
    assert wrong == []


def test_events_match_periods_and_affiliations(db: sqlite3.Connection) -> None:
    per_member = rows(
        db,
        """
        SELECT m.id,
          (SELECT count(*) FROM membership_periods WHERE member_id = m.id),
          (SELECT count(*) FROM membership_periods WHERE member_id = m.id
              AND end_date IS NOT NULL),
          (SELECT count(*) FROM affiliations WHERE member_id = m.id),
          (SELECT count(*) FROM member_events WHERE member_id = m.id AND kind = 'join'),
          (SELECT count(*) FROM member_events WHERE member_id = m.id AND kind = 'rejoin'),
          (SELECT count(*) FROM member_events WHERE member_id = m.id AND kind = 'leave'),
          (SELECT count(*) FROM member_events WHERE member_id = m.id AND kind = 'transfer')
        FROM members m
        """,
    )
    for _id, periods, ended, stints, joins, rejoins, leaves, transfers in per_member:
        assert joins == 1
        assert rejoins == periods - 1
        assert leaves == ended
        assert transfers == stints - periods
    unmatched_transfers = rows(
        db,
        """
        SELECT e.id FROM member_events e WHERE e.kind = 'transfer' AND NOT EXISTS (
          SELECT 1 FROM affiliations a WHERE a.member_id = e.member_id
             AND a.start_date = e.effective_date AND a.establishment_id = e.establishment_id)
        OR (e.kind = 'transfer' AND (e.from_establishment_id IS NULL
                                    OR e.from_establishment_id = e.establishment_id))
        """,
    )
    assert unmatched_transfers == []
    unmatched_leaves = rows(
        db,
        """
        SELECT e.id FROM member_events e WHERE e.kind = 'leave' AND NOT EXISTS (
          SELECT 1 FROM affiliations a WHERE a.member_id = e.member_id
             AND a.end_date = e.effective_date AND a.establishment_id = e.establishment_id)
        """,
    )
    assert unmatched_leaves == []
    assert (
        one(
            db,
            "SELECT count(*) FROM member_events WHERE received_date > effective_date "
            "AND kind != 'leave'",
        )
        == 0
    )


# ---------------------------------------------------------------------- head counts
def test_head_counts_stay_between_one_and_three_hundred(db: sqlite3.Connection) -> None:
    month_starts = [dt.date(2017 + (3 + i) // 12, (3 + i) % 12 + 1, 1) for i in range(116)]
    establishments = rows(db, "SELECT id, join_date, leave_date FROM establishments")
    stints = rows(db, "SELECT establishment_id, start_date, end_date FROM affiliations")
    by_est: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for est_id, start, end in stints:
        by_est[est_id].append((start, end))
    peak = 0
    for est_id, _joined, left in establishments:
        for day in [*month_starts, DEMO_TODAY]:
            iso = day.isoformat()
            if left is not None and iso > left:
                continue
            count = sum(1 for s, e in by_est[est_id] if s <= iso and (e is None or iso <= e))
            assert count <= 300
            peak = max(peak, count)
    assert peak >= 10
    present = dict(
        rows(
            db,
            "SELECT establishment_id, count(*) FROM affiliations WHERE start_date <= ? "
            "AND (end_date IS NULL OR end_date >= ?) GROUP BY establishment_id",
            TODAY,
            TODAY,
        )
    )
    for est_id, _joined, left in establishments:
        if left is None:
            assert 1 <= present.get(est_id, 0) <= 300, est_id


def test_head_count_agrees_with_member_columns(db: sqlite3.Connection) -> None:
    by_affiliation = dict(
        rows(
            db,
            "SELECT establishment_id, count(*) FROM affiliations WHERE start_date <= ? "
            "AND (end_date IS NULL OR end_date >= ?) GROUP BY establishment_id",
            TODAY,
            TODAY,
        )
    )
    by_member = dict(
        rows(
            db,
            "SELECT establishment_id, count(*) FROM members WHERE join_date <= ? "
            "AND (leave_date IS NULL OR leave_date >= ?) GROUP BY establishment_id",
            TODAY,
            TODAY,
        )
    )
    assert by_affiliation == by_member
    assert sum(by_member.values()) >= 100


def test_nobody_belongs_outside_the_establishment_dates(db: sqlite3.Connection) -> None:
    outside = rows(
        db,
        """
        SELECT a.id FROM affiliations a JOIN establishments e ON e.id = a.establishment_id
        WHERE a.start_date < e.join_date
           OR (e.leave_date IS NOT NULL
               AND coalesce(a.end_date, '9999-12-31') > e.leave_date)
        """,
    )
    assert outside == []


def test_left_establishments_have_no_present_members(db: sqlite3.Connection) -> None:
    left = rows(db, "SELECT id, leave_date FROM establishments WHERE leave_date IS NOT NULL")
    for est_id, leave_date in left:
        assert (
            one(
                db,
                "SELECT count(*) FROM members WHERE establishment_id = ? "
                "AND (leave_date IS NULL OR leave_date > ?)",
                est_id,
                leave_date,
            )
            == 0
        )


def test_establishment_sizes_are_skewed(db: sqlite3.Connection) -> None:
    sizes = sorted(
        (
            r[0]
            for r in rows(
                db,
                "SELECT count(*) FROM members WHERE leave_date IS NULL OR leave_date >= ? "
                "GROUP BY establishment_id",
                TODAY,
            )
        ),
        reverse=True,
    )
    assert len(sizes) >= 8
    assert sizes[-1] <= 5
    assert sizes[0] >= 2 * statistics.median(sizes)


def test_a_larger_society_has_many_small_shops_and_a_few_large_firms(tmp_path: Path) -> None:
    summary = generate_demo(tmp_path / "m.sqlite3", size="M", seed=SEED)
    assert summary.members == 5_000
    connection = sqlite3.connect(tmp_path / "m.sqlite3")
    try:
        sizes = [
            r[0]
            for r in connection.execute(
                "SELECT count(*) FROM members WHERE leave_date IS NULL OR leave_date >= ? "
                "GROUP BY establishment_id",
                (TODAY,),
            )
        ]
        peak = connection.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM affiliations "
            "WHERE start_date <= '2026-04-01' AND (end_date IS NULL OR end_date >= '2026-04-01') "
            "GROUP BY establishment_id)"
        ).fetchone()[0]
        reasons = {r[0] for r in connection.execute("SELECT DISTINCT leave_reason FROM members")}
    finally:
        connection.close()
    assert sum(1 for n in sizes if n <= 10) >= 0.6 * len(sizes)
    assert 1 <= sum(1 for n in sizes if n >= 100) <= 0.05 * len(sizes)
    assert min(sizes) >= 1
    assert peak <= 300
    assert reasons == {None, *LEAVE_REASONS}
    assert summary.transfers >= 50
    assert summary.rejoins >= 10


# ---------------------------------------------------------------------- names and numbers
def test_member_numbers_follow_the_pattern(db: sqlite3.Connection) -> None:
    for number, first_est in rows(
        db,
        """
        SELECT m.number, e.number FROM members m
        JOIN affiliations a ON a.member_id = m.id
        JOIN establishments e ON e.id = a.establishment_id
        WHERE a.start_date = (SELECT min(start_date) FROM affiliations WHERE member_id = m.id)
        """,
    ):
        assert re.fullmatch(r"\d{4}-\d{3}", number)
        assert int(number[:4]) == first_est
    serials = rows(
        db,
        "SELECT substr(number, 1, 4), max(CAST(substr(number, 6) AS INTEGER)), "
        "count(*) FROM members GROUP BY 1",
    )
    assert all(top == count for _est, top, count in serials)


def test_names_have_real_readings(db: sqlite3.Connection) -> None:
    tables = load_tables()
    surnames, given = tables.all_surnames(), tables.all_given()
    people = rows(db, "SELECT name, name_kana, kana_search FROM members")
    people += rows(db, "SELECT name, name_kana, '' FROM family_members")
    for name, kana, search in people:
        assert KATAKANA_NAME.fullmatch(kana), kana
        assert validate_furigana(kana) == kana
        family, first = name.split("\u3000")
        family_kana, first_kana = kana.split("\u3000")
        assert (family, family_kana) in surnames
        assert (first, first_kana) in given
        if search:
            assert search == normalize_for_search(kana) == family_kana + first_kana
    assert one(db, "SELECT count(DISTINCT substr(name, 1, 2)) FROM members") >= 40


def test_establishment_names_and_kana(db: sqlite3.Connection) -> None:
    for name, kana, search, owner in rows(
        db, "SELECT name, name_kana, kana_search, owner_name FROM establishments"
    ):
        assert re.fullmatch(r"[ァ-ヶー]+", kana), kana
        assert validate_furigana(kana) == kana
        assert search == kana
        assert "株式会社" not in kana
        assert re.fullmatch(r"\S+\u3000\S+", owner)
        assert name
    assert one(db, "SELECT count(DISTINCT name) FROM establishments") == one(
        db, "SELECT count(*) FROM establishments"
    )


def test_owners_of_small_shops_give_them_their_name(db: sqlite3.Connection) -> None:
    owned = rows(
        db,
        """
        SELECT e.name, m.name FROM members m JOIN establishments e
          ON e.id = m.establishment_id
        WHERE m.employment_type = 'owner' AND e.owner_name = m.name
        """,
    )
    assert owned
    assert all(
        shop_name.replace("有限会社", "")
        .replace("株式会社", "")
        .startswith(owner.split("\u3000")[0])
        for shop_name, owner in owned
    )


def test_addresses_postal_codes_and_phones(db: sqlite3.Connection) -> None:
    text = (shipped_dir("resources") / "demo" / "postal_codes.csv").read_text(encoding="utf-8")
    towns = {row["postal_code"]: row for row in csv.DictReader(io.StringIO(text))}
    assert towns["960-8041"]["town"] == "大町"
    places = rows(db, "SELECT postal_code, address, phone FROM members")
    places += rows(db, "SELECT postal_code, address, phone FROM establishments")
    for postal_code, address, phone in places:
        assert re.fullmatch(r"\d{3}-\d{4}", postal_code)
        town = towns[postal_code]
        assert address.startswith(f"福島県{town['city']}{town['town']}"), address
        if phone:
            assert normalize_phone(phone) == phone
    cities = Counter(towns[r[0]]["city"] for r in places)
    assert cities.most_common(1)[0][0] == "福島市"


def test_some_members_have_bank_accounts(db: sqlite3.Connection) -> None:
    accounts = rows(
        db,
        "SELECT bank_code, branch_code, account_type, account_number, account_holder_kana, "
        "name_kana FROM members WHERE bank_code != ''",
    )
    assert 60 <= len(accounts) <= 240
    for bank, branch, kind, number, holder, kana in accounts:
        assert bank in {"0126", "0513", "0514", "2954"}
        assert re.fullmatch(r"\d{3}", branch)
        assert kind in {"1", "2"}
        assert re.fullmatch(r"\d{7}", number)
        assert holder == kana
    assert (
        one(db, "SELECT count(*) FROM members WHERE bank_code = '' AND account_type IS NOT NULL")
        == 0
    )


def test_establishment_settings_vary(db: sqlite3.Connection) -> None:
    methods = {r[0] for r in rows(db, "SELECT DISTINCT collection_method FROM establishments")}
    cycles = {r[0] for r in rows(db, "SELECT DISTINCT billing_cycle FROM establishments")}
    assert len(methods) >= 2
    assert len(cycles) >= 2
    assert methods <= {"debit", "transfer", "cash"}


# ---------------------------------------------------------------------- family
def test_families_are_plausible(db: sqlite3.Connection) -> None:
    family = rows(
        db,
        """
        SELECT f.relation, f.sex, f.birth_date, f.dependent, f.from_date, f.to_date,
               f.married_on, m.birth_date, m.sex,
               (SELECT min(start_date) FROM membership_periods WHERE member_id = m.id),
               coalesce(min(m.leave_date, ?), ?)
        FROM family_members f JOIN members m ON m.id = f.member_id
        """,
        TODAY,
        TODAY,
    )
    relations = Counter(r[0] for r in family)
    assert set(relations) <= {"配偶者", "子", "父", "母"}
    assert relations["子"] > relations["配偶者"] > relations["父"] > 0
    for row in family:
        relation, sex, birth, dependent, since, until, married, m_birth, m_sex, joined, as_of = row
        assert birth <= as_of
        # Spouses and parents who died stay registered until the day; spouses from the wedding.
        assert until is None or (relation != "子" and since < until <= as_of)
        assert since == max(joined, married if relation == "配偶者" else birth)
        if relation == "子":
            child, member, on = (dt.date.fromisoformat(d) for d in (birth, m_birth, as_of))
            assert child >= member.replace(year=member.year + 21, day=1)
            age = on.year - child.year - ((on.month, on.day) < (child.month, child.day))
            assert bool(dependent) == (age < 22)
        elif relation == "配偶者":
            assert sex != m_sex
        else:
            assert birth < m_birth
            assert sex == ("M" if relation == "父" else "F")
    spouses = rows(
        db,
        "SELECT count(*) FROM family_members WHERE relation = '配偶者' "
        "GROUP BY member_id HAVING count(*) > 1",
    )
    assert spouses == []
    dependents = one(db, "SELECT count(*) FROM family_members WHERE dependent = 1")
    assert 0 < dependents < len(family)
