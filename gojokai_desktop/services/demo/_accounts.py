"""Demo step: ten years of budget and cash book for the demo society (一般会計).

The accounts' own money: the town pays a subsidy each May, the council fee, the welfare
programme and office costs are paid through the year. The money other steps moved
(:attr:`DemoContext.postings`: every dues payment with its 入会金, every benefit payment, every
ticket purchase and sale, the events' fees, costs, subsidies and labour-bank refunds) is booked
on its day among these, one voucher each, and its entry id is handed back in
:attr:`DemoContext.entry_ids`; no income or cost of another area is guessed here. Each year's
budget is last year's actual rounded up to 10,000 円, and each year opens with the money the
last one closed with.
"""

from __future__ import annotations

import datetime as dt
import random
import tomllib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update

from gojokai_desktop.db.models import Base
from gojokai_desktop.services.accounts.setup import SMALL_PRESET
from gojokai_desktop.services.demo._context import DemoContext, DemoPosting
from gojokai_desktop.services.demo._dues import ENROLMENT_FEE, MONTHLY_DUES
from gojokai_desktop.services.demo._records import History, month_index

ACCOUNT_ID = 1
PETTY_CASH = 30_000
BANK_ID = 1


@dataclass(frozen=True)
class _Entry:
    date: dt.date
    code: str
    amount: int
    description: str
    counterparty: str = ""
    cash: bool = False
    source_type: str = "demo"
    source_id: int | None = None


def _stamp(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(10, 0))


def _members_by_month(history: History) -> dict[int, int]:
    """Members in each month (a difference array over the membership periods)."""
    delta: dict[int, int] = {}
    for person in history.persons:
        for period in person.periods:
            delta[period.start_m] = delta.get(period.start_m, 0) + 1
            if period.end_m is not None:
                delta[period.end_m + 1] = delta.get(period.end_m + 1, 0) - 1
    counts: dict[int, int] = {}
    running = sum(v for k, v in delta.items() if k < history.first_m)
    for m in range(history.first_m, history.last_m + 1):
        running += delta.get(m, 0)
        counts[m] = running
    return counts


def _day(m: int, day: int) -> dt.date:
    return dt.date(m // 12, m % 12 + 1, day)


def _year_entries(rng: random.Random, months: list[int], members: dict[int, int]) -> list[_Entry]:
    entries: list[_Entry] = []
    for m in months:
        count = members.get(m, 0)
        month = m % 12 + 1
        entries.append(
            _Entry(
                _day(m, 5),
                "206",
                rng.randrange(8_000, 30_000, 10),
                f"{month}月分事務用品・コピー代",
            )
        )
        entries.append(
            _Entry(
                _day(m, 8), "207", rng.randrange(2_000, 6_000, 10), "切手代", "郵便局", cash=True
            )
        )
        if month == 5:
            entries.append(
                # Per member, plus the clerk's office costs the town pays for.
                _Entry(_day(m, 20), "103", count * 2_000 + 600_000, "町補助金", "町役場")
            )
            entries.append(
                _Entry(
                    _day(m, 28), "205", rng.randrange(40_000, 80_000, 1_000), "通常総会 会場・資料"
                )
            )
        if month == 7:
            entries.append(_Entry(_day(m, 10), "208", count * 300, "勤互連 負担金", "連絡協議会"))
        if month in (7, 12):
            # The welfare programme (記念品, 利用補助) spends most of what dues leave over.
            label = "夏季" if month == 7 else "年末"
            entries.append(_Entry(_day(m, 10), "202", count * 2_500, f"福利厚生（{label}）"))
        if month == 3:
            entries.append(
                _Entry(_day(m, 20), "105", rng.randrange(10, 900), "普通預金利息", "東邦銀行")
            )
    return entries


def _posted(postings: list[DemoPosting]) -> list[_Entry]:
    return [
        _Entry(
            p.date,
            p.item_code,
            p.amount,
            p.description,
            p.counterparty,
            p.cash,
            p.source_type,
            p.source_id,
        )
        for p in postings
    ]


def accounts(ctx: DemoContext) -> None:
    """Items, a bank account, budgets, opening balances and the cash book of ten years."""
    history = ctx.require_history()
    rng = ctx.rng("accounts")
    preset: dict[str, Any] = tomllib.loads(SMALL_PRESET.read_text(encoding="utf-8"))
    first = ctx.first_year
    created = _stamp(ctx.calendar.first_day(first))
    stamps = {"created_at": created, "updated_at": created}
    ctx.insert(
        "accounts",
        [
            {
                "id": ACCOUNT_ID,
                "code": "general",
                "name": "一般会計",
                "kind": "general",
                "sort_order": 1,
                "active": True,
                **stamps,
            }
        ],
    )
    ctx.insert(
        "bank_accounts",
        [
            {
                "id": BANK_ID,
                "account_id": ACCOUNT_ID,
                "name": "東邦銀行 本店 普通 1234567",
                "bank_name": "東邦銀行",
                "branch_name": "本店",
                "account_type": "1",
                "number": "1234567",
                "active": True,
                **stamps,
            }
        ],
    )
    items: dict[str, tuple[int, str, str]] = {}
    rows = []
    for n, spec in enumerate(preset["items"], start=1):
        items[spec["code"]] = (n, spec["side"], spec.get("role", "normal"))
        rows.append(
            {
                "id": n,
                "account_id": ACCOUNT_ID,
                "parent_id": None,
                "level": 2,
                "code": spec["code"],
                "name": spec["name"],
                "side": spec["side"],
                "role": spec.get("role", "normal"),
                "sort_order": n,
                "valid_from_year": first,
                "valid_to_year": None,
                **stamps,
            }
        )
    ctx.insert("items", rows)
    # No posting-items setting is written: until the clerk names them, posting follows the
    # shipped preset's [purposes], which these items are (ledger_setup.preset_purposes).
    members = _members_by_month(history)
    postings: dict[int, list[DemoPosting]] = {}
    for posting in ctx.postings:
        postings.setdefault(ctx.calendar.year_of(posting.date), []).append(posting)
    cash, bank = 30_000, 400_000 + members.get(history.first_m, 0) * 1_000
    previous: dict[str, int] = {}
    entry_id = line_id = balance_id = 0
    for year in range(first, ctx.last_year + 1):
        start_m = month_index(ctx.calendar.first_day(year))
        months = [m for m in range(start_m, start_m + 12) if m <= month_index(ctx.today)]
        entries = [e for e in _year_entries(rng, months, members) if e.date <= ctx.today]
        # Stable: the postings of one day keep their order (a batch's payments by id).
        entries = sorted(entries + _posted(postings.get(year, [])), key=lambda e: (e.date, e.code))
        opening_stamp = {
            "created_at": _stamp(ctx.calendar.first_day(year)),
            "updated_at": _stamp(ctx.calendar.first_day(year)),
        }
        for method, amount, bank_id in (("cash", cash, None), ("bank", bank, BANK_ID)):
            balance_id += 1
            ctx.insert(
                "opening_balances",
                [
                    {
                        "id": balance_id,
                        "fiscal_year": year,
                        "account_id": ACCOUNT_ID,
                        "method": method,
                        "bank_account_id": bank_id,
                        "amount": amount,
                        **opening_stamp,
                    }
                ],
            )
        budget_id = year - first + 1
        decided = ctx.calendar.first_day(year) - dt.timedelta(days=12)
        ctx.insert(
            "budgets",
            [
                {
                    "id": budget_id,
                    "account_id": ACCOUNT_ID,
                    "fiscal_year": year,
                    "kind": "initial",
                    "version_no": 0,
                    "label": "当初予算",
                    "decided_on": decided,
                    "note": "",
                    **opening_stamp,
                }
            ],
        )
        guess = _budget_guess(previous, members.get(start_m, 0), cash + bank)
        lines = []
        for code, amount in guess.items():
            line_id += 1
            lines.append(
                {
                    "id": line_id,
                    "budget_id": budget_id,
                    "item_id": items[code][0],
                    "sub_ledger_id": None,
                    "amount": amount,
                    "explanation": "",
                    **opening_stamp,
                }
            )
        ctx.insert("budget_lines", lines)
        book = _Book(year, entry_id, cash, bank)
        for entry in entries:
            book.add(entry, items[entry.code])
        ctx.insert("cash_book_entries", book.rows)
        _pair_fund_moves(ctx, book.pairs)
        ctx.entry_ids.update(book.sources)
        entry_id, cash, bank, previous = book.last_id, book.cash, book.bank, book.totals


class _Book:
    """The cash-book rows of one year, with the cash and bank money they leave."""

    def __init__(self, year: int, last_id: int, cash: int, bank: int) -> None:
        self.year = year
        self.last_id = last_id
        self.cash = cash
        self.bank = bank
        self.voucher = 0
        self.rows: list[dict[str, Any]] = []
        self.pairs: list[tuple[int, int]] = []
        self.totals: dict[str, int] = {}
        self.sources: dict[tuple[str, int], int] = {}

    def add(self, entry: _Entry, item: tuple[int, str, str]) -> None:
        item_id, side, _role = item
        if entry.cash and side == "expenditure" and self.cash < entry.amount:
            # The clerk draws petty cash from the bank before paying in cash, in whole
            # 30,000 円 amounts (a 弔慰金 handed over in cash needs more than one).
            draw = -(-(entry.amount - self.cash) // PETTY_CASH) * PETTY_CASH
            self.voucher += 1
            self.cash, self.bank = self.cash + draw, self.bank - draw
            self.rows += _fund_move_rows(self.last_id, self.year, self.voucher, entry.date, draw)
            self.pairs.append((self.last_id + 1, self.last_id + 2))
            self.last_id += 2
        self.voucher += 1
        sign = 1 if side == "income" else -1
        if entry.cash:
            self.cash += sign * entry.amount
        else:
            self.bank += sign * entry.amount
        self.totals[entry.code] = self.totals.get(entry.code, 0) + entry.amount
        self.last_id += 1
        if entry.source_id is not None:
            self.sources[(entry.source_type, entry.source_id)] = self.last_id
        method = "cash" if entry.cash else "bank"
        self.rows.append(
            _row(self.last_id, self.year, self.voucher, 1, entry.date, method)
            | {
                "item_id": item_id,
                "direction": side,
                "amount": entry.amount,
                "net_amount": entry.amount,
                "description": entry.description,
                "counterparty": entry.counterparty,
                "source_type": entry.source_type,
                "source_id": entry.source_id,
            }
        )


def _pair_fund_moves(ctx: DemoContext, pairs: list[tuple[int, int]]) -> None:
    """Link the paying line to the receiving one (it did not exist when the first went in)."""
    table = Base.metadata.tables["cash_book_entries"]
    for out_id, in_id in pairs:
        ctx.connection.execute(
            update(table)
            .where(table.c.id == out_id)
            .values(transfer_pair_id=in_id, updated_at=table.c.updated_at)
        )


def _row(  # noqa: PLR0917 - one row's coordinates, always given in this order
    entry_id: int, year: int, voucher: int, line: int, day: dt.date, method: str
) -> dict[str, Any]:
    return {
        "id": entry_id,
        "fiscal_year": year,
        "voucher_no": voucher,
        "line_no": line,
        "entry_date": day,
        "account_id": ACCOUNT_ID,
        "sub_ledger_id": None,
        "method": method,
        "bank_account_id": None if method == "cash" else BANK_ID,
        "counterparty": "",
        "source_id": None,
        "reversal_of_id": None,
        "transfer_pair_id": None,
        "created_at": _stamp(day),
        "updated_at": _stamp(day),
    }


def _fund_move_rows(
    last_id: int, year: int, voucher: int, day: dt.date, amount: int
) -> list[dict[str, Any]]:
    """預金引出 of petty cash: bank pays out, cash receives, two lines of one voucher."""
    common: dict[str, Any] = {"item_id": None, "amount": amount, "net_amount": amount}
    common |= {"description": "預金引出（小口現金）", "source_type": "fund_move"}
    out_id, in_id = last_id + 1, last_id + 2
    return [
        _row(out_id, year, voucher, 1, day, "bank") | common | {"direction": "expenditure"},
        _row(in_id, year, voucher, 2, day, "cash")
        | common
        | {"direction": "income", "transfer_pair_id": out_id},
    ]


def _budget_guess(previous: dict[str, int], members: int, carried: int) -> dict[str, int]:
    """Last year's actual rounded up to 10,000 円 (the first year from the member count).

    The budget balances as a 互助会's does: 前年度繰越金 is the money carried in, and what
    income leaves over expenditure is budgeted as 次年度繰越金.
    """
    base = previous or {
        "101": members * MONTHLY_DUES * 12,
        "102": members // 10 * ENROLMENT_FEE,
        "103": members * 2_000 + 600_000,
        "104": members * 200,
        "108": members * 900,
        "105": 500,
        "201": members * 2_000,
        "202": members * 5_000,
        "203": members * 900,
        "212": members * 450,
        "204": 120_000,
        "111": 40_000,
        "112": 400_000,
        "113": 60_000,
        "221": 500_000,
        "222": members * 100 + 150_000,
        "205": 70_000,
        "206": 250_000,
        "207": 50_000,
        "208": members * 300,
    }
    budget = {code: -(-amount // 10_000) * 10_000 for code, amount in base.items()}
    budget["209"] = 100_000
    budget["107"] = max(carried, 0) // 1_000 * 1_000
    income = sum(v for code, v in budget.items() if code.startswith("1"))
    spent = sum(v for code, v in budget.items() if code.startswith("2"))
    budget["210"] = max(income - spent, 0)
    return budget
