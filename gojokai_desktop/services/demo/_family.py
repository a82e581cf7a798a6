"""Demo families (家族・被扶養者): spouses with wedding dates, children, parents; deaths."""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass
from typing import Any

from gojokai_desktop.services.demo._tables import DemoTables, Reading, full_name, given_name

SPOUSE = "配偶者"
CHILD = "子"
FATHER = "父"
MOTHER = "母"
FAMILY_RELATIONS = (SPOUSE, CHILD, FATHER, MOTHER)

# Share of members with a spouse, by age (the last band covers everyone older).
_MARRIED_BY_AGE = ((25, 0.08), (30, 0.35), (35, 0.55), (40, 0.65), (200, 0.72))
_CHILDREN_WEIGHTS = (0.18, 0.30, 0.40, 0.12)  # 0, 1, 2, 3 children
# Children are dependents while at school, usually until the March after they turn 22.
_DEPENDENT_CHILD_AGE = 22
_ADULT_AGE = 20  # members younger than this are not married in the demo
# Gompertz mortality h(age) = A·exp(B·age): about 0.6 % a year at 60 and 4 % at 80 (Japan).
_GOMPERTZ_A = 2.0e-5
_GOMPERTZ_B = 0.095


@dataclass(frozen=True)
class FamilyOwner:
    """What a family is drawn from: the member, when they joined and the date it describes."""

    member_id: int
    surname: Reading
    sex: str
    birth: dt.date
    joined: dt.date
    as_of: dt.date


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _shift_years(d: dt.date, years: int, rng: random.Random) -> dt.date:
    return dt.date(d.year + years, rng.randint(1, 12), rng.randint(1, 28))


def _row(
    owner: FamilyOwner,
    rng: random.Random,
    tables: DemoTables,
    *,
    relation: str,
    sex: str,
    birth: dt.date,
    dependent: bool,
) -> dict[str, Any]:
    name, kana = full_name(owner.surname, given_name(rng, tables, sex, birth.year))
    since = max(owner.joined, birth)
    stamp = dt.datetime.combine(since, dt.time(10, 0))
    return {
        "member_id": owner.member_id,
        "relation": relation,
        "name": name,
        "name_kana": kana,
        "sex": sex,
        "birth_date": birth,
        "dependent": dependent,
        "from_date": since,
        "to_date": None,
        "married_on": None,
        "notes": "",
        "created_at": stamp,
        "updated_at": stamp,
    }


def _married_on(
    life: random.Random,
    births: tuple[dt.date, dt.date],
    first_child: dt.date | None,
    until: dt.date,
) -> dt.date:
    """A wedding after the younger partner is about 19 and before the first child."""
    younger = max(births)
    earliest = younger + dt.timedelta(days=int(365.25 * 19))
    latest = min(until, first_child - dt.timedelta(days=90)) if first_child else until
    wished = younger + dt.timedelta(days=int(365.25 * life.uniform(23.0, 31.0)))
    return min(max(wished, earliest), latest)


def _death(life: random.Random, birth: dt.date, alive_on: dt.date) -> dt.date:
    """A death date drawn from Gompertz mortality, given the person was alive on ``alive_on``."""
    age = (alive_on - birth).days / 365.25
    # Inverse of the survival function conditional on being alive at ``age``.
    grown = math.exp(_GOMPERTZ_B * age) - _GOMPERTZ_B / _GOMPERTZ_A * math.log(1.0 - life.random())
    death_age = math.log(grown) / _GOMPERTZ_B
    return max(alive_on + dt.timedelta(days=1), birth + dt.timedelta(days=int(365.25 * death_age)))


def _mark_death(row: dict[str, Any], life: random.Random, as_of: dt.date) -> None:
    """Spouses and parents who died while registered keep their row, closed on the day."""
    died = _death(life, row["birth_date"], row["from_date"])
    if died <= as_of:
        row["to_date"] = died
        row["notes"] = "死亡"
        row["updated_at"] = dt.datetime.combine(died, dt.time(10, 0))


def family_of(
    owner: FamilyOwner, rng: random.Random, tables: DemoTables, life: random.Random
) -> list[dict[str, Any]]:
    """The family rows of one member, as the register shows them on ``owner.as_of``.

    ``rng`` draws who the family are; ``life`` draws what happened to them (the wedding date,
    deaths), so adding a life event never changes the people.
    """
    rows: list[dict[str, Any]] = []
    age = _age(owner.birth, owner.as_of)
    married_share = next(share for limit, share in _MARRIED_BY_AGE if age < limit)
    married = rng.random() < married_share and age >= _ADULT_AGE
    partner_birth = owner.birth
    spouse: dict[str, Any] | None = None
    if married:
        spouse_sex = "F" if owner.sex == "M" else "M"
        gap = rng.randint(-2, 6) if owner.sex == "M" else -rng.randint(-2, 6)
        # A young member's spouse is a grown-up too, whatever the usual age gap.
        grown_up = dt.date(owner.as_of.year - _ADULT_AGE, owner.as_of.month, 1)
        spouse_birth = min(_shift_years(owner.birth, gap, rng), grown_up)
        dependent = rng.random() < (0.35 if owner.sex == "M" else 0.08)
        spouse = _row(
            owner,
            rng,
            tables,
            relation=SPOUSE,
            sex=spouse_sex,
            birth=spouse_birth,
            dependent=dependent,
        )
        rows.append(spouse)
        partner_birth = spouse_birth if owner.sex == "M" else owner.birth
    if married or rng.random() < 0.04:
        children = rng.choices(range(4), weights=_CHILDREN_WEIGHTS)[0]
        born = partner_birth + dt.timedelta(days=int(365.25 * rng.uniform(24.0, 34.0)))
        for _ in range(children):
            if born > owner.as_of:
                break
            child_age = _age(born, owner.as_of)
            sex = "M" if rng.random() < 0.51 else "F"
            dependent = child_age < _DEPENDENT_CHILD_AGE
            rows.append(
                _row(owner, rng, tables, relation=CHILD, sex=sex, birth=born, dependent=dependent)
            )
            born += dt.timedelta(days=int(365.25 * rng.uniform(1.5, 4.5)))
    if spouse is not None:
        first_child = next((r["birth_date"] for r in rows if r["relation"] == CHILD), None)
        wedding = _married_on(life, (owner.birth, spouse["birth_date"]), first_child, owner.as_of)
        spouse["married_on"] = wedding
        # A spouse married during membership is registered from the wedding.
        spouse["from_date"] = max(owner.joined, wedding)
        spouse["created_at"] = spouse["updated_at"] = dt.datetime.combine(
            spouse["from_date"], dt.time(10, 0)
        )
        _mark_death(spouse, life, owner.as_of)
    if age >= 30 and rng.random() < 0.18:
        father = _shift_years(owner.birth, -rng.randint(25, 36), rng)
        mother = _shift_years(owner.birth, -rng.randint(23, 33), rng)
        for relation, sex, birth in ((FATHER, "M", father), (MOTHER, "F", mother)):
            if _age(birth, owner.as_of) < 96 and rng.random() < 0.8:
                dependent = rng.random() < 0.4
                parent = _row(
                    owner, rng, tables, relation=relation, sex=sex, birth=birth, dependent=dependent
                )
                _mark_death(parent, life, owner.as_of)
                rows.append(parent)
    return rows
