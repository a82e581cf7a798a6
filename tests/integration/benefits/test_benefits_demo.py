"""The demo's benefits: believable claims, each paid once and booked, the register equal to the
cash book every year, amounts the rules give, work in hand today, the same rows from a seed."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.domain.holidays import is_business_day
from gojokai_desktop.services.accounts.budget_report import running_status
from gojokai_desktop.services.benefits.batch_views import get_batch, list_batches
from gojokai_desktop.services.benefits.claim_views import (
    ClaimFilter,
    claim_number,
    claims_todo,
    get_claim,
    list_claims,
)
from gojokai_desktop.services.benefits.claims import assess
from gojokai_desktop.services.benefits.due import due_list
from gojokai_desktop.services.benefits.register import (
    benefit_register,
    fiscal_year_filter,
    register_matches_cash_book,
)
from gojokai_desktop.services.benefits.zengin import get_zengin_account, zengin_bytes
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import DEMO_TODAY, generate_demo

SEED = 1
YEARS = range(2017, 2027)
COMPLETE_YEARS = range(2017, 2026)
CALENDAR = FiscalCalendar()
BENEFIT_TABLES = (
    "benefit_tables",
    "benefit_claims",
    "benefit_claim_steps",
    "benefit_payment_batches",
    "benefit_payments",
    "cash_book_entries",
    "setting_values",
)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("benefits-demo") / "demo.sqlite3"
    generate_demo(path, size="S", seed=SEED)
    return path


@pytest.fixture
def db(demo_db: Path) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(f"file:{demo_db}?mode=ro", uri=True)
    yield connection
    connection.close()


@pytest.fixture
def demo_ctx(demo_db: Path) -> Iterator[AppContext]:
    database = Database(f"sqlite:///{demo_db}")
    yield AppContext(database, Actor(1, "鈴木　美穂"), clock=lambda: DEMO_TODAY)
    database.dispose()


def rows(db: sqlite3.Connection, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return db.execute(sql, params).fetchall()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_about_ten_claims_per_hundred_members_a_year(db: sqlite3.Connection) -> None:
    rates = []
    for year in COMPLETE_YEARS:
        middle = f"{year}-10-01"
        members = rows(
            db,
            "SELECT count(*) FROM membership_periods WHERE start_date <= ? "
            "AND (end_date IS NULL OR end_date >= ?)",
            middle,
            middle,
        )[0][0]
        claims = rows(db, "SELECT count(*) FROM benefit_claims WHERE fiscal_year = ?", year)[0][0]
        rates.append(100 * claims / members)
    assert all(3 <= rate <= 25 for rate in rates), rates
    assert 7 <= sum(rates) / len(rates) <= 14, rates
    kinds = Counter(r[0] for r in rows(db, "SELECT kind_code FROM benefit_claims"))
    assert {
        "birth",
        "marriage",
        "school_elementary",
        "school_junior",
        "sickness",
        "death_parent",
        "farewell",
        "silver_wedding",
        "long_service",
    } <= set(kinds)
    assert max(kinds.values()) < 0.3 * sum(kinds.values()), kinds
    statuses = Counter(r[0] for r in rows(db, "SELECT status FROM benefit_claims"))
    assert statuses["paid"] > 0.9 * sum(statuses.values())
    assert statuses["rejected"] > 0
    assert statuses["withdrawn"] > 0


def test_every_paid_claim_was_paid_once_and_booked_as_commit_does(db: sqlite3.Connection) -> None:
    paid = rows(
        db,
        """
        SELECT c.id, c.fiscal_year, c.seq, c.amount, c.paid_on, c.kind_name, m.name,
               p.id, p.method, p.amount, p.payee_name, p.account_holder_kana,
               b.status, b.payment_date,
               e.id, e.source_type, e.source_id, e.amount, e.direction, e.entry_date, e.method,
               e.description, e.counterparty, i.code
        FROM benefit_claims c
        JOIN members m ON m.id = c.member_id
        JOIN benefit_payments p ON p.claim_id = c.id AND NOT p.reversed
        JOIN benefit_payment_batches b ON b.id = p.batch_id
        JOIN cash_book_entries e ON e.id = p.entry_id
        JOIN items i ON i.id = e.item_id
        WHERE c.status = 'paid'
        """,
    )
    assert len(paid) == rows(db, "SELECT count(*) FROM benefit_claims WHERE status = 'paid'")[0][0]
    assert len(paid) == len({r[0] for r in paid})
    methods = Counter()
    for (
        _id, fiscal_year, seq, amount, paid_on, kind_name, member, payment_id, method,
        payment_amount, payee, holder, batch_status, payday, _entry, source_type, source_id,
        entry_amount, direction, entry_date, entry_method, description, counterparty, item,
    ) in paid:  # fmt: skip
        methods[method] += 1
        assert batch_status == "committed"
        assert paid_on == payday == entry_date
        assert is_business_day(day(payday))
        assert amount == payment_amount == entry_amount > 0
        assert (source_type, source_id) == ("benefit_payment", payment_id)
        assert (direction, item) == ("expenditure", "201")
        assert entry_method == ("cash" if method == "cash" else "bank")
        assert description == f"{kind_name} {member}（{claim_number(fiscal_year, seq)}）"
        assert counterparty == member
        assert (payee == member) == (method != "establishment_account")
        assert bool(holder) == (method != "cash")
    assert methods["member_account"] > methods["cash"] > 0
    assert methods["establishment_account"] > 0
    stray = rows(
        db,
        "SELECT count(*) FROM cash_book_entries WHERE source_type = 'benefit_payment' "
        "AND source_id NOT IN (SELECT id FROM benefit_payments WHERE entry_id IS NOT NULL)",
    )
    assert stray == [(0,)]


def test_the_register_matches_the_cash_book_to_the_yen(demo_ctx: AppContext) -> None:
    for year in YEARS:
        register = benefit_register(demo_ctx, fiscal_year_filter(demo_ctx, year))
        check = register_matches_cash_book(demo_ctx, year)
        status = running_status(demo_ctx, fiscal_year=year)
        actual = status.row("expenditure", "給付事業費").cells[1]
        batches = sum(
            b.total_amount for b in list_batches(demo_ctx, year) if b.status == "committed"
        )
        assert register.paid_total > 0
        assert register.paid_total == check.cash_book_total == actual == batches, year
        assert check.matches


def test_amounts_and_explanations_are_what_the_rules_give(demo_ctx: AppContext) -> None:
    decided = list_claims(demo_ctx, ClaimFilter(statuses=("paid", "approved", "rejected")))
    assert len(decided) > 100
    for row in decided:
        claim = get_claim(demo_ctx, row.id)
        again = assess(demo_ctx, claim.data, row.id)
        assert again.computed_amount == row.computed_amount
        assert again.explanation == claim.explanation[: len(again.explanation)]
        if row.status == "rejected":
            assert again.failures
            assert claim.reject_reason == " / ".join(f.message for f in again.failures)
        elif row.overridden:  # a late claim the administrator accepted, with the reason
            assert [f.code for f in again.failures] == ["deadline"]
            assert claim.override_reason
            assert row.amount == row.computed_amount
        else:
            assert again.eligible, (row.number, again.failures)
            assert row.amount == again.amount == again.computed_amount
            assert claim.explanation == again.explanation
        assert [s.step for s in claim.steps][:1] == ["received"]
        assert all(s.user_name == "鈴木　美穂" for s in claim.steps)


def test_recent_claims_are_work_in_hand(demo_ctx: AppContext) -> None:
    todo = claims_todo(demo_ctx)
    assert todo.received + todo.reviewed >= 1
    assert todo.approved >= 1
    assert todo.approved_amount > 0
    open_claims = list_claims(demo_ctx, ClaimFilter(statuses=("received", "reviewed", "approved")))
    assert all(DEMO_TODAY - r.claim_date < dt.timedelta(days=75) for r in open_claims)
    drafts = [b for b in list_batches(demo_ctx) if b.status == "draft"]
    assert len(drafts) == 1
    draft = get_batch(demo_ctx, drafts[0].id)
    assert draft.row.payment_date > DEMO_TODAY
    assert is_business_day(draft.row.payment_date)
    assert draft.lines
    assert all(line.problem == "" for line in draft.lines)


def test_a_months_bank_file_matches_its_batch(demo_ctx: AppContext) -> None:
    account = get_zengin_account(demo_ctx)
    assert account is not None
    assert (account.bank_code, account.account_number) == ("0126", "1234567")
    batch = next(
        b for b in list_batches(demo_ctx) if b.status == "committed" and b.transfer_count >= 2
    )
    data, count, total = zengin_bytes(demo_ctx, batch.id)
    records = data.split(b"\r\n")[:-1]
    assert (count, total) == (batch.transfer_count, batch.transfer_total)
    assert len(records) == count + 3
    assert records[-2][:19] == f"8{count:06d}{total:012d}".encode()
    assert records[0][54:58] == f"{batch.payment_date:%m%d}".encode()


def test_due_lists_know_the_claims_made_from_them(demo_ctx: AppContext) -> None:
    live = {
        (r.kind_code, r.member_id, r.event_date)
        for r in list_claims(demo_ctx, ClaimFilter(statuses=("approved", "paid")))
        if r.kind_code in ("silver_wedding", "long_service", "adult", "school_elementary")
    }
    found = 0
    for year in (2022, 2023, 2024):
        listed = due_list(demo_ctx, year)
        kinds = Counter(r.kind_code for r in listed.rows)
        assert kinds["silver_wedding"] > 0, year
        claimed = {(r.kind_code, r.member_id, r.event_date) for r in listed.rows if r.claimed}
        in_year = {k for k in live if CALENDAR.year_of(k[2]) == year}
        assert in_year <= claimed
        found += len(in_year)
    assert found > 0


def test_families_have_weddings_and_deaths(db: sqlite3.Connection) -> None:
    spouses = rows(
        db,
        """
        SELECT f.member_id, f.birth_date, f.married_on, f.from_date, m.birth_date,
               (SELECT min(start_date) FROM membership_periods WHERE member_id = m.id),
               (SELECT min(c.birth_date) FROM family_members c
                WHERE c.member_id = f.member_id AND c.relation = '子')
        FROM family_members f JOIN members m ON m.id = f.member_id
        WHERE f.relation = '配偶者'
        """,
    )
    assert spouses
    for _member, birth, married, since, m_birth, joined, first_child in spouses:
        wedding = day(married)
        younger = max(day(birth), day(m_birth))
        assert wedding >= younger.replace(year=younger.year + 18, day=1)
        if first_child is not None:
            assert wedding < day(first_child)
        assert since == max(joined, married)
    deaths = rows(
        db,
        "SELECT f.relation, f.to_date, f.notes, c.kind_code, c.event_date FROM family_members f "
        "LEFT JOIN benefit_claims c ON c.family_member_id = f.id "
        "AND c.kind_code LIKE 'death%' WHERE f.to_date IS NOT NULL",
    )
    assert deaths
    assert {r[2] for r in deaths} == {"死亡"}
    claimed = [r for r in deaths if r[3] is not None]
    assert claimed
    assert all(r[1] == r[4] for r in claimed)
    with_account = rows(db, "SELECT count(*), sum(bank_code != '') FROM establishments")[0]
    assert 0 < with_account[1] < with_account[0]


def _dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    connection = sqlite3.connect(path)
    try:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in (*BENEFIT_TABLES, "family_members", "members", "establishments")
        }
    finally:
        connection.close()


def test_the_same_seed_gives_the_same_benefits(demo_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.sqlite3"
    generate_demo(again, size="S", seed=SEED)
    first, second = _dump(demo_db), _dump(again)
    assert all(first[t] for t in BENEFIT_TABLES)
    assert first == second
