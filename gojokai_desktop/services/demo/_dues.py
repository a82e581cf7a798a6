"""Demo step: ten years of dues bills and payments, with a few late payers and failed debits.

The cash book of the demo already holds the dues income month by month (demo_accounts), so
the payments written here are the dues ledger's side only: they carry no second posting.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from sqlalchemy import select

from gojokai_desktop.db.models import Base
from gojokai_desktop.domain.dues import cycle_months, debit_date, is_cycle_start, month_index
from gojokai_desktop.services.demo._accounts import ENROLMENT_FEE, MONTHLY_DUES
from gojokai_desktop.services.demo._context import DemoContext

DEBIT_DAY = 20
LATE_PAYER_SHARE = 0.04  # establishments that pay one to three periods late
FAILED_DEBIT_SHARE = 0.01  # bills whose debit fails and are then paid in cash


def _stamp(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(9, 30))


def _heads_by_month(ctx: DemoContext) -> dict[int, dict[int, int]]:
    """Members of each establishment on the 1st of each month (a difference array)."""
    table = Base.metadata.tables["affiliations"]
    delta: dict[int, dict[int, int]] = {}
    for est_id, start, end in ctx.connection.execute(
        select(table.c.establishment_id, table.c.start_date, table.c.end_date)
    ):
        first = month_index(start) + (0 if start.day == 1 else 1)
        row = delta.setdefault(est_id, {})
        row[first] = row.get(first, 0) + 1
        if end is not None:
            row[month_index(end) + 1] = row.get(month_index(end) + 1, 0) - 1
    heads: dict[int, dict[int, int]] = {}
    for est_id, changes in delta.items():
        running, counts = 0, {}
        for m in range(min(changes), month_index(ctx.today) + 1):
            running += changes.get(m, 0)
            counts[m] = running
        heads[est_id] = counts
    return heads


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
    heads = _heads_by_month(ctx)
    present = [e.id for e in ests if e.leave_date is None]
    late = set(rng.sample(present, min(len(present), max(2, round(len(ests) * LATE_PAYER_SHARE)))))
    writer = _Writer(ctx, rng, late)
    for m in range(month_index(first), month_index(ctx.today) + 1):
        period = dt.date(m // 12, m % 12 + 1, 1)
        writer.run(period, ctx.calendar.year_of(period) - ctx.first_year + 1)
        for est in ests:
            if est.join_date > period or (est.leave_date is not None and est.leave_date < period):
                continue
            if not is_cycle_start(est.billing_cycle, period, ctx.calendar.start_month):
                continue
            count = heads.get(est.id, {}).get(m, 0)
            if count:
                writer.bill(est, period, count)
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

    def bill(self, est: Any, period: dt.date, count: int) -> None:
        months = cycle_months(est.billing_cycle)
        amount = count * months * MONTHLY_DUES
        due = debit_date(period, DEBIT_DAY)
        bill_id = len(self.bills) + 1
        paid_on = self._paid_on(est, due)
        failed = est.collection_method == "debit" and self.rng.random() < FAILED_DEBIT_SHARE
        if failed and paid_on is not None:
            paid_on = max(paid_on, due + dt.timedelta(days=self.rng.randint(10, 40)))
        if paid_on is not None and paid_on > self.ctx.today:
            paid_on = None
        self.bills.append(
            {"id": bill_id, "run_id": len(self.runs), "establishment_id": est.id,
             "period": period, "months": months, "base_date": period, "due_date": due,
             "head_count": count, "amount": amount,
             "paid_amount": amount if paid_on else 0, "status": "paid" if paid_on else "open",
             "debit_failed": failed, "debit_failed_on": due if failed else None,
             "cancel_reason": None}
        )  # fmt: skip
        self.runs[-1]["bill_count"] += 1
        self.runs[-1]["total_amount"] += amount
        self.lines.append(
            {"bill_id": bill_id, "kind": "dues", "member_id": None,
             "description": f"会費 {count}人 × {months}か月 × {MONTHLY_DUES:,}円",
             "quantity": count, "months": months, "unit_amount": MONTHLY_DUES,
             "amount": amount, "short_term_amount": 0}
        )  # fmt: skip
        if paid_on is not None:
            self._payment(est, bill_id, amount, paid_on, "cash" if failed else None)

    def _paid_on(self, est: Any, due: dt.date) -> dt.date | None:
        if est.id in self.late:
            # Late payers settle one to three periods later; their last months are still open.
            if due >= self.ctx.today - dt.timedelta(days=100):
                return None
            return due + dt.timedelta(days=self.rng.choice((35, 65, 95)))
        if est.collection_method == "debit":
            return due
        return due - dt.timedelta(days=self.rng.randint(0, 12))

    def _payment(
        self, est: Any, bill_id: int, amount: int, day: dt.date, method: str | None
    ) -> None:
        payment_id = len(self.payments) + 1
        how = method or {"debit": "debit", "cash": "cash"}.get(est.collection_method, "transfer")
        self.payments.append(
            {"id": payment_id, "establishment_id": est.id, "received_date": day,
             "amount": amount, "allocated_amount": amount, "method": how, "note": "",
             "reversed": False, "reverse_reason": None, "entered_at": _stamp(day)}
        )  # fmt: skip
        self.allocations.append({"payment_id": payment_id, "bill_id": bill_id, "amount": amount})
        if how == "cash":
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
