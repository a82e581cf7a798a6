"""Reproduce the general-account table of seed 004 (平成22年度一般会計収支予算) from services.

Budgets of 平成21年度 (A), its 決算見込 and 平成22年度 (B) split into 一般経理 / 短期経理 are
entered in yen with the budget service; the table is then built in 千円 and every row, 小計
and 合計 is compared with the figures printed in the seed.
"""

from __future__ import annotations

import pytest

from gojokai_desktop.services.accounts import budget
from gojokai_desktop.services.accounts.budget_report import budget_table
from gojokai_desktop.services.accounts.setup import PRESETS_DIR, load_preset

N = None  # the seed prints "-----": the item is not kept in that sub-ledger

# code: (A), 決算見込, (B) 一般経理, (B) 短期経理 — in 千円, as printed.
LEAVES = {
    "I11": (606_217, 604_410, 509_504, 102_295),
    "I12": (9_531, 7_810, 7_990, 525),
    "I13": (29, 36, 36, N),
    "I21": (17_903, 0, 0, N),
    "I22": (9_749, 0, N, 0),
    "G101": (156_557, 159_573, 157_882, N),
    "G102": (89_954, 73_736, N, 76_030),
    "G103": (67_141, 49_480, 54_200, N),
    "G104": (8_432, 6_804, 5_856, N),
    "G105": (550, 1_000, 600, N),
    "G106": (27_081, 22_424, 23_449, N),
    "G107": (18_000, 14_000, 15_000, N),
    "G108": (3_320, 2_860, N, 3_520),
    "G109": (240, 300, N, 240),
    "G110": (4_090, 3_690, N, 3_910),
    "G111": (1_150, 1_300, N, 1_366),
    "G201": (166_945, 154_783, 157_945, N),
    "G202": (1_284, 1_284, 1_284, N),
    "G301": (43_712, 44_575, 35_603, 3_956),
    "G302": (925, 441, 790, 88),
    "G303": (4_319, 3_925, 4_671, 518),
    "G304": (250, 199, 117, 13),
    "G305": (7_480, 7_050, 6_136, 682),
    "G306": (60, 43, 32, 4),
    "G307": (230, 110, 297, 33),
    "G308": (43, 42, 66, 7),
    "G309": (90, 42, 108, 12),
    "G401": (6_418, 5_103, 5_492, N),
    "G402": (6_676, 6_343, 5_923, N),
    "G501": (0, 29_953, 24_758, N),
    "G502": (0, 15_278, N, 2_441),
    "S101": (1_900, 1_900, 1_900, N),
    "S102": (4_035, 3_793, 3_871, N),
    "S103": (1_300, 978, 800, N),
    "S2": (928, 928, 710, N),
    "S3": (319, 319, 40, N),
    "R1": (20_000, 0, 10_000, 10_000),
}

# The seed's rows: label, (A), 決算見込, (B), (B)-(A), 一般経理, 短期経理.
INCOME = [
    ("1 事業収入", 615_777, 612_256, 620_350, 4_573, 517_530, 102_820),
    ("掛金", 606_217, 604_410, 611_799, 5_582, 509_504, 102_295),
    ("利息及び配当金", 9_531, 7_810, 8_515, -1_016, 7_990, 525),
    ("雑収入", 29, 36, 36, 7, 36, N),
    ("2 支払準備金取崩収入", 27_652, 0, 0, -27_652, 0, 0),
    ("一般給付支払準備金取崩収入", 17_903, 0, 0, -17_903, 0, N),
    ("短期給付支払準備金取崩収入", 9_749, 0, 0, -9_749, N, 0),
    ("合計", 643_429, 612_256, 620_350, -23_079, 517_530, 102_820),
]
EXPENDITURE = [
    ("1 給付事業費", 376_515, 335_167, 342_053, -34_462, 256_987, 85_066),
    ("医療給付金", 156_557, 159_573, 157_882, 1_325, 157_882, N),
    ("家族療養費", 89_954, 73_736, 76_030, -13_924, N, 76_030),
    ("余暇活動促進助成金", 67_141, 49_480, 54_200, -12_941, 54_200, N),
    ("遺児育英資金", 8_432, 6_804, 5_856, -2_576, 5_856, N),
    ("治療見舞金", 550, 1_000, 600, 50, 600, N),
    ("介護休暇手当金", 27_081, 22_424, 23_449, -3_632, 23_449, N),
    ("死亡弔慰金", 18_000, 14_000, 15_000, -3_000, 15_000, N),
    ("家族死亡弔慰金", 3_320, 2_860, 3_520, 200, N, 3_520),
    ("災害見舞金", 240, 300, 240, 0, N, 240),
    ("出産手当金", 4_090, 3_690, 3_910, -180, N, 3_910),
    ("傷病手当金", 1_150, 1_300, 1_366, 216, N, 1_366),
    ("2 福祉事業費", 168_229, 156_067, 159_229, -9_000, 159_229, N),
    ("福利費", 166_945, 154_783, 157_945, -9_000, 157_945, N),
    ("普及費", 1_284, 1_284, 1_284, 0, 1_284, N),
    ("3 運営費", 57_109, 56_427, 53_133, -3_976, 47_820, 5_313),
    ("職員給与", 43_712, 44_575, 39_559, -4_153, 35_603, 3_956),
    ("旅費", 925, 441, 878, -47, 790, 88),
    ("事務費", 4_319, 3_925, 5_189, 870, 4_671, 518),
    ("厚生費", 250, 199, 130, -120, 117, 13),
    ("負担金", 7_480, 7_050, 6_818, -662, 6_136, 682),
    ("燃料費", 60, 43, 36, -24, 32, 4),
    ("修繕費", 230, 110, 330, 100, 297, 33),
    ("保険料", 43, 42, 73, 30, 66, 7),
    ("公租公課", 90, 42, 120, 30, 108, 12),
    ("4 繰出金", 13_094, 11_446, 11_415, -1_679, 11_415, N),
    ("宿泊施設特別会計繰出金", 6_418, 5_103, 5_492, -926, 5_492, N),
    ("貸付金特別会計繰出金", 6_676, 6_343, 5_923, -753, 5_923, N),
    ("5 引当費", 0, 45_231, 27_199, 27_199, 24_758, 2_441),
    ("一般給付支払準備金引当費", 0, 29_953, 24_758, 24_758, 24_758, N),
    ("短期給付支払準備金引当費", 0, 15_278, 2_441, 2_441, N, 2_441),
    ("小計", 614_947, 604_338, 593_029, -21_918, 500_209, 92_820),
    ("1 公益事業費", 7_235, 6_671, 6_571, -664, 6_571, N),
    ("文化振興費", 1_900, 1_900, 1_900, 0, 1_900, N),
    ("施設管理費", 4_035, 3_793, 3_871, -164, 3_871, N),
    ("施設整備費", 1_300, 978, 800, -500, 800, N),
    ("2 減価償却費", 928, 928, 710, -218, 710, N),
    ("3 開発費償却", 319, 319, 40, -279, 40, N),
    ("小計", 8_482, 7_918, 7_321, -1_161, 7_321, 0),
    ("予備費", 20_000, 0, 20_000, 0, 10_000, 10_000),
    ("合計", 643_429, 612_256, 620_350, -23_079, 517_530, 102_820),
]


def enter_004_budgets(ctx) -> None:
    """What a clerk types: the items preset, the two budgets and the forecast, in yen."""
    with ctx.unit_of_work("科目の登録") as uow:
        load_preset(uow, PRESETS_DIR / "items_004_general.toml", valid_from_year=2009)
        uow.commit()
    with ctx.unit_of_work("予算の入力") as uow:
        last = budget.create_budget(uow, fiscal_year=2009)
        forecast = budget.create_budget(uow, fiscal_year=2009, kind="forecast")
        this = budget.create_budget(uow, fiscal_year=2010)
        for code, (a, f, general, short) in LEAVES.items():
            budget.set_line(uow, last, code, a * 1000)
            budget.set_line(uow, forecast, code, f * 1000)
            for sub, amount in (("general", general), ("short", short)):
                if amount is not None:
                    budget.set_line(uow, this, code, amount * 1000, sub_ledger=sub)
        budget.set_line(
            uow,
            this,
            "G301",
            35_603_000,
            sub_ledger="general",
            explanation="職員6人分の基本給・諸手当等",
        )
        uow.commit()


def _printed(row) -> tuple:
    return (row.label, *row.cells)


def test_general_account_budget_table_matches_the_seed(ctx, society) -> None:
    enter_004_budgets(ctx)
    table = budget_table(ctx, fiscal_year=2010, unit="千円")
    assert table.title == "平成22年度一般会計収支予算"
    assert table.columns == (
        "平成21年度 予算 (A)",
        "平成21年度 決算見込",
        "平成22年度 予算 (B)",
        "対前年度 予算比較 (B)-(A)",
    )
    assert table.sub_ledger_heading == "平成22年度予算の内訳"
    assert table.sub_ledger_columns == ("一般経理", "短期経理")
    income, expenditure = table.sections
    assert [_printed(r) for r in income.rows] == INCOME
    assert [_printed(r) for r in expenditure.rows] == EXPENDITURE
    assert [r.group for r in expenditure.rows if r.group] == ["一般事業", "特別事業", "予備費"]
    assert table.row("expenditure", "職員給与").explanation == "職員6人分の基本給・諸手当等"
    assert {r.kind for r in expenditure.rows if r.label[0].isdigit()} == {"heading"}


def test_the_same_table_in_yen_is_the_seed_times_a_thousand(ctx, society) -> None:
    enter_004_budgets(ctx)
    table = budget_table(ctx, fiscal_year=2010, unit="円")
    total = table.row("expenditure", "合計")
    assert total.cells == (
        643_429_000,
        612_256_000,
        620_350_000,
        -23_079_000,
        517_530_000,
        102_820_000,
    )


@pytest.mark.parametrize("unit", ["千円"])
def test_thousand_rounding_keeps_the_printed_totals(ctx, society, unit) -> None:
    """Odd yen amounts: every printed 項 still equals the sum of its printed 目."""
    enter_004_budgets(ctx)
    with ctx.unit_of_work("補正") as uow:
        supplementary = budget.create_budget(uow, fiscal_year=2010, kind="supplementary")
        for code in ("G302", "G304", "G306"):
            budget.set_line(uow, supplementary, code, 1_400, sub_ledger="general")
            budget.set_line(uow, supplementary, code, 0, sub_ledger="short")
        uow.commit()
    table = budget_table(ctx, fiscal_year=2010, unit=unit)
    rows = table.sections[1].rows
    heading = next(i for i, r in enumerate(rows) if r.label == "3 運営費")
    lines = rows[heading + 1 : heading + 10]
    for column in (2, 4):
        assert sum(r.cells[column] or 0 for r in lines) == rows[heading].cells[column]
    assert rows[heading].cells[2] == 53_133 - 878 - 130 - 36 + 4  # 3 × 1,400 円 print as 4 千円
