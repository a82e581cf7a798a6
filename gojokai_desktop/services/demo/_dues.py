"""Demo step: ten years of dues bills and payments, with a few late payers and failed debits.

Bills follow the program's rule (services/dues/README.md): the head count on the base date ×
the cycle's months, joiners since the previous base date with their 入会金 and months, leavers'
months credited. Every payment is booked as the program books it (``record_payment``): its
入会金 part and its 会費 part are postings (:attr:`DemoContext.postings`) the accounts step
enters in the cash book, so the dues ledger and the cash book are the same money.
"""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from gojokai_desktop.db.models import Base
from gojokai_desktop.domain.dues import (
    add_months,
    cycle_months,
    debit_date,
    is_cycle_start,
    joiner_months,
    leaver_credit_months,
    month_index,
)
from gojokai_desktop.services.demo._context import DemoContext, DemoPosting

MONTHLY_DUES = 500
ENROLMENT_FEE = 1_000
DEBIT_DAY = 20
LATE_PAYER_SHARE = 0.04  # establishments that pay one to three periods late
FAILED_DEBIT_SHARE = 0.01  # bills whose debit fails and are then paid in cash
METHOD_LABELS = {"cash": "現金", "transfer": "振込", "debit": "口座振替"}
DUES_ITEM, ENROLMENT_ITEM = "101", "102"


def _stamp(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(9, 30))


@dataclass(frozen=True, slots=True)
class _Stint:
    """One affiliation: a member at an establishment from ``start`` to ``end``."""

    member_id: int
    number: str
    name: str
    start: dt.date
    end: dt.date | None
    new_membership: bool  # a membership period starts with it (not a transfer)
    #: The month index of the first base date (a 1st) on or after the start; kept, since
    #: every bill of the establishment asks (three million times for the L demo).
    first_base: int = field(init=False)

    def __post_init__(self) -> None:
        first = month_index(self.start) + (0 if self.start.day == 1 else 1)
        object.__setattr__(self, "first_base", first)


class _Stints:
    """An establishment's affiliations, sorted for the questions each bill asks: how many
    cover the base date, and which have their first base date in the cycle (by bisection,
    not a look at each of them: the L demo makes 140,000 bills)."""

    def __init__(self, stints: list[_Stint]) -> None:
        self.stints = stints
        self._starts = sorted(s.start for s in stints)
        # An affiliation ends on or after its start: one that ended before a day began on
        # or before it, so the ones covering the day are those begun less those ended.
        self._ends = sorted(s.end for s in stints if s.end is not None)
        self._by_base = sorted((s.first_base, n) for n, s in enumerate(stints))
        self._bases = [base for base, _n in self._by_base]
        self._by_end = sorted((s.end, n) for n, s in enumerate(stints) if s.end is not None)

    def covering(self, day: dt.date) -> int:
        """How many cover ``day`` (begun on or before it, not ended before it)."""
        return bisect_right(self._starts, day) - bisect_left(self._ends, day)

    def first_based(self, low: int, high: int) -> list[_Stint]:
        """Those whose first base date is in the months ``low < m <= high``, in order."""
        found = self._by_base[bisect_right(self._bases, low) : bisect_right(self._bases, high)]
        return _in_order(self.stints, found)

    def ended(self, first: dt.date, before: dt.date) -> list[_Stint]:
        """Those that ended on or after ``first`` and before ``before``, in order."""
        ends = self._ends
        return _in_order(
            self.stints, self._by_end[bisect_left(ends, first) : bisect_left(ends, before)]
        )


def _stints(ctx: DemoContext) -> dict[int, _Stints]:
    """Every affiliation by establishment, with the member's number and name."""
    aff = Base.metadata.tables["affiliations"]
    members = Base.metadata.tables["members"]
    periods = Base.metadata.tables["membership_periods"]
    starts = {
        (member_id, start)
        for member_id, start in ctx.connection.execute(
            select(periods.c.member_id, periods.c.start_date)
        )
    }
    result: dict[int, list[_Stint]] = defaultdict(list)
    for est_id, member_id, number, name, start, end in ctx.connection.execute(
        select(
            aff.c.establishment_id,
            aff.c.member_id,
            members.c.number,
            members.c.name,
            aff.c.start_date,
            aff.c.end_date,
        )
        .join(members, members.c.id == aff.c.member_id)
        .order_by(members.c.number, aff.c.start_date)
    ):
        result[est_id].append(
            _Stint(member_id, number, name, start, end, (member_id, start) in starts)
        )
    return {est_id: _Stints(stints) for est_id, stints in result.items()}


def _in_order(stints: list[_Stint], found: list[tuple[Any, int]]) -> list[_Stint]:
    """The stints at the positions ``found`` names (each after a sort key), in list order."""
    if len(found) < 2:  # most bills: none or one
        return [stints[n] for _key, n in found]
    return [stints[n] for n in sorted(n for _key, n in found)]


_NO_STINTS = _Stints([])


def _line(  # noqa: PLR0917 - a bill line's columns, in the table's order
    kind: str, text: str, quantity: int, months: int, unit: int, member: int | None = None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "member_id": member,
        "description": text,
        "quantity": quantity,
        "months": months,
        "unit_amount": unit,
        "amount": quantity * months * unit,
        "short_term_amount": 0,
    }


def bill_lines(
    stints: _Stints,
    period: dt.date,
    months: int,
    previous_billed: dt.date | None,
    first_billed: dt.date | None,
) -> tuple[int, list[dict[str, Any]]]:
    """The head count and the lines of one establishment's bill for ``period``.

    ``previous_billed`` is the previous cycle's base date when that bill exists, and
    ``first_billed`` the first period ever billed (the rule of services/dues/_mid_cycle.py).
    """
    previous = add_months(period, -months)
    heads = stints.covering(period)
    lines = []
    if heads:
        lines.append(
            _line(
                "dues",
                f"会費 {heads}人 × {months}か月 × {MONTHLY_DUES:,}円",
                heads,
                months,
                MONTHLY_DUES,
            )
        )
    since = first_billed if previous_billed is not None and first_billed else previous
    for s in stints.first_based(month_index(previous), month_index(period)):
        if s.new_membership and s.start >= since:
            text = f"入会金 {s.number} {s.name}"
            lines.append(_line("entry_fee", text, 1, 1, ENROLMENT_FEE, s.member_id))
        until = period if s.end is None else min(period, add_months(s.end, 1))
        owed = joiner_months(max(s.start, since), until)
        if owed:
            left = "（退会済）" if s.end is not None and s.end < period else ""
            text = f"途中入会 {s.number} {s.name} {owed}か月 × {MONTHLY_DUES:,}円{left}"
            lines.append(_line("joiner", text, 1, owed, MONTHLY_DUES, s.member_id))
    if previous_billed is not None:
        for s in stints.ended(previous, period):
            if s.end is None or s.start > previous:  # (every one has an end)
                continue
            credit = leaver_credit_months(s.end, period)
            if credit:
                text = f"退会調整 {s.number} {s.name} {credit}か月 × △{MONTHLY_DUES:,}円"
                lines.append(_line("leaver_credit", text, 1, credit, -MONTHLY_DUES, s.member_id))
    return heads, lines


def dues(ctx: DemoContext) -> None:
    """Fee tables, one billing run per month, bills, payments (some late) and receipts."""
    rng = ctx.rng("dues")
    first = ctx.calendar.first_day(ctx.first_year)
    fee_rows = [
        {"id": year - ctx.first_year + 1, "fiscal_year": year, "version": 1, "model": "flat",
         "entry_fee": ENROLMENT_FEE, "monthly_dues": MONTHLY_DUES, "classes_json": "{}",
         "employer_share_percent": 0, "per_mille": 6, "dependent_fee": 200,
         "dependent_cap": 800, "short_term_percent": 10, "rounding": "floor",
         "debit_day": DEBIT_DAY, "note": "デモ", "created_at": _stamp(ctx.calendar.first_day(year)),
         "updated_at": _stamp(ctx.calendar.first_day(year))}
        for year in range(ctx.first_year, ctx.last_year + 1)
    ]  # fmt: skip
    ctx.insert("dues_fee_tables", fee_rows)
    est_table = Base.metadata.tables["establishments"]
    ests = ctx.connection.execute(
        select(
            est_table.c.id,
            est_table.c.name,
            est_table.c.billing_cycle,
            est_table.c.collection_method,
            est_table.c.join_date,
            est_table.c.leave_date,
        ).order_by(est_table.c.number)
    ).all()
    stints = _stints(ctx)
    present = [e.id for e in ests if e.leave_date is None]
    late = set(rng.sample(present, min(len(present), max(2, round(len(ests) * LATE_PAYER_SHARE)))))
    writer = _Writer(ctx, rng, late)
    billed: dict[int, set[dt.date]] = defaultdict(set)
    for m in range(month_index(first), month_index(ctx.today) + 1):
        period = dt.date(m // 12, m % 12 + 1, 1)
        writer.run(period, ctx.calendar.year_of(period) - ctx.first_year + 1)
        for est in ests:
            if est.join_date > period or (est.leave_date is not None and est.leave_date < period):
                continue
            if not is_cycle_start(est.billing_cycle, period, ctx.calendar.start_month):
                continue
            months = cycle_months(est.billing_cycle)
            previous = add_months(period, -months)
            done = billed[est.id]
            heads, lines = bill_lines(
                stints.get(est.id, _NO_STINTS),
                period,
                months,
                previous if previous in done else None,
                min(done) if done else None,
            )
            if lines:
                done.add(period)
                writer.bill(est, period, months, heads, lines)
    writer.flush()


class _Writer:
    """Collects the rows of every table and inserts them in a few batches."""

    def __init__(self, ctx: DemoContext, rng: random.Random, late: set[int]) -> None:
        self.ctx, self.rng, self.late = ctx, rng, late
        self.runs: list[dict[str, Any]] = []
        self.bills: list[dict[str, Any]] = []
        self.lines: list[dict[str, Any]] = []
        self.payments: list[dict[str, Any]] = []
        self.allocations: list[dict[str, Any]] = []
        self.receipts: list[dict[str, Any]] = []
        self.receipt_numbers: dict[int, int] = {}

    def run(self, period: dt.date, fee_table_id: int) -> None:
        self.runs.append(
            {"id": len(self.runs) + 1, "period": period,
             "fiscal_year": self.ctx.calendar.year_of(period), "base_date": period,
             "fee_table_id": fee_table_id, "bill_count": 0, "total_amount": 0,
             "run_at": _stamp(period), "run_by": "デモデータ作成"}
        )  # fmt: skip

    def bill(
        self, est: Any, period: dt.date, months: int, heads: int, lines: list[dict[str, Any]]
    ) -> None:
        amount = sum(line["amount"] for line in lines)
        due = debit_date(period, DEBIT_DAY)
        bill_id = len(self.bills) + 1
        paid_on = self._paid_on(est, due) if amount > 0 else None
        failed = est.collection_method == "debit" and self.rng.random() < FAILED_DEBIT_SHARE
        if failed and paid_on is not None:
            paid_on = max(paid_on, due + dt.timedelta(days=self.rng.randint(10, 40)))
        if paid_on is not None and paid_on > self.ctx.today:
            paid_on = None
        # A bill that only credits (leavers, no heads) is settled as it is made, as run_billing
        # does with an amount of 0 or less.
        settled = paid_on is not None or amount <= 0
        self.bills.append(
            {"id": bill_id, "run_id": len(self.runs), "establishment_id": est.id,
             "period": period, "months": months, "base_date": period, "due_date": due,
             "head_count": heads, "amount": amount,
             "paid_amount": amount if paid_on else 0, "status": "paid" if settled else "open",
             "debit_failed": failed, "debit_failed_on": due if failed else None,
             "cancel_reason": None}
        )  # fmt: skip
        self.runs[-1]["bill_count"] += 1
        self.runs[-1]["total_amount"] += amount
        self.lines.extend({"bill_id": bill_id, **line} for line in lines)
        if paid_on is not None:
            entry_fees = sum(line["amount"] for line in lines if line["kind"] == "entry_fee")
            method = "cash" if failed else None
            self._payment(est, bill_id, amount, min(amount, entry_fees), paid_on, method)

    def _paid_on(self, est: Any, due: dt.date) -> dt.date | None:
        if est.id in self.late:
            # Late payers settle one to three periods later; their last months are still open.
            if due >= self.ctx.today - dt.timedelta(days=100):
                return None
            return due + dt.timedelta(days=self.rng.choice((35, 65, 95)))
        if est.collection_method == "debit":
            return due
        return due - dt.timedelta(days=self.rng.randint(0, 12))

    def _payment(  # noqa: PLR0917 - one payment's facts, always given in this order
        self,
        est: Any,
        bill_id: int,
        amount: int,
        entry_part: int,
        day: dt.date,
        method: str | None,
    ) -> None:
        payment_id = len(self.payments) + 1
        how = method or {"debit": "debit", "cash": "cash"}.get(est.collection_method, "transfer")
        self.payments.append(
            {"id": payment_id, "establishment_id": est.id, "received_date": day,
             "amount": amount, "allocated_amount": amount, "method": how, "note": "",
             "reversed": False, "reverse_reason": None, "entered_at": _stamp(day)}
        )  # fmt: skip
        self.allocations.append({"payment_id": payment_id, "bill_id": bill_id, "amount": amount})
        # Booked as record_payment books it: the 入会金 part, then the 会費 part.
        cash = how == "cash"
        for item, part, text in (
            (ENROLMENT_ITEM, entry_part, f"入会金 {est.name}"),
            (DUES_ITEM, amount - entry_part, f"会費 {est.name}（{METHOD_LABELS[how]}）"),
        ):
            if part:
                self.ctx.postings.append(
                    DemoPosting(day, item, part, text, est.name, cash, "dues_payment", payment_id)
                )
        if cash:
            year = self.ctx.calendar.year_of(day)
            number = self.receipt_numbers.get(year, 0) + 1
            self.receipt_numbers[year] = number
            self.receipts.append(
                {"fiscal_year": year, "number": number, "source": "dues", "source_id": None,
                 "payment_id": payment_id,
                 "issued_date": day, "addressee": est.name, "amount": amount,
                 "purpose": "会費として", "status": "issued", "void_reason": None,
                 "reissue_count": 0}
            )  # fmt: skip

    def flush(self) -> None:
        ctx = self.ctx
        ctx.insert("dues_billing_runs", self.runs)
        ctx.insert("dues_bills", self.bills)
        ctx.insert("dues_bill_lines", self.lines)
        ctx.insert("dues_payments", self.payments)
        ctx.insert("dues_allocations", self.allocations)
        ctx.insert("receipts", self.receipts)
