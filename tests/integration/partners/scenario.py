"""The labour bank's year of seed 001 as a clerk types it: items, April targets, last
year's and this year's 上期 results, two establishments with targets of their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

D = dt.date

#: code → (年間目標, 上期実績, 前年同期) of the hand-calculated case (001's 上期 table and an
#: invented last year).
FIGURES = {
    "main": (18_500, 10_682, 9_900),
    "deposit": (6_800, 3_931, 4_100),
    "loan": (15_190, 10_623, 10_623),
    "assets": (850, 951, 980),
    "remote": (35_100, 16_464, 17_000),
}


@dataclass(frozen=True)
class RokinYear:
    partner_id: int
    items: dict[str, int]  # code → item id of 2025
    last_items: dict[str, int]  # code → item id of 2024
    est_a: int
    est_b: int


def at(ctx, day: dt.date):
    """The context on another day (April for targets, October for results)."""
    return replace(ctx, clock=lambda: day)


def rokin_year(ctx, society) -> RokinYear:
    """ろうきん with the five 件 items of 001 in 2024 and 2025, targets typed in April 2025,
    2024's 上期 entered, 2025's 上期 typed in October 2025."""
    from gojokai_desktop.domain.partners.periods import FIRST_HALF
    from gojokai_desktop.services.members.establishments import (
        EstablishmentInput,
        create_establishment,
    )
    from gojokai_desktop.services.partners.items import (
        add_partner_from_preset,
        delete_item,
        list_items,
    )
    from gojokai_desktop.services.partners.results import save_results
    from gojokai_desktop.services.partners.targets import copy_year, set_targets

    del society
    est_a = create_establishment(
        ctx, EstablishmentInput(name="福島商事", name_kana="フクシマショウジ"), D(2015, 4, 1)
    ).id
    est_b = create_establishment(
        ctx, EstablishmentInput(name="杉妻運輸", name_kana="スギツマウンユ"), D(2016, 4, 1)
    ).id
    partner = add_partner_from_preset(at(ctx, D(2024, 4, 10)), "rokin", 2024)
    for item in list_items(ctx, partner.id, 2024):
        if item.code not in FIGURES:
            delete_item(ctx, item.id)
    last = {i.code: i.id for i in list_items(ctx, partner.id, 2024)}
    set_targets(ctx, partner.id, 2024, {last[c]: f[0] for c, f in FIGURES.items()})
    save_results(
        at(ctx, D(2024, 10, 20)),
        partner.id,
        2024,
        period=FIRST_HALF,
        establishment_id=None,
        values={last[c]: f[2] for c, f in FIGURES.items()},
    )
    april = at(ctx, D(2025, 4, 10))
    copy_year(april, partner.id, 2024, 2025, 0)
    items = {i.code: i.id for i in list_items(ctx, partner.id, 2025)}
    set_targets(april, partner.id, 2025, {items[c]: f[0] for c, f in FIGURES.items()})
    save_results(
        at(ctx, D(2025, 10, 20)),
        partner.id,
        2025,
        period=FIRST_HALF,
        establishment_id=None,
        values={items[c]: f[1] for c, f in FIGURES.items()},
    )
    return RokinYear(partner.id, items, last, est_a, est_b)
