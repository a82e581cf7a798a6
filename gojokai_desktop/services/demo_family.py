"""Demo families (家族・被扶養者): spouses, children with plausible birth dates, parents."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gojokai_desktop.services.demo_tables import DemoTables, Reading, full_name, given_name

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
        "notes": "",
        "created_at": stamp,
        "updated_at": stamp,
    }


def family_of(
    owner: FamilyOwner, rng: random.Random, tables: DemoTables
) -> Iterator[dict[str, Any]]:
    """The family rows of one member, as the register shows them on ``owner.as_of``."""
    age = _age(owner.birth, owner.as_of)
    married_share = next(share for limit, share in _MARRIED_BY_AGE if age < limit)
    married = rng.random() < married_share
    partner_birth = owner.birth
    if married:
        spouse_sex = "F" if owner.sex == "M" else "M"
        gap = rng.randint(-2, 6) if owner.sex == "M" else -rng.randint(-2, 6)
        spouse_birth = _shift_years(owner.birth, gap, rng)
        dependent = rng.random() < (0.35 if owner.sex == "M" else 0.08)
        yield _row(
            owner,
            rng,
            tables,
            relation=SPOUSE,
            sex=spouse_sex,
            birth=spouse_birth,
            dependent=dependent,
        )
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
            yield _row(owner, rng, tables, relation=CHILD, sex=sex, birth=born, dependent=dependent)
            born += dt.timedelta(days=int(365.25 * rng.uniform(1.5, 4.5)))
    if age >= 30 and rng.random() < 0.18:
        father = _shift_years(owner.birth, -rng.randint(25, 36), rng)
        mother = _shift_years(owner.birth, -rng.randint(23, 33), rng)
        for relation, sex, birth in ((FATHER, "M", father), (MOTHER, "F", mother)):
            if _age(birth, owner.as_of) < 96 and rng.random() < 0.8:
                dependent = rng.random() < 0.4
                yield _row(
                    owner, rng, tables, relation=relation, sex=sex, birth=birth, dependent=dependent
                )
