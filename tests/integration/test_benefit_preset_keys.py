"""The benefit table keys that later areas read: 経理区分 (sub_ledger) and the date-driven kinds."""

from __future__ import annotations

import pytest

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.services.benefit_presets import (
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
