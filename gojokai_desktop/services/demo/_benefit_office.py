"""How the demo office handled benefit claims, from the events to the monthly payment batches.

Which events were claimed and when, the assessment by the domain, the decision (with the
failed check as the reason of a rejection), the payment method, and the batches.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from gojokai_desktop.domain.benefits import rules
from gojokai_desktop.domain.benefits.table import BenefitKind, BenefitTable
from gojokai_desktop.domain.holidays import next_business_day, previous_business_day
from gojokai_desktop.services.benefits.claim_views import person_key
from gojokai_desktop.services.demo._benefit_events import (
    BenefitEvent,
    EventFinder,
    Person,
    Register,
    Relative,
)
from gojokai_desktop.services.demo._context import DemoContext
from gojokai_desktop.services.demo._steps import SOCIETY
from gojokai_desktop.services.demo._tables import bank_account

CLERK = str(SOCIETY["clerk_name"])  # the demo's administrator, who does every step
# The share of events the member claims, by kind: the demo's families are large, so with
# every school entry and anniversary claimed a society would pay about 25 claims per 100
# members a year, where about 10 is usual.
CLAIMED = {
    "marriage": 0.9,
    "birth": 0.8,
    "school_elementary": 0.3,
    "school_junior": 0.3,
    "adult": 0.9,
    "silver_wedding": 0.6,
    "long_service": 0.35,
    "sickness": 1.0,
    "disaster": 1.0,
    "death_member": 0.95,
    "death_spouse": 0.95,
    "death_parent": 0.9,
    "farewell": 0.22,
    "longevity": 0.9,
}
# Days from the event to the claim: date-driven benefits are offered a month or so ahead
# (該当者一覧からの案内), so their claims often arrive before the day.
LAG_DAYS = {
    "marriage": (14, 120),
    "birth": (14, 90),
    "school_elementary": (-35, 40),
    "school_junior": (-35, 40),
    "adult": (-35, 40),
    "silver_wedding": (-35, 40),
    "long_service": (-35, 40),
    "sickness": (5, 40),
    "disaster": (10, 60),
    "death_member": (7, 45),
    "death_spouse": (5, 40),
    "death_parent": (5, 40),
    "farewell": (3, 60),
    "longevity": (-35, 40),
}
DUE_KINDS = frozenset(
    {"school_elementary", "school_junior", "adult", "silver_wedding", "long_service", "longevity"}
)
DUE_LIST_SHARE = 0.8  # date-driven claims made from the due list (the rest at the counter)
WAITING_CLAIM_SHARE = 0.35  # members who claim although the waiting period has not passed
SHORT_CLAIM_SHARE = 0.1  # leavers who claim 餞別金 with less membership than the table asks
LATE_SHARE = 0.015
OVERRIDE_SHARE = 0.3  # late claims the administrator accepts with a reason
WITHDRAW_SHARE = 0.008
CASH_SHARE, CASH_LIMIT = 0.10, 30_000
ESTABLISHMENT_SHARE = 0.07
PAYDAY, CUTOFF_DAYS = 25, 5
OVERRIDE_REASONS = (
    "入院中のため請求が遅れたことを診断書で確認（理事会承認）",
    "事業所の手続き遅れによるもの（会長決裁）",
)
WITHDRAW_REASONS = (
    "請求者の申出により取下げ（重複して提出されたため）",
    "請求者の申出により取下げ（他の制度から給付を受けたため）",
    "請求者の申出により取下げ",
)
ACCEPTED_FAILURES = frozenset({"waiting", "band", "deadline"})


@dataclass
class DemoClaim:
    """A claim on its way through the office, with the dates of each step."""

    event: BenefitEvent
    kind: BenefitKind
    person: Person
    relative: Relative | None
    claim_date: dt.date
    method: str
    origin: str
    late: bool
    result: rules.Assessment | None = None
    status: str = "received"
    reviewed_on: dt.date | None = None
    decided_on: dt.date | None = None
    closing_reason: str = ""
    override_reason: str = ""
    id: int = 0
    fiscal_year: int = 0
    seq: int = 0
    batch: DemoBatch | None = None


@dataclass
class DemoBatch:
    """A monthly payment batch and its claims; the one being prepared today is a draft."""

    id: int
    fiscal_year: int
    seq: int
    payday: dt.date
    claims: list[DemoClaim]
    committed: bool

    @property
    def created_on(self) -> dt.date:
        return previous_business_day(self.payday - dt.timedelta(days=CUTOFF_DAYS - 1))

    @property
    def committed_on(self) -> dt.date:
        """Committed and the bank file sent two business days before the payday."""
        return previous_business_day(self.payday - dt.timedelta(days=2))


# -- claims -----------------------------------------------------------------------------------
class ClaimOffice:
    """Receives, assesses and decides the claims in the order they arrive."""

    def __init__(self, ctx: DemoContext, table: BenefitTable, register: Register) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("benefits")
        self.kinds = {k.code: k for k in table.kinds}
        self.register = register
        self.relatives = {r.id: r for r in register.relatives}
        self.history: dict[int, list[rules.PastClaim]] = {}

    def claims(self) -> list[DemoClaim]:
        ctx = self.ctx
        finder = EventFinder(
            self.register,
            ctx.rng("benefit_events"),
            ctx.calendar,
            ctx.calendar.first_day(ctx.first_year),
            ctx.today,
        )
        arrived = sorted(
            self._claimed(finder.events()),
            key=lambda c: (c.claim_date, c.person.id, c.kind.code, c.event.day),
        )
        decided = [c for c in arrived if self._assess(c)]
        years: dict[int, int] = {}
        for number, claim in enumerate(decided, 1):
            claim.id = number
            claim.fiscal_year = ctx.calendar.year_of(claim.claim_date)
            claim.seq = years[claim.fiscal_year] = years.get(claim.fiscal_year, 0) + 1
        return decided

    def _claimed(self, events: list[BenefitEvent]) -> Iterator[DemoClaim]:
        rng = self.rng
        first = self.ctx.calendar.first_day(self.ctx.first_year)
        for event in events:
            if rng.random() >= CLAIMED[event.kind]:
                continue
            kind = self.kinds[event.kind]
            low, high = LAG_DAYS[event.kind]
            lag = rng.randint(low, high) + (event.days_off or 0)
            deadline = rules.claim_deadline(event.day, kind.deadline_months)
            late = rng.random() < LATE_SHARE
            day = deadline + dt.timedelta(days=rng.randint(3, 60)) if late else None
            claim_date = day or min(event.day + dt.timedelta(days=lag), deadline)
            if not first <= claim_date <= self.ctx.today:
                continue
            person = self.register.persons[event.member_id]
            origin = f"due:{kind.code}" if kind.code in DUE_KINDS else ""
            if origin and rng.random() >= DUE_LIST_SHARE:
                origin = ""
            relative = None if event.family_id is None else self.relatives[event.family_id]
            yield DemoClaim(event, kind, person, relative, claim_date, "", origin, late)

    def _facts(self, claim: DemoClaim, override: rules.Override | None) -> rules.ClaimFacts:
        event, rel, kind = claim.event, claim.relative, claim.kind
        return rules.ClaimFacts(
            event_date=event.day,
            claim_date=claim.claim_date,
            membership=tuple(rules.MembershipPeriod(p.start, p.end) for p in claim.person.periods),
            member_birth=claim.person.birth,
            family_member=None
            if rel is None
            else rules.FamilyMember(
                person_key(rel.id),
                rel.name,
                rel.relation,
                rel.birth,
                rel.registered_from,
                rel.registered_to,
            ),
            days_off=event.days_off,
            damage_class=event.damage_class,
            service_years=event.service_years,
            override=override,
            evidence_received=kind.evidence,
            employer_certified=kind.employer_certification,
        )

    def _assess(self, claim: DemoClaim) -> bool:
        """Decide the claim's story; False when the member would not have claimed it."""
        rng = self.rng
        past = self.history.setdefault(claim.person.id, [])
        result = rules.assess_claim(claim.kind, self._facts(claim, None), past, self.ctx.calendar)
        failed = {f.code for f in result.failures}
        if not failed <= ACCEPTED_FAILURES or ("deadline" in failed) != claim.late:
            return False
        if "waiting" in failed and rng.random() >= WAITING_CLAIM_SHARE:
            return False
        # Short sick leaves are drawn on purpose; other bands are rarely claimed.
        if "band" in failed and claim.kind.code != "sickness" and rng.random() >= SHORT_CLAIM_SHARE:
            return False
        if failed == {"deadline"} and rng.random() < OVERRIDE_SHARE:
            claim.override_reason = rng.choice(OVERRIDE_REASONS)
            override = rules.Override(CLERK, True, claim.override_reason)
            result = rules.assess_claim(
                claim.kind, self._facts(claim, override), past, self.ctx.calendar
            )
        claim.result = result
        claim.method = self._method(claim, result.computed_amount)
        self._decide(claim)
        if claim.status in ("approved", "paid"):
            past.append(rules.PastClaim(claim.kind.code, claim.event.day, subject_key(claim)))
        return True

    def _decide(self, claim: DemoClaim) -> None:
        rng, today = self.rng, self.ctx.today
        assert claim.result is not None
        if rng.random() < WITHDRAW_SHARE and claim.result.payable:
            withdrawn = claim.claim_date + dt.timedelta(days=rng.randint(2, 20))
            if withdrawn <= today:
                claim.status, claim.decided_on = "withdrawn", withdrawn
                claim.closing_reason = rng.choice(WITHDRAW_REASONS)
            return
        # Papers are checked weekly and some wait for a missing document.
        reviewed = claim.claim_date + dt.timedelta(days=rng.randint(2, 14))
        if reviewed > today:
            return
        claim.status, claim.reviewed_on = "reviewed", reviewed
        # A benefit claimed ahead is decided once its day has come.
        decided = max(reviewed + dt.timedelta(days=rng.randint(1, 10)), claim.event.day)
        if decided > today:
            return
        claim.decided_on = decided
        if claim.result.payable:
            claim.status = "approved"
        else:
            claim.status = "rejected"
            claim.closing_reason = " / ".join(f.message for f in claim.result.failures)[:400]

    def _method(self, claim: DemoClaim, amount: int) -> str:
        rng = self.rng
        workplace = self.register.workplaces[claim.person.establishment_on(claim.claim_date)]
        if claim.kind.code == "death_member":
            # A 弔慰金 goes to the bereaved: through the employer, or handed over in cash.
            return "establishment_account" if workplace.account and rng.random() < 0.6 else "cash"
        draw = rng.random()
        if draw < CASH_SHARE and amount <= CASH_LIMIT:
            return "cash"
        if draw < CASH_SHARE + ESTABLISHMENT_SHARE and workplace.account:
            return "establishment_account"
        if claim.person.account is None:
            # The claim form carries the account; the clerk registers it with the claim.
            bank, branch, kind, number = bank_account(rng)
            claim.person.account = (bank, branch, kind, number, claim.person.kana)
        return "member_account"


def subject_key(claim: DemoClaim) -> str:
    return person_key(None if claim.relative is None else claim.relative.id)


# -- payment batches --------------------------------------------------------------------------
def pay_monthly(ctx: DemoContext, claims: list[DemoClaim]) -> list[DemoBatch]:
    """One batch a month on the first bank business day from the 25th, paying every claim
    approved at least five days before. A batch whose payday is still to come is a draft
    when it has been made already, and not there at all before that."""
    first = ctx.calendar.first_day(ctx.first_year)
    approved = sorted(
        (c for c in claims if c.status == "approved"), key=lambda c: (c.decided_on or first, c.id)
    )
    batches: list[DemoBatch] = []
    month, index = first.year * 12 + first.month - 1, 0
    while True:
        payday = next_business_day(dt.date(month // 12, month % 12 + 1, PAYDAY))
        committed = payday <= ctx.today
        cutoff = payday - dt.timedelta(days=CUTOFF_DAYS)
        paid: list[DemoClaim] = []
        while index < len(approved) and (approved[index].decided_on or cutoff) <= cutoff:
            paid.append(approved[index])
            index += 1
        year = ctx.calendar.year_of(payday)
        seq = 1 + sum(1 for b in batches if b.fiscal_year == year)
        batch = DemoBatch(len(batches) + 1, year, seq, payday, paid, committed)
        if not committed and batch.created_on > ctx.today:
            break
        if paid:
            for claim in paid:
                claim.batch = batch
                if committed:
                    claim.status = "paid"
            batches.append(batch)
        if not committed:
            break
        month += 1
    return batches
