"""The demo society's story, month by month: establishments, joins, transfers, leaves, rejoins.

Pure simulation on month indexes (``year * 12 + month - 1``); nothing here touches the database.
Joins and transfers take effect on the 1st of a month, leaves on its last day, so the head count
of an establishment during a month is the members it had at the end of the month before plus
those who joined on the 1st. Every hire fills a vacancy below the establishment's target, and
targets never exceed the cap (300), which keeps every head count within 1..300.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict

from gojokai_desktop.services.demo._records import (
    Event,
    History,
    Period,
    SimEstablishment,
    SimPerson,
    Stint,
    first_day,
    month_index,
)

MAX_ESTABLISHMENT_SIZE = 300
# A member number keeps its establishment part forever; the person part has 3 digits.
MAX_PERSONS_PER_ESTABLISHMENT = 999
LARGE_FIRM = 100

# Annual rates of leaving for any reason other than retirement age and death.
QUIT_RATES = {"regular": 0.055, "part_time": 0.14, "owner": 0.015, "other": 0.10}
QUIT_REASONS = (("retired", "退職"), ("withdrawn", "本人の申出による脱退"))
QUIT_WEIGHTS = (0.85, 0.15)
EXPELLED = ("expelled", "会費滞納による除名")
TRANSFER_RATE = 0.008
ESTABLISHMENT_LEAVE_SHARE = 0.09
NEW_ESTABLISHMENT_SHARE = 0.12
# Each open place is filled with this chance a month; April is the hiring season.
FILL_CHANCE = 0.30
FILL_CHANCE_APRIL = 0.75
REJOIN_CHANCE = 0.03
REJOIN_CHANCE_AFTER_CLOSURE = 0.12
# Expected member records per head of target over a year in the window (turnover); used to
# decide how many establishments make up a society of the requested size.
RECORDS_PER_HEAD_YEAR = 0.085
PLAN_FILL = 1.0
# The new-establishment campaign runs November to February, so establishments join Dec–Apr.
_NEW_ESTABLISHMENT_MONTHS = (12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_NEW_ESTABLISHMENT_WEIGHTS = (3, 3, 2.5, 1.5, 3, 0.5, 0.5, 0.4, 0.4, 0.5, 0.5, 0.5)


def _geometric(rng: random.Random, annual_rate: float) -> int:
    """Whole months until an event that happens at ``annual_rate`` a year."""
    monthly = 1.0 - (1.0 - annual_rate) ** (1.0 / 12.0)
    return int(math.log(1.0 - rng.random()) / math.log(1.0 - monthly))


def _months_to_death(rng: random.Random, sex: str, age: float) -> int:
    """Gompertz mortality (about 0.1 % a year at 40, 0.6 % at 60 for men; half for women)."""
    base = 0.0004 if sex == "M" else 0.0002
    growth = 0.09
    hazard_now = base * math.exp(growth * (age - 30.0))
    years = math.log1p(-math.log(1.0 - rng.random()) * growth / hazard_now) / growth
    return int(years * 12.0)


def _birth(rng: random.Random, birth_m: int) -> dt.date:
    return first_day(birth_m).replace(day=rng.randint(1, 28))


class Simulation:
    """Runs the society from its first fiscal year to ``today`` for ``target_records`` people."""

    def __init__(
        self, rng: random.Random, *, target_records: int, first_m: int, last_m: int
    ) -> None:
        self.rng = rng
        self.target_records = target_records
        self.first_m = first_m
        self.last_m = last_m
        self.cap = min(MAX_ESTABLISHMENT_SIZE, max(20, target_records // 10))
        self.establishments: list[SimEstablishment] = []
        self.persons: list[SimPerson] = []
        self.leave_at: dict[int, list[int]] = defaultdict(list)
        self.transfer_at: dict[int, list[int]] = defaultdict(list)
        self.rejoin_at: dict[int, list[int]] = defaultdict(list)
        self.join_at: dict[int, list[int]] = defaultdict(list)
        self.close_at: dict[int, list[int]] = defaultdict(list)
        self.topped_up = 0

    # ------------------------------------------------------------------ plan
    def plan(self) -> None:
        """Draw establishments until their expected member records fill the requested size."""
        rng = self.rng
        expected = 0.0
        goal = self.target_records * PLAN_FILL
        # A few large firms anchor every society, however the small ones fall.
        large = min(LARGE_FIRM, self.cap // 2)
        large_firms = max(1, self.target_records // 2_500)
        while expected < goal:
            key = len(self.establishments)
            if key >= large_firms and rng.random() < NEW_ESTABLISHMENT_SHARE:
                join_m = self._new_join_month()
            else:
                month = 4 if rng.random() < 0.4 else rng.randint(1, 12)
                join_m = month_index(dt.date(rng.randint(1978, 2016), month, 1))
            size = round(math.exp(rng.gauss(1.5, 1.25)))
            if key < large_firms:
                size = rng.randint(large, self.cap)
            target = max(1, min(self.cap, size))
            leave_m: int | None = None
            closure = ""
            earliest = max(join_m + 12, self.first_m + 3)
            if rng.random() < ESTABLISHMENT_LEAVE_SHARE and earliest <= self.last_m:
                leave_m = rng.randint(earliest, self.last_m)
                closure = "closed" if rng.random() < 0.55 else "withdrew"
            est = SimEstablishment(
                key, join_m, leave_m, closure, target, self.cap, 60 if rng.random() < 0.35 else 65
            )
            self.establishments.append(est)
            if join_m >= self.first_m:
                self.join_at[join_m].append(key)
            if leave_m is not None:
                self.close_at[leave_m].append(key)
            start = max(join_m, self.first_m)
            end = self.last_m if leave_m is None else leave_m
            expected += target * (1.0 + RECORDS_PER_HEAD_YEAR * (end - start + 1) / 12.0)
        if not self.close_at:
            self._close_one()

    def _close_one(self) -> None:
        """Even the smallest society has seen one establishment go in ten years."""
        rng = self.rng
        smallest = min(
            (e for e in self.establishments if e.join_m < self.first_m),
            key=lambda e: (e.target, e.key),
        )
        smallest.leave_m = rng.randint(self.first_m + 12, self.last_m - 12)
        smallest.closure = "closed"
        self.close_at[smallest.leave_m].append(smallest.key)

    def _new_join_month(self) -> int:
        rng = self.rng
        while True:
            fy = rng.randint(self.first_m // 12, self.last_m // 12)
            month = rng.choices(_NEW_ESTABLISHMENT_MONTHS, weights=_NEW_ESTABLISHMENT_WEIGHTS)[0]
            year = fy if month >= 4 else fy + 1
            m = month_index(dt.date(year, month, 1))
            if self.first_m < m <= self.last_m:
                return m

    # ------------------------------------------------------------------ people
    def _employment(self, est: SimEstablishment) -> str:
        if est.persons == 0 and est.target <= 10 and self.rng.random() < 0.55:
            return "owner"
        r = self.rng.random()
        if r < 0.68:
            return "regular"
        return "part_time" if r < 0.95 else "other"

    def _age(self, employment: str, est: SimEstablishment) -> float:
        rng = self.rng
        if employment == "owner":
            return rng.triangular(28.0, 74.0, 50.0)
        if employment == "part_time":
            return rng.triangular(19.0, 68.0, 45.0)
        if employment == "other":
            return rng.triangular(19.0, 66.0, 40.0)
        return rng.triangular(19.0, est.retire_age - 0.5, 33.0)

    def _retirement_m(self, person: SimPerson, est: SimEstablishment) -> int:
        """The month the person reaches retirement age (定年); part-timers work on to 70."""
        ages = {"regular": est.retire_age, "part_time": 70, "other": 70}
        return month_index(person.birth) + ages.get(person.employment, 80) * 12

    def _new_person(self, est: SimEstablishment, m: int, *, initial: bool) -> SimPerson:
        rng = self.rng
        employment = self._employment(est)
        sex = "M" if rng.random() < (0.75 if employment == "owner" else 0.55) else "F"
        if not initial and m % 12 == 3 and employment == "regular" and rng.random() < 0.5:
            # A new graduate: 18 or 22 on the 1st of April of the hiring year.
            age = 18 if rng.random() < 0.4 else 22
            born_after = dt.date(m // 12 - age - 1, 4, 2)
            birth = born_after + dt.timedelta(days=rng.randrange(365))
        else:
            birth = _birth(rng, m - int(self._age(employment, est) * 12.0))
        est.persons += 1
        person = SimPerson(
            key=len(self.persons),
            sex=sex,
            birth=birth,
            employment=employment,
            first_establishment=est.key,
            serial=est.persons,
            establishment=est.key,
        )
        self.persons.append(person)
        return person

    def _enter(self, person: SimPerson, est: SimEstablishment, m: int) -> None:
        est.count += 1
        est.max_count = max(est.max_count, est.count)
        est.present.add(person.key)
        person.establishment = est.key
        person.present = True

    def _hire(self, est: SimEstablishment, m: int) -> SimPerson:
        person = self._new_person(est, m, initial=False)
        person.periods.append(Period(m))
        person.stints.append(Stint(est.key, m))
        person.events.append(Event("join", m, est.key, None, "新規加入"))
        self._enter(person, est, m)
        self._schedule(person, est, m)
        return person

    def _schedule(self, person: SimPerson, est: SimEstablishment, from_m: int) -> None:
        """Draw when and why this person will leave, and whether they transfer before."""
        rng = self.rng
        quit_m = from_m + 1 + _geometric(rng, QUIT_RATES[person.employment])
        if rng.random() < 0.01:
            reason, text = EXPELLED
        else:
            reason, text = rng.choices(QUIT_REASONS, weights=QUIT_WEIGHTS)[0]
        candidates = [(quit_m, reason, text)]
        retire_m = self._retirement_m(person, est)
        if retire_m > from_m:
            candidates.append((retire_m, "retired", "定年退職"))
        age = (from_m - month_index(person.birth)) / 12.0
        candidates.append((from_m + _months_to_death(rng, person.sex, age), "deceased", "死亡"))
        leave_m, reason, text = min(candidates)
        person.leave_m = leave_m if leave_m <= self.last_m else None
        person.leave_reason, person.leave_text = reason, text
        if person.leave_m is not None:
            self.leave_at[leave_m].append(person.key)
        person.transfer_m = None
        if person.employment != "owner":
            transfer_m = from_m + 1 + _geometric(rng, TRANSFER_RATE)
            if transfer_m <= min(leave_m - 1, self.last_m):
                person.transfer_m = transfer_m
                self.transfer_at[transfer_m].append(person.key)

    def _seed(self, est: SimEstablishment) -> None:
        """Members present when the window opens, who joined in the years before it."""
        rng = self.rng
        seeded: list[tuple[int, SimPerson]] = []
        for _ in range(est.target):
            person = self._new_person(est, self.first_m, initial=True)
            back = min(self.first_m - est.join_m, 1 + int(rng.expovariate(1.0 / 90.0)))
            # Nobody joined before 18: ages drawn at the window start are 19 or more.
            join_m = max(self.first_m - back, month_index(person.birth) + 18 * 12 + 1)
            seeded.append((join_m, person))
        seeded.sort(key=lambda pair: (pair[0], pair[1].key))
        for serial, (join_m, person) in enumerate(seeded, 1):
            person.serial = serial  # person numbers follow the order of joining
            person.periods.append(Period(join_m))
            person.stints.append(Stint(est.key, join_m))
            person.events.append(Event("join", join_m, est.key, None, "新規加入"))
            self._enter(person, est, join_m)
            self._schedule(person, est, self.first_m)
        est.created = est.count > 0

    def _budget(self) -> int:
        return self.target_records - len(self.persons)

    # ------------------------------------------------------------------ months
    def run(self) -> History:
        self.plan()
        for est in self.establishments:
            if est.join_m < self.first_m:
                self._seed(est)
        for m in range(self.first_m, self.last_m + 1):
            self._start_month(m)
            self._end_month(m)
        if self._budget() < 0:
            self._thin()
        self._top_up()
        created = [e for e in self.establishments if e.created]
        for number, est in enumerate(sorted(created, key=lambda e: (e.join_m, e.key)), 1):
            est.number = number
        return History(created, self.persons, self.first_m, self.last_m)

    def _open_places(self, m: int) -> list[SimEstablishment]:
        # Establishments about to leave stop taking people in two months ahead.
        return [
            e
            for e in self.establishments
            if e.created and e.open_in(m, margin=2) and e.count < e.target
        ]

    def _start_month(self, m: int) -> None:
        rng = self.rng
        if m % 12 == 3:
            for est in self.establishments:
                if est.created and est.open_in(m):
                    drift = est.target * rng.lognormvariate(0.0, 0.08)
                    est.target = max(1, min(est.cap, round(drift)))
        for key in self.join_at.get(m, ()):
            self._open_new_establishment(self.establishments[key], m)
        places = self._open_places(m)
        for key in self.transfer_at.get(m, ()):
            self._transfer(self.persons[key], m, places)
        for key in self.rejoin_at.get(m, ()):
            self._rejoin(self.persons[key], m, places)
        chance = FILL_CHANCE_APRIL if m % 12 == 3 else FILL_CHANCE
        for est in places:
            for _ in range(est.target - est.count):
                if est.persons < MAX_PERSONS_PER_ESTABLISHMENT and rng.random() < chance:
                    self._hire(est, m)

    def _open_new_establishment(self, est: SimEstablishment, m: int) -> None:
        for _ in range(est.target):
            self._hire(est, m)
        est.created = True

    def _pick_place(
        self, places: list[SimEstablishment], m: int, exclude: int, prefer: int | None = None
    ) -> SimEstablishment | None:
        if prefer is not None:
            est = self.establishments[prefer]
            if est.created and est.open_in(m, margin=2) and est.count < est.target:
                return est
        for _ in range(6):
            if not places:
                return None
            est = self.rng.choice(places)
            if est.key != exclude and est.count < est.target:
                return est
        return None

    def _transfer(self, person: SimPerson, m: int, places: list[SimEstablishment]) -> None:
        if not person.present or person.transfer_m != m:
            return
        if self.establishments[person.establishment].count <= 1:
            return  # the last member stays, or the establishment would be left empty
        dest = self._pick_place(places, m, exclude=person.establishment)
        if dest is None:
            return
        source = self.establishments[person.establishment]
        source.count -= 1
        source.present.discard(person.key)
        person.stints[-1].end_m = m - 1
        person.stints.append(Stint(dest.key, m))
        person.events.append(Event("transfer", m, dest.key, source.key, "事業所間の異動"))
        self._enter(person, dest, m)

    def _rejoin(self, person: SimPerson, m: int, places: list[SimEstablishment]) -> None:
        if person.present or person.rejoin_m != m:
            return
        last = person.stints[-1].establishment
        prefer = last if self.rng.random() < 0.5 else None
        dest = self._pick_place(places, m, exclude=-1, prefer=prefer)
        if dest is None:
            return
        if (m - month_index(person.birth)) / 12.0 >= 58.0:
            person.employment = "part_time"  # 定年後の再雇用 as a part-timer
        elif person.employment == "owner":
            person.employment = "regular"
        person.periods.append(Period(m))
        person.stints.append(Stint(dest.key, m))
        person.events.append(Event("rejoin", m, dest.key, None, "再入会"))
        self._enter(person, dest, m)
        self._schedule(person, dest, m)

    def _end_month(self, m: int) -> None:
        for key in self.leave_at.get(m, ()):
            person = self.persons[key]
            if person.present and person.leave_m == m:
                est = self.establishments[person.establishment]
                self._leave(person, m, person.leave_reason, person.leave_text, REJOIN_CHANCE)
                if est.count == 0 and (est.leave_m is None or est.leave_m > m):
                    # Nobody left to enrol: the establishment leaves the society with them.
                    est.leave_m, est.closure = m, "empty"
        for key in self.close_at.get(m, ()):
            est = self.establishments[key]
            if est.leave_m != m or est.closure not in ("closed", "withdrew"):
                continue
            if est.closure == "closed":
                reason, text = "retired", "事業所の廃業による退職"
            else:
                reason, text = "withdrawn", "事業所の退会による脱退"
            for person_key in sorted(est.present):
                self._leave(self.persons[person_key], m, reason, text, REJOIN_CHANCE_AFTER_CLOSURE)

    def _leave(self, person: SimPerson, m: int, reason: str, text: str, rejoin: float) -> None:
        est = self.establishments[person.establishment]
        est.count -= 1
        est.present.discard(person.key)
        person.present = False
        person.leave_m = m
        person.periods[-1].end_m = m
        person.periods[-1].reason = reason
        person.stints[-1].end_m = m
        person.events.append(Event("leave", m, est.key, None, text))
        if reason in ("retired", "withdrawn") and self.rng.random() < rejoin:
            rejoin_m = m + self.rng.randint(3, 36)
            if rejoin_m <= self.last_m:
                person.rejoin_m = rejoin_m
                self.rejoin_at[rejoin_m].append(person.key)

    def _thin(self) -> None:
        """Take back hires chosen at random until the records match the requested number.

        Only plain records go (one period at one establishment, not its first member), and
        never the last member present, so every invariant of the history still holds.
        """
        rng = self.rng
        candidates = [
            p
            for p in self.persons
            if len(p.periods) == 1 and len(p.stints) == 1 and p.serial > 1 and p.rejoin_m is None
        ]
        rng.shuffle(candidates)
        removed: set[int] = set()
        for person in candidates:
            if len(removed) >= -self._budget():
                break
            est = self.establishments[person.establishment]
            if person.present:
                if est.count <= 1:
                    continue
                est.count -= 1
                est.present.discard(person.key)
            removed.add(person.key)
        kept = [p for p in self.persons if p.key not in removed]
        if len(kept) != self.target_records:
            raise RuntimeError("the demo history could not be trimmed to the requested size")
        serials: dict[int, int] = defaultdict(int)
        for key, person in enumerate(kept):
            person.key = key
            serials[person.first_establishment] += 1
            person.serial = serials[person.first_establishment]
        present: dict[int, set[int]] = defaultdict(set)
        for person in kept:  # one pass, not one per establishment
            if person.present:
                present[person.establishment].add(person.key)
        for est in self.establishments:
            est.persons = serials[est.key]
            est.present = present[est.key]
        self.persons = kept

    def _top_up(self) -> None:
        """Members who join and stay, until the records reach the requested number exactly."""
        rng = self.rng
        room = {
            e.key: e.cap - e.max_count
            for e in self.establishments
            if e.created and e.leave_m is None and e.max_count < e.cap
        }
        while self._budget() > 0 and room:
            keys = sorted(room)
            key = rng.choices(keys, weights=[self.establishments[k].target for k in keys])[0]
            est = self.establishments[key]
            if est.persons >= MAX_PERSONS_PER_ESTABLISHMENT:
                del room[key]
                continue
            m = rng.randint(max(est.join_m, self.first_m), self.last_m)
            person = self._new_person(est, m, initial=False)
            person.periods.append(Period(m))
            person.stints.append(Stint(est.key, m))
            person.events.append(Event("join", m, est.key, None, "新規加入"))
            self._enter(person, est, m)
            self.topped_up += 1
            room[key] -= 1
            if room[key] <= 0:
                del room[key]
        if self._budget() > 0:
            raise RuntimeError("the demo society has no room left for more members")
