"""Targets typed in April (society and per establishment, copied from last year with a
percentage), results typed per period, and the rules that refuse a result naming the item."""

from __future__ import annotations

import pytest

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.periods import FIRST_HALF, SECOND_HALF, Period
from gojokai_desktop.services.partners.items import (
    ItemInput,
    PartnerInput,
    add_partner_from_preset,
    delete_item,
    get_partner,
    list_items,
    save_item,
    save_partner,
)
from gojokai_desktop.services.partners.report import partner_report
from gojokai_desktop.services.partners.results import list_results, result_grid, save_results
from gojokai_desktop.services.partners.targets import (
    copy_year,
    establishment_targets,
    set_establishment_targets,
    set_targets,
)
from tests.integration.partners.scenario import D, RokinYear, at, rokin_year


@pytest.fixture
def rokin(ctx, society) -> RokinYear:
    return rokin_year(ctx, society)


def _targets(ctx, partner_id: int, year: int) -> dict[str, int | None]:
    return {i.code: i.target for i in list_items(ctx, partner_id, year)}


def test_copying_a_year_raises_every_target_by_the_percentage(ctx, rokin) -> None:
    summary = copy_year(at(ctx, D(2026, 4, 2)), rokin.partner_id, 2025, 2026, 50)
    assert (summary.items_added, summary.targets_set, summary.targets_kept) == (5, 5, 0)
    assert _targets(ctx, rokin.partner_id, 2026) == {
        "main": 19_425,
        "deposit": 7_140,
        "loan": 15_950,
        "assets": 893,
        "remote": 36_855,
    }  # 15,190 × 1.05 = 15,949.5 → 15,950 (half up); 850 × 1.05 = 892.5 → 893
    # Typed targets are kept unless the clerk asks to overwrite them.
    item = {i.code: i.id for i in list_items(ctx, rokin.partner_id, 2026)}
    set_targets(ctx, rokin.partner_id, 2026, {item["main"]: 20_000})
    again = copy_year(ctx, rokin.partner_id, 2025, 2026, 0)
    assert (again.items_added, again.targets_set, again.targets_kept) == (0, 0, 5)
    assert _targets(ctx, rokin.partner_id, 2026)["main"] == 20_000
    copy_year(ctx, rokin.partner_id, 2025, 2026, -1000, overwrite=True)  # −100.0 %
    assert set(_targets(ctx, rokin.partner_id, 2026).values()) == {0}


def test_copy_refuses_an_empty_year_and_keeps_the_code_for_last_year(ctx, rokin) -> None:
    with pytest.raises(RuleViolation, match="2019年度には項目がありません"):
        copy_year(ctx, rokin.partner_id, 2019, 2020, 0)
    # A renamed item still finds last year's figures through its code.
    items = {i.code: i for i in list_items(ctx, rokin.partner_id, 2025)}
    main = items["main"]
    save_item(
        ctx,
        rokin.partner_id,
        2025,
        ItemInput(main.group, "メイン化（給振・年金）", "件"),
        item_id=main.id,
        version=main.version,
    )
    line = partner_report(ctx, rokin.partner_id, 2025, "H1").line("main")
    assert (line.label, line.last_year) == ("メイン化（給振・年金）", 9_900)


def test_targets_split_per_establishment(ctx, rokin) -> None:
    main = rokin.items["main"]
    total = set_establishment_targets(ctx, main, {rokin.est_a: 6_000, rokin.est_b: 4_000})
    assert total == 10_000
    split = {t.name: t.target for t in establishment_targets(ctx, main)}
    assert split == {"福島商事": 6_000, "杉妻運輸": 4_000}
    item = next(i for i in list_items(ctx, rokin.partner_id, 2025) if i.id == main)
    assert (item.establishment_targets, item.establishment_target_total) == (2, 10_000)
    set_establishment_targets(ctx, main, {rokin.est_b: None})
    assert {t.name: t.target for t in establishment_targets(ctx, main)}["杉妻運輸"] is None
    with pytest.raises(ValidationError) as error:
        set_establishment_targets(ctx, main, {rokin.est_a: -1})
    assert error.value.field == "事業所の目標"
    assert {t.name: t.target for t in establishment_targets(ctx, main)}["福島商事"] == 6_000


def test_results_per_establishment_add_up_in_the_report(ctx, rokin) -> None:
    main = rokin.items["main"]
    set_establishment_targets(ctx, main, {rokin.est_a: 3_000, rokin.est_b: 2_000})
    save_results(
        ctx,
        rokin.partner_id,
        2025,
        period=FIRST_HALF,
        establishment_id=rokin.est_a,
        values={main: 1_600},
    )
    save_results(
        ctx,
        rokin.partner_id,
        2025,
        period=FIRST_HALF,
        establishment_id=rokin.est_b,
        values={main: 900},
    )
    report = partner_report(ctx, rokin.partner_id, 2025, "H1")
    assert report.line("main").result == 10_682 + 1_600 + 900
    table = report.establishment_table("main")
    shown = {x.label: (x.target, x.result, str(x.achievement), x.grade) for x in table.lines}
    assert shown["0001 福島商事"] == (3_000, 1_600, "53.3%", "○")  # no last year: 1,600 > 0
    assert shown["0002 杉妻運輸"] == (2_000, 900, "45.0%", "△")  # 1,800 < 2,000
    assert shown["事業所計"][:3] == (5_000, 2_500, "50.0%")
    assert shown["事業所の指定なし"][:2] == (None, 10_682)
    assert shown["合計（団体全体）"][:2] == (18_500, 13_182)
    grid = result_grid(ctx, rokin.partner_id, 2025, FIRST_HALF)
    row = next(r for r in grid.rows if r.item_id == main)
    assert (row.amount, row.establishments, row.total) == (10_682, 2_500, 13_182)


def test_a_refused_figure_stores_nothing_and_names_the_item(ctx, rokin) -> None:
    before = list_results(ctx, rokin.partner_id, 2025)
    with pytest.raises(ValidationError) as error:
        save_results(
            ctx,
            rokin.partner_id,
            2025,
            period=SECOND_HALF,
            establishment_id=None,
            values={rokin.items["main"]: 5_000, rokin.items["deposit"]: -3},
        )
    assert "「預金（財形・エース・お子さま口座）」の実績" in error.value.field
    assert "マイナス" in error.value.message
    assert list_results(ctx, rokin.partner_id, 2025) == before


def test_an_item_of_another_year_is_refused(ctx, rokin) -> None:
    with pytest.raises(RuleViolation, match="2025年度（令和7年4月〜令和8年3月）にない項目"):
        save_results(
            ctx,
            rokin.partner_id,
            2025,
            period=SECOND_HALF,
            establishment_id=None,
            values={rokin.last_items["main"]: 10},
        )


def test_a_half_and_its_months_are_never_both_stored(ctx, rokin) -> None:
    main = rokin.items["main"]
    with pytest.raises(RuleViolation) as error:
        save_results(
            ctx,
            rokin.partner_id,
            2025,
            period=Period(3, 1),
            establishment_id=None,
            values={main: 10},
        )
    assert "上期（令和7年4月〜令和7年9月）は半期でまとめて入力済み" in error.value.message
    june = next(
        r for r in result_grid(ctx, rokin.partner_id, 2025, Period(3, 1)).rows if r.item_id == main
    )
    # June has no figure of its own (上期 was entered whole), this year or last.
    assert (june.total, june.last_year, june.note) == (None, None, "上期で入力済み")
    save_results(
        ctx, rokin.partner_id, 2025, period=Period(10, 1), establishment_id=None, values={main: 700}
    )
    with pytest.raises(RuleViolation, match="令和8年1月の実績が月ごとに入力済み"):
        save_results(
            ctx,
            rokin.partner_id,
            2025,
            period=SECOND_HALF,
            establishment_id=None,
            values={main: 9_000},
        )
    grid = result_grid(ctx, rokin.partner_id, 2025, SECOND_HALF)
    row = next(r for r in grid.rows if r.item_id == main)
    assert (row.amount, row.total, row.note) == (None, 700, "月ごとに入力済み")
    assert "月ごとに入力済み" in row.blocked
    # Removing the month frees the half again.
    save_results(
        ctx,
        rokin.partner_id,
        2025,
        period=Period(10, 1),
        establishment_id=None,
        values={main: None},
    )
    save_results(
        ctx, rokin.partner_id, 2025, period=SECOND_HALF, establishment_id=None, values={main: 9_000}
    )
    assert partner_report(ctx, rokin.partner_id, 2025, "year").line("main").result == 19_682


def test_items_with_figures_cannot_be_deleted_or_change_how_they_count(ctx, rokin) -> None:
    items = {i.code: i for i in list_items(ctx, rokin.partner_id, 2025)}
    main = items["main"]
    with pytest.raises(RuleViolation, match="削除できません"):
        delete_item(ctx, main.id)
    with pytest.raises(RuleViolation, match="集計方法は変えられません"):
        save_item(
            ctx,
            rokin.partner_id,
            2025,
            ItemInput(main.group, main.name, "件", "enrolments"),
            item_id=main.id,
        )
    with pytest.raises(ValidationError) as error:
        save_item(ctx, rokin.partner_id, 2025, ItemInput(main.group, main.name, "件"))
    assert error.value.field == "項目名"
    new = save_item(ctx, rokin.partner_id, 2025, ItemInput("運動項目", "学習会開催回数", "回"))
    assert new.code == "x001"
    delete_item(ctx, new.id)
    assert new.id not in {i.id for i in list_items(ctx, rokin.partner_id, 2025)}


def test_a_partner_keeps_its_year_once_figures_hang_on_it(ctx, rokin) -> None:
    partner = get_partner(ctx, rokin.partner_id)
    changed = PartnerInput("ろうきん", "東北労働金庫", 6, "half_up_1")
    with pytest.raises(RuleViolation, match="年度の始まりは変えられません"):
        save_partner(ctx, changed, partner_id=partner.id, version=partner.version)
    same_year = PartnerInput("ろうきん", "東北労働金庫", 4, "half_up_1")
    saved = save_partner(ctx, same_year, partner_id=partner.id, version=partner.version)
    assert saved.data.formal_name == "東北労働金庫"
    with pytest.raises(RuleViolation, match="ほかの端末で先に変更されました"):
        save_partner(ctx, same_year, partner_id=partner.id, version=partner.version)
    with pytest.raises(ValidationError, match="既にあります"):
        save_partner(ctx, PartnerInput("ろうきん"))
    with pytest.raises(ValidationError, match="既にあります"):
        add_partner_from_preset(ctx, "rokin", 2025)
