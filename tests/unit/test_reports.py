"""The small wording rules of the annual reports: agenda numbers, 〃, meeting titles."""

from __future__ import annotations

from gojokai_desktop.domain.reports import (
    AccountInventory,
    InventoryLine,
    agenda_numbers,
    ditto_roles,
    meeting_title,
)


def test_agenda_numbers_count_each_kind_from_one() -> None:
    assert agenda_numbers(["report", "report", "proposal", "report", "proposal"]) == [
        "報告第1号", "報告第2号", "議案第1号", "報告第3号", "議案第2号",
    ]  # fmt: skip
    assert agenda_numbers([]) == []


def test_a_role_repeated_below_itself_prints_ditto() -> None:
    roles = ["会長", "副会長", "副会長", "会計", "幹事", "幹事", "幹事", "監事", "監事"]
    assert ditto_roles(roles) == ["会長", "副会長", "〃", "会計", "幹事", "〃", "〃", "監事", "〃"]
    assert ditto_roles(["幹事", "監事", "幹事"]) == ["幹事", "監事", "幹事"]
    assert ditto_roles(["", ""]) == ["", ""]


def test_meeting_titles() -> None:
    assert meeting_title("general", 39) == "第39回通常総会"
    assert meeting_title("board", 120) == "第120回幹事会"
    assert meeting_title("extraordinary", 2) == "第2回臨時総会"
    assert meeting_title("audit", 7) == "会計監査"


def test_inventory_agrees_only_when_the_books_and_the_next_year_do() -> None:
    lines = (InventoryLine("現金", 22_000), InventoryLine("預金", 575_000))
    assert AccountInventory("一般会計", lines, 597_000, 597_000).agrees
    assert AccountInventory("一般会計", lines, 597_000, None).agrees
    off = AccountInventory("一般会計", lines, 596_000, 597_000)
    assert (off.settlement_difference, off.carry_difference, off.agrees) == (1_000, 0, False)
