"""Demo steps: ten years of ticket brokering (斡旋), two order rounds a year, with the money.

``tickets`` (before ``accounts``) writes each year's items (:mod:`_ticket_catalogue`), its two
rounds, orders from about one member in ten, the allocation of every item — the council's
quota items by a recorded lottery, the rest in full — the lots received, the handovers per
establishment, leftovers sold at the counter or returned, and the payments: cash members pay at
the handover, the other establishments for all their members by transfer or payroll
deduction. The purchases (斡旋事業費, 斡旋補助金) and the sales (斡旋事業収入) become
:class:`DemoPosting` rows the accounts step books, so the 斡旋実績 equals the cash book. On the
demo's today the autumn round is still taking orders and a few establishments have not paid
for the spring tickets. ``ticket_receipts`` (after ``dues``) numbers the cash receipts after
the dues receipts of each year and points the lots at the bank account.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from sqlalchemy import func, select, update

from gojokai_desktop.db.models import Base
from gojokai_desktop.domain.tickets.allocation import SEED_LIMIT, Request, allocate
from gojokai_desktop.services.demo._accounts import BANK_ID
from gojokai_desktop.services.demo._context import DemoContext, DemoPosting
from gojokai_desktop.services.demo._ticket_catalogue import (
    DemoItem,
    RoundDates,
    catalogue,
    round_dates,
)
from gojokai_desktop.services.demo._ticket_records import DemoLot, DemoTicketItem, People

CLERK = "鈴木　美穂"
TAKE_PART = {1: 0.10, 2: 0.07}  # share of the members who order in each round
# A city-sized centre sells through more channels than its counter: fewer order per round.
LARGE_SOCIETY, LARGE_SHARE = 10_000, 0.6
LATE_PAYERS = 3  # establishments that still owe for the spring tickets on the demo's today
RETURNED = ("onsen", "yurari", "fp")  # leftovers sent back in February; the rest stay in stock
SALES, PURCHASES, SUBSIDY = "108", "203", "212"


def _stamp(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


class _Writer:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("tickets")
        self.people = People(ctx)
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.ids: dict[str, int] = defaultdict(int)
        self.lots: list[DemoLot] = []
        self.previous: dict[str, int] = {}
        self.late: set[int] = set()
        scale = LARGE_SHARE if ctx.target_members >= LARGE_SOCIETY else 1.0
        self.take_part = {n: share * scale for n, share in TAKE_PART.items()}

    def next_id(self, table: str) -> int:
        self.ids[table] += 1
        return self.ids[table]

    def add(self, table: str, row: dict[str, Any]) -> dict[str, Any]:
        self.rows[table].append(row)
        return row

    # -- a year ------------------------------------------------------------------------------
    def year(self, year: int) -> None:
        today = self.ctx.today
        first = self.ctx.calendar.first_day(year)
        items = [self._item(year, n, spec, first) for n, spec in enumerate(catalogue(year), 1)]
        usage: dict[tuple[int, str], int] = defaultdict(int)
        for dates in round_dates(year):
            if dates.opens > today:
                break
            self._round(year, dates, items, usage)
        returned_on = dt.date(year + 1, 2, 20)
        if returned_on <= today:
            for item in items:
                if item.spec.key in RETURNED:
                    self._return(item, returned_on)

    def _item(self, year: int, order: int, spec: DemoItem, first: dt.date) -> DemoTicketItem:
        item_id = self.next_id("ticket_items")
        child = spec.child
        stamp = _stamp(first - dt.timedelta(days=20))
        self.add("ticket_items", {
            "id": item_id, "fiscal_year": year, "sort_order": order, "category": spec.category,
            "name": spec.name, "supplier": spec.supplier, "unit": spec.unit,
            "face_price": spec.adult[0], "member_price": spec.adult[1], "subsidy": spec.adult[2],
            "child_face_price": child[0] if child else None,
            "child_member_price": child[1] if child else None,
            "child_subsidy": child[2] if child else None,
            "valid_from": spec.valid_from, "valid_to": spec.valid_to,
            "validity_note": spec.validity_note, "is_new": spec.is_new, "is_free": spec.is_free,
            "referral_only": spec.referral, "member_cap": spec.cap,
            "eligibility": "family" if spec.family else "member", "allocation_method": spec.method,
            "partial_allowed": spec.partial, "supply_limit": None, "child_supply_limit": None,
            "note": "", "status": "active", "copied_from_id": self.previous.get(spec.key),
            "version": 1, "created_at": stamp, "updated_at": stamp,
        })  # fmt: skip
        self.previous[spec.key] = item_id
        return DemoTicketItem(item_id, spec, year)

    def _round(
        self,
        year: int,
        dates: RoundDates,
        items: list[DemoTicketItem],
        usage: dict[tuple[int, str], int],
    ) -> None:
        today = self.ctx.today
        offered = [i for i in items if dates.number in i.spec.rounds]
        round_id = self.next_id("ticket_rounds")
        closed = dates.closes < today
        closed_at = _stamp(dates.closes + dt.timedelta(days=1), 17) if closed else None
        stamp = _stamp(dates.opens - dt.timedelta(days=14))
        self.add("ticket_rounds", {
            "id": round_id, "fiscal_year": year, "number": dates.number, "opens_on": dates.opens,
            "closes_on": dates.closes, "handover_on": dates.handover,
            "status": "closed" if closed else "open", "closed_at": closed_at,
            "closed_by": CLERK if closed else "", "note": "", "version": 2 if closed else 1,
            "created_at": stamp, "updated_at": closed_at or stamp,
        })  # fmt: skip
        for item in offered:
            self.add("ticket_round_items", {"round_id": round_id, "item_id": item.id})
        orders = self._orders(round_id, dates, offered, usage)
        allocate_on = dates.closes + dt.timedelta(days=4)
        if not closed or allocate_on > today:
            return
        for item in offered:
            mine = [o for o in orders if o["item_id"] == item.id]
            if mine:
                self._allocate(round_id, item, mine, dates, allocate_on)
        self._hand_over(orders, {i.id: i for i in offered}, dates)

    # -- orders ------------------------------------------------------------------------------
    def _orders(
        self,
        round_id: int,
        dates: RoundDates,
        offered: list[DemoTicketItem],
        usage: dict[tuple[int, str], int],
    ) -> list[dict[str, Any]]:
        rng, today = self.rng, self.ctx.today
        span = (min(dates.closes, today) - dates.opens).days
        weights = [i.spec.popularity for i in offered]
        orders: list[dict[str, Any]] = []
        if span < 0:
            return orders
        for member, est in self.people.present(dates.opens):
            if rng.random() >= self.take_part[dates.number]:
                continue
            day = dates.opens + dt.timedelta(days=rng.randint(0, span))
            entered = _stamp(day, 9 + rng.randrange(8), rng.randrange(60))
            source = rng.choices(("sheet", "counter", "import"), (70, 20, 10))[0]
            picked = {id(i): i for i in rng.choices(offered, weights, k=rng.choice((1, 1, 2)))}
            for item in picked.values():
                for price_class, quantity in self._wants(item, member, usage):
                    orders.append(self.add("ticket_orders", {
                        "id": self.next_id("ticket_orders"), "round_id": round_id,
                        "item_id": item.id, "member_id": member, "establishment_id": est,
                        "price_class": price_class, "quantity": quantity, "received_on": day,
                        "entered_at": entered, "source": source, "status": "live",
                        "allocated": None, "allocation_run_id": None, "note": "", "version": 1,
                    }))  # fmt: skip
        return orders

    def _wants(
        self, item: DemoTicketItem, member: int, usage: dict[tuple[int, str], int]
    ) -> list[tuple[str, int]]:
        """What a member asks for, within the cap left this year."""
        rng, spec = self.rng, item.spec
        left = (spec.cap or 3) - usage[(member, spec.key)]
        if left <= 0:
            return []
        if spec.child is not None:
            adult = min(left, rng.choice((1, 2, 2)))
            child = min(left - adult, rng.choice((0, 0, 1, 2)))
            wants = [("adult", adult)] + ([("child", child)] if child else [])
        elif spec.unit == "セット" or spec.cap == 1:
            wants = [("adult", 1)]
        else:
            wants = [("adult", min(left, rng.choice((1, 1, 2, 3, 5))))]
        usage[(member, spec.key)] += sum(q for _c, q in wants)
        return wants

    # -- allocation and stock ----------------------------------------------------------------
    def _allocate(
        self,
        round_id: int,
        item: DemoTicketItem,
        orders: list[dict[str, Any]],
        dates: RoundDates,
        decided_on: dt.date,
    ) -> None:
        rng, spec = self.rng, item.spec
        demand: dict[str, int] = defaultdict(int)
        for o in orders:
            demand[o["price_class"]] += o["quantity"]
        if not spec.referral:
            for price_class, asked in sorted(demand.items()):
                need = asked - max(item.stock(price_class), 0)
                if spec.quota is not None:
                    need = max(1, round(asked * spec.quota * rng.uniform(0.85, 1.1))) - max(
                        item.stock(price_class), 0
                    )
                else:
                    need += rng.randint(*spec.extras) if spec.extras[1] else 0
                if need > 0:
                    self._lot(item, price_class, need, dates.closes + dt.timedelta(days=2))
        stock: dict[str, int | None] = {
            c: (None if spec.referral else max(item.stock(c), 0)) for c in sorted(demand)
        }
        numbers = self.people.names
        requests = [
            Request(o["id"], o["member_id"], numbers[o["member_id"]][0], o["price_class"],
                    o["quantity"], (o["received_on"].isoformat(), o["entered_at"].isoformat(),
                                    f"{o['id']:09d}"))
            for o in orders
        ]  # fmt: skip
        seed = rng.randrange(SEED_LIMIT) if spec.method == "lottery" else None
        result = allocate(requests, stock, method=spec.method, seed=seed,
                          partial_allowed=spec.partial)  # fmt: skip
        run_id = self.next_id("ticket_allocation_runs")
        given = result.by_order
        by_order = {r.order_id: r for r in requests}
        self.add("ticket_allocation_runs", {
            "id": run_id, "round_id": round_id, "item_id": item.id, "method": result.method,
            "seed": result.seed, "partial_allowed": spec.partial,
            "stock_json": json.dumps(stock, sort_keys=True), "demand": result.demand,
            "allocated": result.allocated, "members": result.members, "losers": result.losers,
            "draw_json": json.dumps(
                [{"rank": g.rank, "order": g.order_id, "member": g.member_id,
                  "number": g.member_number, "class": g.price_class, "requested": g.requested,
                  "allocated": g.allocated, "sequence": list(by_order[g.order_id].sequence)}
                 for g in result.grants], ensure_ascii=False),
            "decided_on": decided_on, "decided_at": _stamp(decided_on, 15), "decided_by": CLERK,
            "status": "final", "reversed_at": None, "reversed_by": "", "reverse_reason": None,
        })  # fmt: skip
        for o in orders:
            o["allocated"] = given[o["id"]]
            o["allocation_run_id"] = run_id
            item.allocated[o["price_class"]] += given[o["id"]]
            self.add("ticket_allocation_changes", {
                "order_id": o["id"], "run_id": run_id, "kind": "run", "before": None,
                "after": given[o["id"]], "reason": f"{result.method_label}により配分",
                "changed_on": decided_on, "changed_at": _stamp(decided_on, 15), "changed_by": CLERK,
            })  # fmt: skip

    def _lot(self, item: DemoTicketItem, price_class: str, quantity: int, day: dt.date) -> None:
        lot_id = self.next_id("ticket_stock_lots")
        face, member, subsidy = item.prices(price_class)
        del face
        number = len([lot for lot in self.lots if lot.item_id == item.id]) + 1
        prefix = item.spec.serial_prefix
        first = sum(lot.quantity for lot in item.lots[price_class]) + 1
        mark = f"{prefix}{'C' if price_class == 'child' else 'A'}" if prefix else ""
        self.add("ticket_stock_lots", {
            "id": lot_id, "item_id": item.id, "lot_no": number, "price_class": price_class,
            "received_on": day, "quantity": quantity,
            "serial_from": f"{mark}{first:06d}" if mark else None,
            "serial_to": f"{mark}{first + quantity - 1:06d}" if mark else None,
            "member_price": member, "subsidy": subsidy, "method": "bank", "bank_account_id": None,
            "note": "", "entered_at": _stamp(day, 14), "entered_by": CLERK,
        })  # fmt: skip
        lot = DemoLot(lot_id, item.id, price_class, day, quantity, member, subsidy,
                   f"{item.title(price_class)} {quantity}{item.spec.unit}（入荷No.{number}）",
                   item.spec.supplier)  # fmt: skip
        item.lots[price_class].append(lot)
        self.lots.append(lot)

    def _take(
        self, item: DemoTicketItem, price_class: str, quantity: int
    ) -> list[tuple[DemoLot, int, int]]:
        picks = []
        for lot in item.lots[price_class]:
            here = min(quantity, lot.free)
            if here:
                picks.append((lot, lot.next_offset, here))
                lot.next_offset += here
                quantity -= here
            if not quantity:
                break
        return picks

    def _return(self, item: DemoTicketItem, day: dt.date) -> None:
        for lots in item.lots.values():
            for lot in lots:
                if lot.free:
                    self.add("ticket_returns", {
                        "id": self.next_id("ticket_returns"), "lot_id": lot.id,
                        "item_id": item.id, "returned_on": day,
                        "lot_offset": lot.quantity - lot.returned - lot.free,
                        "quantity": lot.free, "reason": "年度末の残りを返品",
                        "entered_at": _stamp(day, 11), "entered_by": CLERK,
                    })  # fmt: skip
                    lot.returned += lot.free

    # -- handover, counter sales, money ------------------------------------------------------
    def _handover_row(
        self,
        item: DemoTicketItem,
        order: dict[str, Any] | None,
        member: tuple[int, int],
        *,
        price_class: str,
        quantity: int,
        day: dt.date,
    ) -> list[dict[str, Any]]:
        member_id, est = member
        price = item.prices(price_class)[1]
        rows = []
        for lot, offset, count in self._take(item, price_class, quantity):
            rows.append(self.add("ticket_handovers", {
                "id": self.next_id("ticket_handovers"), "item_id": item.id,
                "price_class": price_class, "member_id": member_id, "establishment_id": est,
                "order_id": order["id"] if order else None,
                "kind": "order" if order else "counter", "lot_id": lot.id, "lot_offset": offset,
                "quantity": count, "handed_on": day, "unit_price": price,
                "amount": price * count, "payment_id": None, "status": "live",
                "reversed_on": None, "reverse_reason": None, "entered_at": _stamp(day, 13),
                "entered_by": CLERK,
            }))  # fmt: skip
        return rows

    def _hand_over(
        self, orders: list[dict[str, Any]], items: dict[int, DemoTicketItem], dates: RoundDates
    ) -> None:
        rng, today = self.rng, self.ctx.today
        by_est: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for o in orders:
            if o["allocated"] and not items[o["item_id"]].spec.referral:
                by_est[o["establishment_id"]].append(o)
        for est, mine in sorted(by_est.items()):
            day = dates.handover + dt.timedelta(days=rng.randint(0, 6))
            if day > today:
                continue
            handed = []
            for o in sorted(mine, key=lambda o: (self.people.names[o["member_id"]][0], o["id"])):
                handed += self._handover_row(
                    items[o["item_id"]], o, (o["member_id"], est), price_class=o["price_class"],
                    quantity=o["allocated"], day=day,
                )  # fmt: skip
            self._pay_for(est, handed, items, day)
        self._counter(items, dates)

    def _pay_for(
        self, est: int, handed: list[dict[str, Any]], items: dict[int, DemoTicketItem], day: dt.date
    ) -> None:
        name, method = self.people.establishments[est]
        if method == "cash":
            by_member: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for h in handed:
                by_member[h["member_id"]].append(h)
            for member, rows in by_member.items():
                self._payment(rows, items, day, "cash", member=member)
            return
        paid_on = day + dt.timedelta(days=self.rng.randint(15, 40))
        late = False
        if self.ctx.calendar.year_of(day) == self.ctx.last_year and (
            est in self.late or len(self.late) < LATE_PAYERS
        ):
            self.late.add(est)
            late = True
        if paid_on <= self.ctx.today and not late:
            kind = "payroll" if method == "debit" else "transfer"
            self._payment(handed, items, paid_on, kind, establishment=(est, name))

    def _payment(
        self,
        rows: list[dict[str, Any]],
        items: dict[int, DemoTicketItem],
        day: dt.date,
        method: str,
        *,
        member: int | None = None,
        establishment: tuple[int, str] | None = None,
    ) -> None:
        paying = [r for r in rows if r["amount"]]
        if not paying:
            return
        payer = establishment[1] if establishment else self.people.names[member or 0][1]
        payment_id = self.next_id("ticket_payments")
        self.add("ticket_payments", {
            "id": payment_id, "paid_on": day, "method": method, "member_id": member,
            "establishment_id": establishment[0] if establishment else None,
            "payer_name": payer, "amount": sum(r["amount"] for r in paying), "status": "live",
            "reversed_on": None, "reverse_reason": None, "note": "",
            "entered_at": _stamp(day, 15), "entered_by": CLERK,
        })  # fmt: skip
        lines: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for r in paying:
            r["payment_id"] = payment_id
            lines[r["item_id"]][0] += r["quantity"]
            lines[r["item_id"]][1] += r["amount"]
        label = {"cash": "現金", "transfer": "振込", "payroll": "給与天引"}[method]
        for item_id, (quantity, amount) in lines.items():
            line_id = self.next_id("ticket_payment_lines")
            self.add("ticket_payment_lines", {"id": line_id, "payment_id": payment_id,
                                              "item_id": item_id, "quantity": quantity,
                                              "amount": amount})  # fmt: skip
            spec = items[item_id].spec
            self.ctx.postings.append(
                DemoPosting(day, SALES, amount,
                            f"斡旋 {spec.name} {quantity}{spec.unit} {payer}（{label}）",
                            payer, method == "cash", "ticket_sale", line_id)
            )  # fmt: skip

    def _counter(self, items: dict[int, DemoTicketItem], dates: RoundDates) -> None:
        """Leftovers sold at the counter in the weeks after the handover, paid in cash."""
        rng, today = self.rng, self.ctx.today
        year_end = self.ctx.calendar.last_day(self.ctx.calendar.year_of(dates.opens))
        for item in items.values():
            if not item.spec.extras[1]:
                continue
            for price_class in list(item.lots):
                left = sum(lot.free for lot in item.lots[price_class])
                sales = rng.randint(0, left)
                while sales > 0:
                    day = dates.handover + dt.timedelta(days=rng.randint(7, 90))
                    if day > today or day > year_end:
                        break
                    # A member on the handover day (the sale follows within weeks).
                    member, est = rng.choice(self.people.present(dates.handover) or [(0, 0)])
                    if not member:
                        break
                    quantity = min(sales, rng.choice((1, 1, 2)))
                    rows = self._handover_row(
                        item,
                        None,
                        (member, est),
                        price_class=price_class,
                        quantity=quantity,
                        day=day,
                    )
                    item.counter[price_class] += quantity
                    sales -= quantity
                    self._payment(rows, items, day, "cash", member=member)

    # -- writing -----------------------------------------------------------------------------
    def flush(self) -> None:
        for lot in self.lots:
            kept = lot.quantity - lot.returned
            for code, price, text in ((PURCHASES, lot.member_price, "仕入"),
                                      (SUBSIDY, lot.subsidy, "補助")):  # fmt: skip
                if kept * price:
                    self.ctx.postings.append(
                        DemoPosting(lot.received_on, code, kept * price,
                                    f"斡旋 {text} {lot.label}", lot.supplier, False,
                                    "ticket_lot", lot.id)
                    )  # fmt: skip
        for table in ("ticket_items", "ticket_rounds", "ticket_round_items",
                      "ticket_allocation_runs", "ticket_orders", "ticket_allocation_changes",
                      "ticket_stock_lots", "ticket_returns", "ticket_payments",
                      "ticket_payment_lines", "ticket_handovers"):  # fmt: skip
            self.ctx.insert(table, self.rows.get(table, []))


def tickets(ctx: DemoContext) -> None:
    """Ten years of items, rounds, orders, lotteries, stock, handovers and money."""
    writer = _Writer(ctx)
    for year in range(ctx.first_year, ctx.last_year + 1):
        writer.year(year)
    writer.flush()


def ticket_receipts(ctx: DemoContext) -> None:
    """Receipts of the cash payments, numbered after the year's dues receipts; the lots'
    bank account, which exists once the accounts step has run."""
    tables = Base.metadata.tables
    payments, receipts = tables["ticket_payments"], tables["receipts"]
    used = dict(
        ctx.connection.execute(
            select(receipts.c.fiscal_year, func.max(receipts.c.number)).group_by(
                receipts.c.fiscal_year
            )
        ).all()
    )
    rows = []
    for payment_id, day, payer, amount in ctx.connection.execute(
        select(payments.c.id, payments.c.paid_on, payments.c.payer_name, payments.c.amount)
        .where(payments.c.method == "cash")
        .order_by(payments.c.paid_on, payments.c.id)
    ):
        year = ctx.calendar.year_of(day)
        used[year] = int(used.get(year) or 0) + 1
        rows.append({
            "fiscal_year": year, "number": used[year], "source": "tickets",
            "source_id": payment_id, "payment_id": None, "issued_date": day, "addressee": payer,
            "amount": amount, "purpose": "斡旋品代として", "status": "issued",
            "void_reason": None, "reissue_count": 0,
        })  # fmt: skip
    ctx.insert("receipts", rows)
    lots = tables["ticket_stock_lots"]
    ctx.connection.execute(update(lots).values(bank_account_id=BANK_ID))
