"""The shipped benefit tables load, carry DOMAIN.md §5's amounts, and bad files are named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from gojokai_desktop.domain.benefits.rules import (
    ClaimFacts,
    FamilyMember,
    MembershipPeriod,
    PastClaim,
    assess_claim,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.benefits.presets import (
    PRESETS,
    benefit_table_to_dict,
    load_benefit_table,
    load_preset,
    parse_benefit_table,
)

D = dt.date
MEMBER = (MembershipPeriod(D(1990, 4, 1)),)


EVENT = D(2025, 6, 1)


def facts(event: dt.date = EVENT, **kw: object) -> ClaimFacts:
    values: dict[str, object] = {
        "event_date": event,
        "claim_date": event,
        "membership": MEMBER,
        "member_birth": D(1960, 4, 10),
    }
    values.update(kw)
    return ClaimFacts(**values)  # type: ignore[arg-type]


def test_both_presets_load() -> None:
    small = load_preset("small_gojokai")
    assert len(small.kinds) == 15
    assert {k.category for k in small.kinds} == {"celebration", "condolence", "sympathy"}
    assert all(k.item_code == "201" for k in small.kinds)
    assert load_preset("004").valid_from_year == 2010
    assert set(PRESETS) == {"small_gojokai", "004"}


@pytest.mark.parametrize(
    ("code", "kw", "amount"),
    [
        ("death_member", {}, 1_000_000),
        (
            "death_spouse",
            {"family_member": FamilyMember("s", "配偶者", "配偶者", D(1962, 1, 1))},
            300_000,
        ),
        (
            "death_dependent",
            {"family_member": FamilyMember("c", "子", "子", D(2000, 1, 1))},
            20_000,
        ),
        ("birth", {"children": 1}, 10_000),
        ("birth", {"children": 2}, 20_000),
        ("sickness", {}, 50_000),
        ("disaster", {"damage_class": "3"}, 300_000),
        ("disaster", {"damage_class": "2.5"}, 180_000),
        ("disaster", {"damage_class": "2"}, 180_000),
        ("disaster", {"damage_class": "1.5"}, 60_000),
        ("disaster", {"damage_class": "0.5"}, 60_000),
        ("disaster", {"damage_class": "other"}, 30_000),
        ("treatment", {}, 50_000),
    ],
)
def test_004_amounts(code: str, kw: dict[str, object], amount: int) -> None:
    a = assess_claim(load_preset("004").kind(code), facts(**kw))
    assert a.failures == ()
    assert a.amount == amount


def test_004_sickness_first_time_only() -> None:
    kind = load_preset("004").kind("sickness")
    a = assess_claim(kind, facts(), [PastClaim("sickness", D(2019, 1, 1), "member")])
    assert a.amount == 0
    assert a.failures[0].code == "limit"


@pytest.mark.parametrize(
    ("age", "amount"),
    [(70, 10_000), (77, 20_000), (80, 30_000), (88, 50_000), (90, 70_000), (99, 100_000)],
)
def test_004_longevity(age: int, amount: int) -> None:
    birth = D(1930, 5, 1)
    event = D(1930 + age, 4, 30)  # the day before the birthday: 満 age
    a = assess_claim(
        load_preset("004").kind("longevity"),
        facts(event, member_birth=birth, membership=(MembershipPeriod(D(1950, 4, 1)),)),
    )
    assert a.failures == ()
    assert a.amount == amount


def test_004_longevity_wrong_age() -> None:
    a = assess_claim(
        load_preset("004").kind("longevity"), facts(D(2031, 4, 30), member_birth=D(1960, 5, 1))
    )
    assert (
        a.failures[0].message == "事由発生日の満年齢は71歳です（対象は満70・77・80・88・90・99歳）"
    )


@pytest.mark.parametrize(
    ("joined", "amount"),
    [
        (D(2022, 4, 1), 5_000),
        (D(2015, 4, 1), 17_000),
        (D(2000, 4, 1), 45_000),
        (D(1980, 4, 1), 80_000),
    ],
)
def test_004_leisure_capped(joined: dt.date, amount: int) -> None:
    a = assess_claim(
        load_preset("004").kind("leisure"),
        facts(D(2025, 3, 31), membership=(MembershipPeriod(joined),)),
    )
    assert a.amount == amount


@pytest.mark.parametrize(
    ("age_birth", "amount"),
    [(D(2013, 4, 2), 60_000), (D(2012, 4, 1), 96_000), (D(2008, 4, 2), 168_000)],
)
def test_004_orphan_by_age(age_birth: dt.date, amount: int) -> None:
    child = FamilyMember("c", "遺児", "子", age_birth)
    died = (MembershipPeriod(D(1990, 4, 1), D(2020, 8, 31)),)  # paid every year after the death
    a = assess_claim(
        load_preset("004").kind("orphan"),
        facts(D(2025, 4, 1), family_member=child, membership=died),
    )
    assert a.failures == ()
    assert a.amount == amount


@pytest.mark.parametrize(
    ("code", "kw", "amount"),
    [
        ("marriage", {}, 30_000),
        ("long_service", {"service_years": 10}, 30_000),
        ("long_service", {"service_years": 20}, 50_000),
        ("long_service", {"service_years": 30}, 100_000),
        ("sickness", {"days_off": 14}, 10_000),
        ("sickness", {"days_off": 30}, 20_000),
        ("sickness", {"days_off": 60}, 30_000),
        ("disaster", {"damage_class": "total"}, 100_000),
        ("disaster", {"damage_class": "flood"}, 30_000),
        ("death_member", {}, 100_000),
        ("death_parent", {"family_member": FamilyMember("p", "母", "母", D(1935, 1, 1))}, 10_000),
        ("farewell", {}, 20_000),
    ],
)
def test_small_amounts(code: str, kw: dict[str, object], amount: int) -> None:
    a = assess_claim(load_preset("small_gojokai").kind(code), facts(**kw))
    assert a.failures == ()
    assert a.amount == amount


def test_small_school_entry() -> None:
    kind = load_preset("small_gojokai").kind("school_elementary")
    child = FamilyMember("c", "子", "長女", D(2019, 4, 1))
    assert assess_claim(kind, facts(D(2025, 4, 1), family_member=child)).amount == 10_000


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


HEAD = '[table]\nname = "t"\nvalid_from_year = 2025\n'
KIND = '[[kinds]]\ncode = "a"\nname = "A"\ncategory = "celebration"\nsubject = "member"\n'


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        (
            KIND + "colour = 1\n",
            "colour",
            "mine.toml: 給付「a」の「colour」: この項目は使えません",
        ),
        (
            '[[kinds]]\ncode = "a"\nname = "A"\ncategory = "celebration"\n',
            "subject",
            "必須の項目がありません",
        ),
        (
            '[[kinds]]\ncode = "a"\nname = "A"\ncategory = "party"\nsubject = "member"\n',
            "分類",
            "mine.toml: 給付「a」の「分類」",
        ),
        (
            KIND + 'amount = "1000"\n',
            "amount",
            "型が違います",
        ),
        (
            KIND + 'rule = "band"\nbasis = "age"\nbands = [{ from = 5, amout = 1 }]\n',
            "bands",
            "給付「a」の「bands」",
        ),
        (
            KIND + 'limit = "sometimes"\n',
            "回数制限",
            "給付「a」の「回数制限」",
        ),
    ],
)
def test_bad_file_named(tmp_path: Path, body: str, field: str, message: str) -> None:
    with pytest.raises(ValidationError) as e:
        load_benefit_table(write(tmp_path, HEAD + body))
    assert e.value.field == field
    assert message in e.value.message


def test_bad_toml_and_missing_parts(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"mine\.toml: TOMLとして読めません"):
        load_benefit_table(write(tmp_path, "[table\n"))
    with pytest.raises(ValidationError, match=r"kinds.*1つもありません"):
        parse_benefit_table({"table": {"name": "t", "valid_from_year": 2025}}, "x.toml")
    with pytest.raises(ValidationError, match=r"x\.toml: 「table」"):
        parse_benefit_table({}, "x.toml")
    with pytest.raises(ValidationError, match="ひな形「big」はありません"):
        load_preset("big")


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_round_trip_through_json(name: str) -> None:
    table = load_preset(name)
    stored = json.loads(json.dumps(benefit_table_to_dict(table), ensure_ascii=False))
    assert parse_benefit_table(stored, "setting") == table


def test_round_trip_per_period_limit() -> None:
    data = {
        "table": {"name": "t", "valid_from_year": 2025},
        "kinds": [
            {
                "code": "a",
                "name": "A",
                "category": "sympathy",
                "subject": "member",
                "limit": {"kind": "per_period", "count": 2, "period_years": 3},
            }
        ],
    }
    table = parse_benefit_table(data, "x")
    assert table.kinds[0].limit.count == 2
    assert parse_benefit_table(benefit_table_to_dict(table), "x") == table
