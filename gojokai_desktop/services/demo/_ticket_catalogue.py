"""The demo's ticket items, year by year, after seed 000's list (勤互連の斡旋事業).

Prices move the way they did: ハワイアンズ dearer from 2023, the aquariums' adult discount up
from 2025 (seed 000: 割引率をアップ), 那須ハイランドパーク and ミスタードーナツ new in 2025, the
Disney vouchers valid two months longer from 2025. ハワイアンズ and the Disney vouchers come in
a quota from the council, so most years more are asked for than there are: a lottery.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Prices = tuple[int, int, int]  # face, member, subsidy


@dataclass(frozen=True)
class DemoItem:
    key: str
    category: str
    name: str
    supplier: str
    adult: Prices
    child: Prices | None = None
    cap: int | None = None
    family: bool = False
    method: str = "lottery"
    partial: bool = True
    is_free: bool = False
    referral: bool = False
    is_new: bool = False
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    validity_note: str = ""
    quota: float | None = None  # share of the demand the council allots (None: as ordered)
    serial_prefix: str = ""
    extras: tuple[int, int] = (0, 0)  # bought beyond the orders, for the counter
    rounds: tuple[int, ...] = (1, 2)
    popularity: int = 10
    unit: str = "枚"


def catalogue(year: int) -> list[DemoItem]:
    """The items of fiscal year ``year``."""
    dear = year >= 2023
    discount = year >= 2025
    items = [
        DemoItem("umino", "レジャー施設", "仙台うみの杜水族館入館券", "仙台うみの杜水族館",
                 (2_400, 1_300 if discount else 1_500, 650 if discount else 500),
                 (1_200, 700, 300), cap=2, family=True, popularity=9),
        DemoItem("marinepia", "レジャー施設", "マリンピア日本海入館券", "新潟市水族館",
                 (1_500, 800 if discount else 950, 450 if discount else 350),
                 (500, 300, 100), cap=2, family=True, popularity=4),
        DemoItem("hawaiians", "レジャー施設", "スパリゾートハワイアンズ入場券", "常磐興産",
                 (3_570, 2_000, 1_000) if dear else (3_300, 1_900, 900),
                 (2_520, 1_300, 800) if dear else (2_400, 1_300, 700),
                 cap=2, family=True, quota=0.7, serial_prefix="HW", popularity=14),
        DemoItem("aquamarine", "レジャー施設", "アクアマリンふくしま入館券", "ふくしま海洋科学館",
                 (1_850, 950 if discount else 1_150, 600 if discount else 450),
                 (900, 500, 250), cap=2, family=True, popularity=10),
        DemoItem("yurari", "レジャー施設", "湯ら里日帰り入浴券", "只見町 湯ら里", (600, 300, 250),
                 cap=6, popularity=4, extras=(2, 6)),
        DemoItem("disney", "無料配布", "東京ディズニーリゾート・コーポレートプログラム利用券",
                 "勤互連（オリエンタルランド）", (0, 0, 0), cap=1, partial=False, is_free=True,
                 valid_from=dt.date(year, 7, 1),
                 valid_to=dt.date(year, 10, 31) if discount else dt.date(year, 8, 31),
                 validity_note="12月31日入園分まで購入可" if discount else "",
                 quota=0.5, serial_prefix="TDR", rounds=(1,), popularity=12),
        DemoItem("books", "図書カード", "図書カード（1,000円）", "日本図書普及", (1_000, 800, 150),
                 cap=10, popularity=12, extras=(5, 10), unit="枚"),
        DemoItem("onsen", "書籍", f"『ふくしま日帰り温泉』{year}-{year + 1}", "エス・シー・シー",
                 (1_980, 1_000, 780), cap=2, popularity=5, extras=(2, 5), unit="冊",
                 rounds=(1,)),
        DemoItem("fp", "冊子", "金融経済教育用小冊子（日本FP協会）", "日本FP協会", (0, 0, 0),
                 cap=4, is_free=True, popularity=2, extras=(5, 10), unit="冊"),
        DemoItem("bousai", "紹介", "防災用品と家庭用常備薬", "防災用品販売業者",
                 (5_000, 4_000, 0), referral=True, popularity=2, unit="セット"),
    ]  # fmt: skip
    if year >= 2025:
        items.insert(6, DemoItem(
            "nasu", "無料配布", "那須ハイランドパーク契約法人優待券", "藤和那須リゾート",
            (0, 0, 0), cap=2, is_free=True, is_new=year == 2025, rounds=(1,), popularity=6,
            validity_note="NOZARU・りんどう湖ファミリー牧場優待券付き"))  # fmt: skip
        items.insert(8, DemoItem(
            "donut", "商品券", "ミスタードーナツ商品券（500円）", "ダスキン", (500, 400, 80),
            cap=10, is_new=year == 2025, popularity=9, extras=(4, 8),
            validity_note="有効期限なし"))  # fmt: skip
    return items


@dataclass(frozen=True)
class RoundDates:
    number: int
    opens: dt.date
    closes: dt.date
    handover: dt.date


def round_dates(year: int) -> list[RoundDates]:
    """第1回 in May (handed over in June), 第2回 in November (handed over in December)."""
    return [
        RoundDates(1, dt.date(year, 5, 8), dt.date(year, 5, 29), dt.date(year, 6, 19)),
        RoundDates(2, dt.date(year, 11, 10), dt.date(year, 11, 28), dt.date(year, 12, 17)),
    ]
