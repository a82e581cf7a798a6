"""Members' enrolments through the society, counted into the co-op insurer's results in its
own June–May year, per establishment of the member on the day."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.partners.periods import FIRST_HALF
from gojokai_desktop.services.members.membership import leave_member
from gojokai_desktop.services.partners.enrolments import (
    EnrolmentInput,
    add_enrolment,
    delete_enrolment,
    list_enrolments,
    products,
    update_enrolment,
)
from gojokai_desktop.services.partners.items import (
    ItemInput,
    add_partner_from_preset,
    list_items,
    save_item,
)
from gojokai_desktop.services.partners.report import partner_report
from gojokai_desktop.services.partners.results import result_grid, save_results
from gojokai_desktop.services.partners.targets import set_establishment_targets, set_targets
from tests.integration.partners.scenario import D


@dataclass(frozen=True)
class Coop:
    partner_id: int
    items: dict[str, int]
    hanako: int
    newcomer: int
    est: int


@pytest.fixture
def coop(ctx, benefit_society) -> Coop:
    partner = add_partner_from_preset(ctx, "kokumin_kyosai", 2025)
    items = {}
    for item in list_items(ctx, partner.id, 2025):
        if item.group != "住まいる共済":
            saved = save_item(
                ctx,
                partner.id,
                2025,
                ItemInput(item.group, item.name, item.unit, "enrolments"),
                item_id=item.id,
                version=item.version,
            )
            items[saved.code] = saved.id
        else:
            items[item.code] = item.id
    set_targets(ctx, partner.id, 2025, {items["kokumin"]: 4, items["mycar"]: 2})
    return Coop(
        partner.id,
        items,
        benefit_society.hanako,
        benefit_society.newcomer,
        benefit_society.establishment_id,
    )


def test_enrolments_count_in_the_partner_s_year(ctx, coop) -> None:
    assert [p.label for p in products(ctx, coop.partner_id, 2025)] == [
        "生命系共済／こくみん共済",
        "生命系共済／長期共済",
        "自動車総合補償／マイカー共済",
        "自動車総合補償／自賠責共済（新規）",
        "自動車総合補償／自賠責共済（継続）",
    ]
    kokumin, mycar = coop.items["kokumin"], coop.items["mycar"]
    add_enrolment(ctx, EnrolmentInput(coop.hanako, kokumin, D(2025, 6, 1)))
    add_enrolment(ctx, EnrolmentInput(coop.newcomer, kokumin, D(2025, 11, 30), 2))
    add_enrolment(ctx, EnrolmentInput(coop.hanako, kokumin, D(2025, 12, 1)))  # 下期
    add_enrolment(ctx, EnrolmentInput(coop.hanako, mycar, D(2026, 5, 31), note="車両入替"))
    report = partner_report(ctx, coop.partner_id, 2025, "H1")
    line = report.line("kokumin")
    assert (line.target, line.result, str(line.achievement), line.last_year) == (
        4,
        3,
        "75.0%",
        None,
    )
    assert partner_report(ctx, coop.partner_id, 2025, "year").line("kokumin").result == 4
    assert partner_report(ctx, coop.partner_id, 2025, "year").line("mycar").result == 1
    rows = list_enrolments(ctx, coop.partner_id, 2025)
    assert [(r.enrolled_on, r.member_name, r.quantity, r.establishment) for r in rows] == [
        (D(2026, 5, 31), "佐藤　花子", 1, "0001 福島商事"),
        (D(2025, 12, 1), "佐藤　花子", 1, "0001 福島商事"),
        (D(2025, 11, 30), "鈴木　新人", 2, "0001 福島商事"),
        (D(2025, 6, 1), "佐藤　花子", 1, "0001 福島商事"),
    ]
    grid = result_grid(ctx, coop.partner_id, 2025, FIRST_HALF)
    row = next(r for r in grid.rows if r.item_id == kokumin)
    assert (row.amount, row.total, row.note) == (None, 3, "会員の加入から集計")
    assert "会員の加入記録から数える項目" in row.blocked


def test_establishment_targets_of_counted_items(ctx, coop) -> None:
    kokumin = coop.items["kokumin"]
    set_establishment_targets(ctx, kokumin, {coop.est: 3})
    add_enrolment(ctx, EnrolmentInput(coop.hanako, kokumin, D(2025, 7, 1)))
    table = partner_report(ctx, coop.partner_id, 2025, "H1").establishment_table("kokumin")
    first = table.lines[0]
    assert (first.label, first.target, first.result, str(first.achievement)) == (
        "0001 福島商事",
        3,
        1,
        "33.3%",
    )


REFUSED = [
    ("hanako", "kokumin", D(2025, 5, 31), (1, "加入日", "2025年度（令和7年6月〜令和8年5月）の外")),
    ("hanako", "kokumin", D(2026, 6, 1), (1, "加入日", "の外です")),
    (
        "newcomer",
        "kokumin",
        D(2025, 10, 1),
        (1, "加入日", "鈴木　新人さんは令和7年10月1日には会員ではありません"),
    ),
    (
        "hanako",
        "fire",
        D(2025, 7, 1),
        (1, "商品（項目）", "会員の加入から数える項目ではありません"),
    ),
    ("hanako", "kokumin", D(2025, 7, 1), (0, "数量", "1以上")),
]


@pytest.mark.parametrize("case", REFUSED)
def test_refused_enrolments_name_the_field(ctx, coop, case) -> None:
    member, item, day, (quantity, field, message) = case
    # 鈴木 leaves at the end of September 2025 (退職).
    leave_member(ctx, coop.newcomer, D(2025, 9, 10), "retired")
    people = {"hanako": coop.hanako, "newcomer": coop.newcomer}
    with pytest.raises(ValidationError) as error:
        add_enrolment(ctx, EnrolmentInput(people[member], coop.items[item], day, quantity))
    assert error.value.field == field
    assert message in error.value.message
    assert list_enrolments(ctx, coop.partner_id, 2025) == []


def test_newcomer_joined_in_april_2025_counts_from_then(ctx, coop) -> None:
    # 鈴木 joined on 2025-04-01: a June enrolment is inside his membership.
    add_enrolment(ctx, EnrolmentInput(coop.newcomer, coop.items["long_term"], D(2025, 6, 2)))
    assert partner_report(ctx, coop.partner_id, 2025, "H1").line("long_term").result == 1


def test_corrected_and_deleted_enrolments(ctx, coop) -> None:
    kokumin, mycar = coop.items["kokumin"], coop.items["mycar"]
    add_enrolment(ctx, EnrolmentInput(coop.hanako, kokumin, D(2025, 8, 1)))
    row = list_enrolments(ctx, coop.partner_id, 2025)[0]
    update_enrolment(
        ctx, row.id, EnrolmentInput(coop.hanako, mycar, D(2025, 8, 2), 3), version=row.version
    )
    report = partner_report(ctx, coop.partner_id, 2025, "H1")
    assert (report.line("kokumin").result, report.line("mycar").result) == (0, 3)
    with pytest.raises(RuleViolation, match="ほかの端末で先に変更されました"):
        delete_enrolment(ctx, row.id, version=row.version)
    delete_enrolment(ctx, row.id)
    assert list_enrolments(ctx, coop.partner_id, 2025) == []


def test_typed_results_are_refused_for_counted_items(ctx, coop) -> None:
    with pytest.raises(RuleViolation, match="会員の加入記録から数える項目です"):
        save_results(
            ctx,
            coop.partner_id,
            2025,
            period=FIRST_HALF,
            establishment_id=None,
            values={coop.items["kokumin"]: 5},
        )
