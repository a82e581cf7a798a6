"""Demo step: three partners over ten years — the labour bank's half-yearly results from its
statements (the larger establishments with targets and results of their own), 自治労共済's
monthly figures, and こくみん共済 coop counted from members' enrolments; some targets
reached, some not."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from gojokai_desktop.db.models import Base
from gojokai_desktop.domain.partners.periods import FIRST_HALF, SECOND_HALF, PartnerYear, Period
from gojokai_desktop.services.demo._context import DemoContext
from gojokai_desktop.services.partners.presets import PartnerPreset, load_preset

#: Yearly target per 1,000 members of each item, by preset and code (回 items are not scaled).
PER_THOUSAND: dict[str, dict[str, float]] = {
    "rokin": {"main": 40, "deposit": 15, "loan": 30, "assets": 2, "remote": 70},
    "jichiro_kyosai": {
        "sogo_new": 8, "sogo_premium": 300, "dantai_new": 5, "dantai_units": 60,
        "dantai_premium": 900, "mycar_new": 6, "mycar_premium": 250, "jibaiseki_new": 3,
        "fire_new": 2,
    },
    "kokumin_kyosai": {
        "kokumin": 4, "long_term": 3, "mycar": 4, "jibaiseki_new": 6, "jibaiseki_renew": 5,
        "fire": 4, "disaster": 3,
    },
}  # fmt: skip
FIXED_TARGETS = {"study": (2, 6), "bulletin": (2, 4)}
#: The labour bank's items split over the largest establishments.
SPLIT_ITEMS = ("main", "deposit")
SPLIT_ESTABLISHMENTS = 5
#: Days after a period's end when the partner's statement is typed.
ENTRY_DELAY = 20


def _stamp(d: dt.date) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(10, 0))


@dataclass
class _Rows:
    """Every row of the step, inserted in a few batches at the end."""

    partners: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    targets: list[dict[str, Any]] = field(default_factory=list)
    results: list[dict[str, Any]] = field(default_factory=list)
    enrolments: list[dict[str, Any]] = field(default_factory=list)

    def target(self, item_id: int, est: int | None, amount: int, on: dt.date) -> None:
        self.targets.append(
            {
                "item_id": item_id,
                "establishment_id": est,
                "amount": amount,
                "version": 1,
                "created_at": _stamp(on),
                "updated_at": _stamp(on),
            }
        )

    def result(
        self, item_id: int, est: int | None, year: PartnerYear, period: Period, amount: int
    ) -> None:
        entered = _stamp(year.end_of(period) + dt.timedelta(days=ENTRY_DELAY))
        self.results.append(
            {
                "item_id": item_id,
                "establishment_id": est,
                "period_start": year.start_of(period),
                "months": period.months,
                "amount": amount,
                "source": "typed",
                "note": "",
                "entered_at": entered,
                "entered_by": "デモデータ作成",
                "version": 1,
                "created_at": entered,
                "updated_at": entered,
            }
        )


class _Members:
    """Who was a member where on a day: affiliations sorted by start, for quick draws."""

    def __init__(self, ctx: DemoContext) -> None:
        table = Base.metadata.tables["affiliations"]
        rows = ctx.connection.execute(
            select(
                table.c.member_id, table.c.establishment_id, table.c.start_date, table.c.end_date
            ).order_by(table.c.start_date)
        ).all()
        self.rows = [(r.start_date, r.end_date, r.member_id, r.establishment_id) for r in rows]
        self.starts = [r[0] for r in self.rows]

    def draw(self, rng: random.Random, day: dt.date) -> tuple[int, int] | None:
        """A member (and establishment) affiliated on ``day``, or None after 50 tries."""
        upto = bisect.bisect_right(self.starts, day)
        for _ in range(50):
            if not upto:
                return None
            _start, end, member, est = self.rows[rng.randrange(upto)]
            if end is None or end >= day:
                return member, est
        return None

    def largest(self, day: dt.date, count: int) -> list[int]:
        sizes: dict[int, int] = {}
        for start, end, _member, est in self.rows:
            if start <= day and (end is None or end >= day):
                sizes[est] = sizes.get(est, 0) + 1
        return [e for e, _n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:count]]


@dataclass(frozen=True)
class _ItemYear:
    """One item in one partner year: its yearly target and how the year turned out."""

    item_id: int
    code: str
    year: PartnerYear
    target: int
    actual: int
    announced: dt.date


class _Writer:
    def __init__(self, ctx: DemoContext, rng: random.Random) -> None:
        self.ctx = ctx
        self.rng = rng
        self.rows = _Rows()
        self.members = _Members(ctx)
        self.scale = ctx.target_members / 1000

    def partner(self, preset: PartnerPreset) -> int:
        partner_id = len(self.rows.partners) + 1
        created = _stamp(self.ctx.calendar.first_day(self.ctx.first_year))
        self.rows.partners.append(
            {"id": partner_id, "name": preset.name, "formal_name": preset.formal_name,
             "start_month": preset.start_month, "rate_rounding": preset.rate_rounding,
             "sort_order": partner_id, "active": True, "note": "", "version": 1,
             "created_at": created, "updated_at": created}
        )  # fmt: skip
        return partner_id

    def items(
        self, partner_id: int, preset: PartnerPreset, year: int, counted: bool
    ) -> list[tuple[int, str]]:
        made = []
        first = _stamp(PartnerYear(year, preset.start_month).first_day)
        for order, spec in enumerate(preset.items, start=1):
            item_id = len(self.rows.items) + 1
            self.rows.items.append(
                {"id": item_id, "partner_id": partner_id, "fiscal_year": year,
                 "code": spec.code, "group_name": spec.group, "name": spec.name,
                 "unit": spec.unit, "source": "enrolments" if counted else "entry",
                 "sort_order": order, "note": "", "version": 1, "created_at": first,
                 "updated_at": first}
            )  # fmt: skip
            made.append((item_id, spec.code))
        return made

    def yearly_target(self, preset: str, code: str, year_index: int) -> int:
        if code in FIXED_TARGETS:
            low, high = FIXED_TARGETS[code]
            return self.rng.randint(low, high)
        base = PER_THOUSAND[preset][code] * self.scale
        # The partners raise their targets a little most years.
        grown = base * (1 + 0.02 * year_index) * self.rng.uniform(0.95, 1.05)
        # Even a small society gets a few of everything to aim at.
        return max(3, round(grown))

    def outcome(self) -> float:
        """How a year went against the target: mostly near it, some well short, some over."""
        return min(1.45, max(0.55, self.rng.gauss(1.0, 0.16)))

    def complete(self, year: PartnerYear, period: Period) -> bool:
        return year.end_of(period) + dt.timedelta(days=ENTRY_DELAY) <= self.ctx.today

    def halves(self, item: _ItemYear) -> None:
        """上期 and 下期 as the labour bank's statements give them."""
        first = round(item.actual * self.rng.uniform(0.42, 0.58))
        halves = ((FIRST_HALF, first), (SECOND_HALF, item.actual - first))
        if item.code not in SPLIT_ITEMS:
            for period, amount in halves:
                if self.complete(item.year, period):
                    self.rows.result(item.item_id, None, item.year, period, amount)
            return
        # The larger establishments share half the society's target, by size, and the
        # statement lists their results; the rest of the society's result is unassigned.
        largest = self.members.largest(item.year.first_day, SPLIT_ESTABLISHMENTS)
        shares = [self.rng.uniform(0.6, 1.4) for _ in largest]
        split = [max(1, round(item.target / 2 * s / sum(shares))) for s in shares]
        for est, est_target in zip(largest, split, strict=True):
            self.rows.target(item.item_id, est, est_target, item.announced)
        for period, amount in halves:
            if not self.complete(item.year, period):
                continue
            assigned = 0
            for est, est_target in zip(largest, split, strict=True):
                own = min(amount - assigned, round(est_target / 2 * self.outcome()))
                if own > 0:
                    self.rows.result(item.item_id, est, item.year, period, own)
                    assigned += own
            self.rows.result(item.item_id, None, item.year, period, amount - assigned)

    def months(self, item: _ItemYear) -> None:
        """Month by month, as 自治労共済 reports (24年11月実績)."""
        weights = [self.rng.uniform(0.85, 1.15) for _ in range(12)]
        given = 0
        for month in range(1, 13):
            amount = round(item.actual * sum(weights[:month]) / sum(weights)) - given
            given += amount
            period = Period(month, 1)
            if self.complete(item.year, period):
                self.rows.result(item.item_id, None, item.year, period, amount)

    def enrolments(self, item: _ItemYear) -> None:
        """Members' enrolments through the society, as many as the year's pace so far."""
        year = item.year
        last = min(year.last_day, self.ctx.today - dt.timedelta(days=1))
        days = (last - year.first_day).days + 1
        if days <= 0:
            return
        count = round(item.actual * days / ((year.last_day - year.first_day).days + 1))
        for _ in range(count):
            day = year.first_day + dt.timedelta(days=self.rng.randrange(days))
            drawn = self.members.draw(self.rng, day)
            if drawn is None:
                continue
            member, est = drawn
            entered = _stamp(day + dt.timedelta(days=self.rng.randint(0, 6)))
            self.rows.enrolments.append(
                {"member_id": member, "item_id": item.item_id, "establishment_id": est,
                 "enrolled_on": day, "quantity": 1, "note": "", "entered_at": entered,
                 "entered_by": "デモデータ作成", "version": 1, "created_at": entered,
                 "updated_at": entered}
            )  # fmt: skip


def partners(ctx: DemoContext) -> None:
    """ろうきん (halves, split over the largest establishments), 自治労共済 (months) and
    こくみん共済 coop (counted from enrolments), each for the ten demo years."""
    writer = _Writer(ctx, ctx.rng("partners"))
    plans = (("rokin", writer.halves), ("jichiro_kyosai", writer.months),
             ("kokumin_kyosai", writer.enrolments))  # fmt: skip
    for key, record in plans:
        preset = load_preset(key)
        partner_id = writer.partner(preset)
        counted = record == writer.enrolments
        for index, fy in enumerate(range(ctx.first_year, ctx.last_year + 1)):
            year = PartnerYear(fy, preset.start_month)
            if year.first_day > ctx.today:
                continue
            for item_id, code in writer.items(partner_id, preset, fy, counted):
                target = writer.yearly_target(key, code, index)
                announced = year.first_day - dt.timedelta(days=writer.rng.randint(5, 25))
                writer.rows.target(item_id, None, target, announced)
                # Small counts scatter more than the rate alone would make them.
                actual = max(0, round(target * writer.outcome() + writer.rng.gauss(0, 0.8)))
                record(_ItemYear(item_id, code, year, target, actual, announced))
    rows = writer.rows
    ctx.insert("partners", rows.partners)
    ctx.insert("partner_items", rows.items)
    ctx.insert("partner_targets", rows.targets)
    ctx.insert("partner_results", rows.results)
    ctx.insert("partner_enrolments", rows.enrolments)
