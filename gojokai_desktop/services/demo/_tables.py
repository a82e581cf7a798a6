"""Reference tables of the demo data: names with readings, Fukushima postal codes, trades."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import random
from dataclasses import dataclass
from typing import Any

from gojokai_desktop.paths import shipped_dir

GENERATIONS = ("old", "mid", "young")

# The demo society is in 福島市: most people live there, the rest in the neighbouring towns.
HOME_CITY = "福島市"
HOME_CITY_SHARE = 0.78

# Zengin codes of the banks people in 福島市 use: 東邦銀行, 福島銀行, 大東銀行, 東北労働金庫.
BANKS: tuple[tuple[str, float], ...] = (("0126", 45), ("0513", 20), ("0514", 15), ("2954", 20))
_BUILDINGS = ("コーポ", "ハイツ", "メゾン", "アパート", "レジデンス")
_MOBILE_PREFIXES = ("090", "080", "070")


@dataclass(frozen=True)
class Reading:
    """A written name and its katakana reading (佐藤 → サトウ)."""

    kanji: str
    kana: str


@dataclass(frozen=True)
class Town:
    """A town (町域) with its real postal code."""

    postal_code: str
    city: str
    town: str
    town_kana: str
    has_chome: bool


@dataclass(frozen=True)
class Weighted:
    """Items with cumulative weights, ready for ``random.choices``."""

    items: tuple[Reading, ...]
    cum_weights: tuple[float, ...]

    def pick(self, rng: random.Random) -> Reading:
        return rng.choices(self.items, cum_weights=self.cum_weights)[0]


@dataclass(frozen=True)
class DemoTables:
    """Everything read from ``resources/demo``; loaded once per process."""

    surnames: Weighted
    given: dict[tuple[str, str], tuple[Reading, ...]]
    towns: tuple[Town, ...]
    town_cum_weights: tuple[float, ...]
    small_trades: tuple[Reading, ...]
    large_trades: tuple[Reading, ...]
    places: tuple[Reading, ...]

    def all_surnames(self) -> frozenset[tuple[str, str]]:
        return frozenset((r.kanji, r.kana) for r in self.surnames.items)

    def all_given(self) -> frozenset[tuple[str, str]]:
        return frozenset((r.kanji, r.kana) for rs in self.given.values() for r in rs)


def _resource_text(name: str) -> str:
    return (shipped_dir("resources") / "demo" / name).read_text(encoding="utf-8")


def _readings(rows: list[list[Any]]) -> tuple[Reading, ...]:
    return tuple(Reading(str(row[0]), str(row[1])) for row in rows)


def _towns() -> tuple[tuple[Town, ...], tuple[float, ...]]:
    reader = csv.DictReader(io.StringIO(_resource_text("postal_codes.csv")))
    towns = tuple(
        Town(row["postal_code"], row["city"], row["town"], row["town_kana"], row["chome"] == "1")
        for row in reader
    )
    home = sum(1 for t in towns if t.city == HOME_CITY)
    away = len(towns) - home
    weights = [
        HOME_CITY_SHARE / home if t.city == HOME_CITY else (1 - HOME_CITY_SHARE) / away
        for t in towns
    ]
    return towns, tuple(itertools.accumulate(weights))


@functools.cache
def load_tables() -> DemoTables:
    names = json.loads(_resource_text("names.json"))
    trades = json.loads(_resource_text("trades.json"))
    surnames = names["surnames"]
    towns, town_weights = _towns()
    return DemoTables(
        surnames=Weighted(
            _readings(surnames), tuple(itertools.accumulate(float(r[2]) for r in surnames))
        ),
        given={
            (sex, generation): _readings(names["given"][sex][generation])
            for sex in ("M", "F")
            for generation in GENERATIONS
        },
        towns=towns,
        town_cum_weights=town_weights,
        small_trades=_readings(trades["small"]),
        large_trades=_readings(trades["large"]),
        places=_readings(trades["places"]),
    )


def generation_of(birth_year: int) -> str:
    """Which given-name table fits a birth year (names go in and out of fashion)."""
    if birth_year <= 1969:
        return "old"
    if birth_year <= 1994:
        return "mid"
    return "young"


def given_name(rng: random.Random, tables: DemoTables, sex: str, birth_year: int) -> Reading:
    return rng.choice(tables.given[(sex, generation_of(birth_year))])


def full_name(surname: Reading, given: Reading) -> tuple[str, str]:
    """``("佐藤　太郎", "サトウ　タロウ")``: one full-width space between the two parts."""
    return f"{surname.kanji}\u3000{given.kanji}", f"{surname.kana}\u3000{given.kana}"


def address(rng: random.Random, tables: DemoTables) -> tuple[str, str]:
    """A postal code and an address in 福島県 (real town, invented house number)."""
    town = rng.choices(tables.towns, cum_weights=tables.town_cum_weights)[0]
    if town.has_chome:
        rest = f"{rng.randint(1, 5)}丁目{rng.randint(1, 30)}-{rng.randint(1, 25)}"
    elif rng.random() < 0.6:
        rest = f"{rng.randint(1, 250)}-{rng.randint(1, 12)}"
    else:
        rest = f"{rng.randint(1, 999)}"
    building = ""
    if rng.random() < 0.12:
        room = rng.randint(1, 3) * 100 + rng.randint(1, 8)
        building = f" {rng.choice(_BUILDINGS)}{town.town[:2]} {room}"
    return town.postal_code, f"福島県{town.city}{town.town}{rest}{building}"


def landline(rng: random.Random) -> str:
    """A 福島市 landline (area code 024, local numbers 5xx)."""
    return f"024-5{rng.randint(0, 99):02d}-{rng.randint(0, 9999):04d}"


def mobile(rng: random.Random) -> str:
    return f"{rng.choice(_MOBILE_PREFIXES)}-{rng.randint(1000, 9999)}-{rng.randint(0, 9999):04d}"


def bank_account(rng: random.Random) -> tuple[str, str, str, str]:
    """Bank code, branch code, account type (1 普通 / 2 当座) and a 7-digit number."""
    codes = [code for code, _w in BANKS]
    bank = rng.choices(codes, weights=[w for _c, w in BANKS])[0]
    branch = f"{rng.randint(1, 60) * 3 + 100:03d}"
    kind = "2" if rng.random() < 0.03 else "1"
    return bank, branch, kind, f"{rng.randint(0, 9_999_999):07d}"
