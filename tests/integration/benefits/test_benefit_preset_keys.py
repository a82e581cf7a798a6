"""The benefit table keys that later areas read: 経理区分 (sub_ledger) and the date-driven kinds."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.benefits.presets import (
    benefit_table_to_dict,
    load_preset,
    parse_benefit_table,
)

HEAD = {"name": "t", "valid_from_year": 2025}
KIND = {"code": "a", "name": "A", "category": "celebration", "subject": "member"}


def one_kind(**keys: object) -> dict[str, object]:
    return {"table": HEAD, "kinds": [KIND | keys]}


def test_004_sub_ledgers_follow_the_benefit_table() -> None:
    table = load_preset("004")
    by_ledger = {
        ledger: sorted(k.code for k in table.kinds if k.sub_ledger == ledger)
        for ledger in ("general", "short")
    }
    assert by_ledger == {
        "general": ["death_member", "leisure", "longevity", "orphan", "treatment"],
        "short": ["birth", "death_dependent", "death_spouse", "disaster", "sickness"],
    }


def test_sub_ledger_round_trip_and_default() -> None:
    table = parse_benefit_table(one_kind(sub_ledger="short"), "x")
    assert table.kinds[0].sub_ledger == "short"
    assert parse_benefit_table(benefit_table_to_dict(table), "x") == table
    assert parse_benefit_table(one_kind(), "x").kinds[0].sub_ledger == ""
    assert {k.sub_ledger for k in load_preset("small_gojokai").kinds} == {""}


def test_sub_ledger_of_wrong_type_named() -> None:
    with pytest.raises(ValidationError) as e:
        parse_benefit_table(one_kind(sub_ledger=1), "mine.toml")
    assert e.value.field == "sub_ledger"
    assert e.value.message == "mine.toml: 給付「a」の「sub_ledger」: 値 1 の型が違います"


def test_small_preset_marks_its_date_driven_kinds() -> None:
    table = load_preset("small_gojokai")
    assert table.kind("silver_wedding").wedding_years == 25
    assert table.kind("long_service").membership_anniversaries == (10, 20, 30)
    assert sorted(k.code for k in table.kinds if k.date_driven) == [
        "adult",
        "long_service",
        "longevity",
        "school_elementary",
        "school_junior",
        "silver_wedding",
    ]
    assert [k.code for k in load_preset("004").kinds if k.date_driven] == ["longevity"]


def test_anniversary_keys_round_trip_and_default() -> None:
    table = parse_benefit_table(one_kind(wedding_years=50, membership_anniversaries=[15, 25]), "x")
    kind = table.kinds[0]
    assert (kind.wedding_years, kind.membership_anniversaries) == (50, (15, 25))
    assert parse_benefit_table(benefit_table_to_dict(table), "x") == table
    plain = parse_benefit_table(one_kind(), "x").kinds[0]
    assert (plain.wedding_years, plain.membership_anniversaries, plain.date_driven) == (
        None,
        (),
        False,
    )
    assert (
        "wedding_years"
        not in benefit_table_to_dict(parse_benefit_table(one_kind(), "x"))["kinds"][0]
    )


@pytest.mark.parametrize(
    ("keys", "field", "message"),
    [
        (
            {"wedding_years": 0},
            "wedding_years",
            "「wedding_years」: 0: 1以上の年数で書いてください",
        ),
        ({"wedding_years": "25"}, "wedding_years", "「wedding_years」: 値 '25' の型が違います"),
        ({"wedding_years": True}, "wedding_years", "型が違います"),
        (
            {"membership_anniversaries": [10, "20"]},
            "membership_anniversaries",
            "「membership_anniversaries」: [10, '20']: 1以上の整数（年）の並びで書いてください",
        ),
        (
            {"membership_anniversaries": [0]},
            "membership_anniversaries",
            "1以上の整数（年）の並びで書いてください",
        ),
        ({"membership_anniversaries": 10}, "membership_anniversaries", "型が違います"),
        (
            {"membership_anniversaries": [10, 10]},
            "会員期間の節目",
            "「A」: 会員期間の節目は1以上の年数を重ならないように指定してください",
        ),
    ],
)
def test_bad_anniversary_values_named(keys: dict[str, object], field: str, message: str) -> None:
    with pytest.raises(ValidationError) as e:
        parse_benefit_table(one_kind(**keys), "mine.toml")
    assert e.value.field == field
    assert e.value.message.startswith("mine.toml: 給付「a」の")
    assert message in e.value.message


def test_domain_refuses_bad_anniversaries_built_in_code() -> None:
    kind = load_preset("small_gojokai").kind("silver_wedding")
    with pytest.raises(ValidationError) as e:
        replace(kind, wedding_years=0)
    assert e.value.field == "結婚記念の年数"
    with pytest.raises(ValidationError) as e:
        replace(kind, membership_anniversaries=(10, -1))
    assert e.value.field == "会員期間の節目"
