"""The 004 benefit statistics table: seed 004's 年度別給付件数と給付金額 rebuilt row by row,
小計 and 合計 adding up in 千円, "-----" where a figure does not apply."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.benefits.stats import KindFigures, build_stats_table
from gojokai_desktop.domain.errors import ValidationError

HEADINGS = ("平成21年度予算(A)", "平成21年度決算見込", "平成22年度予算(B)", "増減(B)-(A)")
GROUPS = {"general": "一般経理", "short": "短期経理"}

# Seed 004: group, kind, (A) 件数・千円, 決算見込 件数・千円, (B) 件数・千円.
SEED = [
    ("general", "医療給付金", (107_450, 156_557), (109_983, 159_573), (108_650, 157_882)),
    ("general", "余暇活動促進助成金", (1_167, 67_141), (970, 49_480), (1_084, 54_200)),
    ("general", "遭児育英資金", (15, 8_432), (9, 6_804), (10, 5_856)),
    ("general", "治療見舞金", (11, 550), (20, 1_000), (12, 600)),
    ("general", "介護休暇手当金", (439, 27_081), (395, 22_424), (404, 23_449)),
    ("general", "死亡弔慰金", (18, 18_000), (14, 14_000), (15, 15_000)),
    ("short", "家族療養費", (62_025, 89_954), (54_749, 73_736), (55_446, 76_030)),
    ("short", "家族死亡弔慰金", (54, 3_320), (17, 2_860), (36, 3_520)),
    ("short", "災害見舞金", (2, 240), (1, 300), (2, 240)),
    ("short", "出産手当金", (409, 4_090), (369, 3_690), (391, 3_910)),
    ("short", "傷病手当金", (23, 1_150), (26, 1_300), (27, 1_366)),
]
# The seed's 小計 and 合計 rows: (A), 決算見込, (B), 増減 as 件数・千円.
SUBTOTAL_GENERAL = (109_100, 277_761, 111_391, 253_281, 110_175, 256_987, 1_075, -20_774)
SUBTOTAL_SHORT = (62_513, 98_754, 55_162, 81_886, 55_902, 85_066, -6_611, -13_688)
TOTAL = (171_613, 376_515, 166_553, 335_167, 166_077, 342_053, -5_536, -34_462)


def _yen(pair: tuple[int, int]) -> tuple[int, int]:
    return pair[0], pair[1] * 1000


def _table(figures, unit="千円"):
    return build_stats_table(
        figures,
        GROUPS,
        unit=unit,
        title="給付件数と給付金額",
        society="互助会",
        fiscal_year=2010,
        headings=HEADINGS,
    )


def test_seed_004_table_is_rebuilt_with_its_subtotals_and_total() -> None:
    figures = [
        KindFigures(f"k{n}", name, group, _yen(a), _yen(f), _yen(b))
        for n, (group, name, a, f, b) in enumerate(SEED)
    ]
    table = _table(figures)
    assert table.grouped
    assert table.row("余暇活動促進助成金").cells == (1_167, 67_141, 970, 49_480, 1_084, 54_200,
                                                    -83, -12_941)  # fmt: skip
    assert table.row("小計", "一般経理").cells == SUBTOTAL_GENERAL
    assert table.row("小計", "短期経理").cells == SUBTOTAL_SHORT
    assert table.total.cells == TOTAL
    assert [r.group for r in table.rows if r.group] == ["一般経理", "短期経理"]
    assert [r.label for r in table.rows].count("小計") == 2


def test_thousand_yen_rounding_keeps_subtotals_and_total_adding_up() -> None:
    figures = [
        KindFigures("a", "結婚祝金", "general", (3, 1_400), (2, 2_600), (3, 1_400)),
        KindFigures("b", "出産祝金", "general", (3, 1_400), (1, 400), (3, 1_400)),
        KindFigures("c", "災害見舞金", "short", (1, 1_400), (0, 0), (1, 2_500)),
    ]
    table = _table(figures)
    lines = [r for r in table.rows if r.kind == "line"]
    for column in range(1, 8, 2):
        general = table.row("小計", "一般経理").cells[column]
        short = table.row("小計", "短期経理").cells[column]
        assert general == sum(r.cells[column] for r in lines[:2])
        assert short == lines[2].cells[column]
        assert table.total.cells[column] == general + short
    assert table.total.cells[1] == 4  # 4,200 yen → 4 千円, and the rows are 1 + 2 + 1
    assert [r.cells[1] for r in lines] == [2, 1, 1]


@given(
    st.lists(
        st.tuples(st.sampled_from(["general", "short"]), st.integers(0, 5_000_000)),
        min_size=1,
        max_size=12,
    )
)
def test_thousand_yen_rows_always_add_up(kinds) -> None:
    figures = [
        KindFigures(f"k{n}", f"給付{n}", group, (1, amount), None, (2, amount + 499))
        for n, (group, amount) in enumerate(kinds)
    ]
    table = _table(figures)
    for column in (1, 5, 7):
        subtotals = [r.cells[column] for r in table.rows if r.kind == "subtotal"]
        assert table.total.cells[column] == sum(subtotals)
        assert sum(r.cells[column] for r in table.rows if r.kind == "line") == sum(subtotals)


def test_missing_figures_stay_blank_and_one_group_has_no_subtotal() -> None:
    figures = [
        KindFigures("a", "結婚祝金", "", (3, 30_000), (2, 20_000), None),
        KindFigures("b", "出産祝金", "", None, (1, 10_000), (2, 20_000)),
    ]
    table = _table(figures, unit="円")
    assert not table.grouped
    assert [r.kind for r in table.rows] == ["line", "line", "total"]
    # A kind missing on one side counts 0 there in 増減, so the column adds up to 合計.
    assert table.row("a").cells == (3, 30_000, 2, 20_000, None, None, -3, -30_000)
    assert table.row("b").pair(0) == (None, None)
    assert table.row("b").pair(3) == (2, 20_000)
    assert table.total.cells == (3, 30_000, 3, 30_000, 2, 20_000, -1, -10_000)


def test_increase_column_adds_up_where_a_side_prints_dashes() -> None:
    """Grouped, in 千円: every 小計 and 合計 of 増減 is the sum of the 増減 printed above it,
    and also (B)−(A) of its own row; a kind with neither figure stays "-----"."""
    figures = [
        KindFigures("a", "結婚祝金", "g1", (12, 1_200_400), (10, 1_000_000), (11, 1_100_300)),
        KindFigures("b", "出産祝金", "g1", None, (3, 150_000), (4, 200_600)),
        KindFigures("c", "入学祝金", "g2", (5, 75_500), (2, 30_000), None),
        KindFigures("d", "見舞金", "g2", None, (1, 10_000), None),
        KindFigures("e", "弔慰金", "g2", (2, 40_000), (2, 40_000), (2, 40_000)),
    ]
    for unit in ("円", "千円"):
        table = _table(figures, unit=unit)
        assert table.row("d").pair(3) == (None, None)
        for row in table.rows:
            (a_n, a), (b_n, b), (d_n, d) = row.pair(0), row.pair(2), row.pair(3)
            if row.kind != "line":
                assert (d_n, d) == (b_n - a_n, b - a)
        lines = [r for r in table.rows if r.kind == "line"]
        subtotals = [r for r in table.rows if r.kind == "subtotal"]
        for column in (6, 7):
            assert table.total.cells[column] == sum(r.cells[column] or 0 for r in lines)
            assert table.total.cells[column] == sum(r.cells[column] for r in subtotals)
    thousand = _table(figures, unit="千円")
    assert thousand.row("b").pair(3) == (4, 201)
    assert thousand.total.pair(3) == (-2, 25)


def test_increase_does_not_apply_without_last_years_budget() -> None:
    figures = [KindFigures("a", "結婚祝金", "", None, (1, 10_000), (2, 20_000))]
    table = _table(figures, unit="円")
    assert table.total.pair(3) == (None, None)
    assert table.row("a").pair(3) == (None, None)


def test_unit_must_be_yen_or_thousand_yen() -> None:
    with pytest.raises(ValidationError, match="円か千円"):
        _table([], unit="万円")
