"""A whole billing run read set-based gives exactly the bills the reading establishment by
establishment gave — every establishment, every line, every amount, on both fee models —
and a run's credit applied to all its establishments at once leaves exactly the allocations
applying it to each in turn left."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from gojokai_desktop.db.engine import Database
from gojokai_desktop.db.models import (
    Affiliation,
    DuesAllocation,
    DuesBill,
    DuesPayment,
    Establishment,
    FamilyMember,
    Member,
    MemberSalary,
)
from gojokai_desktop.db.uow import Actor
from gojokai_desktop.domain.dues import (
    add_months,
    cycle_months,
    debit_date,
    is_cycle_start,
    salary_rate_dues,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.demo.pipeline import generate_demo
from gojokai_desktop.services.dues import _credit, billing
from gojokai_desktop.services.dues.billing import BillPreview, preview_in, run_billing
from gojokai_desktop.services.dues.fees import FeeTableView, fee_table_in
from gojokai_desktop.services.dues.lines import BillLineView
from tests.integration.dues.test_dues_setbased import CYCLES, reference_lines


def reference_salary_lines(
    session: Session,
    heads: list[tuple[int, str, str]],
    base: dt.date,
    months: int,
    fees: FeeTableView,
) -> list[BillLineView]:
    """The salary model as it was read before: two queries for each establishment."""
    ids = [m[0] for m in heads]
    salaries: dict[int, int] = {}
    for member_id, salary in session.execute(
        select(MemberSalary.member_id, MemberSalary.monthly_salary)
        .where(MemberSalary.member_id.in_(ids), MemberSalary.effective_date <= base)
        .order_by(MemberSalary.effective_date)
    ):
        salaries[member_id] = salary
    dependents = dict(
        session.execute(
            select(FamilyMember.member_id, func.count())
            .where(
                FamilyMember.member_id.in_(ids),
                FamilyMember.dependent.is_(True),
                FamilyMember.from_date <= base,
                or_(FamilyMember.to_date.is_(None), FamilyMember.to_date >= base),
            )
            .group_by(FamilyMember.member_id)
        ).all()
    )
    table = fees.salary()
    lines = []
    for member_id, number, name in heads:
        dues = salary_rate_dues(salaries.get(member_id, 0), dependents.get(member_id, 0), table)
        lines.append(
            BillLineView(
                "dues",
                f"掛金 {number} {name}（事業掛金 {dues.salary_part:,}円"
                f"・被扶養者 {dues.dependent_part:,}円）",
                1,
                months,
                dues.total,
                dues.total * months,
                member_id,
                dues.short_term * months,
            )
        )
    return lines


def reference_bills(session: Session, period: dt.date) -> tuple[BillPreview, ...]:
    """Every due establishment's bill, read one establishment at a time."""
    calendar = billing._calendar(session)
    fees = fee_table_in(session, calendar.year_of(period))
    ests = session.scalars(
        select(Establishment)
        .where(
            Establishment.join_date <= period,
            or_(Establishment.leave_date.is_(None), Establishment.leave_date >= period),
        )
        .order_by(Establishment.number)
    ).all()
    billed = set(
        session.scalars(
            select(DuesBill.establishment_id).where(
                DuesBill.period == period, DuesBill.status != "cancelled"
            )
        )
    )
    todo = [
        e
        for e in ests
        if is_cycle_start(e.billing_cycle, period, calendar.start_month) and e.id not in billed
    ]
    extras = reference_lines(session, todo, period, fees)
    bills = []
    for est in todo:
        months = cycle_months(est.billing_cycle)
        heads = [
            (r[0], r[1], r[2], r[3])
            for r in session.execute(
                select(Member.id, Member.number, Member.name, Member.dues_class)
                .join(Affiliation, Affiliation.member_id == Member.id)
                .where(
                    Affiliation.establishment_id == est.id,
                    Affiliation.start_date <= period,
                    or_(Affiliation.end_date.is_(None), Affiliation.end_date >= period),
                )
                .order_by(Member.number)
            )
        ]
        if fees.model == "salary":
            lines = reference_salary_lines(session, [h[:3] for h in heads], period, months, fees)
        else:
            lines = billing._flat_lines(heads, months, fees)
        lines += extras.get(est.id, [])
        if lines:
            bills.append(
                BillPreview(
                    est.id,
                    est.number,
                    est.name,
                    est.billing_cycle,
                    months,
                    len(heads),
                    sum(line.amount for line in lines),
                    debit_date(period, fees.debit_day),
                    tuple(lines),
                )
            )
    return tuple(bills)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The S demo on all four cycles, some joins entered late, every member with a salary
    (a raise for every third), and money waiting as credit at a third of the establishments
    (some enough for a whole bill, some not; two payments at some)."""
    path = tmp_path_factory.mktemp("setbased_bills") / "demo.sqlite3"
    generate_demo(path, size="S", seed=7)
    connection = sqlite3.connect(path)
    ids = [r[0] for r in connection.execute("SELECT id FROM establishments ORDER BY id")]
    for n, est_id in enumerate(ids):
        connection.execute(
            "UPDATE establishments SET billing_cycle = ? WHERE id = ?", (CYCLES[n % 4], est_id)
        )
    connection.execute(
        "UPDATE member_events SET entered_at = datetime(effective_date, '+200 days')"
        " WHERE kind IN ('join', 'rejoin') AND id % 7 = 0"
    )
    connection.execute(
        "INSERT INTO member_salaries (member_id, effective_date, monthly_salary)"
        " SELECT id, '2015-04-01', 150000 + (id * 7919) % 350000 FROM members"
    )
    connection.execute(
        "INSERT INTO member_salaries (member_id, effective_date, monthly_salary)"
        " SELECT id, '2025-10-01', 160000 + (id * 104729) % 400000 FROM members WHERE id % 3 = 0"
    )
    last = connection.execute("SELECT max(period) FROM dues_bills").fetchone()[0]
    for n, est_id in enumerate(ids[::3]):
        for k in range(1 + n % 2):
            connection.execute(
                "INSERT INTO dues_payments (establishment_id, received_date, amount,"
                " allocated_amount, method, note, reversed, entered_at)"
                " VALUES (?, ?, ?, 0, 'transfer', '前払い', 0, ?)",
                (est_id, last, 1_000 + 3_700 * n + 500 * k, f"{last} 10:00:00"),
            )
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize("model", ["flat", "salary"])
def test_every_bill_of_every_month_is_the_bill_read_one_establishment_at_a_time(
    demo: Path, tmp_path: Path, model: str
) -> None:
    work = tmp_path / "work.sqlite3"
    shutil.copyfile(demo, work)
    connection = sqlite3.connect(work)
    connection.execute("UPDATE dues_fee_tables SET model = ?", (model,))
    connection.commit()
    connection.close()
    database = Database(f"sqlite:///{work}")
    compared_bills = compared_lines = 0
    cycles: set[str] = set()
    kinds: set[str] = set()
    with database.write_session() as session:
        last = session.scalar(select(func.max(DuesBill.period)))
        assert last is not None
        period = add_months(last, -23)
        while period <= add_months(last, 2):
            # The month's own bills set aside, so every establishment due is billed afresh.
            session.execute(
                update(DuesBill)
                .where(DuesBill.period == period)
                .values(status="cancelled", cancel_reason="比較のため")
            )
            ours = preview_in(session, period).bills
            theirs = reference_bills(session, period)
            session.rollback()
            assert ours == theirs, period
            compared_bills += len(ours)
            compared_lines += sum(len(b.lines) for b in ours)
            cycles |= {b.cycle for b in ours}
            kinds |= {line.kind for b in ours for line in b.lines}
            period = add_months(period, 1)
    database.dispose()
    assert cycles == set(CYCLES)
    assert compared_bills > 150
    assert compared_lines > (2_000 if model == "salary" else 200)
    assert kinds >= {"dues", "joiner", "leaver_credit"}


def _run_and_read(path: Path, period: dt.date) -> tuple[list[tuple[int, ...]], ...]:
    database = Database(f"sqlite:///{path}")
    ctx = AppContext(database, Actor(None, "テスト担当"), clock=lambda: period)
    result = run_billing(ctx, period)
    assert result.bill_count > 0
    with database.read_session() as session:
        allocations = [
            tuple(r)
            for r in session.execute(
                select(
                    DuesAllocation.payment_id, DuesAllocation.bill_id, DuesAllocation.amount
                ).order_by(DuesAllocation.id)
            )
        ]
        bills = [
            tuple(r)
            for r in session.execute(
                select(DuesBill.id, DuesBill.establishment_id, DuesBill.amount)
                .add_columns(DuesBill.paid_amount)
                .where(DuesBill.period == period)
                .order_by(DuesBill.id)
            )
        ]
        statuses = [
            (bill_id, int(status == "paid"))
            for bill_id, status in session.execute(
                select(DuesBill.id, DuesBill.status).order_by(DuesBill.id)
            )
        ]
        payments = [
            tuple(r)
            for r in session.execute(
                select(DuesPayment.id, DuesPayment.allocated_amount).order_by(DuesPayment.id)
            )
        ]
    database.dispose()
    return allocations, bills, statuses, payments


def test_a_runs_credit_applied_at_once_is_the_credit_applied_one_establishment_at_a_time(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connection = sqlite3.connect(demo)
    last = dt.date.fromisoformat(
        connection.execute("SELECT max(period) FROM dues_bills").fetchone()[0]
    )
    connection.close()
    period = add_months(last, 1)
    ours_path, theirs_path = tmp_path / "ours.sqlite3", tmp_path / "theirs.sqlite3"
    shutil.copyfile(demo, ours_path)
    shutil.copyfile(demo, theirs_path)
    ours = _run_and_read(ours_path, period)

    def one_at_a_time(session: Session, establishment_ids: list[int]) -> None:
        for establishment_id in establishment_ids:
            _credit.apply_credit(session, establishment_id)

    monkeypatch.setattr(billing, "apply_credit_to", one_at_a_time)
    theirs = _run_and_read(theirs_path, period)
    assert ours == theirs
    allocations, bills, _statuses, _payments = ours
    assert len(allocations) >= 10  # credit went to bills
    assert any(paid == amount for _i, _e, amount, paid in bills)  # a bill paid whole
    assert any(0 < paid < amount for _i, _e, amount, paid in bills)  # and one in part
