"""The report's lines: groups, 小計 and 合計 per unit, rates of the summed figures."""

from __future__ import annotations

from gojokai_desktop.domain.partners.report import (
    ItemFigures,
    build_establishment_table,
    build_lines,
)


def _f(
    code: str, group: str, unit: str, figures: tuple[int | None, int, int | None]
) -> ItemFigures:
    target, result, last = figures
    return ItemFigures(code, group, code, unit, target, result, last)


def test_one_group_gets_only_a_total_like_seed_001() -> None:
    lines = build_lines(
        [
            _f("a", "預金", "件", (18_500, 10_682, None)),
            _f("b", "預金", "件", (6_800, 3_931, None)),
        ],
        rounding="trunc_1",
        elapsed_months=6,
    )
    assert [(x.kind, x.label) for x in lines] == [("item", "a"), ("item", "b"), ("total", "合計")]
    total = lines[-1]
    assert (total.target, total.result, str(total.achievement)) == (25_300, 14_613, "57.7%")
    assert total.last_year is None  # no item had a last year
    assert total.grade == "-----"


def test_units_are_never_added_together() -> None:
    lines = build_lines(
        [
            _f("a", "総合共済", "件", (10, 6, 5)),
            _f("b", "総合共済", "千円", (1_000, 450, 500)),
            _f("c", "マイカー共済", "件", (20, 11, 9)),
            _f("d", "マイカー共済", "千円", (2_000, 1_100, 1_000)),
        ],
        rounding="trunc_2",
        elapsed_months=6,
    )
    labels = [(x.kind, x.group, x.label, x.unit) for x in lines]
    assert ("total", "", "合計（件）", "件") in labels
    assert ("total", "", "合計（千円）", "千円") in labels
    assert not [x for x in lines if x.kind == "subtotal"]  # one item per unit in each group
    money = next(x for x in lines if x.label == "合計（千円）")
    assert (money.target, money.result, money.last_year) == (3_000, 1_550, 1_500)
    assert str(money.achievement) == "51.66%"  # 1,550 / 3,000, not the mean of 45.00 and 55.00
    assert str(money.growth) == "103.33%"


def test_a_unit_kept_in_one_group_is_summed_once() -> None:
    lines = build_lines(
        [
            _f("a", "預金", "件", (10, 5, 4)),
            _f("b", "預金", "件", (10, 5, 4)),
            _f("c", "運動", "回", (2, 1, 1)),
            _f("d", "運動", "回", (4, 2, 1)),
        ],
        rounding="half_up_1",
        elapsed_months=6,
    )
    assert [(x.kind, x.label) for x in lines if x.kind != "item"] == [
        ("subtotal", "小計"),
        ("subtotal", "小計"),
    ]


def test_establishment_table_adds_establishments_and_shows_the_society_line() -> None:
    item = _f("main", "預金", "件", (14, 8, 8))
    table = build_establishment_table(
        item,
        [("0001 伊藤自動車", 1, 1, 0), ("0013 摂上建設", 2, 1, 0), ("0020 菅原石材店", 1, 0, 1)],
        unassigned=(6, 7),
        rounding="trunc_1",
        elapsed_months=6,
    )
    shown = [(x.label, x.target, x.result, x.last_year, x.grade) for x in table.lines]
    assert shown == [
        ("0001 伊藤自動車", 1, 1, 0, "○"),
        ("0013 摂上建設", 2, 1, 0, "○"),
        ("0020 菅原石材店", 1, 0, 1, "×"),
        ("事業所計", 4, 2, 1, "○"),
        ("事業所の指定なし", None, 6, 7, "-----"),
        ("合計（団体全体）", 14, 8, 8, "○"),
    ]
